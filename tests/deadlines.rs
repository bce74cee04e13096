//! `redress deadlines` as a complaints team's daily tool: each actual date judged on time or
//! late, `--as-of` for the morning "what is overdue", `--closures`, the iCalendar export, and
//! the coded refusal of input that cannot be true of one complaint.
//!
//! Every expected date is worked by hand below, day by day, with the bank holidays named
//! (England and Wales: Christmas Day Fri 25 Dec 2026, Boxing Day substitute Mon 28 Dec 2026,
//! New Year's Day Fri 1 Jan 2027, Good Friday Fri 26 Mar 2027, Easter Monday Mon 29 Mar 2027).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::process::Output;

use serde_json::Value;

mod common;
use common::run::{code, json, redress, stderr, stdout};
use common::TempDir;

/// Canterbury, housing: received Thu 24 Dec 2026 at 16:30, inside its stated hours (09:00 to
/// 17:00), so it counts from that day.
const CANTERBURY: &[&str] = &[
    "deadlines",
    "policies/canterbury.policy",
    "--received",
    "2026-12-24T16:30",
    "--track",
    "housing",
];

fn canterbury(more: &[&str]) -> Output {
    let args: Vec<&str> = CANTERBURY.iter().chain(more).copied().collect();
    redress(&args)
}

/// (stage, step, due, status, late_by, due_in) of each deadline.
fn rows(v: &Value) -> Vec<(String, String, String, String, Value, Value)> {
    v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["stage"].as_str().unwrap_or("Ombudsman").to_string(),
                d["step"].as_str().unwrap().to_string(),
                d["due"].as_str().unwrap().to_string(),
                d["status"].as_str().unwrap().to_string(),
                d["late_by"].clone(),
                d["due_in"].clone(),
            )
        })
        .collect()
}

fn row(
    stage: &str,
    step: &str,
    due: &str,
    status: &str,
    late_by: Option<i64>,
    due_in: Option<i64>,
) -> (String, String, String, String, Value, Value) {
    (
        stage.into(),
        step.into(),
        due.into(),
        status.into(),
        late_by.map_or(Value::Null, Value::from),
        due_in.map_or(Value::Null, Value::from),
    )
}

/// The case the later tests build on:
/// - stage 1 acknowledgement: 5 working days of receipt (24 Dec is day 0): Tue 29 (1), Wed 30
///   (2), Thu 31 (3), [Fri 1 Jan New Year's Day, weekend], Mon 4 (4), Tue 5 Jan (5). Sent Wed
///   6 Jan: late by 1 working day (Wed 6).
/// - stage 1 response: 10 working days of the actual acknowledgement (Wed 6 Jan): Thu 7 (1),
///   Fri 8 (2), Mon 11 - Fri 15 (7), Mon 18 (8), Tue 19 (9), Wed 20 Jan (10). Sent Fri 22
///   Jan: late by 2 (Thu 21, Fri 22).
/// - escalation window: 20 working days of the response (Fri 22 Jan): 25-29 Jan (5), 1-5 Feb
///   (10), 8-12 Feb (15), 15-19 Feb (20): Fri 19 Feb. Asked Mon 22 Feb 10:00: late by 1 (Mon
///   22), which Canterbury's discretion for housing may still accept.
/// - stage 2 acknowledgement: 5 working days of the request (Mon 22 Feb): Tue 23 (1) ... Fri 26
///   (4), Mon 1 Mar (5).
/// - stage 2 response: 20 working days of the acknowledgement deadline (none sent; convention
///   5), Mon 1 Mar: 2-5 Mar (4), 8-12 (9), 15-19 (14), 22-25 (18), [Fri 26 Good Friday,
///   weekend, Mon 29 Easter Monday], Tue 30 (19), Wed 31 Mar (20).
const LATE_CASE: &[&str] = &[
    "--acknowledged",
    "2027-01-06",
    "--responded",
    "2027-01-22",
    "--escalated",
    "2027-02-22T10:00",
];

