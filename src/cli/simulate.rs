//! `redress simulate`, `redress explain FIXTURE` and `redress deadlines`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::{files_with_extension, print_json, usage_error, Format};
use crate::diagnostic::Diagnostic;
use crate::render::{human, ics, json, timeline};
use crate::simulate::deadlines::{
    deadlines_as_of, track_of, validate, with_closures, Arg, Invalid, Query,
};
use crate::simulate::fixture;
use crate::source::SourceFile;
use crate::span::Span;

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

/// `deadlines`' formats: the two every command has, and an iCalendar file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DeadlinesFormat {
    Human,
    Json,
    /// an iCalendar (RFC 5545) file with one all-day event per deadline
    Ics,
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
    pub as_of: Option<String>,
    pub closures: Option<PathBuf>,
}

/// The command line as redress read it, for pointing an input error at the value it is
/// about (flags in a fixed order, each value where a person would look for it).
fn command_line(a: &DeadlineArgs) -> (SourceFile, Vec<(Arg, Span)>) {
    let mut text = format!("redress deadlines {}", a.policy.display());
    let mut spans = Vec::new();
    let mut flag = |text: &mut String, name: &str, value: &str, arg: Option<Arg>| {
        text.push_str(&format!(" --{name} "));
        let start = text.len();
        text.push_str(value);
        if let Some(arg) = arg {
            spans.push((arg, Span::new(start, text.len())));
        }
    };
    flag(&mut text, "received", &a.received, Some(Arg::Received));
    if let Some(t) = &a.track {
        flag(&mut text, "track", t, None);
    }
    for c in &a.classes {
        flag(&mut text, "class", c, None);
    }
    for (i, v) in a.acknowledged.iter().enumerate() {
        flag(&mut text, "acknowledged", v, Some(Arg::Acknowledged(i)));
    }
    for (i, v) in a.responded.iter().enumerate() {
        flag(&mut text, "responded", v, Some(Arg::Responded(i)));
    }
    for (i, v) in a.extended.iter().enumerate() {
        flag(
            &mut text,
            "extended",
            &v.to_string(),
            Some(Arg::Extended(i)),
        );
    }
    for (i, v) in a.escalated.iter().enumerate() {
        flag(&mut text, "escalated", v, Some(Arg::Escalated(i)));
    }
    if let Some(v) = &a.as_of {
        flag(&mut text, "as-of", v, Some(Arg::AsOf));
    }
    text.push('\n');
    (SourceFile::new("command line", text), spans)
}

/// Impossible input: each error pointed at its value on the command line, exit 2.
fn refuse(a: &DeadlineArgs, invalid: &[Invalid], format: DeadlinesFormat) -> ExitCode {
    let (file, spans) = command_line(a);
    let diagnostics: Vec<Diagnostic> = invalid
        .iter()
        .map(|e| {
            // An argument past the last given (a missing date) points at the last flag.
            let span = spans
                .iter()
                .find(|(arg, _)| *arg == e.arg)
                .or(spans.last())
                .map(|(_, s)| *s)
                .unwrap_or_default();
            Diagnostic::new(e.code, &e.message, span, &e.label, &e.help)
        })
        .collect();
    match format {
        DeadlinesFormat::Json => {
            let report = json::CheckReport {
                diagnostics: diagnostics
                    .iter()
                    .map(|d| json::diagnostic(&file, d))
                    .collect(),
                summary: json::Summary {
                    files: 0,
                    errors: diagnostics.len(),
                    warnings: 0,
                },
            };
            let _ = print_json(&report);
        }
        DeadlinesFormat::Human | DeadlinesFormat::Ics => {
            let color = std::io::stderr().is_terminal();
            for d in &diagnostics {
                eprintln!("{}", human::render(&file, d, color));
            }
        }
    }
    ExitCode::from(2)
}

pub(crate) fn deadlines(a: DeadlineArgs, format: DeadlinesFormat) -> ExitCode {
    let policy = match super::load_policy(&a.policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let parsed = (|| {
        let date = |s: &String| super::calendar::datetime(s).map(|d| d.date());
        let closures = match &a.closures {
            Some(f) => super::calendar::closures(f)?,
            None => Vec::new(),
        };
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
            a.as_of.as_ref().map(date).transpose()?,
            closures,
        ))
    })();
    let (received, query, as_of, closures) = match parsed {
        Ok(x) => x,
        Err(e) => return usage_error(&e),
    };
    let policy = if closures.is_empty() {
        policy
    } else {
        with_closures(&policy, &closures)
    };
    if policy.has_track(&track_of(&policy, &query)) {
        let invalid = validate(&policy, &query, received, as_of);
        if !invalid.is_empty() {
            return refuse(&a, &invalid, format);
        }
    }
    let report = match deadlines_as_of(&policy, &query, received, as_of) {
        Ok(r) => r,
        Err(e) => return usage_error(&e.to_string()),
    };
    match format {
        DeadlinesFormat::Json => print_json(&report),
        DeadlinesFormat::Human => {
            print!("{}", timeline::deadlines(&report));
            ExitCode::SUCCESS
        }
        DeadlinesFormat::Ics => {
            let _ = std::io::stdout().write_all(ics::deadlines(&report).as_bytes());
            ExitCode::SUCCESS
        }
    }
}
