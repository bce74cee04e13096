//! `redress measures`: CH01 and CH02 worked by hand for a small export against Kingston.
//!
//! Kingston's housing track goes to the Housing Ombudsman; its general track to the LGSCO (not
//! counted). Kingston states no office hours, so 09:00 to 17:00 is assumed, and a complaint
//! arriving after 17:00 counts from the next working day. Its own housing timescales count
//! the response from the stage's start (10 working days at stage 1, 20 at stage 2); the Code,
//! which CH02 uses, counts it from the acknowledgement (HO 6.3: 10, HO 6.14: 20), the
//! acknowledgement due within 5 working days (HO 6.2, 6.11).
//!
//! England and Wales bank holidays in play: Good Friday 3 Apr 2026, Easter Monday 6 Apr 2026,
//! Christmas Day Fri 25 Dec 2026, Boxing Day substitute Mon 28 Dec 2026, New Year's Day Fri
//! 1 Jan 2027. Weekdays: 1 Apr 2026 Wed, 1 Jun 2026 Mon, 1 Jul 2026 Wed, 1 Sep 2026 Tue,
//! 2 Nov 2026 Mon, 1 Dec 2026 Tue, 1 Feb 2027 Mon, 1 Mar 2027 Mon, 2 Mar 2026 Mon.
//!
//! Reporting year 2026/27: 1 April 2026 to 31 March 2027. Day by day (w1 = the first working
//! day after the start, "due" = the Code's deadline):
//!
//! H1 received Tue 31 Mar 2026 10:00 (year before: not in CH01). Code ack due: Apr 1 w1, 2 w2,
//!    (3 Good Friday, 6 Easter Monday) 7 w3, 8 w4, 9 w5 = 9 Apr. Acked 1 Apr: response due
//!    Apr 2 w1, 7 w2, 8 w3, 9 w4, 10 w5, 13 w6, 14 w7, 15 w8, 16 w9, 17 w10 = 17 Apr.
//!    Responded 10 Apr, in the year: CH02 s1 within. Policy: 10 wd from 31 Mar = 16 Apr: on time.
//! H2 received Tue 31 Mar 2026 18:30, after closing: counts from Wed 1 Apr, IN the year.
//!    Ack due Apr 2, 7, 8, 9, 10 = 10 Apr; acked 2 Apr: response due Apr 7 w1 ... 10 w4,
//!    13 w5 ... 17 w9, 20 w10 = 20 Apr. Responded 20 Apr: within (the last day).
//!    Policy: 10 wd from 1 Apr = Apr 2, 7, 8, 9, 10, 13, 14, 15, 16, 17 = 17 Apr: LATE.
//! H3 received Mon 1 Jun 10:00. Ack due Jun 2, 3, 4, 5, 8 = 8 Jun; acked 10 Jun, late, so the
//!    response counts from the ack deadline 8 Jun: Jun 9 w1 ... 12 w4, 15 w5 ... 19 w9,
//!    22 w10 = 22 Jun. Responded 24 Jun: NOT within (from the actual ack it would be 24 Jun).
//!    Policy: 1 Jun + 10 wd = 15 Jun: late.
//! H4 received Mon 1 Jun 10:00, acked 2 Jun, extended 5 wd. Response due Jun 3 w1, 4, 5, 8, 9,
//!    10, 11, 12, 15, 16 w10 = 16 Jun; + 5 = Jun 17, 18, 19, 22, 23 = 23 Jun. Responded 22 Jun:
//!    within. Policy: 15 Jun + 5 = 22 Jun: on time.
//! H5 received Wed 1 Jul 10:00, acked 2 Jul, extended 15 wd (beyond the Code's 10, HO 6.4).
//!    Response due Jul 3 w1, 6 ... 10 w6, 13 ... 16 w10 = 16 Jul; + 10 (the cap) = Jul 17, 20,
//!    21, 22, 23, 24, 27, 28, 29, 30 = 30 Jul. Responded 4 Aug: NOT within.
//!    Policy (no cap): 1 Jul + 10 = 15 Jul; + 15 = Jul 16 ... 31 (12), Aug 3, 4, 5 = 5 Aug: on time.
//! H6 received Tue 1 Sep 10:00, no acknowledgement recorded: ack due Sep 2, 3, 4, 7, 8 = 8 Sep,
//!    response from that deadline: Sep 9 w1, 10, 11, 14, 15, 16, 17, 18, 21, 22 w10 = 22 Sep.
//!    Responded 15 Sep: within. Policy: 1 Sep + 10 = 15 Sep: on time.
//! H7 received Mon 5 Oct, acked 6 Oct, no response yet: CH01 only.
//! H8 received Mon 2 Nov 10:00, acked 3 Nov, responded 10 Nov (s1 due Nov 4 ... 17 = 17 Nov:
//!    within; policy 16 Nov: on time). Escalated Fri 20 Nov 16:30 (in hours): CH01 s2.
//!    S2 ack due Nov 23, 24, 25, 26, 27 = 27 Nov; acked 24 Nov: response due Nov 25 w1, 26, 27,
//!    30 w4, Dec 1 w5 ... 4 w8, 7 w9 ... 11 w13, 14 w14 ... 18 w18, 21 w19, 22 w20 = 22 Dec.
//!    Responded 22 Dec: within. Policy: 20 wd from 20 Nov = 18 Dec: late.
//! H9 received Mon 2 Nov, acked 4 Nov, responded 16 Nov (s1 due Nov 5, 6, 9, 10, 11, 12, 13,
//!    16, 17, 18 = 18 Nov: within; policy 16 Nov: on time). Escalated Thu 10 Dec 17:15, after
//!    closing: counts from Fri 11 Dec. S2 ack due Dec 14 ... 18 = 18 Dec; acked 14 Dec:
//!    response due Dec 15 w1, 16, 17, 18 w4, 21 w5 ... 24 w8, (25 Christmas, 28 Boxing Day
//!    substitute) 29 w9, 30 w10, 31 w11, (1 Jan) Jan 4 w12 ... 8 w16, 11 w17 ... 14 w20 =
//!    14 Jan 2027. Responded 14 Jan: within. Policy: 20 wd from 11 Dec = 13 Jan: late.
//! H10 received Tue 5 Jan 2027, acked 6 Jan, responded 19 Jan (s1 due Jan 7, 8, 11 ... 15,
//!    18, 19, 20 = 20 Jan: within; policy Jan 6 ... 19 = 19 Jan: on time). Escalated Mon 1 Feb
//!    10:00: CH01 s2. S2 ack due Feb 8; acked 3 Feb: response due Feb 4 w1, 5 w2, 8 ... 12 w7,
//!    15 ... 19 w12, 22 ... 26 w17, Mar 1 w18, 2 w19, 3 w20 = 3 Mar. Responded 5 Mar: NOT
//!    within. Policy: 20 wd from 1 Feb = 1 Mar: late.
//! H11 received Mon 22 Mar 2027, acked 23 Mar, responded 6 Apr 2027: CH01 s1 in 2026/27, its
//!    response in 2027/28 (not in this year's CH02).
//! H12 received Wed 31 Mar 2027 17:05, after closing: counts from Thu 1 Apr 2027, NOT in the year.
//! H13 general track (LGSCO): not counted.
//! H4 again (track `HOUSING`): a repeated id, counted once (the first row).
//! H15 responded before receipt: rejected by the audit.
//! H16 received Mon 2 Feb 2026 (year before), s1 responded 16 Feb 2026 (year before). Escalated
//!    Mon 2 Mar 2026 10:00 (year before: not in CH01 s2). S2 ack due Mar 3, 4, 5, 6, 9 = 9 Mar;
//!    acked 4 Mar: response due Mar 5 w1, 6 w2, 9 ... 13 w7, 16 ... 20 w12, 23 ... 27 w17,
//!    30 w18, 31 w19, Apr 1 w20 = 1 Apr 2026. Responded 1 Apr 2026, in the year: within.
//!    Policy: 20 wd from 2 Mar = 30 Mar: late.
//!
//! Totals for 2026/27:
//! - CH01 stage 1 received: H2, H3, H4, H5, H6, H7, H8, H9, H10, H11 = 10; per 1,000 of 2,500
//!   homes: 10 * 1000 / 2500 = 4.00.
//! - CH01 stage 2 received: H8, H9, H10 = 3; 3 * 1000 / 2500 = 1.20.
//! - CH02 stage 1: responded in the year H1, H2, H3, H4, H5, H6, H8, H9, H10 = 9; within the
//!   Code H1, H2, H4, H6, H8, H9, H10 = 7; 7 / 9 = 77.8 %. Extended H4, H5 = 2, H5 beyond the
//!   Code's cap = 1. By the policy's own timescales: H1, H4, H5, H6, H8, H9, H10 = 7 (H2 and
//!   H3 late): the same count, not the same cases.
//! - CH02 stage 2: responded in the year H8, H9, H10, H16 = 4; within H8, H9, H16 = 3: 75.0 %.
//!   By the policy's own: none (H8, H9, H10, H16 all late).
//! - 16 rows: 15 accepted, 1 rejected (H15); 1 on the general track; 1 repeated id.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;
use common::TempDir;
use std::process::{Command, Output};

