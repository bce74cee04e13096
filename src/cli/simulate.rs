//! `redress simulate`, `redress explain FIXTURE` and `redress deadlines`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::{files_with_extension, print_json, usage_error, Format};
use crate::render::{human, json, timeline};
use crate::simulate::deadlines::{deadlines as compute, Query};
use crate::simulate::fixture;

#[derive(Serialize)]
struct FixtureReport {
    file: String,
    passed: bool,
    mismatches: Vec<json::JsonDiagnostic>,
}

#[derive(Serialize)]
struct SimulateReport {
    fixtures: Vec<FixtureReport>,
    summary: Summary,
}

#[derive(Serialize)]
struct Summary {
    fixtures: usize,
    passed: usize,
    failed: usize,
}

pub(crate) fn simulate(paths: Vec<PathBuf>, format: Format) -> ExitCode {
    let paths = if paths.is_empty() {
        vec![PathBuf::from("fixtures/cases")]
    } else {
        paths
    };
    let files = match files_with_extension(&paths, "toml") {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let mut runs = Vec::new();
    for f in &files {
        match fixture::run(f) {
            Ok(r) => runs.push(r),
            Err(e) => return usage_error(&e),
        }
    }
    let failed = runs.iter().filter(|r| !r.diagnostics.is_empty()).count();
    match format {
        Format::Json => {
            let report = SimulateReport {
                fixtures: runs
                    .iter()
                    .map(|r| FixtureReport {
                        file: r.file.name(),
                        passed: r.diagnostics.is_empty(),
                        mismatches: r
                            .diagnostics
                            .iter()
                            .map(|d| json::diagnostic(&r.file, d))
                            .collect(),
                    })
                    .collect(),
                summary: Summary {
                    fixtures: runs.len(),
                    passed: runs.len() - failed,
                    failed,
                },
            };
            print_json(&report);
        }
        Format::Human => {
            let color = std::io::stdout().is_terminal();
            for r in &runs {
                if r.diagnostics.is_empty() {
                    println!("ok    {}", r.file.name());
                } else {
                    println!("FAIL  {}", r.file.name());
                    for d in &r.diagnostics {
                        println!("{}", human::render(&r.file, d, color));
                    }
                }
            }
            println!(
                "{} case fixtures: {} hold, {} fail.",
                runs.len(),
                runs.len() - failed,
                failed
            );
        }
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `redress explain FIXTURE`: the timeline, each deadline with its start, rule, clause and the
/// days it skipped.
pub(crate) fn explain_fixture(path: &Path, json_out: bool) -> ExitCode {
    let run = match fixture::run(path) {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let Some(t) = &run.timeline else {
        for d in &run.diagnostics {
            eprintln!(
                "{}",
                human::render(&run.file, d, std::io::stderr().is_terminal())
            );
        }
        return ExitCode::from(1);
    };
    if json_out {
        print_json(t);
    } else {
        print!("{}", timeline::timeline(t));
        if !run.diagnostics.is_empty() {
            println!("\nThe fixture's expectations differ in {} place(s); `redress simulate {}` shows them.", run.diagnostics.len(), path.display());
        }
    }
    ExitCode::SUCCESS
}

pub(crate) struct DeadlineArgs {
    pub policy: PathBuf,
    pub received: String,
    pub track: Option<String>,
    pub acknowledged: Vec<String>,
    pub responded: Vec<String>,
    pub extended: Vec<u32>,
    pub escalated: Vec<String>,
    pub classes: Vec<String>,
}

pub(crate) fn deadlines(a: DeadlineArgs, format: Format) -> ExitCode {
    let policy = match super::load_policy(&a.policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let parsed = (|| {
        let date = |s: &String| super::calendar::datetime(s).map(|d| d.date());
        Ok::<_, String>((
            super::calendar::datetime(&a.received)?,
            Query {
                track: a.track.clone(),
                received: None,
                acknowledged: a.acknowledged.iter().map(date).collect::<Result<_, _>>()?,
                responded: a.responded.iter().map(date).collect::<Result<_, _>>()?,
                extended: a.extended.clone(),
                escalated: a
                    .escalated
                    .iter()
                    .map(|s| super::calendar::datetime(s))
                    .collect::<Result<_, _>>()?,
                classes: a.classes.clone(),
            },
        ))
    })();
    let (received, query) = match parsed {
        Ok(x) => x,
        Err(e) => return usage_error(&e),
    };
    let report = match compute(&policy, &query, received) {
        Ok(r) => r,
        Err(e) => return usage_error(&e.to_string()),
    };
    match format {
        Format::Json => print_json(&report),
        Format::Human => {
            print!("{}", timeline::deadlines(&report));
            ExitCode::SUCCESS
        }
    }
}
