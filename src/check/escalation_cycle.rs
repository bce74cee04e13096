//! ## What it finds
//! Escalations that go round in a circle: `escalate one -> two` and `escalate two -> one`, or
//! a stage that escalates to itself (`escalate one -> one`). Each circle is reported once, at
//! the escalation that closes it, with the stages in the order a complaint would visit them.
//! The closing escalation is not also reported as escalation_not_in_route, and the help names
//! the stage that follows on the route, when a route has one.
//!
//! ## Why it matters
//! A complaint that can always be escalated again never gets a final response, so it never
//! reaches the Ombudsman, and redress cannot say how long the procedure takes or which stage
//! is the last. The source cannot mean that: the encoding has a wrong stage name.
//!
//! ## Example
//! ```text
//! route one, two
//! escalate one -> two { within 20 working days of one.response }
//! escalate two -> one { within 20 working days of two.response }   # back to stage one
//! ```
//!
//! ## How to fix
//! Point the escalation at the next stage on the route (the `route` statement gives the order),
//! or remove it: a stage with no stage after it on its route is the final stage.
//!
//! ## Code provision
//! HO 5.3 and 6.10, LGSCO 5.2 and 6.9: the procedure has two stages and stage 2 is the final
//! response, after which the complainant goes to the Ombudsman.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Escalation, Policy};
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::escalation_cycle",
    severity: Severity::Error,
    summary: "escalations that lead back to an earlier stage",
    doc: include_str!("escalation_cycle.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for cycle in cycles(cx.policy) {
        let Some(closing) = cycle.edges.last() else {
            continue;
        };
        let from = &closing.from.value;
        let to = &closing.to.value;
        let message = if from == to {
            format!("stage `{from}` escalates to itself")
        } else {
            format!(
                "escalation leads back to stage `{to}`: `{}`",
                cycle.stages.join(" -> ")
            )
        };
        let next = cx
            .policy
            .routes_by_track()
            .iter()
            .find_map(|r| r.next(from).map(|s| s.name.value.clone()));
        let help = match next {
            Some(next) => format!(
                "a complaint moves on along its route and ends after the last stage; the route \
                 puts `{next}` after `{from}`, so write `escalate {from} -> {next}`, or remove \
                 this escalation"
            ),
            None => format!(
                "a complaint moves on along its route and ends after the last stage; `{from}` is \
                 last on every route, so remove this escalation, or point it at the next stage \
                 in the source"
            ),
        };
        let draft_help = help.replace(
            "the next stage in the source",
            "the stage that should follow",
        );
        let mut d = Diagnostic::new(&CODE, message, arrow(closing), "closes the circle", help)
            .with_draft_help(draft_help);
        for e in cycle.edges.iter().rev().skip(1).rev() {
            d = d.with_related(arrow(e), "part of the circle");
        }
        out.push(d);
    }
}

/// `from -> to` of an escalation block.
fn arrow(e: &Escalation) -> Span {
    e.from.span.join(e.to.span)
}

/// One circle of escalations: the stages in visiting order (the first repeated at the end)
/// and the escalations that make it, the closing one last.
pub(crate) struct Cycle<'a> {
    pub stages: Vec<&'a str>,
    pub edges: Vec<&'a Escalation>,
}

/// Every circle, found by adding the escalations in the order written and reporting the one
/// that first closes each. Escalations naming an undefined stage are left out.
pub(crate) fn cycles(p: &Policy) -> Vec<Cycle<'_>> {
    let defined = |n: &str| p.stage(n).is_some();
    let mut added: Vec<&Escalation> = Vec::new();
    let mut seen: Vec<Vec<&str>> = Vec::new();
    let mut found = Vec::new();
    for e in &p.escalations {
        let (from, to) = (e.from.value.as_str(), e.to.value.as_str());
        if !defined(from) || !defined(to) {
            continue;
        }
        if let Some(path) = path(&added, to, from) {
            let mut stages = vec![to];
            stages.extend(path.iter().map(|x| x.to.value.as_str()));
            // `path` ends at `from`; the closing escalation returns to `to`.
            stages.push(to);
            let key = canonical(&stages);
            if !seen.contains(&key) {
                seen.push(key);
                let mut edges = path;
                edges.push(e);
                found.push(Cycle { stages, edges });
            }
        }
        added.push(e);
    }
    found
}

