//! `redress audit POLICY EXPORT --as-of DATE`, the morning list: every case of
//! fixtures/audit/as-of/canterbury-export.csv against the statuses, next actions and due dates
//! worked by hand in fixtures/audit/as-of/expected.toml (the working is in its comments), the
//! per-case CSV, the user errors, and snapshots of the Markdown and plain-text lists.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::process::Output;

use serde_json::Value;

mod common;
use common::run::{code, json, redress, stderr, stdout};
use common::TempDir;

const POLICY: &str = "policies/canterbury.policy";
const EXPORT: &str = "fixtures/audit/as-of/canterbury-export.csv";
const EXPECTED: &str = "fixtures/audit/as-of/expected.toml";

/// The per-case CSV's columns, as docs/daily.md lists them.
const COLUMNS: [&str; 10] = [
    "id",
    "line",
    "track",
    "status",
    "next_action",
    "stage",
    "due",
    "working_days_late",
    "working_days_left",
    "detail",
];

/// The morning list of an export on 3 June 2026, with more flags.
fn morning(export: &str, more: &[&str]) -> Output {
    let mut args = vec!["audit", POLICY, export, "--as-of", "2026-06-03"];
    args.extend_from_slice(more);
    redress(&args)
}

fn expected() -> toml::Value {
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED))
            .unwrap();
    toml::from_str(&text).unwrap()
}

/// An expected case's field as the JSON writes it (absent: null).
fn want(case: &toml::Value, key: &str) -> Value {
    match case.get(key) {
        None => Value::Null,
        Some(toml::Value::String(s)) => Value::String(s.clone()),
        Some(toml::Value::Integer(n)) => Value::from(*n),
        Some(v) => panic!("unexpected {key} = {v}"),
    }
}