#[test]
fn each_actual_date_is_on_time_or_late_by_working_days() {
    // The README's case: acknowledged Thu 31 Dec (due Tue 5 Jan: on time); the response then
    // counts from Thu 31 Dec: Mon 4 (1) ... Fri 8 (5), Mon 11 - Fri 15 Jan (10); answered
    // Thu 14 Jan: on time. Escalation window: 20 working days of Thu 14 Jan: 15 Jan (1),
    // 18-22 (6), 25-29 (11), 1-5 Feb (16), 8-11 Feb (20): Thu 11 Feb, still open.
    let o = canterbury(&[
        "--acknowledged",
        "2026-12-31",
        "--responded",
        "2027-01-14",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        rows(&v),
        vec![
            row(
                "Stage 1",
                "acknowledge",
                "2027-01-05",
                "on-time",
                None,
                None
            ),
            row("Stage 1", "respond", "2027-01-15", "on-time", None, None),
            row("Stage 2", "escalate", "2027-02-11", "open", None, None),
        ]
    );
    assert_eq!(v["deadlines"][0]["done"], "2026-12-31");
    assert_eq!(v["deadlines"][1]["done"], "2027-01-14");
    assert_eq!(v["deadlines"][2]["done"], Value::Null);
    assert_eq!(v["deadlines"][2]["who"], "resident");
    assert_eq!(v["as_of"], Value::Null);
    assert_eq!(v["next"], Value::Null);

    // Late at every step (LATE_CASE, worked above).
    let args: Vec<&str> = LATE_CASE
        .iter()
        .chain(&["--format", "json"])
        .copied()
        .collect();
    let o = canterbury(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        rows(&v),
        vec![
            row(
                "Stage 1",
                "acknowledge",
                "2027-01-05",
                "late",
                Some(1),
                None
            ),
            row("Stage 1", "respond", "2027-01-20", "late", Some(2), None),
            row("Stage 2", "escalate", "2027-02-19", "late", Some(1), None),
            row(
                "Stage 2",
                "acknowledge",
                "2027-03-01",
                "pending",
                None,
                None
            ),
            row("Stage 2", "respond", "2027-03-31", "pending", None, None),
        ]
    );
    assert_eq!(v["deadlines"][2]["done"], "2027-02-22");
}

#[test]
fn as_of_says_what_is_overdue_and_what_falls_due_next() {
    // LATE_CASE seen on Wed 3 Mar 2027: the stage 2 acknowledgement (due Mon 1 Mar) is not
    // sent, overdue by 2 working days (Tue 2, Wed 3); the stage 2 response (Wed 31 Mar) is
    // next, 18 working days on: 4-5 Mar (2), 8-12 (7), 15-19 (12), 22-25 (16), [Good Friday,
    // weekend, Easter Monday], Tue 30 (17), Wed 31 (18).
    let args: Vec<&str> = LATE_CASE
        .iter()
        .chain(&["--as-of", "2027-03-03", "--format", "json"])
        .copied()
        .collect();
    let o = canterbury(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["as_of"], "2027-03-03");
    let r = rows(&v);
    assert_eq!(
        r[3],
        row(
            "Stage 2",
            "acknowledge",
            "2027-03-01",
            "overdue",
            Some(2),
            None
        )
    );
    assert_eq!(
        r[4],
        row("Stage 2", "respond", "2027-03-31", "due", None, Some(18))
    );
    assert_eq!(v["next"]["step"], "respond");
    assert_eq!(v["next"]["stage_id"], "two");
    assert_eq!(v["next"]["due"], "2027-03-31");
    assert_eq!(v["next"]["due_in"], 18);
    assert_eq!(v["next"]["who"], "council");

    // The same morning, as a person reads it.
    let args: Vec<&str> = LATE_CASE
        .iter()
        .chain(&["--as-of", "2027-03-03"])
        .copied()
        .collect();
    let o = canterbury(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    insta::assert_snapshot!("canterbury_as_of_human", stdout(&o));
}

#[test]
fn as_of_on_a_kingston_complaint_over_christmas() {
    // Kingston, housing, received Fri 18 Dec 2026 10:00 (no stated hours: 09:00-17:00 assumed).
    // Acknowledgement: 5 working days of receipt: Mon 21 (1), Tue 22 (2), Wed 23 (3), Thu 24
    // (4), [Fri 25 Christmas Day, weekend, Mon 28 Boxing Day substitute], Tue 29 Dec (5); sent
    // Tue 22 Dec, on time. Response (housing): 10 working days of receipt: Wed 30 (6), Thu 31
    // (7), [Fri 1 Jan New Year's Day, weekend], Mon 4 (8), Tue 5 (9), Wed 6 Jan (10).
    // On Thu 7 Jan with no response it is overdue by 1 working day (Thu 7), and the resident
    // may go to the Ombudsman from that day; nothing else falls due for the council.
    let o = redress(&[
        "deadlines",
        "policies/kingston.policy",
        "--received",
        "2026-12-18T10:00",
        "--track",
        "housing",
        "--acknowledged",
        "2026-12-22",
        "--as-of",
        "2027-01-07",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        rows(&v),
        vec![
            row(
                "Stage One",
                "acknowledge",
                "2026-12-29",
                "on-time",
                None,
                None
            ),
            row(
                "Stage One",
                "respond",
                "2027-01-06",
                "overdue",
                Some(1),
                None
            ),
            row("Ombudsman", "ombudsman", "2027-01-07", "open", None, None),
        ]
    );
    assert_eq!(v["next"], Value::Null);

    // Two days earlier, Tue 5 Jan: the response is due in 1 working day (Wed 6) and is next.
    let o = redress(&[
        "deadlines",
        "policies/kingston.policy",
        "--received",
        "2026-12-18T10:00",
        "--track",
        "housing",
        "--acknowledged",
        "2026-12-22",
        "--as-of",
        "2027-01-05",
        "--format",
        "json",
    ]);
    let v = json(&o);
    assert_eq!(
        rows(&v)[1],
        row("Stage One", "respond", "2027-01-06", "due", None, Some(1))
    );
    assert_eq!(v["next"]["due"], "2027-01-06");
    assert_eq!(v["next"]["due_in"], 1);
}

#[test]
fn closures_move_the_deadlines_like_calendar() {
    // Canterbury closes 29-31 Dec 2026. Received Thu 24 Dec 16:30: acknowledgement 5 working
    // days on: [Fri 25 Christmas Day, weekend, Mon 28 Boxing Day substitute, 29-31 closed, Fri
    // 1 Jan New Year's Day, weekend], Mon 4 (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 Jan
    // (5). Response: 10 working days of that deadline (none sent): 11-15 Jan (5), 18-22 Jan
    // (10): Fri 22 Jan.
    let dir = TempDir::new("deadlines-closures");
    let closures = dir.file(
        "closures.csv",
        "date,title\n2026-12-29,Christmas closure\n2026-12-30,Christmas closure\n2026-12-31,Christmas closure\n",
    );
    let o = canterbury(&["--closures", closures.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(
        rows(&v),
        vec![
            row(
                "Stage 1",
                "acknowledge",
                "2027-01-08",
                "pending",
                None,
                None
            ),
            row("Stage 1", "respond", "2027-01-22", "pending", None, None),
        ]
    );
    // The same reader as `calendar`: a line that is not a date is a usage error.
    let bad = dir.file("bad.csv", "2026-12-32,Christmas closure\n");
    let o = canterbury(&["--closures", bad.to_str().unwrap()]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("is not a date"), "{}", stderr(&o));
}

#[test]
fn ics_has_one_event_per_deadline_and_parses() {
    // LATE_CASE with the stage 2 response sent Tue 30 Mar 2027 (on time: due Wed 31 Mar): the
    // final response, so the resident may go to the Housing Ombudsman from Tue 30 Mar.
    let args: Vec<&str> = LATE_CASE
        .iter()
        .chain(&["--responded", "2027-03-30", "--format", "ics"])
        .copied()
        .collect();
    let o = canterbury(&args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = stdout(&o);
    // RFC 5545 3.1: every line ends in CRLF and is at most 75 octets.
    assert!(text.ends_with("\r\n"));
    for l in text.split("\r\n") {
        assert!(!l.contains('\n'), "a bare LF in {l:?}");
        assert!(l.len() <= 75, "{} octets: {l:?}", l.len());
    }
    let cal: icalendar::Calendar = text.parse().unwrap();
    use icalendar::{Component, DatePerhapsTime};
    let events: Vec<_> = cal.events().collect();
    let got: Vec<(chrono::NaiveDate, String)> = events
        .iter()
        .map(|e| {
            let start = match e.get_start() {
                Some(DatePerhapsTime::Date(d)) => d,
                other => panic!("not an all-day date: {other:?}"),
            };
            match e.get_end() {
                Some(DatePerhapsTime::Date(end)) => assert_eq!(end, start.succ_opt().unwrap()),
                other => panic!("not an all-day end: {other:?}"),
            }
            assert!(e.get_uid().is_some_and(|u| u.ends_with("@redress")));
            // Fixed from the input (the receipt), never the clock.
            assert_eq!(
                e.get_timestamp().map(|t| t.to_rfc3339()).as_deref(),
                Some("2026-12-24T16:30:00+00:00")
            );
            (start, e.get_summary().unwrap().to_string())
        })
        .collect();
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let p = "Canterbury City Council";
    assert_eq!(
        got,
        vec![
            (
                d("2027-01-05"),
                format!("Stage 1 acknowledgement due - {p}")
            ),
            (d("2027-01-20"), format!("Stage 1 response due - {p}")),
            (
                d("2027-02-19"),
                format!("Stage 2 escalation request deadline - {p}")
            ),
            (
                d("2027-03-01"),
                format!("Stage 2 acknowledgement due - {p}")
            ),
            (d("2027-03-31"), format!("Stage 2 response due - {p}")),
            (
                d("2027-03-30"),
                format!("Ombudsman may be asked from - {p}")
            ),
        ]
    );
    // Each UID once; the description carries the basis and the verdict, unescaped back.
    let mut uids: Vec<&str> = events.iter().filter_map(|e| e.get_uid()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), events.len());
    let desc = events[1].get_description().unwrap();
    assert!(
        desc.contains("10 working days of the acknowledgement (2027-01-06)"),
        "{desc}"
    );
    assert!(desc.contains("late by 2 working days"), "{desc}");
    assert!(desc.contains("Track `housing`; complaint"), "{desc}");
    // The same input gives the same bytes.
    assert_eq!(stdout(&canterbury(&args)), text);
}

// ------------------------------------------------------------------------ impossible input

/// Run `deadlines` on Canterbury housing (a two-stage route, one -> two) and expect exactly
/// these codes, exit 2, in both formats.
fn refused(more: &[&str], codes: &[&str]) -> String {
    let o = canterbury(more);
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let human = stderr(&o);
    for c in codes {
        assert!(human.contains(c), "{c} not in\n{human}");
    }
    let args: Vec<&str> = more.iter().chain(&["--format", "json"]).copied().collect();
    let o = canterbury(&args);
    assert_eq!(code(&o), 2);
    let v = json(&o);
    let got: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(got, codes, "{v}");
    assert_eq!(v["summary"]["errors"], codes.len());
    human
}

#[test]
fn an_acknowledgement_or_response_before_receipt_is_refused() {
    let human = refused(
        &["--acknowledged", "2026-12-23"],
        &["redress::deadlines::acknowledged_before_receipt"],
    );
    insta::assert_snapshot!("acknowledged_before_receipt_human", human);
    refused(
        &["--acknowledged", "2026-12-24", "--responded", "2026-12-04"],
        &["redress::deadlines::responded_before_receipt"],
    );
    // On the day of receipt is possible.
    let o = canterbury(&["--acknowledged", "2026-12-24", "--responded", "2026-12-24"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn an_escalation_before_its_response_or_without_one_is_refused() {
    refused(
        &[
            "--responded",
            "2027-01-14",
            "--escalated",
            "2027-01-13T10:00",
        ],
        &["redress::deadlines::escalated_before_response"],
    );
    // Once silently dropped: the deadlines printed were a complaint's that never escalated.
    let human = refused(
        &["--escalated", "2027-01-20T10:00"],
        &["redress::deadlines::escalated_without_response"],
    );
    insta::assert_snapshot!("escalated_without_response_human", human);
    // The same day as the response is possible.
    let o = canterbury(&[
        "--responded",
        "2027-01-14",
        "--escalated",
        "2027-01-14T16:00",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Stage 2 acknowledged before the request that opened it.
    refused(
        &[
            "--responded",
            "2027-01-14",
            "--escalated",
            "2027-01-20T10:00",
            "--acknowledged",
            "2026-12-31",
            "--acknowledged",
            "2027-01-19",
        ],
        &["redress::deadlines::dated_before_escalation"],
    );
}

#[test]
fn more_dates_or_extensions_than_the_route_has_stages_are_refused() {
    // Canterbury housing goes one -> two: two stages, one escalation.
    refused(
        &[
            "--acknowledged",
            "2026-12-31",
            "--acknowledged",
            "2027-01-20",
            "--acknowledged",
            "2027-02-20",
        ],
        &["redress::deadlines::more_dates_than_stages"],
    );
    refused(
        &[
            "--responded",
            "2027-01-14",
            "--responded",
            "2027-02-14",
            "--responded",
            "2027-03-14",
        ],
        &["redress::deadlines::more_dates_than_stages"],
    );
    refused(
        &[
            "--responded",
            "2027-01-14",
            "--responded",
            "2027-02-14",
            "--escalated",
            "2027-01-20",
            "--escalated",
            "2027-02-20",
        ],
        &["redress::deadlines::more_dates_than_stages"],
    );
    refused(
        &["--extended", "5", "--extended", "5", "--extended", "5"],
        &["redress::deadlines::extension_without_response_stage"],
    );
}

#[test]
fn an_extension_of_a_stage_with_no_response_deadline_is_refused() {
    // A route whose first step is an early-resolution stage with no `respond` rule.
    let dir = TempDir::new("deadlines-no-response");
    let policy = dir.file(
        "early.policy",
        "policy \"Example Council\" {\n  calendar {\n    region england-and-wales\n  }\n  \
         track general ombudsman lgsco\n  route early, one\n  \
         stage early \"Early resolution\" role early-resolution {\n    \
         acknowledge within 2 working days of receipt\n  }\n  \
         stage one \"Stage 1\" role stage-1 {\n    acknowledge within 5 working days of escalation\n    \
         respond within 10 working days of acknowledgement\n  }\n}\n",
    );
    let p = policy.to_str().unwrap();
    let base = ["deadlines", p, "--received", "2026-06-01T10:00"];
    let run = |more: &[&str]| {
        let args: Vec<&str> = base.iter().chain(more).copied().collect();
        redress(&args)
    };
    let o = run(&["--extended", "5"]);
    assert_eq!(code(&o), 2, "{}{}", stdout(&o), stderr(&o));
    assert!(
        stderr(&o).contains("redress::deadlines::extension_without_response_stage"),
        "{}",
        stderr(&o)
    );
    // `--extended 0` holds the place of a stage not extended.
    let o = run(&["--extended", "0", "--extended", "5"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
}

#[test]
fn a_count_that_overflows_is_refused_never_wrapped() {
    // 4294967295 = u32::MAX: counted as a u32 it once wrapped round to an earlier date.
    let human = refused(
        &["--extended", "4294967295"],
        &["redress::calendar::overflow"],
    );
    insta::assert_snapshot!("overflow_human", human);
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "england-and-wales",
        "--from",
        "2026-01-05",
        "--working-days",
        "4294967295",
    ]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("redress::calendar::overflow"),
        "{}",
        stderr(&o)
    );
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "england-and-wales",
        "--from",
        "2026-01-05",
        "--working-days",
        "4294967295",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 2);
    assert_eq!(
        json(&o)["diagnostics"][0]["code"],
        "redress::calendar::overflow"
    );
    // A count inside the calendar that ends past its last year is the usual out-of-range
    // usage error, never a date before the start.
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "england-and-wales",
        "--from",
        "2026-01-05",
        "--working-days",
        "3000",
    ]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(stderr(&o).contains("2030-12-31"), "{}", stderr(&o));
}

#[test]
fn as_of_before_what_the_case_records_is_refused() {
    refused(
        &["--as-of", "2026-12-23"],
        &["redress::deadlines::as_of_before_event"],
    );
    refused(
        &["--acknowledged", "2026-12-31", "--as-of", "2026-12-30"],
        &["redress::deadlines::as_of_before_event"],
    );
}

/// Every `redress::deadlines::` and `redress::calendar::` code is triggered above (the
/// registry test exempts them from needing a policy fixture because of this list).
#[test]
fn every_command_line_code_is_tested_here() {
    let source = include_str!("deadlines.rs");
    for c in redress::registry::all() {
        if c.name.starts_with("redress::deadlines::") || c.name.starts_with("redress::calendar::") {
            let quoted = format!("&[\"{}\"]", c.name);
            assert!(source.contains(&quoted), "{} is not triggered here", c.name);
        }
    }
}
