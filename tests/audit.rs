//! `redress audit`: hand-worked verdicts on fixtures/audit/*.csv, the report counts, chunking
//! and threads, and a consistency check against the simulator on the case fixtures.
//!
//! Calendar used by hand (England and Wales, 2026): no bank holidays between 1 June and
//! 30 August. Working days counted from Mon 1 Jun 2026 (= w0):
//!   Jun 2 w1, 3 w2, 4 w3, 5 w4 | 8 w5 ... 12 w9 | 15 w10 ... 19 w14 | 22 w15 ... 26 w19 |
//!   29 w20, 30 w21, Jul 1 w22, 2 w23, 3 w24 | 6 w25 ... 10 w29 | 13 w30 ... 17 w34 |
//!   20 w35 ... 24 w39 | 27 w40, 28 w41, 29 w42.
//! N working days after a working day wK is w(K+N); days to respond = wEnd - wStart.

use std::collections::BTreeMap;
use std::path::Path;

use redress::audit::{audit, report, Plan, Report};
use redress::simulate::{self, EventKind, StepKind};
use redress::source::SourceFile;

fn plan(policy: &str) -> Plan {
    let text = std::fs::read_to_string(policy).unwrap();
    let p = redress::compile(&SourceFile::new(policy, text)).unwrap();
    Plan::new(&p)
}

