//! The deadline calculator: every deadline that can be known from what has happened so far.
//! It is the simulator run on a case built from a few facts, keeping the steps whose date can
//! be computed, each judged against the actual date given for it (on time, or late by N
//! working days, counted by the schedule core) and, with an `as_of` day, against that day
//! (overdue, or due in N working days), with the next action that falls due.
//!
//! Facts that cannot be true of one complaint (an acknowledgement before receipt, an
//! escalation before the response it follows, more dates than the route has stages) are
//! refused by [`validate`] with a coded error each, never silently dropped.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::case::{Case, CaseEvent, EventKind};
use super::engine::{simulate, SimError, Status, StepKind, Timeline};
use crate::calendar::{Closure, WorkingCalendar};
use crate::diagnostic::{Code, Severity};
use crate::ir;
use crate::schedule::Schedule;

/// What is known of a complaint. Each list is in the order of the track's route: the first
/// `acknowledged` date is the route's first stage's, the second the next stage's, and so on;
/// `escalated[i]` is the request to escalate into the route's stage `i + 2`.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub track: Option<String>,
    pub received: Option<NaiveDateTime>,
    pub acknowledged: Vec<NaiveDate>,
    pub responded: Vec<NaiveDate>,
    pub extended: Vec<u32>,
    pub escalated: Vec<NaiveDateTime>,
    /// The case's classes (complexity band), which choose `when` rules.
    pub classes: Vec<String>,
}

/// Where a deadline stands: against the actual date given for it, else against `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineStatus {
    /// done on or before the deadline
    OnTime,
    /// done after the deadline (`late_by` working days)
    Late,
    /// not done, and the deadline passed before `as_of` (`late_by` working days by then)
    Overdue,
    /// not done, and due on or after `as_of` (`due_in` working days from it)
    Due,
    /// not done, and no `as_of` to judge it against
    Pending,
    /// the resident's window to ask to escalate (or to go to the Ombudsman) is open
    Open,
    /// the resident's window to ask to escalate closed before `as_of` with no request
    Closed,
    /// the window closed unused and the policy treats the complaint as resolved
    Lapsed,
}

/// Who the deadline binds: the council's own actions, or the resident's rights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Who {
    Council,
    Resident,
}

#[derive(Serialize)]
pub struct Deadline {
    /// The stage's title as the policy gives it (its name when it has no title).
    pub stage: Option<String>,
    /// The stage's name in the policy file.
    pub stage_id: Option<String>,
    pub step: StepKind,
    /// A milestone's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub due: NaiveDate,
    pub basis: String,
    pub who: Who,
    /// The actual date given for the step (an escalation request's as it counts: an
    /// out-of-hours request counts from the next working day).
    pub done: Option<NaiveDate>,
    pub status: DeadlineStatus,
    /// Working days late (`late`) or overdue by `as_of` (`overdue`): the schedule core's count
    /// of working days after the deadline up to and including the later day.
    pub late_by: Option<i64>,
    /// Working days from `as_of` to the deadline (0: due that day), for `due` and `open`.
    pub due_in: Option<i64>,
}

/// The next thing that falls due on or after `as_of`.
#[derive(Clone, Serialize)]
pub struct Next {
    pub stage: Option<String>,
    pub stage_id: Option<String>,
    pub step: StepKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    pub who: Who,
    pub due: NaiveDate,
    pub due_in: i64,
}

#[derive(Serialize)]
pub struct Report {
    pub policy: String,
    pub track: String,
    pub received: NaiveDateTime,
    pub effective_received: NaiveDateTime,
    /// The day the deadlines are judged on (`--as-of`); never the system clock.
    pub as_of: Option<NaiveDate>,
    pub deadlines: Vec<Deadline>,
    /// With `as_of`: the council's next action that falls due on or after it, else the
    /// resident's next open window; none when nothing more falls due.
    pub next: Option<Next>,
    pub assumptions: Vec<String>,
}

impl Report {
    /// The deadlines not met by `as_of`.
    pub fn overdue(&self) -> impl Iterator<Item = &Deadline> {
        self.deadlines
            .iter()
            .filter(|d| d.status == DeadlineStatus::Overdue)
    }
}

pub fn deadlines(
    policy: &ir::Policy,
    q: &Query,
    received: NaiveDateTime,
) -> Result<Report, SimError> {
    deadlines_as_of(policy, q, received, None)
}

/// The track a query is on: the one it names, else the policy's first.
pub fn track_of(policy: &ir::Policy, q: &Query) -> String {
    match &q.track {
        Some(t) => t.clone(),
        None => policy
            .case_tracks()
            .first()
            .map(|s| s.to_string())
            .unwrap_or_else(|| ir::IMPLICIT_TRACK.into()),
    }
}

