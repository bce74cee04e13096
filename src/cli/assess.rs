//! `redress assess POLICY --code ho-2024|lgsco-2024`: a Code self-assessment of one policy.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::usage_error;
use crate::assess::{self, codes};
use crate::render::assessment;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AssessFormat {
    Md,
    Html,
    Csv,
    Json,
}

pub(crate) fn assess(
    policy: &Path,
    code: &str,
    track: Option<&str>,
    as_of: Option<&str>,
    format: AssessFormat,
) -> ExitCode {
    let code = match codes::load(code) {
        Ok(c) => c,
        Err(e) => return usage_error(&e),
    };
    let as_of = match as_of.map(crate::dates::parse_date) {
        None => None,
        Some(Some(d)) => Some(d),
        Some(None) => return usage_error("--as-of takes a date, YYYY-MM-DD"),
    };
    let ir = match super::load_policy(policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let a = match assess::assess(&ir, &code, track, as_of) {
        Ok(a) => a,
        Err(e) => return usage_error(&e),
    };
    let text = match format {
        AssessFormat::Md => assessment::markdown(&a),
        AssessFormat::Html => assessment::html(&a),
        AssessFormat::Csv => match assessment::csv(&a) {
            Ok(t) => t,
            Err(e) => return usage_error(&e),
        },
        AssessFormat::Json => match serde_json::to_string_pretty(&a) {
            Ok(t) => t + "\n",
            Err(e) => return usage_error(&e.to_string()),
        },
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
