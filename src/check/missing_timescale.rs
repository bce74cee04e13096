//! ## What it finds
//! A stage whose role is `stage-1` or `stage-2` with no `acknowledge` rule, or no `respond`
//! rule, that applies to a track whose route passes through it: neither one written `for` the
//! track nor one with no `for` (a rule limited with `when` to a case class counts). It is
//! checked for each track (the implicit one, if the policy declares none) and reported at the
//! stage name: once for the stage when every track that reaches it lacks the timescale, else
//! once for each track that does. Early-resolution steps and third stages are not checked:
//! the Codes set no timescales for them. Nor is a missing acknowledgement at stage 1 for a
//! track that goes to the SPSO, NIPSO or PSOW: their model procedures set none at the
//! frontline stage.
//!
//! ## Why it matters
//! Without an acknowledgement or response timescale the resident has no date to hold the
//! council to, and redress cannot simulate the stage or compare it with the Codes, which set
//! both at every stage.
//!
//! ## Example
//! ```text
//! route one, two
//! stage two "Stage 2" role stage-2 {
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

use crate::check::timescale::{any_for_track, code_stage, first_block};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::missing_timescale",
    severity: Severity::Warning,
    summary: "a stage-1 or stage-2 stage with no acknowledgement or response timescale for a track",
    doc: include_str!("missing_timescale.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let routes = p.routes_by_track();
    for s in &p.stages {
        let Some(code) = code_stage(s) else {
            continue;
        };
        if !first_block(p, s) {
            continue; // a second block of the same name is duplicate_stage's
        }
        let name = &s.name.value;
        // The tracks whose route passes through this stage.
        let reaching: Vec<&str> = routes
            .iter()
            .filter(|r| r.contains(name))
            .map(|r| r.track.as_str())
            .collect();
        let steps = [
            (
                "acknowledgement",
                &s.acknowledge,
                code.acknowledge,
                code.acknowledge_provision,
            ),
            ("response", &s.respond, code.respond, code.respond_provision),
        ];
        for (what, rules, example, provision) in steps {
            // The model procedures of the Scottish, Northern Irish and Welsh Ombudsmen set no
            // acknowledgement at their first (frontline) stage, so its absence there is what
            // the model says, not a gap.
            let expected: Vec<&str> = reaching
                .iter()
                .copied()
                .filter(|t| !(what == "acknowledgement" && code.number == 1 && devolved(p, t)))
                .collect();
            let missing: Vec<&str> = expected
                .iter()
                .copied()
                .filter(|t| !any_for_track(rules, t))
                .collect();
            // Every track that reaches the stage lacks it: one warning for the stage. Some do:
            // one for each of those.
            let scopes: Vec<Option<&str>> = if missing.is_empty() {
                Vec::new()
            } else if missing.len() == reaching.len() && expected.len() == reaching.len() {
                vec![None]
            } else {
                missing.iter().map(|t| Some(*t)).collect()
            };
            for track in scopes {
                let (scope, for_track) = match track {
                    Some(t) => (format!(" for track `{t}`"), format!(" for {t}")),
                    None => (String::new(), String::new()),
                };
                let english = match track {
                    Some(t) => !devolved(p, t),
                    None => missing.iter().any(|t| !devolved(p, t)),
                };
                let help = if english {
                    format!(
                        "if the source gives one, add it citing the sentence (the Code's for \
                         stage {} is `{example}{for_track}`, {provision}); if it gives none, \
                         keep the encoding faithful and let this warning stand",
                        code.number
                    )
                } else {
                    "if the source gives one, add it citing the sentence (the Ombudsman's model \
                     procedure sets one at this stage); if it gives none, keep the encoding \
                     faithful and let this warning stand"
                        .to_string()
                };
                let draft_help = if english {
                    format!(
                        "change your draft to give one (the Code's for stage {} is \
                         `{example}{for_track}`, {provision})",
                        code.number
                    )
                } else {
                    "change your draft to give one (the Ombudsman's model procedure sets one at \
                     this stage)"
                        .to_string()
                };
                out.push(
                    Diagnostic::new(
                        &CODE,
                        format!("stage `{name}` has no {what} timescale{scope}"),
                        s.name.span,
                        format!("no {what} timescale"),
                        help,
                    )
                    .with_draft_help(draft_help),
                );
            }
        }
    }
}

/// A track whose Ombudsman is the Scottish, Northern Irish or Welsh one (whose model
/// procedures, not the English Codes, set its timescales).
fn devolved(p: &crate::ir::Policy, track: &str) -> bool {
    matches!(
        p.ombudsman_of(track),
        Some(crate::ir::Ombudsman::Spso | crate::ir::Ombudsman::Nipso | crate::ir::Ombudsman::Psow)
    )
}
