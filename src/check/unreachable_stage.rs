//! ## What it finds
//! A stage that a complaint can never reach: no chain of `escalate` links leads to it from the
//! first stage (the one written first, where complaints start). Escalations that name an
//! undefined stage are left out (`unknown_stage` reports them), and so is
//! `new issues start STAGE`: that starts a fresh complaint, it does not escalate one.
//!
//! ## Why it matters
//! The policy still has a meaning, but a stage nobody can reach is either a missing
//! `escalate` block or a stage the source does not really have, such as a third stage left
//! over from an older procedure or a statutory procedure that sits outside this one.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" { respond within 10 working days of acknowledgement }
//! stage two "Stage 2" { respond within 20 working days of acknowledgement }
//! stage three "Review" { respond within 20 working days of acknowledgement }   # unreachable
//! escalate one -> two { within 20 working days of one.response }
//! ```
//!
//! ## How to fix
//! Add the escalation the source describes (`escalate two -> three { ... }`), or remove the
//! stage if complainants cannot ask for it.
//!
//! ## Code provision
//! HO 3.4 and LGSCO 3.4: the policy sets out how many stages there are and what happens at
//! each. A stage no complaint can reach makes that account wrong, and may be an extra stage
//! of the kind HO 5.2-5.3 and LGSCO 5.2 do not allow.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::Policy;

pub const CODE: Code = Code {
    name: "redress::check::unreachable_stage",
    severity: Severity::Warning,
    summary: "a stage no escalation leads to",
    doc: include_str!("unreachable_stage.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let Some(first) = p.stages.first() else {
        return;
    };
    let reached = reachable(p);
    let mut previous = first;
    for stage in p.stages.iter().skip(1) {
        let name = &stage.name.value;
        if !reached.contains(&name.as_str()) {
            let new_issues = p.escalations.iter().any(|e| {
                e.new_issues_start
                    .iter()
                    .any(|n| n.value.value == *name)
            });
            let mut help = format!(
                "add `escalate {} -> {name} {{ ... }}` if the source lets complainants ask for this stage, or remove the stage if it does not",
                previous.name.value
            );
            if new_issues {
                help.push_str(&format!(
                    "; `new issues start {name}` starts a fresh complaint, it does not escalate one"
                ));
            }
            out.push(Diagnostic::new(
                &CODE,
                format!(
                    "stage `{name}` cannot be reached by escalation from stage `{}`",
                    first.name.value
                ),
                stage.name.span,
                "no escalation leads here",
                help,
            ));
        }
        previous = stage;
    }
}

/// Names of the stages reachable from the first stage by following escalations between
/// defined stages, the first stage included.
fn reachable(p: &Policy) -> Vec<&str> {
    let Some(first) = p.stages.first() else {
        return Vec::new();
    };
    let defined = |n: &str| p.stage(n).is_some();
    let mut reached = vec![first.name.value.as_str()];
    let mut next = 0;
    while let Some(&from) = reached.get(next) {
        next += 1;
        for e in &p.escalations {
            let to = e.to.value.as_str();
            if e.from.value == from && defined(to) && !reached.contains(&to) {
                reached.push(to);
            }
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::reachable;
    use crate::source::SourceFile;

    fn reached(body: &str) -> Vec<String> {
        let text = format!("policy \"Test\" {{ {body} }}");
        match crate::compile(&SourceFile::new("test.policy", text)) {
            Ok(p) => reachable(&p).into_iter().map(String::from).collect(),
            Err(d) => panic!("fixture does not compile: {d:?}"),
        }
    }

    #[test]
    fn follows_chains_in_any_written_order() {
        let r = reached(
            "stage a {} stage b {} stage c {} stage d {}
             escalate b -> c {} escalate a -> b {}",
        );
        assert_eq!(r, ["a", "b", "c"]);
    }

    #[test]
    fn new_issues_do_not_reach_a_stage() {
        let r = reached("stage a {} stage b {} escalate a -> a { new issues start b }");
        assert_eq!(r, ["a"]);
    }

    #[test]
    fn ignores_unknown_stages_and_survives_cycles() {
        let r = reached(
            "stage a {} stage b {} escalate a -> x {} escalate x -> b {}
             escalate a -> a {}",
        );
        assert_eq!(r, ["a"]);
    }
}
