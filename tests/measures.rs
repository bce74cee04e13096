//! `redress measures`: CH01, CH02 and the monthly on-time rates worked by hand for a small
//! export against Kingston (`fixtures/measures/kingston-2026-27.csv`), and the annual report
//! built on them.
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
//! Reporting year 2026/27: 1 April 2026 to 31 March 2027. Day by day, by line of the file
//! (w1 = the first working day after the start, "due" = the Code's deadline):
//!
//! H1 (line 2) received Tue 31 Mar 2026 10:00 (year before: not in CH01). Code ack due: Apr 1
//!    w1, 2 w2, (3 Good Friday, 6 Easter Monday) 7 w3, 8 w4, 9 w5 = 9 Apr. Acked 1 Apr:
//!    response due Apr 2 w1, 7 w2, 8 w3, 9 w4, 10 w5, 13 w6, 14 w7, 15 w8, 16 w9, 17 w10 =
//!    17 Apr. Responded 10 Apr, in the year: CH02 s1 within (April). Policy: 10 wd from 31 Mar
//!    = 16 Apr: on time.
//! H2 (3) received Tue 31 Mar 2026 18:30, after closing: counts from Wed 1 Apr, IN the year.
//!    Ack due Apr 2, 7, 8, 9, 10 = 10 Apr; acked 2 Apr: response due Apr 7 w1 ... 10 w4,
//!    13 w5 ... 17 w9, 20 w10 = 20 Apr. Responded 20 Apr: within (the last day; April).
//!    Policy: 10 wd from 1 Apr = Apr 2, 7, 8, 9, 10, 13, 14, 15, 16, 17 = 17 Apr: LATE.
//! H3 (4) received Mon 1 Jun 10:00. Ack due Jun 2, 3, 4, 5, 8 = 8 Jun; acked 10 Jun, late, so
//!    the response counts from the ack deadline 8 Jun: Jun 9 w1 ... 12 w4, 15 w5 ... 19 w9,
//!    22 w10 = 22 Jun. Responded 24 Jun: NOT within (June; from the actual ack it would be
//!    24 Jun). Policy: 1 Jun + 10 wd = 15 Jun: late.
//! H4 (5) received Mon 1 Jun 10:00, acked 2 Jun, extended 5 wd. Response due Jun 3 w1, 4, 5,
//!    8, 9, 10, 11, 12, 15, 16 w10 = 16 Jun; + 5 = Jun 17, 18, 19, 22, 23 = 23 Jun. Responded
//!    22 Jun: within (June). Policy: 15 Jun + 5 = 22 Jun: on time.
//! H5 (6) received Wed 1 Jul 10:00, acked 2 Jul, extended 15 wd (beyond the Code's 10, HO
//!    6.4). Response due Jul 3 w1, 6 ... 10 w6, 13 ... 16 w10 = 16 Jul; + 10 (the cap) = Jul
//!    17, 20, 21, 22, 23, 24, 27, 28, 29, 30 = 30 Jul. Responded 4 Aug: NOT within (August).
//!    Policy (no cap): 1 Jul + 10 = 15 Jul; + 15 = Jul 16 ... 31 (12), Aug 3, 4, 5 = 5 Aug:
//!    on time.
//! H6 (7) received Tue 1 Sep 10:00, no acknowledgement recorded: ack due Sep 2, 3, 4, 7, 8 =
//!    8 Sep, response from that deadline: Sep 9 w1, 10, 11, 14, 15, 16, 17, 18, 21, 22 w10 =
//!    22 Sep. Responded 15 Sep: within (September). Policy: 1 Sep + 10 = 15 Sep: on time.
//! H7 (8) received Mon 5 Oct, acked 6 Oct, no response: CH01 only; OPEN at 31 March 2027.
//! H8 (9) received Mon 2 Nov 10:00, acked 3 Nov, responded 10 Nov (s1 due Nov 4 ... 17 =
//!    17 Nov: within, November; policy 16 Nov: on time). Escalated Fri 20 Nov 16:30 (in
//!    hours): CH01 s2. S2 ack due Nov 23, 24, 25, 26, 27 = 27 Nov; acked 24 Nov: response due
//!    Nov 25 w1, 26, 27, 30 w4, Dec 1 w5 ... 4 w8, 7 w9 ... 11 w13, 14 w14 ... 18 w18, 21 w19,
//!    22 w20 = 22 Dec. Responded 22 Dec: within (December). Policy: 20 wd from 20 Nov =
//!    18 Dec: late.
//! H9 (10) received Mon 2 Nov, acked 4 Nov, responded 16 Nov (s1 due Nov 5, 6, 9, 10, 11, 12,
//!    13, 16, 17, 18 = 18 Nov: within, November; policy 16 Nov: on time). Escalated Thu 10 Dec
//!    17:15, after closing: counts from Fri 11 Dec. S2 ack due Dec 14 ... 18 = 18 Dec; acked
//!    14 Dec: response due Dec 15 w1, 16, 17, 18 w4, 21 w5 ... 24 w8, (25 Christmas, 28 Boxing
//!    Day substitute) 29 w9, 30 w10, 31 w11, (1 Jan) Jan 4 w12 ... 8 w16, 11 w17 ... 14 w20 =
//!    14 Jan 2027. Responded 14 Jan: within (January). Policy: 20 wd from 11 Dec = 13 Jan:
//!    late.
//! H10 (11) received Tue 5 Jan 2027, acked 6 Jan, responded 19 Jan (s1 due Jan 7, 8, 11 ...
//!    15, 18, 19, 20 = 20 Jan: within, January; policy Jan 6 ... 19 = 19 Jan: on time).
//!    Escalated Mon 1 Feb 10:00: CH01 s2. S2 ack due Feb 8; acked 3 Feb: response due Feb 4
//!    w1, 5 w2, 8 ... 12 w7, 15 ... 19 w12, 22 ... 26 w17, Mar 1 w18, 2 w19, 3 w20 = 3 Mar.
//!    Responded 5 Mar: NOT within (March). Policy: 20 wd from 1 Feb = 1 Mar: late.
//! H11 (12) received Mon 22 Mar 2027, acked 23 Mar, responded 6 Apr 2027: CH01 s1 in 2026/27,
//!    its response in 2027/28 (not in this year's CH02); OPEN at 31 March 2027.
//! H12 (13) received Wed 31 Mar 2027 17:05, after closing: counts from Thu 1 Apr 2027, NOT in
//!    the year, and not open at its end (it had not started).
//! H13 (14) general track (LGSCO): accepted, not counted.
//! H4 again (15, track `HOUSING`, no extension, responded 1 Jul): an id line 5 already
//!    counted, with different dates: a conflict, rejected (the first accepted row wins).
//! H15 (16) responded before receipt: rejected by the audit.
//! H16 (17) received Mon 2 Feb 2026 (year before), s1 responded 16 Feb 2026 (year before).
//!    Escalated Mon 2 Mar 2026 10:00 (year before: not in CH01 s2). S2 ack due Mar 3, 4, 5, 6,
//!    9 = 9 Mar; acked 4 Mar: response due Mar 5 w1, 6 w2, 9 ... 13 w7, 16 ... 20 w12, 23 ...
//!    27 w17, 30 w18, 31 w19, Apr 1 w20 = 1 Apr 2026. Responded 1 Apr 2026, in the year:
//!    within (April). Policy: 20 wd from 2 Mar = 30 Mar: late.
//!
//! Totals for 2026/27:
//! - 16 rows: 14 accepted, 2 rejected (line 15, the repeated H4; line 16, H15); 1 on the
//!   general track; 1 duplicate, a conflict.
//! - CH01 stage 1 received: H2, H3, H4, H5, H6, H7, H8, H9, H10, H11 = 10; per 1,000 of 2,500
//!   homes: 10 * 1000 / 2500 = 4.00.
//! - CH01 stage 2 received: H8, H9, H10 = 3; 3 * 1000 / 2500 = 1.20.
//! - CH02 stage 1: responded in the year H1, H2, H3, H4, H5, H6, H8, H9, H10 = 9; within the
//!   Code H1, H2, H4, H6, H8, H9, H10 = 7; 7 / 9 = 77.8 %. Extended H4, H5 = 2, H5 beyond the
//!   Code's cap = 1. By the policy's own timescales: H1, H4, H5, H6, H8, H9, H10 = 7 (H2 and
//!   H3 late): the same count, not the same cases. Open at 31 March 2027: H7, H11 = 2.
//! - CH02 stage 2: responded in the year H8, H9, H10, H16 = 4; within H8, H9, H16 = 3: 75.0 %.
//!   By the policy's own: none (H8, H9, H10, H16 all late). Open at 31 March 2027: none.
//! - Month by month, by the month each response was sent (within / responded):
//!   stage 1: Apr 2/2 (H1, H2) 100 %; May none; Jun 1/2 (H4 in, H3 out) 50 %; Jul none;
//!   Aug 0/1 (H5) 0 %; Sep 1/1 (H6); Oct none; Nov 2/2 (H8, H9); Dec none; Jan 1/1 (H10);
//!   Feb none; Mar none. Sum 7/9.
//!   stage 2: Apr 1/1 (H16); May to Nov none; Dec 1/1 (H8); Jan 1/1 (H9); Feb none;
//!   Mar 0/1 (H10) 0 %. Sum 3/4.
//!   August's 0 % is a month with one late response; May's gap is a month with none.
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
const EXPORT: &str = "fixtures/measures/kingston-2026-27.csv";
/// A row rejected for its own fault, its corrected copy, and a plain copy of that.
const CORRECTED: &str = "fixtures/measures/corrected-copy.csv";

