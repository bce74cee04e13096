//! Publishing safety. `site`, `assess` and `compare` refuse a policy that `check` finds errors
//! in (exit 1, the diagnostics printed as `check` prints them), unless `--allow-errors`, and
//! then every output says "this policy has errors". And no command loops on a policy whose
//! escalations or route go round in a circle: each returns within seconds.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::TempDir;

const STAMP: &str = "this policy has errors: ";

/// The council's text the test policies cite.
const SOURCE: &str = "Example Borough Council\n\
1. Stage 1\nWe will acknowledge your complaint within 5 working days of receiving it. We will \
respond within 10 working days of the acknowledgement.\n\
2. Stage 2\nWe will acknowledge the request within 5 working days and respond within 20 working \
days of the acknowledgement.\n";

/// A housing policy whose stage 1 citation misquotes the source ("ten" for "10"): the error the
/// issue found published as the council's words and counted as evidence for HO 6.3.
const MISQUOTED: &str = r#"policy "Example Borough Council" {
  source "source.txt"
  track housing ombudsman housing-ombudsman
  route one, two
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
      cite "1" "acknowledge your complaint within 5 working days"
    respond within 10 working days of acknowledgement
      cite "1" "respond within ten working days of the acknowledgement"
  }
  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }
}
"#;

/// The same policy with the citation put right: clean of errors.
fn clean() -> String {
    MISQUOTED
        .replace("within ten working days", "within 10 working days")
        .replace("Example Borough Council", "Example District Council")
        .replace("source.txt", "clean-source.txt")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn corpus(name: &str) -> TempDir {
    let dir = TempDir::new(name);
    dir.file("source.txt", SOURCE);
    dir.file(
        "clean-source.txt",
        SOURCE.replace("Example Borough", "Example District"),
    );
    dir.file("misquoted.policy", MISQUOTED);
    dir.file("clean.policy", clean());
    dir
}

#[test]
fn the_clean_policy_is_clean_and_the_misquoted_one_has_an_error() {
    let dir = corpus("baseline");
    let o = run_in(&dir.0, &["check", "clean.policy", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = run_in(&dir.0, &["check", "misquoted.policy"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("citation_not_found"));
}

#[test]
fn a_policy_with_errors_is_not_published() {
    let dir = corpus("refuse");
    let commands: &[&[&str]] = &[
        &["compare", "clean.policy", "misquoted.policy"],
        &["compare", "misquoted.policy", "--format", "html"],
        &["assess", "misquoted.policy", "--code", "ho-2024"],
        &[
            "assess",
            "misquoted.policy",
            "--code",
            "ho-2024",
            "--format",
            "csv",
        ],
        &["site", "clean.policy", "misquoted.policy", "--out", "site"],
    ];
    for args in commands {
        let o = run_in(&dir.0, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        // Nothing is published: the diagnostics go to standard error, as `check` draws them.
        assert_eq!(stdout(&o), "", "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("redress::check::citation_not_found"),
            "{args:?}: {err}"
        );
        assert!(err.contains("respond within ten working days"), "{args:?}");
        assert!(err.contains("misquoted.policy (Example Borough Council): 1 error"));
        assert!(err.contains(
            "error: not published: `misquoted.policy` has errors. Fix them (`redress check \
             misquoted.policy` lists them), or pass --allow-errors to publish anyway with a \
             warning on every output"
        ));
        // The clean policy is not listed among the refused.
        assert!(!err.contains("clean.policy ("), "{args:?}");
    }
    assert!(!dir.0.join("site").exists(), "the site was written");

    // With `--format json`, the refusal is `check`'s JSON report on standard output.
    for args in [
        &["compare", "misquoted.policy", "--format", "json"][..],
        &[
            "assess",
            "misquoted.policy",
            "--code",
            "ho-2024",
            "--format",
            "json",
        ][..],
        &[
            "site",
            "misquoted.policy",
            "--out",
            "site",
            "--format",
            "json",
        ][..],
    ] {
        let o = run_in(&dir.0, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(v["summary"]["errors"], 1, "{args:?}");
        assert_eq!(
            v["diagnostics"][0]["code"],
            "redress::check::citation_not_found"
        );
    }

    // A policy that does not compile has nothing to publish, even with --allow-errors.
    dir.file("broken.policy", "policy \"Broken\" { stage }\n");
    let o = run_in(&dir.0, &["compare", "broken.policy", "--allow-errors"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains(
        "`broken.policy` does not compile, so there is nothing to publish for it, even with \
         --allow-errors"
    ));
    // A file that cannot be read is still a usage error.
    let o = run_in(&dir.0, &["assess", "missing.policy", "--code", "ho-2024"]);
    assert_eq!(o.status.code(), Some(2));
}

fn stamp_of(name: &str) -> String {
    format!(
        "{STAMP}Example Borough Council (`{name}`) has 1 error (citation_not_found), so what is \
         shown for it may be wrong; `redress check {name}` lists them"
    )
}

#[test]
fn allow_errors_stamps_every_output_of_compare() {
    let dir = corpus("compare");
    let stamp = stamp_of("misquoted.policy");
    let run = |format: &str| {
        let o = run_in(
            &dir.0,
            &[
                "compare",
                "clean.policy",
                "misquoted.policy",
                "--allow-errors",
                "--format",
                format,
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        // Standard error says so too, once per policy with errors.
        assert_eq!(
            stderr(&o),
            format!("warning: published with --allow-errors: {stamp}\n")
        );
        stdout(&o)
    };

    let md = run("md");
    assert!(
        md.starts_with(&format!("> **Warning**: {stamp}\n\n# ")),
        "{md}"
    );
    // The command that makes this output again needs the flag.
    assert!(
        md.contains("`redress compare clean.policy misquoted.policy --allow-errors --format md`")
    );

    let html = run("html");
    let banner = html.find("<div class=\"policy-errors").unwrap();
    assert!(
        html.find("<main id=\"main\" class=\"wide\">").unwrap() < banner
            && banner < html.find("<h1>").unwrap()
    );
    assert!(html.contains("<p><strong>Warning:</strong> this policy has errors: Example Borough Council (<code>misquoted.policy</code>)"));

    let csv = run("csv");
    let mut rows = ::csv::Reader::from_reader(csv.as_bytes());
    let header = rows.headers().unwrap().clone();
    assert_eq!(header.iter().next_back(), Some("warning"));
    let rows: Vec<_> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][0], "Example District Council");
    assert_eq!(rows[0].iter().next_back(), Some(""));
    assert_eq!(&rows[1][0], "Example Borough Council");
    assert_eq!(rows[1].iter().next_back(), Some(stamp.as_str()));

    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["warning"], stamp.as_str());
    assert!(json["rows"][0].get("warning").is_none());
    assert_eq!(json["rows"][1]["warning"], stamp.as_str());

    // Policies without errors: nothing is stamped, and the flag changes nothing.
    for format in ["md", "csv", "json"] {
        let plain = run_in(&dir.0, &["compare", "clean.policy", "--format", format]);
        let allowed = run_in(
            &dir.0,
            &[
                "compare",
                "clean.policy",
                "--format",
                format,
                "--allow-errors",
            ],
        );
        assert_eq!(plain.status.code(), Some(0));
        assert_eq!(stdout(&plain), stdout(&allowed), "{format}");
        assert!(!stdout(&plain).contains("warning") && !stdout(&plain).contains(STAMP));
        assert_eq!(stderr(&allowed), "");
    }
}

#[test]
fn allow_errors_stamps_every_output_of_assess() {
    let dir = corpus("assess");
    let stamp = stamp_of("misquoted.policy");
    let run = |format: &str| {
        let o = run_in(
            &dir.0,
            &[
                "assess",
                "misquoted.policy",
                "--code",
                "ho-2024",
                "--allow-errors",
                "--format",
                format,
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        stdout(&o)
    };
    let md = run("md");
    assert!(
        md.starts_with(&format!("> **Warning**: {stamp}\n\n")),
        "{md}"
    );
    let html = run("html");
    assert!(html.contains("<main>\n<div class=\"policy-errors"));
    assert!(html.contains("has 1 error (citation_not_found)"));
    let csv = run("csv");
    let mut reader = ::csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().next_back(),
        Some("warning")
    );
    let rows: Vec<_> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 73, "one row per HO Code provision");
    assert!(rows
        .iter()
        .all(|r| r.iter().next_back() == Some(stamp.as_str())));
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json["warning"], stamp.as_str());
    // The misquoted citation is still the evidence for HO 6.3, which is why it is stamped.
    let p63 = json["provisions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "6.3")
        .unwrap();
    assert_eq!(p63["comply"], "yes");
}

#[test]
fn allow_errors_stamps_the_site() {
    let dir = corpus("site");
    let o = run_in(
        &dir.0,
        &[
            "site",
            "clean.policy",
            "misquoted.policy",
            "--out",
            "site",
            "--allow-errors",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stamp = stamp_of("misquoted.policy");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["warning"], stamp.as_str());
    assert_eq!(v["files"].as_array().unwrap().len(), 4);
    let read = |name: &str| std::fs::read_to_string(dir.0.join("site").join(name)).unwrap();
    let banner = "<div class=\"policy-errors severity-error\" role=\"note\" aria-label=\"Warning: policy errors\">\n\
                  <p><strong>Warning:</strong> this policy has errors: Example Borough Council (<code>misquoted.policy</code>)";
    for page in ["index.html", "misquoted.html"] {
        let html = read(page);
        // At the top of the main content, before its one heading, and styled by the stylesheet.
        let at = html
            .find(banner)
            .unwrap_or_else(|| panic!("{page}: no banner"));
        assert!(html.find("<main id=\"main\"").unwrap() < at, "{page}");
        assert!(at < html.find("<h1").unwrap(), "{page}");
        assert_eq!(html.matches("<h1").count(), 1, "{page}");
        assert!(!html.contains(" style=\""), "{page}: inline style");
    }
    assert!(!read("clean.html").contains("policy-errors"));
    assert!(read("style.css").contains(".policy-errors {"));

    // Without errors, the site is as it always was: no banner, no extra style.
    let o = run_in(&dir.0, &["site", "clean.policy", "--out", "plain"]);
    assert_eq!(o.status.code(), Some(0));
    let css = std::fs::read_to_string(dir.0.join("plain/style.css")).unwrap();
    assert!(!css.contains("policy-errors"));
}

// Cycles ----------------------------------------------------------------------------------

/// Policies whose route or escalations go round: each must be refused or answered promptly.
fn cyclic_policies() -> Vec<(&'static str, String)> {
    let stages = r#"
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of acknowledgement
  }
  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }"#;
    let three = r#"
  stage three "Stage 3" role stage-3 {
    acknowledge within 5 working days of escalation
    respond within 25 working days of acknowledgement
  }"#;
    let policy = |body: &str| {
        format!(
            "policy \"Example Borough Council\" {{\n  source \"source.txt\"\n  \
             track general ombudsman lgsco\n  track housing ombudsman housing-ombudsman\n{body}\n}}\n"
        )
    };
    vec![
        (
            "back-to-one",
            policy(&format!(
                "  route one, two{stages}\n  escalate one -> two {{ within 20 working days of one.response }}\n  \
                 escalate two -> one {{ within 20 working days of two.response, lapses }}"
            )),
        ),
        (
            "to-itself",
            policy(&format!(
                "  route one, two{stages}\n  escalate one -> one {{ within 20 working days of one.response }}\n  \
                 escalate one -> two {{ within 20 working days of one.response }}"
            )),
        ),
        (
            "three-round",
            policy(&format!(
                "  route one, two, three{stages}{three}\n  escalate one -> two {{ within 20 working days of one.response }}\n  \
                 escalate two -> three {{ within 20 working days of two.response }}\n  \
                 escalate three -> one {{ within 20 working days of three.response }}"
            )),
        ),
        (
            "route-repeats",
            policy(&format!(
                "  route one, two, one, two{stages}\n  escalate one -> two {{ }}\n  escalate two -> one {{ }}"
            )),
        ),
        (
            "route-per-track-cycles",
            policy(&format!(
                "  route one, two\n  route two, one for housing{stages}\n  escalate one -> two {{ }}\n  \
                 escalate two -> one {{ }}"
            )),
        ),
    ]
}

/// A case on the policy that goes one, two, then asks to go back to one.
fn case(policy: &str) -> String {
    format!(
        r#"policy = "{policy}"
track = "general"
received = "2026-12-01"

[[events]]
stage = "one"
kind = "acknowledged"
at = "2026-12-03"

[[events]]
stage = "one"
kind = "responded"
at = "2026-12-10"

[[events]]
stage = "two"
kind = "escalation-requested"
at = "2026-12-11"

[[events]]
stage = "two"
kind = "responded"
at = "2027-01-08"

[[events]]
stage = "one"
kind = "escalation-requested"
at = "2027-01-11"

[expect]
effective_received = "2026-12-01T12:00"
acceptance = "accepted"
ombudsman_from = "none"
"#
    )
}

/// Run redress, killing it and failing if it has not finished within `limit`.
fn run_within(dir: &Path, args: &[String], limit: Duration) -> (Option<i32>, Duration) {
    let out = dir.join(format!("out-{}.txt", std::process::id()));
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return (status.code(), start.elapsed());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`redress {}` still running after {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn no_command_loops_on_a_policy_whose_escalations_or_route_go_round() {
    let dir = TempDir::new("cycles");
    dir.file("source.txt", SOURCE);
    let limit = Duration::from_secs(10);
    let mut slowest = Duration::ZERO;
    for (name, text) in cyclic_policies() {
        let policy: PathBuf = dir.file(&format!("{name}.policy"), &text);
        let p = policy.file_name().unwrap().to_str().unwrap().to_string();
        // `check` finds the circle.
        let check = run_in(&dir.0, &["check", &p, "--format", "json"]);
        assert_eq!(check.status.code(), Some(1), "{name}: {}", stdout(&check));
        let fixture = dir.file(&format!("{name}.toml"), case(&p));
        let f = fixture.file_name().unwrap().to_str().unwrap().to_string();
        let site = format!("site-{name}");
        // Each command with the exit code it must give: refused (1) without --allow-errors.
        let mut commands: Vec<(Vec<&str>, i32)> = vec![
            (vec!["compare", &p], 1),
            (vec!["site", &p, "--out", &site], 1),
            (
                vec!["assess", &p, "--code", "lgsco-2024", "--track", "general"],
                1,
            ),
        ];
        // Under --allow-errors they run in full, in every format.
        for format in ["md", "html", "csv", "json"] {
            commands.push((vec!["compare", &p, "--allow-errors", "--format", format], 0));
            commands.push((
                vec![
                    "assess",
                    &p,
                    "--code",
                    "ho-2024",
                    "--track",
                    "housing",
                    "--allow-errors",
                    "--format",
                    format,
                ],
                0,
            ));
        }
        commands.push((vec!["site", &p, "--out", &site, "--allow-errors"], 0));
        // The calculator and the simulator, driven round the circle as far as they will go:
        // two stages (every route has them), then three stages and a third request, which
        // only the route through four stages holds (the others refuse the extra dates, exit
        // 2, `redress::deadlines::more_dates_than_stages`).
        let two = [
            "--acknowledged",
            "2026-12-03",
            "--responded",
            "2026-12-10",
            "--escalated",
            "2026-12-11",
            "--acknowledged",
            "2026-12-14",
            "--responded",
            "2027-01-08",
        ];
        let more = [
            "--escalated",
            "2027-01-11",
            "--acknowledged",
            "2027-01-12",
            "--responded",
            "2027-01-20",
            "--escalated",
            "2027-01-21",
        ];
        for track in ["general", "housing"] {
            let head = vec![
                "deadlines",
                &p,
                "--track",
                track,
                "--received",
                "2026-12-01T10:00",
                "--format",
                "json",
            ];
            let walk = |tail: &[&'static str]| {
                let mut args = head.clone();
                args.extend_from_slice(tail);
                args
            };
            commands.push((walk(&two), 0));
            let all: Vec<&str> = two.iter().chain(&more).copied().collect();
            let holds = name == "route-repeats";
            commands.push((walk(&all), if holds { 0 } else { 2 }));
        }
        // The simulator runs the case and finds it does not hold (its expectations are not
        // worked out); a fixture it could not read would exit 2.
        commands.push((vec!["simulate", &f], 1));
        commands.push((vec!["explain", &f], 0));
        for (args, expected) in commands {
            let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
            let (code, took) = run_within(&dir.0, &args, limit);
            assert_eq!(code, Some(expected), "{name}: `redress {}`", args.join(" "));
            slowest = slowest.max(took);
        }
    }
    eprintln!("slowest command on a cyclic policy: {slowest:?}");
}
