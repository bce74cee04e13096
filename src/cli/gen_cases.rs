//! `redress gen-cases POLICY --rows N --seed S [--out FILE]`: a synthetic case export.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{load_policy, usage_error};

pub(crate) fn gen_cases(policy: &Path, rows: u64, seed: u64, out: Option<PathBuf>) -> ExitCode {
    let policy = match load_policy(policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let written = match &out {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => crate::gen_cases::generate(&policy, rows, seed, f),
            Err(e) => return usage_error(&format!("cannot write {}: {e}", path.display())),
        },
        None => crate::gen_cases::generate(&policy, rows, seed, std::io::stdout().lock()),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => usage_error(&e.to_string()),
    }
}