fn kingston() -> redress::ir::Policy {
    let text = std::fs::read_to_string(KINGSTON).unwrap();
    redress::compile(&SourceFile::new(KINGSTON, text)).unwrap()
}

fn measures_of(path: &str, year: &str, homes: Option<u64>) -> Measures {
    let policy = kingston();
    let export = Export {
        name: "export.csv".into(),
        mapping: None,
    };
    measure(
        &policy,
        &export,
        &std::fs::read(path).unwrap(),
        Year::parse(year).unwrap(),
        homes,
    )
    .unwrap()
}

/// (within, responded) for each month, April to March.
fn monthly(m: &Measures, stage: usize) -> Vec<(u64, u64)> {
    m.stages[stage]
        .months
        .iter()
        .map(|x| (x.within_code, x.responded))
        .collect()
}

#[test]
fn ch01_and_ch02_by_hand() {
    let m = measures_of(EXPORT, "2026", Some(2500));
    assert_eq!(m.year, "2026/27");
    assert_eq!(m.tracks, vec!["housing"]);
    // rows = accepted + rejected, and the duplicate is among the rejected.
    assert_eq!((m.rows, m.accepted, m.rejected), (16, 14, 2));
    assert_eq!(m.rejected_rows[0].line, 15);
    assert_eq!(
        m.rejected_rows[0].reason,
        "duplicate id `H4`: line 5 has the same id and other cells differ; that first row is the one counted"
    );
    assert_eq!(m.rejected_rows[1].line, 16);
    assert_eq!(m.not_housing, 1);
    let d = &m.duplicates;
    assert_eq!((d.count, d.conflicts, d.examples_truncated), (1, 1, false));
    assert_eq!(
        (
            d.examples[0].id.as_str(),
            d.examples[0].line,
            d.examples[0].first_line
        ),
        ("H4", 15, 5)
    );

    let s1 = &m.stages[0];
    assert_eq!(s1.stage, 1);
    assert_eq!(s1.received, 10);
    assert_eq!(s1.per_1000_homes, Some(4.0));
    assert_eq!((s1.within_code, s1.responded), (7, 9));
    assert!((s1.percent_within_code.unwrap() - 700.0 / 9.0).abs() < 1e-9);
    assert_eq!((s1.extended, s1.extension_over_code), (2, 1));
    assert_eq!(s1.within_policy, 7);
    assert_eq!(s1.open_at_year_end, 2);

    let s2 = &m.stages[1];
    assert_eq!(s2.stage, 2);
    assert_eq!(s2.received, 3);
    assert!((s2.per_1000_homes.unwrap() - 1.2).abs() < 1e-9);
    assert_eq!((s2.within_code, s2.responded), (3, 4));
    assert_eq!(s2.percent_within_code, Some(75.0));
    assert_eq!(s2.within_policy, 0);
    assert_eq!(s2.open_at_year_end, 0);
}

