//! `docs/comparison.md` is generated from `policies/`; it must never go stale. Each row reads
//! its own track's route, and of two dated versions of one policy the one in force is marked.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use redress::compare::{compare, DEFAULT_RECEIVED};

mod common;
use common::seed_policies;

const REFRESH: &str = "cargo run -- compare policies/ --format md > docs/comparison.md";

#[test]
fn comparison_page_is_up_to_date() {
    let received = redress::simulate::fixture::parse_datetime(DEFAULT_RECEIVED).unwrap();
    let fresh = redress::render::comparison::markdown(&compare(&seed_policies(), received));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/comparison.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        fresh == committed,
        "docs/comparison.md is stale: refresh it with `{REFRESH}` and commit it"
    );
}

#[test]
fn ambiguity_stays_visible_and_rows_are_per_track() {
    let received = redress::simulate::fixture::parse_datetime(DEFAULT_RECEIVED).unwrap();
    let c = compare(&seed_policies(), received);
    // 5 councils; Tameside has one track, the others a general and a housing track.
    assert_eq!(c.rows.len(), 9);
    let kingston = c
        .rows
        .iter()
        .find(|r| r.policy.contains("Kingston") && r.track == "general")
        .unwrap();
    assert_eq!(
        kingston.cells["s1_respond"],
        "15 WD from ? (start not stated)"
    );
    assert!(kingston.cells["final_response_by"].starts_with("no limit"));
    let brighton = c
        .rows
        .iter()
        .find(|r| r.policy.contains("Brighton") && r.track == "general")
        .unwrap();
    assert!(brighton.cells["s1_extend"].contains("unit not stated"));
    // Worked by hand in the note: Canterbury, received Tue 1 Dec 2026 10:00, every day and extension used.
    let canterbury = c
        .rows
        .iter()
        .find(|r| r.policy.contains("Canterbury") && r.track == "housing")
        .unwrap();
    assert_eq!(canterbury.cells["final_response_by"], "2027-03-12");
}

/// Stages written in reverse order, an early-resolution step on one track, one stage on
/// another, three on a third, and a track under the Scottish Ombudsman: each row must read its
/// own track's route.
const ROUTES: &str = r#"policy "Routes Borough Council" {
  version "2"
  effective 2025-04-01
  track general "Corporate" ombudsman lgsco
  track asc "Adult social care" ombudsman lgsco
  track review "Reviewed decisions" ombudsman lgsco
  track lettings "Lettings" ombudsman spso
  route early, one, two for general
  route one for asc
  route one, two, three
  stage three "Stage 3" role stage-3 {
    respond within 25 working days of escalation
  }
  escalate two -> three { within 15 working days of two.response }
  stage two "Stage 2" role stage-2 {
    respond within 20 working days of escalation
  }
  escalate one -> two {
    within 20 working days of one.response
    automatic if overdue for review
  }
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of acknowledgement
    respond within 3 working days of receipt for asc
    unencoded "Urgent care complaints are answered the same day" for asc
  }
  escalate early -> one { within 10 working days of early.response, lapses }
  stage early "Early resolution" role early-resolution {
    respond within 2 working days of receipt
  }
  unencoded "Reasonable adjustments on request"
}"#;

fn compile(text: &str) -> redress::ir::Policy {
    redress::compile(&redress::source::SourceFile::new("routes.policy", text))
        .ok()
        .unwrap()
}

#[test]
fn each_row_reads_its_tracks_route() {
    let received = redress::simulate::fixture::parse_datetime(DEFAULT_RECEIVED).unwrap();
    let c = compare(&[compile(ROUTES)], received);
    let row = |track: &str| c.rows.iter().find(|r| r.track == track).unwrap();
    let keys: Vec<&str> = c.columns.iter().map(|k| k.key.as_str()).collect();
    // Three formal stages at most, and an early-resolution column because one route has one.
    assert!(keys.contains(&"s3_respond") && keys.contains(&"s2_escalate"));
    assert!(!keys.contains(&"s3_escalate") && !keys.contains(&"s4_respond"));
    assert_eq!(keys[1], "early");

    let general = row("general");
    assert_eq!(
        general.cells["stages"],
        "3 (Early resolution, Stage 1, Stage 2)"
    );
    // Stage 1 is stage `one` (role stage-1), not the first stage of the route.
    assert_eq!(general.cells["s1_respond"], "10 WD from acknowledgement");
    assert_eq!(
        general.cells["early"],
        "Early resolution: respond 2 WD from receipt; to Stage 1: 10 WD from stage early response, else treated as resolved"
    );
    assert_eq!(general.cells["s2_escalate"], "-");
    assert_eq!(general.cells["s3_respond"], "-");

    let asc = row("asc");
    assert_eq!(asc.cells["stages"], "1 (Stage 1)");
    assert_eq!(asc.cells["s1_respond"], "3 WD from receipt");
    assert_eq!(asc.cells["s1_escalate"], "-");
    assert_eq!(asc.cells["s2_respond"], "-");
    assert_eq!(asc.cells["early"], "-");

    let review = row("review");
    assert_eq!(review.cells["stages"], "3 (Stage 1, Stage 2, Stage 3)");
    assert_eq!(
        review.cells["s1_escalate"],
        "20 WD from stage one response; moves on by itself when the response is overdue"
    );
    assert_eq!(review.cells["s2_escalate"], "15 WD from stage two response");
    assert_eq!(review.cells["s3_respond"], "25 WD from escalation request");

    // The policy's own unencoded rule counts on every track, the asc rule on asc only.
    assert_eq!(general.cells["unencoded"], "1");
    assert_eq!(asc.cells["unencoded"], "2");
    let lettings = row("lettings");
    assert_eq!(lettings.cells["ombudsman"], "spso");
    assert_eq!(lettings.cells["code_compliance"], "no Code applies");
    assert_eq!(general.cells["version"], "version 2, effective 2025-04-01");
}

#[test]
fn the_version_in_force_on_the_date_is_marked() {
    let received = redress::simulate::fixture::parse_datetime(DEFAULT_RECEIVED).unwrap();
    let old = compile(ROUTES);
    let new = compile(
        &ROUTES
            .replace("version \"2\"", "version \"3\"")
            .replace("effective 2025-04-01", "effective 2026-06-01"),
    );
    let future = compile(
        &ROUTES
            .replace("version \"2\"", "version \"4\"")
            .replace("effective 2025-04-01", "effective 2027-01-01"),
    );
    let c = compare(&[old, new, future], received);
    let versions: Vec<&str> = c
        .rows
        .iter()
        .filter(|r| r.track == "general")
        .map(|r| r.cells["version"].as_str())
        .collect();
    assert_eq!(
        versions,
        [
            "version 2, effective 2025-04-01; superseded on 2026-06-01 by the version effective then (not in force on 2026-12-01)",
            "version 3, effective 2026-06-01; in force on 2026-12-01",
            "version 4, effective 2027-01-01; not yet in force on 2026-12-01",
        ]
    );
    // Without an effective date, which version is in force cannot be told.
    let undated = compile(&ROUTES.replace("  effective 2025-04-01\n", ""));
    let c = compare(&[undated, compile(ROUTES)], received);
    assert!(c.rows[0].cells["version"].ends_with("cannot be told"));
    assert!(c.rows.last().unwrap().cells["version"].ends_with("cannot be told"));
}
