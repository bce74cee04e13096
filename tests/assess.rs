//! Self-assessments of the seed policies. One snapshot per policy and Code that applies, in
//! Markdown (the published layout) and JSON; each was read against the seed text.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

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
            if assess::tracks_for(&p, code).is_empty() {
                continue;
            }
            let a = assess::assess(&p, code, None, None).unwrap();
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
    let a = assess::assess(&p, code, None, Some(before)).unwrap();
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
    let a = assess::assess(&p, code, None, Some(after)).unwrap();
    assert!(a.summary.yes > 0);
}

#[test]
fn the_housing_code_does_not_apply_without_a_housing_track() {
    let p = policy("tameside");
    let code = codes::load("ho-2024").unwrap();
    let a = assess::assess(&p, code, None, None).unwrap();
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
    let a = assess::assess(&p, codes::load("lgsco-2024").unwrap(), None, None).unwrap();
    let html = redress::render::assessment::html(&a);
    assert!(!html.contains("<script>"), "unescaped policy name in HTML");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn csv_has_one_row_per_provision() {
    let p = policy("canterbury");
    let code = codes::load("ho-2024").unwrap();
    let a = assess::assess(&p, code, None, None).unwrap();
    let csv = redress::render::assessment::csv(&a).unwrap();
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(r.records().count(), a.provisions.len());
}

/// A policy with every route shape: an early-resolution step before two formal stages
/// (`general`), two stages (`housing`), one stage (`asc`), three stages (`review`) and a track
/// under the Scottish Ombudsman (`lettings`). The stage blocks are written in reverse order, so
/// that only the routes say which stage is stage 1. Rules limited to one track must never
/// decide another track's provisions.
const SHAPES: &str = r#"policy "Shapes Borough Council" {
  version "2.1"
    cite "Front page" "Version 2.1"
  effective 2026-04-01
    cite "Front page" "from 1 April 2026"
  reviewed 2026-03
    cite "Front page" "Reviewed March 2026"

  track general "Corporate complaints" ombudsman lgsco
  track housing "Housing landlord complaints" ombudsman housing-ombudsman
  track asc "Adult social care complaints" ombudsman lgsco
  track review "Reviewed decisions" ombudsman lgsco
  track lettings "Scottish lettings" ombudsman spso

  class complex "Complex cases"
    cite "4.2" "complex cases"

  route early, one, two for general
    cite "1.1" "an early resolution step, then two formal stages"
  route one, two
    cite "1.2" "two stages"
  route one for asc
    cite "1.3" "There is no second stage for adult social care complaints."
  route one, two, three for review
    cite "1.4" "a third stage, a review"

  exclude legal-proceedings
    cite "2.1" "legal proceedings"

  stage three "Stage 3" role stage-3 {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }

  escalate two -> three {
    within 20 working days of two.response
  }

  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
      cite "5.3" "acknowledge within 5 working days"
    respond within 20 working days of acknowledgement
      cite "5.4" "respond within 20 working days"
    handler "Director", not one for housing
      cite "5.5" "a Director not involved at stage 1"
    may start here by agreement for housing
      cite "5.0" "may start at stage 2 following discussion and agreement with you"
    unencoded "Stage 2 may be a review of the file" for housing
      cite "5.6" "a review of the file"
  }

  escalate one -> two {
    within 20 working days of one.response
      cite "5.1" "within 20 working days"
    reasons required for general
      cite "5.1" "you must tell us why"
    reasons invited
      cite "5.1" "you may tell us why"
    refuse if excluded, "a remedy has already been offered" for housing
      cite "5.2" "a remedy has already been offered"
    automatic if overdue for review
      cite "5.7" "becomes a stage 2 complaint"
    unencoded "A declined request is explained in writing"
      cite "5.2" "we will explain"
  }

  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
      cite "4.1" "acknowledge within 5 working days"
    respond within 10 working days of acknowledgement
      cite "4.2" "respond within 10 working days of the acknowledgement"
    respond within 30 working days of receipt when complex
      cite "4.2" "complex cases within 30 working days"
    milestone "contact to agree the complaint" within 3 working days of receipt
      cite "4.1" "contact you within 3 working days"
    extend up to 10 working days, tell reasons and new-date, tell ombudsman if "you are unhappy with the extension"
      cite "4.3" "If you are unhappy with the extension"
    handler "Corporate officer" for general
      cite "4.4" "a corporate officer"
  }

  escalate early -> one {
    within 10 working days of early.response, lapses
      cite "3.2" "if we do not hear from you within 10 working days"
  }

  stage early "Early resolution" role early-resolution {
    respond within 2 working days of receipt
      cite "3.1" "within 2 working days"
  }

  unencoded "Reasonable adjustments on request"
    cite "8.1" "reasonable adjustments"
}
"#;

