//! ## What it finds
//! A stage name that no `stage` block defines: in a `route`, in `escalate A -> B`, in a start
//! event such as `three.response` or `two.response-due`, in `handler senior to A` or `not A`,
//! or in `new issues start A`.
//!
//! ## Why it matters
//! Every deadline that counts from an unknown stage, and every escalation into one, has no
//! meaning: redress cannot simulate it and a reader cannot follow it.
//!
//! ## Example
//! ```text
//! route one, two                                                  # no stage `two`
//! stage one role stage-1 { respond within 10 working days of receipt }
//! escalate one -> two { within 20 working days of one.response }   # nor here
//! ```
//!
//! ## How to fix
//! Define the stage (`stage two "Stage 2" { ... }`) or correct the name; names are
//! case-sensitive.
//!
//! ## Code provision
//! None: this is about the encoding, not the Codes.

use crate::check::{all_events, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Event};

pub const CODE: Code = Code {
    name: "redress::check::unknown_stage",
    severity: Severity::Error,
    summary: "a stage name that no stage block defines",
    doc: include_str!("unknown_stage.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let mut refs: Vec<&ir::Name> = Vec::new();
    let events = all_events(p);
    for e in &events {
        if let Event::StageResponse(n)
        | Event::StageAcknowledgement(n)
        | Event::StageResponseDue(n)
        | Event::StageAcknowledgementDue(n) = &e.event.value
        {
            refs.push(n);
        }
    }
    for e in &p.escalations {
        refs.push(&e.from);
        refs.push(&e.to);
        refs.extend(e.new_issues_start.iter().map(|n| &n.value));
    }
    for s in &p.stages {
        for h in &s.handlers {
            refs.extend(h.value.senior_to.iter());
            refs.extend(h.value.not_same_as.iter());
        }
    }
    for r in &p.routes {
        refs.extend(r.value.iter());
    }
    let defined: Vec<&str> = p.stages.iter().map(|s| s.name.value.as_str()).collect();
    for n in refs {
        if defined.contains(&n.value.as_str()) {
            continue;
        }
        let list = defined
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let near = defined
            .iter()
            .map(|d| (strsim::damerau_levenshtein(&n.value, d), *d))
            .filter(|(d, name)| *d <= 2.max(name.len() / 3) && *d < n.value.len().max(1))
            .min_by_key(|(d, _)| *d)
            .map(|(_, name)| name);
        let help = match (defined.as_slice(), near) {
            ([], _) => {
                "this policy defines no stages yet: add `stage NAME \"Title\" role ROLE { ... }`"
                    .to_string()
            }
            (_, Some(near)) => format!("did you mean `{near}`? The stages defined are {list}"),
            (_, None) => format!(
                "the stages defined are {list}; define `{}` or use one of those",
                n.value
            ),
        };
        out.push(Diagnostic::new(
            &CODE,
            format!("there is no stage `{}`", n.value),
            n.span,
            "unknown stage",
            help,
        ));
    }
}
