//! `redress assess POLICY --code ho-2024|lgsco-2024`: a Code self-assessment of one policy. A
//! policy with errors is not assessed (see [`super::compare::publishable`]): a misquoted
//! citation must not count as evidence. Under `--allow-errors` every format says so.

use std::io::Write;
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
}

pub(crate) fn assess(
    policy: &Path,
    code: &str,
    track: Option<&str>,
    as_of: Option<&str>,
    allow_errors: bool,
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
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