#[test]
fn the_monthly_rates_by_hand() {
    let m = measures_of(EXPORT, "2026", None);
    let months: Vec<&str> = m.stages[0]
        .months
        .iter()
        .map(|x| x.month.as_str())
        .collect();
    assert_eq!(
        months,
        [
            "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11",
            "2026-12", "2027-01", "2027-02", "2027-03"
        ]
    );
    #[rustfmt::skip]
    assert_eq!(
        monthly(&m, 0),
        [(2, 2), (0, 0), (1, 2), (0, 0), (0, 1), (1, 1), (0, 0), (2, 2), (0, 0), (1, 1), (0, 0), (0, 0)]
    );
    #[rustfmt::skip]
    assert_eq!(
        monthly(&m, 1),
        [(1, 1), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (0, 0), (1, 1), (1, 1), (0, 0), (0, 1)]
    );
    // A month with no responses has no rate (a gap); one whose only response was late, 0 %.
    let rates: Vec<Option<f64>> = m.stages[0]
        .months
        .iter()
        .map(|x| x.percent_within_code)
        .collect();
    #[rustfmt::skip]
    assert_eq!(
        rates,
        [Some(100.0), None, Some(50.0), None, Some(0.0), Some(100.0), None, Some(100.0), None, Some(100.0), None, None]
    );
    assert_eq!(m.stages[1].months[11].percent_within_code, Some(0.0));
    assert_eq!(m.stages[1].months[10].percent_within_code, None);
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
    // Months: April is 0, December 8, March 11; outside the year, none.
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert_eq!(y.month_of(d("2026-04-01")), Some(0));
    assert_eq!(y.month_of(d("2026-12-31")), Some(8));
    assert_eq!(y.month_of(d("2027-03-31")), Some(11));
    assert_eq!(y.month_of(d("2026-03-31")), None);
    assert_eq!(y.month_start(9).unwrap().to_string(), "2027-01-01");
    assert_eq!(y.month_start(12), None);
}

