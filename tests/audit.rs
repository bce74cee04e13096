//! `redress audit`: hand-worked verdicts on fixtures/audit/*.csv, the report counts, chunking
//! and threads, and agreement with the simulator and the deadline calculator on every case
//! fixture the audit can express.
//!
//! Calendar used by hand (England and Wales, 2026): no bank holidays between 1 June and
//! 30 August. Working days counted from Mon 1 Jun 2026 (= w0):
//!   Jun 2 w1, 3 w2, 4 w3, 5 w4 | 8 w5 ... 12 w9 | 15 w10 ... 19 w14 | 22 w15 ... 26 w19 |
//!   29 w20, 30 w21, Jul 1 w22, 2 w23, 3 w24 | 6 w25 ... 10 w29 | 13 w30 ... 17 w34 |
//!   20 w35 ... 24 w39 | 27 w40, 28 w41, 29 w42.
//! N working days after a working day wK is w(K+N); days to respond = wEnd - wStart.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;
use std::path::Path;

use redress::audit::{
    audit, audit_export, report, AuditError, Export, Located, Mapping, Plan, Report,
};
use redress::ir;
use redress::simulate::{self, deadlines, EventKind, StepKind};
use redress::source::SourceFile;

fn compile(policy: &str) -> ir::Policy {
    let text = std::fs::read_to_string(policy).unwrap();
    redress::compile(&SourceFile::new(policy, text)).unwrap()
}

/// Audit bytes with the given threads and chunk size: the report and the per-case output.
fn run(plan: &Plan, csv: &[u8], threads: usize, chunk: usize) -> (Report, String) {
    let mut out = Vec::new();
    let agg = audit(plan, &mut &csv[..], Some(&mut out), threads, chunk).unwrap();
    assert_eq!(agg.rows, agg.accepted + agg.rejected);
    (report(plan, &agg), String::from_utf8(out).unwrap())
}

/// (line, reason) of each rejected row listed.
fn rejections(r: &Report) -> Vec<(u64, &str)> {
    r.rejected_rows
        .iter()
        .map(|x| (x.line, x.reason.as_str()))
        .collect()
}

fn stage<'a>(r: &'a Report, stage: usize, track: &str) -> &'a redress::audit::StageReport {
    r.stages
        .iter()
        .find(|s| s.stage == stage && s.track == track)
        .unwrap()
}

/// (received, ack on time, ack late, resp on time, resp late, pending, extended, median, p90)
type Row = (u64, u64, u64, u64, u64, u64, u64, Option<u64>, Option<u64>);

fn counts(r: &Report, st: usize, track: &str) -> Row {
    let s = stage(r, st, track);
    (
        s.received,
        s.ack_on_time,
        s.ack_late,
        s.resp_on_time,
        s.resp_late,
        s.pending,
        s.extended,
        s.median_wd_to_respond,
        s.p90_wd_to_respond,
    )
}

#[test]
fn kingston_by_hand() {
    // Kingston: acknowledge 5 WD, respond 15 WD (housing 10) at stage one; acknowledge 5 WD,
    // respond 15 WD (housing 20) at stage two; no start events, so each counts from the stage's
    // start (receipt; the escalation request). No office hours: 09:00-17:00, next working day.
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/kingston.csv").unwrap();
    let (r, out) = run(&plan, &csv, 1, 0);
    let expected = "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
K1,general,2026-06-08,true,2026-06-22,true,,,,
K2,housing,2026-06-08,false,2026-06-15,false,,,,
K3,general,2026-06-08,true,2026-06-29,true,,,,
K4,general,2026-06-08,true,2026-06-22,,,,,
K5,housing,2026-06-15,true,2026-06-22,false,,,,
K6,housing,2026-06-08,true,2026-06-15,true,2026-07-08,true,2026-07-29,true
K7,general,2026-06-08,true,2026-06-22,true,2026-06-22,,2026-07-06,
K13,general,2026-06-08,,2026-06-22,,,,,
";
    // K1: w0 + 5 = w5 Jun 8 (ack Jun 3: on time); 15 WD = w15 Jun 22 (responded Jun 22, last day).
    // K2 housing: ack due Jun 8, sent Jun 9: late; 10 WD = w10 Jun 15, responded Jun 16: late.
    // K3: 15 WD = Jun 22, extended 5 WD from that deadline = w20 Jun 29; responded Jun 26.
    // K4: no response: resp_on_time empty (pending).
    // K5 housing, Fri 5 Jun 18:30: after hours -> Mon 8 Jun (w5): ack w10 Jun 15 (sent Jun 15,
    //   on time), response 10 WD = w15 Jun 22, sent Jun 23: late.
    // K6: fixtures/cases/kingston-housing-two-stages.toml: Jun 8, Jun 15, Jul 8, Jul 29.
    // K7: stage two requested Fri 12 Jun 17:30 (after close) -> Mon 15 Jun (w10): ack 5 WD =
    //   w15 Jun 22, response (general) 15 WD = w25 Jul 6; neither done yet.
    // K13: a short row (`K13,general,2026-06-01` and nothing after): the missing trailing
    //   fields read as empty, so it is a general case received Mon 1 Jun (w0), nothing done:
    //   ack due w5 Jun 8, response due w15 Jun 22.
    // K14: one field more than the header: rejected.
    assert_eq!(out, expected);
    assert_eq!((r.rows, r.accepted, r.rejected), (14, 8, 6));
    let rej = rejections(&r);
    assert_eq!(
        rej,
        vec![
            (9, "unparseable date `2026-06-31` in `received`"),
            (10, "stage 1 response before receipt"),
            (11, "stage 1 acknowledgement before receipt"),
            (12, "unknown track `social`"),
            (13, "missing id"),
            (15, "too many fields: 12 fields, the header has 11"),
        ]
    );
    assert!(!r.rejected_rows_truncated);
    // Stage one general: K1 K3 K4 K7 K13; acks K1 K3 K4 K7 on time (K13 none); responses K1
    // K3 K7 on time, K4 K13 pending; K3 extended; days to respond K1 15, K3 19 (w19 Jun 26),
    // K7 7 (w7 Jun 10): sorted 7 15 19, median (rank 2) 15, p90 (rank 3) 19; K7 escalated:
    // 1 in 5.
    assert_eq!(
        counts(&r, 1, "general"),
        (5, 4, 0, 3, 0, 2, 1, Some(15), Some(19))
    );
    assert_eq!(stage(&r, 1, "general").escalation_rate, Some(0.2));
    // Stage one housing: K2 K5 K6; acks K2 late, K5 K6 on time; responses K2 K5 late, K6 on
    // time; days K2 11 (w11 Jun 16), K5 11 (w5 Jun 8 to w16 Jun 23), K6 10: median 11, p90 11.
    assert_eq!(
        counts(&r, 1, "housing"),
        (3, 2, 1, 1, 2, 0, 0, Some(11), Some(11))
    );
    assert_eq!(stage(&r, 1, "housing").escalated, Some(1));
    // Stage two general: K7 pending. Stage two housing: K6 on time, w22 Jul 1 to w41 Jul 28 = 19.
    assert_eq!(counts(&r, 2, "general"), (1, 0, 0, 0, 0, 1, 0, None, None));
    assert_eq!(
        counts(&r, 2, "housing"),
        (1, 1, 0, 1, 0, 0, 0, Some(19), Some(19))
    );
    assert_eq!(stage(&r, 2, "housing").escalation_rate, None);
}

