//! ## What it finds
//! The same timescale stated twice for the same step, stage, track and case class (the same
//! `for` and `when`, or none), where the two statements agree on the number and unit and differ
//! at most in that one of them gives no start event: a restatement, not a contradiction. The
//! two may cite different documents of the council's; then the documents agree.
//!
//! ## Why it matters
//! Documents often give a timescale once in a summary and again, less precisely, in the
//! detail ("within 10 working days of receiving them" in one clause, "a further 10 working
//! days" in another). A reader cannot be sure the two mean the same deadline; the encoding
//! keeps both so the doubt stays visible. redress reads them as one rule: the first one
//! written, which should be the one with a start event.
//!
//! ## Example
//! ```text
//! stage two "Stage 2" role stage-2 {
//!   respond within 10 working days of escalation   cite "4.1" "..."
//!   respond within 10 working days                 cite "4.2.2" "a further 10 working days"
//! }
//! ```
//!
//! ## How to fix
//! Nothing, if the source really says it twice: keep both, put the statement with the start
//! event first, and let this warning stand. If the two statements give different numbers,
//! units or start events, redress reports `conflicting_rules` instead.
//!
//! ## Code provision
//! None directly; HO 3.4 and LGSCO 3.4 ask for a policy that sets out its timescales clearly.

use crate::check::timescale::scope_phrase;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Event, Rule, Window};

pub const CODE: Code = Code {
    name: "redress::check::restated_timescale",
    severity: Severity::Warning,
    summary: "the same timescale stated twice, once perhaps without a start event",
    doc: include_str!("restated_timescale.rs"),
};

/// Two windows that give the same deadline when an unstated start event is read as the
/// stated one: same combination, same durations, and each pair of start events equal or one
/// of them unstated.
pub(crate) fn compatible(a: &Window, b: &Window) -> bool {
    a.combine == b.combine
        && a.terms.len() == b.terms.len()
        && a.terms.iter().zip(&b.terms).all(|(x, y)| {
            x.duration.amount == y.duration.amount
                && x.duration.unit == y.duration.unit
                && (x.from.value == y.from.value
                    || x.from.value == Event::Unstated
                    || y.from.value == Event::Unstated)
        })
}

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for s in &p.stages {
        let at = format!("stage `{}`", s.name.value);
        pairs(out, &s.acknowledge, &at, "acknowledgement timescale");
        pairs(out, &s.respond, &at, "response timescale");
        let mut labels: Vec<&str> = Vec::new();
        for m in &s.milestones {
            if !labels.contains(&m.value.label.as_str()) {
                labels.push(&m.value.label);
            }
        }
        for label in labels {
            let windows: Vec<Rule<Window>> = s
                .milestones
                .iter()
                .filter(|m| m.value.label == label)
                .map(|m| Rule {
                    value: m.value.window.clone(),
                    track: m.track.clone(),
                    class: m.class.clone(),
                    cites: Vec::new(),
                    span: m.span,
                })
                .collect();
            pairs(
                out,
                &windows,
                &at,
                &format!("timescale for the milestone \"{label}\""),
            );
        }
    }
    for e in &p.escalations {
        let at = format!("the escalation from `{}` to `{}`", e.from.value, e.to.value);
        pairs(out, &e.windows, &at, "time limit");
    }
    pairs(
        out,
        &p.acceptance,
        "the policy",
        "time limit for making a complaint",
    );
}

fn pairs(out: &mut Vec<Diagnostic>, rules: &[Rule<Window>], at: &str, what: &str) {
    for (i, r) in rules.iter().enumerate() {
        let scope = |r: &Rule<Window>| {
            (
                r.track.as_ref().map(|t| t.value.clone()),
                r.class.as_ref().map(|c| c.value.clone()),
            )
        };
        let earlier = rules
            .iter()
            .take(i)
            .find(|f| scope(f) == scope(r) && compatible(&f.value, &r.value));
        let Some(first) = earlier else { continue };
        let one_unstated = r
            .value
            .terms
            .iter()
            .chain(&first.value.terms)
            .any(|t| t.from.value == Event::Unstated);
        let scope_words = scope_phrase(r);
        let message = if one_unstated {
            format!("{at} states its {what}{scope_words} twice, once without a start event")
        } else {
            format!("{at} states the same {what}{scope_words} twice")
        };
        out.push(
            Diagnostic::new(
                &CODE,
                message,
                r.value.span,
                "stated again here",
                "redress reads both as the first statement; keep both if the source says it twice, so the doubt stays visible",
            )
            .with_draft_help("redress reads both as the first statement: change your draft to state it once")
            .with_related(first.value.span, "first stated here"),
        );
    }
}
