//! ## What it finds
//! `automatic if overdue` in an `escalate A -> B` block, for a track on whose route B follows
//! A, when stage A has no response timescale for that track (no `respond` rule written `for`
//! it or with no `for`). A response timescale with no start event is unstated_start's.
//!
//! ## Why it matters
//! `automatic if overdue` says that a complaint not answered by stage A's response deadline
//! becomes a stage B complaint without the complainant asking ("a complaint not resolved within
//! the stage 1 timescale becomes a stage 2 complaint"). With no response deadline the
//! complaint never becomes overdue: the promotion the source promises can
//! never happen, and redress cannot simulate it.
//!
//! ## Example
//! ```text
//! route one, two
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt          # no `respond` rule
//! }
//! escalate one -> two {
//!   automatic if overdue
//! }
//! ```
//!
//! ## How to fix
//! Add the response timescale the source gives for stage A (`respond within 10 working days of
//! acknowledgement`), with its start event, citing it. If the source gives none, keep the
//! encoding faithful and let this warning stand: the council's promise cannot be kept.
//!
//! ## Code provision
//! HO 6.3 and 6.14, LGSCO 6.3 and 6.13 (the response timescales the promotion counts from).

use crate::check::timescale::{any_for_track, tracks_phrase, usual_starts};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::automatic_without_deadline",
    severity: Severity::Warning,
    summary: "`automatic if overdue` after a stage with no response timescale",
    doc: include_str!("automatic_without_deadline.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for e in &p.escalations {
        let (from, to) = (&e.from.value, &e.to.value);
        let Some(stage) = p.stage(from) else { continue };
        for r in &e.automatic {
            // Tracks this rule applies to on whose route `to` follows `from`, with no dated
            // response timescale at `from`.
            let mut none: Vec<&str> = Vec::new();
            for track in p.case_tracks() {
                if !r.applies_to(track) {
                    continue;
                }
                let route = p.route(track);
                if route.next(from).map(|s| s.name.value.as_str()) != Some(to.as_str()) {
                    continue;
                }
                if !any_for_track(&stage.respond, track) {
                    none.push(track);
                }
            }
            let span = crate::check::timescale::keyword_span(r.span, "automatic if overdue");
            let whose = |tracks: &[&str]| {
                if p.tracks.is_empty() {
                    String::new()
                } else {
                    format!(" for {}", tracks_phrase(tracks))
                }
            };
            let starts = usual_starts(p, from, r);
            let example = format!(
                "respond within N working days of {}",
                if starts.contains(&"receipt") {
                    "acknowledgement"
                } else {
                    "escalation"
                }
            );
            if !none.is_empty() {
                out.push(
                    Diagnostic::new(
                        &CODE,
                        format!(
                            "a complaint can never be overdue at stage `{from}`{}: it has no \
                         response timescale, so it never moves on to stage `{to}` by itself",
                            whose(&none)
                        ),
                        span,
                        "never overdue",
                        format!(
                            "add the response timescale the source gives for stage `{from}` \
                         (`{example}`) citing it; if it gives none, keep the encoding and let \
                         this warning stand"
                        ),
                    )
                    .with_draft_help(format!(
                        "change your draft to give stage `{from}` a response timescale \
                     (`{example}`), so that a complaint can be overdue there"
                    )),
                );
            }
        }
    }
}
