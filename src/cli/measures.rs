//! `redress measures POLICY CASES.csv --year 2026 [--homes N] [--report annual] [--out FILE]`:
//! the regulator's complaint measures CH01 and CH02 for one reporting year, or the annual
//! complaints performance and service improvement report built on them (see `crate::measures`,
//! docs/measures.md and docs/annual-report.md).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{load_policy, usage_error};
use crate::audit::{Export, Located};
use crate::diagnostic::{Code, Diagnostic};
use crate::measures::annual::{self, Annual};
use crate::measures::codes;
use crate::measures::{measure, render, MeasuresError, Year};
use crate::source::SourceFile;
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum MeasuresFormat {
    Md,
    Html,
    Json,
}

/// What to print: the measures alone, or the annual report built on them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub(crate) enum MeasuresReport {
    /// CH01 and CH02 with their numerators and denominators
    #[default]
    Measures,
    /// The annual complaints performance and service improvement report (HO Code 8.1)
    Annual,
}

/// The years redress has bank holidays for bound the reporting years it can count.
const FIRST_YEAR: i32 = 2018;
const LAST_YEAR: i32 = 2030;

/// The command line, as given.
pub(crate) struct MeasuresArgs {
    pub policy: PathBuf,
    pub cases: PathBuf,
    pub year: String,
    pub homes: Option<u64>,
    pub columns: Option<PathBuf>,
    pub sheet: Option<String>,
    pub report: MeasuresReport,
    pub format: MeasuresFormat,
    pub out: Option<PathBuf>,
}

/// Which value on the command line an error is about.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Arg {
    Policy,
    Year,
    Homes,
    Out,
}

/// The command line as redress read it, for pointing an error at its value.
fn command_line(a: &MeasuresArgs) -> (SourceFile, Vec<(Arg, Span)>) {
    let mut text = String::from("redress measures ");
    let mut spans = Vec::new();
    let mut value = |text: &mut String, v: &str, arg: Option<Arg>| {
        let start = text.len();
        text.push_str(v);
        if let Some(arg) = arg {
            spans.push((arg, Span::new(start, text.len())));
        }
    };
    value(
        &mut text,
        &a.policy.display().to_string(),
        Some(Arg::Policy),
    );
    text.push(' ');
    value(&mut text, &a.cases.display().to_string(), None);
    text.push_str(" --year ");
    value(&mut text, &a.year, Some(Arg::Year));
    if let Some(h) = a.homes {
        text.push_str(" --homes ");
        value(&mut text, &h.to_string(), Some(Arg::Homes));
    }
    if a.report == MeasuresReport::Annual {
        text.push_str(" --report annual");
    }
    if let Some(o) = &a.out {
        text.push_str(" --out ");
        value(&mut text, &o.display().to_string(), Some(Arg::Out));
    }
    text.push('\n');
    (SourceFile::new("command line", text), spans)
}

/// A refused command line: the diagnostic pointed at its value, exit 2.
fn refuse(
    a: &MeasuresArgs,
    code: &'static Code,
    arg: Arg,
    message: &str,
    label: &str,
    help: &str,
) -> ExitCode {
    let (file, spans) = command_line(a);
    let span = spans
        .iter()
        .find(|(x, _)| *x == arg)
        .map(|(_, s)| *s)
        .unwrap_or_default();
    let diagnostic = Diagnostic::new(code, message, span, label, help);
    // Printed as the audit prints an unusable header: one shared way for both.
    super::audit::input_errors(
        &[Located { file, diagnostic }],
        a.format == MeasuresFormat::Json,
    )
}

/// The chart's file beside a Markdown report: `report.md` -> `report.svg`.
fn chart_path(out: &Path) -> PathBuf {
    out.with_extension("svg")
}