#[test]
fn canterbury_by_hand() {
    // Canterbury: acknowledge 5 WD of receipt, respond 10 WD of acknowledgement (the actual one,
    // else its deadline); stage 2 acknowledge 5 WD of escalation, respond 20 WD of
    // acknowledgement. Hours 09:00-17:00, out of hours: next working day.
    let policy = compile("policies/canterbury.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/canterbury.csv").unwrap();
    let (r, out) = run(&plan, &csv, 1, 0);
    let expected = "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
C1,general,2026-06-08,true,2026-06-18,true,,,,
C2,housing,2026-06-09,,2026-06-23,false,,,,
C3,general,2026-06-08,true,2026-07-06,true,,,,
C4,housing,2026-06-08,true,2026-06-16,true,2026-06-29,true,2026-07-28,true
C5,general,2026-06-10,,2026-06-24,,,,,
C6,general,2026-06-08,false,2026-06-23,true,,,,
";
    // C1: 16:59 is in hours: w0; ack w5 Jun 8 (sent Jun 4 = w3); response 10 WD of Jun 4 =
    //   w13 Jun 18, sent Jun 18: on time.
    // C2: 17:00 is closing time: counts from Tue 2 Jun (w1); ack due w6 Jun 9, none sent; the
    //   response counts from that deadline: w16 Jun 23; sent Jun 24: late.
    // C3: ack Jun 8 (w5, last day); response w15 Jun 22, extended 10 WD: w25 Jul 6; Jul 1 in time.
    // C4: ack Jun 2 (w1) -> response due w11 Jun 16, sent Jun 15. Stage 2 requested Sat 20 Jun
    //   -> Mon 22 Jun (w15): ack due w20 Jun 29, sent Jun 23 (w16); response 20 WD of Jun 23 =
    //   w36 Jul 21, extended 5 = w41 Jul 28, sent Jul 28: on time.
    // C5: Wed 3 Jun 08:00, before opening on a working day: that day (w2); ack due w7 Jun 10;
    //   response from the ack deadline: w17 Jun 24; nothing done yet.
    // C6: ack Jun 9 > Jun 8: late; response 10 WD of Jun 9 (w6) = w16 Jun 23; sent Jun 19.
    assert_eq!(out, expected);
    assert_eq!((r.rows, r.accepted, r.rejected), (9, 6, 3));
    let rej = rejections(&r);
    assert_eq!(
        rej,
        vec![
            // C7: US month/day order, refused: dates are read day first (UK), and there
            // is no 19th month.
            (8, "unparseable date `06/19/2026` in `s1_responded`"),
            (
                9,
                "extension `ten` in `s1_extension_wd` is not a number of working days"
            ),
            (10, "unparseable date `2026-06-01T25:00` in `received`"),
        ]
    );
    // Stage 1 general: C1 C3 C5 C6; acks C1 C3 on time, C6 late, C5 none; responses C1 C3 C6
    // on time, C5 pending; C3 extended; days C1 13, C3 22 (w22 Jul 1), C6 14: median 14, p90 22.
    assert_eq!(
        counts(&r, 1, "general"),
        (4, 2, 1, 3, 0, 1, 1, Some(14), Some(22))
    );
    assert_eq!(stage(&r, 1, "general").escalation_rate, Some(0.0));
    // Stage 1 housing: C2 C4; ack C4 on time (C2 none); responses C2 late, C4 on time; days C2
    // 16 (w1 to w17), C4 10: median (rank 1) 10, p90 (rank 2) 16; C4 escalated: 1 in 2.
    assert_eq!(
        counts(&r, 1, "housing"),
        (2, 1, 0, 1, 1, 0, 0, Some(10), Some(16))
    );
    assert_eq!(stage(&r, 1, "housing").escalation_rate, Some(0.5));
    assert_eq!(counts(&r, 2, "general"), (0, 0, 0, 0, 0, 0, 0, None, None));
    // Stage 2 housing: C4; w15 Jun 22 to w41 Jul 28 = 26 working days.
    assert_eq!(
        counts(&r, 2, "housing"),
        (1, 1, 0, 1, 0, 0, 1, Some(26), Some(26))
    );
}

#[test]
fn chunks_and_threads_change_nothing() {
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/kingston.csv").unwrap();
    // Many copies, so chunks cut everywhere; line numbers must follow.
    let mut big = csv.clone();
    let body_start = csv.iter().position(|&b| b == b'\n').unwrap() + 1;
    for _ in 0..50 {
        big.extend_from_slice(&csv[body_start..]);
    }
    let (r1, o1) = run(&plan, &big, 1, 0);
    for (threads, chunk) in [(2, 37), (3, 100), (4, 1), (2, 4096)] {
        let (r, o) = run(&plan, &big, threads, chunk);
        assert_eq!(o, o1, "threads {threads} chunk {chunk}");
        assert_eq!(r.rejected_rows, r1.rejected_rows);
        assert_eq!(
            serde_json::to_value(&r.stages).unwrap(),
            serde_json::to_value(&r1.stages).unwrap()
        );
        assert_eq!(
            serde_json::to_value(&r.duplicates).unwrap(),
            serde_json::to_value(&r1.duplicates).unwrap()
        );
    }
    // Each of the 50 later copies repeats the 8 accepted cases (K1-K7, K13): 400 duplicates,
    // all plain copies, rejected; so only the first copy's 8 verdicts are written.
    assert_eq!(r1.rows, 14 * 51);
    assert_eq!(r1.rejected, 6 * 51 + 8 * 50);
    assert_eq!((r1.duplicates.count, r1.duplicates.conflicts), (400, 0));
    assert_eq!(o1.lines().count(), 1 + 8);
    // The last copy's `missing id` row: 1 header + 50 copies of 14 lines before it, then line 12.
    assert!(r1
        .rejected_rows
        .iter()
        .any(|x| x.line == 1 + 50 * 14 + 12 && x.reason == "missing id"));
}

#[test]
fn rejected_rows_listed_up_to_the_cap() {
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let mut csv = b"id,track,received\n".to_vec();
    for i in 0..1500 {
        csv.extend_from_slice(format!("X{i},general,nope\n").as_bytes());
    }
    csv.extend_from_slice(b"Y,general,2026-06-01");
    let (r, _) = run(&plan, &csv, 2, 1000);
    assert_eq!((r.rows, r.accepted, r.rejected), (1501, 1, 1500));
    assert_eq!(r.rejected_rows.len(), 1000);
    assert!(r.rejected_rows_truncated);
    assert_eq!(r.rejected_rows.first().map(|x| x.line), Some(2));
    assert_eq!(r.rejected_rows.last().map(|x| x.line), Some(1001));
}

#[test]
fn header_without_required_columns_is_an_error() {
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let mut out = Vec::new();
    let e = audit(
        &plan,
        &mut &b"id,received\nA,2026-01-05\n"[..],
        Some(&mut out),
        1,
        0,
    );
    assert!(e.is_err());
    assert!(audit(&plan, &mut &b""[..], None, 1, 0).is_err());
}

#[test]
fn reordered_stage_blocks_by_hand() {
    // Kelsall Moor writes stage `two` before stage `one`; `route one, two` and the roles decide
    // that s1 is `one` (acknowledge 3 WD of receipt, respond 10 WD of receipt) and s2 is `two`
    // (acknowledge 5 WD of the request, respond 20 WD of the acknowledgement). Hours 09:00-17:00,
    // out of hours: next working day. No bank holidays in October or November 2026.
    let policy = compile("fixtures/policies/reordered-stages.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/reordered-stages.csv").unwrap();
    let (r, out) = run(&plan, &csv, 1, 0);
    let expected = "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
R1,general,2026-10-06,true,2026-10-15,false,2026-10-28,false,2026-12-03,true
R2,general,2026-10-07,,2026-10-16,,,,,
";
    // R1: fixtures/cases/edge-reordered-stages-both-stages.toml: Oct 6, Oct 15 (sent Oct 16:
    //   late), Oct 28 (request Tue 20 Oct 18:45 -> Wed 21 Oct; sent Oct 29: late), Nov 26
    //   extended 5 WD -> Dec 3 (sent Dec 2: on time).
    // R2: Thu 1 Oct 17:30 is after closing -> Fri 2 Oct; ack 3 WD: Mon 5, Tue 6, Wed 7 ->
    //   Oct 7; response 10 WD of receipt: Oct 5-9 (1-5), Oct 12-16 (6-10) -> Oct 16.
    assert_eq!(out, expected);
    assert_eq!((r.rows, r.accepted, r.rejected), (2, 2, 0));
    let names: Vec<(usize, &str)> = r
        .stages
        .iter()
        .map(|s| (s.stage, s.stage_name.as_str()))
        .collect();
    assert_eq!(names, vec![(1, "one"), (2, "two")]);
    // Stage 2: R1 only, Wed 21 Oct to Wed 2 Dec = 30 working days.
    assert_eq!(
        counts(&r, 2, "general"),
        (1, 0, 1, 1, 0, 0, 1, Some(30), Some(30))
    );
}

