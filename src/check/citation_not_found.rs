//! ## What it finds
//! A `cite "clause" "phrase"` whose phrase does not occur in the source document the policy
//! names with `source`, or a `cite NAME "clause" "phrase"` whose phrase does not occur in the
//! document named NAME (`source NAME "path"`). Matching ignores case, runs of white space and
//! the style of quotes and apostrophes, so a phrase copied from the document always matches.
//! Citations of a document that cannot be read, or is not declared, are left to
//! source_not_found and unknown_document.
//!
//! ## Why it matters
//! A citation is the encoding's promise that a rule is in the council's own words. A phrase
//! that is not in the document is a typo at best and an invented rule at worst; either way
//! the reader can no longer check the encoding against its source.
//!
//! ## Example
//! ```text
//! respond within 10 working days of acknowledgement
//!     cite "Stage 1" "respond within ten working days"   # the document says "10 working days"
//! ```
//!
//! ## How to fix
//! Copy the phrase from the source document exactly (a short phrase is enough), or correct the
//! `source` path if the policy points at the wrong document.
//!
//! ## Code provision
//! None: this is about the faithfulness of the encoding.

use crate::check::documents::{cited, named};
use crate::check::{all_rules, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::citation_not_found",
    severity: Severity::Error,
    summary: "a citation phrase that is not in the source document",
    doc: include_str!("citation_not_found.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let named = named(cx);
    for rule in all_rules(cx.policy) {
        for c in rule.cites {
            let Some(document) = cited(cx, &named, c) else {
                continue;
            };
            if document.contains(&c.phrase.value) != Some(false) {
                continue;
            }
            let which = match &c.document {
                Some(d) => format!("the document `{}`", d.value),
                None => "the source document".to_string(),
            };
            out.push(Diagnostic::new(
                &CODE,
                format!("{which} does not contain `{}`", c.phrase.value),
                c.phrase.span,
                "not found in the source",
                format!(
                    "copy a short phrase from clause `{}` of {which} exactly (case, spacing and quote style do not matter)",
                    c.clause.value
                ),
            ));
        }
    }
}
