//! `docs/comparison.md` is generated from `policies/`; it must never go stale.

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
