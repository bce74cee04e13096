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
to standard error. Not reproduced: rows whose field count differs from the header's (pandas'
reader pads or refuses them) and quoted fields with embedded commas in dates.
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


def parse_dates(col):
    """(day as datetime64[D] with NaT, minutes past midnight, empty mask, bad mask)."""
    s = col.str.strip()
    n = s.str.len()
    empty = n == 0
    day = pd.to_datetime(s.str.slice(0, 10), format="%Y-%m-%d", errors="coerce").to_numpy(
        dtype="datetime64[D]"
    )
    timed = (n == 16) | (n == 19)
    sep_ok = s.str.slice(10, 11).isin(["T", " "]) & (s.str.slice(13, 14) == ":")
    hh = pd.to_numeric(s.str.slice(11, 13), errors="coerce")
    mm = pd.to_numeric(s.str.slice(14, 16), errors="coerce")
    secs_ok = (n != 19) | (
        (s.str.slice(16, 17) == ":") & pd.to_numeric(s.str.slice(17, 19), errors="coerce").between(0, 59)
    )
    time_ok = sep_ok & hh.between(0, 23) & mm.between(0, 59) & secs_ok
    ten_digits = s.str.slice(0, 10).str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    bad = ~empty & (np.isnat(day) | ~ten_digits | ~((n == 10) | (timed & time_ok)))
    minutes = np.where(timed, hh.fillna(12).to_numpy() * 60 + mm.fillna(0).to_numpy(), 12 * 60)
    day = np.where(bad | empty, np.datetime64("NaT"), day)
    return day, minutes, empty.to_numpy(), bad.to_numpy()


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
    ids = df["id"].str.strip()
    track = df["track"].str.strip()
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
        ext_s = df[f"s{k}_extension_wd"].str.strip()
        ext_bad = (ext_s != "") & ~ext_s.str.fullmatch(r"\d{1,6}")
        bad |= ext_bad.to_numpy()
        ext = pd.to_numeric(ext_s.where(~ext_bad & (ext_s != ""), "0")).to_numpy(dtype=np.int64)
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
    out.to_csv(out_path, index=False)
    print(f"rows {rows}, accepted {len(out)}, rejected {int(bad.sum())}", file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: audit_pandas.py CASES.csv OUT.csv")
    main(sys.argv[1], sys.argv[2])