/// The shortest chain of escalations from `start` to `goal` (empty when they are the same).
fn path<'a>(edges: &[&'a Escalation], start: &str, goal: &str) -> Option<Vec<&'a Escalation>> {
    if start == goal {
        return Some(Vec::new());
    }
    // Breadth-first: each entry is a stage reached and the escalation that reached it.
    let mut reached: Vec<(&str, Option<usize>)> = vec![(start, None)];
    let mut next = 0;
    while let Some(&(at, _)) = reached.get(next) {
        for (i, e) in edges.iter().enumerate() {
            let to = e.to.value.as_str();
            if e.from.value != at || reached.iter().any(|(n, _)| *n == to) {
                continue;
            }
            reached.push((to, Some(i)));
            if to == goal {
                return Some(walk_back(edges, &reached, to));
            }
        }
        next += 1;
    }
    None
}

/// Follow the recorded escalations back from `end` to the start of the search.
fn walk_back<'a>(
    edges: &[&'a Escalation],
    reached: &[(&str, Option<usize>)],
    end: &str,
) -> Vec<&'a Escalation> {
    let mut chain = Vec::new();
    let mut at = end;
    while let Some(&(_, Some(i))) = reached.iter().find(|(n, _)| *n == at) {
        let Some(e) = edges.get(i) else { break };
        chain.push(*e);
        at = e.from.value.as_str();
    }
    chain.reverse();
    chain
}

/// A circle's stages, without the repeated last one, turned to start at the smallest name,
/// so that the same circle found from another escalation compares equal.
fn canonical<'a>(stages: &[&'a str]) -> Vec<&'a str> {
    let ring = stages.split_last().map(|(_, r)| r).unwrap_or_default();
    let start = ring
        .iter()
        .enumerate()
        .min_by_key(|(_, n)| **n)
        .map(|(i, _)| i)
        .unwrap_or(0);
    ring.iter()
        .skip(start)
        .chain(ring.iter().take(start))
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::cycles;
    use crate::source::SourceFile;

    fn found(body: &str) -> Vec<String> {
        let text = format!("policy \"Test\" {{ {body} }}");
        match crate::compile(&SourceFile::new("test.policy", text)) {
            Ok(p) => cycles(&p).iter().map(|c| c.stages.join(" -> ")).collect(),
            Err(d) => panic!("fixture does not compile: {d:?}"),
        }
    }

    #[test]
    fn a_straight_chain_has_no_cycle() {
        assert!(
            found("stage a {} stage b {} stage c {} escalate a -> b {} escalate b -> c {}")
                .is_empty()
        );
    }

    #[test]
    fn a_stage_escalating_to_itself_is_a_cycle() {
        assert_eq!(found("stage a {} escalate a -> a {}"), ["a -> a"]);
    }

    #[test]
    fn reported_once_in_visiting_order_at_the_closing_escalation() {
        let c = found(
            "stage a {} stage b {} stage c {}
             escalate a -> b {} escalate b -> c {} escalate c -> a {} escalate b -> c {}",
        );
        assert_eq!(c, ["a -> b -> c -> a"]);
    }

    #[test]
    fn distinct_cycles_are_each_reported() {
        let c = found(
            "stage a {} stage b {} stage c {}
             escalate a -> b {} escalate b -> a {} escalate b -> c {} escalate c -> b {}",
        );
        assert_eq!(c, ["a -> b -> a", "b -> c -> b"]);
    }

    #[test]
    fn unknown_stages_are_left_to_unknown_stage() {
        assert!(found("stage a {} escalate a -> x {} escalate x -> a {}").is_empty());
    }
}
