//! ## What it finds
//! A stage whose chain of timescales for one track (its acknowledgement, its response and its
//! extension) mixes calendar weeks or months with working days. A bare `days` counts as what
//! `calendar { days mean ... }` says it means; calendar days are not reported. The rules read
//! are the ones a case would get: for each track, at each stage of its route, with no case
//! class and then with each declared class.
//!
//! Escalation windows and the time limit for making a complaint are not part of a stage's
//! chain: they time the resident, not the council, and never trigger this warning.
//!
//! ## Why it matters
//! The stage's deadlines are added up one after another (acknowledge, then respond, then
//! extend). A chain that is partly working days and partly months has no single calendar: a
//! month-based deadline can fall on a weekend or a bank holiday, and the total cannot be
//! compared with the Codes' working-day envelope. It is also a common sign of a misread unit.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of receipt
//!   respond within 1 month of receipt            # months, after working days
//! }
//! ```
//!
//! ## How to fix
//! Check each unit against the source. If the source states them in working days, write
//! `working days`. If the source itself mixes units, keep the encoding faithful and let this
//! warning stand.
//!
//! ## Code provision
//! None directly: this is redress hygiene. The Codes state every stage timescale in working
//! days (HO 6.2-6.4, 6.11-6.15; LGSCO 6.2-6.4, 6.10, 6.13, 6.14; `data/codes/`).

use crate::check::timescale::{cases, effective_rule, resolved_unit, stages_for};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Duration, ExtensionLimit, Unit};
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::mixed_units",
    severity: Severity::Warning,
    summary: "calendar weeks or months mixed with working days in one stage",
    doc: include_str!("mixed_units.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let plain = p.plain_days();
    let mut seen: Vec<Vec<Span>> = Vec::new();
    for case in cases(p) {
        for s in stages_for(p, case.track) {
            let ack = effective_rule(p, &s.acknowledge, &case);
            let resp = effective_rule(p, &s.respond, &case);
            let ext = effective_rule(p, &s.extensions, &case);
            let mut durations: Vec<Duration> = Vec::new();
            for r in [ack, resp].into_iter().flatten() {
                durations.extend(r.value.terms.iter().map(|t| t.duration));
            }
            if let Some(ExtensionLimit::UpTo { duration }) = ext.map(|r| &r.value.limit) {
                durations.push(*duration);
            }
            let unit = |d: &&Duration| resolved_unit(d.unit, plain);
            let calendar = durations
                .iter()
                .find(|d| matches!(unit(d), Unit::Weeks | Unit::Months));
            let working = durations.iter().find(|d| unit(d) == Unit::WorkingDays);
            let (Some(c), Some(w)) = (calendar, working) else {
                continue;
            };
            let spans: Vec<Span> = [ack.map(|r| r.span), resp.map(|r| r.span)]
                .into_iter()
                .chain([ext.map(|r| r.span)])
                .flatten()
                .collect();
            if seen.contains(&spans) {
                continue;
            }
            seen.push(spans);
            let scopes = [
                ack.map(|r| (&r.track, &r.class)),
                resp.map(|r| (&r.track, &r.class)),
                ext.map(|r| (&r.track, &r.class)),
            ];
            let scopes = || scopes.iter().flatten();
            let track = if scopes().any(|(t, _)| t.is_some()) {
                format!(" for track `{}`", case.track)
            } else {
                String::new()
            };
            let class = scopes()
                .find_map(|(_, c)| c.as_ref())
                .map(|c| format!(" when `{}`", c.value))
                .unwrap_or_default();
            let scope = format!("{track}{class}");
            let kind = if unit(&c) == Unit::Weeks {
                "weeks"
            } else {
                "months"
            };
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!(
                        "the stage `{}` timescales{scope} mix {kind} with working days",
                        s.name.value
                    ),
                    c.span,
                    format!("calendar {kind}"),
                    "check each unit against the source and write `working days` where it \
                     says so; if the source itself mixes units, keep them and let this warning \
                     stand",
                )
                .with_draft_help(
                    "change your draft to count the stage's timescales in one unit, usually \
                     `working days`, so that a resident can add them up",
                )
                .with_related(w.span, "working days"),
            );
        }
    }
}
