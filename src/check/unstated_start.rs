//! ## What it finds
//! A timescale written without `of EVENT` (an `acknowledge`, `respond`, `milestone`, escalation
//! `within` or `accept` window), because the source says "within 15 working days" and never
//! says of what. There is one warning per timescale, pointing at its duration.
//!
//! ## Why it matters
//! A deadline is a start event plus a duration. Without the start event redress cannot compute
//! the deadline, simulate the complaint or compare the timescale with the Codes: "15 working
//! days" from receipt and from the acknowledgement can be a week apart. The resident cannot
//! tell either.
//!
//! For the time limit to escalate, redress takes a reading and lists it wherever it computes a
//! date: the window counts from the previous stage's response on the route (for
//! `escalate one -> two`, from `one.response`), never from receipt, because the request cannot
//! come before the response it answers. It is still a reading, not the council's rule.
//!
//! ## Example
//! ```text
//! route one, two
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt
//!   respond within 15 working days        # 15 working days of what?
//! }
//! escalate one -> two {
//!   within 1 month                        # read as 1 month of one.response
//! }
//! ```
//!
//! ## How to fix
//! If the source says elsewhere what the timescale counts from, add it (`of receipt`,
//! `of acknowledgement`, `of one.response`) with a citation of that sentence. If the source
//! really gives none, leave the timescale as it is, faithful to the source, and let this
//! warning stand: the council should say.
//!
//! ## Code provision
//! HO 6.2, 6.3, 6.11 and 6.14; LGSCO 6.2, 6.3, 6.10 and 6.13 (`data/codes/ho-2024.toml`,
//! `data/codes/lgsco-2024.toml`): every Code timescale has a start event (receipt, the
//! acknowledgement, the escalation request). `redress assess` compares a timescale with the
//! Code's as a deadline (its rules `s1-ack`, `s1-response`, `s2-ack`, `s2-response`), so one
//! with no start event is `partial`, with both readings explained.

use crate::check::timescale::{scope_phrase, usual_starts};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Event, Window};

pub const CODE: Code = Code {
    name: "redress::check::unstated_start",
    severity: Severity::Warning,
    summary: "a timescale whose start event the source does not give",
    doc: include_str!("unstated_start.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let mut report = |rules: &[(String, &Window)], eg: &str, reading: Option<&str>| {
        for (what, w) in rules {
            let Some(t) = w.terms.iter().find(|t| t.from.value == Event::Unstated) else {
                continue;
            };
            let help = match reading {
                Some(reading) => format!(
                    "the source gives none, so redress reads it as counting from {reading} and \
                     says so wherever it computes the date; add {eg} only if the source says so"
                ),
                None => format!(
                    "the source gives none, so redress cannot compute the deadline without a \
                     reading; add {eg} only if the source says so"
                ),
            };
            let draft_help = match reading {
                Some(reading) => format!(
                    "change your draft to say what it counts from ({eg}); until it does, \
                     redress reads it as counting from {reading}"
                ),
                None => format!(
                    "change your draft to say what it counts from ({eg}): a resident cannot \
                     work out the deadline without it"
                ),
            };
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!("{what} has no start event"),
                    t.duration.span,
                    "no start event",
                    help,
                )
                .with_draft_help(draft_help),
            );
        }
    };
    let accept: Vec<(String, &Window)> = p
        .acceptance
        .iter()
        .map(|r| {
            (
                format!("the time limit for making a complaint{}", scope_phrase(r)),
                &r.value,
            )
        })
        .collect();
    report(&accept, "`of awareness` or `of occurrence`", None);
    for s in &p.stages {
        let name = &s.name.value;
        // The usual start depends on where the stage stands on the routes of the tracks each
        // rule applies to, not on where its block is written.
        for r in &s.acknowledge {
            let eg = alternatives(&usual_starts(p, name, r));
            let what = format!(
                "the stage `{name}` acknowledgement timescale{}",
                scope_phrase(r)
            );
            report(&[(what, &r.value)], &eg, None);
        }
        for r in &s.respond {
            let eg = format!(
                "{} or `of acknowledgement`",
                alternatives(&usual_starts(p, name, r))
            );
            let what = format!("the stage `{name}` response timescale{}", scope_phrase(r));
            report(&[(what, &r.value)], &eg, None);
        }
        for r in &s.milestones {
            let what = format!(
                "the stage `{name}` milestone \"{}\"{}",
                r.value.label,
                scope_phrase(r)
            );
            report(
                &[(what, &r.value.window)],
                "`of acknowledgement` or the event the milestone follows",
                None,
            );
        }
    }
    for e in &p.escalations {
        let (from, to) = (&e.from.value, &e.to.value);
        let windows: Vec<(String, &Window)> = e
            .windows
            .iter()
            .map(|r| {
                (
                    format!(
                        "the time limit for asking to escalate from stage `{from}` to stage \
                         `{to}`{}",
                        scope_phrase(r)
                    ),
                    &r.value,
                )
            })
            .collect();
        let reading = format!("the stage `{from}` response");
        report(&windows, &format!("`of {from}.response`"), Some(&reading));
    }
}

/// "`of receipt`", "`of receipt` or `of escalation`".
fn alternatives(events: &[&str]) -> String {
    events
        .iter()
        .map(|e| format!("`of {e}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}
