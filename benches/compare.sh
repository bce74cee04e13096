#!/usr/bin/env bash
# redress audit against the peers an analyst would pick (DuckDB SQL, pandas and numpy), in the
# same run, on the same file, after checking that every program wrote the same per-case verdicts.
#
#   benches/compare.sh [ROWS] [SEED]      (defaults: 1000000 rows, seed 1; about 3 minutes on
#                                          a quiet 2-core machine once built and installed, 5
#                                          when other programs share it)
#
# 1. Installs the peers, pinned, into a venv under target/ (never needed by `cargo test`), and
#    builds the release binary.
# 2. Generates ROWS Canterbury cases (`redress gen-cases ... --seed SEED`) and the same cases as a
#    case system exports them (fixtures/audit/rewrite-export.py: mapped headers, UK dates
#    DD/MM/YYYY HH:MM, every field quoted, CRLF), and reads both once to warm the page cache.
# 3. Checks, before any timing, that the per-case CSVs are equal: first the three programs on
#    benches/peer_edges.csv (the rules at their edges); then, on the generated file, redress at
#    --threads 1 and 2 (byte for byte, in file order), DuckDB and pandas against redress (sorted
#    by id, byte for byte), and the mapped file against the plain one (byte for byte). Exit
#    status 1 if any differ, with the first differing rows.
# 4. Times each program as the best of 3 rounds by wall clock for the whole process (start-up,
#    reading, judging, writing), with that run's CPU time (user + system, which other programs
#    on the machine disturb less than the wall clock); each round runs every program in turn:
#    redress with --cases-out at --threads 1 and 2, without it at 1 and 2, and on the mapped
#    file; DuckDB at `SET threads = 1` and 2; pandas (one thread, as numpy is).
# 5. Peak memory (max RSS, /usr/bin/time -f %M) of redress --cases-out at ROWS and 4 x ROWS.
# 6. Prints the figures and a Markdown table for docs/performance.md.
set -euo pipefail

