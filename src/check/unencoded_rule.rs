//! ## What it finds
//! Every `unencoded "..."` statement: a rule of the source that the language cannot say, which
//! the encoding records in the council's words instead of leaving it out or in a comment. One
//! warning per statement, wherever it is written (the policy, a stage or an escalation).
//!
//! ## Why it matters
//! A rule redress cannot read is not checked, simulated or assessed: deadlines, comparisons
//! and self-assessments go on without it. Recording it keeps the gap visible, so that a reader
//! of any report knows the policy says more than redress has judged, and which provisions of
//! a Code it may bear on.
//!
//! ## Example
//! ```text
//! unencoded "Late complaints are still acknowledged"
//!   cite "Late complaints" "Late complaints should still be acknowledged"
//! ```
//!
//! ## How to fix
//! Nothing, while the language cannot say the rule: keep the statement, with its citation, and
//! let this warning stand. When the language can say it, encode the rule and remove the
//! `unencoded` statement.
//!
//! ## Code provision
//! None: this is about the coverage of the encoding.

use crate::check::timescale::{keyword_span, scope_phrase};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::Rule;

pub const CODE: Code = Code {
    name: "redress::check::unencoded_rule",
    severity: Severity::Warning,
    summary: "a rule of the source the language cannot say: not checked, simulated or assessed",
    doc: include_str!("unencoded_rule.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let mut all: Vec<(&Rule<String>, String)> =
        p.unencoded.iter().map(|r| (r, String::new())).collect();
    for s in &p.stages {
        let at = format!(" at stage `{}`", s.name.value);
        all.extend(s.unencoded.iter().map(|r| (r, at.clone())));
    }
    for e in &p.escalations {
        let at = format!(
            " on escalating from stage `{}` to stage `{}`",
            e.from.value, e.to.value
        );
        all.extend(e.unencoded.iter().map(|r| (r, at.clone())));
    }
    all.sort_by_key(|(r, _)| r.span);
    for (r, at) in all {
        out.push(
            Diagnostic::new(
                &CODE,
                format!(
                    "not checked, simulated or assessed{at}{}: \"{}\"",
                    scope_phrase(r),
                    r.value
                ),
                keyword_span(r.span, "unencoded"),
                "not encoded",
                "the language cannot say this rule, so no deadline, comparison or self-assessment \
             takes it into account; keep the statement so the gap stays visible, and encode the \
             rule when the language can say it",
            )
            .with_draft_help(
                "the language cannot say this rule, so no deadline, comparison or self-assessment \
             takes it into account; if your draft can state it as a timescale, an extension or \
             an exclusion, change it to one; otherwise keep the statement so the gap stays \
             visible",
            ),
        );
    }
}
