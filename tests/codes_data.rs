//! The Complaint Handling Codes as data: `data/codes/ho-2024.toml` and `data/codes/lgsco-2024.toml`,
//! and the devolved Ombudsmen's model procedures (`spso-mchp`, `nipso-mchp`, `psow-mccp`).
//!
//! These files are what a self-assessment reads, so their shape is a contract: one provision per
//! paragraph of the Code (per requirement of a model procedure), in the Code's order, with a
//! closed vocabulary for `level`, `checkable`, `verified` and `rule`, and for the model
//! procedures, whose paragraph numbers redress does not use, the `source` each comes from. The
//! expected numbers are written out here (not read from the research notes, which CI does not
//! have).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeFile {
    code: CodeMeta,
    provision: Vec<Provision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeMeta {
    id: String,
    title: String,
    in_force: toml::value::Datetime,
    applies_to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Provision {
    id: String,
    section: String,
    level: String,
    requirement: String,
    checkable: String,
    rule: Option<String>,
    source: Option<String>,
    verified: String,
}

const LEVELS: &[&str] = &["must", "should", "may", "none"];
const CHECKABLE: &[&str] = &[
    "structure",
    "timescale",
    "exclusion",
    "content",
    "publication",
    "practice",
];
const VERIFIED: &[&str] = &["V", "S", "R"];
/// The assessment rules redress implements: the data may name no other.
const RULES: &[&str] = redress::assess::RULES;

const HO_IDS: &[&str] = &[
    "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", //
    "2.1", "2.2", "2.3", "2.4", "2.5", //
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", //
    "4.1", "4.2", "4.3", //
    "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", "5.12", "5.13",
    "5.14", "5.15", //
    "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12", "6.13",
    "6.14", "6.15", "6.16", "6.17", "6.18", "6.19", "6.20", //
    "7.1", "7.2", "7.3", "7.4", //
    "8.1", "8.2", "8.3", "8.4", "8.5", //
    "9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7", "9.8",
];

const LGSCO_IDS: &[&str] = &[
    "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", //
    "2.1", "2.2", "2.3", "2.4", "2.5", //
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", //
    "4.1", "4.2", "4.3", //
    "5.1", "5.2", "5.3", "5.4", "5.5", "5.6", "5.7", "5.8", "5.9", "5.10", "5.11", //
    "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12", "6.13",
    "6.14", "6.15", "6.16", "6.17", "6.18", //
    "7.1", "7.2", "7.3", "7.4", "7.5", //
    "8.1", "8.2", "8.3", //
    "9.1", "9.2", "9.3", "9.4", "9.5", "9.6", "9.7",
];

/// Which provision each assessment decides. Everything not listed has no `rule`.
const HO_RULES: &[(&str, &str)] = &[
    ("2.2", "exclusions"),
    ("2.3", "acceptance-window"),
    ("3.7", "ombudsman-route"),
    ("5.2", "stage-count"),
    ("5.3", "stage-count"),
    ("5.6", "ack-content"),
    ("5.7", "ack-content"),
    ("5.8", "independence"),
    ("5.9", "update-when-late"),
    ("5.11", "escalation-refusal"),
    ("6.2", "s1-ack"),
    ("6.3", "s1-response"),
    ("6.4", "s1-extension"),
    ("6.5", "extension-ombudsman"),
    ("6.9", "s1-response-content"),
    ("6.10", "stage2-final"),
    ("6.11", "s2-ack"),
    ("6.12", "escalation-reasons"),
    ("6.13", "different-handler"),
    ("6.14", "s2-response"),
    ("6.15", "s2-extension"),
    ("6.16", "extension-ombudsman"),
    ("6.19", "s2-response-content"),
];

const LGSCO_RULES: &[(&str, &str)] = &[
    ("2.2", "acceptance-window"),
    ("2.3", "exclusions"),
    ("3.7", "ombudsman-route"),
    ("5.2", "stage-count"),
    ("5.4", "independence"),
    ("5.5", "update-when-late"),
    ("5.7", "escalation-refusal"),
    ("6.2", "s1-ack"),
    ("6.3", "s1-response"),
    ("6.4", "s1-extension"),
    ("6.5", "extension-ombudsman"),
    ("6.7", "ack-content"),
    ("6.8", "s1-response-content"),
    ("6.9", "stage2-final"),
    ("6.10", "s2-ack"),
    ("6.11", "escalation-reasons"),
    ("6.12", "different-handler"),
    ("6.13", "s2-response"),
    ("6.14", "s2-extension"),
    ("6.15", "extension-ombudsman"),
    ("6.18", "s2-response-content"),
];

/// The numbers and start events that must survive paraphrase, for every timescale provision.
const HO_TIMESCALES: &[(&str, &[&str])] = &[
    ("2.3", &["12 months", "aware"]),
    ("6.2", &["5 working days", "receipt"]),
    ("6.3", &["10 working days", "acknowledg"]),
    ("6.4", &["10 working days", "good reason"]),
    ("6.11", &["5 working days", "escalation request"]),
    ("6.14", &["20 working days", "acknowledg"]),
    ("6.15", &["20 working days", "good reason"]),
];

const LGSCO_TIMESCALES: &[(&str, &[&str])] = &[
    ("2.2", &["12 months", "aware"]),
    ("6.2", &["5 working days", "receipt"]),
    ("6.3", &["10 working days", "acknowledg"]),
    ("6.4", &["10 working days", "good reason"]),
    ("6.10", &["5 working days", "escalation request"]),
    ("6.13", &["20 working days", "acknowledg"]),
    ("6.14", &["20 working days", "good reason"]),
];

/// Spot checks: the research notes' own summaries, which the data must not reuse word for word.
const HO_REFERENCE_SUMMARIES: &[(&str, &str)] = &[
    ("5.3", "More than two stages is never acceptable."),
    (
        "6.2",
        "Acknowledge, define and log at stage 1 within 5 working days of receipt.",
    ),
    (
        "6.3",
        "Full stage 1 response within 10 working days of the acknowledgement.",
    ),
    (
        "6.13",
        "The stage 2 decision-maker is not the person who considered stage 1.",
    ),
    (
        "6.14",
        "Final stage 2 response within 20 working days of the stage 2 acknowledgement.",
    ),
    (
        "7.2",
        "Any remedy reflects the impact of the fault on the resident.",
    ),
];

const LGSCO_REFERENCE_SUMMARIES: &[(&str, &str)] = &[
    ("2.5", "No blanket exclusions."),
    (
        "6.2",
        "Acknowledge and log at stage 1 within 5 working days of receipt.",
    ),
    (
        "6.12",
        "The stage 2 decision-maker differs from the stage 1 decision-maker.",
    ),
    (
        "6.14",
        "Stage 2 extension no more than 20 working days without good reason.",
    ),
    ("3.8", "Surveys about services say how to complain."),
    ("9.2", "Use complaints as intelligence for positive change."),
];

fn load(name: &str) -> Result<CodeFile, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("data/codes")
        .join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("{} does not parse: {e}", path.display()))
}

