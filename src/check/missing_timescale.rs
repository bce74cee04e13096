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
//! The Code of the track the warning is for, and only that one (a track with no Ombudsman is
//! read against both English Codes, which agree): HO 6.2 and 6.3 (stage 1: acknowledge within
//! 5 working days, respond within 10), HO 6.11 and 6.14 (stage 2: 5 and 20); LGSCO 6.2, 6.3,
//! 6.10 and 6.13. For a track that goes to the SPSO or NIPSO, their model procedures
//! (`data/codes/spso-mchp.toml`, `nipso-mchp.toml`): stage 1 response within 5 working days,
//! stage 2 acknowledgement within 3 and response within 20 of receipt at stage 2; for the
//! PSOW, the Welsh model policy (`psow-mccp.toml`): 10 at stage 1, 5 and 20 at stage 2.

use crate::assess::codes::{self, Timescale};
use crate::check::timescale::{
    any_for_track, code_number, codes_for, codes_of, first_block, settings,
};
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
        let Some(n) = code_number(s) else {
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
            (Step::Acknowledge, &s.acknowledge),
            (Step::Respond, &s.respond),
        ];
        for (step, rules) in steps {
            // The tracks whose Code sets this timescale at this stage: the SPSO's, NIPSO's and
            // PSOW's models set no acknowledgement at their first stage, so its absence there
            // is what the model says, not a gap.
            let expected: Vec<&str> = reaching
                .iter()
                .copied()
                .filter(|t| codes_for(p, t).iter().any(|c| step.of(c, n).is_some()))
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
            let what = step.word();
            for track in scopes {
                let (scope, for_track, tracks) = match track {
                    Some(t) => (format!(" for track `{t}`"), format!(" for {t}"), vec![t]),
                    None => (String::new(), String::new(), missing.clone()),
                };
                let quoted = settings(&codes_of(p, &tracks), |c| {
                    let t = step.of(c, n)?;
                    Some((t.written(step.verb()), Some(t.provision)))
                })
                .iter()
                .map(|g| {
                    let whose = if g.codes.len() > 1 {
                        format!("{}'", g.who())
                    } else {
                        format!("{}'s", g.who())
                    };
                    format!(
                        "{whose} for stage {n} is `{}{for_track}`, {}",
                        g.text,
                        g.cites.join(", ")
                    )
                })
                .collect::<Vec<_>>()
                .join("; ");
                let quoted = if quoted.is_empty() {
                    String::new()
                } else {
                    format!(" ({quoted})")
                };
                out.push(
                    Diagnostic::new(
                        &CODE,
                        format!("stage `{name}` has no {what} timescale{scope}"),
                        s.name.span,
                        format!("no {what} timescale"),
                        format!(
                            "if the source gives one, add it citing the sentence{quoted}; if it \
                             gives none, keep the encoding faithful and let this warning stand"
                        ),
                    )
                    .with_draft_help(format!("change your draft to give one{quoted}")),
                );
            }
        }
    }
}

/// The two timescales a Code sets at a stage and this check looks for.
#[derive(Clone, Copy)]
enum Step {
    Acknowledge,
    Respond,
}

impl Step {
    fn word(self) -> &'static str {
        match self {
            Step::Acknowledge => "acknowledgement",
            Step::Respond => "response",
        }
    }

    /// The statement that writes it: `acknowledge within ...`, `respond within ...`.
    fn verb(self) -> &'static str {
        match self {
            Step::Acknowledge => "acknowledge",
            Step::Respond => "respond",
        }
    }

    /// What a Code sets for this step at its stage `n`, if anything.
    fn of(self, code: &codes::Code, n: u8) -> Option<Timescale> {
        let stage = code.stage(n)?;
        match self {
            Step::Acknowledge => stage.acknowledge,
            Step::Respond => Some(stage.respond),
        }
    }
}
