//! `redress fmt [PATH...] [--check] [--format human|json]`.
//!
//! Without `--check`, each file that is not in the canonical layout is rewritten in place: the
//! new text goes to a temporary file in the same folder, which then replaces the file in one
//! rename, so a file is never left half-written. With `--check`, nothing is written and the
//! files that would change are listed. A file that does not parse is left alone and its
//! diagnostics printed.
//!
//! Exit codes: 0 every file formatted (or, with `--check`, already in layout); 1 a file that
//! does not parse, or with `--check` a file that would change; 2 a file that cannot be read or
//! written.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;

use super::{format, FormatError};
use crate::cli::{policy_files, usage_error, Format};
use crate::diagnostic::Diagnostic;
use crate::render::{human, json};
use crate::source::{self, LoadError, SourceFile};

/// What happened to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    /// already in the canonical layout
    Unchanged,
    /// rewritten
    Formatted,
    /// `--check`: not in the canonical layout
    WouldChange,
    /// does not parse (or is not a policy text): its diagnostics are printed
    NotParsed,
    /// could not be read or written (or redress refused its own output)
    Failed,
}

#[derive(Serialize)]
struct FileReport {
    file: String,
    status: Status,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

#[derive(Serialize, Default)]
struct Summary {
    files: usize,
    unchanged: usize,
    /// rewritten, or with `--check` would be
    changed: usize,
    not_parsed: usize,
    failed: usize,
}

#[derive(Serialize)]
struct Report {
    check: bool,
    files: Vec<FileReport>,
    diagnostics: Vec<json::JsonDiagnostic>,
    summary: Summary,
}

pub(crate) fn fmt(paths: Vec<PathBuf>, check: bool, output: Format) -> ExitCode {
    let files = match policy_files(&paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let color = std::io::stderr().is_terminal();
    let mut report = Report {
        check,
        files: Vec::new(),
        diagnostics: Vec::new(),
        summary: Summary::default(),
    };
    for path in &files {
        let (status, message, diags) = one(path, check);
        let name = path.display().to_string();
        if let Some((file, diags)) = &diags {
            for d in diags {
                match output {
                    Format::Json => report.diagnostics.push(json::diagnostic(file, d)),
                    Format::Human => {
                        let _ = writeln!(std::io::stderr(), "{}", human::render(file, d, color));
                    }
                }
            }
        }
        if output == Format::Human {
            // Written with `writeln!`, so that a closed pipe is not a panic.
            let (mut out, mut err) = (std::io::stdout(), std::io::stderr());
            let _ = match (status, &message) {
                (Status::Formatted, _) => writeln!(out, "formatted {name}"),
                (Status::WouldChange, _) => writeln!(out, "would reformat {name}"),
                (Status::NotParsed, _) => writeln!(err, "{name}: not formatted: it does not parse"),
                (Status::Failed, Some(m)) => writeln!(err, "error: {m}"),
                _ => Ok(()),
            };
        }
        let s = &mut report.summary;
        s.files += 1;
        match status {
            Status::Unchanged => s.unchanged += 1,
            Status::Formatted | Status::WouldChange => s.changed += 1,
            Status::NotParsed => s.not_parsed += 1,
            Status::Failed => s.failed += 1,
        }
        report.files.push(FileReport {
            file: name,
            status,
            message,
        });
    }
    let s = &report.summary;
    let code = if s.failed > 0 {
        ExitCode::from(2)
    } else if s.not_parsed > 0 || (check && s.changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    match output {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(text) => {
                let _ = writeln!(std::io::stdout(), "{text}");
            }
            Err(e) => return usage_error(&format!("cannot print JSON: {e}")),
        },
        Format::Human => {
            let _ = writeln!(std::io::stdout(), "{}", summary_line(s, check));
        }
    }
    code
}

fn files(n: usize) -> String {
    format!("{n} {}", if n == 1 { "file" } else { "files" })
}

fn summary_line(s: &Summary, check: bool) -> String {
    let mut parts = Vec::new();
    if check {
        parts.push(format!("{} would be reformatted", files(s.changed)));
    } else {
        parts.push(format!("{} reformatted", files(s.changed)));
    }
    parts.push(format!("{} already formatted", files(s.unchanged)));
    if s.not_parsed > 0 {
        parts.push(format!("{} not parsed", files(s.not_parsed)));
    }
    if s.failed > 0 {
        parts.push(format!("{} failed", files(s.failed)));
    }
    let mut line = format!("Checked {}: {}.", files(s.files), parts.join(", "));
    if check && s.changed > 0 {
        line.push_str(" `redress fmt` without `--check` rewrites them.");
    }
    line
}

type Diags = Option<(SourceFile, Vec<Diagnostic>)>;

/// Format one file: its status, a message for a failure, and the diagnostics of a file that
/// does not parse.
fn one(path: &Path, check: bool) -> (Status, Option<String>, Diags) {
    let file = match source::load(path) {
        Ok(f) => f,
        Err(LoadError::Io(e)) => return (Status::Failed, Some(e), None),
        Err(LoadError::Content(f, d)) => return (Status::NotParsed, None, Some((f, vec![*d]))),
    };
    let out = match format(&file) {
        Ok(out) => out,
        Err(FormatError::Parse(ds)) => return (Status::NotParsed, None, Some((file, ds))),
        Err(FormatError::Internal(m)) => {
            return (
                Status::Failed,
                Some(format!("`{}`: {m}", path.display())),
                None,
            )
        }
    };
    if out.as_str() == &*file.text {
        return (Status::Unchanged, None, None);
    }
    if check {
        return (Status::WouldChange, None, None);
    }
    match write_atomically(path, &out) {
        Ok(()) => (Status::Formatted, None, None),
        Err(e) => (Status::Failed, Some(e), None),
    }
}

/// The temporary file [`write_atomically`] writes before renaming it over `path`'s file name.
pub fn temporary_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.redress-fmt.tmp"))
}

/// Replace a file's contents in one step: write a temporary file next to it, then rename it
/// over the file. A symbolic link is followed, so the link stays and its target changes. The
/// file's permissions are kept. On failure the file is untouched and the temporary file removed.
pub fn write_atomically(path: &Path, text: &str) -> Result<(), String> {
    let target = if path.is_symlink() {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    } else {
        path.to_path_buf()
    };
    let tmp = temporary_path(&target);
    let write = || -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        if let Ok(meta) = std::fs::metadata(&target) {
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, &target)
    };
    write().map_err(|e| {
        if tmp.is_file() {
            let _ = std::fs::remove_file(&tmp);
        }
        format!(
            "cannot write `{}` (through `{}`): {e}",
            path.display(),
            tmp.display()
        )
    })
}