fn provision<'a>(file: &'a CodeFile, id: &str) -> Option<&'a Provision> {
    file.provision.iter().find(|p| p.id == id)
}

/// Everything that holds for both Codes.
fn check_common(file: &CodeFile, expected_ids: &[&str], expected_rules: &[(&str, &str)]) {
    let code = &file.code.id;

    // Count, order and uniqueness of paragraph numbers.
    let ids: Vec<&str> = file.provision.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, expected_ids, "{code}: provision ids or order");
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{code}: duplicate provision id");

    for p in &file.provision {
        let at = format!("{code} {}", p.id);
        assert!(
            LEVELS.contains(&p.level.as_str()),
            "{at}: level `{}`",
            p.level
        );
        assert!(
            CHECKABLE.contains(&p.checkable.as_str()),
            "{at}: checkable `{}`",
            p.checkable
        );
        assert!(
            VERIFIED.contains(&p.verified.as_str()),
            "{at}: verified `{}`",
            p.verified
        );
        if let Some(rule) = &p.rule {
            assert!(
                RULES.contains(&rule.as_str()),
                "{at}: unknown rule `{rule}`"
            );
            // A rule decides a provision from the policy text; practice needs outside evidence,
            // and introductory text is not assessed at all.
            assert_ne!(
                p.checkable, "practice",
                "{at}: a rule on a practice provision"
            );
            assert_ne!(p.level, "none", "{at}: a rule on introductory text");
        }

        assert!(!p.section.trim().is_empty(), "{at}: empty section");
        let req = p.requirement.as_str();
        assert!(!req.trim().is_empty(), "{at}: empty requirement");
        assert!(
            req.chars().count() <= 200,
            "{at}: requirement longer than 200 characters"
        );
        assert!(
            !req.contains("  ") && req.trim() == req,
            "{at}: stray whitespace in requirement"
        );
        // The modal verb of the Code is kept in the paraphrase.
        match p.level.as_str() {
            "must" => assert!(
                req.contains("must"),
                "{at}: `must` provision without `must`"
            ),
            "should" => assert!(
                req.contains("should"),
                "{at}: `should` provision without `should`"
            ),
            "may" => assert!(req.contains(" may "), "{at}: `may` provision without `may`"),
            _ => {}
        }
    }

    // Sections are contiguous: once the Code leaves a section it does not come back to it.
    let mut seen = Vec::<&str>::new();
    for p in &file.provision {
        if seen.last() != Some(&p.section.as_str()) {
            assert!(
                !seen.contains(&p.section.as_str()),
                "{code} {}: section `{}` appears twice",
                p.id,
                p.section
            );
            seen.push(&p.section);
        }
    }

    // The rule map is exactly as agreed, and every assessment has a provision in this Code.
    let actual: BTreeMap<&str, &str> = file
        .provision
        .iter()
        .filter_map(|p| p.rule.as_deref().map(|r| (p.id.as_str(), r)))
        .collect();
    let expected: BTreeMap<&str, &str> = expected_rules.iter().copied().collect();
    assert_eq!(actual, expected, "{code}: rule assignments");
    // Where each provision comes from: an English Code's ids are its own paragraph numbers, so
    // they carry no `source`; a model procedure's ids are redress's, so every one names its Part
    // and heading.
    let model = MODEL_PROCEDURES.contains(&code.as_str());
    for p in &file.provision {
        let at = format!("{code} {}", p.id);
        if model {
            assert!(
                p.source.as_deref().is_some_and(|s| !s.trim().is_empty()),
                "{at}: no source"
            );
        } else {
            assert!(p.source.is_none(), "{at}: a source on a numbered Code");
            assert!(is_paragraph_number(&p.id), "{at}: not a paragraph number");
        }
    }
}

