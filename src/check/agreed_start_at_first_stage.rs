//! ## What it finds
//! `may start here by agreement` in a stage that is the first stage of the route of every
//! track the statement applies to (and that reaches the stage at all): there is no earlier
//! stage to skip.
//!
//! ## Why it matters
//! The statement records that a complaint may start at this stage, passing over the stages
//! before it on its route, when the complainant agrees ("may start at stage 2 following
//! discussion and agreement with you"). On the first stage of a route it says nothing, since
//! every complaint starts there; usually it was meant for a later stage, or for another track
//! whose route has a stage before this one.
//!
//! ## Example
//! ```text
//! route one, two
//! stage one "Stage 1" role stage-1 {
//!   may start here by agreement          # every complaint starts here
//! }
//! ```
//!
//! ## How to fix
//! Move the statement to the stage the source lets a complaint start at (usually the
//! `stage-2` stage), or limit it with `for TRACK` to the tracks whose route has a stage before
//! this one.
//!
//! ## Code provision
//! None directly: HO 6.10 and LGSCO 6.9 describe a complaint moving from stage 1 to stage 2;
//! starting later by agreement is the council's own rule.

use crate::check::timescale::{first_on, keyword_span, tracks_phrase};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::agreed_start_at_first_stage",
    severity: Severity::Warning,
    summary: "`may start here by agreement` on a stage where every complaint starts anyway",
    doc: include_str!("agreed_start_at_first_stage.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for s in &p.stages {
        let name = &s.name.value;
        for r in &s.start_by_agreement {
            let reaching: Vec<&str> = p
                .case_tracks()
                .into_iter()
                .filter(|t| r.applies_to(t) && p.route(t).contains(name))
                .collect();
            let first = first_on(p, name, r);
            if reaching.is_empty() || first.len() != reaching.len() {
                continue;
            }
            let whose = if p.tracks.is_empty() {
                "every complaint".to_string()
            } else {
                format!("every complaint on {}", tracks_phrase(&first))
            };
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!(
                        "stage `{name}` is where {whose} starts, so starting here by agreement \
                     skips nothing"
                    ),
                    keyword_span(r.span, "may start here by agreement"),
                    "first stage of the route",
                    "move the statement to the stage the source lets a complaint start at by \
                 agreement (usually the stage-2 stage), or limit it with `for TRACK` to tracks \
                 whose route has a stage before this one",
                )
                .with_draft_help(
                    "change your draft to put this at the stage a complaint may start at by \
                 agreement (usually the stage-2 stage), or limit it with `for TRACK` to tracks \
                 whose route has a stage before this one",
                ),
            );
        }
    }
}