#[test]
fn one_stage_track_by_hand() {
    // Harrowfield: `route one for asc` (one stage) beside `route one, two`. asc: acknowledge 3
    // WD of receipt, respond 25 WD of receipt; general: acknowledge 5 WD of receipt, respond 10
    // WD of the acknowledgement; stage two: acknowledge 5 WD of the request, respond 20 WD of
    // the acknowledgement. No office hours stated: 09:00-17:00, next working day.
    let policy = compile("fixtures/policies/harrowfield-one-and-two-stage.policy");
    let plan = Plan::new(&policy);
    let csv = b"id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded
A1,asc,2026-06-01T10:00,2026-06-03,,2026-07-06,,,,
A2,asc,2026-06-01T10:00,2026-06-03,,2026-06-10,2026-06-15,,,
G1,general,2026-06-01T10:00,2026-06-03,,2026-06-10,2026-06-15,,,
";
    let (r, out) = run(&plan, csv, 1, 0);
    let expected = "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
A1,asc,2026-06-04,true,2026-07-06,true,,,,
G1,general,2026-06-08,true,2026-06-17,true,2026-06-22,,2026-07-20,
";
    // A1: ack w3 Jun 4 (sent w2); response 25 WD of receipt = w25 Jul 6, sent that day.
    // A2: asc has no stage 2: a row that says it escalated is rejected, never judged against
    //   another track's stage 2.
    // G1: ack w5 Jun 8; response 10 WD of the actual acknowledgement (w2) = w12 Jun 17; request
    //   Mon 15 Jun (w10): ack due w15 Jun 22; none sent, so the response counts from that
    //   deadline: w35 Jul 20.
    assert_eq!(out, expected);
    assert_eq!(
        rejections(&r),
        vec![(
            3,
            "track `asc` has no stage 2, but its `s2_*` columns are filled"
        )]
    );
    // The report has no stage 2 row for asc, and stage 1 is asc's last stage.
    assert!(!r.stages.iter().any(|s| s.stage == 2 && s.track == "asc"));
    assert_eq!(stage(&r, 1, "asc").escalated, None);
    assert_eq!(stage(&r, 1, "general").escalation_rate, Some(1.0));
    assert_eq!(
        counts(&r, 1, "asc"),
        (1, 1, 0, 1, 0, 0, 0, Some(25), Some(25))
    );
}

#[test]
fn no_tracks_by_hand() {
    // Brackenholt declares no track: every row is on the implicit track, whatever its `track`
    // cell says, and the report calls it `general` (never "" or nothing). Hours 08:30-17:00.
    let policy = compile("fixtures/policies/no-tracks.policy");
    let plan = Plan::new(&policy);
    assert_eq!(plan.tracks, vec![ir::IMPLICIT_TRACK.to_string()]);
    let csv = b"id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded
N1,general,2026-12-18T16:45,2026-12-23,,2027-01-11,2027-02-06T10:00,2027-02-09,,2027-03-05
N2,,2026-12-18T16:45,,,,,,,
";
    let (r, out) = run(&plan, csv, 1, 0);
    let expected = "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
N1,general,2026-12-22,false,2027-01-11,true,2027-02-15,true,2027-03-08,true
N2,,2026-12-22,,2027-01-08,,,,,
";
    // N1: fixtures/cases/edge-no-tracks-christmas-both-stages.toml.
    // N2: ack 2 WD of Fri 18 Dec: Tue 22 Dec; none sent, so the response counts 10 WD from that
    //   deadline: Wed 23 (1), Thu 24 (2), [25-28 Christmas and the Boxing Day substitute],
    //   Tue 29 (3), Wed 30 (4), Thu 31 (5), [1 Jan New Year, 2, 3], Mon 4 (6), Tue 5 (7),
    //   Wed 6 (8), Thu 7 (9), Fri 8 (10) -> 2027-01-08.
    assert_eq!(out, expected);
    assert_eq!((r.rows, r.accepted, r.rejected), (2, 2, 0));
    assert!(r.stages.iter().all(|s| s.track == ir::IMPLICIT_TRACK));
    assert_eq!(stage(&r, 1, "general").received, 2);
    assert_eq!(stage(&r, 2, "general").received, 1);
}

fn dt(d: chrono::NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M").to_string()
}

/// The audit's input columns for formal stages 1 to 3.
const HEADER: &str = "id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded,s3_requested,s3_acknowledged,s3_extension_wd,s3_responded,class";

/// Why a case fixture cannot be written as an audit row, if it cannot. A milestone is a step of
/// its own the audit does not judge (the acknowledgement and response still are). An `as_of` only turns
/// the simulator's steps not done into late ones (the audit leaves them pending, so only the
/// verdicts of steps done are compared), unless it moves the case on by itself: a stage the
/// simulator entered with no request is inexpressible.
fn inexpressible(
    case: &simulate::Case,
    route: &ir::Route,
    timeline: &simulate::Timeline,
) -> Option<String> {
    if case.classes.len() > 1 {
        return Some("several case classes: an export row has one `class` cell".into());
    }
    let first = route.formal(1)?;
    let first_pos = route.position(&first.name.value)?;
    for e in &case.events {
        let pos = route.position(&e.stage).unwrap_or(usize::MAX);
        if pos < first_pos {
            return Some(format!(
                "an event on `{}`, before formal stage 1 (early resolution is not audited)",
                e.stage
            ));
        }
        match e.kind {
            EventKind::Paused | EventKind::Resumed => return Some("a pause".into()),
            EventKind::Skipped => return Some("a skipped stage".into()),
            _ => {}
        }
    }
    if first_pos > 0 {
        return Some("the route starts with early resolution, which is not audited".into());
    }
    // A later formal stage the case reaches without a request (automatic escalation).
    for n in 2..=3 {
        let Some(s) = route.formal(n) else { break };
        let on = |k: fn(&EventKind) -> bool| {
            case.events
                .iter()
                .any(|e| e.stage == s.name.value && k(&e.kind))
        };
        let entered = on(|_| true)
            || timeline
                .steps
                .iter()
                .any(|t| t.stage == s.name.value && t.step != StepKind::Escalate);
        if entered && !on(|k| *k == EventKind::EscalationRequested) {
            return Some(format!(
                "stage {n} entered without a request (automatic escalation)"
            ));
        }
    }
    None
}

/// A list indexed by route position, as the deadline calculator takes it: trailing gaps
/// dropped, `None` when an inner gap makes it inexpressible.
fn dense<T: Clone>(v: &[Option<T>]) -> Option<Vec<T>> {
    let end = v.iter().rposition(|x| x.is_some()).map_or(0, |i| i + 1);
    v.iter().take(end).cloned().collect()
}

