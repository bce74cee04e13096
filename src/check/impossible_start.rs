//! ## What it finds
//! A timescale counted from an event that cannot have happened when its clock should start:
//! - the first stage's acknowledgement or response counted `of escalation` (nothing escalates
//!   into the first stage);
//! - an `acknowledge` rule counted `of acknowledgement` (its own acknowledgement);
//! - a stage's acknowledgement counted from that stage's own `.acknowledgement` or `.response`,
//!   a stage's response counted from its own `.response`, and either counted from an event of a
//!   later stage (stages are in the order written) or from the `final-response`;
//! - the time limit for making a complaint (`accept`) counted from `acknowledgement`,
//!   `escalation`, `final-response` or a stage's acknowledgement or response (none of which
//!   exists before the complaint does);
//! - the time limit for asking to escalate `A -> B` counted from anything but an event of
//!   stage A or an earlier stage (`escalation`, `final-response`, `B.response`, ...).
//!
//! Stage names that no stage defines are left to unknown_stage.
//!
//! ## Why it matters
//! The deadline has no date: a clock that starts at an event still to come never starts, or
//! starts after the thing it times. The encoding cannot be what the source means.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" {
//!   acknowledge within 5 working days of acknowledgement   # its own acknowledgement
//!   respond within 10 working days of two.response         # a later stage
//! }
//! ```
//!
//! ## How to fix
//! Count the timescale from the event the source names: usually `receipt` for stage 1,
//! `escalation` for a later stage's acknowledgement, `acknowledgement` for a response,
//! `one.response` for the time limit to escalate from stage `one`, and `awareness` or
//! `occurrence` for the time limit to complain.
//!
//! ## Code provision
//! HO 6.2, 6.3, 6.11, 6.14 and LGSCO 6.2, 6.3 name the events the Codes count from (receipt,
//! acknowledgement, the escalation request); HO 2.3 and LGSCO 2.2 count the time limit to
//! complain from the matter or the resident's awareness of it.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Event};
use crate::span::Spanned;

pub const CODE: Code = Code {
    name: "redress::check::impossible_start",
    severity: Severity::Error,
    summary: "a timescale counted from an event that cannot have happened yet",
    doc: include_str!("impossible_start.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for r in &p.acceptance {
        for t in &r.value.terms {
            if let Some(why) = accept_problem(&t.from.value) {
                out.push(report(
                    "the time limit for making a complaint".into(),
                    &t.from,
                    why,
                    "count it from `awareness`, `occurrence` or `occurrence or awareness`, as the \
                     source says"
                        .into(),
                ));
            }
        }
    }
    for (i, s) in p.stages.iter().enumerate() {
        let usual = if i == 0 { "receipt" } else { "escalation" };
        let steps = [
            (
                Step::Acknowledge,
                &s.acknowledge,
                format!("count it from `{usual}`"),
            ),
            (
                Step::Respond,
                &s.respond,
                format!("count it from `acknowledgement` or `{usual}`"),
            ),
        ];
        for (step, rules, fix) in steps {
            for r in rules {
                for t in &r.value.terms {
                    if let Some(why) = stage_problem(p, i, step, &t.from.value) {
                        out.push(report(
                            format!("the stage `{}` {} timescale", s.name.value, step.word()),
                            &t.from,
                            why,
                            format!("{fix}, or whichever event the source names"),
                        ));
                    }
                }
            }
        }
    }
    for e in &p.escalations {
        let Some(from) = p.route_position(&e.from.value) else {
            continue;
        };
        for r in &e.windows {
            for t in &r.value.terms {
                if let Some(why) = escalation_problem(p, from, &t.from.value) {
                    out.push(report(
                        format!(
                            "the time limit for asking to escalate from stage `{}` to stage `{}`",
                            e.from.value, e.to.value
                        ),
                        &t.from,
                        why,
                        format!(
                            "count it from `{}.response` if the source says so, or from the \
                             event it names",
                            e.from.value
                        ),
                    ));
                }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Acknowledge,
    Respond,
}

impl Step {
    fn word(self) -> &'static str {
        match self {
            Step::Acknowledge => "acknowledgement",
            Step::Respond => "response",
        }
    }
}

fn report(what: String, event: &Spanned<Event>, why: String, help: String) -> Diagnostic {
    Diagnostic::new(
        &CODE,
        format!("{what} counts from {why}"),
        event.span,
        "cannot have happened yet",
        help,
    )
}

/// Why a complaint's time limit cannot count from `ev`, if it cannot.
fn accept_problem(ev: &Event) -> Option<String> {
    match ev {
        Event::Acknowledgement
        | Event::Escalation
        | Event::FinalResponse
        | Event::StageResponse(_)
        | Event::StageAcknowledgement(_) => Some(format!(
            "{}, which only happens after a complaint is made",
            ev.describe()
        )),
        _ => None,
    }
}

/// Why stage number `i`'s timescale for `step` cannot count from `ev`, if it cannot.
fn stage_problem(p: &ir::Policy, i: usize, step: Step, ev: &Event) -> Option<String> {
    match ev {
        Event::Escalation if i == 0 => {
            Some("an escalation request, but nothing escalates into the first stage".into())
        }
        Event::Acknowledgement if step == Step::Acknowledge => {
            Some("its own acknowledgement".into())
        }
        Event::FinalResponse => {
            Some("the final response, which is this stage's response or a later one".into())
        }
        Event::StageResponse(n) | Event::StageAcknowledgement(n) => {
            let j = p.route_position(&n.value)?;
            let own_ack = matches!(ev, Event::StageAcknowledgement(_));
            if j > i {
                Some(format!("{}, which comes later", ev.describe()))
            } else if j == i && step == Step::Acknowledge {
                Some(format!(
                    "its own {}",
                    if own_ack {
                        "acknowledgement"
                    } else {
                        "response"
                    }
                ))
            } else if j == i && !own_ack {
                Some("its own response".into())
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Why the time limit for escalating out of stage number `from` cannot count from `ev`.
fn escalation_problem(p: &ir::Policy, from: usize, ev: &Event) -> Option<String> {
    match ev {
        Event::Escalation => Some("the escalation request itself".into()),
        Event::FinalResponse => {
            Some("the final response, but nothing escalates after the final response".into())
        }
        Event::StageResponse(n) | Event::StageAcknowledgement(n) => {
            let j = p.route_position(&n.value)?;
            (j > from).then(|| {
                format!(
                    "{}, which only comes after the escalation request",
                    ev.describe()
                )
            })
        }
        _ => None,
    }
}
