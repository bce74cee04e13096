//! `redress diff OLD NEW`: what a change to a policy does. Exit 0 when the two policies state
//! the same rules, 1 when they differ (so a council can gate a change on it) or when a policy
//! has errors (refused, with its diagnostics, unless `--allow-errors`), 2 on a usage or I/O
//! error.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::usage_error;
use crate::compare::DEFAULT_RECEIVED;
use crate::diff::{self, Side};
use crate::schedule::Schedule;
use crate::source::{self, LoadError};
use crate::{analyse, Analysis};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    Human,
    Md,
    Html,
    Json,
}

/// Read and analyse one side; an unreadable file is a usage error (exit 2).
fn load(path: &Path) -> Result<Analysis, ExitCode> {
    match source::load(path) {
        Ok(file) => Ok(analyse(file)),
        Err(LoadError::Io(msg)) => Err(usage_error(&msg)),
        Err(LoadError::Content(file, d)) => Ok(Analysis {
            file,
            policy: None,
            diagnostics: vec![*d],
        }),
    }
}

/// Print the diagnostics of the refused policies (JSON on standard output under `--format
/// json`, else text on standard error) and exit 1.
fn refuse(analyses: &[Analysis], format: DiffFormat, why: &str) -> ExitCode {
    if let Err(code) = super::print_refused(analyses, format == DiffFormat::Json) {
        return code;
    }
    eprintln!("error: {why}");
    ExitCode::from(1)
}

pub(crate) fn diff(
    old: &Path,
    new: &Path,
    received: Option<String>,
    allow_errors: bool,
    format: DiffFormat,
) -> ExitCode {
    let received = match super::calendar::datetime(received.as_deref().unwrap_or(DEFAULT_RECEIVED))
    {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let a = match load(old) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let b = match load(new) {
        Ok(b) => b,
        Err(code) => return code,
    };
    // A policy that did not compile cannot be compared, errors allowed or not.
    if a.policy.is_none() || b.policy.is_none() {
        let broken: Vec<Analysis> = [a, b].into_iter().filter(|x| x.policy.is_none()).collect();
        let names: Vec<String> = broken.iter().map(|x| x.file.name()).collect();
        return refuse(
            &broken,
            format,
            &format!(
                "cannot compare: {} did not compile; `redress check` shows why",
                names.join(" and ")
            ),
        );
    }
    if (a.errors() > 0 || b.errors() > 0) && !allow_errors {
        let with_errors: Vec<Analysis> = [a, b].into_iter().filter(|x| x.errors() > 0).collect();
        let names: Vec<String> = with_errors.iter().map(|x| x.file.name()).collect();
        return refuse(
            &with_errors,
            format,
            &format!(
                "refusing to compare: {} {} errors; fix them, or pass --allow-errors to compare anyway",
                names.join(" and "),
                if names.len() == 1 { "has" } else { "have" }
            ),
        );
    }
    let (Some(pa), Some(pb)) = (&a.policy, &b.policy) else {
        return usage_error("a policy did not compile");
    };
    // The sample complaint must fall in the years the calendar knows.
    if let Err(e) = Schedule::new(pb).cal.is_working_day(received.date()) {
        return usage_error(&e.to_string());
    }
    let mut d = diff::diff(
        Side {
            file: &a.file,
            policy: pa,
        },
        Side {
            file: &b.file,
            policy: pb,
        },
        received,
    );
    for x in [&a, &b].into_iter().filter(|x| x.errors() > 0) {
        d.warnings.push(format!(
            "{} has {} (compared under --allow-errors): what it says may not be what its source says",
            x.file.name(),
            match x.errors() {
                1 => "1 error".to_string(),
                n => format!("{n} errors"),
            }
        ));
    }
    let text = match format {
        DiffFormat::Human => diff::human(&d),
        DiffFormat::Md => diff::markdown(&d),
        DiffFormat::Html => diff::html(&d),
        DiffFormat::Json => match serde_json::to_string_pretty(&d) {
            Ok(t) => t + "\n",
            Err(e) => return usage_error(&format!("cannot print JSON: {e}")),
        },
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    if d.has_differences() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
