//! The built `redress` binary: exit codes (0 clean or warnings only, 1 errors or warnings under
//! `--deny-warnings`, 2 usage or I/O problems) and the shape of what it prints.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod common;
use common::TempDir;

const SOURCE: &str = include_str!("checks/source.txt");

/// A two-stage policy that cites its source correctly and should give no diagnostic at all.
const CLEAN: &str = r#"# A clean two-stage policy citing its source.
policy "Example Borough Council" {
  source "source.txt"
  calendar {
    region england-and-wales
  }
  track general ombudsman lgsco
  route one, two
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
      cite "1" "acknowledge your complaint within 5 working days"
    respond within 10 working days of acknowledgement
      cite "1" "respond within 10 working days of the acknowledgement"
    extend up to 10 working days
      cite "1" "An extension will be no more than 10 working days"
  }
  escalate one -> two {
    within 20 working days of one.response
      cite "2" "escalate your complaint within 20 working days of our stage 1 response"
  }
  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
      cite "2" "acknowledge the request within 5 working days"
    respond within 20 working days of acknowledgement
      cite "2" "respond within 20 working days of the acknowledgement"
    extend up to 20 working days
      cite "2" "An extension will be no more than 20 working days"
  }
}
"#;

/// A temp folder holding the fixtures' small source document, as the test policies cite it.
fn temp_with_source(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.file("source.txt", SOURCE);
    dir
}

fn redress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn path_arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", stdout(o)))
}

