//! ## What it finds
//! A statement limited with `for TRACK` (any statement that takes `for`: a rule, a `route`, an
//! `unencoded` note, ...) to a track that no `track` statement declares. A policy that declares
//! no tracks has one implicit track, `general`, and `for general` names it.
//!
//! ## Why it matters
//! A rule for an undeclared track applies to no complaint at all: the timescale or exclusion
//! the source states for that group of complaints silently drops out, and the unscoped rule
//! is used for them instead. It is almost always a misspelt track name.
//!
//! ## Example
//! ```text
//! track general "Corporate complaints" ombudsman lgsco
//! track housing "Housing landlord complaints" ombudsman housing-ombudsman
//! stage one "Stage 1" role stage-1 {
//!   respond within 10 working days of acknowledgement for hosuing   # no track `hosuing`
//! }
//! ```
//!
//! ## How to fix
//! Correct the name after `for` to one of the declared tracks (names are case-sensitive), or
//! declare the track: `track NAME "label" ombudsman lgsco`.
//!
//! ## Code provision
//! None: this is about the encoding, not the Codes.

use crate::check::{all_rules, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::unknown_track",
    severity: Severity::Error,
    summary: "a rule limited to a track the policy does not declare",
    doc: include_str!("unknown_track.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let declared = cx.policy.track_names();
    for rule in all_rules(cx.policy) {
        let Some(track) = rule.track else { continue };
        if cx.policy.has_track(&track.value) {
            continue;
        }
        out.push(Diagnostic::new(
            &CODE,
            format!("there is no track `{}`", track.value),
            track.span,
            "unknown track",
            help(&track.value, &declared),
        ));
    }
}

fn help(found: &str, declared: &[&str]) -> String {
    if declared.is_empty() {
        return format!(
            "this policy declares no tracks: add `track {found} \"label\" ombudsman lgsco`, or remove `for {found}` if the rule applies to every complaint"
        );
    }
    let list = declared
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match nearest(found, declared) {
        Some(near) => format!("did you mean `{near}`? The tracks declared are {list}"),
        None => format!("the tracks declared are {list}; use one of those or declare `{found}`"),
    }
}

/// The declared track closest in spelling, if it is close enough to be a slip.
fn nearest<'a>(found: &str, declared: &[&'a str]) -> Option<&'a str> {
    declared
        .iter()
        .map(|n| (strsim::damerau_levenshtein(found, n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}
