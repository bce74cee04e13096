//! ## What it finds
//! A track a complaint can be on that has no route: no `route ... for TRACK` and no `route`
//! without `for`. A policy that has stages but no `route` statement at all is reported once,
//! at its name; a policy with no stages needs no route. With no tracks declared, the policy's
//! one implicit track, `general`, needs a route like any other.
//!
//! ## Why it matters
//! A route is the order in which a complaint on a track passes through the stages, and it is
//! the only thing that gives stages an order: the order the blocks are written in means
//! nothing. Without one redress cannot say where a complaint starts, which stage is the Codes'
//! stage 1 or stage 2 for that track, or where it goes next, so it cannot simulate a complaint,
//! compute a deadline or assess the track against a Code.
//!
//! ## Example
//! ```text
//! track general "Corporate complaints" ombudsman lgsco
//! track asc "Adult social care" ombudsman lgsco
//! route one for asc                   # and the general track?
//! stage one "Stage 1" role stage-1 { ... }
//! stage two "Stage 2" role stage-2 { ... }
//! ```
//!
//! ## How to fix
//! State the route the source gives, citing the sentence that sets out the stages:
//! `route one, two` for every track without a route of its own, or `route one, two for TRACK`
//! for one track.
//!
//! ## Code provision
//! HO 3.4 and LGSCO 3.4: the policy sets out how many stages there are and what happens at
//! each; HO 5.3 and LGSCO 5.2: a two-stage procedure.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, IMPLICIT_TRACK};

pub const CODE: Code = Code {
    name: "redress::check::no_route",
    severity: Severity::Error,
    summary: "a track with no route through the stages",
    doc: include_str!("no_route.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    if p.stages.is_empty() {
        return;
    }
    let example = example_route(p);
    if p.routes.is_empty() {
        out.push(Diagnostic::new(
            &CODE,
            "this policy has stages but no `route`, so no stage is where complaints start",
            p.name.span,
            "no `route` in this policy",
            format!(
                "state the stages in the order a complaint passes through them, citing the \
                 sentence that gives them: `route {example}` for every track, or `route ... for \
                 TRACK` for one track"
            ),
        ));
        return;
    }
    for track in p.case_tracks() {
        if p.route(track).rule.is_some() {
            continue;
        }
        let (message, span) = match p.track(track) {
            Some(t) => (
                format!("track `{track}` has no route through the stages"),
                t.name.span,
            ),
            None => (
                format!(
                    "the policy's one track, `{IMPLICIT_TRACK}`, has no route through the stages"
                ),
                p.name.span,
            ),
        };
        out.push(
            Diagnostic::new(
                &CODE,
                message,
                span,
                "no route for this track",
                format!(
                    "add `route {example} for {track}` with the stages the source gives this \
                 track, or a `route` without `for` for every track that has none of its own"
                ),
            )
            .with_draft_help(format!(
                "add `route {example} for {track}` with the stages this track's complaints pass \
             through, or a `route` without `for` for every track that has none of its own"
            )),
        );
    }
}

/// The stages in the order their roles give (early resolution, then stage 1, 2 and 3, then
/// stages with no role), for an example `route`.
fn example_route(p: &ir::Policy) -> String {
    let mut stages: Vec<&ir::Stage> = p.stages.iter().collect();
    stages.sort_by_key(|s| match &s.role {
        Some(r) => r.value.formal_number().map_or(0, |n| n + 1),
        None => 9,
    });
    stages
        .iter()
        .map(|s| s.name.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