/// Every case fixture (seeds and corpus) the audit can express, written as an audit row: for
/// formal stages 1 to 3 of the case's track (stage names mapped to formal numbers through the
/// route, never by position), the simulator's acknowledge and respond due dates and on-time
/// verdicts equal the audit's, and the due dates equal the deadline calculator's.
#[test]
fn agrees_with_the_simulator_and_deadlines_on_case_fixtures() {
    let mut files: Vec<_> = std::fs::read_dir("fixtures/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut compared = Vec::new();
    let mut steps = 0;
    let mut skipped = Vec::new();
    let mut no_deadlines = Vec::new();
    let mut differences = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let fx = simulate::fixture::parse(path, &text).unwrap();
        let case = &fx.case;
        let ptext = std::fs::read_to_string(&fx.policy_path).unwrap();
        let Ok(policy) = redress::compile(&SourceFile::new(
            fx.policy_path.to_string_lossy().as_ref(),
            ptext,
        )) else {
            skipped.push(format!("{name}: its policy does not compile"));
            continue;
        };
        let route = policy.route(&case.track);
        let timeline = simulate::simulate(&policy, case).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Some(why) = inexpressible(case, &route, &timeline) {
            skipped.push(format!("{name}: {why}"));
            continue;
        }
        // Formal number of each stage on the route.
        let formal: BTreeMap<String, usize> = (1..=3u8)
            .filter_map(|n| {
                route
                    .formal(n)
                    .map(|s| (s.name.value.clone(), usize::from(n)))
            })
            .collect();
        // Where the simulator stops: a refused request, or a response made final early; the
        // stages from there on are not part of the case (an export would not record them).
        let mut stop = usize::MAX;
        for e in &case.events {
            let Some(&n) = formal.get(&e.stage) else {
                continue;
            };
            match &e.kind {
                EventKind::EscalationRefused => stop = stop.min(n),
                EventKind::Responded {
                    ends_process: true, ..
                } => stop = stop.min(n + 1),
                _ => {}
            }
        }
        // The row.
        let mut cols: BTreeMap<String, String> = BTreeMap::new();
        let mut extension: BTreeMap<usize, u32> = BTreeMap::new();
        for e in &case.events {
            let Some(&n) = formal.get(&e.stage).filter(|n| **n < stop) else {
                continue;
            };
            let (col, val) = match &e.kind {
                EventKind::Acknowledged => (format!("s{n}_acknowledged"), e.at.date().to_string()),
                EventKind::Responded { .. } => (format!("s{n}_responded"), e.at.date().to_string()),
                EventKind::EscalationRequested => (format!("s{n}_requested"), dt(e.at)),
                EventKind::Extended { working_days, .. } => {
                    *extension.entry(n).or_default() += working_days;
                    continue;
                }
                _ => continue,
            };
            let slot = cols.entry(col).or_insert(val.clone());
            if val < *slot {
                *slot = val;
            }
        }
        for (n, wd) in &extension {
            cols.insert(format!("s{n}_extension_wd"), wd.to_string());
        }
        let mut row = vec!["x".to_string(), case.track.clone(), dt(case.received)];
        for c in HEADER.split(',').skip(3) {
            match c {
                "class" => row.push(case.classes.first().cloned().unwrap_or_default()),
                _ => row.push(cols.get(c).cloned().unwrap_or_default()),
            }
        }
        let csv = format!("{HEADER}\n{}\n", row.join(","));
        let plan = Plan::new(&policy);
        let (r, out) = run(&plan, csv.as_bytes(), 1, 0);
        assert_eq!(r.accepted, 1, "{name}: {:?}", r.rejected_rows);
        let line = out.lines().nth(1).unwrap().to_string();
        let cells: Vec<&str> = line.split(',').collect();

        // The deadline calculator: the same facts, listed in route order.
        let by_pos = |col: &str| -> Vec<Option<String>> {
            route
                .stages
                .iter()
                .map(|s| {
                    let n = formal.get(&s.name.value)?;
                    cols.get(&format!("s{n}_{col}")).cloned()
                })
                .collect()
        };
        let dates = |col: &str| {
            by_pos(col)
                .iter()
                .map(|v| v.as_ref().map(|d| d.parse::<chrono::NaiveDate>().unwrap()))
                .collect::<Vec<_>>()
        };
        let requests: Vec<Option<chrono::NaiveDateTime>> = by_pos("requested")
            .iter()
            .skip(1)
            .map(|v| {
                v.as_ref()
                    .map(|d| chrono::NaiveDateTime::parse_from_str(d, "%Y-%m-%dT%H:%M").unwrap())
            })
            .collect();
        let ext: Vec<Option<u32>> = by_pos("extension_wd")
            .iter()
            .map(|v| Some(v.as_ref().map_or(0, |x| x.parse().unwrap())))
            .collect();
        // Its lists have no gaps: a case with, say, no stage 1 acknowledgement but a stage 2
        // one cannot be put to it; such a case is still compared with the simulator.
        let query = match (
            dense(&dates("acknowledged")),
            dense(&dates("responded")),
            dense(&requests),
        ) {
            (Some(acknowledged), Some(responded), Some(escalated)) => Some(deadlines::Query {
                track: Some(case.track.clone()),
                received: None,
                acknowledged,
                responded,
                extended: dense(&ext)
                    .unwrap_or_default()
                    .into_iter()
                    .rev()
                    .skip_while(|e| *e == 0)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect(),
                escalated,
                classes: case.classes.clone(),
            }),
            _ => {
                no_deadlines.push(name.clone());
                None
            }
        };
        let dl = query.map(|q| {
            deadlines::deadlines(&policy, &q, case.received)
                .unwrap_or_else(|e| panic!("{name}: deadlines: {e}"))
        });

        for (stage_name, &n) in &formal {
            for (kind, offset) in [(StepKind::Acknowledge, 0), (StepKind::Respond, 2)] {
                let base = 2 + 4 * (n - 1) + offset;
                let sim = timeline
                    .steps
                    .iter()
                    .find(|s| s.stage == *stage_name && s.step == kind);
                let sim_due = sim
                    .and_then(|s| s.due)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                // A step not done is pending in the audit (late in the simulator past `as_of`).
                let sim_on_time = match sim.filter(|s| s.done.is_some()).map(|s| s.status) {
                    Some(simulate::Status::OnTime) => "true",
                    Some(simulate::Status::Late) => "false",
                    _ => "",
                };
                let dl_due = match &dl {
                    Some(dl) => dl
                        .deadlines
                        .iter()
                        .find(|d| d.stage_id.as_deref() == Some(stage_name) && d.step == kind)
                        .map(|d| d.due.to_string())
                        .unwrap_or_default(),
                    None => sim_due.clone(),
                };
                let audit_due = cells.get(base).copied().unwrap_or("");
                let audit_on_time = cells.get(base + 1).copied().unwrap_or("");
                steps += 1;
                if sim_due != audit_due || sim_due != dl_due || sim_on_time != audit_on_time {
                    differences.push(format!(
                        "{name}: stage {n} (`{stage_name}`) {kind:?}: simulator {sim_due} {sim_on_time}, audit {audit_due} {audit_on_time}, deadlines {dl_due}"
                    ));
                }
            }
        }
        compared.push(name);
    }
    eprintln!(
        "{} fixtures compared ({steps} steps), {} skipped:",
        compared.len(),
        skipped.len()
    );
    for s in &skipped {
        eprintln!("  skipped {s}");
    }
    for s in &no_deadlines {
        eprintln!("  not put to the deadline calculator (a gap in its lists): {s}");
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
    assert!(
        compared.len() >= 40,
        "only {} fixtures compared",
        compared.len()
    );
    for must in [
        "edge-reordered-stages-both-stages",
        "edge-no-tracks-christmas-both-stages",
        "corpus-harrowfield-one-and-two-stage-asc-single-stage",
        "corpus-northfold-three-stages-general-late-stage-three-easter",
    ] {
        assert!(
            compared.iter().any(|c| c.contains(must)),
            "{must} was not compared"
        );
    }
}

#[test]
fn cli_exit_codes() {
    let bin = env!("CARGO_BIN_EXE_redress");
    let ok = std::process::Command::new(bin)
        .args([
            "audit",
            "policies/kingston.policy",
            "fixtures/audit/kingston.csv",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(v["rows"], 14);
    assert_eq!(v["stages"][0]["stage"], 1);
    for fmt in ["human", "md"] {
        let o = std::process::Command::new(bin)
            .args([
                "audit",
                "policies/kingston.policy",
                "fixtures/audit/kingston.csv",
                "--format",
                fmt,
            ])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0));
        let s = String::from_utf8(o.stdout).unwrap();
        assert!(s.contains("line 12: unknown track `social`"), "{s}");
    }
    let missing = std::process::Command::new(bin)
        .args(["audit", "policies/kingston.policy", "no/such.csv"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(Path::new("fixtures/audit/canterbury.csv").exists());
}

#[test]
fn case_classes_by_hand() {
    // Wealdon: respond 20 WD of receipt for most complaints, 30 WD `when low`, 60 WD `when
    // medium`, 6 months `when high`; acknowledge 1 WD of receipt. No office hours stated:
    // 09:00-17:00. Received Mon 1 Jun 2026 10:00 (day 0); no bank holiday until 31 Aug.
    let policy = compile("fixtures/policies/wealdon-complexity-bands.policy");
    let plan = Plan::new(&policy);
    let csv = b"id,track,class,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded
W0,general,,2026-06-01T10:00,2026-06-02,,2026-06-29,,,,
W1,general,low,2026-06-01T10:00,2026-06-02,,2026-07-14,,,,
W2,general,medium,2026-06-01T10:00,2026-06-02,,2026-08-24,,,,
W3,general,high,2026-06-01T10:00,2026-06-02,,2026-11-30,,,,
W4,general,urgent,2026-06-01T10:00,2026-06-02,,2026-06-29,,,,
";
    let (r, out) = run(&plan, csv, 1, 0);
    // W0: 20 WD: Jun 2-5 (4), 8-12 (9), 15-19 (14), 22-26 (19), Mon 29 (20) -> Jun 29, on time.
    // W1: 30 WD: Jun 30 (21), Jul 1-3 (24), 6-10 (29), Mon 13 (30) -> Jul 13; sent Jul 14: late.
    // W2: 60 WD: Jul 14-17 (34), 20-24 (39), 27-31 (44), Aug 3-7 (49), 10-14 (54), 17-21 (59),
    //   Mon 24 (60) -> Aug 24, on time.
    // W3: 6 calendar months of 1 Jun -> 1 Dec 2026; sent 30 Nov: on time.
    // W4: `urgent` is no class of the policy: rejected, never judged by the default rule.
    let expected = "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
W0,general,2026-06-02,true,2026-06-29,true,,,,
W1,general,2026-06-02,true,2026-07-13,false,,,,
W2,general,2026-06-02,true,2026-08-24,true,,,,
W3,general,2026-06-02,true,2026-12-01,true,,,,
";
    assert_eq!(out, expected);
    assert_eq!(r.rejected_rows.len(), 1);
    assert!(r.rejected_rows[0]
        .reason
        .starts_with("class `urgent` is not one the policy declares"));
}

#[test]
fn a_class_only_timescale_needs_a_class() {
    // Every response rule depends on a class: a row without one is rejected, never judged
    // as if the step had no deadline.
    let text = r#"policy "Banded" {
  calendar { region england-and-wales }
  track general ombudsman lgsco
  route one
  class low
  class high
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of receipt when low
    respond within 20 working days of receipt when high
  }
}"#;
    let policy = redress::compile(&SourceFile::new("banded.policy", text)).unwrap();
    let plan = Plan::new(&policy);
    let csv = b"id,track,received,s1_acknowledged,s1_extension_wd,s1_responded
B1,general,2026-06-01T10:00,2026-06-02,,2026-06-10
";
    let (r, out) = run(&plan, csv, 1, 0);
    assert_eq!(
        out,
        "id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time\n"
    );
    assert_eq!(
        r.rejected_rows[0].reason,
        "the policy sets the stage 1 response timescale by case class (low, high); the row gives none that it names (a `class` column)"
    );
}

/// Audit a fixture as the command line does (its name, a column mapping).
fn run_export(
    plan: &Plan,
    csv: &[u8],
    mapping: Option<&Mapping>,
    threads: usize,
    chunk: usize,
) -> Result<(Report, String), Vec<Located>> {
    let mut out = Vec::new();
    let export = Export {
        name: "export.csv".into(),
        mapping,
    };
    match audit_export(plan, &export, &mut &csv[..], Some(&mut out), threads, chunk) {
        Ok(agg) => {
            assert_eq!(agg.rows, agg.accepted + agg.rejected);
            Ok((report(plan, &agg), String::from_utf8(out).unwrap()))
        }
        Err(AuditError::Input(es)) => Err(es),
        Err(e) => panic!("{e}"),
    }
}

fn mapping(path: &str) -> Result<Mapping, Vec<Located>> {
    Mapping::parse(SourceFile::new(
        path,
        std::fs::read_to_string(path).unwrap(),
    ))
}

/// (code, message, help) of each diagnostic.
fn codes(es: &[Located]) -> Vec<(&str, &str, &str)> {
    es.iter()
        .map(|e| {
            (
                e.diagnostic.code.name.rsplit("::").next().unwrap(),
                e.diagnostic.message.as_str(),
                e.diagnostic.help.as_str(),
            )
        })
        .collect()
}

/// Many copies of a file's records, cut into chunks and threads every way: the same verdicts,
/// rejections and line numbers as one thread reading it whole.
fn chunking_changes_nothing(plan: &Plan, csv: &[u8], m: Option<&Mapping>, header_end: usize) {
    let mut big = csv.to_vec();
    for _ in 0..20 {
        big.extend_from_slice(&csv[header_end..]);
    }
    let (r1, o1) = run_export(plan, &big, m, 1, 0).unwrap();
    for (threads, chunk) in [(2, 37), (3, 100), (4, 1), (2, 7), (2, 4096)] {
        let (r, o) = run_export(plan, &big, m, threads, chunk).unwrap();
        assert_eq!(o, o1, "threads {threads} chunk {chunk}");
        assert_eq!(r.rejected_rows, r1.rejected_rows);
        assert_eq!((r.rows, r.accepted), (r1.rows, r1.accepted));
        assert_eq!(
            serde_json::to_value(&r.stages).unwrap(),
            serde_json::to_value(&r1.stages).unwrap()
        );
        assert_eq!(
            serde_json::to_value(&r.duplicates).unwrap(),
            serde_json::to_value(&r1.duplicates).unwrap()
        );
    }
}

#[test]
fn a_mapped_export_with_uk_dates_all_quoted_crlf_by_hand() {
    // fixtures/audit/mapped/kingston-export.csv is K1 to K7 of fixtures/audit/kingston.csv as
    // a case-management system writes them: its own headers (mapped in kingston-columns.toml),
    // UK dates (`01/06/2026 10:00`, `1/6/2026`), every field quoted, CRLF line ends, track
    // names in any case (`General`, `HOUSING`), extra columns (`Officer`), a note with `""`
    // and one with a line break inside its quotes (K4, lines 5 and 6), and K7 a short row
    // (no `Notes`). So the verdicts are kingston_by_hand's for K1 to K7, and the counts its
    // counts without K13 (worked there). K8 and K9 (lines 10, 11) are rejected.
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let m = mapping("fixtures/audit/mapped/kingston-columns.toml").unwrap();
    let csv = std::fs::read("fixtures/audit/mapped/kingston-export.csv").unwrap();
    let (r, out) = run_export(&plan, &csv, Some(&m), 1, 0).unwrap();
    assert_eq!(
        out,
        "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
K1,general,2026-06-08,true,2026-06-22,true,,,,
K2,housing,2026-06-08,false,2026-06-15,false,,,,
K3,general,2026-06-08,true,2026-06-29,true,,,,
K4,general,2026-06-08,true,2026-06-22,,,,,
K5,housing,2026-06-15,true,2026-06-22,false,,,,
K6,housing,2026-06-08,true,2026-06-15,true,2026-07-08,true,2026-07-29,true
K7,general,2026-06-08,true,2026-06-22,true,2026-06-22,,2026-07-06,
"
    );
    assert_eq!((r.rows, r.accepted, r.rejected), (9, 7, 2));
    let rej = rejections(&r);
    assert_eq!(
        rej,
        vec![
            (10, "unparseable date `31/06/2026` in `received`"),
            (11, "unknown track `Social services`"),
        ]
    );
    // kingston_by_hand's stage one general without K13: K1 K3 K4 K7.
    assert_eq!(
        counts(&r, 1, "general"),
        (4, 4, 0, 3, 0, 1, 1, Some(15), Some(19))
    );
    assert_eq!(stage(&r, 1, "general").escalation_rate, Some(0.25));
    assert_eq!(
        counts(&r, 1, "housing"),
        (3, 2, 1, 1, 2, 0, 0, Some(11), Some(11))
    );
    assert_eq!(counts(&r, 2, "general"), (1, 0, 0, 0, 0, 1, 0, None, None));
    assert_eq!(
        counts(&r, 2, "housing"),
        (1, 1, 0, 1, 0, 0, 0, Some(19), Some(19))
    );
    assert_eq!(r.encoding, "utf-8");
    let header_end = csv.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    chunking_changes_nothing(&plan, &csv, Some(&m), header_end);
}

#[test]
fn bare_cr_and_windows_1252_by_hand() {
    // fixtures/audit/canterbury-mac-1252.csv is C1 to C6 of fixtures/audit/canterbury.csv
    // saved as "CSV (Macintosh)" on Windows: every line ends in a bare CR, and the text is
    // Windows-1252 (`café` as 0xE9, `£` 0xA3, curly quotes 0x93/0x94, `Zoë` 0xEB). C3 has UK
    // dates, C5 is a short row (`C5-Zoë,GENERAL,03/06/2026 08:00`), tracks in any case. So
    // the verdicts and counts are canterbury_by_hand's for C1 to C6 (worked there), the id
    // written back as UTF-8.
    let policy = compile("policies/canterbury.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/canterbury-mac-1252.csv").unwrap();
    let (r, out) = run_export(&plan, &csv, None, 1, 0).unwrap();
    assert_eq!(
        out,
        "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
C1,general,2026-06-08,true,2026-06-18,true,,,,
C2,housing,2026-06-09,,2026-06-23,false,,,,
C3,general,2026-06-08,true,2026-07-06,true,,,,
C4,housing,2026-06-08,true,2026-06-16,true,2026-06-29,true,2026-07-28,true
C5-Zo\u{eb},general,2026-06-10,,2026-06-24,,,,,
C6,general,2026-06-08,false,2026-06-23,true,,,,
"
    );
    assert_eq!((r.rows, r.accepted, r.rejected), (6, 6, 0));
    assert_eq!(r.encoding, "windows-1252");
    assert_eq!(
        counts(&r, 1, "general"),
        (4, 2, 1, 3, 0, 1, 1, Some(14), Some(22))
    );
    assert_eq!(
        counts(&r, 1, "housing"),
        (2, 1, 0, 1, 1, 0, 0, Some(10), Some(16))
    );
    assert_eq!(
        counts(&r, 2, "housing"),
        (1, 1, 0, 1, 0, 0, 1, Some(26), Some(26))
    );
    let header_end = csv.iter().position(|&b| b == b'\r').unwrap() + 1;
    chunking_changes_nothing(&plan, &csv, None, header_end);
}

#[test]
fn misspelt_stage_columns_are_errors_with_a_suggestion() {
    // `Track`, `RECEIVED` and `S1_Responded` are matched ignoring case; `s2_request` and
    // `s1_acknowlegded` are not columns the audit reads, and would have been ignored.
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/misspelt-columns.csv").unwrap();
    let es = run_export(&plan, &csv, None, 1, 0).unwrap_err();
    assert_eq!(
        codes(&es),
        vec![
            (
                "unknown_column",
                "`s2_request` is not a column the audit reads",
                "did you mean `s2_requested`? Rename the column, or map it in a `--columns` file"
            ),
            (
                "unknown_column",
                "`s1_acknowlegded` is not a column the audit reads",
                "did you mean `s1_acknowledged`? Rename the column, or map it in a `--columns` file"
            ),
        ]
    );
    // The label points at the header cell: `s2_request` starts after `id,` (3 bytes),
    // `Track,` (6), `RECEIVED,` (9) and `S1_Responded,` (13): at offset 31.
    assert_eq!(es[0].diagnostic.span.offset, 31);
    // A stage beyond 3, and a misspelt required column (reported once, as a misspelling).
    let es = run_export(&plan, b"id,track,recieved,s4_responded\n", None, 1, 0).unwrap_err();
    assert_eq!(
        codes(&es).iter().map(|c| (c.0, c.1)).collect::<Vec<_>>(),
        vec![
            (
                "unknown_column",
                "`recieved` is not a column the audit reads"
            ),
            (
                "unknown_column",
                "`s4_responded` is not a column the audit reads"
            ),
        ]
    );
    // Two columns for one field.
    let es = run_export(&plan, b"id,track,received,Received \n", None, 1, 0).unwrap_err();
    assert_eq!(codes(&es)[0].0, "duplicate_column");
    // No `track` at all, and an empty file.
    let es = run_export(&plan, b"id,received,notes\n", None, 1, 0).unwrap_err();
    assert_eq!(
        codes(&es).iter().map(|c| (c.0, c.1)).collect::<Vec<_>>(),
        vec![("missing_column", "the export has no `track` column")]
    );
    let es = run_export(&plan, b"", None, 1, 0).unwrap_err();
    assert_eq!(codes(&es)[0].0, "missing_column");
}

#[test]
fn a_bad_column_mapping_is_an_error() {
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    // An unknown field name in the mapping file.
    let es = mapping("fixtures/audit/mapped/bad-columns.toml").unwrap_err();
    assert_eq!(
        codes(&es).iter().map(|c| (c.0, c.1)).collect::<Vec<_>>(),
        vec![(
            "invalid_mapping",
            "`recieved` is not a field the audit reads"
        )]
    );
    assert!(es[0]
        .diagnostic
        .help
        .starts_with("did you mean `received`?"));
    // A mapped header the export does not have: pointed at in the mapping file.
    let m = Mapping::parse(SourceFile::new(
        "m.toml",
        "id = \"Reference\"\ntrack = \"Service\"\nreceived = \"Date received\"\ns1_responded = \"Stage 1 response\"\n",
    ))
    .unwrap();
    let csv = std::fs::read("fixtures/audit/mapped/kingston-export.csv").unwrap();
    let es = run_export(&plan, &csv, Some(&m), 1, 0).unwrap_err();
    assert_eq!(
        codes(&es),
        vec![(
            "missing_column",
            "the export has no column `Stage 1 response` (mapped to `s1_responded`)",
            "did you mean `Stage 1 response sent`? The export's headers are on its first line"
        )]
    );
    assert_eq!(es[0].file.name(), "m.toml");
    // Not TOML; a header that is not text; two fields on one header.
    for (text, message) in [
        ("id = ", "the column mapping is not valid TOML"),
        ("id = 3", "the header for `id` is not text"),
        (
            "id = \"Ref\"\ntrack = \"ref\"",
            "`track` and `id` are both mapped to the header `ref`",
        ),
    ] {
        let es = Mapping::parse(SourceFile::new("m.toml", text)).unwrap_err();
        assert_eq!(
            es[0].diagnostic.code.name,
            "redress::audit::invalid_mapping"
        );
        assert!(es[0].diagnostic.message.starts_with(message), "{text}");
    }
}

#[test]
fn cli_reads_a_mapping_and_reports_header_errors_coded() {
    let bin = env!("CARGO_BIN_EXE_redress");
    let run = |args: &[&str]| std::process::Command::new(bin).args(args).output().unwrap();
    let ok = run(&[
        "audit",
        "policies/kingston.policy",
        "fixtures/audit/mapped/kingston-export.csv",
        "--columns",
        "fixtures/audit/mapped/kingston-columns.toml",
        "--format",
        "json",
    ]);
    assert_eq!(ok.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&ok.stdout).unwrap();
    assert_eq!(
        (v["rows"].as_u64(), v["accepted"].as_u64()),
        (Some(9), Some(7))
    );
    let bad = run(&[
        "audit",
        "policies/kingston.policy",
        "fixtures/audit/misspelt-columns.csv",
        "--format",
        "json",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&bad.stdout).unwrap();
    assert_eq!(
        v["diagnostics"][0]["code"],
        "redress::audit::unknown_column"
    );
    assert_eq!(v["diagnostics"][0]["line"], 1);
    // offset 31 (see misspelt_stage_columns_are_errors_with_a_suggestion): column 32
    assert_eq!(v["diagnostics"][0]["column"], 32);
    let human = run(&[
        "audit",
        "policies/kingston.policy",
        "fixtures/audit/kingston.csv",
        "--columns",
        "fixtures/audit/mapped/bad-columns.toml",
    ]);
    assert_eq!(human.status.code(), Some(2));
    let e = String::from_utf8(human.stderr).unwrap();
    assert!(e.contains("redress::audit::invalid_mapping"), "{e}");
    assert!(e.contains("did you mean `received`?"), "{e}");
}

#[test]
fn track_aliases_by_hand() {
    // fixtures/audit/aliases/kingston-aliases.policy is Kingston with `alias "Corporate", "GF"`
    // on `general` and `alias "HRA", "Housing"` on `housing`. The export's A1 to A7 are K1 to
    // K7 of fixtures/audit/kingston.csv with the track cell written as the case system writes
    // it: A1 `Corporate`, A2 `HRA`, A3 `gf`, A4 ` CORPORATE ` (spaces around), A5 `hra`, A6
    // `Housing`, A7 `General` (the name itself, another case). Names and aliases are compared
    // ignoring case, so A1 A3 A4 A7 are general and A2 A5 A6 housing, and the verdicts are
    // kingston_by_hand's for K1 to K7 (worked there: e.g. A5, Fri 5 Jun 18:30 is after hours ->
    // Mon 8 Jun (w5), ack due w10 Jun 15, response 10 WD (housing) = w15 Jun 22, sent Jun 23:
    // late). A8 `Housing Revenue Account` is not an alias (only `HRA` is), A9 `H.R.A.` is not
    // `HRA` (an alias is matched whole, punctuation and all), A10 `Corporate complaints` is the
    // track's label, not one of its names: rejected, lines 9, 10, 11.
    let policy = compile("fixtures/audit/aliases/kingston-aliases.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/aliases/kingston-aliases.csv").unwrap();
    let (r, out) = run_export(&plan, &csv, None, 1, 0).unwrap();
    assert_eq!(
        out,
        "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
A1,general,2026-06-08,true,2026-06-22,true,,,,
A2,housing,2026-06-08,false,2026-06-15,false,,,,
A3,general,2026-06-08,true,2026-06-29,true,,,,
A4,general,2026-06-08,true,2026-06-22,,,,,
A5,housing,2026-06-15,true,2026-06-22,false,,,,
A6,housing,2026-06-08,true,2026-06-15,true,2026-07-08,true,2026-07-29,true
A7,general,2026-06-08,true,2026-06-22,true,2026-06-22,,2026-07-06,
"
    );
    assert_eq!((r.rows, r.accepted, r.rejected), (10, 7, 3));
    let rej = rejections(&r);
    assert_eq!(
        rej,
        vec![
            (9, "unknown track `Housing Revenue Account`"),
            (10, "unknown track `H.R.A.`"),
            (11, "unknown track `Corporate complaints`"),
        ]
    );
    // kingston_by_hand's counts without K13: stage one general A1 A3 A4 A7, housing A2 A5 A6.
    assert_eq!(
        counts(&r, 1, "general"),
        (4, 4, 0, 3, 0, 1, 1, Some(15), Some(19))
    );
    assert_eq!(
        counts(&r, 1, "housing"),
        (3, 2, 1, 1, 2, 0, 0, Some(11), Some(11))
    );
    assert_eq!(counts(&r, 2, "general"), (1, 0, 0, 0, 0, 1, 0, None, None));
    assert_eq!(
        counts(&r, 2, "housing"),
        (1, 1, 0, 1, 0, 0, 0, Some(19), Some(19))
    );
    let header_end = csv.iter().position(|&b| b == b'\n').unwrap() + 1;
    chunking_changes_nothing(&plan, &csv, None, header_end);

    // Without the aliases (Kingston as shipped) only the track names match, ignoring case:
    // A6 `Housing` and A7 `General`; the other eight rows are rejected.
    let plain = compile("policies/kingston.policy");
    let plain = Plan::new(&plain);
    let (r, _) = run_export(&plain, &csv, None, 1, 0).unwrap();
    assert_eq!((r.rows, r.accepted, r.rejected), (10, 2, 8));
}

/// The diagnostics of a policy text that does not lower: (code, message).
fn lowering_errors(text: &str) -> Vec<(String, String)> {
    match redress::compile(&SourceFile::new("aliases.policy", text)) {
        Ok(_) => Vec::new(),
        Err(ds) => ds
            .iter()
            .map(|d| (d.code.name.to_string(), d.message.clone()))
            .collect(),
    }
}

#[test]
fn a_track_alias_names_one_track_only() {
    let policy = |general: &str, housing: &str| {
        format!(
            "policy \"x\" {{\n  track general ombudsman lgsco{general}\n  track housing ombudsman housing-ombudsman{housing}\n  route one\n  stage one role stage-1 {{\n    respond within 10 working days of receipt\n  }}\n}}\n"
        )
    };
    // Distinct names; an alias that is its own track's name (`Housing`) is harmless.
    assert_eq!(
        lowering_errors(&policy(" alias \"GF\"", " alias \"HRA\", \"Housing\"")),
        vec![]
    );
    let code = "redress::lower::alias_collision".to_string();
    // Another track's name, case aside.
    assert_eq!(
        lowering_errors(&policy("", " alias \"GENERAL\"")),
        vec![(
            code.clone(),
            "the alias `GENERAL` of the track `housing` is also the name of the track `general`"
                .to_string()
        )]
    );
    // Another track's alias, case aside: reported once, at the later track.
    assert_eq!(
        lowering_errors(&policy(" alias \"Repairs\"", " alias \"REPAIRS\"")),
        vec![(
            code.clone(),
            "the alias `REPAIRS` of the track `housing` is also an alias of the track `general`"
                .to_string()
        )]
    );
    // An empty alias would take every row with no track.
    assert_eq!(
        lowering_errors(&policy(" alias \" \"", "")),
        vec![(code, "an alias of the track `general` is empty".to_string())]
    );
}

#[test]
fn duplicate_ids_by_hand() {
    // fixtures/audit/duplicates.csv, worked row by row in duplicates.expected.toml: the first
    // ACCEPTED row with an id is counted; later rows with it are rejected as duplicates.
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/duplicates.csv").unwrap();
    let (r, out) = run_export(&plan, &csv, None, 1, 0).unwrap();
    // D1 (line 2), D2 (3), D3 (7: its line 5 was rejected), d1 (9), D4 (10): the verdicts
    // worked in duplicates.expected.toml; no line for any duplicate.
    assert_eq!(
        out,
        "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
D1,general,2026-06-08,true,2026-06-22,true,,,,
D2,housing,2026-06-08,false,2026-06-15,false,,,,
D3,general,2026-06-08,true,2026-06-22,,,,,
d1,general,2026-06-08,,2026-06-22,,,,,
D4,housing,2026-06-08,true,2026-06-15,true,2026-07-08,true,2026-07-29,true
"
    );
    let rej = rejections(&r);
    assert_eq!(
        rej,
        vec![
            (4, "duplicate id `D1`: a copy of line 2, which is counted"),
            (5, "unparseable date `2026-06-31` in `received`"),
            (
                6,
                "duplicate id `D2`: line 3 has the same id and other cells differ; that first row is the one counted"
            ),
            (8, "duplicate id `D1`: a copy of line 2, which is counted"),
            (
                11,
                "duplicate id `D3`: line 7 has the same id and other cells differ; that first row is the one counted"
            ),
            (12, "duplicate id `D4`: a copy of line 10, which is counted"),
        ]
    );
    let ex: Vec<(&str, u64, u64, bool)> = r
        .duplicates
        .examples
        .iter()
        .map(|d| (d.id.as_str(), d.line, d.first_line, d.conflict))
        .collect();
    assert_eq!(
        ex,
        vec![
            ("D1", 4, 2, false),
            ("D2", 6, 3, true),
            ("D1", 8, 2, false),
            ("D3", 11, 7, true),
            ("D4", 12, 10, false),
        ]
    );
    assert!(!r.duplicates.examples_truncated);
    // The line the human and Markdown reports give them.
    assert_eq!(
        r.duplicates.summary().as_deref(),
        Some(
            "5 rows repeat an id an earlier row has (2 differing from the row counted; the first \
             accepted row with an id is the one counted): `D1` line 4 (counted: line 2), `D2` \
             line 6 (counted: line 3), `D1` line 8 (counted: line 2), `D3` line 11 (counted: \
             line 7), `D4` line 12 (counted: line 10)"
        )
    );
    // Twenty more copies of the body: every copy's accepted rows are duplicates of the first
    // copy's, whatever the chunks and threads (chunks of 1 and 7 bytes cut between every
    // record, so a duplicate and the row it repeats are never in one chunk).
    let header_end = csv.iter().position(|&b| b == b'\n').unwrap() + 1;
    chunking_changes_nothing(&plan, &csv, None, header_end);
}

#[test]
fn every_field_quoted_crlf_and_a_note_first_by_hand() {
    // fixtures/audit/quoted-crlf.csv, worked in quoted-crlf.expected.toml.
    let policy = compile("policies/canterbury.policy");
    let plan = Plan::new(&policy);
    let csv = std::fs::read("fixtures/audit/quoted-crlf.csv").unwrap();
    let (r, out) = run_export(&plan, &csv, None, 1, 0).unwrap();
    // The id with a comma is quoted again on the way out; `Housing` and `GENERAL` are written
    // as the policy names them.
    assert_eq!(
        out,
        "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
Q1,general,2026-06-08,true,2026-06-18,true,,,,
\"Q2, flat 3\",housing,2026-06-09,,2026-06-23,false,,,,
Q3,housing,2026-06-08,true,2026-06-16,true,2026-06-29,true,2026-07-28,true
Q4,general,2026-06-10,,2026-06-24,,,,,
Q5,general,2026-06-08,false,2026-06-23,true,,,,
"
    );
    assert_eq!(
        rejections(&r),
        vec![
            (7, "duplicate id `Q1`: a copy of line 2, which is counted"),
            (9, "unparseable date `2026-06-01T25:00` in `received`"),
            (
                11,
                "duplicate id `Q3`: line 5 has the same id and other cells differ; that first row is the one counted"
            ),
        ]
    );
    let header_end = csv.windows(2).position(|w| w == b"\r\n").unwrap() + 2;
    chunking_changes_nothing(&plan, &csv, None, header_end);
}

/// What a fixture's `NAME.expected.toml` says of `NAME.csv`, worked by hand (the working is in
/// the file's comments).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// the policy, from the repository's root
    policy: String,
    /// a `--columns` mapping, from the repository's root
    columns: Option<String>,
    /// for an export the audit refuses: the codes of its errors, in order
    #[serde(default)]
    errors: Vec<String>,
    rows: Option<u64>,
    accepted: Option<u64>,
    rejected: Option<u64>,
    duplicates: Option<u64>,
    conflicts: Option<u64>,
    rejected_lines: Option<Vec<u64>>,
    #[serde(default)]
    stage: Vec<ExpectedStage>,
}

#[derive(serde::Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct ExpectedStage {
    stage: usize,
    track: String,
    received: u64,
    ack_on_time: u64,
    ack_late: u64,
    resp_on_time: u64,
    resp_late: u64,
    pending: u64,
    extended: u64,
    /// absent at a track's last stage
    escalated: Option<u64>,
    /// absent when no case of the stage has a response
    median_wd: Option<u64>,
    p90_wd: Option<u64>,
}

