//! ## What it finds
//! `may end here` in a stage that is not the last on the route of a declared track the
//! statement applies to, when that track goes to the Housing Ombudsman
//! (`ombudsman housing-ombudsman`): the council may give its final position at this stage,
//! and a housing complaint may then never reach the next stage on its route. A stage that is
//! last on the track's route ends there anyway and is not reported.
//!
//! Tracks that go to the Local Government and Social Care Ombudsman are not reported: the
//! LGSCO Code says an unresolved complaint *should* go to stage 2 (comply or explain), not
//! *must*, so `may end here` is allowed there. Other Ombudsmen are not reported either.
//!
//! ## Why it matters
//! Under the Housing Ombudsman's Code a resident still dissatisfied after the stage 1 response
//! must be able to take the complaint to stage 2, the landlord's final response. Ending at
//! stage 1 denies that, and the Ombudsman treats it as a failure to follow the Code.
//!
//! ## Example
//! ```text
//! track housing "Housing" ombudsman housing-ombudsman
//! route one, two
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt
//!   respond within 10 working days of acknowledgement
//!   may end here                 # a housing complaint may never reach stage two
//! }
//! ```
//!
//! ## How to fix
//! If the source says the process may end at this stage for every complaint, keep the
//! statement faithful to it and let this warning stand: the council should change the policy.
//! If the source limits it to other complaints, write `may end here for TRACK` for those.
//!
//! ## Code provision
//! HO 6.10 (a complaint not resolved at stage 1 must go to stage 2) and HO 5.3 (two stages),
//! in `data/codes/ho-2024.toml`; `redress assess` decides HO 6.10 with its rule `stage2-final`.

use crate::check::timescale::{keyword_span, tracks_phrase};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Ombudsman, Rule};
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::ends_early",
    severity: Severity::Warning,
    summary: "a stage that may end the process early for a Housing Ombudsman track",
    doc: include_str!("ends_early.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for s in &p.stages {
        let name = &s.name.value;
        for r in &s.ends_early {
            // Housing Ombudsman tracks with a stage after this one on their route, grouped by
            // that next stage.
            let mut next: Vec<(&str, Vec<&str>)> = Vec::new();
            for t in p.tracks.iter().map(|t| &t.value) {
                let track = t.name.value.as_str();
                let housing = t
                    .ombudsman
                    .as_ref()
                    .is_some_and(|o| o.value == Ombudsman::HousingOmbudsman);
                if !housing || !r.applies_to(track) {
                    continue;
                }
                let route = p.route(track);
                let Some(after) = route.next(name) else {
                    continue;
                };
                let after = after.name.value.as_str();
                match next.iter_mut().find(|(n, _)| *n == after) {
                    Some((_, tracks)) => tracks.push(track),
                    None => next.push((after, vec![track])),
                }
            }
            for (after, tracks) in next {
                out.push(Diagnostic::new(
                    &CODE,
                    format!(
                        "complaints on {} may end at stage `{name}` without reaching stage \
                         `{after}`",
                        tracks_phrase(&tracks)
                    ),
                    statement_span(r),
                    "may end here for a Housing Ombudsman track",
                    "the Housing Ombudsman's Code says a resident still dissatisfied after stage 1 \
                     must be able to go to stage 2 (HO 6.10); if the source says this for every \
                     complaint, keep it and let this warning stand, or if it limits it to other \
                     complaints, write `may end here for TRACK` for those",
                )
                .with_draft_help(
                    "the Housing Ombudsman's Code says a resident still dissatisfied after stage \
                     1 must be able to go to stage 2 (HO 6.10): change your draft to limit \
                     `may end here` to other tracks (`may end here for TRACK`), or remove it",
                ));
            }
        }
    }
}

/// `may end here`, without what follows it: a statement's span runs on over its `for`, its
/// citations and the white space after it.
fn statement_span(r: &Rule<()>) -> Span {
    let mut span = keyword_span(r.span, "may end here");
    let next = r
        .cites
        .iter()
        .map(|c| c.span.offset)
        .chain(r.track.as_ref().map(|t| t.span.offset));
    if let Some(end) = next.min() {
        span.length = span.length.min(end.saturating_sub(span.offset));
    }
    span
}
