//! `redress site PATH... --out DIR`: the published site, generated.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{load_policy, policy_files, print_json, usage_error, Format};
use crate::compare::DEFAULT_RECEIVED;

pub(crate) fn site(
    paths: Vec<PathBuf>,
    out: &Path,
    received: Option<String>,
    format: Format,
) -> ExitCode {
    let received = match super::calendar::datetime(received.as_deref().unwrap_or(DEFAULT_RECEIVED))
    {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let files = match policy_files(&paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    // Every policy must compile: its diagnostics go to standard error, exit 1 (2 if unreadable).
    for f in &files {
        if let Err(code) = load_policy(f) {
            return code;
        }
    }
    match crate::site::build(&files, out, received) {
        Ok(written) if format == Format::Json => {
            let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
            print_json(&serde_json::json!({ "out": out.display().to_string(), "files": files }))
        }
        Ok(written) => {
            let mut stdout = std::io::stdout().lock();
            for p in written {
                let _ = writeln!(stdout, "{}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&e),
    }
}
