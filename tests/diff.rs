//! `redress diff`: Bellmoor's Version 3.0 (2024) against Version 4.0 (2025), every change
//! worked by hand from the two source texts (fixtures/policies/sources/bellmoor-20*.txt) and
//! the bank holidays in data/bank-holidays/england-and-wales.csv; matching by meaning
//! (reordered statements, a renamed stage); exit codes; refusal of a policy with errors.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::{Command, Output};

use chrono::NaiveDate;
use redress::assess::Comply;
use redress::diff::{self, Change, Diff, Side, Walk};
use redress::source::SourceFile;

mod common;
use common::TempDir;

const OLD: &str = "fixtures/policies/bellmoor-2024.policy";
const NEW: &str = "fixtures/policies/bellmoor-2025.policy";

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// Diff two policy texts, as `redress diff` does, following the default sample complaint.
fn diff_texts(old: (&str, &str), new: (&str, &str)) -> Diff {
    let fa = SourceFile::new(old.0, old.1);
    let fb = SourceFile::new(new.0, new.1);
    let pa = redress::compile(&fa).unwrap();
    let pb = redress::compile(&fb).unwrap();
    let received = redress::dates::parse_datetime(redress::compare::DEFAULT_RECEIVED).unwrap();
    diff::diff(
        Side {
            file: &fa,
            policy: &pa,
        },
        Side {
            file: &fb,
            policy: &pb,
        },
        received,
    )
}

