//! ## What it finds
//! Two rules of one kind for the same complaints (the same step of the same stage, escalation
//! or policy, the same `for` and the same `when`) that say different things and cite different
//! documents of the council's, where a `prefer` says which document the policy follows. One
//! warning for each such pair, at the rule the policy does not follow, saying which one it
//! does. Without a `prefer` the pair is a conflicting_rules error instead.
//!
//! ## Why it matters
//! A council often publishes more than one document about complaints: a policy, a service
//! standards page, a leaflet. When they disagree ("10 working days" on one, "25" in the other)
//! a resident cannot know which to hold the council to. The encoding keeps both rules, each
//! citing its own document, so the disagreement stays visible; redress follows the preferred
//! one when it computes deadlines, and says so here.
//!
//! ## Example
//! ```text
//! source "sources/policy.txt"
//! source standards "sources/service-standards.txt"
//! prefer main over standards
//! stage one "Stage 1" role stage-1 {
//!   respond within 25 working days of receipt cite "4.2" "within 25 working days"
//!   respond within 10 working days of receipt cite standards "Complaints" "within 10 working days"
//! }
//! ```
//!
//! ## How to fix
//! Nothing in the encoding, if the documents really disagree: keep both rules and the `prefer`,
//! and let this warning stand; the council should make its documents agree. If the policy
//! should follow the other document, turn the `prefer` round.
//!
//! ## Code provision
//! HO 3.4 and LGSCO 3.4: the policy sets out its timescales clearly, and the information
//! published about it agrees with it (HO 3.1, LGSCO 3.1: the policy is published and easy to
//! find).

use crate::check::conflicting_rules::{decided_by, groups, same};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::documents_disagree",
    severity: Severity::Warning,
    summary: "two of the council's documents give different rules, and a `prefer` picks one",
    doc: include_str!("documents_disagree.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for group in groups(p) {
        for pair in group.pairs() {
            let Some((first_followed, pref)) = decided_by(pair.first, pair.second, &p.preferences)
            else {
                continue;
            };
            if same(pair.first, pair.second) {
                continue;
            }
            let (followed, other) = if first_followed {
                (pair.first, pair.second)
            } else {
                (pair.second, pair.first)
            };
            let (preferred, over) = (&pref.value.preferred.value, &pref.value.over.value);
            let (track, class) = pair.scope;
            let scope = format!(
                "{}{}",
                track
                    .map(|t| format!(" for track `{t}`"))
                    .unwrap_or_default(),
                class.map(|c| format!(" when `{c}`")).unwrap_or_default()
            );
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!(
                        "the council's documents `{preferred}` and `{over}` give {} two \
                         different {}{scope}; the policy follows `{preferred}`",
                        group.at, group.what
                    ),
                    other.span,
                    format!("`{over}`: not followed"),
                    format!(
                        "redress uses the rule citing `{preferred}` (`prefer {preferred} over \
                         {over}`) and keeps this one so that the disagreement stays visible; \
                         keep both and let this warning stand, or turn the `prefer` round if \
                         the policy should follow `{over}`"
                    ),
                )
                .with_draft_help(format!(
                    "change the document `{over}` to agree with `{preferred}` (or the other way \
                     round), so that a resident reading either is told the same; until then \
                     redress follows `{preferred}`"
                ))
                .with_related(followed.span, format!("`{preferred}`: followed"))
                .with_related(
                    Span::new(pref.span.offset, pref.value.over.span.end()),
                    "the preference",
                ),
            );
        }
    }
}
