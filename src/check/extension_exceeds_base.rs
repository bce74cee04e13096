//! ## What it finds
//! An extension (`extend up to D`) longer than the response timescale of the same stage and
//! track. Timescales in the same unit are compared directly; working days against calendar
//! units only when the extension is longer however the days fall (N working days span N to
//! N*7/5+4 calendar days, a month 28 to 31); otherwise redress does not compare them. The
//! rules compared are the ones a case would get: for each track, at each stage of its route,
//! with no case class and then with each declared class. The help quotes the limit that the
//! Code of the extension's tracks sets for the stage's role (`stage-1` or `stage-2`); no Code
//! sets one for an early-resolution step or a third stage.
//!
//! ## Why it matters
//! An extension is for the complaint that needs a little longer. One longer than the
//! timescale itself more than doubles the wait, and usually means a number or unit was
//! misread. The Housing Ombudsman's Code caps an extension at 10 working days at stage 1 and
//! 20 at stage 2, the same as the stage's response timescale, unless there is good reason.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt
//!   respond within 10 working days of acknowledgement
//!   extend up to 30 working days           # three times the response timescale
//! }
//! ```
//!
//! ## How to fix
//! Check the extension against the source. If it is right, keep it faithful to the source
//! and let this warning stand; if it was copied wrongly, correct the number or unit.
//!
//! ## Code provision
//! HO 6.4 (stage 1 extension no more than 10 working days without good reason) and HO 6.15
//! (stage 2, no more than 20 working days); LGSCO 6.4 and 6.14 likewise; the SPSO's and NIPSO's
//! model procedures, no more than 5 more working days at stage 1. The help quotes only the Code
//! of the tracks the extension applies to, and only where that Code fixes a limit.

use crate::check::timescale::{
    cases, certainly_longer, code_number, codes_of, effective_rule, extension_limits, scope_phrase,
    single_term, stages_for, tracks_at,
};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::ExtensionLimit;
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::extension_exceeds_base",
    severity: Severity::Warning,
    summary: "an extension longer than the timescale it extends",
    doc: include_str!("extension_exceeds_base.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let plain = p.plain_days();
    let mut seen: Vec<(Span, Span)> = Vec::new();
    for case in cases(p) {
        for s in stages_for(p, case.track) {
            let (Some(ext), Some(resp)) = (
                effective_rule(p, &s.extensions, &case),
                effective_rule(p, &s.respond, &case),
            ) else {
                continue;
            };
            let ExtensionLimit::UpTo { duration } = &ext.value.limit else {
                continue;
            };
            let Some(base) = single_term(&resp.value) else {
                continue;
            };
            if !certainly_longer(duration, &base.duration, plain)
                || seen.contains(&(ext.span, resp.span))
            {
                continue;
            }
            seen.push((ext.span, resp.span));
            let scope = if ext.track.is_some() || ext.class.is_some() {
                scope_phrase(ext)
            } else {
                scope_phrase(resp)
            };
            // The limit of the Codes of the tracks the extension applies to, where they fix one.
            let codes = code_number(s)
                .map(|n| extension_limits(&codes_of(p, &tracks_at(p, s, ext)), n, true))
                .filter(|l| !l.is_empty())
                .map(|l| format!("; {l}"))
                .unwrap_or_default();
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!(
                        "the stage `{}` extension{scope} of up to `{duration}` is longer than \
                         the response timescale of `{}`",
                        s.name.value, base.duration
                    ),
                    duration.span,
                    "longer than the response timescale",
                    format!(
                        "check it against the source: if it is right, keep it and let this \
                         warning stand{codes}"
                    ),
                )
                .with_draft_help(format!(
                    "change your draft to a shorter extension, no longer than the response \
                     timescale itself{codes}"
                ))
                .with_related(base.span, "response timescale"),
            );
        }
    }
}
