//! ## What it finds
//! The same exclusion stated twice for the same complaints: two `exclude` statements with the
//! same kind and the same label, both without `for` or both `for` the same track. Statements of
//! one kind with different labels describe different matters (two separate statutory
//! procedures, say, or two `exclude other "..."` matters) and are not reported; nor is an
//! exclusion `for housing` beside the same exclusion for every track.
//!
//! ## Why it matters
//! The policy still means one thing, but the repetition usually hides a slip: a second
//! statement meant to be `for` another track, a label left out, or a copy made while the
//! encoding was being revised. Tables of exclusions built from the policy list it twice.
//!
//! ## Example
//! ```text
//! exclude service-request          cite "2.0" "A routine first-time request for a service"
//! exclude legal-proceedings
//! exclude service-request          # stated again
//! ```
//!
//! ## How to fix
//! Keep one statement and move the other's citations onto it; if the two were meant for
//! different tracks, add the `for TRACK` the source gives.
//!
//! ## Code provision
//! None: this is about the encoding. (The Codes ask that exclusions be listed, HO 2.2 and
//! LGSCO 2.3, but not that each be listed once.)

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Exclusion, ExclusionKind, Rule};

pub const CODE: Code = Code {
    name: "redress::check::duplicate_exclusion",
    severity: Severity::Warning,
    summary: "the same exclusion stated twice for the same track",
    doc: include_str!("duplicate_exclusion.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let exclusions = &cx.policy.exclusions;
    for (i, rule) in exclusions.iter().enumerate() {
        let Some(first) = exclusions.iter().take(i).find(|f| same(f, rule)) else {
            continue;
        };
        let e = &rule.value;
        let what = match &e.label {
            Some(label) if e.kind.value == ExclusionKind::Other => {
                format!("`other \"{label}\"`")
            }
            _ => format!("`{}`", e.kind.value),
        };
        let message = match &rule.track {
            Some(t) => format!(
                "the exclusion {what} is stated twice for track `{}`",
                t.value
            ),
            None => format!("the exclusion {what} is stated twice"),
        };
        out.push(
            Diagnostic::new(
                &CODE,
                message,
                e.kind.span,
                "stated again here",
                "keep one statement and move the other's citations onto it; if they were meant for different tracks, add the `for TRACK` the source gives",
            )
            .with_draft_help("keep one statement and move the other's citations onto it; if they were meant for different tracks, add `for TRACK` to each")
            .with_related(first.value.kind.span, "first stated here"),
        );
    }
}

/// Same kind, same label, same track scope.
fn same(a: &Rule<Exclusion>, b: &Rule<Exclusion>) -> bool {
    a.value.kind.value == b.value.kind.value
        && a.value.label == b.value.label
        && a.track.as_ref().map(|t| &t.value) == b.track.as_ref().map(|t| &t.value)
}
