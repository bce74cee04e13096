//! The built `redress` binary: exit codes (0 clean or warnings only, 1 errors or warnings under
//! `--deny-warnings`, 2 usage or I/O problems) and the shape of what it prints.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const SOURCE: &str = include_str!("checks/source.txt");

/// A two-stage policy that cites its source correctly and should give no diagnostic at all.
const CLEAN: &str = r#"# A clean two-stage policy citing its source.
policy "Example Borough Council" {
  source "source.txt"
  calendar {
    region england-and-wales
  }
  track general ombudsman lgsco
  stage one "Stage 1" {
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
  stage two "Stage 2" {
    acknowledge within 5 working days of escalation
      cite "2" "acknowledge the request within 5 working days"
    respond within 20 working days of acknowledgement
      cite "2" "respond within 20 working days of the acknowledgement"
    extend up to 20 working days
      cite "2" "An extension will be no more than 20 working days"
  }
}
"#;

/// A folder of its own under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("redress-cli-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("source.txt"), SOURCE).unwrap();
        TempDir(dir)
    }

    fn file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
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
    let dir = TempDir::new("clean");
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
    let dir = TempDir::new("binary");
    let p = dir.file("binary.policy", b"policy \"x\" {\0}");
    let o = redress(&["check", "--format", "json", path_arg(&p)]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(codes(&json(&o)), ["redress::parse::binary"]);
}

#[test]
fn warnings_only_exit_0_unless_denied() {
    // Without `source` the policy still has one meaning, so missing_source is a warning; the
    // rest of the policy is the clean one.
    let dir = TempDir::new("warnings");
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
    let dir = TempDir::new("ir");
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
