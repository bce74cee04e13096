//! The published site: a static folder of HTML that a council, a scrutiny committee or a
//! resident can read without redress. `index.html` holds the comparison table and links to a
//! page per policy; each policy page gives its rules with their citations, its diagnostics, a
//! sample complaint's timeline per track and the Complaint Handling Code self-assessments.
//!
//! The pages are plain HTML with one shared stylesheet: no JavaScript, no external requests,
//! system fonts. Every string that comes from a policy or its source document goes through
//! `escape`, so a policy can never inject markup.
//!
//! The pages are made in memory ([`render`]) and then written by [`output`], which keeps the
//! output folder safe (a manifest, no stale pages, never through a link). A page with the
//! comparison is `wide`: its text sits in `<div class="measure">` blocks, the column every
//! page's text keeps, and the table between them takes the window's width.

pub mod comparison;
pub mod output;
mod rules;
mod sample;

use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;

use crate::assess::{self, codes};
use crate::compare;
use crate::diagnostic::{Diagnostic, Severity};
use crate::ir;
use crate::render::assessment::html_body_at;
use crate::source::{self, LoadError, SourceFile};

pub use crate::render::assessment::escape;

/// The stylesheet every page links to.
pub const STYLE: &str = include_str!("style.css");

const SITE_TITLE: &str = "Council complaint policies compared";

/// One file of the site, made in memory before anything is written.
pub struct Page {
    /// Its name inside the output folder.
    pub name: String,
    pub text: String,
    pub of: PageOf,
}

/// What a page is, for a caller that adds to pages (the warning box of `--allow-errors`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageOf {
    Stylesheet,
    Index,
    /// The page of the policy file at this index of those given.
    Policy(usize),
}

/// Why the site was not built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A policy that cannot be read or does not compile.
    #[error("{0}")]
    Input(String),
    /// The output folder: see [`output::Refusal`].
    #[error(transparent)]
    Output(#[from] output::Refusal),
}

/// One policy as the site shows it.
struct Entry {
    file: SourceFile,
    policy: ir::Policy,
    diagnostics: Vec<Diagnostic>,
    slug: String,
}

/// Build the site for `files` (policy files, each of which must compile) into `out`, creating
/// it if need be, as [`output::publish`] does without `force`. Returns the files written:
/// `style.css`, `index.html`, then a page per policy.
pub fn build(
    files: &[PathBuf],
    out: &Path,
    received: NaiveDateTime,
) -> Result<Vec<PathBuf>, BuildError> {
    let pages = render(files, received).map_err(BuildError::Input)?;
    Ok(write(out, &pages, false)?.written)
}

/// Write pages into `out` (see [`output`]).
pub fn write(
    out: &Path,
    pages: &[Page],
    force: bool,
) -> Result<output::Published, output::Refusal> {
    let files: Vec<(&str, &str)> = pages
        .iter()
        .map(|p| (p.name.as_str(), p.text.as_str()))
        .collect();
    output::publish(out, &files, force)
}

/// The pages of the site for `files`: `style.css`, `index.html`, then a page per policy in
/// the order given.
pub fn render(files: &[PathBuf], received: NaiveDateTime) -> Result<Vec<Page>, String> {
    let mut entries = Vec::new();
    let mut taken = BTreeSet::new();
    for f in files {
        let file = match source::load(f) {
            Ok(file) => file,
            Err(LoadError::Io(e)) => return Err(e),
            Err(LoadError::Content(file, d)) => {
                return Err(format!(
                    "`{}` is not a policy text: {}",
                    file.name(),
                    d.message
                ))
            }
        };
        let analysis = crate::analyse(file);
        let Some(policy) = analysis.policy else {
            return Err(format!(
                "`{}` does not compile; `redress check {}` shows why",
                f.display(),
                f.display()
            ));
        };
        let slug = unique_slug(f, &mut taken);
        entries.push(Entry {
            file: analysis.file,
            policy,
            diagnostics: analysis.diagnostics,
            slug,
        });
    }
    let mut pages = vec![
        Page {
            name: "style.css".into(),
            text: STYLE.into(),
            of: PageOf::Stylesheet,
        },
        Page {
            name: "index.html".into(),
            text: index(&entries, received),
            of: PageOf::Index,
        },
    ];
    for (i, e) in entries.iter().enumerate() {
        pages.push(Page {
            name: format!("{}.html", e.slug),
            text: policy_page(e, received)?,
            of: PageOf::Policy(i),
        });
    }
    Ok(pages)
}

/// A file name from the policy file's stem: lower case letters, digits and hyphens, made
/// unique among the pages already named and never `index`.
fn unique_slug(path: &Path, taken: &mut BTreeSet<String>) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-').to_string();
    let base = match slug.as_str() {
        "" => "policy".to_string(),
        "index" => "index-policy".to_string(),
        _ => slug,
    };
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