/// "6.14": a Code's own paragraph number.
fn is_paragraph_number(id: &str) -> bool {
    let mut parts = id.split('.');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    [a, b]
        .iter()
        .all(|x| !x.is_empty() && x.chars().all(|c| c.is_ascii_digit()))
}

/// Every assessment rule decides some provision of each English Code.
fn every_rule_used(file: &CodeFile) {
    let used: BTreeSet<&str> = file
        .provision
        .iter()
        .filter_map(|p| p.rule.as_deref())
        .collect();
    for rule in RULES {
        assert!(
            used.contains(rule),
            "{}: no provision uses rule `{rule}`",
            file.code.id
        );
    }
}

#[test]
fn ho_2024_provisions() {
    let ho = load("ho-2024").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ho.code.id, "ho-2024");
    assert_eq!(
        ho.code.title,
        "Housing Ombudsman Complaint Handling Code 2024"
    );
    assert_eq!(ho.code.applies_to, "housing-ombudsman");
    assert!(ho.code.in_force.time.is_none() && ho.code.in_force.offset.is_none());
    assert_eq!(ho.code.in_force.to_string(), "2024-04-01");
    assert_eq!(ho.provision.len(), 73);
    check_common(&ho, HO_IDS, HO_RULES);
    every_rule_used(&ho);

    // The 2024 Housing Code is "must" throughout, bar the introduction and one Ombudsman power.
    for p in &ho.provision {
        let expected = match p.id.as_str() {
            "1.1" => "none",
            "8.4" => "may",
            _ => "must",
        };
        assert_eq!(p.level, expected, "ho-2024 {}: level", p.id);
    }
    for (id, words) in HO_TIMESCALES {
        let p = provision(&ho, id).unwrap_or_else(|| panic!("ho-2024 {id}: missing"));
        assert_eq!(p.checkable, "timescale", "ho-2024 {id}: checkable");
        for w in *words {
            assert!(p.requirement.contains(w), "ho-2024 {id}: lost `{w}`");
        }
    }
    for (id, summary) in HO_REFERENCE_SUMMARIES {
        assert_ne!(
            provision(&ho, id).map(|p| p.requirement.as_str()),
            Some(*summary),
            "ho-2024 {id}: requirement copies the reference summary"
        );
    }
}

