//! `redress init [PATH] [--name "Council"]`: a commented starting template for a council
//! drafting its own policy. The template (`templates/draft.policy`) is a `draft` with the
//! Codes' timescales; `check` passes it with no errors, and warns only about what it asks the
//! author to fill in (the source document, and each `TODO` recorded as `unencoded`). It never
//! overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{print_json, usage_error, Format};

/// The template, with `{{NAME}}` for the council's name and `{{SOURCE}}` for the suggested
/// path of its draft document.
pub const TEMPLATE: &str = include_str!("../../templates/draft.policy");

/// The name written when none is given.
pub const DEFAULT_NAME: &str = "Example Borough Council";

/// The template for a council, as a policy text.
pub fn template(name: &str) -> String {
    let stem = slug(name);
    TEMPLATE
        .replace("{{NAME}}", &name.replace('\\', "\\\\").replace('"', "\\\""))
        .replace("{{SOURCE}}", &format!("sources/{stem}.docx"))
}

/// A file name from a council's name: lower case letters and digits, hyphens between words.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "draft".to_string()
    } else {
        out
    }
}

pub(crate) fn init(path: Option<&Path>, name: Option<&str>, format: Format) -> ExitCode {
    let name = name.map(str::trim).unwrap_or(DEFAULT_NAME);
    if name.is_empty() {
        return usage_error("--name needs the council's name");
    }
    if name.chars().any(char::is_control) {
        return usage_error("--name must be one line of text");
    }
    let dir_given = path.is_none_or(|p| p.is_dir());
    let file: PathBuf = match path {
        Some(p) if !dir_given => p.to_path_buf(),
        Some(dir) => dir.join(format!("{}.policy", slug(name))),
        None => PathBuf::from(format!("{}.policy", slug(name))),
    };
    if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            return usage_error(&format!("cannot create folder `{}`: {e}", parent.display()));
        }
    }
    let text = template(name);
    // `create_new` refuses an existing file in the same step that creates a new one.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match written {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return usage_error(&format!(
                "`{}` already exists; `redress init` never overwrites a file: give another path",
                file.display()
            ))
        }
        Err(e) => return usage_error(&format!("cannot write `{}`: {e}", file.display())),
    }
    let todo = text.matches("TODO:").count();
    if format == Format::Json {
        return print_json(&serde_json::json!({
            "file": file.display().to_string(),
            "name": name,
            "todo": todo,
        }));
    }
    let _ = writeln!(
        std::io::stdout(),
        "Wrote {file}: a draft complaints policy for {name}, with the Codes' timescales.\n\
         Fill in the {todo} places marked TODO, then run `redress check {file}`: until then it \
         warns about each of them.",
        file = file.display()
    );
    ExitCode::SUCCESS
}
