//! ## What it finds
//! A timescale counted from an event that cannot have happened when its clock should start.
//! Stages are judged on each track's route (the `route` statements), never in the order the
//! blocks are written, and a rule is judged on the route of every track it applies to:
//! - a stage's acknowledgement, response or milestone counted `of escalation` where the stage
//!   is the first of a route (nothing escalates into it);
//! - an `acknowledge` rule counted `of acknowledgement` (its own acknowledgement);
//! - a stage's acknowledgement counted from that stage's own `.acknowledgement`, `.response`,
//!   `.acknowledgement-due` or `.response-due`, and a stage's response counted from its own
//!   `.response` or `.response-due`;
//! - a stage's timescale counted from an event of a stage that comes later on a route, or of a
//!   stage that is not on the route at all, or an acknowledgement or response counted from the
//!   `final-response`;
//! - the time limit for making a complaint (`accept`) counted from `acknowledgement`,
//!   `escalation`, `final-response` or any stage event (none of which exists before the
//!   complaint does);
//! - the time limit for asking to escalate `A -> B` counted from `escalation`, the
//!   `final-response`, or an event of a stage that does not come before the request on a route
//!   where B follows A (`B.response`, say).
//!
//! Stage names that no stage defines are left to unknown_stage, and escalations whose stages
//! are next to each other on no route to escalation_not_in_route.
//!
//! ## Why it matters
//! The deadline has no date: a clock that starts at an event still to come never starts, or
//! starts after the thing it times. The encoding cannot be what the source means.
//!
//! ## Example
//! ```text
//! route one, two
//! stage one "Stage 1" role stage-1 {
//!   acknowledge within 5 working days of acknowledgement   # its own acknowledgement
//!   respond within 10 working days of two.response         # a later stage
//! }
//! ```
//!
//! ## How to fix
//! Count the timescale from the event the source names: usually `receipt` where complaints
//! start, `escalation` for a later stage's acknowledgement, `acknowledgement` for a response,
//! `one.response` for the time limit to escalate from stage `one`, and `awareness` or
//! `occurrence` for the time limit to complain. If the stage really is first on one track's
//! route and later on another's, give each track its own rule with `for TRACK`.
//!
//! ## Code provision
//! HO 6.2, 6.3, 6.11, 6.14 and LGSCO 6.2, 6.3 name the events the Codes count from (receipt,
//! acknowledgement, the escalation request); HO 2.3 and LGSCO 2.2 count the time limit to
//! complain from the matter or the resident's awareness of it.