fn compile(text: &str) -> redress::ir::Policy {
    redress::compile(&redress::source::SourceFile::new("shapes.policy", text))
        .ok()
        .unwrap()
}

/// The provision `id` of `code` for `track`.
fn provision(
    p: &redress::ir::Policy,
    code: &str,
    track: &str,
    id: &str,
) -> assess::ProvisionResult {
    let code = codes::load(code).unwrap();
    let a = assess::assess(p, code, Some(track), None).unwrap();
    a.provisions.into_iter().find(|x| x.id == id).unwrap()
}

#[test]
fn a_one_stage_track_has_no_stage_2() {
    let p = compile(SHAPES);
    // LGSCO 6.9 to 6.15 and 6.18 are about stage 2; 5.7 about escalating into it.
    for id in [
        "5.7", "6.9", "6.10", "6.11", "6.12", "6.13", "6.14", "6.15", "6.18",
    ] {
        let v = provision(&p, "lgsco-2024", "asc", id);
        assert_eq!(v.comply, Comply::No, "{id}: {}", v.explanation);
        assert!(
            v.explanation
                .contains("has one stage (Stage 1), so there is no stage 2"),
            "{id}: {}",
            v.explanation
        );
        // The evidence is the route statement that says so.
        assert_eq!(v.evidence[0].clause, "1.3", "{id}");
    }
    // LGSCO 5.2 forbids named steps besides the two stages: one stage adds none. The missing
    // stage 2 is the stage 2 provisions' `no` above, not this one's.
    let count = provision(&p, "lgsco-2024", "asc", "5.2");
    assert_eq!(count.comply, Comply::Yes, "{}", count.explanation);
    assert!(count.explanation.starts_with("one stage (Stage 1)"));
    // The same stage 1 on the two-stage track is assessed as stage 1, and stage 2 exists there.
    let s2 = provision(&p, "lgsco-2024", "general", "6.13");
    assert_eq!(s2.comply, Comply::Yes, "{}", s2.explanation);
}

#[test]
fn a_third_stage_makes_stage_2_not_final() {
    let p = compile(SHAPES);
    let v = provision(&p, "lgsco-2024", "review", "6.9");
    assert_eq!(v.comply, Comply::No);
    assert!(
        v.explanation
            .contains("is not the final response: the route goes on to stage 3 (\"Stage 3\")"),
        "{}",
        v.explanation
    );
    let count = provision(&p, "lgsco-2024", "review", "5.2");
    assert_eq!(count.comply, Comply::No);
    assert!(count
        .explanation
        .starts_with("3 stages (Stage 1, then Stage 2, then Stage 3)"));
    // Housing has two stages on the same blocks: stage 2 is final there.
    let v = provision(&p, "ho-2024", "housing", "6.10");
    assert_ne!(v.comply, Comply::No, "{}", v.explanation);
}

#[test]
fn an_early_resolution_step_is_not_stage_1() {
    let p = compile(SHAPES);
    let count = provision(&p, "lgsco-2024", "general", "5.2");
    assert_eq!(count.comply, Comply::No);
    assert!(
        count.explanation.contains(
            "Early resolution before stage 1 is a named step outside the Code's two stages"
        ),
        "{}",
        count.explanation
    );
    // Stage 1's acknowledgement and response are stage `one`'s (role stage-1), not the early
    // step's 2 working days, although the early step is the first stage of the route.
    let ack = provision(&p, "lgsco-2024", "general", "6.2");
    assert_eq!(ack.comply, Comply::Yes);
    assert_eq!(ack.evidence[0].clause, "4.1");
    let resp = provision(&p, "lgsco-2024", "general", "6.3");
    assert!(
        resp.evidence.iter().all(|e| e.clause == "4.2"),
        "{:?}",
        resp.evidence
    );
}