/// The deadlines, judged on `as_of` when it is given.
pub fn deadlines_as_of(
    policy: &ir::Policy,
    q: &Query,
    received: NaiveDateTime,
    as_of: Option<NaiveDate>,
) -> Result<Report, SimError> {
    let track = track_of(policy, q);
    let mut events = Vec::new();
    let noon = |d: NaiveDate| d.and_hms_opt(12, 0, 0).unwrap_or_default();
    let route = policy.route(&track);
    for (i, stage) in route.stages.iter().enumerate() {
        let name = stage.name.value.clone();
        let mut push = |kind: EventKind, at: NaiveDateTime| {
            events.push(CaseEvent {
                stage: name.clone(),
                kind,
                at,
            })
        };
        if i > 0 {
            if let Some(at) = q.escalated.get(i - 1) {
                push(EventKind::EscalationRequested, *at);
            }
        }
        if let Some(d) = q.acknowledged.get(i) {
            push(EventKind::Acknowledged, noon(*d));
        }
        if let Some(n) = q.extended.get(i) {
            push(
                EventKind::Extended {
                    working_days: *n,
                    reason: None,
                },
                received,
            );
        }
        if let Some(d) = q.responded.get(i) {
            push(
                EventKind::Responded {
                    outcome: None,
                    ends_process: false,
                },
                noon(*d),
            );
        }
    }
    let case = Case {
        track: track.clone(),
        received,
        occurred: None,
        aware: None,
        excluded: None,
        as_of,
        classes: q.classes.clone(),
        events,
    };
    let t: Timeline = simulate(policy, &case)?;
    let schedule = Schedule::new(policy);
    let mut deadlines = Vec::new();
    for s in &t.steps {
        let Some(due) = s.due else { continue };
        let (stage, stage_id) = if s.step == StepKind::Ombudsman {
            (None, None)
        } else {
            (
                Some(s.stage_title.clone().unwrap_or_else(|| s.stage.clone())),
                Some(s.stage.clone()),
            )
        };
        let who = match s.step {
            StepKind::Escalate | StepKind::Ombudsman => Who::Resident,
            _ => Who::Council,
        };
        let until = |a: NaiveDate| schedule.working_days_between(a, due);
        let (status, late_by, due_in) = match (s.step, s.done, as_of) {
            (StepKind::Ombudsman, _, _) => (DeadlineStatus::Open, None, None),
            (_, Some(_), _) => match s.status {
                Status::Late => (DeadlineStatus::Late, s.late_by, None),
                _ => (DeadlineStatus::OnTime, None, None),
            },
            (_, None, _) if s.status == Status::Lapsed => (DeadlineStatus::Lapsed, None, None),
            (StepKind::Escalate, None, None) => (DeadlineStatus::Open, None, None),
            (StepKind::Escalate, None, Some(a)) if a > due => {
                (DeadlineStatus::Closed, Some(-until(a)?), None)
            }
            (StepKind::Escalate, None, Some(a)) => (DeadlineStatus::Open, None, Some(until(a)?)),
            (_, None, None) => (DeadlineStatus::Pending, None, None),
            (_, None, Some(a)) if a > due => (DeadlineStatus::Overdue, Some(-until(a)?), None),
            (_, None, Some(a)) => (DeadlineStatus::Due, None, Some(until(a)?)),
        };
        deadlines.push(Deadline {
            stage,
            stage_id,
            step: s.step,
            label: s.label.clone(),
            due,
            basis: s.basis.clone(),
            who,
            done: s.done,
            status,
            late_by,
            due_in,
        });
    }
    let next = as_of.and_then(|_| next_of(&deadlines));
    Ok(Report {
        policy: t.policy,
        track,
        received,
        effective_received: t.effective_received,
        as_of,
        deadlines,
        next,
        assumptions: t.assumptions,
    })
}

/// The council's earliest deadline still to come, else the resident's earliest open window.
fn next_of(deadlines: &[Deadline]) -> Option<Next> {
    let first = |status: DeadlineStatus, who: Who| {
        deadlines
            .iter()
            .filter(|d| d.status == status && d.who == who && d.step != StepKind::Ombudsman)
            .min_by_key(|d| d.due)
    };
    let d = first(DeadlineStatus::Due, Who::Council)
        .or_else(|| first(DeadlineStatus::Open, Who::Resident))?;
    Some(Next {
        stage: d.stage.clone(),
        stage_id: d.stage_id.clone(),
        step: d.step,
        label: d.label.clone(),
        who: d.who,
        due: d.due,
        due_in: d.due_in?,
    })
}

