#!/usr/bin/env bash
# redress audit against the same audit in pandas and numpy, in the same run, on the same file.
#
#   benches/compare.sh [ROWS] [SEED]      (defaults: 1000000 rows, seed 1)
#
# Builds the release binary, generates ROWS synthetic Canterbury cases with `redress gen-cases`,
# times `redress audit policies/canterbury.policy cases.csv --cases-out rust.csv` and
# `python3 benches/audit_pandas.py cases.csv pandas.csv` (wall clock, end to end: process start,
# reading the CSV, writing the per-case CSV), checks that both per-case files are identical once
# sorted by id, and prints both times and the ratio. Exit status 1 if the outputs differ.
set -euo pipefail

ROWS=${1:-1000000}
SEED=${2:-1}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
POLICY=policies/canterbury.policy

python3 -c 'import pandas, numpy' 2>/dev/null || {
  echo "installing pandas and numpy with pip" >&2
  python3 -m pip install --quiet pandas numpy 2>/dev/null ||
    python3 -m pip install --quiet --break-system-packages pandas numpy
}

cargo build --release --quiet
BIN=$ROOT/target/release/redress

"$BIN" gen-cases "$POLICY" --rows "$ROWS" --seed "$SEED" --out "$WORK/cases.csv"
echo "cases: $ROWS rows (seed $SEED), $(du -h "$WORK/cases.csv" | cut -f1), in $WORK"

now() { date +%s.%N; }

# Warm the page cache so that neither run pays for the first read of the file.
cat "$WORK/cases.csv" >/dev/null

t0=$(now)
"$BIN" audit "$POLICY" "$WORK/cases.csv" --cases-out "$WORK/rust.csv" --format json >"$WORK/report.json"
t1=$(now)
python3 benches/audit_pandas.py "$WORK/cases.csv" "$WORK/pandas.csv"
t2=$(now)

rust=$(echo "$t1 - $t0" | bc -l)
pandas=$(echo "$t2 - $t1" | bc -l)

# Same rows and the same verdicts, whatever order each wrote them in.
sorted() { { head -n 1 "$1"; tail -n +2 "$1" | LC_ALL=C sort -t, -k1,1; } >"$2"; }
sorted "$WORK/rust.csv" "$WORK/rust.sorted.csv"
sorted "$WORK/pandas.csv" "$WORK/pandas.sorted.csv"
if cmp -s "$WORK/rust.sorted.csv" "$WORK/pandas.sorted.csv"; then
  match="identical ($(($(wc -l <"$WORK/rust.csv") - 1)) cases)"
  status=0
else
  match="DIFFERENT"
  status=1
  echo "first differences (< redress, > pandas):"
  diff "$WORK/rust.sorted.csv" "$WORK/pandas.sorted.csv" | head -n 20 || true
fi

printf 'rows:          %s\n' "$ROWS"
printf 'redress audit: %.3f s\n' "$rust"
printf 'pandas:        %.3f s\n' "$pandas"
printf 'ratio:         %.1fx\n' "$(echo "$pandas / $rust" | bc -l)"
printf 'per-case CSV:  %s\n' "$match"
exit $status
