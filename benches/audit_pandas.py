#!/usr/bin/env python3
"""The per-case audit of `redress audit policies/canterbury.policy CASES --cases-out OUT`,
written the way a competent analyst would in pandas and numpy, for benches/compare.sh.

    python3 benches/audit_pandas.py CASES.csv OUT.csv

One policy only, hard-coded: Canterbury City Council (policies/canterbury.policy), tracks
`general` and `housing` with the same timescales:
  stage 1: acknowledge within 5 working days of receipt; respond within 10 working days of the
           acknowledgement (the actual one, else its deadline), plus the row's extension
           working days counted from that deadline;
  stage 2: acknowledge within 5 working days of the escalation request; respond within 20
           working days of the acknowledgement, plus the extension.
Calendar (docs/simulation.md): Monday to Friday less England and Wales bank holidays (read from
data/bank-holidays/england-and-wales.csv); office hours 09:00 to 17:00; a receipt or escalation
request at or after 17:00 or on a non-working day counts from the next working day, one before
09:00 on a working day counts that day; a bare date is noon. "N working days of X": X is day 0
and the deadline is the N-th working day after it; if X is not a working day the next working
day is day 1. numpy's `busday_offset(X, N, roll="backward")` is exactly that for N >= 1 (rolling
back to the last working day on or before X, then counting N working days on).

Rejected rows (missing id, unknown track, unparseable date or extension, a stage's response,
acknowledgement or escalation request dated before the receipt, a date or deadline outside
the calendar's 2018-2030) get no output row, as in `redress audit --cases-out`; their count goes
to standard error. Of several accepted rows with one id only the first is written, as redress
keeps it (src/audit/duplicates.rs). Dates and extensions are parsed as fixed-width code-point matrices (numpy,
no per-value Python). Not reproduced, as `gen-cases` never writes them: rows whose field count
differs from the header's (pandas' reader pads or refuses them), and fields padded with spaces
(redress trims them; this script rejects a padded date, and trims only ids and tracks).
"""

import os
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
HOLIDAYS = os.path.join(HERE, "..", "data", "bank-holidays", "england-and-wales.csv")
TRACKS = ("general", "housing")
ACK_WD = (5, 5)
RESP_WD = (10, 20)
OPEN_MIN, CLOSE_MIN = 9 * 60, 17 * 60
FIRST, LAST = np.datetime64("2018-01-01"), np.datetime64("2030-12-31")
PLACEHOLDER = np.datetime64("2020-01-01")  # stands in for NaT inside busday_offset


def chars(col, width):
    """The column as an (n, width) matrix of code points (0 past the end of a value), and
    whether each value fits in `width`: fixed-width numpy, no per-value Python."""
    a = np.asarray(col.to_numpy(dtype=object), dtype=f"U{width + 1}")
    m = a.view(np.uint32).reshape(len(a), width + 1)
    return m[:, :width], m[:, width] == 0


def number(m, cols):
    """The decimal number in the given columns of a code-point matrix (digits assumed)."""
    v = np.zeros(m.shape[0], dtype=np.int64)
    for c in cols:
        v = v * 10 + (m[:, c].astype(np.int64) - 48)
    return v


def parse_dates(col):
    """(day as datetime64[D] with NaT, minutes past midnight, empty mask, bad mask) for
    `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` (or a space, and optionally `:SS`)."""
    m, fits = chars(col, 19)
    n = (m != 0).sum(axis=1)
    empty = n == 0
    digit = (m - 48) <= 9  # unsigned: anything below '0' wraps round
    ch = lambda c, b: m[:, c] == ord(b)  # noqa: E731
    date_ok = digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & ch(4, "-") & ch(7, "-")
    y, mo, dd = number(m, (0, 1, 2, 3)), number(m, (5, 6)), number(m, (8, 9))
    mo_ok = (mo >= 1) & (mo <= 12)
    month = ((y - 1970) * 12 + np.where(mo_ok, mo, 1) - 1).astype("datetime64[M]")
    first = month.astype("datetime64[D]")
    month_len = ((month + 1).astype("datetime64[D]") - first).astype(np.int64)
    date_ok &= mo_ok & (dd >= 1) & (dd <= month_len)
    timed = (n == 16) | (n == 19)
    hh, mm, ss = number(m, (11, 12)), number(m, (14, 15)), number(m, (17, 18))
    time_ok = (
        (ch(10, "T") | ch(10, " "))
        & ch(13, ":")
        & digit[:, [11, 12, 14, 15]].all(axis=1)
        & (hh <= 23)
        & (mm <= 59)
        & ((n == 16) | (ch(16, ":") & digit[:, 17] & digit[:, 18] & (ss <= 59)))
    )
    ok = fits & date_ok & ((n == 10) | (timed & time_ok))
    bad = ~empty & ~ok
    day = np.where(ok, first + (dd - 1), np.datetime64("NaT"))
    minutes = np.where(timed, hh * 60 + mm, 12 * 60)
    return day, minutes, empty, bad