#[test]
fn the_order_of_the_stage_blocks_does_not_matter() {
    // The same policy with its blocks in route order: every verdict and explanation is equal.
    let p = compile(SHAPES);
    let mut blocks: Vec<&str> = SHAPES.split("\n\n").collect();
    let first_stage = blocks
        .iter()
        .position(|b| b.trim_start().starts_with("stage three"))
        .unwrap();
    let last_stage = blocks
        .iter()
        .position(|b| b.trim_start().starts_with("stage early"))
        .unwrap();
    blocks[first_stage..=last_stage].reverse();
    let reordered = compile(&blocks.join("\n\n"));
    assert_eq!(reordered.stages[0].name.value, "early");
    for (code, track) in [
        ("lgsco-2024", "general"),
        ("ho-2024", "housing"),
        ("lgsco-2024", "asc"),
        ("lgsco-2024", "review"),
    ] {
        let c = codes::load(code).unwrap();
        let a = assess::assess(&p, c, Some(track), None).unwrap();
        let b = assess::assess(&reordered, c, Some(track), None).unwrap();
        assert_eq!(
            redress::render::assessment::markdown(&a),
            redress::render::assessment::markdown(&b),
            "{code} {track}"
        );
    }
}

#[test]
fn a_rule_for_one_track_is_never_evidence_for_another() {
    let p = compile(SHAPES);
    // `reasons required for general`; housing has only the rule for every track (invited).
    let general = provision(&p, "lgsco-2024", "general", "6.11");
    assert_eq!(general.comply, Comply::No);
    let housing = provision(&p, "ho-2024", "housing", "6.12");
    assert_eq!(housing.comply, Comply::Yes);
    assert_eq!(housing.evidence[0].phrase, "you may tell us why");
    // The stage 2 handler is stated for housing only.
    let housing = provision(&p, "ho-2024", "housing", "6.13");
    assert_eq!(housing.comply, Comply::Yes, "{}", housing.explanation);
    let general = provision(&p, "lgsco-2024", "general", "6.12");
    assert_eq!(
        general.comply,
        Comply::EvidenceNeeded,
        "{}",
        general.explanation
    );
    assert!(general.evidence.is_empty());
    // Refusal grounds for housing only: general's escalation states none.
    let general = provision(&p, "lgsco-2024", "general", "5.7");
    assert_eq!(
        general.comply,
        Comply::EvidenceNeeded,
        "{}",
        general.explanation
    );
    // Starting at stage 2 by agreement is housing's; general's stage 2 stays final.
    let general = provision(&p, "lgsco-2024", "general", "6.9");
    assert_eq!(general.comply, Comply::Yes, "{}", general.explanation);
    let housing = provision(&p, "ho-2024", "housing", "6.10");
    assert_eq!(housing.comply, Comply::Partial);
    assert!(housing
        .explanation
        .contains("by agreement with the complainant"));
}

#[test]
fn stated_refusal_grounds_and_conditional_notices_are_partial() {
    let p = compile(SHAPES);
    let refusal = provision(&p, "ho-2024", "housing", "5.11");
    assert_eq!(refusal.comply, Comply::Partial);
    assert!(
        refusal.explanation.contains(
            "\"a remedy has already been offered\", which the policy does not list as an exclusion"
        ),
        "{}",
        refusal.explanation
    );
    // The Ombudsman's details only "if you are unhappy with the extension": HO 6.5, LGSCO 6.5.
    for (code, track) in [("ho-2024", "housing"), ("lgsco-2024", "general")] {
        let v = provision(&p, code, track, "6.5");
        assert_eq!(v.comply, Comply::Partial, "{code}");
        assert!(
            v.explanation
                .contains("only if \"you are unhappy with the extension\""),
            "{}",
            v.explanation
        );
    }
}

#[test]
fn a_class_rule_is_judged_beside_the_rule_for_most_cases() {
    let p = compile(SHAPES);
    // 10 working days of the acknowledgement for most cases meets the Code; 30 of receipt for
    // complex cases does not, so the provision is `no` and both are explained.
    let v = provision(&p, "lgsco-2024", "general", "6.3");
    assert_eq!(v.comply, Comply::No);
    assert!(v
        .explanation
        .starts_with("A case with no class: 10 working days of the acknowledgement"));
    assert!(v
        .explanation
        .contains("Class `complex` (Complex cases): 30 working days of receipt is later"));
}