/// Audit bytes with the given threads and chunk size: the report and the per-case output.
fn run(plan: &Plan, csv: &[u8], threads: usize, chunk: usize) -> (Report, String) {
    let mut out = Vec::new();
    let agg = audit(plan, &mut &csv[..], Some(&mut out), threads, chunk).unwrap();
    assert_eq!(agg.rows, agg.accepted + agg.rejected);
    (report(plan, &agg), String::from_utf8(out).unwrap())
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
    let plan = plan("policies/kingston.policy");
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
    assert_eq!(out, expected);
    assert_eq!((r.rows, r.accepted, r.rejected), (13, 7, 6));
    let rej: Vec<(u64, &str)> = r
        .rejected_rows
        .iter()
        .map(|x| (x.line, x.reason.as_str()))
        .collect();
    assert_eq!(
        rej,
        vec![
            (9, "unparseable date `2026-06-31` in `received`"),
            (10, "stage 1 response before receipt"),
            (11, "stage 1 acknowledgement before receipt"),
            (12, "unknown track `social`"),
            (13, "missing id"),
            (14, "wrong column count: 3 fields, the header has 11"),
        ]
    );
    assert!(!r.rejected_rows_truncated);
    // Stage one general: K1 K3 K4 K7; acks all on time; responses K1 K3 K7 on time, K4
    // pending; K3 extended; days to respond K1 15, K3 19 (w19 Jun 26), K7 7 (w7 Jun 10):
    // sorted 7 15 19, median (rank 2) 15, p90 (rank 3) 19; K7 escalated: 1 in 4.
    assert_eq!(
        counts(&r, 1, "general"),
        (4, 4, 0, 3, 0, 1, 1, Some(15), Some(19))
    );
    assert_eq!(stage(&r, 1, "general").escalation_rate, Some(0.25));
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
    let plan = plan("policies/canterbury.policy");
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
    let rej: Vec<(u64, &str)> = r
        .rejected_rows
        .iter()
        .map(|x| (x.line, x.reason.as_str()))
        .collect();
    assert_eq!(
        rej,
        vec![
            (8, "unparseable date `19/06/2026` in `s1_responded`"),
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
    let plan = plan("policies/kingston.policy");
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
    }
    assert_eq!(r1.rows, 13 * 51);
    assert_eq!(r1.rejected, 6 * 51);
    // The last copy's `missing id` row: 1 header + 50 copies of 13 lines before it, then line 12.
    assert!(r1
        .rejected_rows
        .iter()
        .any(|x| x.line == 1 + 50 * 13 + 12 && x.reason == "missing id"));
}

#[test]
fn rejected_rows_listed_up_to_the_cap() {
    let plan = plan("policies/kingston.policy");
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
    let plan = plan("policies/kingston.policy");
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

fn dt(d: chrono::NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M").to_string()
}

/// Every case fixture without pauses, exclusions, skipped stages or refusals, as an audit row:
/// the audit's stage 1-2 due dates (and on-time verdicts for steps done) must equal the
/// simulator's.
#[test]
fn agrees_with_the_simulator_on_case_fixtures() {
    let mut files: Vec<_> = std::fs::read_dir("fixtures/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut compared = 0;
    let mut differences = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let fx = simulate::fixture::parse(path, &text).unwrap();
        let case = &fx.case;
        let awkward = case.excluded.is_some()
            || case.events.iter().any(|e| {
                matches!(
                    e.kind,
                    EventKind::Paused
                        | EventKind::Resumed
                        | EventKind::Skipped
                        | EventKind::EscalationRefused
                )
            });
        if awkward {
            continue;
        }
        let ptext = std::fs::read_to_string(&fx.policy_path).unwrap();
        let policy = redress::compile(&SourceFile::new(
            fx.policy_path.to_string_lossy().as_ref(),
            ptext,
        ))
        .unwrap();
        let names: Vec<String> = policy
            .stages
            .iter()
            .take(2)
            .map(|s| s.name.value.clone())
            .collect();
        let mut cols: BTreeMap<String, String> = BTreeMap::new();
        for e in &case.events {
            let Some(k) = names.iter().position(|n| *n == e.stage) else {
                continue;
            };
            let n = k + 1;
            let (col, val) = match &e.kind {
                EventKind::Acknowledged => (format!("s{n}_acknowledged"), e.at.date().to_string()),
                EventKind::Responded { .. } => (format!("s{n}_responded"), e.at.date().to_string()),
                EventKind::EscalationRequested => (format!("s{n}_requested"), dt(e.at)),
                EventKind::Extended { working_days, .. } => {
                    let c = format!("s{n}_extension_wd");
                    let before: u32 = cols.get(&c).map(|v| v.parse().unwrap()).unwrap_or(0);
                    (c, (before + working_days).to_string())
                }
                _ => continue,
            };
            cols.entry(col).or_insert(val);
        }
        let header = "id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded";
        let mut row = vec!["x".to_string(), case.track.clone(), dt(case.received)];
        for c in header.split(',').skip(3) {
            row.push(cols.get(c).cloned().unwrap_or_default());
        }
        let csv = format!("{header}\n{}\n", row.join(","));
        let plan = Plan::new(&policy);
        let (r, out) = run(&plan, csv.as_bytes(), 1, 0);
        assert_eq!(r.accepted, 1, "{}: {:?}", path.display(), r.rejected_rows);
        let line = out.lines().nth(1).unwrap().to_string();
        let cells: Vec<&str> = line.split(',').collect();
        let timeline = simulate::simulate(&policy, case).unwrap();
        for step in &timeline.steps {
            let Some(k) = names.iter().position(|n| *n == step.stage) else {
                continue;
            };
            let base = 2
                + 4 * k
                + match step.step {
                    StepKind::Acknowledge => 0,
                    StepKind::Respond => 2,
                    _ => continue,
                };
            let due = step.due.map(|d| d.to_string()).unwrap_or_default();
            let ours = cells.get(base).copied().unwrap_or("");
            compared += 1;
            if ours != due {
                differences.push(format!(
                    "{}: stage {} {:?} due: simulator {due}, audit {ours}",
                    path.display(),
                    k + 1,
                    step.step
                ));
            }
            if step.done.is_some() {
                let sim_on_time = step.status == simulate::Status::OnTime;
                let ours = cells.get(base + 1).copied().unwrap_or("");
                if ours != sim_on_time.to_string() {
                    differences.push(format!(
                        "{}: stage {} {:?} on time: simulator {sim_on_time}, audit {ours}",
                        path.display(),
                        k + 1,
                        step.step
                    ));
                }
            }
        }
    }
    eprintln!("{compared} steps compared");
    assert!(compared >= 40, "only {compared} steps compared");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
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
    assert_eq!(v["rows"], 13);
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