/// The same cases in the previous year (2025/26): only H1 (received 31 Mar 2026) and H16
/// (both stages received in 2025/26) count in CH01; in CH02, the responses before 1 April
/// 2026: H16's stage 1 (16 Feb 2026, due from its ack 3 Feb: Feb 4 ... 17 = 17 Feb, within;
/// February). Open at 31 March 2026: H1's stage 1 (answered 10 April) and H16's stage 2
/// (answered 1 April).
#[test]
fn the_year_before() {
    let m = measures_of(EXPORT, "2025", None);
    assert_eq!((m.stages[0].received, m.stages[1].received), (2, 1));
    assert_eq!((m.stages[0].within_code, m.stages[0].responded), (1, 1));
    assert_eq!((m.stages[1].within_code, m.stages[1].responded), (0, 0));
    assert_eq!(m.stages[0].per_1000_homes, None);
    assert_eq!(m.stages[1].percent_within_code, None);
    assert_eq!(
        (m.stages[0].open_at_year_end, m.stages[1].open_at_year_end),
        (1, 1)
    );
    assert_eq!(m.stages[0].months[10].month, "2026-02");
    assert_eq!(monthly(&m, 0)[10], (1, 1));
}

/// The duplicate rule is the audit's: a row rejected for its own fault (line 2, 31 June does
/// not exist) claims nothing, so its corrected copy (line 3) is the one counted; a plain copy
/// of that (line 4) is a duplicate, not a conflict. Line 3: received Tue 30 Jun 2026, acked
/// Wed 1 Jul; the Code's response due 10 working days after the acknowledgement: Jul 2, 3, 6,
/// 7, 8, 9, 10, 13, 14, 15 = 15 Jul; responded 10 Jul: within (July).
#[test]
fn a_corrected_copy_counts_and_a_plain_copy_is_rejected() {
    let m = measures_of(CORRECTED, "2026", None);
    assert_eq!((m.rows, m.accepted, m.rejected), (3, 1, 2));
    assert_eq!((m.duplicates.count, m.duplicates.conflicts), (1, 0));
    assert_eq!(m.rejected_rows[0].line, 2);
    assert_eq!(
        m.rejected_rows[1].reason,
        "duplicate id `C1`: a copy of line 3, which is counted"
    );
    let s1 = &m.stages[0];
    assert_eq!((s1.received, s1.within_code, s1.responded), (1, 1, 1));
    assert_eq!(monthly(&m, 0)[3], (1, 1));
}

fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_in_each_format() {
    let md = redress(&[
        "measures", KINGSTON, EXPORT, "--year", "2026", "--homes", "2500",
    ]);
    assert!(md.status.success());
    let text = String::from_utf8(md.stdout).unwrap();
    insta::assert_snapshot!("kingston_2026_md", text);

    let json = redress(&[
        "measures", KINGSTON, EXPORT, "--year", "2026/27", "--format", "json",
    ]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["homes"], serde_json::Value::Null);
    assert_eq!(v["stages"][0]["received"], 10);
    assert_eq!(v["stages"][0]["per_1000_homes"], serde_json::Value::Null);
    assert_eq!(v["stages"][1]["within_code"], 3);
    assert_eq!(v["stages"][0]["open_at_year_end"], 2);
    assert_eq!(v["stages"][0]["months"][4]["percent_within_code"], 0.0);
    assert_eq!(
        v["stages"][0]["months"][1]["percent_within_code"],
        serde_json::Value::Null
    );
    assert_eq!(v["duplicates"]["count"], 1);
    assert_eq!(v["duplicates"]["conflicts"], 1);
    assert_eq!(v["duplicates"]["examples"][0]["first_line"], 5);

    // Without --homes the counts are there and CH01 says what it needs.
    let md = redress(&["measures", KINGSTON, EXPORT, "--year", "2026"]);
    let text = String::from_utf8(md.stdout).unwrap();
    assert!(text.contains(
        "| CH01 complaints received per 1,000 homes | stage 1 | needs --homes | 10 received | - |"
    ));
    assert!(text.contains("CH01 needs --homes"));

    let html = redress(&[
        "measures", KINGSTON, EXPORT, "--year", "2026", "--homes", "2500", "--format", "html",
    ]);
    let text = String::from_utf8(html.stdout).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<td class=\"n\">77.8%</td><td class=\"n\">7 within</td><td class=\"n\">9 responded to</td>"));
}

