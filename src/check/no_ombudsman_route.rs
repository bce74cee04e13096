//! ## What it finds
//! A `track` with no `ombudsman` clause, and a policy with stages but no tracks at all: in
//! both cases the policy does not say where a complaint goes when it is still unresolved
//! after the last stage.
//!
//! ## Why it matters
//! The Ombudsman is the last step of every complaints procedure, and which one depends on the
//! complaint: the Housing Ombudsman for housing-landlord matters, the Local Government and
//! Social Care Ombudsman for other council services in England. Without it redress cannot
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
//! `ombudsman housing-ombudsman` for housing-landlord complaints. A policy with no tracks
//! needs at least one: `track general "Complaints" ombudsman lgsco`.
//!
//! ## Code provision
//! HO 3.7 and LGSCO 3.7: tell complainants of their right to go to the Ombudsman and how; HO
//! 6.19 and LGSCO 6.18: the stage 2 response says how to take the matter to the Ombudsman.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::no_ombudsman_route",
    severity: Severity::Error,
    summary: "a track with no Ombudsman to go to after the last stage",
    doc: include_str!("no_ombudsman_route.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    if p.tracks.is_empty() && !p.stages.is_empty() {
        out.push(Diagnostic::new(
            &CODE,
            "this policy declares no track, so complaints have nowhere to go after the last stage",
            p.name.span,
            "no track names an Ombudsman",
            "add `track general \"Complaints\" ombudsman lgsco` (and `track housing \"...\" ombudsman housing-ombudsman` if housing-landlord complaints go to the Housing Ombudsman)",
        ));
    }
    for t in &p.tracks {
        if t.value.ombudsman.is_some() {
            continue;
        }
        let name = &t.value.name;
        out.push(Diagnostic::new(
            &CODE,
            format!(
                "track `{}` names no Ombudsman, so its complaints have nowhere to go after the last stage",
                name.value
            ),
            name.span,
            "no `ombudsman` for this track",
            format!(
                "add the Ombudsman the source names: `track {} ... ombudsman lgsco`, or `ombudsman housing-ombudsman` for housing-landlord complaints",
                name.value
            ),
        ));
    }
}