use crate::check::timescale::{first_block, tracks_phrase, usual_starts};
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Event, Rule, Window};
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
                )
                .with_draft_help(
                    "change your draft to count it from `awareness`, `occurrence` or \
                     `occurrence or awareness`",
                ));
            }
        }
    }
    for s in &p.stages {
        let name = &s.name.value;
        if !first_block(p, s) {
            continue; // a second block of the same name is duplicate_stage's
        }
        let mut rules: Vec<(Step, Scope, &Window)> = Vec::new();
        rules.extend(
            s.acknowledge
                .iter()
                .map(|r| (Step::Acknowledge, scope(r), &r.value)),
        );
        rules.extend(
            s.respond
                .iter()
                .map(|r| (Step::Respond, scope(r), &r.value)),
        );
        rules.extend(
            s.milestones
                .iter()
                .map(|r| (Step::Milestone, scope(r), &r.value.window)),
        );
        for (step, rule_scope, window) in rules {
            let usual = usual_starts(p, name, &rule_scope.rule);
            let per_track = "give each track its own rule with `for TRACK`, counted from \
                             `receipt` where complaints start at this stage and from \
                             `escalation` where an earlier stage comes before it";
            let fix = match (step, usual.as_slice()) {
                (Step::Acknowledge, [_, _]) => per_track.to_string(),
                (Step::Respond | Step::Milestone, [_, _]) => {
                    format!("count it from `acknowledgement`, or {per_track}")
                }
                (Step::Acknowledge, _) => format!("count it from {}", alternatives(&usual)),
                (Step::Respond | Step::Milestone, _) => format!(
                    "count it from `acknowledgement` or {}",
                    alternatives(&usual)
                ),
            };
            for t in &window.terms {
                let why = own_problem(name, step, &t.from.value)
                    .or_else(|| route_problem(p, name, &rule_scope.rule, &t.from.value));
                if let Some(why) = why {
                    out.push(
                        report(
                            format!("the stage `{name}` {} timescale", step.word()),
                            &t.from,
                            why,
                            format!("{fix}, or whichever event the source names"),
                        )
                        .with_draft_help(format!("change your draft: {fix}")),
                    );
                }
            }
        }
    }
    for e in &p.escalations {
        for r in &e.windows {
            for t in &r.value.terms {
                if let Some(why) = escalation_problem(p, e, r, &t.from.value) {
                    out.push(
                        report(
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
                        )
                        .with_draft_help(format!(
                            "change your draft to count it from `{}.response`, the response the \
                         request answers",
                            e.from.value
                        )),
                    );
                }
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Acknowledge,
    Respond,
    Milestone,
}

impl Step {
    fn word(self) -> &'static str {
        match self {
            Step::Acknowledge => "acknowledgement",
            Step::Respond => "response",
            Step::Milestone => "milestone",
        }
    }
}

/// A rule's `for`, as a rule of no particular kind, so that windows and milestones are judged
/// alike.
struct Scope {
    rule: Rule<()>,
}

fn scope<T>(r: &Rule<T>) -> Scope {
    Scope {
        rule: Rule {
            value: (),
            track: r.track.clone(),
            class: r.class.clone(),
            cites: Vec::new(),
            span: r.span,
        },
    }
}

/// "`receipt`", "`receipt` or `escalation`".
fn alternatives(events: &[&str]) -> String {
    events
        .iter()
        .map(|e| format!("`{e}`"))
        .collect::<Vec<_>>()
        .join(" or ")
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
        | Event::StageAcknowledgement(_)
        | Event::StageResponseDue(_)
        | Event::StageAcknowledgementDue(_) => Some(format!(
            "{}, which only happens after a complaint is made",
            ev.describe()
        )),
        _ => None,
    }
}

/// The stage an event names, if it names one.
fn stage_of(ev: &Event) -> Option<&ir::Name> {
    match ev {
        Event::StageResponse(n)
        | Event::StageAcknowledgement(n)
        | Event::StageResponseDue(n)
        | Event::StageAcknowledgementDue(n) => Some(n),
        _ => None,
    }
}

/// Why stage `stage`'s timescale for `step` cannot count from `ev` on any route: it counts
/// from itself or from what comes after it.
fn own_problem(stage: &str, step: Step, ev: &Event) -> Option<String> {
    let own = stage_of(ev).is_some_and(|n| n.value == stage);
    match (step, ev) {
        (Step::Acknowledge, Event::Acknowledgement) => Some("its own acknowledgement".into()),
        (Step::Acknowledge | Step::Respond, Event::FinalResponse) => {
            Some("the final response, which is this stage's response or a later one".into())
        }
        (Step::Acknowledge, Event::StageAcknowledgement(_)) if own => {
            Some("its own acknowledgement".into())
        }
        (Step::Acknowledge, Event::StageAcknowledgementDue(_)) if own => {
            Some("its own acknowledgement deadline".into())
        }
        (Step::Acknowledge | Step::Respond, Event::StageResponse(_)) if own => {
            Some("its own response".into())
        }
        (Step::Acknowledge | Step::Respond, Event::StageResponseDue(_)) if own => {
            Some("its own response deadline".into())
        }
        _ => None,
    }
}

/// What is wrong with a start event on one route.
#[derive(Clone, PartialEq, Eq)]
enum OnRoute {
    /// an escalation into the first stage of the route
    FirstStage(String),
    /// an event of a stage that comes later on the route
    Later(String),
    /// an event of a stage that is not on the route
    Missing(String, String),
    /// an event of a stage that only comes after the escalation request
    AfterRequest(String),
}

impl OnRoute {
    /// The reason, naming the tracks (`on track `asc``) when `whose` is not empty.
    fn describe(&self, whose: &str) -> String {
        match self {
            OnRoute::FirstStage(stage) => {
                let on = if whose.is_empty() {
                    String::new()
                } else {
                    format!(" on {whose}")
                };
                format!(
                    "an escalation request, but nothing escalates into stage `{stage}`, where \
                     complaints{on} start"
                )
            }
            OnRoute::Later(ev) => format!("{ev}, which comes later{}", of_route(whose)),
            OnRoute::Missing(ev, stage) => {
                format!("{ev}, but stage `{stage}` is not on the route{}", of(whose))
            }
            OnRoute::AfterRequest(ev) => format!(
                "{ev}, which only comes after the escalation request{}",
                of_route(whose)
            ),
        }
    }
}