#[test]
fn the_english_codes_do_not_cover_the_other_nations_ombudsmen() {
    let p = compile(SHAPES);
    for code in ["ho-2024", "lgsco-2024"] {
        let c = codes::load(code).unwrap();
        let a = assess::assess(&p, c, Some("lettings"), None).unwrap();
        assert_eq!(a.summary.not_applicable, a.provisions.len());
        assert_eq!(
            a.provisions[0].explanation,
            "this Code does not cover the Scottish Public Services Ombudsman"
        );
    }
    // A track of an English Ombudsman the Code does not cover is still a usage error.
    let ho = codes::load("ho-2024").unwrap();
    assert!(assess::assess(&p, ho, Some("general"), None).is_err());
}

#[test]
fn unencoded_rules_of_the_track_are_listed_with_their_citations() {
    let p = compile(SHAPES);
    let code = codes::load("ho-2024").unwrap();
    let a = assess::assess(&p, code, Some("housing"), None).unwrap();
    let listed: Vec<(&str, &str)> = a
        .unencoded
        .iter()
        .map(|u| (u.place.as_str(), u.text.as_str()))
        .collect();
    assert_eq!(
        listed,
        [
            ("the policy as a whole", "Reasonable adjustments on request"),
            (
                "the escalation from stage `one` to stage `two`",
                "A declined request is explained in writing"
            ),
            (
                "stage `two` (Stage 2)",
                "Stage 2 may be a review of the file"
            ),
        ]
    );
    assert_eq!(a.unencoded[2].evidence[0].clause, "5.6");
    let md = redress::render::assessment::markdown(&a);
    assert!(md.contains("## Rules redress could not encode"));
    assert!(md.contains("| stage `two` (Stage 2) | Stage 2 may be a review of the file | 5.6: \"a review of the file\" |"));
    // Another track does not list housing's rule; a one-stage track not stage 2's.
    let lg = codes::load("lgsco-2024").unwrap();
    let general = assess::assess(&p, lg, Some("general"), None).unwrap();
    assert_eq!(general.unencoded.len(), 2);
    let asc = assess::assess(&p, lg, Some("asc"), None).unwrap();
    assert_eq!(asc.unencoded.len(), 1);
    // No unencoded rule: no section (Cressley's housing track records none).
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/policies/cressley-calendar-days.policy");
    let plain = redress::compile(&redress::source::load(&path).unwrap()).unwrap();
    let a = assess::assess(&plain, code, Some("housing"), None).unwrap();
    assert!(!redress::render::assessment::markdown(&a).contains("could not encode"));
}

#[test]
fn a_missing_timescale_beside_an_unencoded_rule_names_it() {
    // Stage 2 states no response timescale: the policy is silent, so LGSCO 6.13 needs
    // evidence. With an unencoded rule in the same stage, which may be the timescale the
    // language could not say, the verdict names and cites it.
    let without = SHAPES.replace(
        "    respond within 20 working days of acknowledgement\n      cite \"5.4\" \"respond within 20 working days\"\n",
        "",
    );
    assert_ne!(without, SHAPES);
    let p = compile(&without);
    let v = provision(&p, "lgsco-2024", "general", "6.13");
    assert_eq!(v.comply, Comply::EvidenceNeeded, "{}", v.explanation);
    assert!(v
        .explanation
        .starts_with("the policy does not say when stage 2"));
    assert!(v.evidence.is_empty());
    let with = without.replace(
        "    handler \"Director\"",
        "    unencoded \"Stage 2 is answered as soon as the review allows\"\n      cite \"5.4\" \"as soon as the review allows\"\n    handler \"Director\"",
    );
    let p = compile(&with);
    let v = provision(&p, "lgsco-2024", "general", "6.13");
    assert_eq!(v.comply, Comply::EvidenceNeeded, "{}", v.explanation);
    assert!(v
        .explanation
        .starts_with("The policy does not say when stage 2"));
    assert!(v
        .explanation
        .contains("\"Stage 2 is answered as soon as the review allows\""));
    assert_eq!(v.evidence[0].phrase, "as soon as the review allows");
    // Stage 1 has its timescales: an unencoded rule of stage 2 changes nothing there.
    let v = provision(&p, "lgsco-2024", "general", "6.2");
    assert_eq!(v.comply, Comply::Yes, "{}", v.explanation);
}