fn bellmoor() -> Diff {
    diff_texts((OLD, &read(OLD)), (NEW, &read(NEW)))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The rule changes Version 4.0 makes, read off the two documents: the title page (version,
/// effective date, "Last reviewed: March 2025"), 5.4 (stage 2 response 25 -> 20 working days,
/// also in the "Summary of changes"), 5.5 (stage 2 extension at most 10 -> 20 working days,
/// which the summary does not mention), and 6.2 (the eight-week Housing Ombudsman wait, and
/// the designated-person referral that went with it, are gone). Each source document is the
/// version's own file.
#[test]
fn bellmoor_rules() {
    let d = bellmoor();
    let got: Vec<(Change, &str, &str)> = d
        .rules
        .iter()
        .map(|r| (r.change, r.subject.as_str(), r.summary.as_str()))
        .collect();
    let designated = "unencoded rule \"A designated person (an MP, a councillor or a recognised \
                      tenant panel) may refer a housing complaint to the Housing Ombudsman before \
                      the eight weeks have passed\" for housing";
    assert_eq!(
        got,
        [
            (
                Change::Changed,
                "source document",
                "\"sources/bellmoor-2024.txt\" -> \"sources/bellmoor-2025.txt\""
            ),
            (
                Change::Changed,
                "version",
                "\"3.0\" -> \"4.0\"; citations changed"
            ),
            (
                Change::Changed,
                "effective date",
                "2024-04-01 -> 2025-04-01; citations changed"
            ),
            (Change::Added, "review date", "added (March 2025)"),
            (
                Change::Changed,
                "stage 2 response",
                "25 -> 20 working days from acknowledgement; citations changed"
            ),
            (
                Change::Changed,
                "stage 2 extension",
                "up to 10 -> 20 working days, tell reasons and new-date; citations changed"
            ),
            (
                Change::Removed,
                "wait before housing-ombudsman for housing",
                "removed (8 weeks after the final response)"
            ),
            (Change::Removed, designated, "removed"),
        ]
    );
    // Each side's citations, with their lines in the two files.
    let response = &d.rules[4];
    let old = response.old.as_ref().unwrap();
    let new = response.new.as_ref().unwrap();
    assert_eq!(old.line, 74);
    assert_eq!(old.cites.len(), 1);
    assert_eq!(old.cites[0].clause, "5.4");
    assert_eq!(
        old.cites[0].phrase,
        "within 25 working days of the date we acknowledged your stage 2 complaint"
    );
    assert_eq!(old.cites[0].line, 75);
    assert_eq!(new.line, 76);
    let phrases: Vec<&str> = new.cites.iter().map(|c| c.phrase.as_str()).collect();
    assert_eq!(
        phrases,
        [
            "within 20 working days of the date we acknowledged your stage 2 complaint",
            "the stage 2 response time is reduced from 25 to 20 working days"
        ]
    );
    let stage = response.stage.as_ref().unwrap();
    assert_eq!(stage.old.as_deref(), Some("two"));
    assert_eq!(stage.new.as_deref(), Some("two"));
    // The wait is gone from the new side: only the old side is stated.
    let wait = &d.rules[6];
    assert!(wait.new.is_none());
    assert_eq!(wait.old.as_ref().unwrap().cites[0].clause, "6.2");
}

/// A complaint received Tue 1 Dec 2026 at 10:00 (inside the assumed 09:00-17:00 hours, so day
/// 0 is 1 Dec). Bank holidays passed over: Fri 25 Dec 2026, Mon 28 Dec 2026 (Boxing Day
/// substitute), Fri 1 Jan 2027; none between February and Good Friday (26 Mar 2027).
///
/// Both versions, both tracks, up to stage 2's acknowledgement:
/// - stage 1 acknowledgement, 5 WD from receipt: 2, 3, 4, 7, 8 Dec -> Tue 8 Dec 2026;
/// - stage 1 response, 10 WD from it: 9, 10, 11, 14, 15, 16, 17, 18, 21, 22 Dec -> Tue 22 Dec;
///   the complainant escalates that day;
/// - stage 2 acknowledgement, 5 WD from the request: 23, 24, 29, 30, 31 Dec -> Thu 31 Dec.
///
/// Stage 2 response, from Thu 31 Dec: 2024's 25 WD run 4-8, 11-15, 18-22, 25-29 Jan, 1-5 Feb
/// -> Fri 5 Feb 2027; 2025's 20 WD stop at Fri 29 Jan 2027: 5 working days earlier (1-5 Feb).
/// The final response is stage 2's, so the Ombudsman may consider the complaint from the same
/// day (the 2024 eight-week wait is not applied: it was abolished in 2022).
///
/// With every extension used in full (counted from the deadline it extends): stage 1's 10 WD
/// take 22 Dec to 23, 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8 Jan -> Fri 8 Jan 2027; stage 2
/// acknowledgement 11-15 Jan -> Fri 15 Jan. 2024: 25 WD -> Fri 19 Feb, + 10 WD -> Fri 5 Mar
/// 2027. 2025: 20 WD -> Fri 12 Feb, + 20 WD -> Fri 12 Mar 2027: 5 working days later (8-12 Mar).
/// Every other date (the acknowledgements, stage 1, the window to escalate) is the same.
#[test]
fn bellmoor_due_dates() {
    let d = bellmoor();
    assert_eq!(d.tracks, ["general", "housing"]);
    type Row<'a> = (
        &'a str,
        Walk,
        &'a str,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<i64>,
    );
    let got: Vec<Row> = d
        .dates
        .iter()
        .map(|m| {
            (
                m.track.as_str(),
                m.walk,
                m.step.as_str(),
                m.old,
                m.new,
                m.working_days,
            )
        })
        .collect();
    let mut want = Vec::new();
    for (track, ombudsman) in [
        (
            "general",
            "Local Government and Social Care Ombudsman may consider it from",
        ),
        ("housing", "Housing Ombudsman may consider it from"),
    ] {
        for (step, old, new, wd) in [
            (
                "stage 2 response due",
                date(2027, 2, 5),
                date(2027, 1, 29),
                -5,
            ),
            (ombudsman, date(2027, 2, 5), date(2027, 1, 29), -5),
        ] {
            want.push((
                track,
                Walk::NoExtensions,
                step,
                Some(old),
                Some(new),
                Some(wd),
            ));
        }
        for (step, old, new, wd) in [
            (
                "stage 2 response due",
                date(2027, 3, 5),
                date(2027, 3, 12),
                5,
            ),
            (ombudsman, date(2027, 3, 5), date(2027, 3, 12), 5),
        ] {
            want.push((
                track,
                Walk::EveryExtension,
                step,
                Some(old),
                Some(new),
                Some(wd),
            ));
        }
    }
    assert_eq!(got, want);
    assert!(d.date_notes.is_empty(), "{:?}", d.date_notes);
}

/// The Codes' verdicts, by hand:
/// - HO 6.14 (stage 2 response within 20 WD of acknowledging it, housing track): 25 WD is
///   `no`, 20 WD is `yes`; LGSCO 6.13 (the same, general track): `no` -> `yes`.
/// - HO 3.7 (residents told they can go to the Ombudsman): the 2024 policy still states the
///   abolished eight-week wait (6.2), which `assess` marks `partial`; 2025 has none: `yes`.
///   LGSCO 3.7 is untouched: the wait was for housing only.
/// - Stage 2 extensions (HO 6.15, LGSCO 6.14: at most 20 WD without good reason): 10 and 20
///   both comply, so the verdict stays `yes`; only the reasoning changes.
#[test]
fn bellmoor_verdicts() {
    let d = bellmoor();
    let got: Vec<(&str, &str, &str, Comply, Comply)> = d
        .verdicts
        .iter()
        .map(|v| {
            (
                v.code.as_str(),
                v.track.as_str(),
                v.provision.as_str(),
                v.old,
                v.new,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("ho-2024", "housing", "3.7", Comply::Partial, Comply::Yes),
            ("ho-2024", "housing", "6.14", Comply::No, Comply::Yes),
            ("lgsco-2024", "general", "6.13", Comply::No, Comply::Yes),
        ]
    );
    let same: Vec<(&str, &str, Comply)> = d
        .reasons
        .iter()
        .map(|r| (r.code.as_str(), r.provision.as_str(), r.comply))
        .collect();
    assert_eq!(
        same,
        [
            ("ho-2024", "6.15", Comply::Yes),
            ("lgsco-2024", "6.14", Comply::Yes)
        ]
    );
    assert!(d.notes.is_empty(), "{:?}", d.notes);
}

#[test]
fn bellmoor_human_and_markdown() {
    let d = bellmoor();
    insta::assert_snapshot!("bellmoor_human", diff::human(&d));
    insta::assert_snapshot!("bellmoor_md", diff::markdown(&d));
    let html = diff::html(&d);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("25 -&gt; 20 working days from acknowledgement"));
}

/// Moving statements about, adding comments and renaming a stage (its role unchanged) is no
/// change to any rule; the rename itself is the one change, and no date or verdict moves.
#[test]
fn matched_by_meaning_not_by_line() {
    let text = read(NEW);
    // The exclusions in reverse order, with a comment among them.
    let excl: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.trim_start().starts_with("exclude ") || l.trim_start().starts_with("cite \"2.1\"")
        })
        .collect();
    assert_eq!(excl.len(), 8);
    let block = excl.join("\n");
    let reversed = excl
        .chunks(2)
        .rev()
        .map(|c| c.join("\n"))
        .collect::<Vec<_>>()
        .join("\n  # reordered\n");
    let moved = text.replace(&block, &reversed);
    assert_ne!(moved, text);
    let same = diff_texts((NEW, &text), ("moved.policy", &moved));
    assert!(!same.has_differences(), "{:#?}", same.rules);

    // Stage `two` renamed `review`: the rename is found by its role, and the route, the
    // escalation and every rule of the stage are the same rules under the new name.
    let renamed = text
        .replace("stage two \"Stage 2\"", "stage review \"Stage 2\"")
        .replace("escalate one -> two", "escalate one -> review")
        .replace("route one, two", "route one, review");
    let d = diff_texts((NEW, &text), ("renamed.policy", &renamed));
    let got: Vec<(&str, &str)> = d
        .rules
        .iter()
        .map(|r| (r.subject.as_str(), r.summary.as_str()))
        .collect();
    assert_eq!(
        got,
        [("stage 2", "`two` -> `review` \"Stage 2\" role stage-2")]
    );
    assert!(d.dates.is_empty() && d.verdicts.is_empty() && d.reasons.is_empty());
}