/// ` on the route of track `a``, or nothing.
fn of_route(whose: &str) -> String {
    if whose.is_empty() {
        String::new()
    } else {
        format!(" on the route of {whose}")
    }
}

/// ` of track `a``, or nothing.
fn of(whose: &str) -> String {
    if whose.is_empty() {
        String::new()
    } else {
        format!(" of {whose}")
    }
}

/// Why a timescale of `stage` cannot count from `ev` on the route of a track it applies to:
/// an escalation into the first stage of a route, or an event of a later stage or of a stage
/// not on the route.
fn route_problem(p: &ir::Policy, stage: &str, rule: &Rule<()>, ev: &Event) -> Option<String> {
    let mut found: Vec<(OnRoute, Vec<&str>)> = Vec::new();
    let mut reaching = 0;
    for track in p.case_tracks() {
        if !rule.applies_to(track) {
            continue;
        }
        let route = p.route(track);
        let Some(i) = route.position(stage) else {
            continue;
        };
        reaching += 1;
        let why = match ev {
            Event::Escalation if i == 0 => Some(OnRoute::FirstStage(stage.to_string())),
            _ => stage_of(ev).and_then(|n| {
                // An undefined stage is unknown_stage's; the stage itself is own_problem's.
                p.stage(&n.value)?;
                match route.position(&n.value) {
                    Some(j) if j > i => Some(OnRoute::Later(ev.describe())),
                    Some(_) => None,
                    None => Some(OnRoute::Missing(ev.describe(), n.value.clone())),
                }
            }),
        };
        if let Some(why) = why {
            match found.iter_mut().find(|(w, _)| *w == why) {
                Some((_, tracks)) => tracks.push(track),
                None => found.push((why, vec![track])),
            }
        }
    }
    let (why, tracks) = found.into_iter().next()?;
    Some(why.describe(&whose(p, &tracks, reaching)))
}

/// The tracks, when the policy declares tracks and the reason holds on only some of the routes
/// concerned; else nothing.
fn whose(p: &ir::Policy, tracks: &[&str], of: usize) -> String {
    if p.tracks.is_empty() || tracks.len() == of {
        String::new()
    } else {
        tracks_phrase(tracks)
    }
}

/// Why the time limit for escalating `e` cannot count from `ev`: judged on every route of a
/// track the window applies to on which the escalation's stages are next to each other.
fn escalation_problem(
    p: &ir::Policy,
    e: &ir::Escalation,
    window: &Rule<Window>,
    ev: &Event,
) -> Option<String> {
    match ev {
        Event::Escalation => return Some("the escalation request itself".into()),
        Event::FinalResponse => {
            return Some(
                "the final response, but nothing escalates after the final response".into(),
            )
        }
        _ => {}
    }
    let n = stage_of(ev)?;
    p.stage(&n.value)?;
    let mut found: Vec<(OnRoute, Vec<&str>)> = Vec::new();
    let mut routes = 0;
    for track in p.case_tracks() {
        if !window.applies_to(track) {
            continue;
        }
        let route = p.route(track);
        let Some(from) = route.position(&e.from.value) else {
            continue;
        };
        if route.next(&e.from.value).map(|s| s.name.value.as_str()) != Some(e.to.value.as_str()) {
            continue;
        }
        routes += 1;
        let why = match route.position(&n.value) {
            Some(j) if j > from => Some(OnRoute::AfterRequest(ev.describe())),
            Some(_) => None,
            None => Some(OnRoute::Missing(ev.describe(), n.value.clone())),
        };
        if let Some(why) = why {
            match found.iter_mut().find(|(w, _)| *w == why) {
                Some((_, tracks)) => tracks.push(track),
                None => found.push((why, vec![track])),
            }
        }
    }
    let (why, tracks) = found.into_iter().next()?;
    Some(why.describe(&whose(p, &tracks, routes)))
}
