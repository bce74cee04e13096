//! ## What it finds
//! Two `track` statements with the same name.
//!
//! ## Why it matters
//! Every `for TRACK` rule names a track. When two tracks share a name, redress cannot tell
//! which label and which Ombudsman those rules belong with, so the policy has no single
//! reading of where those complaints go after the last stage.
//!
//! ## Example
//! ```text
//! track general "Corporate complaints" ombudsman lgsco
//! track general "Housing landlord complaints" ombudsman housing-ombudsman   # meant `housing`
//! ```
//!
//! ## How to fix
//! Give each track its own name (`track housing ...`) and use that name in the `for` of the
//! rules that belong to it, or delete the repeated statement.
//!
//! ## Code provision
//! None: this is about the encoding, not the Codes.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::duplicate_track",
    severity: Severity::Error,
    summary: "two tracks with the same name",
    doc: include_str!("duplicate_track.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let tracks = &cx.policy.tracks;
    for (i, track) in tracks.iter().enumerate() {
        let name = &track.value.name;
        let Some(first) = tracks
            .iter()
            .take(i)
            .find(|t| t.value.name.value == name.value)
        else {
            continue;
        };
        out.push(
            Diagnostic::new(
                &CODE,
                format!("the track `{}` is declared twice", name.value),
                name.span,
                "declared again here",
                "give each track its own name and use it in the `for` of that track's rules, or delete the repeated `track` statement",
            )
            .with_related(first.value.name.span, "first declared here"),
        );
    }
}
