//! Self-assessments of the seed policies. One snapshot per policy and Code that applies, in
//! Markdown (the published layout) and JSON; each was read against the seed text.

mod common;

use std::path::Path;

use redress::assess::{self, codes, Comply};

fn policy(name: &str) -> redress::ir::Policy {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("policies")
        .join(format!("{name}.policy"));
    let src = redress::source::load(&path).ok().unwrap();
    redress::compile(&src).ok().unwrap()
}

const SEEDS: &[&str] = &[
    "brighton-and-hove",
    "cambridge",
    "canterbury",
    "kingston",
    "tameside",
];

#[test]
fn seed_assessments() {
    for seed in SEEDS {
        let p = policy(seed);
        for id in codes::IDS {
            let code = codes::load(id).unwrap();
            if assess::tracks_for(&p, &code).is_empty() {
                continue;
            }
            let a = assess::assess(&p, &code, None, None).unwrap();
            insta::assert_snapshot!(
                format!("{seed}__{id}"),
                redress::render::assessment::markdown(&a)
            );
            insta::assert_json_snapshot!(format!("{seed}__{id}__json"), a);
        }
    }
}

#[test]
fn every_rule_in_the_data_exists_and_every_rule_is_used() {
    for id in codes::IDS {
        let code = codes::load(id).unwrap();
        for p in &code.provisions {
            if let Some(r) = &p.rule {
                assert!(
                    assess::RULES.contains(&r.as_str()),
                    "{id} {}: unknown rule `{r}`",
                    p.id
                );
            }
        }
    }
    for r in assess::RULES {
        let used = codes::IDS.iter().any(|id| {
            codes::load(id)
                .unwrap()
                .provisions
                .iter()
                .any(|p| p.rule.as_deref() == Some(r))
        });
        assert!(used, "rule `{r}` decides no provision");
    }
}

#[test]
fn a_code_not_yet_in_force_is_not_applicable() {
    let p = policy("tameside");
    let code = codes::load("lgsco-2024").unwrap();
    let before = chrono::NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
    let a = assess::assess(&p, &code, None, Some(before)).unwrap();
    assert!(a
        .provisions
        .iter()
        .all(|x| x.comply == Comply::NotApplicable));
    assert!(
        a.provisions[0].explanation.contains("2026-04-01"),
        "{}",
        a.provisions[0].explanation
    );
    let after = chrono::NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let a = assess::assess(&p, &code, None, Some(after)).unwrap();
    assert!(a.summary.yes > 0);
}

#[test]
fn the_housing_code_does_not_apply_without_a_housing_track() {
    let p = policy("tameside");
    let code = codes::load("ho-2024").unwrap();
    let a = assess::assess(&p, &code, None, None).unwrap();
    assert_eq!(a.track, None);
    assert_eq!(a.summary.not_applicable, a.provisions.len());
}

#[test]
fn html_escapes_every_string_from_the_policy() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/tameside.policy"),
    )
    .unwrap();
    let evil = text.replace(
        "Tameside Metropolitan Borough Council",
        "<script>alert(1)</script>",
    );
    let src = redress::source::SourceFile::new(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/evil.policy"),
        evil,
    );
    let p = redress::compile(&src).ok().unwrap();
    let a = assess::assess(&p, &codes::load("lgsco-2024").unwrap(), None, None).unwrap();
    let html = redress::render::assessment::html(&a);
    assert!(!html.contains("<script>"), "unescaped policy name in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn csv_has_one_row_per_provision() {
    let p = policy("canterbury");
    let code = codes::load("ho-2024").unwrap();
    let a = assess::assess(&p, &code, None, None).unwrap();
    let csv = redress::render::assessment::csv(&a).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.records().count(), a.provisions.len());
}