/// The annual report in Markdown, saved with `--out`: the chart is written beside it and
/// linked; both are snapshots (read line by line when accepted).
#[test]
fn the_annual_report_and_its_chart() {
    let dir = TempDir::new("measures-annual");
    let out = dir.0.join("annual-2026-27.md");
    let o = redress(&[
        "measures",
        KINGSTON,
        EXPORT,
        "--year",
        "2026",
        "--homes",
        "2500",
        "--report",
        "annual",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(o.stdout.is_empty());
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("![Responses within the Complaint Handling Code's timescales, 2026/27. The table below gives the same numbers.](annual-2026-27.svg)"));
    insta::assert_snapshot!("kingston_2026_annual_md", md);
    let svg = std::fs::read_to_string(dir.0.join("annual-2026-27.svg")).unwrap();
    check_svg(&svg);
    insta::assert_snapshot!("kingston_2026_annual_svg", svg);

    // Printed instead, the report says where the chart would be, and keeps the table.
    let o = redress(&[
        "measures", KINGSTON, EXPORT, "--year", "2026", "--report", "annual",
    ]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("The chart is written only when the report is saved with `--out FILE.md`")
    );
    assert!(text.contains("| Aug 2026 | 1 | 0 | 0.0% | 0 | 0 | no responses |"));
    assert!(text.contains("| May 2026 | 0 | 0 | no responses | 0 | 0 | no responses |"));
    // Without --homes, CH01 says what it needs.
    assert!(text.contains("needs --homes (10 received)"));
    // Every part redress cannot write is there, and says so.
    for heading in [
        "## 5. What residents complained about, and the complaints refused (HO 8.1(b))",
        "## 6. Ombudsman findings of non-compliance with the Code (HO 8.1(c))",
        "## 7. Service improvements made from learning from complaints (HO 8.1(d))",
        "## 8. The Ombudsman's reports about the landlord (HO 8.1(e), 8.1(f))",
        "## 9. The governing body's response (HO 8.2)",
    ] {
        let at = text.find(heading).unwrap_or_else(|| panic!("{heading}"));
        assert!(text[at..].contains("**To be written by the landlord.**"));
    }
    assert!(text.contains("**To be written by the landlord: the evidence of practice.**"));
}

/// The chart is well-formed XML with a title and a description first, and one series per
/// stage: each stage has its own colour, its lines and markers drawn in it, and one entry in
/// the legend. Stage 1 has values in Apr, Jun, Aug, Sep, Nov and Jan: its runs of
/// consecutive months are (Apr), (Jun), (Aug, Sep), (Nov), (Jan), so one line (Aug to Sep);
/// stage 2 has Apr, Dec, Jan, Mar: runs (Apr), (Dec, Jan), (Mar), so one line (Dec to Jan).
fn check_svg(svg: &str) {
    /// An element of the SVG: its name, its attributes and the text directly inside it.
    struct Element {
        name: String,
        attrs: Vec<(String, String)>,
        text: String,
    }

    use quick_xml::events::Event;
    use quick_xml::{Reader, XmlVersion};

    let mut reader = Reader::from_str(svg);
    let mut elements: Vec<Element> = Vec::new();
    let mut depth = 0;
    let mut root_children = Vec::new();
    loop {
        let e = reader.read_event().expect("the SVG parses as XML");
        match e {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let name = s.name().0.to_string();
                let attrs: Vec<(String, String)> = s
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.0.to_string(),
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned(),
                        )
                    })
                    .collect();
                if depth == 1 {
                    root_children.push(name.clone());
                }
                elements.push(Element {
                    name,
                    attrs,
                    text: String::new(),
                });
                if matches!(e, Event::Start(_)) {
                    depth += 1;
                }
            }
            Event::Text(t) => {
                if let Some(last) = elements.last_mut() {
                    last.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .expect("only XML's own entities")
                        .to_string(),
                };
                if let Some(last) = elements.last_mut() {
                    last.text.push_str(&c);
                }
            }
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    let attr = |el: &Element, k: &str| {
        el.attrs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.clone())
    };
    let root = &elements[0];
    assert_eq!(root.name, "svg");
    assert_eq!(attr(root, "role").as_deref(), Some("img"));
    assert_eq!(
        attr(root, "aria-labelledby").as_deref(),
        Some("monthly-title monthly-desc")
    );
    assert_eq!(&root_children[..2], ["title", "desc"]);
    let desc = &elements[2].text;
    assert!(desc.contains("Stage 1: Apr 2026 100.0%, May 2026 no responses, Jun 2026 50.0%"));
    assert!(desc.contains("Aug 2026 0.0%"));
    assert!(desc.contains("Stage 2: Apr 2026 100.0%"));

    let (blue, vermilion) = ("#0072B2", "#D55E00");
    let lines = |colour: &str| {
        elements
            .iter()
            .filter(|e| e.name == "polyline" && attr(e, "stroke").as_deref() == Some(colour))
            .count()
    };
    let filled = |shape: &str, colour: &str| {
        elements
            .iter()
            .filter(|e| e.name == shape && attr(e, "fill").as_deref() == Some(colour))
            .count()
    };
    // One data line per run of two or more months, plus the legend's sample line.
    assert_eq!(lines(blue), 1 + 1);
    assert_eq!(lines(vermilion), 1 + 1);
    // A marker per month with responses, plus the legend's.
    assert_eq!(filled("circle", blue), 6 + 1);
    assert_eq!(filled("polygon", vermilion), 4 + 1);
    let legend: Vec<&str> = elements
        .iter()
        .map(|e| (e.name.as_str(), e.text.trim()))
        .filter(|(name, text)| *name == "text" && text.starts_with("Stage "))
        .map(|(_, text)| text)
        .collect();
    assert_eq!(legend, ["Stage 1", "Stage 2"]);
}

