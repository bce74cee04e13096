//! ## What it finds
//! A `track` with no `ombudsman` clause, and a policy with stages but no tracks at all (its one
//! implicit track, `general`, has no Ombudsman): in both cases the policy does not say where a
//! complaint goes when it is still unresolved after the last stage of its route. The message
//! names that stage.
//!
//! ## Why it matters
//! The Ombudsman is the last step of every complaints procedure, and which one depends on the
//! complaint and the nation: the Housing Ombudsman for housing-landlord matters and the Local
//! Government and Social Care Ombudsman for other council services in England, the Scottish,
//! Northern Ireland and Welsh Public Services Ombudsmen elsewhere. Without it redress cannot
//! say when a complainant may go there, or check that the policy tells them so.
//!
//! ## Example
//! ```text
//! track general "Corporate complaints"                     # which Ombudsman?
//! track housing "Housing landlord complaints" ombudsman housing-ombudsman
//! ```
//!
//! ## How to fix
//! Add the Ombudsman the source names for that group of complaints: `ombudsman lgsco`, or
//! `ombudsman housing-ombudsman` for housing-landlord complaints, in England; `ombudsman spso`
//! in Scotland, `ombudsman nipso` in Northern Ireland, `ombudsman psow` in Wales. A policy with
//! no tracks needs one: `track general "Complaints" ombudsman lgsco`.
//!
//! ## Code provision
//! HO 3.7 and LGSCO 3.7: tell complainants of their right to go to the Ombudsman and how; HO
//! 6.19 and LGSCO 6.18: the stage 2 response says how to take the matter to the Ombudsman.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Region};

pub const CODE: Code = Code {
    name: "redress::check::no_ombudsman_route",
    severity: Severity::Error,
    summary: "a track with no Ombudsman to go to after the last stage",
    doc: include_str!("no_ombudsman_route.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let ombudsmen = suggestion(p);
    if p.tracks.is_empty() && !p.stages.is_empty() {
        out.push(
            Diagnostic::new(
                &CODE,
                format!(
                    "this policy declares no track, so complaints have nowhere to go after {}",
                    last_stage(p, ir::IMPLICIT_TRACK)
                ),
                p.name.span,
                "no track names an Ombudsman",
                format!(
                "add `track general \"Complaints\" ombudsman ...` with the Ombudsman the source \
                 names ({ombudsmen})"
            ),
            )
            .with_draft_help(format!(
            "add `track general \"Complaints\" ombudsman ...` with the Ombudsman a complainant \
             may go to after your last stage ({ombudsmen})"
        )),
        );
    }
    for t in &p.tracks {
        if t.value.ombudsman.is_some() {
            continue;
        }
        let name = &t.value.name;
        out.push(
            Diagnostic::new(
                &CODE,
                format!(
                    "track `{}` names no Ombudsman, so its complaints have nowhere to go after {}",
                    name.value,
                    last_stage(p, &name.value)
                ),
                name.span,
                "no `ombudsman` for this track",
                format!(
                "add the Ombudsman the source names: `track {} ... ombudsman ...` ({ombudsmen})",
                name.value
            ),
            )
            .with_draft_help(format!(
            "add the Ombudsman these complaints may go to after your last stage: `track {} ... \
             ombudsman ...` ({ombudsmen})",
            name.value
        )),
        );
    }
}

/// "stage `two`" (the last stage of the track's route), or "the last stage".
fn last_stage(p: &ir::Policy, track: &str) -> String {
    match p.route(track).last() {
        Some(s) => format!("stage `{}`", s.name.value),
        None => "the last stage".into(),
    }
}

/// The Ombudsmen of the policy's nation, as its calendar region gives it.
fn suggestion(p: &ir::Policy) -> &'static str {
    match p.calendar.region.as_ref().map(|r| r.value) {
        Some(Region::Scotland) => "`spso` in Scotland",
        Some(Region::NorthernIreland) => "`nipso` in Northern Ireland",
        _ => {
            "`lgsco`, or `housing-ombudsman` for housing-landlord complaints, in England; \
             `psow` in Wales"
        }
    }
}