/// Escape text, then show the author's own words (between backticks) as code.
pub(crate) fn text(s: &str) -> String {
    let escaped = escape(s);
    let parts: Vec<&str> = escaped.split('`').collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return escaped;
    }
    let mut out = String::with_capacity(escaped.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

/// A table inside a container that scrolls sideways on a narrow screen, which a keyboard can
/// reach and a screen reader announces by `label`.
pub(crate) fn scroll(label: &str, table: &str) -> String {
    format!(
        "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n{table}</div>\n",
        escape(label)
    )
}

/// How a page gets the stylesheet.
pub(crate) enum Style {
    /// `style.css`, beside the page: the site's pages share it.
    Linked,
    /// Inside the page, for a page that travels alone (`compare --format html`).
    Inline,
}

/// The frame of a page: what surrounds its body.
pub(crate) struct Frame<'a> {
    /// The index, which needs no link back to itself.
    pub home: bool,
    /// A page with the comparison: its text in `measure` blocks, the table as wide as the window.
    pub wide: bool,
    pub style: Style,
    /// The footer's text, as HTML.
    pub footer: &'a str,
}

impl Frame<'static> {
    /// A page of the site: the shared stylesheet and footer.
    fn of_site(home: bool, wide: bool) -> Self {
        Frame {
            home,
            wide,
            style: Style::Linked,
            footer: FOOTER,
        }
    }
}

/// What every page of the site says at its foot.
const FOOTER: &str = "Generated by redress from the policy files and the councils' published \
                      texts. Do not edit by hand.";