// ------------------------------------------------------------ hand-worked fixtures

/// One `# expect CODE TRACK PROVISION VERDICT [readings=V,V] ["phrase"]` line of a fixture
/// under `fixtures/assess/`: the verdict worked by hand in the fixture's own comments.
struct Expect {
    line: usize,
    code: String,
    track: String,
    id: String,
    comply: String,
    readings: Option<Vec<String>>,
    phrase: Option<String>,
}

fn expectations(text: &str) -> Vec<Expect> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let Some(rest) = line.strip_prefix("# expect ") else {
            continue;
        };
        let (head, phrase) = match rest.split_once(" \"") {
            Some((h, p)) => (h, Some(p.trim_end_matches('"').to_string())),
            None => (rest, None),
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        let readings = words
            .get(4)
            .and_then(|w| w.strip_prefix("readings="))
            .map(|r| r.split(',').map(str::to_string).collect());
        out.push(Expect {
            line: i + 1,
            code: words[0].to_string(),
            track: words[1].to_string(),
            id: words[2].to_string(),
            comply: words[3].to_string(),
            readings,
            phrase,
        });
    }
    out
}

fn fixture(name: &str) -> (String, redress::ir::Policy) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/assess")
        .join(name);
    let src = redress::source::load(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    let p = redress::compile(&src)
        .ok()
        .unwrap_or_else(|| panic!("{name} does not compile"));
    (text, p)
}

