//! ## What it finds
//! An `escalate A -> B` block where B does not come straight after A on any route: the two are
//! on different routes, B comes before A, another stage comes between them, or one of them is
//! on no route. Escalations naming an undefined stage are left to unknown_stage, and one that
//! closes a circle of escalations to escalation_cycle.
//!
//! ## Why it matters
//! Routes give the order of the stages; an `escalate` block only says how a complainant moves
//! from one stage of a route to the next (how long they have to ask, whether they must give
//! reasons). A block between stages that are not next to each other on any route is never
//! used: its time limit and rules silently apply to no complaint, and usually the route or the
//! block names the wrong stage.
//!
//! ## Example
//! ```text
//! route one, two, three
//! escalate one -> three {                  # `two` comes between them
//!   within 20 working days of one.response
//! }
//! ```
//!
//! ## How to fix
//! Name the stages the source gives for the escalation, which must be next to each other on a
//! route (`escalate one -> two`); or, if the route is what is wrong, correct the `route`.
//!
//! ## Code provision
//! None directly: this is about the encoding. (HO 6.10 and LGSCO 6.9: a complaint not resolved
//! at stage 1 goes on to stage 2.)

use crate::check::escalation_cycle::cycles;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::Policy;
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::escalation_not_in_route",
    severity: Severity::Error,
    summary: "an escalation between stages that are next to each other on no route",
    doc: include_str!("escalation_not_in_route.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let closing: Vec<Span> = cycles(p)
        .iter()
        .filter_map(|c| c.edges.last().map(|e| e.span))
        .collect();
    for e in &p.escalations {
        let (from, to) = (e.from.value.as_str(), e.to.value.as_str());
        if p.stage(from).is_none() || p.stage(to).is_none() || closing.contains(&e.span) {
            continue;
        }
        if adjacent(p, from, to) {
            continue;
        }
        let help = help(p, from, to);
        // The same advice for the author of a draft, who decides the order rather than reads it.
        let draft_help = help
            .replace(
                ", in the order the source gives",
                ", in the order you intend",
            )
            .replace(
                "if the source has a stage after it",
                "if a stage should follow it",
            )
            .replace(
                "the escalation the source describes",
                "the escalation you intend",
            );
        out.push(
            Diagnostic::new(
                &CODE,
                format!("stage `{to}` does not come straight after stage `{from}` on any route"),
                e.from.span.join(e.to.span),
                "not next to each other on a route",
                help,
            )
            .with_draft_help(draft_help),
        );
    }
}

/// Does some `route` statement name `to` straight after `from`?
fn adjacent(p: &Policy, from: &str, to: &str) -> bool {
    p.routes.iter().any(|r| {
        r.value
            .windows(2)
            .any(|w| matches!(w, [a, b] if a.value == from && b.value == to))
    })
}

/// The stages that come straight after `from` on some route.
fn successors<'a>(p: &'a Policy, from: &str) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for r in &p.routes {
        for w in r.value.windows(2) {
            if let [a, b] = w {
                if a.value == from && !out.contains(&b.value.as_str()) {
                    out.push(&b.value);
                }
            }
        }
    }
    out
}

fn on_route(p: &Policy, stage: &str) -> bool {
    p.routes
        .iter()
        .any(|r| r.value.iter().any(|n| n.value == stage))
}

fn help(p: &Policy, from: &str, to: &str) -> String {
    let missing: Vec<&str> = [from, to].into_iter().filter(|s| !on_route(p, s)).collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|s| format!("`{s}`")).collect();
        return format!(
            "{} on no route: add {} to the route of the tracks whose complaints pass through \
             {}, in the order the source gives",
            match names.as_slice() {
                [one] => format!("stage {one} is"),
                _ => format!("stages {} are", names.join(" and ")),
            },
            if names.len() == 1 { "it" } else { "them" },
            if names.len() == 1 { "it" } else { "them" },
        );
    }
    match successors(p, from).as_slice() {
        [] => format!(
            "`{from}` is last on every route it is on, so nothing escalates out of it; if the \
             source has a stage after it, add `{to}` after `{from}` in the `route`"
        ),
        next => {
            let names: Vec<String> = next.iter().map(|s| format!("`{s}`")).collect();
            format!(
                "on the routes, {} comes straight after `{from}`: write `escalate {from} -> {}` \
                 if that is the escalation the source describes, or correct the `route`",
                names.join(" or "),
                next.first().copied().unwrap_or(to)
            )
        }
    }
}
