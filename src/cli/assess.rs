//! `redress assess POLICY --code ho-2024|lgsco-2024`: a Code self-assessment of one policy. A
//! policy with errors is not assessed (see [`super::compare::publishable`]): a misquoted
//! citation must not count as evidence. Under `--allow-errors` every format says so.
//!
//! `--form` lays the assessment out as the Ombudsman's own form (see
//! [`assessment::form`]), which `--format xlsx` always is; `--previous FILE` refills it from
//! last year's form so that the council checks its answers rather than retyping them.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::compare::{csv_column, html_banner, markdown_banner, publishable};
use super::usage_error;
use crate::assess::{self, codes};
use crate::render::assessment;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AssessFormat {
    Md,
    Html,
    Csv,
    Json,
    /// An Excel workbook of the form, written to standard output.
    Xlsx,
}

/// The form options: the Ombudsman's layout, and last year's form to refill it from.
pub(crate) struct Layout<'a> {
    pub form: bool,
    pub previous: Option<&'a Path>,
}

pub(crate) fn assess(
    policy: &Path,
    code: &str,
    track: Option<&str>,
    as_of: Option<&str>,
    allow_errors: bool,
    layout: Layout,
    format: AssessFormat,
) -> ExitCode {
    if format == AssessFormat::Xlsx && std::io::stdout().is_terminal() {
        return usage_error(
            "--format xlsx writes a workbook to standard output: redirect it to a file (`> form.xlsx`)",
        );
    }
    let code = match codes::load(code) {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    let as_of = match as_of.map(crate::dates::parse_date) {
        None => None,
        Some(Some(d)) => Some(d),
        Some(None) => return usage_error("--as-of takes a date, YYYY-MM-DD"),
    };
    let checked = match publishable(
        &[policy.to_path_buf()],
        allow_errors,
        format == AssessFormat::Json,
    ) {
        Ok(mut ps) => ps.pop(),
        Err(code) => return code,
    };
    let Some(checked) = checked else {
        return usage_error(&format!("`{}` holds no policy", policy.display()));
    };
    let ir = checked.policy;
    let stamps: Vec<&str> = checked.stamp.as_deref().into_iter().collect();
    let a = match assess::assess(&ir, code, track, as_of) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    if layout.form || format == AssessFormat::Xlsx {
        return print_form(&a, code, layout.previous, as_of, &stamps, format);
    }
    let text = match format {
        AssessFormat::Md => markdown_banner(&stamps) + &assessment::markdown(&a),
        AssessFormat::Html => html_banner(&assessment::html(&a), &stamps),
        AssessFormat::Csv => {
            match assessment::csv(&a).and_then(|t| csv_column(&t, |_| stamps.first().copied())) {
                Ok(t) => t,
                Err(e) => return usage_error(&e),
            }
        }
        AssessFormat::Json => {
            let mut v = match serde_json::to_value(&a) {
                Ok(v) => v,
                Err(e) => return usage_error(&e.to_string()),
            };
            if let (Some(stamp), Some(obj)) = (stamps.first(), v.as_object_mut()) {
                obj.insert("warning".into(), (*stamp).into());
            }
            match serde_json::to_string_pretty(&v) {
                Ok(t) => t + "\n",
                Err(e) => return usage_error(&e.to_string()),
            }
        }
        AssessFormat::Xlsx => return print_form(&a, code, layout.previous, as_of, &stamps, format),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// The assessment on the Ombudsman's form, dated `--as-of`, refilled from last
/// year's form when there is one. A warning about last year's form goes on the form and to
/// standard error.
fn print_form(
    a: &assess::Assessment,
    code: &codes::Code,
    previous: Option<&Path>,
    as_of: Option<chrono::NaiveDate>,
    stamps: &[&str],
    format: AssessFormat,
) -> ExitCode {
    // The form is dated, and next year's `--previous` names this date: redress reads no clock.
    let Some(date) = as_of else {
        return usage_error(
            "the form is dated: give the date of the self-assessment with --as-of YYYY-MM-DD",
        );
    };
    let mut form = assessment::form(a, date);
    form.warnings.extend(stamps.iter().map(|s| s.to_string()));
    if let Some(path) = previous {
        let last = match read_previous(path, &code.id) {
            Ok(p) => p,
            Err(located) => {
                return super::audit::input_errors(&[*located], format == AssessFormat::Json)
            }
        };
        let known: Vec<&str> = code.provisions.iter().map(|p| p.id.as_str()).collect();
        let before = form.warnings.len();
        assessment::carry_forward(&mut form, &last, &known);
        for w in form.warnings.iter().skip(before) {
            eprintln!("warning: {w}");
        }
    }
    let bytes = match format {
        AssessFormat::Md => Ok(assessment::form_markdown(&form).into_bytes()),
        AssessFormat::Html => Ok(assessment::form_html(&form).into_bytes()),
        AssessFormat::Csv => assessment::form_csv(&form).map(String::into_bytes),
        AssessFormat::Json => serde_json::to_string_pretty(&form)
            .map(|t| (t + "\n").into_bytes())
            .map_err(|e| e.to_string()),
        AssessFormat::Xlsx => assessment::form_xlsx(&form),
    };
    match bytes {
        Ok(b) => {
            let _ = std::io::stdout().write_all(&b);
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e),
    }
}

/// Last year's form, or the coded diagnostic that says why it cannot be used.
fn read_previous(
    path: &Path,
    code: &str,
) -> Result<assessment::Previous, Box<crate::audit::input::Located>> {
    let located = |text: String, e: assessment::PreviousError| {
        Box::new(crate::audit::input::Located {
            file: crate::source::SourceFile::new(path, text),
            diagnostic: crate::diagnostic::Diagnostic::new(
                &assessment::PREVIOUS_INVALID,
                e.message,
                e.span,
                "not last year's form",
                "give the JSON that `assess --form --format json` wrote last year for this Code",
            ),
        })
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            return Err(located(
                String::new(),
                assessment::PreviousError {
                    message: format!("cannot read last year's form `{}`: {e}", path.display()),
                    span: crate::span::Span::new(0, 0),
                },
            ))
        }
    };
    assessment::parse_previous(&text, code).map_err(|e| located(text, e))
}