#[test]
fn every_case_is_classed_as_worked_by_hand() {
    let o = morning(EXPORT, &["--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let got = json(&o);
    let exp = expected();
    assert_eq!(got["as_of"], exp["as_of"].as_str().unwrap());
    assert_eq!(got["due_within"], 5);
    for k in ["rows", "accepted", "rejected", "duplicates"] {
        assert_eq!(got[k], exp[k].as_integer().unwrap(), "{k}");
    }
    assert_eq!(
        got["rows"].as_u64().unwrap(),
        got["accepted"].as_u64().unwrap() + got["rejected"].as_u64().unwrap()
    );
    for (k, v) in exp["counts"].as_table().unwrap() {
        let key = k.replace('-', "_");
        assert_eq!(got["counts"][&key], v.as_integer().unwrap(), "count {k}");
    }
    let cases = got["cases"].as_array().unwrap();
    let exp_cases = exp["case"].as_array().unwrap();
    assert_eq!(cases.len(), exp_cases.len(), "one entry per row");
    for (i, (g, e)) in cases.iter().zip(exp_cases).enumerate() {
        let at = format!("entry {i} ({})", e["id"]);
        // Every column the CSV has is a field of the JSON too (the track is checked below).
        for key in COLUMNS.iter().filter(|k| **k != "track") {
            let key = *key;
            assert_eq!(g[key], want(e, key), "{at}: {key}\n{g:#}");
        }
    }
}

#[test]
fn the_horizon_of_due_soon_is_a_flag() {
    // `--due-within 1`: C04 (due today, 0 left) stays due soon; C05 (2 left) and C06 (5 left)
    // are on course; nothing else moves.
    let v = json(&morning(EXPORT, &["--due-within", "1", "--format", "json"]));
    let status = |id: &str| {
        v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .map(|c| c["status"].clone())
            .unwrap()
    };
    assert_eq!(status("C04"), "due-soon");
    assert_eq!(status("C05"), "on-course");
    assert_eq!(status("C06"), "on-course");
    assert_eq!(v["counts"]["due_soon"], 1);
    assert_eq!(v["counts"]["on_course"], 3);
    assert_eq!(v["counts"]["overdue"], 5);
}

#[test]
fn cases_out_lists_every_row_in_the_lists_order() {
    let dir = TempDir::new("as-of-cases");
    let out = dir.0.join("cases.csv");
    let o = morning(EXPORT, &["--cases-out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut r = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    let exp = expected();
    let exp_cases = exp["case"].as_array().unwrap();
    assert_eq!(rows.len(), exp_cases.len());
    for (row, e) in rows.iter().zip(exp_cases) {
        let s = |k: &str| match want(e, k) {
            Value::Null => String::new(),
            Value::String(s) => s,
            v => v.to_string(),
        };
        assert_eq!(&row[0], s("id"));
        assert_eq!(&row[1], s("line"));
        // The CSV writes statuses in words: `due soon`, `closed on time`.
        assert_eq!(&row[3], s("status").replace('-', " "));
        assert_eq!(&row[4], s("next_action"));
        assert_eq!(&row[5], s("stage"));
        assert_eq!(&row[6], s("due"));
        assert_eq!(&row[7], s("working_days_late"));
        assert_eq!(&row[8], s("working_days_left"));
        assert_eq!(&row[9], s("detail"));
    }
    // The policy's own track names (C15's `Housing` is `housing`); none for a rejected row.
    let c15 = rows.iter().find(|r| &r[0] == "C15").unwrap();
    assert_eq!(&c15[2], "housing");
    let c14 = rows.iter().find(|r| &r[0] == "C14").unwrap();
    assert_eq!(&c14[2], "");
}

#[test]
fn an_export_as_a_case_system_writes_it_gives_the_same_list() {
    // Every field quoted, CRLF line ends, a byte-order mark: the records and dates are read
    // as `audit` reads them, so the list is the same, line numbers included.
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPORT))
            .unwrap();
    let mut quoted = String::from("\u{feff}");
    for line in text.lines() {
        let cells: Vec<String> = line.split(',').map(|c| format!("\"{c}\"")).collect();
        quoted.push_str(&cells.join(","));
        quoted.push_str("\r\n");
    }
    let dir = TempDir::new("as-of-quoted");
    let path = dir.0.join("quoted.csv");
    std::fs::write(&path, quoted).unwrap();
    let plain = json(&morning(EXPORT, &["--format", "json"]));
    let other = json(&morning(path.to_str().unwrap(), &["--format", "json"]));
    assert_eq!(plain["cases"], other["cases"]);
    assert_eq!(plain["counts"], other["counts"]);
}

#[test]
fn rows_are_accepted_plus_rejected_and_agree_with_the_audit() {
    // The morning list rejects exactly the rows the audit rejects.
    for (policy, export) in [
        ("policies/kingston.policy", "fixtures/audit/kingston.csv"),
        (
            "policies/canterbury.policy",
            "fixtures/audit/canterbury.csv",
        ),
        ("policies/canterbury.policy", EXPORT),
        (
            "fixtures/audit/aliases/kingston-aliases.policy",
            "fixtures/audit/aliases/kingston-aliases.csv",
        ),
    ] {
        let audit = json(&redress(&["audit", policy, export, "--format", "json"]));
        let o = redress(&[
            "audit",
            policy,
            export,
            "--as-of",
            "2026-12-31",
            "--format",
            "json",
        ]);
        assert_eq!(code(&o), 0, "{export}: {}", stderr(&o));
        let list = json(&o);
        for k in ["rows", "accepted", "rejected"] {
            assert_eq!(list[k], audit[k], "{export}: {k}");
        }
        let counted: u64 = list["counts"]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v.as_u64().unwrap())
            .sum();
        assert_eq!(counted, list["rows"].as_u64().unwrap(), "{export}");
        assert_eq!(
            list["cases"].as_array().unwrap().len() as u64,
            list["rows"].as_u64().unwrap()
        );
    }
}

#[test]
fn exit_codes() {
    // The list is information: 0 with overdue cases, unless asked to fail on them.
    assert_eq!(code(&morning(EXPORT, &[])), 0);
    assert_eq!(code(&morning(EXPORT, &["--fail-on-overdue"])), 1);
    // An export with nothing overdue (C07 alone: on course) passes the gate.
    let dir = TempDir::new("as-of-gate");
    let path = dir.0.join("c07.csv");
    let text =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPORT))
            .unwrap();
    let keep: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("id,") || l.starts_with("C07,"))
        .collect();
    std::fs::write(&path, keep.join("\n")).unwrap();
    let o = morning(path.to_str().unwrap(), &["--fail-on-overdue"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    // An unreadable export is an I/O error.
    assert_eq!(code(&morning("no/such.csv", &[])), 2);
}

/// A refused command line: exit 2, the codes in JSON on standard output.
fn refused(args: &[&str], codes: &[&str]) {
    let mut all = vec!["audit", POLICY, EXPORT];
    all.extend_from_slice(args);
    let mut json_args = all.clone();
    json_args.extend_from_slice(&["--format", "json"]);
    let o = redress(&json_args);
    assert_eq!(code(&o), 2, "{args:?}: {}{}", stdout(&o), stderr(&o));
    let v = json(&o);
    let got: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(got, codes, "{args:?}");
    // As text: on standard error, pointing at the value, nothing on standard output.
    let o = redress(&all);
    assert_eq!(code(&o), 2);
    assert_eq!(stdout(&o), "", "{args:?}");
    assert!(stderr(&o).contains(codes[0]), "{}", stderr(&o));
}

#[test]
fn user_errors_are_coded_and_exit_2() {
    refused(
        &["--as-of", "2026-02-30"],
        &["redress::audit::invalid_as_of"],
    );
    refused(
        &["--as-of", "06/19/2026"],
        &["redress::audit::invalid_as_of"],
    );
    refused(
        &["--as-of", "2035-01-01"],
        &["redress::audit::invalid_as_of"],
    );
    refused(
        &["--as-of", "2026-06-03", "--due-within", "five"],
        &["redress::audit::invalid_as_of"],
    );
    refused(
        &["--as-of", "2026-06-03", "--due-within", "-1"],
        &["redress::audit::invalid_as_of"],
    );
    refused(&["--due-within", "5"], &["redress::audit::as_of_option"]);
    refused(&["--fail-on-overdue"], &["redress::audit::as_of_option"]);
    refused(
        &["--as-of", "2026-06-03", "--threads", "2"],
        &["redress::audit::as_of_option"],
    );
    // Both problems at once are both reported.
    refused(
        &["--due-within", "5", "--fail-on-overdue"],
        &[
            "redress::audit::as_of_option",
            "redress::audit::as_of_option",
        ],
    );
    // `--format html` is the morning list's page.
    let o = redress(&["audit", POLICY, EXPORT, "--format", "html"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("redress::audit::as_of_option"));
    // The diagnostic points at the value on the command line.
    let o = redress(&["audit", POLICY, EXPORT, "--as-of", "2026-02-30"]);
    assert!(stderr(&o).contains("2026-02-30"), "{}", stderr(&o));
}

#[test]
fn the_page_is_self_contained_and_escapes_everything() {
    let o = morning(EXPORT, &["--format", "html"]);
    assert_eq!(code(&o), 0);
    let page = stdout(&o);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(!page.contains("<script"), "no script");
    assert!(!page.contains("http"), "no external request");
    // Counts first, then overdue, then due soon.
    let at = |s: &str| {
        page.find(s)
            .unwrap_or_else(|| panic!("no `{s}` in\n{page}"))
    };
    assert!(at("5 overdue") < at("<h2>Overdue"));
    assert!(at("<h2>Overdue") < at("<h2>Due today or within 5 working days"));
    // Text from the export is escaped: an id that is markup stays text.
    let dir = TempDir::new("as-of-html");
    let path = dir.0.join("markup.csv");
    std::fs::write(
        &path,
        "id,track,received\n\"<b>x</b> & \"\"y\"\"\",general,2026-04-20T10:00\n",
    )
    .unwrap();
    let page = stdout(&morning(path.to_str().unwrap(), &["--format", "html"]));
    assert!(
        page.contains("&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;"),
        "{page}"
    );
    assert!(!page.contains("<b>x"), "{page}");
}

#[test]
fn the_list_as_a_team_reads_it() {
    for (name, format) in [("md", "md"), ("human", "human")] {
        let o = morning(EXPORT, &["--format", format]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        insta::assert_snapshot!(name, stdout(&o));
    }
}

#[test]
fn on_a_day_off_overdue_counts_working_days_only() {
    // As of Saturday 6 June 2026 (W0 is still Wed 3 Jun in expected.toml's numbering): C05's
    // response, due Fri 5 Jun (W2), is overdue by 0 working days (none after Friday up to and
    // including Saturday), as `deadlines --as-of` counts it; C04's acknowledgement, due Wed
    // 3 Jun, by 2 (Thu 4, Fri 5). C12, received Thu 4 Jun 10:00 (W1), is now classed: its
    // acknowledgement is due W6, Thu 11 Jun, 4 working days on (Mon 8 to Thu 11).
    let o = redress(&[
        "audit",
        POLICY,
        EXPORT,
        "--as-of",
        "2026-06-06",
        "--format",
        "json",
    ]);
    let v = json(&o);
    let case = |id: &str| {
        v["cases"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id && c["status"] != "rejected")
            .cloned()
            .unwrap()
    };
    assert_eq!(case("C05")["status"], "overdue");
    assert_eq!(case("C05")["working_days_late"], 0);
    assert_eq!(case("C04")["working_days_late"], 2);
    assert_eq!(case("C12")["status"], "due-soon");
    assert_eq!(case("C12")["due"], "2026-06-11");
    assert_eq!(case("C12")["working_days_left"], 4);
}