ROWS=${1:-1000000}
SEED=${2:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
POLICY=policies/canterbury.policy
RUNS=3

# The peers, pinned so that a re-run measures the same programs.
DUCKDB_VERSION=2.0.0
PANDAS_VERSION=3.1.1
NUMPY_VERSION=2.4.6
VENV=$ROOT/target/bench-venv
PY=$VENV/bin/python
want="$DUCKDB_VERSION $PANDAS_VERSION $NUMPY_VERSION"
have=$("$PY" -c 'import duckdb, pandas, numpy; print(duckdb.__version__, pandas.__version__, numpy.__version__)' 2>/dev/null || true)
if [ "$have" != "$want" ]; then
  echo "installing duckdb $DUCKDB_VERSION, pandas $PANDAS_VERSION, numpy $NUMPY_VERSION into $VENV" >&2
  [ -x "$PY" ] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "duckdb==$DUCKDB_VERSION" "pandas==$PANDAS_VERSION" "numpy==$NUMPY_VERSION"
fi

cargo build --release --quiet
BIN=$ROOT/target/release/redress

CASES=$WORK/cases.csv
MAPPED=$WORK/mapped.csv
"$BIN" gen-cases "$POLICY" --rows "$ROWS" --seed "$SEED" --out "$CASES"
python3 fixtures/audit/rewrite-export.py "$CASES" "$MAPPED" "$WORK/columns.toml"
echo "cases: $ROWS rows (seed $SEED), $(du -h "$CASES" | cut -f1) plain, $(du -h "$MAPPED" | cut -f1) mapped, in $WORK"
cat "$CASES" "$MAPPED" >/dev/null

redress() { "$BIN" audit "$POLICY" "$@" --format json >"$WORK/report.json"; }
duck() { "$PY" benches/audit_duckdb.py "$CASES" "$WORK/duckdb.csv" --threads "$1"; }
pandas() { "$PY" benches/audit_pandas.py "$CASES" "$WORK/pandas.csv" 2>"$WORK/pandas.err"; }

# --- the outputs, checked before anything is timed -------------------------------------------
status=0
same() { # same FILE_A FILE_B: byte for byte, in order
  if cmp -s "$1" "$2"; then
    echo "per-case CSV: $(basename "$1") and $(basename "$2") identical"
  else
    echo "per-case CSV: $(basename "$1") and $(basename "$2") DIFFER; first differences:" >&2
    diff "$1" "$2" | head -n 20 >&2 || true
    status=1
  fi
}
# First the edges that gen-cases rarely or never writes (benches/peer_edges.csv): receipts at
# 16:59 and 17:00 before Christmas, before opening, on Good Friday and weekends; the calendar's
# first and last days; extensions bad, too long and at six digits; tracks in capitals or with
# spaces; stage 2 cells without a request; duplicate ids after a rejected first row.
EDGES=benches/peer_edges.csv
"$BIN" audit "$POLICY" "$EDGES" --cases-out "$WORK/edges-redress.csv" --format json >/dev/null
"$PY" benches/audit_duckdb.py "$EDGES" "$WORK/edges-duckdb.csv"
"$PY" benches/audit_pandas.py "$EDGES" "$WORK/edges-pandas.csv" 2>/dev/null
"$PY" benches/audit_duckdb.py --check "$WORK/edges-redress.csv" "$WORK/edges-duckdb.csv" || status=1
"$PY" benches/audit_duckdb.py --check "$WORK/edges-redress.csv" "$WORK/edges-pandas.csv" || status=1
redress "$CASES" --cases-out "$WORK/redress.csv" --threads 2
redress "$CASES" --cases-out "$WORK/redress-1.csv" --threads 1
same "$WORK/redress.csv" "$WORK/redress-1.csv"
redress "$MAPPED" --columns "$WORK/columns.toml" --cases-out "$WORK/mapped-out.csv" --threads 2
same "$WORK/redress.csv" "$WORK/mapped-out.csv"
duck 2
"$PY" benches/audit_duckdb.py --check "$WORK/redress.csv" "$WORK/duckdb.csv" || status=1
pandas
"$PY" benches/audit_duckdb.py --check "$WORK/redress.csv" "$WORK/pandas.csv" || status=1
if [ "$status" != 0 ]; then
  echo "the outputs differ: nothing timed" >&2
  exit 1
fi

load_before=$(cut -d' ' -f1 /proc/loadavg)

# --- timing: best of $RUNS rounds by wall clock (and that run's CPU time, user + system) ----
# Each round runs every program once, in turn, so that a program's figures and its peer's see
# the same load when the machine is shared.
run() { # run NAME: one timed program
  case $1 in
    r1) redress "$CASES" --cases-out "$WORK/redress.csv" --threads 1 ;;
    r2) redress "$CASES" --cases-out "$WORK/redress.csv" --threads 2 ;;
    n1) redress "$CASES" --threads 1 ;;
    n2) redress "$CASES" --threads 2 ;;
    m2) redress "$MAPPED" --columns "$WORK/columns.toml" --cases-out "$WORK/mapped-out.csv" --threads 2 ;;
    d1) duck 1 ;;
    d2) duck 2 ;;
    pd) pandas ;;
  esac
}
declare -A WALL CPU
NAMES="r1 r2 n1 n2 m2 d1 d2 pd"
for _ in $(seq "$RUNS"); do
  for n in $NAMES; do
    line=$( { TIMEFORMAT='%3R %3U %3S'; time run "$n" >/dev/null 2>>"$WORK/stderr.txt"; } 2>&1 )
    read -r real user sys <<<"$line"
    if [ -z "${WALL[$n]:-}" ] || [ "$(echo "$real < ${WALL[$n]}" | bc -l)" = 1 ]; then
      WALL[$n]=$(printf '%.3f' "$real")
      CPU[$n]=$(printf '%.2f' "$(echo "$user + $sys" | bc -l)")
    fi
  done
done
r1=${WALL[r1]} r2=${WALL[r2]} n1=${WALL[n1]} n2=${WALL[n2]} m2=${WALL[m2]}
d1=${WALL[d1]} d2=${WALL[d2]} pd=${WALL[pd]}
r1c=${CPU[r1]} r2c=${CPU[r2]} n1c=${CPU[n1]} n2c=${CPU[n2]} m2c=${CPU[m2]}
d1c=${CPU[d1]} d2c=${CPU[d2]} pdc=${CPU[pd]}