use redress::audit::Export;
use redress::measures::{measure, Measures, Year};
use redress::source::SourceFile;

const KINGSTON: &str = "policies/kingston.policy";

const EXPORT: &str = "\
id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded,notes
H1,housing,2026-03-31T10:00,2026-04-01,,2026-04-10,,,,,received the year before
H2,housing,31/03/2026 18:30,02/04/2026,,20/04/2026,,,,,after closing on 31 March
H3,housing,2026-06-01T10:00,2026-06-10,,2026-06-24,,,,,late acknowledgement
H4,housing,2026-06-01T10:00,2026-06-02,5,2026-06-22,,,,,extended 5
H5,Housing,2026-07-01T10:00,2026-07-02,15,2026-08-04,,,,,extended 15
H6,housing,2026-09-01T10:00,,,2026-09-15,,,,,no acknowledgement recorded
H7,housing,2026-10-05T10:00,2026-10-06,,,,,,,pending
H8,housing,2026-11-02T10:00,2026-11-03,,2026-11-10,2026-11-20T16:30,2026-11-24,,2026-12-22,two stages
H9,housing,2026-11-02T10:00,2026-11-04,,2026-11-16,2026-12-10T17:15,2026-12-14,,2027-01-14,over Christmas
H10,housing,2027-01-05T10:00,2027-01-06,,2027-01-19,2027-02-01T10:00,2027-02-03,,2027-03-05,stage 2 late
H11,housing,2027-03-22T10:00,2027-03-23,,2027-04-06,,,,,answered next year
H12,housing,2027-03-31T17:05,,,,,,,,after closing on 31 March
H13,general,2026-06-01T10:00,2026-06-02,,2026-06-10,,,,,not housing
H4,HOUSING,2026-06-01T10:00,2026-06-02,,2026-07-01,,,,,repeated id
H15,housing,2026-06-10T10:00,,,2026-06-05,,,,,response before receipt
H16,housing,2026-02-02T10:00,2026-02-03,,2026-02-16,2026-03-02T10:00,2026-03-04,,2026-04-01,stage 2 answered in the year
";

