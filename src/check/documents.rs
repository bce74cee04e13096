//! The council's named documents (`source standards "..."`), for the checks that look phrases
//! up in them. Not a check itself. The loader reads them (relative to the policy file's
//! folder, like the main source) and hands them to the checks in [`Context::named`]: checks
//! read no files.

use crate::check::Context;
use crate::document::SourceDocument;
use crate::ir::{self, MAIN_DOCUMENT};

/// A named document with the statement that names it.
pub(crate) struct Named<'a> {
    pub rule: &'a ir::Rule<ir::Document>,
    /// None when the loader was not given it (a context built without documents).
    pub document: Option<&'a SourceDocument>,
}

/// Every named document of the policy, with what the loader read for it.
pub(crate) fn named<'a>(cx: &Context<'a>) -> Vec<Named<'a>> {
    cx.policy
        .documents
        .iter()
        .map(|rule| Named {
            rule,
            document: cx
                .named
                .iter()
                .find(|n| n.id == rule.value.id.value)
                .map(|n| &n.document),
        })
        .collect()
}

/// The document a citation is looked up in: the main source, a named document, or none when
/// the name is not declared (unknown_document reports that).
pub(crate) fn cited<'d>(
    cx: &'d Context,
    named: &[Named<'d>],
    citation: &ir::Citation,
) -> Option<&'d SourceDocument> {
    match citation.document.as_ref().map(|d| d.value.as_str()) {
        None | Some(MAIN_DOCUMENT) => Some(cx.document),
        Some(name) => named
            .iter()
            .find(|n| n.rule.value.id.value == name)
            .and_then(|n| n.document),
    }
}