# --- memory: max RSS at ROWS and 4 x ROWS ----------------------------------------------------
rss() { # rss CASES: redress --cases-out's max RSS in kB
  /usr/bin/time -f %M -o "$WORK/rss" "$BIN" audit "$POLICY" "$1" --cases-out "$WORK/rss.csv" --format json >/dev/null
  cat "$WORK/rss"
}
ROWS4=$((ROWS * 4))
"$BIN" gen-cases "$POLICY" --rows "$ROWS4" --seed "$SEED" --out "$WORK/cases4.csv"
cat "$WORK/cases4.csv" >/dev/null
k1=$(rss "$CASES")
k4=$(rss "$WORK/cases4.csv")
rm -f "$WORK/cases4.csv" "$WORK/rss.csv"

# --- report ----------------------------------------------------------------------------------
x() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }
met() { [ "$(echo "$1" | bc -l)" = 1 ] && echo yes || echo no; }
mb() { printf '%.0f MB' "$(echo "$1 / 1024" | bc -l)"; }
per_case=$(printf '%.0f' "$(echo "($k4 - $k1) * 1024 / ($ROWS4 - $ROWS)" | bc -l)")
thousands() { echo "$1" | sed -e ':a' -e 's/\B[0-9]\{3\}\>/,&/' -e 'ta'; }
rows_fmt=$(thousands "$ROWS")
rows4_fmt=$(thousands "$ROWS4")

cat <<EOF

machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(rustc --version | cut -d' ' -f1-2), Python $("$PY" -c 'import platform; print(platform.python_version())'); $(date -u +%F); load average $load_before before timing, $(cut -d' ' -f1 /proc/loadavg) after

$rows_fmt rows, seed $SEED, best of $RUNS rounds by wall clock, with that run's CPU time (user + system); outputs checked equal first

| run | wall | CPU |
|---|---|---|
| \`redress audit --cases-out\`, \`--threads 1\` | $r1 s | $r1c s |
| \`redress audit --cases-out\`, \`--threads 2\` | $r2 s | $r2c s |
| \`redress audit\` (report only), \`--threads 1\` | $n1 s | $n1c s |
| \`redress audit\` (report only), \`--threads 2\` | $n2 s | $n2c s |
| \`redress audit --cases-out\`, mapped, UK dates, every field quoted, CRLF, \`--threads 2\` | $m2 s | $m2c s |
| DuckDB $DUCKDB_VERSION, \`SET threads = 1\` | $d1 s | $d1c s |
| DuckDB $DUCKDB_VERSION, \`SET threads = 2\` | $d2 s | $d2c s |
| pandas $PANDAS_VERSION + numpy $NUMPY_VERSION (one thread) | $pd s | $pdc s |

| target | measured | met |
|---|---|---|
| \`--cases-out\` at least 5x faster than DuckDB, two threads each | $(x "$d2" "$r2")x ($r2 s against $d2 s) | $(met "$d2 / $r2 >= 5") |
| the same, one thread each | $(x "$d1" "$r1")x ($r1 s against $d1 s) | $(met "$d1 / $r1 >= 5") |
| two cores at least 1.8x one core, \`--cases-out\` | $(x "$r1" "$r2")x | $(met "$r1 / $r2 >= 1.8") |
| two cores at least 1.8x one core, report only | $(x "$n1" "$n2")x | $(met "$n1 / $n2 >= 1.8") |
| mapped, UK dates, all quoted within 1.5x of plain | $(x "$m2" "$r2")x | $(met "$m2 / $r2 <= 1.5") |
| memory flat in the row count (at most 64 bytes per case, the duplicate-id index) | $(mb "$k1") at $rows_fmt rows, $(mb "$k4") at $rows4_fmt: $per_case bytes per added case | $(met "$per_case <= 64") |

pandas against redress, one thread each: $(x "$pd" "$r1")x
EOF
if [ "$(echo "$load_before > 1.5" | bc -l)" = 1 ]; then
  echo "note: other programs were running (load average $load_before on $(nproc) cores): the wall" \
    "clock figures, and the two-core one most, are slower than on a quiet machine" >&2
fi
