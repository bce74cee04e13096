//! ## What it finds
//! A duration written in plain `days` (`within 5 days of receipt`, `extend up to 10 days`,
//! `milestone "..." within 3 days of receipt`, `wait 56 days after ...`), because the source
//! says "days" without "working" or "calendar", when the policy's `calendar` block does not say
//! what a bare "days" means. There is one warning per duration; none at all once
//! `calendar { days mean working days }` (or `calendar days`) is stated.
//!
//! ## Why it matters
//! Five working days and five calendar days differ by a weekend, and by more at Christmas and
//! Easter. Until the policy says which it means, redress cannot compute the deadline and a
//! resident cannot know when a reply is late.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 days of receipt     # working or calendar days?
//! }
//! ```
//!
//! ## How to fix
//! If the source says which it means elsewhere, write `working days` or `calendar days`, or
//! say it once for the whole policy with `calendar { days mean working days }` citing the
//! sentence. If the source never says, leave `days`, faithful to the source, and let this
//! warning stand.
//!
//! ## Code provision
//! None directly: this is redress hygiene. The 2024 HO and LGSCO Codes count in working days
//! (HO 6.2-6.4, 6.11-6.15, in `data/codes/`); the 2022 HO Code said "five
//! days" without a unit, and policies still copy it.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Duration, ExtensionLimit, Unit};

pub const CODE: Code = Code {
    name: "redress::check::ambiguous_unit",
    severity: Severity::Warning,
    summary: "\"days\" with no working or calendar qualifier",
    doc: include_str!("ambiguous_unit.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    if p.plain_days().is_some() {
        return;
    }
    for d in all_durations(p) {
        if d.unit != Unit::Days {
            continue;
        }
        let working = Unit::WorkingDays.describe(d.amount);
        let calendar = Unit::CalendarDays.describe(d.amount);
        out.push(
            Diagnostic::new(
                &CODE,
                format!("`{d}` does not say whether it means working or calendar days"),
                d.span,
                "working or calendar days?",
                format!(
                    "write `{}` or `{}` if the source says which elsewhere, or state it once with \
                 `calendar {{ days mean working days }}` citing the sentence; if the source \
                 never says, keep `days` and let this warning stand",
                    working, calendar
                ),
            )
            .with_draft_help(format!(
                "change your draft to say which: `{working}` or `{calendar}`, or say once for the \
             whole policy `calendar {{ days mean working days }}`; a resident cannot tell what \
             a bare \"days\" means"
            )),
        );
    }
}

/// Every duration written in the policy, in no particular order.
fn all_durations(p: &ir::Policy) -> Vec<Duration> {
    let mut out = Vec::new();
    let mut windows = |rules: &[ir::Rule<ir::Window>]| {
        for r in rules {
            out.extend(r.value.terms.iter().map(|t| t.duration));
        }
    };
    windows(&p.acceptance);
    for s in &p.stages {
        windows(&s.acknowledge);
        windows(&s.respond);
    }
    for e in &p.escalations {
        windows(&e.windows);
    }
    for s in &p.stages {
        for m in &s.milestones {
            out.extend(m.value.window.terms.iter().map(|t| t.duration));
        }
        for r in &s.extensions {
            if let ExtensionLimit::UpTo { duration } = r.value.limit {
                out.push(duration);
            }
        }
    }
    out.extend(p.ombudsman_waits.iter().map(|w| w.value.duration));
    out
}