/// The policy with a user's extra closure days added to its calendar (`--closures FILE`).
pub fn with_closures(policy: &ir::Policy, closures: &[Closure]) -> ir::Policy {
    let mut p = policy.clone();
    p.calendar
        .closures
        .extend(closures.iter().map(|c| ir::Rule {
            value: ir::Closure {
                from: c.from,
                to: c.to,
                label: Some(c.label.clone()),
            },
            track: None,
            class: None,
            cites: Vec::new(),
            span: crate::span::Span::default(),
        }));
    p
}

/// The most working days a count can add: every working day the calendar holds. A larger
/// count cannot land inside the calendar's years, and would overflow its arithmetic.
pub fn max_working_days(cal: &WorkingCalendar) -> u32 {
    cal.working_days_between(cal.first(), cal.last())
        .ok()
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or(0)
}

// ------------------------------------------------------------------------ impossible input

macro_rules! input_code {
    ($konst:ident, $name:literal, $summary:literal, $doc:literal) => {
        pub const $konst: Code = Code {
            name: $name,
            severity: Severity::Error,
            summary: $summary,
            doc: $doc,
        };
    };
}

input_code!(
    ACKNOWLEDGED_BEFORE_RECEIPT,
    "redress::deadlines::acknowledged_before_receipt",
    "an acknowledgement dated before the complaint was received",
    "`redress deadlines` was given an `--acknowledged` date earlier than `--received`. No \
     complaint is acknowledged before it arrives, so one of the two dates is wrong (often day \
     and month swapped, or the wrong year).\n\nHow to fix: check both dates against the case \
     record. The command exits 2 and prints no deadlines."
);
input_code!(
    RESPONDED_BEFORE_RECEIPT,
    "redress::deadlines::responded_before_receipt",
    "a response dated before the complaint was received",
    "`redress deadlines` was given a `--responded` date earlier than `--received`.\n\nHow to \
     fix: check both dates against the case record. The command exits 2 and prints no \
     deadlines."
);
input_code!(
    ESCALATED_BEFORE_RESPONSE,
    "redress::deadlines::escalated_before_response",
    "an escalation request dated before the response it follows",
    "The N-th `--escalated` is the request to move the complaint into the route's stage N + 1, \
     made after that stage's previous response (the N-th `--responded`). A request dated \
     before that response cannot follow it: the dates are wrong, or the flags are in the \
     wrong order (repeat them in the order of the track's route).\n\nHow to fix: check the \
     dates; a complaint that moved on before a response (an `automatic if overdue` \
     escalation) needs no `--escalated`."
);
input_code!(
    ESCALATED_WITHOUT_RESPONSE,
    "redress::deadlines::escalated_without_response",
    "an escalation request with no response before it",
    "The N-th `--escalated` follows the N-th `--responded`; it was given without it. redress \
     once dropped such a request without a word, so the deadlines it printed were those of a \
     complaint that never escalated.\n\nHow to fix: give the previous stage's `--responded` \
     date too, before the `--escalated`."
);
input_code!(
    EXTENSION_WITHOUT_RESPONSE_STAGE,
    "redress::deadlines::extension_without_response_stage",
    "an extension for a stage that has no response deadline",
    "The N-th `--extended` extends the response deadline of the route's N-th stage. Either the \
     track's route has fewer than N stages, or that stage has no `respond` rule for the track, \
     so there is nothing to extend.\n\nHow to fix: give one `--extended` per stage in route \
     order (`--extended 0` for a stage not extended), and no more than the route has stages."
);
input_code!(
    MORE_DATES_THAN_STAGES,
    "redress::deadlines::more_dates_than_stages",
    "more dates of one kind than the track's route has stages",
    "`--acknowledged` and `--responded` take one date per stage of the track's route, in \
     order, and `--escalated` one per stage after the first. More than that cannot belong to \
     the complaint: the extra dates would be ignored, so they are refused.\n\nHow to fix: \
     check `--track` (a track with a longer route?) and the dates."
);
input_code!(
    DATED_BEFORE_ESCALATION,
    "redress::deadlines::dated_before_escalation",
    "a later stage's acknowledgement or response dated before the request that opened it",
    "A stage after the first begins with the request to escalate into it (`--escalated`); its \
     `--acknowledged` or `--responded` date is earlier than that request.\n\nHow to fix: \
     check the dates and their order (each flag repeats in the order of the track's route)."
);
input_code!(
    AS_OF_BEFORE_EVENT,
    "redress::deadlines::as_of_before_event",
    "`--as-of` is earlier than something the case already records",
    "`--as-of DATE` judges the case on that day: it cannot be before the complaint was \
     received, nor before a date given for something already done.\n\nHow to fix: give the \
     day the case is looked at (today's date, for the morning check), or leave out the dates \
     of what had not yet happened by then."
);
input_code!(
    OVERFLOW,
    "redress::calendar::overflow",
    "a count of working days larger than the calendar holds",
    "A number of working days (`deadlines --extended`, `calendar add --working-days`) larger \
     than every working day in the years redress has bank holidays for (2018 to 2030) cannot \
     give a date redress knows. Counted as a 32-bit number it once wrapped round to a date \
     before the start.\n\nHow to fix: give the number of working days the council actually \
     set (an extension is at most a few weeks)."
);

