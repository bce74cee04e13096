//! ## What it finds
//! A policy whose name (the council's name, in `policy "..."`) does not occur in the source
//! document. Matching ignores case, runs of white space and the style of quotes.
//!
//! ## Why it matters
//! The name is how readers and tables tell policies apart. If the document never states it,
//! the encoding may be attributed to the wrong council; some published documents never name
//! their council at all, and then the name was worked out from elsewhere and should say so.
//!
//! ## Example
//! ```text
//! policy "Brighton and Hove City Council" {   # the document never names the council
//!   source "sources/brighton-and-hove.txt"
//! }
//! ```
//!
//! ## How to fix
//! Check the name against the document and write it as the document does. If the document
//! never names the council, keep the name and say in a `#` comment how the council was
//! identified (the web address it came from, a team or partner it mentions).
//!
//! ## Code provision
//! None: this is about the faithfulness of the encoding.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::name_not_in_source",
    severity: Severity::Warning,
    summary: "the council's name does not appear in its source document",
    doc: include_str!("name_not_in_source.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let name = &cx.policy.name;
    if cx.document.contains(&name.value) != Some(false) {
        return;
    }
    out.push(Diagnostic::new(
        &CODE,
        format!(
            "the council's name `{}` could not be confirmed from the source document",
            name.value
        ),
        name.span,
        "not found in the source",
        "check the name against the document; if the document never names the council, say in a `#` comment above the policy how it was identified",
    )
    .with_draft_help(
        "check the name against your draft document, and change the draft to name the council as this policy does",
    ));
}