/// A route for one track: "route for housing: added", and the housing complaint's stage 2
/// dates are gone.
#[test]
fn a_route_for_one_track() {
    let text = read(NEW);
    let one_stage = text.replace(
        "  accept within",
        "  route one for housing\n    cite \"5.1\" \"you can ask for your complaint to be escalated to stage 2\"\n  accept within",
    );
    let d = diff_texts((NEW, &text), ("one-stage.policy", &one_stage));
    assert_eq!(d.rules.len(), 1);
    assert_eq!(d.rules[0].subject, "route for housing");
    assert_eq!(d.rules[0].summary, "added (one)");
    let gone: Vec<&str> = d
        .dates
        .iter()
        .filter(|m| m.track == "housing" && m.walk == Walk::NoExtensions && m.new.is_none())
        .map(|m| m.step.as_str())
        .collect();
    assert_eq!(
        gone,
        [
            "request to escalate to stage 2 by",
            "stage 2 acknowledgement due",
            "stage 2 response due"
        ]
    );
    assert!(d.dates.iter().all(|m| m.track == "housing"));
    // A one-stage housing route has no stage 2: the HO Code's stage 2 provisions change.
    assert!(d
        .verdicts
        .iter()
        .any(|v| v.code == "ho-2024" && v.provision == "6.14" && v.new == Comply::No));
}