/// The codes in a `check --format json` report.
fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn clean_policy_exits_0() {
    let dir = temp_with_source("clean");
    let p = dir.file("clean.policy", CLEAN);
    let o = redress(&["check", path_arg(&p)]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("clean"), "{}", stdout(&o));
    // Nothing to deny either.
    let o = redress(&["check", "--deny-warnings", path_arg(&p)]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn error_exits_1() {
    let o = redress(&["check", "tests/checks/check/unknown_stage.policy"]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("redress::check::unknown_stage"), "{out}");
    assert!(out.contains("1 error"), "{out}");
}

#[test]
fn unreadable_content_exits_1_with_a_code() {
    let dir = temp_with_source("binary");
    let p = dir.file("binary.policy", b"policy \"x\" {\0}");
    let o = redress(&["check", "--format", "json", path_arg(&p)]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(codes(&json(&o)), ["redress::parse::binary"]);
}

#[test]
fn warnings_only_exit_0_unless_denied() {
    // Without `source` the policy still has one meaning, so missing_source is a warning; the
    // rest of the policy is the clean one.
    let dir = temp_with_source("warnings");
    let text = CLEAN
        .lines()
        .filter(|l| !l.trim_start().starts_with("source ") && !l.trim_start().starts_with("cite "))
        .collect::<Vec<_>>()
        .join("\n");
    let p = dir.file("no-source.policy", text);
    let o = redress(&["check", "--format", "json", path_arg(&p)]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let report = json(&o);
    assert!(
        codes(&report).contains(&"redress::check::missing_source".to_string()),
        "{report}"
    );
    assert_eq!(report["summary"]["errors"], 0, "{report}");
    assert!(
        report["summary"]["warnings"].as_u64().unwrap() >= 1,
        "{report}"
    );
    let o = redress(&["check", "--deny-warnings", path_arg(&p)]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
}

#[test]
fn missing_path_exits_2_with_a_message() {
    let o = redress(&["check", "no/such/file.policy"]);
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.contains("no/such/file.policy"), "{err}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let o = redress(&["ir", "no/such/file.policy"]);
    assert_eq!(code(&o), 2);
    assert!(!stderr(&o).is_empty());
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["check", "--no-such-flag"][..],
        &["check", "--format", "yaml"],
        &["no-such-command"],
        &["ir"],
    ] {
        let o = redress(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(!stderr(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn json_report_shape() {
    let o = redress(&[
        "check",
        "--format",
        "json",
        "tests/checks/check/unknown_stage.policy",
        "tests/checks/lower/contradictory.policy",
    ]);
    assert_eq!(code(&o), 1);
    let report = json(&o);
    let obj = report.as_object().unwrap();
    assert!(
        obj.contains_key("diagnostics") && obj.contains_key("summary"),
        "{report}"
    );
    assert_eq!(report["summary"]["files"], 2, "{report}");
    let diags = report["diagnostics"].as_array().unwrap();
    assert!(diags.len() >= 2, "{report}");
    for d in diags {
        for key in ["code", "severity", "file", "message", "help"] {
            assert!(
                d[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} in {d}"
            );
        }
        for key in ["line", "column"] {
            assert!(d[key].as_u64().is_some_and(|n| n >= 1), "{key} in {d}");
        }
        assert!(
            d["span"]["offset"].is_u64() && d["span"]["length"].is_u64(),
            "{d}"
        );
        assert!(
            ["error", "warning"].contains(&d["severity"].as_str().unwrap()),
            "{d}"
        );
    }
    let errors = diags.iter().filter(|d| d["severity"] == "error").count();
    assert_eq!(report["summary"]["errors"], errors as u64);
}

#[test]
fn ir_prints_the_compiled_policy() {
    let dir = temp_with_source("ir");
    let p = dir.file("clean.policy", CLEAN);
    let o = redress(&["ir", path_arg(&p)]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let ir = json(&o);
    let stages = ir["stages"].as_array().unwrap();
    assert_eq!(stages.len(), 2, "{ir}");
    // A policy that does not compile: exit 1, and the diagnostics instead of the IR (as JSON
    // on stdout by default, as a report on stderr with `--format human`).
    let o = redress(&["ir", "tests/checks/lower/contradictory.policy"]);
    assert_eq!(code(&o), 1);
    assert_eq!(codes(&json(&o)), ["redress::lower::contradictory"]);
    let o = redress(&[
        "ir",
        "--format",
        "human",
        "tests/checks/lower/contradictory.policy",
    ]);
    assert_eq!(code(&o), 1);
    assert!(
        stderr(&o).contains("redress::lower::contradictory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn explain_prints_a_codes_documentation() {
    let o = redress(&["explain", "unknown_stage"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("redress::check::unknown_stage"), "{out}");
    assert!(out.contains("## What it finds"), "{out}");
    // The full name works too, and the list names every code.
    let o = redress(&["explain", "redress::parse::syntax"]);
    assert_eq!(code(&o), 0);
    let o = redress(&["explain"]);
    assert_eq!(code(&o), 0);
    for c in redress::registry::all() {
        assert!(stdout(&o).contains(c.name), "{} not listed", c.name);
    }
}

#[test]
fn explain_formats() {
    let o = redress(&["explain", "--format", "json", "unknown_stage"]);
    assert_eq!(code(&o), 0);
    let v = json(&o);
    assert_eq!(v[0]["code"], "redress::check::unknown_stage", "{v}");
    let o = redress(&["explain", "--format", "markdown"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), redress::registry::markdown());
    let o = redress(&["explain", "--format", "markdown", "unknown_stage"]);
    assert!(
        stdout(&o).starts_with("## redress::check::unknown_stage"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn explain_unknown_code_exits_2() {
    let o = redress(&["explain", "nonsense"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("nonsense"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

// ----------------------------------------------------------------- calendar, simulate, deadlines

#[test]
fn calendar_add_prints_the_contract_json() {
    // Thursday 24 December 2026 at 17:30 is after closing time: it counts from Tuesday 29
    // December 09:00 (25th Christmas, weekend, 28th Boxing Day substitute); 5 working days
    // later is Wednesday 6 January 2027 (1 January skipped). Worked by hand.
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "england-and-wales",
        "--from",
        "2026-12-24T17:30",
        "--working-days",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["region"], "england-and-wales");
    assert_eq!(v["from"], "2026-12-24T17:30:00");
    assert_eq!(v["effective_from"], "2026-12-29T09:00:00");
    assert_eq!(v["working_days"], 5);
    assert_eq!(v["due"], "2027-01-06");
}

#[test]
fn calendar_refuses_unknown_regions_and_years_outside_the_data() {
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "wales",
        "--from",
        "2026-01-05",
        "--working-days",
        "1",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("england-and-wales"), "{}", stderr(&o));
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "scotland",
        "--from",
        "2031-01-06",
        "--working-days",
        "1",
    ]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("2030-12-31"), "{}", stderr(&o));
}

#[test]
fn calendar_between_counts_working_days_with_closures() {
    // Scotland, Fri 12 to Fri 19 June 2026: Mon 15 June is a Scottish bank holiday, so 16-19: 4.
    let o = redress(&[
        "calendar",
        "between",
        "--region",
        "scotland",
        "2026-06-12",
        "2026-06-19",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(json(&o)["working_days"], 4);
    // A user's closure file removes Wednesday 17 June too: 3.
    let dir = temp_with_source("closures");
    let closures = dir.file(
        "closures.csv",
        "date,title\n2026-06-17,Staff training day\n",
    );
    let o = redress(&[
        "calendar",
        "between",
        "--region",
        "scotland",
        "2026-06-12",
        "2026-06-19",
        "--closures",
        path_arg(&closures),
        "--format",
        "json",
    ]);
    assert_eq!(json(&o)["working_days"], 3);
}

#[test]
fn simulate_runs_the_shipped_fixtures() {
    let o = redress(&["simulate", "--format", "json"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    let v = json(&o);
    assert!(v["summary"]["fixtures"].as_u64().unwrap() >= 40);
    assert_eq!(v["summary"]["failed"], 0);
}

#[test]
fn simulate_exits_1_on_a_mismatch() {
    let dir = temp_with_source("mismatch");
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/tameside.policy");
    let text = format!(
        "policy = {:?}\ntrack = \"general\"\nreceived = \"2026-11-23\"\n[expect]\nacceptance = \"refused\"\n",
        policy.display().to_string()
    );
    let f = dir.file("case.toml", text);
    let o = redress(&["simulate", path_arg(&f)]);
    assert_eq!(code(&o), 1);
    assert!(
        stdout(&o).contains("redress::simulate::mismatch"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn deadlines_prints_the_contract_json() {
    // Kingston, housing, received Friday 20 November 2026 at 17:30 (after hours: Monday 23rd
    // 09:00). Stage one: acknowledgement 5 WD -> Mon 30 Nov; response 10 WD -> Mon 7 Dec (both
    // have no start event in the policy: counted from receipt). Responded Fri 4 Dec: the
    // 28-working-day escalation window closes Mon 18 Jan 2027 (25, 28 Dec and 1 Jan skipped).
    let o = redress(&[
        "deadlines",
        "policies/kingston.policy",
        "--received",
        "2026-11-20T17:30",
        "--track",
        "housing",
        "--responded",
        "2026-12-04",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["policy"], "Royal Borough of Kingston upon Thames");
    assert_eq!(v["track"], "housing");
    assert_eq!(v["effective_received"], "2026-11-23T09:00:00");
    let got: Vec<(String, String, String)> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["stage"].as_str().unwrap_or("").into(),
                d["step"].as_str().unwrap().into(),
                d["due"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want = [
        ("Stage One", "acknowledge", "2026-11-30"),
        ("Stage One", "respond", "2026-12-07"),
        ("Stage Two", "escalate", "2027-01-18"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want);
    assert!(v["deadlines"][0]["basis"]
        .as_str()
        .unwrap()
        .contains("receipt"));
}

#[test]
fn explain_prints_a_fixtures_timeline() {
    let o = redress(&[
        "explain",
        "fixtures/cases/kingston-housing-christmas-receipt.toml",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("counts as received Tue 29 Dec 2026 09:00"),
        "{out}"
    );
    assert!(
        out.contains("skipped: Fri 01 Jan (bank holiday: New Year's Day)"),
        "{out}"
    );
    assert!(out.contains("clause 3.3"), "{out}");
}

// ----------------------------------------------------------------- assess

#[test]
fn assess_prints_the_contract_json() {
    let o = redress(&[
        "assess",
        "policies/kingston.policy",
        "--code",
        "ho-2024",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v = json(&o);
    assert_eq!(v["code"], "ho-2024");
    assert_eq!(v["track"], "housing");
    let provisions = v["provisions"].as_array().unwrap();
    assert_eq!(provisions.len(), 73);
    for p in provisions {
        for k in [
            "id",
            "section",
            "level",
            "comply",
            "evidence",
            "explanation",
        ] {
            assert!(p.get(k).is_some(), "provision without `{k}`: {p}");
        }
    }
    // Kingston requires reasons to escalate ("stating what aspects..."): HO 6.12 is a no.
    let p612 = provisions.iter().find(|p| p["id"] == "6.12").unwrap();
    assert_eq!(p612["comply"], "no");
    assert!(p612["evidence"][0]["phrase"]
        .as_str()
        .unwrap()
        .contains("stating what aspects"));
    let total: u64 = ["yes", "no", "partial", "evidence-needed", "not-applicable"]
        .iter()
        .map(|k| v["summary"][k].as_u64().unwrap())
        .sum();
    assert_eq!(total, 73);
}

#[test]
fn assess_formats_and_errors() {
    for f in ["md", "html", "csv"] {
        let o = redress(&[
            "assess",
            "policies/canterbury.policy",
            "--code",
            "lgsco-2024",
            "--format",
            f,
        ]);
        assert_eq!(code(&o), 0, "{f}: {}", stderr(&o));
        assert!(stdout(&o).contains("Canterbury City Council"), "{f}");
    }
    let o = redress(&[
        "assess",
        "policies/canterbury.policy",
        "--code",
        "lgsco-2024",
        "--as-of",
        "2026-03-31",
        "--format",
        "json",
    ]);
    assert_eq!(json(&o)["summary"]["not-applicable"], 68);
    let o = redress(&["assess", "policies/canterbury.policy", "--code", "ho-2022"]);
    assert_eq!(code(&o), 2);
    let o = redress(&[
        "assess",
        "policies/canterbury.policy",
        "--code",
        "ho-2024",
        "--track",
        "general",
    ]);
    assert_eq!(code(&o), 2);
}

/// Folder scans follow symlinked folders but never loop: `inner/up -> ..` and a self-link
/// once made `check DIR` count one policy many times, or run until killed.
#[cfg(unix)]
#[test]
fn folder_symlink_loops_are_walked_once() {
    let dir = temp_with_source("symlink-loop");
    dir.file("a.policy", CLEAN);
    let inner = dir.0.join("inner");
    std::fs::create_dir_all(&inner).unwrap();
    std::os::unix::fs::symlink("..", inner.join("up")).unwrap();
    std::os::unix::fs::symlink(".", inner.join("self")).unwrap();
    let o = redress(&["check", path_arg(&dir.0)]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("Checked 1 policy"), "{}", stdout(&o));
}

/// Only a regular file is read as a policy: a FIFO once made `check` wait for ever.
#[cfg(unix)]
#[test]
fn a_fifo_is_refused_not_read() {
    let dir = TempDir::new("fifo");
    let fifo = dir.0.join("pipe.policy");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let o = redress(&["check", path_arg(&fifo)]);
    assert_eq!(code(&o), 2);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not a regular file"));
}

/// A closures file saved by a spreadsheet starts with a byte-order mark; only a first line
/// whose first field is `date` is a header (a line starting "date" elsewhere is an error).
#[test]
fn closures_file_with_bom_and_header() {
    let dir = TempDir::new("closures-bom");
    let f = dir.file("closures.csv", "\u{feff}date,title\n2026-07-01,Staff day\n");
    // Mon 29 Jun 2026 + 3 working days, 1 July closed: 30 Jun (1), 2 Jul (2), 3 Jul (3).
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "england-and-wales",
        "--from",
        "2026-06-29",
        "--working-days",
        "3",
        "--closures",
        path_arg(&f),
    ]);
    assert_eq!(code(&o), 0, "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("Fri 03 Jul 2026"), "{}", stdout(&o));
    let bad = dir.file("bad.csv", "2026-07-01,Staff day\ndated wrongly,x\n");
    let o = redress(&[
        "calendar",
        "add",
        "--region",
        "england-and-wales",
        "--from",
        "2026-06-29",
        "--working-days",
        "3",
        "--closures",
        path_arg(&bad),
    ]);
    assert_eq!(code(&o), 2);
}

/// Reversed dates are a usage error, and one working day is singular.
#[test]
fn calendar_between_order_and_plural() {
    let o = redress(&[
        "calendar",
        "between",
        "--region",
        "england-and-wales",
        "2026-06-10",
        "2026-06-03",
    ]);
    assert_eq!(code(&o), 2);
    let o = redress(&[
        "calendar",
        "between",
        "--region",
        "england-and-wales",
        "2026-06-03",
        "2026-06-04",
    ]);
    assert!(
        stdout(&o).starts_with("1 working day from"),
        "{}",
        stdout(&o)
    );
}

/// A sample receipt outside the calendar's years exits 2, not 0 with the error in the cells.
#[test]
fn compare_and_site_refuse_a_receipt_outside_the_calendar() {
    let o = redress(&["compare", "policies/", "--received", "2031-06-01"]);
    assert_eq!(code(&o), 2);
    let dir = TempDir::new("site-2031");
    let out = dir.0.join("site");
    let o = redress(&[
        "site",
        "policies/",
        "--out",
        path_arg(&out),
        "--received",
        "2031-06-01",
    ]);
    assert_eq!(code(&o), 2);
}

/// `ir --format human` once printed the same JSON as `--format json`; a closed pipe ends quietly.
#[test]
fn ir_human_is_readable_and_json_is_json() {
    let o = redress(&["ir", "policies/kingston.policy", "--format", "human"]);
    assert_eq!(code(&o), 0);
    let text = stdout(&o);
    assert!(!text.trim_start().starts_with('{'), "{text}");
    // Kingston's housing stage 1 response: "within 10 working days" (the seed's housing route).
    assert!(text.contains("Track `housing`"), "{text}");
    assert!(text.contains("Stage 1 response: 10 WD"), "{text}");
    let o = redress(&["ir", "policies/kingston.policy", "--format", "json"]);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["name"]["value"], "Royal Borough of Kingston upon Thames");
}

/// A reader that stops early (`| head -c 10`) closes the pipe; redress ends quietly instead of
/// panicking on the failed write. Each command's output is well over a pipe's 64 KiB buffer,
/// so the write does fail.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let commands: [&[&str]; 2] = [
        &["explain", "--format", "markdown"],
        &["gen-cases", "policies/canterbury.policy", "--rows", "50000"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_redress"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // stdout was dropped at the end of that statement: the reader has gone.
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
