//! The Ombudsman's own self-assessment form (`assess --form`) and the defects that kept a
//! council from pasting the assessment: Markdown in HTML, "1.1 (none)", ids a spreadsheet
//! reads as numbers. The workbook is read back with calamine, as a council's spreadsheet
//! would open it.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use redress::assess::{self, codes, Comply};
use redress::render::assessment;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policy(name: &str) -> redress::ir::Policy {
    let path = root().join("policies").join(format!("{name}.policy"));
    let src = redress::source::load(&path).ok().unwrap();
    redress::compile(&src).ok().unwrap()
}

fn kingston_ho() -> assess::Assessment {
    let code = codes::load("ho-2024").unwrap();
    assess::assess(&policy("kingston"), code, None, None).unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// `redress assess policies/kingston.policy --code ho-2024 --form` with `more` after it.
fn kingston_form(more: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .current_dir(root())
        .args([
            "assess",
            "policies/kingston.policy",
            "--code",
            "ho-2024",
            "--form",
        ])
        .args(more)
        .output()
        .unwrap()
}

/// The ids of the Housing Code that end in 0 after the point: a spreadsheet reading them as
/// numbers drops that 0. From data/codes/ho-2024.toml: section 5 runs to 5.15, section 6 to
/// 6.20, so 5.10, 6.10 and 6.20 (the three the issue names).
const TRAILING_ZERO: &[&str] = &["5.10", "6.10", "6.20"];

#[test]
fn the_html_title_and_headings_hold_no_markdown() {
    let a = kingston_ho();
    for page in [
        assessment::html(&a),
        assessment::form_html(&assessment::form(&a, date("2026-06-01"))),
    ] {
        let title = page
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap();
        // Kingston's housing track is named `housing`: the title names it as plain text.
        assert!(title.contains("(track housing)"), "{title}");
        assert!(!page.contains('`'), "a backtick in the HTML");
    }
}

#[test]
fn introductory_provisions_show_no_level() {
    let a = kingston_ho();
    let md = assessment::markdown(&a);
    // HO 1.1 is the Code's introduction (level = "none" in data/codes/ho-2024.toml).
    assert!(!md.contains("(none)"));
    assert!(md.contains("| 1.1 |"), "1.1 without a level");
    assert!(md.contains("| 1.2 (must) |"));
    // The form leaves the introduction out, as the Ombudsman's form does.
    let f = assessment::form(&a, date("2026-06-01"));
    assert!(f.rows.iter().all(|r| r.id != "1.1"));
    assert_eq!(f.rows[0].id, "1.2");
}

/// Every id cell of a CSV: the column `column` of each record after the header.
fn csv_column(text: &str, column: usize) -> Vec<String> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    r.records()
        .map(|x| x.unwrap()[column].to_string())
        .collect()
}

#[test]
fn csv_ids_are_text_to_a_spreadsheet() {
    let a = kingston_ho();
    let plain = csv_column(&assessment::csv(&a).unwrap(), 3);
    let form = csv_column(
        &assessment::form_csv(&assessment::form(&a, date("2026-06-01"))).unwrap(),
        1,
    );
    for ids in [&plain, &form] {
        for id in ids {
            // A field a spreadsheet reads as a number is one that parses as one.
            assert!(id.parse::<f64>().is_err(), "`{id}` reads as a number");
            assert!(id.starts_with('§'), "{id}");
        }
        for want in TRAILING_ZERO {
            assert!(ids.contains(&format!("§{want}")), "{want} kept whole");
        }
    }
}

