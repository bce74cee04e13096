//! ## What it finds
//! An extension with no limit: `extend without limit` (the source says the response may be
//! extended as long as needed), or an `extend` with neither `up to D` nor `without limit`
//! (`extend` alone, or `extend by agreement`: the source allows an extension and states no
//! limit at all).
//!
//! ## Why it matters
//! An open-ended extension means a resident has no date by which the council must answer, and
//! no point at which a late reply is late. The Codes cap an extension at 10 working days at
//! stage 1 and 20 at stage 2 unless there is good reason, and the reasons must be explained.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt
//!   respond within 10 working days of acknowledgement
//!   extend by agreement, tell reasons and new-date     # extended by how much?
//! }
//! ```
//!
//! ## How to fix
//! If the source gives a limit, write `extend up to 10 working days` citing it. If it gives
//! none, keep the encoding faithful to the source and let this warning stand: the council
//! should add one.
//!
//! ## Code provision
//! The Code of the tracks the extension applies to, and only that one: HO 6.4 (stage 1: no more
//! than 10 working days without good reason) and HO 6.15 (stage 2: no more than 20 working
//! days); LGSCO 6.4 and 6.14 likewise (`data/codes/`; assessed by the rules `s1-extension` and
//! `s2-extension`). The SPSO's and NIPSO's model procedures allow at most 5 more working days at
//! stage 1 (10 in all) and fix no limit at stage 2, where the complainant is told why and given
//! a revised date; the Welsh model policy fixes none at either stage. The limit quoted is the
//! one for the stage's role (`stage-1`, `stage-2`), never its place in the file; no Code sets
//! one for an early-resolution step or a third stage.

use crate::check::timescale::{
    code_number, codes_of, extension_limits, keyword_span, scope_phrase, tracks_at,
};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::ExtensionLimit;

pub const CODE: Code = Code {
    name: "redress::check::unlimited_extension",
    severity: Severity::Warning,
    summary: "an extension with no stated limit",
    doc: include_str!("unlimited_extension.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for s in &p.stages {
        for r in &s.extensions {
            if matches!(r.value.limit, ExtensionLimit::UpTo { .. }) {
                continue;
            }
            // The limit of the Codes of the tracks this extension applies to, for the stage's
            // role; no Code sets one for early resolution or stage 3.
            let code = match code_number(s) {
                Some(n) => extension_limits(&codes_of(p, &tracks_at(p, s, r)), n, false),
                None => String::new(),
            };
            let code = if code.is_empty() {
                "the Codes set no limit for a stage with this role, but a resident needs a date \
                 by which to expect the response"
                    .to_string()
            } else {
                code
            };
            let name = &s.name.value;
            let scope = scope_phrase(r);
            let draft_help = format!(
                "{code}; change your draft to give the limit: `extend up to N working days`"
            );
            let (message, label, help) = match r.value.limit {
                ExtensionLimit::UpTo { .. } => continue,
                ExtensionLimit::WithoutLimit => (
                    format!("the stage `{name}` response{scope} may be extended with no limit"),
                    "no limit",
                    format!(
                        "{code}; keep `without limit` if that is what the source says and let \
                         this warning stand"
                    ),
                ),
                ExtensionLimit::Unstated => (
                    format!("the source states no limit on the stage `{name}` extension{scope}"),
                    "no limit stated",
                    format!(
                        "{code}; if the source gives a limit elsewhere, add `up to N working \
                         days` citing it, otherwise keep the encoding and let this warning stand"
                    ),
                ),
            };
            out.push(
                Diagnostic::new(&CODE, message, keyword_span(r.span, "extend"), label, help)
                    .with_draft_help(draft_help),
            );
        }
    }
}