#[test]
fn lgsco_2024_provisions() {
    let lg = load("lgsco-2024").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(lg.code.id, "lgsco-2024");
    assert!(lg.code.title.contains("Complaint Handling Code"));
    assert_eq!(lg.code.applies_to, "lgsco");
    assert!(lg.code.in_force.time.is_none() && lg.code.in_force.offset.is_none());
    assert_eq!(lg.code.in_force.to_string(), "2026-04-01");
    assert_eq!(lg.provision.len(), 68);
    check_common(&lg, LGSCO_IDS, LGSCO_RULES);
    every_rule_used(&lg);

    // "must" only where the Equality Act already imposes a duty.
    let musts: Vec<&str> = lg
        .provision
        .iter()
        .filter(|p| p.level == "must")
        .map(|p| p.id.as_str())
        .collect();
    assert_eq!(musts, ["3.1", "5.6"], "lgsco-2024: `must` provisions");
    for (id, words) in LGSCO_TIMESCALES {
        let p = provision(&lg, id).unwrap_or_else(|| panic!("lgsco-2024 {id}: missing"));
        assert_eq!(p.checkable, "timescale", "lgsco-2024 {id}: checkable");
        for w in *words {
            assert!(p.requirement.contains(w), "lgsco-2024 {id}: lost `{w}`");
        }
    }
    for (id, summary) in LGSCO_REFERENCE_SUMMARIES {
        assert_ne!(
            provision(&lg, id).map(|p| p.requirement.as_str()),
            Some(*summary),
            "lgsco-2024 {id}: requirement copies the reference summary"
        );
    }
    // Provisions whose number was recalled, not read, stay marked so.
    for id in [
        "4.1", "4.2", "4.3", "5.8", "5.9", "6.9", "6.11", "6.14", "6.18",
    ] {
        assert_eq!(
            provision(&lg, id).map(|p| p.verified.as_str()),
            Some("R"),
            "lgsco-2024 {id}: verified"
        );
    }
}

/// The devolved Ombudsmen's model procedures: their ids are redress's numbering (Part, then
/// order), and `source` says where in the model each requirement is.
const MODEL_PROCEDURES: &[&str] = &["spso-mchp", "nipso-mchp", "psow-mccp"];

/// The only rules that may decide a model procedure's provision: those that do not measure the
/// policy against the English Codes' own content (the seven items of a response letter, the
/// Ombudsman's details on an extension notice), and the timescale rules, which read each
/// Code's own figures (`Code::stage`, `Code::time_limit`, held to the provisions below).
const MODEL_RULES: &[&str] = &[
    "stage-count",
    "exclusions",
    "ombudsman-route",
    "update-when-late",
    "independence",
    "acceptance-window",
    "s1-response",
    "s1-extension",
    "s2-ack",
    "s2-response",
    "s2-extension",
];

