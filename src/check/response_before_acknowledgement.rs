//! ## What it finds
//! A stage whose response deadline can fall before its acknowledgement deadline, for the same
//! track. The two are compared only when both count from the same event (both `of receipt`,
//! both `of escalation`, both `of one.response`, ...); a response counted `of acknowledgement`
//! can never come first. Timescales in the same unit are compared directly. Across units
//! redress uses bounds: N working days span between N and N*7/5+4 calendar days (weekends,
//! plus up to four bank holidays in a row at Christmas or Easter), a week is 7 days and a month
//! 28 to 31 days; the response can come first when its shortest reading is shorter than the
//! acknowledgement's longest. The rules compared are the ones a case would get: for each
//! track, at each stage of its route, with no case class and then with each declared class, a
//! rule written `for` the track or `when` the class beating the more general ones. Windows
//! combining several terms (`later of ...`, `earlier of ...`) are not compared.
//!
//! ## Why it matters
//! A complaint is acknowledged before it is answered. A policy that promises the response
//! sooner than the acknowledgement has almost always been mistyped or misread: one of the
//! numbers, units or start events is not what the source says, and every deadline redress
//! computes from it would be wrong.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt
//!   respond within 3 working days of receipt     # due before the acknowledgement
//! }
//! ```
//!
//! ## How to fix
//! Check both timescales against the source. Usually the response counts from the
//! acknowledgement (`respond within 10 working days of acknowledgement`) or the number or unit
//! was copied wrongly.
//!
//! ## Code provision
//! HO 6.2-6.3 and 6.11, 6.14; LGSCO 6.2-6.3: the Codes count the response from the
//! acknowledgement, so the acknowledgement always comes first.

use crate::check::timescale::{
    can_end_sooner, cases, effective_rule, resolved_unit, same_event, single_term, stages_for,
};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Duration, Event, Unit};

pub const CODE: Code = Code {
    name: "redress::check::response_before_acknowledgement",
    severity: Severity::Error,
    summary: "a response deadline that can fall before the acknowledgement deadline",
    doc: include_str!("response_before_acknowledgement.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let plain = p.plain_days();
    let mut seen: Vec<(crate::span::Span, crate::span::Span)> = Vec::new();
    for case in cases(p) {
        for stage in stages_for(p, case.track) {
            let (Some(ack), Some(resp)) = (
                effective_rule(p, &stage.acknowledge, &case),
                effective_rule(p, &stage.respond, &case),
            ) else {
                continue;
            };
            if seen.contains(&(ack.span, resp.span)) {
                continue;
            }
            let (Some(a), Some(r)) = (single_term(&ack.value), single_term(&resp.value)) else {
                continue;
            };
            if !same_event(&a.from.value, &r.from.value)
                || matches!(a.from.value, Event::Unstated | Event::Acknowledgement)
                || matches!(&a.from.value, Event::StageAcknowledgement(n) if n.value == stage.name.value)
                || !can_end_sooner(&r.duration, &a.duration, plain)
            {
                continue;
            }
            seen.push((ack.span, resp.span));
            let track = match (resp.track.as_ref(), ack.track.as_ref()) {
                (Some(t), _) | (None, Some(t)) => format!(" for track `{}`", t.value),
                (None, None) => String::new(),
            };
            let class = match (resp.class.as_ref(), ack.class.as_ref()) {
                (Some(c), _) | (None, Some(c)) => format!(" when `{}`", c.value),
                (None, None) => String::new(),
            };
            let scope = format!("{track}{class}");
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!(
                        "the stage `{}` response{scope} can be due before its acknowledgement",
                        stage.name.value
                    ),
                    r.span,
                    format!("response due within {}", r.duration),
                    help(&r.from.value, &r.duration, &a.duration, plain),
                )
                .with_draft_help(
                    help(&r.from.value, &r.duration, &a.duration, plain).replace(
                        "check both against the source (a response usually counts `of \
                         acknowledgement`)",
                        "change your draft to count the response `of acknowledgement`, or give \
                         it longer",
                    ),
                )
                .with_related(a.span, format!("acknowledgement due within {}", a.duration)),
            );
        }
    }
}

/// Why the response can come first, and what to do.
fn help(from: &Event, resp: &Duration, ack: &Duration, plain: Option<Unit>) -> String {
    let why = if resolved_unit(resp.unit, plain) == resolved_unit(ack.unit, plain) {
        format!(
            "the response is due {} earlier",
            resp.unit.describe(ack.amount.saturating_sub(resp.amount))
        )
    } else {
        format!(
            "`{resp}` can be shorter than `{ack}` (weekends and bank holidays fall between \
             working days)"
        )
    };
    format!(
        "both count from {}, and {why}; check both against the source (a response usually \
         counts `of acknowledgement`)",
        from.describe()
    )
}

// ------------------------------------------------------------------ shared timescale helpers
//
// Used by the other timescale checks (impossible_start, mixed_units, extension_exceeds_base,
// missing_timescale, ...): the tracks rules are read in, the rule that applies to a track, and
// what a duration means in calendar days.
