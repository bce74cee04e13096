//! `redress site PATH... --out DIR`: the published site, generated. A policy with errors is not
//! published (see [`super::compare::publishable`]); under `--allow-errors` the index and the
//! page of each policy with errors carry a warning box at the top. The folder is written as
//! [`crate::site::output`] says: a manifest of what was written, old pages removed, never
//! through a link, and a folder redress did not write refused unless `--force`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::compare::{html_banner, publishable, Publishable};
use super::{policy_files, print_json, usage_error, Format};
use crate::compare::DEFAULT_RECEIVED;
use crate::diagnostic::Diagnostic;
use crate::render::{human, json};
use crate::site::output::Refusal;
use crate::site::{Page, PageOf};
use crate::source::SourceFile;
use crate::span::Span;

/// The warning box's look, added to the site's stylesheet when a page carries one.
const BANNER_STYLE: &str =
    "\n/* Added by `redress site --allow-errors`: a policy with errors. */\n\
.policy-errors { border: 3px solid #8b0000; background: #fff4f4; padding: .25rem 1rem; \
margin: 1rem auto; max-width: 74rem; }\n";

/// The options of `redress site`.
pub(crate) struct Options {
    pub out: PathBuf,
    pub received: Option<String>,
    pub allow_errors: bool,
    /// Write into a folder that holds files redress did not write.
    pub force: bool,
    pub format: Format,
}

pub(crate) fn run(paths: Vec<PathBuf>, o: Options) -> ExitCode {
    let json = o.format == Format::Json;
    let received =
        match super::calendar::received(o.received.as_deref().unwrap_or(DEFAULT_RECEIVED)) {
            Ok(r) => r,
            Err(e) => return usage_error(&e),
        };
    let files = match policy_files(&paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let ps = match publishable(&files, o.allow_errors, json) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut pages = match crate::site::render(&files, received) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let stamps: Vec<&str> = ps.iter().filter_map(|p| p.stamp.as_deref()).collect();
    if !stamps.is_empty() {
        stamp_pages(&mut pages, &ps, &stamps);
    }
    let done = match crate::site::write(&o.out, &pages, o.force) {
        Ok(d) => d,
        Err(Refusal::Io(e)) => return usage_error(&e),
        Err(r) => return refuse(&paths, &o, &r),
    };
    let shown =
        |ps: &[PathBuf]| -> Vec<String> { ps.iter().map(|p| p.display().to_string()).collect() };
    if json {
        let mut v = serde_json::json!({
            "out": o.out.display().to_string(),
            "files": shown(&done.written),
            "removed": shown(&done.removed),
        });
        if let Some(obj) = v.as_object_mut() {
            if !stamps.is_empty() {
                obj.insert("warning".into(), stamps.join(" ").into());
            }
            if let Some(why) = &done.manifest_ignored {
                obj.insert("manifest_ignored".into(), why.as_str().into());
            }
        }
        return print_json(&v);
    }
    // Standard output lists what was written, one path a line; what else happened goes to
    // standard error.
    for p in &done.removed {
        eprintln!(
            "removed `{}`: an earlier run wrote it and this one did not",
            p.display()
        );
    }
    if let Some(why) = &done.manifest_ignored {
        eprintln!(
            "warning: --force: the record of an earlier run was not used ({why}), so no old \
             page was removed"
        );
    }
    let mut stdout = std::io::stdout().lock();
    for p in done.written {
        let _ = writeln!(stdout, "{}", p.display());
    }
    ExitCode::SUCCESS
}

/// Put the warning box on the index (every stamp) and on the page of each policy with errors
/// (its own), and its look in the stylesheet. `ps` is in the order of the files given, as the
/// pages' [`PageOf::Policy`] indices are.
fn stamp_pages(pages: &mut [Page], ps: &[Publishable], stamps: &[&str]) {
    for page in pages {
        match page.of {
            PageOf::Stylesheet => page.text.push_str(BANNER_STYLE),
            PageOf::Index => page.text = html_banner(&page.text, stamps),
            PageOf::Policy(i) => {
                if let Some(stamp) = ps.get(i).and_then(|p| p.stamp.as_deref()) {
                    page.text = html_banner(&page.text, &[stamp]);
                }
            }
        }
    }
}

/// A refusal of the output folder: a coded error pointed at `--out` on the command line, drawn
/// as `check` draws a diagnostic on standard error, or as `check`'s JSON report on standard
/// output under `--format json`; exit 2.
fn refuse(paths: &[PathBuf], o: &Options, r: &Refusal) -> ExitCode {
    let Some((code, label, help)) = r.code() else {
        return usage_error(&r.to_string());
    };
    let mut text = String::from("redress site");
    for p in paths {
        text.push(' ');
        text.push_str(&p.display().to_string());
    }
    text.push_str(" --out ");
    let start = text.len();
    text.push_str(&o.out.display().to_string());
    let span = Span::new(start, text.len());
    if o.force {
        text.push_str(" --force");
    }
    text.push('\n');
    let file = SourceFile::new("command line", text);
    let d = Diagnostic::new(code, r.to_string(), span, label, help);
    if o.format == Format::Json {
        let report = json::CheckReport {
            diagnostics: vec![json::diagnostic(&file, &d)],
            summary: json::Summary {
                files: 0,
                errors: 1,
                warnings: 0,
            },
        };
        let _ = print_json(&report);
    } else {
        use std::io::IsTerminal;
        eprintln!(
            "{}",
            human::render(&file, &d, std::io::stderr().is_terminal())
        );
    }
    ExitCode::from(2)
}
