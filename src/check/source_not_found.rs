//! ## What it finds
//! A `source` statement naming a document that cannot be read: the file is not there, or
//! cannot be opened. The path is read relative to the folder of the policy file. This holds
//! for the main source (`source "path"`) and for each named document
//! (`source standards "path"`).
//!
//! ## Why it matters
//! The source document is what the encoding is checked against. Without it no citation can
//! be verified and nothing shows that the policy says what the council published, so the
//! encoding's faithfulness cannot be established.
//!
//! ## Example
//! ```text
//! policy "Example Borough Council" {
//!   source "sources/exmaple.txt"     # the file is sources/example.txt
//! }
//! ```
//!
//! ## How to fix
//! Correct the path (relative to the folder the policy file is in), or save a plain-text copy
//! of the council's published policy at that path.
//!
//! ## Code provision
//! None: this is about the faithfulness of the encoding.

use std::path::Path;

use crate::check::documents::named;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::SourceDocument;
use crate::ir::Rule;
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::source_not_found",
    severity: Severity::Error,
    summary: "the source document named by `source` cannot be read",
    doc: include_str!("source_not_found.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    if let (SourceDocument::Unreadable { path, error }, Some(source)) =
        (cx.document, &cx.policy.source)
    {
        let what = "the source document";
        out.push(unreadable(
            what,
            path,
            error,
            &source.value,
            statement(source),
        ));
    }
    for n in named(cx) {
        if let Some(SourceDocument::Unreadable { path, error }) = n.document {
            let what = format!("the document `{}` at", n.rule.value.id.value);
            let span = statement(n.rule);
            out.push(unreadable(&what, path, error, &n.rule.value.path, span));
        }
    }
}

fn unreadable(what: &str, path: &Path, error: &str, given: &str, span: Span) -> Diagnostic {
    Diagnostic::new(
        &CODE,
        format!("cannot read {what} `{}`: {error}", path.display()),
        span,
        "this document cannot be read",
        format!(
            "the path `{given}` is read relative to the folder the policy file is in; correct it, or save a plain-text copy of the council's document there"
        ),
    )
}

/// The `source` statement up to its last citation, or its keyword when it has none. (A
/// statement's own span runs on over the white space after it, so it is not used on its own.)
fn statement<T>(source: &Rule<T>) -> Span {
    let end = source
        .cites
        .iter()
        .map(|c| c.span.end())
        .max()
        .unwrap_or(source.span.offset + "source".len());
    Span::new(source.span.offset, end)
}