const SPSO_IDS: &[&str] = &[
    "1.1", //
    "2.1", "2.2", "2.3", "2.4", //
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", //
    "4.1", "4.2", "4.3", "4.4",
];
const SPSO_RULES: &[(&str, &str)] = &[
    ("2.2", "exclusions"),
    ("2.4", "acceptance-window"),
    ("3.1", "stage-count"),
    ("3.3", "s1-response"),
    ("3.4", "s1-extension"),
    ("3.7", "s2-ack"),
    ("3.9", "s2-response"),
    ("3.10", "s2-extension"),
    ("3.11", "ombudsman-route"),
];
/// Numbers as read in the pages `data/codes/spso-mchp.toml` names (socialsecuritycommission.scot
/// paragraphs 11, 15, 16, 19 and 20; Belfast and Mid and East Antrim for the 10 in all).
const SPSO_TIMESCALES: &[(&str, &[&str])] = &[
    ("2.4", &["6 months"]),
    ("3.3", &["5 working days", "receipt"]),
    ("3.4", &["5 working days", "10 working days"]),
    ("3.6", &["6 months", "2 months"]),
    ("3.7", &["3 working days", "stage 2"]),
    ("3.9", &["20 working days", "stage 2"]),
    ("3.10", &["20 working days"]),
];

const NIPSO_IDS: &[&str] = &[
    "1.1", //
    "2.1", "2.2", "2.3", //
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12", //
    "4.1", "4.2",
];
const NIPSO_RULES: &[(&str, &str)] = &[
    ("2.2", "exclusions"),
    ("2.3", "acceptance-window"),
    ("3.1", "stage-count"),
    ("3.2", "s1-response"),
    ("3.3", "s1-extension"),
    ("3.8", "s2-ack"),
    ("3.10", "s2-response"),
    ("3.11", "s2-extension"),
    ("3.12", "ombudsman-route"),
];
/// Ards and North Down (5, 3 and 20 working days; 6 and 2 months), Mid and East Antrim
/// (registration; 10 working days in total).
const NIPSO_TIMESCALES: &[(&str, &[&str])] = &[
    ("2.3", &["6 months"]),
    ("3.2", &["5 working days", "registered"]),
    ("3.3", &["10 working days"]),
    ("3.6", &["6 months", "2 months"]),
    ("3.8", &["3 working days"]),
    ("3.10", &["20 working days"]),
];

const PSOW_IDS: &[&str] = &[
    "1.1", //
    "2.1", "2.2", "2.3", //
    "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", //
    "4.1", "4.2", "4.3",
];
const PSOW_RULES: &[(&str, &str)] = &[
    ("2.1", "exclusions"),
    ("2.2", "acceptance-window"),
    ("3.1", "stage-count"),
    ("3.2", "s1-response"),
    ("3.4", "s2-ack"),
    ("3.5", "s2-response"),
    ("3.6", "update-when-late"),
    ("3.9", "ombudsman-route"),
];
/// Carmarthenshire and Neath Port Talbot (6 months), Wrexham and Swansea (10 working days),
/// Neath Port Talbot (5 and 20 working days).
const PSOW_TIMESCALES: &[(&str, &[&str])] = &[
    ("2.2", &["6 months"]),
    ("3.2", &["10 working days"]),
    ("3.4", &["5 working days"]),
    ("3.5", &["20 working days"]),
];

fn model_procedure(
    id: &str,
    applies_to: &str,
    ids: &[&str],
    rules: &[(&str, &str)],
    timescales: &[(&str, &[&str])],
) {
    let file = load(id);
    assert!(file.is_ok(), "{id}: {:?}", file.as_ref().err());
    let Ok(file) = file else { return };
    assert_eq!(file.code.id, id);
    assert_eq!(file.code.applies_to, applies_to);
    assert!(file.code.in_force.time.is_none() && file.code.in_force.offset.is_none());
    check_common(&file, ids, rules);
    for (p, rule) in rules {
        assert!(
            MODEL_RULES.contains(rule),
            "{id} {p}: rule `{rule}` measures against the English Codes' own content"
        );
    }
    for (p, words) in timescales {
        let prov = provision(&file, p);
        assert!(prov.is_some(), "{id} {p}: missing");
        let Some(prov) = prov else { continue };
        assert_eq!(prov.checkable, "timescale", "{id} {p}: checkable");
        for w in *words {
            assert!(prov.requirement.contains(w), "{id} {p}: lost `{w}`");
        }
    }
    // What could not be checked against the model's own text is written down in the file.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("data/codes/{id}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        text.contains("NOT verified against"),
        "{id}: the file does not record what was not verified"
    );
}

