//! ## What it finds
//! `, lapses` on a window that is not a time limit to ask for escalation: on an `acknowledge`,
//! `respond` or `milestone` timescale, or on the time limit for making a complaint (`accept`).
//!
//! ## Why it matters
//! `, lapses` says that when the complainant lets the window pass without asking to escalate,
//! the complaint is treated as resolved ("if we do not hear from you within 14 days we will
//! consider the complaint resolved"). Only the complainant's request to escalate can lapse
//! that way: a council's own acknowledgement or response deadline does not close a complaint
//! when the council misses it, and a complaint not yet made has nothing to resolve. redress
//! cannot give the flag a meaning anywhere else.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   respond within 10 working days of acknowledgement, lapses    # the council's deadline
//! }
//! ```
//!
//! ## How to fix
//! Move `, lapses` to the `within` of the `escalate` block out of the stage, where the source
//! gives the complainant's time to come back (`escalate one -> two { within 14 calendar days
//! of one.response, lapses }`), or remove it.
//!
//! ## Code provision
//! None: this is about the encoding. (HO 6.10 and LGSCO 6.9 say when a complaint goes on to
//! stage 2.)

use crate::check::timescale::scope_phrase;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::Window;

pub const CODE: Code = Code {
    name: "redress::check::misplaced_lapses",
    severity: Severity::Error,
    summary: "`, lapses` on a window that is not a time limit to ask for escalation",
    doc: include_str!("misplaced_lapses.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let mut windows: Vec<(String, &Window)> = p
        .acceptance
        .iter()
        .map(|r| {
            (
                format!("the time limit for making a complaint{}", scope_phrase(r)),
                &r.value,
            )
        })
        .collect();
    for s in &p.stages {
        let name = &s.name.value;
        for r in &s.acknowledge {
            let what = format!(
                "the stage `{name}` acknowledgement timescale{}",
                scope_phrase(r)
            );
            windows.push((what, &r.value));
        }
        for r in &s.respond {
            let what = format!("the stage `{name}` response timescale{}", scope_phrase(r));
            windows.push((what, &r.value));
        }
        for r in &s.milestones {
            let what = format!(
                "the stage `{name}` milestone \"{}\"{}",
                r.value.label,
                scope_phrase(r)
            );
            windows.push((what, &r.value.window));
        }
    }
    windows.sort_by_key(|(_, w)| w.span);
    for (what, w) in windows {
        if !w.lapses {
            continue;
        }
        out.push(Diagnostic::new(
            &CODE,
            format!("{what} is marked `, lapses`, but only a time limit to escalate can lapse"),
            w.span,
            "cannot lapse",
            "`, lapses` means the complaint is treated as resolved when the complainant does not \
             ask to escalate in time; put it on the `within` of the `escalate` block where the \
             source gives that time limit, or remove it",
        )
        .with_draft_help(
            "`, lapses` means the complaint is treated as resolved when the complainant does not \
             ask to escalate in time: move it to the `within` of an `escalate` block, or remove \
             it",
        ));
    }
}
