#!/usr/bin/env python3
"""The per-case audit of `redress audit policies/canterbury.policy CASES --cases-out OUT`,
written the way an analyst would in DuckDB SQL, as the peer for benches/compare.sh.

    audit_duckdb.py CASES.csv OUT.csv [--threads N]      the audit (what compare.sh times)
    audit_duckdb.py --check EXPECTED.csv ACTUAL.csv      two per-case files equal, sorted by id?

The audit is one SQL script run by the `duckdb` package (compare.sh installs a pinned version
into target/bench-venv): a calendar table of working days, a join per deadline, and
`COPY ... TO` the per-case CSV. `--threads N` is `SET threads = N`.

One policy only, hard-coded: Canterbury City Council (policies/canterbury.policy), tracks
`general` and `housing` with the same timescales:
  stage 1: acknowledge within 5 working days of receipt; respond within 10 working days of the
           acknowledgement (the actual one, else its deadline), plus the row's extension in
           working days counted from that deadline;
  stage 2: acknowledge within 5 working days of the escalation request (`s2_requested`);
           respond within 20 working days of the acknowledgement, plus the extension.
  Working days: Monday to Friday less the England and Wales bank holidays
  (data/bank-holidays/england-and-wales.csv), over 2018-01-01 to 2030-12-31, the years redress
  has holidays for. Office hours 09:00 to 17:00 (`hours 09:00 to 17:00`, `out-of-hours
  next-working-day`): a receipt or escalation request at or after 17:00, or on a non-working
  day, counts from the next working day; a bare date is noon, so in hours.

The calendar table gives each day `upto`, the number of working days on or before it, and each
working day its rank (the `upto` of a working day). "N working days after X" is then the working
day ranked `upto(X) + N` whether or not X is a working day (redress's convention 4, see
src/calendar/mod.rs), and an extension of E days from a deadline ranked R is the day ranked
R + E, so a response deadline is a single join: rank `upto(base) + 10 + E`.

A row is rejected, and written nowhere, as `redress audit` rejects it: no id; a track other than
the two (compared ignoring case and surrounding spaces); no receipt date; a date that does not
parse; an extension that is not 1 to 6 digits; a stage's response, acknowledgement or escalation
request dated before the receipt; a started stage whose dates or deadlines fall outside the
calendar (a join that finds no day). Of several accepted rows with one id, the first in the file
is kept (src/audit/duplicates.rs); the later ones are rejected.

Not reproduced, as `gen-cases` never writes them: UK dates (DD/MM/YYYY), times written H:MM,
dates padded with spaces (redress trims them), rows with fewer or more fields than the header
(redress reads missing trailing fields as empty), Windows-1252 text. A date is DuckDB's own
cast to a timestamp of a value 10, 16 or 19 characters long (`YYYY-MM-DD`, with `HH:MM` or
`HH:MM:SS` after a `T` or a space), laxer than redress on odd values of those lengths
(`2026-1-5 10:00:0` is read; redress refuses it).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HOLIDAYS = os.path.join(HERE, "..", "data", "bank-holidays", "england-and-wales.csv")

COLUMNS = (
    "id track received s1_acknowledged s1_extension_wd s1_responded "
    "s2_requested s2_acknowledged s2_extension_wd s2_responded"
).split()

# `?` stands for a quoted path; every statement runs in one connection.
CALENDAR = """
CREATE TEMP TABLE holiday AS
    SELECT date FROM read_csv(?, header = true, columns = {'date': 'DATE', 'title': 'VARCHAR'});
-- every day redress has holidays for, with the working days on or before it
CREATE TEMP TABLE cal AS
    SELECT d, working, sum(working::INTEGER) OVER (ORDER BY d) AS upto
    FROM (
        SELECT r.range::DATE AS d,
               isodow(r.range) <= 5 AND h.date IS NULL AS working
        FROM range(DATE '2018-01-01', DATE '2031-01-01', INTERVAL 1 DAY) r
        LEFT JOIN holiday h ON h.date = r.range::DATE
    );
