//! `redress compare PATH...`: the comparison table, generated.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{load_policy, policy_files, usage_error};
use crate::compare::{compare as build, DEFAULT_RECEIVED};
use crate::render::comparison;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareFormat {
    Md,
    Html,
    Csv,
    Json,
}

/// Load every policy under the paths (each must compile).
pub(crate) fn policies(paths: &[PathBuf]) -> Result<Vec<crate::ir::Policy>, ExitCode> {
    let files = policy_files(paths).map_err(|e| usage_error(&e))?;
    files.iter().map(|f| load_policy(f)).collect()
}

pub(crate) fn compare(
    paths: Vec<PathBuf>,
    received: Option<String>,
    format: CompareFormat,
) -> ExitCode {
    let received = match super::calendar::datetime(received.as_deref().unwrap_or(DEFAULT_RECEIVED))
    {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let ps = match policies(&paths) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let c = build(&ps, received);
    let text = match format {
        CompareFormat::Md => comparison::markdown(&c),
        CompareFormat::Html => comparison::html(&c),
        CompareFormat::Csv => match comparison::csv(&c) {
            Ok(t) => t,
            Err(e) => return usage_error(&e),
        },
        CompareFormat::Json => match serde_json::to_string_pretty(&c) {
            Ok(t) => t + "\n",
            Err(e) => return usage_error(&e.to_string()),
        },
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