fn kingston() -> redress::ir::Policy {
    let text = std::fs::read_to_string(KINGSTON).unwrap();
    redress::compile(&SourceFile::new(KINGSTON, text)).unwrap()
}

fn measures_of(csv: &str, homes: Option<u64>) -> Measures {
    let policy = kingston();
    let export = Export {
        name: "export.csv".into(),
        mapping: None,
    };
    measure(
        &policy,
        &export,
        csv.as_bytes(),
        Year::parse("2026").unwrap(),
        homes,
    )
    .unwrap()
}

#[test]
fn ch01_and_ch02_by_hand() {
    let m = measures_of(EXPORT, Some(2500));
    assert_eq!(m.year, "2026/27");
    assert_eq!(m.tracks, vec!["housing"]);
    assert_eq!((m.rows, m.accepted, m.rejected), (16, 15, 1));
    assert_eq!(m.rejected_rows[0].line, 16);
    assert_eq!((m.not_housing, m.duplicates), (1, 1));
    assert_eq!(m.duplicate_ids, vec!["H4"]);

    let s1 = &m.stages[0];
    assert_eq!(s1.stage, 1);
    assert_eq!(s1.received, 10);
    assert_eq!(s1.per_1000_homes, Some(4.0));
    assert_eq!((s1.within_code, s1.responded), (7, 9));
    assert!((s1.percent_within_code.unwrap() - 700.0 / 9.0).abs() < 1e-9);
    assert_eq!((s1.extended, s1.extension_over_code), (2, 1));
    assert_eq!(s1.within_policy, 7);

    let s2 = &m.stages[1];
    assert_eq!(s2.stage, 2);
    assert_eq!(s2.received, 3);
    assert!((s2.per_1000_homes.unwrap() - 1.2).abs() < 1e-9);
    assert_eq!((s2.within_code, s2.responded), (3, 4));
    assert_eq!(s2.percent_within_code, Some(75.0));
    assert_eq!(s2.within_policy, 0);
}