pub(crate) fn measures(a: MeasuresArgs) -> ExitCode {
    let Some(year) = Year::parse(&a.year) else {
        return refuse(
            &a,
            &codes::NOT_A_YEAR,
            Arg::Year,
            &format!("`{}` is not a reporting year", a.year),
            "not a year from 1 April to 31 March",
            "give the year it starts on 1 April (`--year 2026` is 1 April 2026 to 31 March 2027), or `2026/27`",
        );
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year.first) {
        return refuse(
            &a,
            &codes::YEAR_OUT_OF_RANGE,
            Arg::Year,
            &format!(
                "reporting year {} is outside the years redress has bank holidays for",
                year.label()
            ),
            "no bank holidays known for this year",
            &format!(
                "give a year from {FIRST_YEAR}/{:02} to {}/{:02}",
                (FIRST_YEAR + 1) % 100,
                LAST_YEAR - 1,
                LAST_YEAR % 100
            ),
        );
    }
    if a.homes == Some(0) {
        return refuse(
            &a,
            &codes::NO_HOMES,
            Arg::Homes,
            "`--homes 0`: CH01 is complaints per 1,000 homes",
            "no homes to divide by",
            "give the number of homes the landlord owns at the end of the year, or leave `--homes` out",
        );
    }
    let annual_md = a.report == MeasuresReport::Annual && a.format == MeasuresFormat::Md;
    if let Some(out) = a.out.as_deref().filter(|_| annual_md) {
        if chart_path(out) == out {
            return refuse(
                &a,
                &codes::OUT_NAMES_THE_CHART,
                Arg::Out,
                &format!(
                    "`--out {}` is the name the chart is written to",
                    out.display()
                ),
                "the chart would overwrite the report",
                "name the report `FILE.md`; its chart is written beside it as `FILE.svg`",
            );
        }
    }
    let json_out = a.format == MeasuresFormat::Json;
    // The annual report includes the policy's self-assessment, whose evidence is the policy's
    // citations: like `assess`, it refuses a policy with errors.
    let policy = if a.report == MeasuresReport::Annual {
        match super::compare::publishable(std::slice::from_ref(&a.policy), false, json_out) {
            Ok(mut ps) => match ps.pop() {
                Some(p) => p.policy,
                None => return usage_error(&format!("`{}` holds no policy", a.policy.display())),
            },
            Err(code) => return code,
        }
    } else {
        match load_policy(&a.policy) {
            Ok(p) => p,
            Err(code) => return code,
        }
    };
    let mapping = match super::audit::load_mapping(a.columns.as_deref(), json_out) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let mut bytes = Vec::new();
    match super::audit::open_export(&a.cases, a.sheet.as_deref(), json_out) {
        Ok(mut r) => {
            if let Err(e) = std::io::Read::read_to_end(&mut r, &mut bytes) {
                return usage_error(&format!("cannot read {}: {e}", a.cases.display()));
            }
        }
        Err(code) => return code,
    }
    let export = Export {
        name: a.cases.display().to_string(),
        mapping: mapping.as_ref(),
    };
    let m = match measure(&policy, &export, &bytes, year, a.homes) {
        Ok(m) => m,
        Err(MeasuresError::Input(es)) => return super::audit::input_errors(&es, json_out),
        Err(e @ MeasuresError::NoHousingTrack { .. }) => {
            return refuse(
                &a,
                &codes::NO_HOUSING_TRACK,
                Arg::Policy,
                &e.to_string(),
                "no track here goes to the Housing Ombudsman",
                "give the policy whose housing track declares `ombudsman housing-ombudsman`",
            )
        }
    };
    let text = match a.report {
        MeasuresReport::Measures => match a.format {
            MeasuresFormat::Json => match serde_json::to_string_pretty(&m) {
                Ok(t) => t + "\n",
                Err(e) => return usage_error(&format!("cannot print JSON: {e}")),
            },
            MeasuresFormat::Md => render::markdown(&m),
            MeasuresFormat::Html => render::html(&m),
        },
        MeasuresReport::Annual => {
            let export_name = a
                .cases
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_else(|| a.cases.display().to_string());
            let r = match annual::annual(m, year, &export_name, &policy) {
                Ok(r) => r,
                Err(e) => return usage_error(&e),
            };
            match annual_text(&r, &a) {
                Ok(t) => t,
                Err(code) => return code,
            }
        }
    };
    match &a.out {
        Some(out) => match std::fs::write(out, text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => usage_error(&format!("cannot write {}: {e}", out.display())),
        },
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
            ExitCode::SUCCESS
        }
    }
}

/// The annual report in the format asked for. In Markdown the chart is written beside
/// `--out` and linked; in HTML it is inline; JSON carries its numbers.
fn annual_text(r: &Annual, a: &MeasuresArgs) -> Result<String, ExitCode> {
    let svg = || annual::chart_svg(r, "monthly").map_err(|e| usage_error(&e.to_string()));
    Ok(match a.format {
        MeasuresFormat::Json => match serde_json::to_string_pretty(r) {
            Ok(t) => t + "\n",
            Err(e) => return Err(usage_error(&format!("cannot print JSON: {e}"))),
        },
        MeasuresFormat::Html => annual::html(r, &svg()?),
        MeasuresFormat::Md => match &a.out {
            Some(out) => {
                let path = chart_path(out);
                if let Err(e) = std::fs::write(&path, svg()?) {
                    return Err(usage_error(&format!(
                        "cannot write {}: {e}",
                        path.display()
                    )));
                }
                let link = path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default();
                annual::markdown(r, Some(&link))
            }
            None => annual::markdown(r, None),
        },
    })
}
