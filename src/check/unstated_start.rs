//! ## What it finds
//! A timescale written without `of EVENT` (an `acknowledge`, `respond`, escalation `within` or
//! `accept` window), because the source says "within 15 working days" and never says of what.
//! There is one warning per timescale, pointing at its duration.
//!
//! ## Why it matters
//! A deadline is a start event plus a duration. Without the start event redress cannot compute
//! the deadline, simulate the complaint or compare the timescale with the Codes: "15 working
//! days" from receipt and from the acknowledgement can be a week apart. The resident cannot
//! tell either.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" {
//!   acknowledge within 5 working days of receipt
//!   respond within 15 working days        # 15 working days of what?
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
//! HO 6.2, 6.3, 6.11, 6.14; LGSCO 6.2, 6.3: every Code timescale has a start event (receipt,
//! acknowledgement, the escalation request). Rules T1-T5 in section 8.2 of the Codes summary
//! need one to compare the policy with the Code.

use crate::check::timescale::scope_phrase;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Event, Rule, Window};

pub const CODE: Code = Code {
    name: "redress::check::unstated_start",
    severity: Severity::Warning,
    summary: "a timescale whose start event the source does not give",
    doc: include_str!("unstated_start.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let mut report = |rules: &[Rule<Window>], what: &dyn Fn(&Rule<Window>) -> String, eg: &str| {
        for r in rules {
            let Some(t) = r
                .value
                .terms
                .iter()
                .find(|t| t.from.value == Event::Unstated)
            else {
                continue;
            };
            out.push(Diagnostic::new(
                &CODE,
                format!("{} has no start event", what(r)),
                t.duration.span,
                "no start event",
                format!(
                    "the source gives none, so redress cannot compute the deadline without a \
                     reading; add {eg} only if the source says so"
                ),
            ));
        }
    };
    report(
        &p.acceptance,
        &|r| format!("the time limit for making a complaint{}", scope_phrase(r)),
        "`of awareness` or `of occurrence`",
    );
    for (i, s) in p.stages.iter().enumerate() {
        let start = if i == 0 { "receipt" } else { "escalation" };
        let name = &s.name.value;
        report(
            &s.acknowledge,
            &|r| {
                format!(
                    "the stage `{name}` acknowledgement timescale{}",
                    scope_phrase(r)
                )
            },
            &format!("`of {start}`"),
        );
        report(
            &s.respond,
            &|r| format!("the stage `{name}` response timescale{}", scope_phrase(r)),
            &format!("`of {start}` or `of acknowledgement`"),
        );
    }
    for e in &p.escalations {
        let (from, to) = (&e.from.value, &e.to.value);
        report(
            &e.windows,
            &|r| {
                format!(
                    "the time limit for asking to escalate from stage `{from}` to stage `{to}`{}",
                    scope_phrase(r)
                )
            },
            &format!("`of {from}.response`"),
        );
    }
}
