//! `redress site PATH... --out DIR`: the published site, generated. A policy with errors is not
//! published (see [`super::compare::publishable`]); under `--allow-errors` the index and the
//! page of each policy with errors carry a warning box at the top.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::compare::{html_banner, publishable};
use super::{policy_files, print_json, usage_error, Format};
use crate::compare::DEFAULT_RECEIVED;

/// The warning box's look, added to the site's stylesheet when a page carries one.
const BANNER_STYLE: &str =
    "\n/* Added by `redress site --allow-errors`: a policy with errors. */\n\
.policy-errors { border: 3px solid #8b0000; background: #fff4f4; padding: .25rem 1rem; \
margin: 1rem 0; }\n";

pub(crate) fn site(
    paths: Vec<PathBuf>,
    out: &Path,
    received: Option<String>,
    allow_errors: bool,
    format: Format,
) -> ExitCode {
    let received = match super::calendar::received(received.as_deref().unwrap_or(DEFAULT_RECEIVED))
    {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let files = match policy_files(&paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let ps = match publishable(&files, allow_errors, format == Format::Json) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let written = match crate::site::build(&files, out, received) {
        Ok(w) => w,
        Err(e) => return usage_error(&e),
    };
    let stamps: Vec<&str> = ps.iter().filter_map(|p| p.stamp.as_deref()).collect();
    if !stamps.is_empty() {
        if let Err(e) = stamp_pages(&written, &ps, &stamps) {
            return usage_error(&e);
        }
    }
    if format == Format::Json {
        let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        let mut v = serde_json::json!({ "out": out.display().to_string(), "files": files });
        if let (false, Some(obj)) = (stamps.is_empty(), v.as_object_mut()) {
            obj.insert("warning".into(), stamps.join(" ").into());
        }
        return print_json(&v);
    }
    let mut stdout = std::io::stdout().lock();
    for p in written {
        let _ = writeln!(stdout, "{}", p.display());
    }
    ExitCode::SUCCESS
}

/// Put the warning box on the index (every stamp) and on the page of each policy with errors
/// (its own). `site::build` writes `style.css`, `index.html`, then a page per policy in the
/// order of the files given.
fn stamp_pages(
    written: &[PathBuf],
    ps: &[super::compare::Publishable],
    stamps: &[&str],
) -> Result<(), String> {
    let rewrite = |path: &Path, edit: &dyn Fn(&str) -> String| -> Result<(), String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        std::fs::write(path, edit(&text))
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))
    };
    fn name(p: &Path) -> &str {
        p.file_name().and_then(|n| n.to_str()).unwrap_or("")
    }
    for path in written.iter().filter(|p| name(p) == "style.css") {
        rewrite(path, &|css| format!("{css}{BANNER_STYLE}"))?;
    }
    for path in written.iter().filter(|p| name(p) == "index.html") {
        rewrite(path, &|page| html_banner(page, stamps))?;
    }
    let pages = written
        .iter()
        .filter(|p| !matches!(name(p), "style.css" | "index.html"));
    for (path, p) in pages.zip(ps) {
        if let Some(stamp) = &p.stamp {
            rewrite(path, &|page| html_banner(page, &[stamp.as_str()]))?;
        }
    }
    Ok(())
}