/// A reporting year is 1 April to 31 March; `2026` names the year that starts in 2026.
#[test]
fn reporting_years() {
    let y = Year::parse("2026").unwrap();
    assert_eq!(y, Year::parse("2026/27").unwrap());
    assert_eq!(y, Year::parse("2026-27").unwrap());
    assert_eq!(y, Year::parse("2026/2027").unwrap());
    assert_eq!(y.start().to_string(), "2026-04-01");
    assert_eq!(y.end().to_string(), "2027-03-31");
    assert_eq!(Year::parse("2099/00").unwrap().label(), "2099/00");
    for bad in [
        "26",
        "2026/28",
        "2026-2028",
        "April 2026",
        "2026/",
        "",
        "20x6",
    ] {
        assert!(Year::parse(bad).is_none(), "{bad}");
    }
}

/// The same cases in the previous year: only H1 (received 31 Mar 2026) and H16 (both stages
/// received in 2025/26) count in CH01; in CH02, the responses before 1 April 2026: H16's
/// stage 1 (16 Feb 2026, due from its ack 3 Feb: Feb 4 ... 17 = 17 Feb, within).
#[test]
fn the_year_before() {
    let policy = kingston();
    let export = Export::default();
    let m = measure(
        &policy,
        &export,
        EXPORT.as_bytes(),
        Year::parse("2025").unwrap(),
        None,
    )
    .unwrap();
    assert_eq!((m.stages[0].received, m.stages[1].received), (2, 1));
    assert_eq!((m.stages[0].within_code, m.stages[0].responded), (1, 1));
    assert_eq!((m.stages[1].within_code, m.stages[1].responded), (0, 0));
    assert_eq!(m.stages[0].per_1000_homes, None);
    assert_eq!(m.stages[1].percent_within_code, None);
}

fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_in_each_format() {
    let dir = TempDir::new("measures-formats");
    let csv = dir.file("export.csv", EXPORT);
    let csv = csv.to_str().unwrap();
    let md = redress(&[
        "measures", KINGSTON, csv, "--year", "2026", "--homes", "2500",
    ]);
    assert!(md.status.success());
    let text = String::from_utf8(md.stdout)
        .unwrap()
        .replace(csv, "export.csv");
    insta::assert_snapshot!("kingston_2026_md", text);

    let json = redress(&[
        "measures", KINGSTON, csv, "--year", "2026/27", "--format", "json",
    ]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["homes"], serde_json::Value::Null);
    assert_eq!(v["stages"][0]["received"], 10);
    assert_eq!(v["stages"][0]["per_1000_homes"], serde_json::Value::Null);
    assert_eq!(v["stages"][1]["within_code"], 3);

    // Without --homes the counts are there and CH01 says what it needs.
    let md = redress(&["measures", KINGSTON, csv, "--year", "2026"]);
    let text = String::from_utf8(md.stdout).unwrap();
    assert!(text.contains(
        "| CH01 complaints received per 1,000 homes | stage 1 | needs --homes | 10 received | - |"
    ));
    assert!(text.contains("CH01 needs --homes"));

    let html = redress(&[
        "measures", KINGSTON, csv, "--year", "2026", "--homes", "2500", "--format", "html",
    ]);
    let text = String::from_utf8(html.stdout).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<td class=\"n\">77.8%</td><td class=\"n\">7 within</td><td class=\"n\">9 responded to</td>"));
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("measures-usage");
    let csv = dir.file("usage.csv", EXPORT);
    let csv = csv.to_str().unwrap();
    for args in [
        vec!["measures", KINGSTON, csv, "--year", "2026/28"],
        vec!["measures", KINGSTON, csv, "--year", "2040"],
        vec!["measures", KINGSTON, csv, "--year", "2026", "--homes", "0"],
        vec!["measures", KINGSTON, "no-such-file.csv", "--year", "2026"],
        // No track goes to the Housing Ombudsman.
        vec![
            "measures",
            "policies/tameside.policy",
            csv,
            "--year",
            "2026",
        ],
    ] {
        let o = redress(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // A misspelt column is the audit's coded error, as JSON with --format json.
    let bad = dir.file("misspelt.csv", "id,track,recieved\nH1,housing,2026-06-01\n");
    let o = redress(&[
        "measures",
        KINGSTON,
        bad.to_str().unwrap(),
        "--year",
        "2026",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["diagnostics"][0]["code"],
        "redress::audit::unknown_column"
    );
}
