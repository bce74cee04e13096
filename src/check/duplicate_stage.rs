//! ## What it finds
//! Two `stage` blocks with the same name.
//!
//! ## Why it matters
//! Routes, escalations, start events such as `one.response` and handler rules name stages.
//! When two blocks share a name, redress cannot tell which one they mean, so the policy has no
//! single reading: which timescales apply, and where an escalation goes, is left to chance.
//! redress reads the name as the first block; checks that follow routes leave the second alone.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 { respond within 10 working days of acknowledgement }
//! stage one "Stage 2" role stage-2 {    # meant `two`
//!   respond within 20 working days of acknowledgement
//! }
//! ```
//!
//! ## How to fix
//! Give each stage its own name (`stage two "Stage 2" role stage-2 { ... }`) and put it on the
//! route, or, if the source describes
//! one stage in two places, merge the two blocks into one.
//!
//! ## Code provision
//! None: this is about the encoding, not the Codes.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::duplicate_stage",
    severity: Severity::Error,
    summary: "two stage blocks with the same name",
    doc: include_str!("duplicate_stage.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let stages = &cx.policy.stages;
    for (i, stage) in stages.iter().enumerate() {
        let name = &stage.name;
        let Some(first) = stages.iter().take(i).find(|s| s.name.value == name.value) else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &CODE,
                format!("the stage `{}` is defined twice", name.value),
                name.span,
                "defined again here",
                "give each stage its own name, or merge the two blocks if the source describes one stage in two places",
            )
            .with_draft_help("give each stage its own name, or merge the two blocks if they describe one stage")
            .with_related(first.name.span, "first defined here"),
        );
    }
}
