//! ## What it finds
//! A policy with no `source` statement, so it names no copy of the council's own text.
//!
//! ## Why it matters
//! The policy still has a meaning, but nothing ties it to what the council published: no
//! `cite` can be checked against the document, and neither can the council's name. A reader
//! has to take every rule on trust.
//!
//! ## Example
//! ```text
//! policy "Example Borough Council" {      # no `source "..."`
//!   track general "Complaints" ombudsman lgsco
//! }
//! ```
//!
//! ## How to fix
//! Save the council's published policy as plain text next to the policy file (for example in
//! `sources/`) and add `source "sources/example.txt"` at the top of the policy.
//!
//! ## Code provision
//! None: this is about the faithfulness of the encoding.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::document::SourceDocument;

pub const CODE: Code = Code {
    name: "redress::check::missing_source",
    severity: Severity::Warning,
    summary: "no source document, so citations cannot be verified",
    doc: include_str!("missing_source.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    if !matches!(cx.document, SourceDocument::NotDeclared) {
        return;
    }
    out.push(Diagnostic::new(
        &CODE,
        "this policy names no source document, so its citations cannot be checked",
        cx.policy.name.span,
        "no `source` for this policy",
        "save the council's published policy as plain text and add `source \"sources/NAME.txt\"` (a path relative to this file's folder)",
    )
    .with_draft_help(
        "save the text of your draft document as plain text and add `source \"sources/NAME.txt\"` (a path relative to this file's folder), so that each rule's citation can be checked against it",
    ));
}
