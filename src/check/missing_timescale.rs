//! ## What it finds
//! A stage with no `acknowledge` rule, or no `respond` rule, that applies to a track: neither
//! one written `for` the track nor one with no `for`. It is checked for each declared track
//! (once, if the policy declares none) and reported at the stage name: once for the stage when
//! every track lacks the timescale, else once for each track that does.
//!
//! ## Why it matters
//! Without an acknowledgement or response timescale the resident has no date to hold the
//! council to, and redress cannot simulate the stage or compare it with the Codes, which set
//! both at every stage.
//!
//! ## Example
//! ```text
//! stage two "Stage 2" {
//!   respond within 20 working days of acknowledgement   # no `acknowledge` rule
//! }
//! ```
//!
//! ## How to fix
//! If the source gives the timescale, add it (`acknowledge within 5 working days of
//! escalation`) citing the sentence. If the source gives none, keep the encoding faithful to
//! it and let this warning stand: the policy falls short of the Codes.
//!
//! ## Code provision
//! HO 6.2 and 6.3 (stage 1: acknowledge within 5 working days, respond within 10), HO 6.11 and
//! 6.14 (stage 2: 5 and 20); LGSCO 6.2, 6.3, 6.10 and 6.13.

use crate::check::timescale::{effective_rule, track_contexts};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::missing_timescale",
    severity: Severity::Warning,
    summary: "a stage with no acknowledgement or response timescale for a track",
    doc: include_str!("missing_timescale.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let tracks = track_contexts(p);
    for (i, s) in p.stages.iter().enumerate() {
        let first = i == 0;
        let steps = [
            (
                "acknowledgement",
                tracks
                    .iter()
                    .filter(|t| effective_rule(&s.acknowledge, **t).is_none())
                    .collect::<Vec<_>>(),
                if first {
                    "acknowledge within 5 working days of receipt"
                } else {
                    "acknowledge within 5 working days of escalation"
                },
                if first { "HO 6.2" } else { "HO 6.11" },
            ),
            (
                "response",
                tracks
                    .iter()
                    .filter(|t| effective_rule(&s.respond, **t).is_none())
                    .collect::<Vec<_>>(),
                if first {
                    "respond within 10 working days of acknowledgement"
                } else {
                    "respond within 20 working days of acknowledgement"
                },
                if first { "HO 6.3" } else { "HO 6.14" },
            ),
        ];
        for (what, missing, example, provision) in steps {
            // Every track lacks it: one warning for the stage. Some do: one for each of those.
            let scopes: Vec<Option<&str>> = if missing.is_empty() {
                Vec::new()
            } else if missing.len() == tracks.len() {
                vec![None]
            } else {
                missing.iter().map(|t| **t).collect()
            };
            for track in scopes {
                let (scope, for_track) = match track {
                    Some(t) => (format!(" for track `{t}`"), format!(" for {t}")),
                    None => (String::new(), String::new()),
                };
                out.push(Diagnostic::new(
                    &CODE,
                    format!("stage `{}` has no {what} timescale{scope}", s.name.value),
                    s.name.span,
                    format!("no {what} timescale"),
                    format!(
                        "if the source gives one, add it citing the sentence (the Code's is \
                         `{example}{for_track}`, {provision}); if it gives none, keep the \
                         encoding faithful and let this warning stand"
                    ),
                ));
            }
        }
    }
}
