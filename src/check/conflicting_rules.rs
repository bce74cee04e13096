//! ## What it finds
//! Two rules for the same step and the same complaints, so that the policy gives two answers
//! to one question: two `acknowledge`, two `respond` or two `extend` rules in one stage, two
//! `within` time limits in one escalation, or two `accept` rules, where both have no `for` or
//! both are `for` the same track. A `for housing` rule beside a rule with no `for` is not a
//! conflict: the specific rule overrides the general one for that track.
//!
//! ## Why it matters
//! redress cannot tell which timescale the council meant, so it cannot compute a deadline,
//! simulate a complaint or compare the policy with the Codes. Usually the second rule was
//! meant for one track and its `for` is missing, or the source gives two timescales that
//! contradict each other and the encoding has copied both.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" {
//!   respond within 15 working days of receipt
//!   respond within 10 working days of receipt     # meant `for housing`?
//! }
//! ```
//!
//! ## How to fix
//! Keep the rule the source states and delete the other; if the source gives a different
//! timescale for some complaints, declare a track for them and add `for TRACK` to that rule.
//! If the source itself contradicts itself, keep one rule and say in a `#` comment which.
//!
//! ## Code provision
//! None: this is about the encoding. (The timescales themselves are HO 6.2-6.4 and
//! 6.11-6.15, LGSCO 6.2-6.4 and 6.10-6.14.)

use crate::check::{restated_timescale, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Extension, Rule, Window};
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::conflicting_rules",
    severity: Severity::Error,
    summary: "two rules for the same step of the same stage and track",
    doc: include_str!("conflicting_rules.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for s in &p.stages {
        let name = &s.name.value;
        let at = format!("stage `{name}`");
        windows(
            out,
            &s.acknowledge,
            &at,
            "acknowledgement timescales",
            "acknowledge",
        );
        windows(out, &s.respond, &at, "response timescales", "respond");
        let extensions: Vec<(Option<&str>, Span)> = s
            .extensions
            .iter()
            .map(|r| (scope(r), extension_span(r)))
            .collect();
        report(out, &extensions, &at, "extension rules", "extend");
    }
    for e in &p.escalations {
        let at = format!("the escalation from `{}` to `{}`", e.from.value, e.to.value);
        windows(out, &e.windows, &at, "time limits", "within");
    }
    windows(
        out,
        &p.acceptance,
        "the policy",
        "time limits for making a complaint",
        "accept",
    );
}

fn windows(out: &mut Vec<Diagnostic>, rules: &[Rule<Window>], at: &str, what: &str, kw: &str) {
    // A restatement of the same timescale (perhaps once without a start event) is not a
    // conflict: `restated_timescale` reports it as a warning.
    let kept: Vec<&Rule<Window>> = rules
        .iter()
        .enumerate()
        .filter(|(i, r)| {
            !rules
                .iter()
                .take(*i)
                .any(|f| scope(f) == scope(r) && restated_timescale::compatible(&f.value, &r.value))
        })
        .map(|(_, r)| r)
        .collect();
    let heads: Vec<(Option<&str>, Span)> = kept.iter().map(|r| (scope(r), head(r))).collect();
    report(out, &heads, at, what, kw);
}

/// Each rule that has an earlier rule with the same scope, reported against the first one.
fn report(
    out: &mut Vec<Diagnostic>,
    rules: &[(Option<&str>, Span)],
    at: &str,
    what: &str,
    kw: &str,
) {
    for (i, (track, span)) in rules.iter().enumerate() {
        let Some((_, first)) = rules.iter().take(i).find(|(t, _)| t == track) else {
            continue;
        };
        let (scope, help) = match track {
            Some(t) => (
                format!("for track `{t}`"),
                format!("keep one `{kw} ... for {t}` rule, the one the source states, and delete the other"),
            ),
            None => (
                "for every track".to_string(),
                format!("keep one `{kw}` rule without `for`, the one the source states; if the other is for some complaints only, add `for TRACK` to it"),
            ),
        };
        out.push(
            Diagnostic::new(
                &CODE,
                format!("{at} has two {what} {scope}"),
                *span,
                "second rule",
                help,
            )
            .with_related(*first, "first rule here"),
        );
    }
}

fn scope<T>(r: &Rule<T>) -> Option<&str> {
    r.track.as_ref().map(|t| t.value.as_str())
}

/// The rule without its citations: from its keyword to the end of its last timescale or of
/// its `for`. (Built from the parts' own spans, which end exactly where the words do.)
fn head(r: &Rule<Window>) -> Span {
    let ends = r
        .value
        .terms
        .iter()
        .flat_map(|t| [t.duration.span.end(), t.from.span.end()]);
    let end = ends
        .chain(r.track.as_ref().map(|t| t.span.end()))
        .max()
        .unwrap_or(r.span.end());
    Span::new(r.span.offset, end)
}

/// An extension rule up to the end of its `for` or of its last citation, when it has either;
/// otherwise its `extend` keyword. (A statement's own span runs on over the white space after
/// it, so it is not used on its own.)
fn extension_span(r: &Rule<Extension>) -> Span {
    let end = r
        .cites
        .iter()
        .map(|c| c.span.end())
        .chain(r.track.as_ref().map(|t| t.span.end()))
        .max()
        .unwrap_or(r.span.offset + "extend".len());
    Span::new(r.span.offset, end)
}