#[test]
fn cli_exit_codes() {
    // Two versions: differences, exit 1.
    let o = redress(&["diff", OLD, NEW]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("stage 2 response: 25 -> 20 working days"));
    // JSON: the same diff, machine-readable.
    let o = redress(&["diff", OLD, NEW, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["rules"].as_array().unwrap().len(), 8);
    assert_eq!(v["dates"][0]["working_days"], -5);
    assert_eq!(v["verdicts"][0]["old"], "partial");
    // Identical files: no differences, exit 0, an empty diff.
    let o = redress(&["diff", NEW, NEW, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for k in ["rules", "dates", "verdicts", "reasons", "warnings"] {
        assert_eq!(v[k].as_array().unwrap().len(), 0, "{k}");
    }
    let o = redress(&["diff", NEW, NEW]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("No differences"));
    for f in ["md", "html"] {
        let o = redress(&["diff", OLD, NEW, "--format", f]);
        assert_eq!(o.status.code(), Some(1), "{f}");
    }
    // Usage errors: exit 2.
    let o = redress(&["diff", OLD, "no/such.policy"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no/such.policy"));
    let o = redress(&["diff", OLD, NEW, "--received", "1 December"]);
    assert_eq!(o.status.code(), Some(2));
    let o = redress(&["diff", OLD, NEW, "--received", "2035-01-01T10:00"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("outside the years"));
    let o = redress(&["diff", OLD]);
    assert_eq!(o.status.code(), Some(2));
}

/// A policy with errors is refused with its diagnostics (exit 1), unless `--allow-errors`,
/// which stamps a warning on every output.
#[test]
fn a_policy_with_errors_is_refused() {
    let dir = TempDir::new("diff-errors");
    let bad = dir.file(
        "bad.policy",
        "policy \"Bad Borough Council\" {\n  track general ombudsman lgsco\n  route one, two\n  \
         stage one \"Stage 1\" role stage-1 {\n    respond within 10 working days of receipt\n  }\n}\n",
    );
    let bad = bad.to_str().unwrap();
    let o = redress(&["diff", bad, bad]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("redress::check::unknown_stage"), "{err}");
    assert!(err.contains("--allow-errors"), "{err}");
    assert!(o.stdout.is_empty());
    let o = redress(&["diff", bad, bad, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["summary"]["errors"].as_u64().unwrap() >= 2);
    for f in ["human", "md", "html", "json"] {
        let o = redress(&["diff", bad, bad, "--allow-errors", "--format", f]);
        assert_eq!(o.status.code(), Some(0), "{f}: {}", text(&o.stderr));
        let out = text(&o.stdout);
        assert!(out.contains("compared under --allow-errors"), "{f}: {out}");
    }
    // A file that does not parse cannot be compared at all.
    let broken = dir.file("broken.policy", "policy \"Broken\" {\n  stage\n");
    let o = redress(&["diff", NEW, broken.to_str().unwrap(), "--allow-errors"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("did not compile"));
}

/// A draft revision of a seed policy against the policy in force: Kingston's general stage
/// one response becomes "10 working days of receiving the complaint" (was 15 working days
/// with no start event, read from receipt). Worked by hand for the sample complaint received
/// Tue 1 Dec 2026 10:00 (England and Wales: 25 and 28 Dec 2026 and 1 Jan 2027 are bank
/// holidays), the council acting on each last day and the complainant escalating on the day
/// of each response:
/// - acknowledgement: 5 WD of receipt, Dec 2-4 (3), 7 (4), 8 (5) -> Tue 8 Dec (unchanged);
/// - stage 1 response: old 15 WD of receipt: Dec 2-4 (3), 7-11 (8), 14-18 (13), 21 (14),
///   22 (15) -> Tue 22 Dec; new 10 WD: Dec 2-4 (3), 7-11 (8), 14 (9), 15 (10) -> Tue 15 Dec;
/// - escalation window, 28 WD of the response: old from 22 Dec: Dec 23-24 (2), 29-31 (5),
///   Jan 4-8 (10), 11-15 (15), 18-22 (20), 25-29 (25), Feb 1-3 (28) -> Wed 3 Feb; new from
///   15 Dec: Dec 16-18 (3), 21-24 (7), 29-31 (10), Jan 4-8 (15), 11-15 (20), 18-22 (25),
///   25-27 (28) -> Wed 27 Jan;
/// - stage 2 acknowledgement, 5 WD of the request (made on the response day): old Dec 23-24
///   (2), 29-31 (5) -> Thu 31 Dec; new Dec 16-18 (3), 21-22 (5) -> Tue 22 Dec;
/// - stage 2 response, 15 WD of the request: old Dec 23-24 (2), 29-31 (5), Jan 4-8 (10),
///   11-15 (15) -> Fri 15 Jan; new Dec 16-18 (3), 21-24 (7), 29-31 (10), Jan 4-8 (15) -> Fri
///   8 Jan; the Ombudsman date is the final response, so it moves the same way.
///
/// Each moves 5 working days earlier. The housing track (10 WD for housing, unchanged) does
/// not move; Kingston's extensions have no limit, so the every-extension walk is not taken on
/// either side. LGSCO 6.3 (general): 15 WD with no start is `partial`; 10 WD of receipt ends no
/// later than the Code's deadline: `yes`. No HO verdict changes (HO covers housing only).
#[test]
fn a_draft_of_a_seed_against_the_policy_in_force() {
    const SEED: &str = "policies/kingston.policy";
    const DRAFT: &str = "fixtures/policies/kingston-2027-draft.policy";
    let d = diff_texts((SEED, &read(SEED)), (DRAFT, &read(DRAFT)));
    type Moved<'a> = (
        &'a str,
        Walk,
        &'a str,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<i64>,
    );
    let moved: Vec<Moved> = d
        .dates
        .iter()
        .map(|m| {
            (
                m.track.as_str(),
                m.walk,
                m.step.as_str(),
                m.old,
                m.new,
                m.working_days,
            )
        })
        .collect();
    let g = "general";
    let no = Walk::NoExtensions;
    assert_eq!(
        moved,
        [
            (
                g,
                no,
                "stage 1 response due",
                Some(date(2026, 12, 22)),
                Some(date(2026, 12, 15)),
                Some(-5)
            ),
            (
                g,
                no,
                "request to escalate to stage 2 by",
                Some(date(2027, 2, 3)),
                Some(date(2027, 1, 27)),
                Some(-5)
            ),
            (
                g,
                no,
                "stage 2 acknowledgement due",
                Some(date(2026, 12, 31)),
                Some(date(2026, 12, 22)),
                Some(-5)
            ),
            (
                g,
                no,
                "stage 2 response due",
                Some(date(2027, 1, 15)),
                Some(date(2027, 1, 8)),
                Some(-5)
            ),
            (
                g,
                no,
                "Local Government and Social Care Ombudsman may consider it from",
                Some(date(2027, 1, 15)),
                Some(date(2027, 1, 8)),
                Some(-5)
            ),
        ]
    );
    let verdicts: Vec<(&str, &str, &str, Comply, Comply)> = d
        .verdicts
        .iter()
        .map(|v| {
            (
                v.code.as_str(),
                v.track.as_str(),
                v.provision.as_str(),
                v.old,
                v.new,
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [("lgsco-2024", "general", "6.3", Comply::Partial, Comply::Yes)]
    );
    // The command says so and exits 1: there are differences.
    let out = redress(&["diff", SEED, DRAFT]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Tue 22 Dec 2026 -> Tue 15 Dec 2026  5 working days earlier")
    );
}