#[test]
fn spso_model_procedure() {
    model_procedure("spso-mchp", "spso", SPSO_IDS, SPSO_RULES, SPSO_TIMESCALES);
}

#[test]
fn nipso_model_procedure() {
    model_procedure(
        "nipso-mchp",
        "nipso",
        NIPSO_IDS,
        NIPSO_RULES,
        NIPSO_TIMESCALES,
    );
}

#[test]
fn psow_model_policy() {
    model_procedure("psow-mccp", "psow", PSOW_IDS, PSOW_RULES, PSOW_TIMESCALES);
}

/// Every file in `data/codes/` is a Code the program loads, under its own id, and each
/// Ombudsman has one Code.
#[test]
fn every_code_file_loads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/codes");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().to_string();
            name.strip_suffix(".toml").map(str::to_string)
        })
        .collect();
    files.sort();
    let mut ids: Vec<String> = redress::assess::codes::IDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    ids.sort();
    assert_eq!(files, ids, "data/codes and codes::IDS differ");

    let mut applies = HashSet::new();
    for id in redress::assess::codes::IDS {
        let file = load(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(file.code.id, *id, "{id}: the file names another id");
        let code = redress::assess::codes::load(id).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(code.provisions.len(), file.provision.len(), "{id}");
        assert!(
            ["lgsco", "housing-ombudsman", "spso", "nipso", "psow"]
                .contains(&file.code.applies_to.as_str()),
            "{id}: applies_to `{}` is not an Ombudsman",
            file.code.applies_to
        );
        assert!(
            applies.insert(file.code.applies_to.clone()),
            "{id}: a second Code for `{}`",
            file.code.applies_to
        );
    }
}

/// The figures `check` quotes and `assess` will judge by (`Code::stage`) are the provisions'
/// own: each cites a provision of its Code that states that number of working days.
#[test]
fn stage_figures_rest_on_their_provisions() {
    use redress::assess::codes::{load as load_code, Extension};
    for id in redress::assess::codes::IDS {
        let code = load_code(id).unwrap_or_else(|e| panic!("{e}"));
        for n in [1u8, 2] {
            let stage = code
                .stage(n)
                .unwrap_or_else(|| panic!("{id}: nothing for stage {n}"));
            let mut figures: Vec<(u32, &str)> = Vec::new();
            if let Some(a) = stage.acknowledge {
                figures.push((a.working_days, a.provision));
            }
            figures.push((stage.respond.working_days, stage.respond.provision));
            match stage.extension {
                Extension::UpTo {
                    working_days,
                    provision,
                    ..
                } => figures.push((working_days, provision)),
                Extension::Revised { provision } => {
                    assert!(code.provision(provision).is_some(), "{id} {provision}");
                }
                Extension::Unstated => {}
            }
            for (days, p) in figures {
                let prov = code
                    .provision(p)
                    .unwrap_or_else(|| panic!("{id}: stage {n} cites {p}, which is missing"));
                assert_eq!(prov.checkable, "timescale", "{id} {p}");
                assert!(
                    prov.requirement.contains(&format!("{days} working days")),
                    "{id} {p}: stage {n} says {days} working days, the provision does not"
                );
            }
        }
        assert!(code.stage(3).is_none(), "{id}: a third stage");
    }
}

/// The time limit for complaining `assess` judges by (`Code::time_limit`) is the provision's
/// own: the provision it cites decides `acceptance-window` and states that many months.
#[test]
fn time_limits_rest_on_their_provisions() {
    for id in redress::assess::codes::IDS {
        let code = redress::assess::codes::load(id).unwrap_or_else(|e| panic!("{e}"));
        let t = code
            .time_limit()
            .unwrap_or_else(|| panic!("{id}: no time limit"));
        let p = code
            .provision(t.provision)
            .unwrap_or_else(|| panic!("{id} {}: missing", t.provision));
        assert_eq!(
            p.rule.as_deref(),
            Some("acceptance-window"),
            "{id} {}",
            p.id
        );
        assert!(
            p.requirement.contains(&format!("{} months", t.months)),
            "{id} {}: does not say {} months",
            p.id,
            t.months
        );
    }
}