/// The page around a body. `title` is already escaped.
fn page(title: &str, body: &str, frame: &Frame) -> String {
    let nav = if frame.home {
        String::new()
    } else {
        "<header>\n<nav aria-label=\"Site\"><a href=\"index.html\">All policies compared</a></nav>\n</header>\n"
            .to_string()
    };
    let style = match frame.style {
        Style::Linked => "<link rel=\"stylesheet\" href=\"style.css\">".to_string(),
        Style::Inline => format!("<style>\n{STYLE}</style>"),
    };
    let class = if frame.wide { " class=\"wide\"" } else { "" };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n{style}\n</head>\n<body>\n\
         <a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n{nav}\
         <main id=\"main\"{class}>\n{body}</main>\n<footer>\n<p>{}</p>\n</footer>\n</body>\n</html>\n",
        frame.footer
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn counts(e: &Entry) -> String {
    let errors = e
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = e.diagnostics.len() - errors;
    format!(
        "{}, {}",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    )
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn index(entries: &[Entry], received: NaiveDateTime) -> String {
    let policies: Vec<ir::Policy> = entries.iter().map(|e| e.policy.clone()).collect();
    let c = compare::compare(&policies, received);
    // compare gives one row per track a case can be on, in policy order.
    let mut row_entry = Vec::new();
    for (i, p) in policies.iter().enumerate() {
        row_entry.extend(std::iter::repeat_n(i, p.case_tracks().len()));
    }
    let link = |row: usize| {
        row_entry
            .get(row)
            .and_then(|i| entries.get(*i))
            .map(|e| format!("{}.html", e.slug))
    };
    let mut body = String::from("<div class=\"measure\">\n");
    let _ = writeln!(body, "<h1>{SITE_TITLE}</h1>");
    let _ = writeln!(
        body,
        "<p>How {} handle complaints, read from their own published policies. Each policy is \
         encoded in the redress policy language with a citation of the council's text for every \
         rule, checked, and compared below. Each council's page gives its rules, what redress \
         found questionable, a sample complaint's deadlines and a Complaint Handling Code \
         self-assessment.</p>",
        plural(entries.len(), "council", "councils")
    );
    body.push_str(&comparison::notes(&c));
    let _ = writeln!(
        body,
        "<h2 id=\"comparison-heading\">Comparison</h2>\n</div>"
    );
    body.push_str(&comparison::block(&c, &|row: usize| link(row), 3));
    let _ = writeln!(
        body,
        "<div class=\"measure\">\n<h2 id=\"policies\">Policies</h2>\n<ul class=\"policies\">"
    );
    for e in entries {
        let _ = writeln!(
            body,
            "<li><a href=\"{}.html\">{}</a> <span class=\"meta\">({}; {})</span></li>",
            escape(&e.slug),
            escape(&e.policy.name.value),
            escape(&file_name(&e.file.path)),
            counts(e)
        );
    }
    let _ = writeln!(body, "</ul>\n</div>");
    page(SITE_TITLE, &body, &Frame::of_site(true, true))
}

fn diagnostics(e: &Entry) -> String {
    let mut out = String::new();
    if e.diagnostics.is_empty() {
        let _ = writeln!(
            out,
            "<p>None: redress found nothing wrong or questionable in this policy.</p>"
        );
        return out;
    }
    let _ = writeln!(
        out,
        "<p>{}. An error means redress cannot give the policy one meaning, or the encoding is \
         not faithful to its source; a warning marks what the source leaves ambiguous, stale or \
         questionable. <code>redress explain CODE</code> says more about each.</p>",
        counts(e)
    );
    let caption = format!("Diagnostics for {}", file_name(&e.file.path));
    let mut table = String::new();
    let _ = writeln!(
        table,
        "<table class=\"diagnostics\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Line</th>\
         <th scope=\"col\">Severity</th><th scope=\"col\">Message</th><th scope=\"col\">Help</th>\
         <th scope=\"col\">Code</th></tr></thead>\n<tbody>",
        escape(&caption)
    );
    for d in &e.diagnostics {
        let (line, _) = e.file.line_col(d.span.offset);
        let severity = d.severity();
        let _ = writeln!(
            table,
            "<tr><th scope=\"row\">{line}</th><td class=\"severity-{severity}\">{severity}</td>\
             <td>{}</td><td>{}</td><td class=\"code\"><code>{}</code></td></tr>",
            text(&d.message),
            text(&d.help),
            escape(d.code.name).replace("::", "::<wbr>")
        );
    }
    let _ = writeln!(table, "</tbody>\n</table>");
    out.push_str(&scroll(&caption, &table));
    out
}

fn self_assessment(p: &ir::Policy) -> Result<String, String> {
    let mut out = String::new();
    let mut any = false;
    for id in codes::IDS {
        let code = codes::load(id)?;
        for track in assess::tracks_for(p, code) {
            let a = assess::assess(p, code, Some(track), None)?;
            any = true;
            let _ = writeln!(
                out,
                "<h3 id=\"assessment-{}-{}\">{}</h3>",
                escape(id),
                escape(track),
                text(&format!("{}: track `{track}`", code.title))
            );
            out.push_str(&html_body_at(&a, 4));
        }
    }
    // Every Ombudsman has its own Code (`codes::for_ombudsman`): a track that goes to the
    // Ombudsman of Scotland, Northern Ireland or Wales is assessed above against its nation's
    // model procedure, like an English track against its Code.
    if !any {
        let _ = writeln!(
            out,
            "<p>No Complaint Handling Code or model procedure applies: no track of this policy \
             goes to an Ombudsman.</p>"
        );
    }
    Ok(out)
}

fn policy_page(e: &Entry, received: NaiveDateTime) -> Result<String, String> {
    let p = &e.policy;
    let name = escape(&p.name.value);
    let mut body = String::new();
    let _ = writeln!(body, "<h1>{name}</h1>");
    let mut about = format!(
        "Complaint-handling policy, encoded in <code>{}</code>",
        escape(&file_name(&e.file.path))
    );
    if let Some(s) = &p.source {
        let _ = write!(about, " from <code>{}</code>", escape(&s.value));
    }
    if !p.documents.is_empty() {
        let names: Vec<String> = p
            .documents
            .iter()
            .map(|d| format!("<code>{}</code>", escape(&d.value.path)))
            .collect();
        let _ = write!(about, " and {}", names.join(", "));
    }
    if let Some(v) = &p.version {
        let _ = write!(about, "; version {}", escape(&v.value));
    }
    if let Some(e) = &p.effective {
        let _ = write!(about, "; effective {}", e.value);
    }
    if let Some(r) = &p.reviewed {
        let _ = write!(about, "; reviewed {}", escape(&r.value.describe()));
    }
    let _ = writeln!(body, "<p>{about}.</p>");
    let _ = writeln!(
        body,
        "<nav aria-label=\"On this page\">\n<ul class=\"contents\">\
         <li><a href=\"#rules\">Rules</a></li><li><a href=\"#diagnostics\">Diagnostics</a></li>\
         <li><a href=\"#sample\">Sample complaint</a></li>\
         <li><a href=\"#self-assessment\">Self-assessment</a></li></ul>\n</nav>"
    );
    let _ = writeln!(body, "<h2 id=\"rules\">Rules</h2>");
    let _ = writeln!(
        body,
        "<p>Every rule the policy states, with the clause and phrase of the council's text it \
         rests on.</p>"
    );
    body.push_str(&rules::section(p));
    let _ = writeln!(body, "<h2 id=\"diagnostics\">Diagnostics</h2>");
    body.push_str(&diagnostics(e));
    let _ = writeln!(body, "<h2 id=\"sample\">Sample complaint</h2>");
    body.push_str(&sample::section(p, received));
    let _ = writeln!(body, "<h2 id=\"self-assessment\">Self-assessment</h2>");
    let _ = writeln!(
        body,
        "<p>Each Complaint Handling Code that applies to a track, provision by provision, with \
         the policy's own citations as evidence. <q>evidence-needed</q> marks what a policy text \
         cannot show.</p>"
    );
    body.push_str(&self_assessment(p)?);
    Ok(page(
        &format!("{name}: complaint policy - {SITE_TITLE}"),
        &body,
        &Frame::of_site(false, false),
    ))
}
