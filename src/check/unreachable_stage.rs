//! ## What it finds
//! A stage that no `route` names, so that no complaint on any track ever reaches it. Stages are
//! reached through routes, not through `escalate` blocks or the order the blocks are written
//! in; `new issues start STAGE` does not reach a stage either (it starts a fresh complaint
//! there, on the complaint's route). A policy with no `route` at all is reported by no_route
//! instead.
//!
//! ## Why it matters
//! The policy still has a meaning, but a stage nobody can reach is either missing from a route
//! or a stage the source does not really have, such as a third stage left over from an older
//! procedure or a statutory procedure that sits outside this one.
//!
//! ## Example
//! ```text
//! route one, two
//! stage one "Stage 1" role stage-1 { respond within 10 working days of acknowledgement }
//! stage two "Stage 2" role stage-2 { respond within 20 working days of acknowledgement }
//! stage three "Review" role stage-3 {     # on no route
//!   respond within 20 working days of acknowledgement
//! }
//! ```
//!
//! ## How to fix
//! Add the stage to the route of the tracks whose complaints can reach it (`route one, two,
//! three`, or `route one, two, three for TRACK`), or remove the stage if complainants cannot
//! ask for it.
//!
//! ## Code provision
//! HO 3.4 and LGSCO 3.4: the policy sets out how many stages there are and what happens at
//! each. A stage no complaint can reach makes that account wrong, and may be an extra stage
//! of the kind HO 5.2-5.3 and LGSCO 5.2 do not allow.

use crate::check::timescale::on_some_route;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::unreachable_stage",
    severity: Severity::Warning,
    summary: "a stage that no route includes",
    doc: include_str!("unreachable_stage.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    if p.routes.is_empty() {
        return;
    }
    for stage in &p.stages {
        let name = &stage.name.value;
        if on_some_route(p, name) {
            continue;
        }
        let new_issues = p
            .escalations
            .iter()
            .any(|e| e.new_issues_start.iter().any(|n| n.value.value == *name));
        let mut help = format!(
            "add `{name}` to the route of every track whose complaints can reach it (a `route` \
             statement lists a track's stages in order), or remove the stage if the source does \
             not have it"
        );
        if new_issues {
            help.push_str(&format!(
                "; `new issues start {name}` starts a fresh complaint, it does not put the stage \
                 on a route"
            ));
        }
        if p.escalations
            .iter()
            .any(|e| e.to.value == *name || e.from.value == *name)
        {
            help.push_str("; an `escalate` block does not put a stage on a route either");
        }
        out.push(
            Diagnostic::new(
                &CODE,
                format!("stage `{name}` is on no route, so no complaint can reach it"),
                stage.name.span,
                "on no route",
                help.clone(),
            )
            .with_draft_help(help.replace(
                "remove the stage if the source does not have it",
                "remove the stage if no complaint should reach it",
            )),
        );
    }
}