def extension(col):
    """(working days, bad mask): empty is 0; up to six digits."""
    m, fits = chars(col, 6)
    present = m != 0
    digit = (m - 48) <= 9
    ok = fits & (digit | ~present).all(axis=1)
    v = np.zeros(m.shape[0], dtype=np.int64)
    for c in range(6):
        v = np.where(present[:, c], v * 10 + (m[:, c].astype(np.int64) - 48), v)
    return np.where(ok, v, 0), ~ok


def main(cases_path, out_path):
    hol = pd.read_csv(HOLIDAYS)["date"].to_numpy(dtype="datetime64[D]")
    cal = np.busdaycalendar(weekmask="1111100", holidays=hol)

    def add_wd(day, n):
        """Convention 4 (n >= 1), NaT in, NaT out."""
        nat = np.isnat(day)
        res = np.busday_offset(np.where(nat, PLACEHOLDER, day), n, roll="backward", busdaycal=cal)
        return np.where(nat, np.datetime64("NaT"), res)

    def effective(day, minutes):
        """Out of hours or a non-working day: the next working day."""
        nat = np.isnat(day)
        d = np.where(nat, PLACEHOLDER, day)
        in_hours = np.is_busday(d, busdaycal=cal) & (minutes < CLOSE_MIN)
        nxt = np.busday_offset(d, 1, roll="backward", busdaycal=cal)
        return np.where(nat, np.datetime64("NaT"), np.where(in_hours, d, nxt))

    df = pd.read_csv(cases_path, dtype=str, keep_default_na=False, na_filter=False)
    rows = len(df)
    # ids trimmed, tracks trimmed and in any case, as redress reads them
    ids, track = df["id"].str.strip(), df["track"].str.strip().str.lower()
    bad = (ids == "").to_numpy() | ~track.isin(TRACKS).to_numpy()

    received, rec_min, rec_empty, rec_bad = parse_dates(df["received"])
    bad |= rec_bad | rec_empty
    out_of_range = lambda d: ~np.isnat(d) & ((d < FIRST) | (d > LAST))  # noqa: E731
    bad |= out_of_range(received)

    stage_in = []
    for k in (1, 2):
        req = req_min = None
        if k > 1:
            req, req_min, _, b = parse_dates(df[f"s{k}_requested"])
            bad |= b
        ack, _, _, b = parse_dates(df[f"s{k}_acknowledged"])
        bad |= b
        resp, _, _, b = parse_dates(df[f"s{k}_responded"])
        bad |= b
        ext, b = extension(df[f"s{k}_extension_wd"])
        bad |= b
        for d in (resp, ack, req):
            if d is not None:
                bad |= ~np.isnat(d) & ~np.isnat(received) & (d < received)
        stage_in.append((req, req_min, ack, resp, ext))

    out = pd.DataFrame({"id": ids, "track": track})
    eff_received = effective(received, rec_min)
    for k, (req, req_min, ack, resp, ext) in enumerate(stage_in, start=1):
        if k == 1:
            start = eff_received
        else:
            start = effective(req, req_min)
        started = ~np.isnat(start)
        ack_due = add_wd(start, ACK_WD[k - 1])
        base = np.where(np.isnat(ack), ack_due, ack)
        resp_due = add_wd(base, RESP_WD[k - 1])
        # the extension counts from the deadline it extends (a working day: no roll needed)
        nat = np.isnat(resp_due)
        resp_due = np.where(
            nat,
            np.datetime64("NaT"),
            np.busday_offset(np.where(nat, PLACEHOLDER, resp_due), ext, roll="forward", busdaycal=cal),
        )
        # a started stage's dates and deadlines must lie inside the calendar
        for d in (start, ack, resp, ack_due, resp_due):
            bad |= started & out_of_range(d)
        ack_on = np.where(np.isnat(ack), "", np.where(ack <= ack_due, "true", "false"))
        resp_on = np.where(np.isnat(resp), "", np.where(resp <= resp_due, "true", "false"))
        ack_on = np.where(started, ack_on, "")
        resp_on = np.where(started, resp_on, "")
        out[f"s{k}_ack_due"] = np.where(started, np.datetime_as_string(ack_due, unit="D"), "")
        out[f"s{k}_ack_on_time"] = ack_on
        out[f"s{k}_resp_due"] = np.where(started, np.datetime_as_string(resp_due, unit="D"), "")
        out[f"s{k}_resp_on_time"] = resp_on

    out = out[~bad]
    # one id, one case: the first accepted row in the file (src/audit/duplicates.rs)
    out = out[~out["id"].duplicated(keep="first")]
    out.to_csv(out_path, index=False)
    print(f"rows {rows}, accepted {len(out)}, rejected {rows - len(out)}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: audit_pandas.py CASES.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