#[test]
fn the_workbook_reads_back_with_ids_as_text_and_rows_to_complete_empty() {
    let a = kingston_ho();
    let f = assessment::form(&a, date("2026-06-01"));
    let bytes = assessment::form_xlsx(&f).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Self-assessment").unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let text = |c: &Data| match c {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("a cell that is not text: {other:?}"),
    };
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(
        header,
        [
            "Section",
            "Code provision",
            "Code requirement",
            "Comply: Yes/No",
            "Evidence",
            "Commentary / explanation",
            assessment::STATUS_COLUMN
        ]
    );
    assert_eq!(rows.len(), f.rows.len() + 1);
    let ids: Vec<String> = rows[1..].iter().map(|r| text(&r[1])).collect();
    for want in TRAILING_ZERO {
        // Stored as a string cell: "5.10", not the number 5.1.
        assert!(ids.contains(&want.to_string()), "{want} in {ids:?}");
    }
    let mut to_complete = 0;
    for (row, r) in rows[1..].iter().zip(&f.rows) {
        assert_eq!(text(&row[1]), r.id);
        if r.verdict == Comply::EvidenceNeeded.word() {
            to_complete += 1;
            assert_eq!(text(&row[3]), "", "{}: comply left empty", r.id);
            assert_eq!(text(&row[4]), "", "{}: evidence left empty", r.id);
            assert!(text(&row[6]).starts_with("TO COMPLETE"), "{}", r.id);
        } else {
            assert_ne!(text(&row[3]), "", "{}: redress answered", r.id);
        }
    }
    assert_eq!(to_complete, a.summary.evidence_needed);
}

#[test]
fn previous_carries_the_councils_own_answers_forward() {
    let out = kingston_form(&[
        "--as-of",
        "2026-06-01",
        "--format",
        "json",
        "--previous",
        "fixtures/assess-form/kingston-ho-2025.json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |id: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()
            .clone()
    };
    // 1.2 and 1.5: the council's answers last year (to-complete, carried-forward), and
    // Kingston's policy language cannot decide either this year: carried, dated.
    let r = row("1.2");
    assert_eq!(r["source"], "carried-forward");
    assert_eq!(r["carried_from"], "2025-06-02");
    assert_eq!(r["comply"], "Yes");
    assert_eq!(
        r["evidence"],
        "Complaints policy, section 1: definition of a complaint"
    );
    assert_eq!(r["commentary"], "Adopted word for word from the Code.");
    let r = row("1.5");
    assert_eq!(r["source"], "carried-forward");
    assert_eq!(r["comply"], "No");
    assert_eq!(r["evidence"], "Repairs procedure 2023");
    // 1.3 was redress's answer last year, not the council's; 1.4 was left empty.
    for id in ["1.3", "1.4"] {
        let r = row(id);
        assert_eq!(r["source"], "to-complete", "{id}");
        assert_eq!(r["comply"], "", "{id}");
    }
    // 2.3: the council answered it last year; this year, if the policy decides it, redress's
    // answer stands.
    let r = row("2.3");
    if r["verdict"] != "evidence-needed" {
        assert_eq!(r["source"], "policy");
        assert_ne!(r["evidence"], "answered by hand last year");
    }
    // 9.9 is no provision of the Housing Code.
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("9.9"), "{warnings}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("9.9"));
}

#[test]
fn a_malformed_previous_form_is_a_coded_error() {
    for (file, says) in [
        ("malformed.json", "expected a string"),
        ("other-code.json", "is for `lgsco-2024`"),
    ] {
        let out = kingston_form(&[
            "--as-of",
            "2026-06-01",
            "--previous",
            &format!("fixtures/assess-form/{file}"),
        ]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("redress::assess::previous_invalid"), "{err}");
        assert!(err.contains(says), "{err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_form_needs_a_date() {
    let out = kingston_form(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--as-of"));
}

#[test]
fn the_lgsco_form_has_its_own_columns() {
    let code = codes::load("lgsco-2024").unwrap();
    let a = assess::assess(&policy("tameside"), code, None, None).unwrap();
    let f = assessment::form(&a, date("2026-06-01"));
    assert_eq!(f.columns[0], "Code section");
    assert_eq!(f.columns[2], "Do we follow the Code: Yes/No");
}

#[test]
fn form_snapshots() {
    let f = assessment::form(&kingston_ho(), date("2026-06-01"));
    insta::assert_snapshot!("kingston__ho-2024__form_md", assessment::form_markdown(&f));
    insta::assert_snapshot!(
        "kingston__ho-2024__form_csv",
        assessment::form_csv(&f).unwrap()
    );
}