-- the working days by rank: "N working days after X" is rank upto(X) + N
CREATE TEMP TABLE wd AS SELECT upto AS rank, d FROM cal WHERE working;
"""

# The export is loaded into a table first, as an analyst would (and must: over `read_csv`
# directly the optimiser, with no row count for the file, builds its hash tables on the export
# instead of the calendar, and runs nearly three times slower in 2.5 GB). `line` is the file order, which the
# scan keeps (`preserve_insertion_order` is on by default).
LOAD = """
CREATE TEMP TABLE raw AS
    SELECT row_number() OVER () AS line, *
    FROM read_csv(?, header = true, auto_detect = false, delim = ',', quote = '"',
                  escape = '"', columns = {COLUMNS});
"""

AUDIT = """
COPY (
WITH parsed AS (
    SELECT line,
        trim(id) AS id,
        lower(trim(track)) AS track,
        {DATES},
        {EXTENSIONS}
    FROM raw
),
dated AS (
    SELECT *, {DAYS} FROM parsed
),
-- the day each stage counts from, as a working-day rank: the day itself in office hours on a
-- working day, else the next working day
started AS (
    SELECT p.*,
        CASE WHEN c1.working AND hour(p.received_ts) < 17 THEN c1.upto ELSE c1.upto + 1 END
            AS s1_start,
        CASE WHEN p.s2_requested_ts IS NULL THEN NULL
             WHEN c2.working AND hour(p.s2_requested_ts) < 17 THEN c2.upto
             ELSE c2.upto + 1 END AS s2_start
    FROM dated p
    LEFT JOIN cal c1 ON c1.d = p.received_ts::DATE
    LEFT JOIN cal c2 ON c2.d = p.s2_requested_ts::DATE
),
acks AS (
    SELECT s.*, a1.d AS s1_ack_due, a2.d AS s2_ack_due
    FROM started s
    LEFT JOIN wd a1 ON a1.rank = s.s1_start + 5
    LEFT JOIN wd a2 ON a2.rank = s.s2_start + 5
),
-- the response counts from the acknowledgement, else its deadline (ranked start + 5); a
-- stage 2 that was never asked for has no deadlines, whatever its other cells say
responses AS (
    SELECT a.*, r1.d AS s1_resp_due, r2.d AS s2_resp_due
    FROM acks a
    LEFT JOIN cal b1 ON b1.d = a.s1_acknowledged
    LEFT JOIN cal b2 ON b2.d = a.s2_acknowledged
    LEFT JOIN wd r1 ON r1.rank = CASE WHEN a.s1_acknowledged IS NULL THEN a.s1_start + 5
                                      ELSE b1.upto END + 10 + a.s1_ext
    LEFT JOIN wd r2 ON r2.rank = CASE WHEN a.s2_start IS NULL THEN NULL
                                      WHEN a.s2_acknowledged IS NULL THEN a.s2_start + 5
                                      ELSE b2.upto END + 20 + a.s2_ext
),
judged AS (
    -- a comparison with an empty cell is NULL: no reason to reject
    SELECT *, coalesce(
        id IS NULL OR id = ''
        OR track IS NULL OR track NOT IN ('general', 'housing')
        OR received_ts IS NULL
        OR s1_ext IS NULL OR s2_ext IS NULL
        OR {UNPARSEABLE}
        OR {BEFORE_RECEIPT}
        -- a started stage with a day outside the calendar
        OR s1_ack_due IS NULL OR s1_resp_due IS NULL OR s1_responded > DATE '2030-12-31'
        OR (s2_requested_ts IS NOT NULL
            AND (s2_ack_due IS NULL OR s2_resp_due IS NULL OR s2_responded > DATE '2030-12-31')),
        false) AS rejected
    FROM responses
)
SELECT id, track,
    s1_ack_due, s1_acknowledged <= s1_ack_due AS s1_ack_on_time,
    s1_resp_due, s1_responded <= s1_resp_due AS s1_resp_on_time,
    s2_ack_due, s2_acknowledged <= s2_ack_due AS s2_ack_on_time,
    s2_resp_due, s2_responded <= s2_resp_due AS s2_resp_on_time
FROM judged
WHERE NOT rejected
-- one id, one case: the first accepted row in the file
QUALIFY row_number() OVER (PARTITION BY id ORDER BY line) = 1
) TO ? (HEADER, DELIMITER ',');
"""

DATE_COLUMNS = ("received", "s1_acknowledged", "s1_responded",
                "s2_requested", "s2_acknowledged", "s2_responded")
# the ones kept as a date and time (office hours)
TIMED = ("received", "s2_requested")


def sql():
    """The load and the audit, their repeated parts written out for each column."""
    def ts(c):
        return f"CASE WHEN length({c}) IN (10, 16, 19) THEN try_cast({c} AS TIMESTAMP) END"
    dates = [f"{c} AS {c}_text, {ts(c)} AS {c}_ts" for c in DATE_COLUMNS]
    days = ", ".join(f"{c}_ts::DATE AS {c}" for c in DATE_COLUMNS if c not in TIMED)
    exts = [f"CASE WHEN s{k}_extension_wd IS NULL THEN 0 "
            f"WHEN regexp_full_match(s{k}_extension_wd, '[0-9]{{1,6}}') "
            f"THEN s{k}_extension_wd::INTEGER END AS s{k}_ext" for k in (1, 2)]
    unparseable = " OR ".join(f"({c}_text IS NOT NULL AND {c}_ts IS NULL)" for c in DATE_COLUMNS)
    before = " OR ".join(
        f"{c}_ts::DATE < received_ts::DATE" if c in TIMED else f"{c} < received_ts::DATE"
        for c in DATE_COLUMNS if c != "received")
    columns = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in COLUMNS) + "}"
    judge = (AUDIT.replace("{DATES}", ",\n        ".join(dates))
             .replace("{EXTENSIONS}", ",\n        ".join(exts))
             .replace("{DAYS}", days)
             .replace("{UNPARSEABLE}", f"({unparseable})")
             .replace("{BEFORE_RECEIPT}", f"({before})"))
    return LOAD.replace("{COLUMNS}", columns), judge


def audit(cases, out, threads):
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    for stmt in CALENDAR.split(";"):
        if stmt.strip():
            con.execute(stmt, [HOLIDAYS] if "?" in stmt else [])
    load, judge = sql()
    con.execute(load, [cases])
    con.execute(judge, [out])


def check(expected, actual):
    """Two per-case files, each sorted by id (the header first), must be equal byte for byte;
    else the first differing rows go to standard error. Exit status 0 or 1."""
    def rows(path):
        with open(path, "rb") as f:
            header, *body = f.read().split(b"\n")
        if body and body[-1] == b"":
            body.pop()
        body.sort(key=lambda line: line.split(b",", 1)[0])
        return [header] + body

    a, b = rows(expected), rows(actual)
    na, nb = os.path.basename(expected), os.path.basename(actual)
    if a == b:
        print(f"per-case CSV: {na} and {nb} identical ({len(a) - 1} cases)")
        return 0
    print(f"per-case CSV: {na} and {nb} DIFFER: {len(a) - 1} cases against {len(b) - 1}; "
          "first differing rows, sorted by id:", file=sys.stderr)
    shown = 0
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            print(f"  row {i}:\n    {na}: {x.decode()}\n    {nb}: {y.decode()}", file=sys.stderr)
            shown += 1
            if shown == 10:
                break
    if shown == 0:
        longer, name = (a, na) if len(a) > len(b) else (b, nb)
        print(f"  only in {name}: {longer[min(len(a), len(b))].decode()}", file=sys.stderr)
    return 1


def main(argv):
    if len(argv) == 3 and argv[0] == "--check":
        return check(argv[1], argv[2])
    threads = 0
    if len(argv) == 4 and argv[2] == "--threads":
        threads = argv[3]
        argv = argv[:2]
    if len(argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    audit(argv[0], argv[1], threads)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