/// Every input code, for the registry.
pub const CODES: &[&Code] = &[
    &ACKNOWLEDGED_BEFORE_RECEIPT,
    &RESPONDED_BEFORE_RECEIPT,
    &ESCALATED_BEFORE_RESPONSE,
    &ESCALATED_WITHOUT_RESPONSE,
    &EXTENSION_WITHOUT_RESPONSE_STAGE,
    &MORE_DATES_THAN_STAGES,
    &DATED_BEFORE_ESCALATION,
    &AS_OF_BEFORE_EVENT,
    &OVERFLOW,
];

/// Which command-line value an input error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    Received,
    Acknowledged(usize),
    Responded(usize),
    Extended(usize),
    Escalated(usize),
    AsOf,
}

/// An impossible input: its code, the value it is about, and what to say.
#[derive(Clone, Debug)]
pub struct Invalid {
    pub code: &'static Code,
    pub arg: Arg,
    pub message: String,
    pub label: String,
    pub help: String,
}

fn ordinal(i: usize) -> String {
    let n = i + 1;
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Everything about a query that cannot be true of one complaint on `policy`'s track, each
/// with its code. Empty when the query is possible. The track must exist (the simulator says
/// so otherwise).
pub fn validate(
    policy: &ir::Policy,
    q: &Query,
    received: NaiveDateTime,
    as_of: Option<NaiveDate>,
) -> Vec<Invalid> {
    let track = track_of(policy, q);
    let route = policy.route(&track);
    let n = route.stages.len();
    if n == 0 {
        // No route: the simulator refuses the track with its own message.
        return Vec::new();
    }
    let stage_words = |i: usize| match route.stages.get(i) {
        Some(s) => format!(
            "stage `{}`{}",
            s.name.value,
            s.title
                .as_ref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default()
        ),
        None => format!("a {} stage", ordinal(i)),
    };
    let route_words = format!(
        "the route of track `{track}` is {} ({n} stage{})",
        route
            .stages
            .iter()
            .map(|s| s.name.value.as_str())
            .collect::<Vec<_>>()
            .join(" -> "),
        if n == 1 { "" } else { "s" }
    );
    let mut out = Vec::new();
    let mut bad = |code: &'static Code, arg: Arg, message: String, label: &str, help: String| {
        out.push(Invalid {
            code,
            arg,
            message,
            label: label.into(),
            help,
        })
    };
    let day = received.date();

    // Counts first: a date with no stage to belong to is refused before it is compared.
    for (flag, len, arg) in [
        (
            "--acknowledged",
            q.acknowledged.len(),
            Arg::Acknowledged as fn(usize) -> Arg,
        ),
        ("--responded", q.responded.len(), Arg::Responded),
    ] {
        if len > n {
            bad(
                &MORE_DATES_THAN_STAGES,
                arg(n),
                format!("{len} `{flag}` dates, but {route_words}"),
                "no stage for this date",
                format!("give one `{flag}` per stage, in the order of the route"),
            );
        }
    }
    if q.escalated.len() + 1 > n.max(1) {
        bad(
            &MORE_DATES_THAN_STAGES,
            Arg::Escalated(n.saturating_sub(1)),
            format!(
                "{} `--escalated` dates, but {route_words}: at most {} escalation{}",
                q.escalated.len(),
                n.saturating_sub(1),
                if n == 2 { "" } else { "s" }
            ),
            "no stage to escalate into",
            "give one `--escalated` per stage after the first, in the order of the route".into(),
        );
    }
    let schedule = Schedule::new(policy);
    let most = max_working_days(&schedule.cal);
    for (i, &e) in q.extended.iter().enumerate() {
        let Some(stage) = route.stages.get(i) else {
            bad(
                &EXTENSION_WITHOUT_RESPONSE_STAGE,
                Arg::Extended(i),
                format!(
                    "the {} `--extended` has no stage to extend: {route_words}",
                    ordinal(i)
                ),
                "no stage for this extension",
                "give one `--extended` per stage, in the order of the route".into(),
            );
            continue;
        };
        if e > 0 && !stage.respond.iter().any(|r| r.applies_to(&track)) {
            bad(
                &EXTENSION_WITHOUT_RESPONSE_STAGE,
                Arg::Extended(i),
                format!(
                    "{} has no response deadline on track `{track}` to extend",
                    stage_words(i)
                ),
                "nothing to extend",
                "give `--extended 0` for a stage that is not extended".into(),
            );
        }
        if e > most {
            bad(
                &OVERFLOW,
                Arg::Extended(i),
                format!(
                    "an extension of {e} working days is more than the {most} working days \
                     redress's calendar holds ({} to {})",
                    schedule.cal.first(),
                    schedule.cal.last()
                ),
                "too many working days",
                "give the number of working days the deadline was extended by".into(),
            );
        }
    }

    // Dates against receipt, and each stage against the one before it.
    for (i, d) in q.acknowledged.iter().enumerate().take(n) {
        if *d < day {
            bad(
                &ACKNOWLEDGED_BEFORE_RECEIPT,
                Arg::Acknowledged(i),
                format!(
                    "{} was acknowledged on {d}, before the complaint was received on {day}",
                    stage_words(i)
                ),
                "before receipt",
                "check the acknowledgement and receipt dates against the case record".into(),
            );
        }
    }
    for (i, d) in q.responded.iter().enumerate().take(n) {
        if *d < day {
            bad(
                &RESPONDED_BEFORE_RECEIPT,
                Arg::Responded(i),
                format!(
                    "{} responded on {d}, before the complaint was received on {day}",
                    stage_words(i)
                ),
                "before receipt",
                "check the response and receipt dates against the case record".into(),
            );
        }
    }
    for (j, at) in q.escalated.iter().enumerate().take(n.saturating_sub(1)) {
        match q.responded.get(j) {
            None => bad(
                &ESCALATED_WITHOUT_RESPONSE,
                Arg::Escalated(j),
                format!(
                    "the request to escalate into {} has no {} response before it",
                    stage_words(j + 1),
                    stage_words(j)
                ),
                "no response before this request",
                format!(
                    "give the {} response date (`--responded`, one per stage in route order) \
                     before the request",
                    stage_words(j)
                ),
            ),
            Some(r) if at.date() < *r => bad(
                &ESCALATED_BEFORE_RESPONSE,
                Arg::Escalated(j),
                format!(
                    "the request to escalate into {} ({}) is dated before the {} response it \
                     follows ({r})",
                    stage_words(j + 1),
                    at.date(),
                    stage_words(j)
                ),
                "before the response",
                "check the dates, and give the flags in the order of the track's route".into(),
            ),
            Some(_) => {}
        }
        let opened = at.date();
        for (arg, d, what) in [
            (
                Arg::Acknowledged(j + 1),
                q.acknowledged.get(j + 1),
                "acknowledged",
            ),
            (Arg::Responded(j + 1), q.responded.get(j + 1), "responded"),
        ] {
            if let Some(d) = d.filter(|d| **d < opened && **d >= day) {
                bad(
                    &DATED_BEFORE_ESCALATION,
                    arg,
                    format!(
                        "{} {what} on {d}, before the request to escalate into it ({opened})",
                        stage_words(j + 1)
                    ),
                    "before the stage was asked for",
                    "check the dates, and give the flags in the order of the track's route".into(),
                );
            }
        }
    }

    if let Some(a) = as_of {
        if a < day {
            bad(
                &AS_OF_BEFORE_EVENT,
                Arg::AsOf,
                format!("--as-of {a} is before the complaint was received ({day})"),
                "before receipt",
                "give the day the case is looked at".into(),
            );
        } else {
            let later = q
                .acknowledged
                .iter()
                .chain(&q.responded)
                .copied()
                .chain(q.escalated.iter().map(|e| e.date()))
                .filter(|d| *d > a)
                .max();
            if let Some(d) = later {
                bad(
                    &AS_OF_BEFORE_EVENT,
                    Arg::AsOf,
                    format!("--as-of {a} is before {d}, a date the case already records"),
                    "before a recorded date",
                    "give the day the case is looked at, or leave out what had not happened by \
                     then"
                        .into(),
                );
            }
        }
    }
    out
}