fn expected_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            expected_files(&p, found);
        } else if p.to_string_lossy().ends_with(".expected.toml") {
            found.push(p);
        }
    }
}

/// Every `fixtures/audit/**/NAME.expected.toml`: `NAME.csv` beside it audited against the
/// policy it names (through its column mapping, if any), on one thread with the default chunk
/// and on several with chunks so small that records and duplicate ids fall on both sides of a
/// cut: every time the hand-worked counts, and rows = accepted + rejected.
#[test]
fn every_fixture_matches_its_hand_worked_counts() {
    let mut files = Vec::new();
    expected_files(Path::new("fixtures/audit"), &mut files);
    files.sort();
    let mut checked = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let exp: Expected = toml::from_str(&std::fs::read_to_string(path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let csv_path = std::path::PathBuf::from(name.replace(".expected.toml", ".csv"));
        let csv = std::fs::read(&csv_path)
            .unwrap_or_else(|e| panic!("{name}: no export {} beside it: {e}", csv_path.display()));
        let policy = compile(&exp.policy);
        let plan = Plan::new(&policy);
        let m = exp.columns.as_deref().map(|c| mapping(c).unwrap());
        let mut first_out: Option<String> = None;
        for (threads, chunk) in [(1, 0), (2, 1), (2, 7), (1, 13), (3, 64), (2, 0)] {
            let at = format!("{name} (threads {threads}, chunk {chunk})");
            let (r, out) = match run_export(&plan, &csv, m.as_ref(), threads, chunk) {
                Ok(x) => x,
                Err(es) => {
                    let codes: Vec<&str> = es.iter().map(|e| e.diagnostic.code.name).collect();
                    assert_eq!(codes, exp.errors, "{at}");
                    continue;
                }
            };
            assert!(
                exp.errors.is_empty(),
                "{at}: expected errors, the audit ran"
            );
            assert_eq!(r.rows, r.accepted + r.rejected, "{at}");
            assert_eq!(Some(r.rows), exp.rows, "{at}: rows");
            assert_eq!(Some(r.accepted), exp.accepted, "{at}: accepted");
            assert_eq!(Some(r.rejected), exp.rejected, "{at}: rejected");
            assert_eq!(Some(r.duplicates.count), exp.duplicates, "{at}: duplicates");
            assert_eq!(
                Some(r.duplicates.conflicts),
                exp.conflicts,
                "{at}: conflicts"
            );
            let lines: Vec<u64> = r.rejected_rows.iter().map(|x| x.line).collect();
            assert_eq!(Some(lines), exp.rejected_lines, "{at}: rejected lines");
            let stages: Vec<ExpectedStage> = r
                .stages
                .iter()
                .map(|s| ExpectedStage {
                    stage: s.stage,
                    track: s.track.clone(),
                    received: s.received,
                    ack_on_time: s.ack_on_time,
                    ack_late: s.ack_late,
                    resp_on_time: s.resp_on_time,
                    resp_late: s.resp_late,
                    pending: s.pending,
                    extended: s.extended,
                    escalated: s.escalated,
                    median_wd: s.median_wd_to_respond,
                    p90_wd: s.p90_wd_to_respond,
                })
                .collect();
            assert_eq!(stages, exp.stage, "{at}: stages");
            // The per-case output, too, is the same whatever the threads and chunks.
            match &first_out {
                None => first_out = Some(out),
                Some(o) => assert_eq!(&out, o, "{at}: per-case output"),
            }
        }
        checked.push(name);
    }
    for must in [
        "kingston",
        "canterbury",
        "canterbury-mac-1252",
        "misspelt-columns",
        "reordered-stages",
        "duplicates",
        "quoted-crlf",
        "mapped/kingston-export",
        "aliases/kingston-aliases",
    ] {
        assert!(
            checked
                .iter()
                .any(|c| c.ends_with(&format!("/{must}.expected.toml"))),
            "fixtures/audit/{must}.expected.toml was not checked"
        );
    }
}

#[test]
fn cli_reports_duplicates_in_json() {
    let bin = env!("CARGO_BIN_EXE_redress");
    let o = std::process::Command::new(bin)
        .args([
            "audit",
            "policies/kingston.policy",
            "fixtures/audit/duplicates.csv",
            "--format",
            "json",
            "--threads",
            "2",
        ])
        .output()
        .unwrap();
    // Duplicates are findings in the rejected rows, not an error: exit 0 as for any rejection.
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["duplicates"]["count"], 5);
    assert_eq!(v["duplicates"]["conflicts"], 2);
    assert_eq!(v["duplicates"]["examples"][1]["id"], "D2");
    assert_eq!(v["duplicates"]["examples"][1]["line"], 6);
    assert_eq!(v["duplicates"]["examples"][1]["first_line"], 3);
    assert_eq!(v["duplicates"]["examples"][1]["conflict"], true);
}
