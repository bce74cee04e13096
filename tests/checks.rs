//! One fixture per diagnostic code under `tests/checks/<stage>/<name>.policy`, and two
//! snapshots of each: the rendered report a person sees and the JSON a machine reads.
//! Reading a snapshot is reading what the user sees; review every one.

mod common;

use std::path::{Path, PathBuf};

use redress::registry;

#[test]
fn diagnostics_render() {
    insta::glob!("checks/**/*.policy", |path| {
        let a = common::analyse_path(path);
        insta::assert_snapshot!("human", common::human(&a));
        insta::assert_json_snapshot!("json", common::json(&a));
    });
}

/// Codes whose input cannot sensibly be a committed file; `tests/robustness.rs` covers them.
/// Simulation codes are about case fixtures, not policies: `tests/simulate.rs` snapshots them.
const GENERATED: &[&str] = &[
    "redress::parse::too_large",
    "redress::parse::too_complex",
    "redress::simulate::invalid_fixture",
    "redress::simulate::mismatch",
    // About a case export's header or column mapping: tests/audit.rs triggers each.
    "redress::audit::unknown_column",
    "redress::audit::missing_column",
    "redress::audit::duplicate_column",
    "redress::audit::invalid_mapping",
    // About a workbook export: tests/workbook.rs triggers each.
    "redress::audit::workbook_unreadable",
    "redress::audit::no_such_sheet",
    "redress::audit::unusable_cell",
    // About `audit --as-of` on the command line: tests/as_of.rs triggers each.
    "redress::audit::invalid_as_of",
    "redress::audit::as_of_option",
    // About last year's self-assessment form (`assess --previous`): tests/assess_form.rs.
    "redress::assess::previous_invalid",
];

/// Codes about the command line of `deadlines`, `calendar`, `site` and `measures`, not a policy:
/// `tests/deadlines.rs`, `tests/site.rs` and `tests/measures.rs` trigger each of them.
const COMMAND_LINE: &[&str] = &[
    "redress::deadlines::",
    "redress::calendar::",
    "redress::site::",
    "redress::measures::",
];

fn fixture_for(code: &str) -> PathBuf {
    let mut parts = code.split("::").skip(1);
    let stage = parts.next().unwrap_or("");
    let name = parts.next().unwrap_or("");
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/checks")
        .join(stage)
        .join(format!("{name}.policy"))
}

#[test]
fn every_code_has_a_fixture_that_triggers_it() {
    let mut missing = Vec::new();
    for code in registry::all() {
        if GENERATED.contains(&code.name) || COMMAND_LINE.iter().any(|p| code.name.starts_with(p)) {
            continue;
        }
        let path = fixture_for(code.name);
        if !path.exists() {
            missing.push(format!(
                "{} (no fixture at {})",
                code.name,
                common::relative(&path).display()
            ));
            continue;
        }
        let a = common::analyse_path(&path);
        if !a.diagnostics.iter().any(|d| d.code.name == code.name) {
            missing.push(format!("{} (its fixture does not trigger it)", code.name));
        }
    }
    assert!(
        missing.is_empty(),
        "codes without a working fixture:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn every_check_is_documented() {
    let sections = [
        "## What it finds",
        "## Why it matters",
        "## Example",
        "## How to fix",
        "## Code provision",
    ];
    let mut bad = Vec::new();
    for c in redress::check::CHECKS {
        let doc = c.code.documentation();
        for s in sections {
            if !doc.contains(s) {
                bad.push(format!("{}: no `{s}` section", c.code.name));
            }
        }
        if doc.contains("(to be written)") {
            bad.push(format!("{}: documentation not written", c.code.name));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn codes_are_unique_and_well_formed() {
    let all = registry::all();
    for (i, c) in all.iter().enumerate() {
        assert!(c.name.starts_with("redress::"), "{}", c.name);
        assert!(
            !c.summary.ends_with('.'),
            "summary of {} ends with a full stop",
            c.name
        );
        assert!(
            all.iter().skip(i + 1).all(|d| d.name != c.name),
            "{} registered twice",
            c.name
        );
    }
}