#[test]
fn the_annual_report_in_html_and_json() {
    let html = redress(&[
        "measures", KINGSTON, EXPORT, "--year", "2026", "--homes", "2500", "--report", "annual",
        "--format", "html",
    ]);
    assert!(html.status.success());
    let text = String::from_utf8(html.stdout).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    // The chart is inline, its numbers in the table beside it.
    assert!(text.contains("<figure>\n<svg"));
    assert!(text.contains("<title id=\"monthly-title\">"));
    assert!(text.contains("<caption>Responses by month</caption>"));
    assert!(text.contains("<tr><th scope=\"row\">Aug 2026</th><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0.0%</td>"));
    assert_eq!(text.matches("To be written by the landlord").count(), 6);
    assert!(!text.contains("<script"));

    let json = redress(&[
        "measures", KINGSTON, EXPORT, "--year", "2026", "--report", "annual", "--format", "json",
    ]);
    assert!(json.status.success());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["report"], "annual");
    assert_eq!(v["stages"][0]["received"], 10);
    assert_eq!(v["chart"]["months"][0], "Apr 2026");
    assert_eq!(v["chart"]["series"][1]["values"][11], 0.0);
    assert_eq!(
        v["chart"]["series"][1]["values"][10],
        serde_json::Value::Null
    );
    assert_eq!(v["self_assessment"][0]["track"], "housing");
    assert_eq!(v["self_assessment"][0]["as_of"], "2027-03-31");
    assert_eq!(v["to_be_written"].as_array().unwrap().len(), 5);
}

#[test]
fn usage_errors_exit_2() {
    let dir = TempDir::new("measures-usage");
    for (args, code) in [
        (
            vec!["measures", KINGSTON, EXPORT, "--year", "2026/28"],
            "not_a_year",
        ),
        (
            vec!["measures", KINGSTON, EXPORT, "--year", "2040"],
            "year_out_of_range",
        ),
        (
            vec![
                "measures", KINGSTON, EXPORT, "--year", "2026", "--homes", "0",
            ],
            "no_homes",
        ),
        // No track goes to the Housing Ombudsman.
        (
            vec![
                "measures",
                "policies/tameside.policy",
                EXPORT,
                "--year",
                "2026",
            ],
            "no_housing_track",
        ),
        (
            vec![
                "measures",
                KINGSTON,
                EXPORT,
                "--year",
                "2026",
                "--report",
                "annual",
                "--out",
                "annual.svg",
            ],
            "out_names_the_chart",
        ),
    ] {
        let o = redress(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?}");
        let stderr = String::from_utf8(o.stderr).unwrap();
        assert!(
            stderr.contains(&format!("redress::measures::{code}")),
            "{args:?}: {stderr}"
        );
        // The same as JSON with --format json (only Markdown writes a chart beside --out).
        if code == "out_names_the_chart" {
            continue;
        }
        let mut args = args.clone();
        args.extend(["--format", "json"]);
        let o = redress(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(
            v["diagnostics"][0]["code"],
            format!("redress::measures::{code}"),
            "{args:?}"
        );
    }
    let o = redress(&["measures", KINGSTON, "no-such-file.csv", "--year", "2026"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
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