/// Every verdict a fixture under `fixtures/assess/` works out by hand holds: the verdict, the
/// verdict on each reading in order (from the provision's provenance), and a phrase of the
/// explanation.
#[test]
fn hand_worked_fixtures_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/assess");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".policy"))
        .collect();
    names.sort();
    assert!(names.len() >= 8, "{names:?}");
    let mut failures = Vec::new();
    for name in &names {
        let (text, p) = fixture(name);
        let expects = expectations(&text);
        assert!(!expects.is_empty(), "{name} expects nothing");
        for e in expects {
            let code = codes::load(&e.code).unwrap();
            let a = assess::assess(&p, code, Some(&e.track), None).unwrap();
            let i = a.provisions.iter().position(|x| x.id == e.id).unwrap();
            let got = &a.provisions[i];
            let prov = &a.provenance[i];
            let at = format!("{name}:{} {} {} {}", e.line, e.code, e.track, e.id);
            if got.comply.word() != e.comply {
                failures.push(format!(
                    "{at}: {} expected, got {}: {}",
                    e.comply,
                    got.comply.word(),
                    got.explanation
                ));
            }
            if let Some(r) = &e.readings {
                let on: Vec<&str> = prov.readings.iter().map(|x| x.comply.word()).collect();
                if on != *r {
                    failures.push(format!("{at}: readings {r:?} expected, got {on:?}"));
                }
            }
            if let Some(ph) = &e.phrase {
                if !got.explanation.contains(ph.as_str()) {
                    failures.push(format!("{at}: no \"{ph}\" in: {}", got.explanation));
                }
            }
            assert_eq!(prov.track.as_deref(), Some(e.track.as_str()), "{at}");
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The schedule core's reading is marked, and it is the first: the stage's own start, working
/// days.
#[test]
fn the_schedule_cores_reading_is_marked() {
    let (_, p) = fixture("unstated-both-comply.policy");
    let a = assess::assess(&p, codes::load("ho-2024").unwrap(), Some("housing"), None).unwrap();
    let i = a.provisions.iter().position(|x| x.id == "6.3").unwrap();
    let r = &a.provenance[i].readings;
    assert_eq!(r.len(), 2);
    assert_eq!(r[0].reading, "counted from receipt");
    assert!(r[0].schedule);
    assert_eq!(r[1].reading, "counted from the acknowledgement");
    assert!(!r[1].schedule);
}

/// Silence has one treatment: every provision a rule decides, which the silent fixture's
/// policy says nothing about, is `evidence-needed` and says so in the same words, under both
/// Codes.
#[test]
fn silence_is_evidence_needed_everywhere() {
    let (_, p) = fixture("silent.policy");
    for (code, track) in [("ho-2024", "housing"), ("lgsco-2024", "general")] {
        let c = codes::load(code).unwrap();
        let a = assess::assess(&p, c, Some(track), None).unwrap();
        for (x, spec) in a.provisions.iter().zip(&c.provisions) {
            if spec.rule.is_none() || x.comply != Comply::EvidenceNeeded {
                continue;
            }
            assert!(
                x.explanation.starts_with("the policy does not say"),
                "{code} {}: {}",
                x.id,
                x.explanation
            );
        }
        // Nothing the policy is silent on is `no` or `yes` for want of a rule.
        for id in match code {
            "ho-2024" => ["2.2", "2.3", "6.11", "6.12", "6.13"],
            _ => ["2.3", "2.2", "6.10", "6.11", "6.12"],
        } {
            let x = a.provisions.iter().find(|x| x.id == id).unwrap();
            assert_eq!(x.comply, Comply::EvidenceNeeded, "{code} {id}");
        }
    }
}

/// A track is assessed on its own rules: no statement limited to another track is among the
/// statements any of its verdicts rests on.
#[test]
fn no_verdict_rests_on_another_tracks_statement() {
    for (name, code, track) in [
        ("per-track.policy", "ho-2024", "housing"),
        ("per-track.policy", "lgsco-2024", "general"),
        ("route-shapes.policy", "ho-2024", "housing"),
        ("route-shapes.policy", "lgsco-2024", "asc"),
        ("route-shapes.policy", "lgsco-2024", "general"),
        ("exclusions.policy", "ho-2024", "housing"),
    ] {
        let (_, p) = fixture(name);
        let a = assess::assess(&p, codes::load(code).unwrap(), Some(track), None).unwrap();
        for (x, prov) in a.provisions.iter().zip(&a.provenance) {
            for s in &prov.statements {
                assert!(
                    s.track.as_deref().is_none_or(|t| t == track),
                    "{name} {code} {track} {}: rests on a statement for `{:?}`",
                    x.id,
                    s.track
                );
            }
        }
    }
    // The housing track of the per-track fixture: the corporate handler, reasons rule and
    // extension are not its evidence.
    let (_, p) = fixture("per-track.policy");
    let a = assess::assess(&p, codes::load("ho-2024").unwrap(), Some("housing"), None).unwrap();
    for id in ["6.12", "6.13", "6.5"] {
        let x = a.provisions.iter().find(|x| x.id == id).unwrap();
        assert!(x.evidence.is_empty(), "{id}: {:?}", x.evidence);
    }
}

/// One rule, one verdict: the provisions the Codes word alike and the data maps to the same
/// rule (HO 5.3 and LGSCO 5.2, `stage-count`) give the same verdict on the same route, for
/// every route shape.
#[test]
fn the_same_rule_gives_the_same_verdict_under_both_codes() {
    let (_, p) = fixture("route-shapes.policy");
    // Every route shape of the fixture, read under both Codes through a copy of the policy
    // whose tracks go to the other Ombudsman.
    for (track, shape) in [
        ("housing", "three stages"),
        ("asc", "one stage"),
        ("general", "early resolution"),
    ] {
        let mut verdicts = Vec::new();
        for (code, id, ombudsman) in [
            ("ho-2024", "5.3", "housing-ombudsman"),
            ("lgsco-2024", "5.2", "lgsco"),
        ] {
            let mut q = p.clone();
            for t in &mut q.tracks {
                if t.value.name.value == track {
                    t.value.ombudsman.as_mut().unwrap().value =
                        <redress::ir::Ombudsman as redress::ir::Vocabulary>::from_word(ombudsman)
                            .unwrap();
                }
            }
            let a = assess::assess(&q, codes::load(code).unwrap(), Some(track), None).unwrap();
            let x = a.provisions.into_iter().find(|x| x.id == id).unwrap();
            verdicts.push((x.comply, x.explanation));
        }
        assert_eq!(verdicts[0], verdicts[1], "{shape}");
    }
}
