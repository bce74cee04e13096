//! The timeline computation: deadlines, their basis, and whether each step was in time.

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use super::case::{Case, EventKind};
use crate::calendar::{self, CalendarError, CalendarSpec, Closure, WorkingCalendar};
use crate::ir::{self, Combine, Event, ExtensionLimit, OutOfHours, Region, Unit};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Acknowledge,
    Respond,
    Escalate,
    Ombudsman,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    OnTime,
    Late,
    /// not done, and either no `as_of` was given or its deadline has not passed by then
    Pending,
    /// a deadline that only tells the resident when a right ends (escalation window)
    Open,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub stage: String,
    pub stage_title: Option<String>,
    pub step: StepKind,
    pub due: Option<NaiveDate>,
    /// What the deadline is counted from, in words, with dates.
    pub basis: String,
    pub done: Option<NaiveDate>,
    pub status: Status,
    /// Working days late (only when late).
    pub late_by: Option<i64>,
    /// Clauses the rule cites: (clause, phrase).
    pub cites: Vec<(String, String)>,
    /// Non-working days between the start and the deadline, with the reason for each.
    pub skipped: Vec<DayOff>,
}

/// A day a working-day deadline passed over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayOff {
    pub date: NaiveDate,
    pub reason: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Accepted,
    /// outside the time limit, but the policy allows discretion
    Discretion,
    Refused,
    /// the case does not say when the matter occurred or the resident became aware
    Unknown,
}

#[derive(Clone, Debug, Serialize)]
pub struct Acceptance {
    pub decision: Decision,
    pub reason: String,
    /// Last day a complaint is in time, when the policy has a time limit.
    pub window_closes: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub policy: String,
    pub track: String,
    pub received: NaiveDateTime,
    pub effective_received: NaiveDateTime,
    pub acceptance: Acceptance,
    pub steps: Vec<Step>,
    pub ombudsman: Option<ir::Ombudsman>,
    /// Readings redress took where the policy is silent or ambiguous.
    pub assumptions: Vec<String>,
}

#[derive(Debug)]
pub enum SimError {
    UnknownTrack { track: String, known: Vec<String> },
    UnknownStage(String),
    Calendar(CalendarError),
    NoStages,
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::UnknownTrack { track, known } => {
                write!(
                    f,
                    "the policy has no track `{track}` (it has: {})",
                    known.join(", ")
                )
            }
            SimError::UnknownStage(s) => write!(f, "the policy has no stage `{s}`"),
            SimError::Calendar(e) => write!(f, "{e}"),
            SimError::NoStages => write!(f, "the policy has no stages"),
        }
    }
}

impl From<CalendarError> for SimError {
    fn from(e: CalendarError) -> Self {
        SimError::Calendar(e)
    }
}

/// The calendar a policy describes.
pub fn calendar_for(policy: &ir::Policy, assumptions: &mut Vec<String>) -> WorkingCalendar {
    let region = match &policy.calendar.region {
        Some(r) => r.value,
        None => {
            assumptions
                .push("the policy names no bank-holiday region: England and Wales assumed".into());
            Region::EnglandAndWales
        }
    };
    let mut spec = CalendarSpec::new(region);
    if let Some(w) = &policy.calendar.week {
        spec.week = w.value;
    }
    spec.closures = policy
        .calendar
        .closures
        .iter()
        .map(|c| Closure {
            from: c.value.from,
            to: c.value.to,
            label: c
                .value
                .label
                .clone()
                .unwrap_or_else(|| "closure day".into()),
        })
        .collect();
    WorkingCalendar::new(&spec)
}

/// Office hours and what happens out of them, with the readings taken.
pub fn office_hours(
    policy: &ir::Policy,
    assumptions: &mut Vec<String>,
) -> (NaiveTime, NaiveTime, OutOfHours) {
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
    let five = NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default();
    let (open, close) = match &policy.calendar.hours {
        Some(h) => h.value,
        None => {
            assumptions.push("the policy states no office hours: 09:00 to 17:00 assumed".into());
            (nine, five)
        }
    };
    let ooh = match &policy.calendar.out_of_hours {
        Some(o) => o.value,
        None => OutOfHours::NextWorkingDay,
    };
    (open, close, ooh)
}

/// When something that arrived at `at` counts as received.
pub fn effective(
    cal: &WorkingCalendar,
    at: NaiveDateTime,
    hours: (NaiveTime, NaiveTime, OutOfHours),
) -> Result<NaiveDateTime, CalendarError> {
    match hours.2 {
        OutOfHours::NextWorkingDay => cal.effective_receipt(at, hours.0, hours.1),
        OutOfHours::SameDay => Ok(at),
    }
}

/// The rule that applies to `track`: the one `for` it, else the one for every track.
pub fn effective_rule<'a, T>(rules: &'a [ir::Rule<T>], track: &str) -> Option<&'a ir::Rule<T>> {
    ir::rule_for(rules, Some(track))
}

/// Known dates of the case, for resolving start events.
#[derive(Default, Clone)]
struct Known {
    received: Option<NaiveDate>,
    occurred: Option<NaiveDate>,
    aware: Option<NaiveDate>,
    /// the current stage's start (receipt, or the escalation request)
    stage_start: Option<(NaiveDate, &'static str)>,
    /// the current stage's acknowledgement: actual, else its deadline
    acknowledgement: Option<(NaiveDate, &'static str)>,
    escalation: Option<NaiveDate>,
    responses: Vec<(String, NaiveDate)>,
    acks: Vec<(String, NaiveDate)>,
    final_response: Option<NaiveDate>,
}

struct Sim<'a> {
    policy: &'a ir::Policy,
    cal: WorkingCalendar,
    track: String,
    assumptions: Vec<String>,
}

fn cites<T>(r: &ir::Rule<T>) -> Vec<(String, String)> {
    r.cites
        .iter()
        .map(|c| (c.clause.value.clone(), c.phrase.value.clone()))
        .collect()
}

impl Sim<'_> {
    fn note(&mut self, s: String) {
        if !self.assumptions.contains(&s) {
            self.assumptions.push(s);
        }
    }

    /// Resolve a start event to a date and a description of it.
    fn start(&mut self, e: &Event, k: &Known, stage: &str) -> Option<(NaiveDate, String)> {
        let d = |x: Option<NaiveDate>, what: &str| x.map(|x| (x, format!("{what} ({x})")));
        match e {
            Event::Receipt => d(k.received, "receipt"),
            Event::Acknowledgement => k
                .acknowledgement
                .map(|(x, how)| (x, format!("{how} ({x})"))),
            Event::Escalation => d(k.escalation, "the escalation request"),
            Event::Occurrence => d(k.occurred, "the matter occurring"),
            Event::Awareness => d(k.aware, "awareness of the matter"),
            Event::OccurrenceOrAwareness => {
                let later = match (k.occurred, k.aware) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                d(later, "the later of occurrence and awareness")
            }
            Event::FinalResponse => d(k.final_response, "the final response"),
            Event::StageResponse(s) => {
                let x = k
                    .responses
                    .iter()
                    .find(|(n, _)| *n == s.value)
                    .map(|(_, x)| *x);
                d(x, &format!("the stage `{}` response", s.value))
            }
            Event::StageAcknowledgement(s) => {
                let x = k.acks.iter().find(|(n, _)| *n == s.value).map(|(_, x)| *x);
                d(x, &format!("the stage `{}` acknowledgement", s.value))
            }
            Event::StageResponseDue(_) | Event::StageAcknowledgementDue(_) => None,
            Event::Unstated => {
                let (x, what) = k.stage_start?;
                self.note(format!(
                    "stage `{stage}`: a timescale with no start event in the policy is counted from {what}"
                ));
                Some((
                    x,
                    format!("{what} ({x}), assumed: the policy gives no start event"),
                ))
            }
        }
    }

    /// Add a duration to a date, with the non-working days it skipped.
    fn add(
        &mut self,
        from: NaiveDate,
        d: &ir::Duration,
    ) -> Result<(NaiveDate, Vec<DayOff>), SimError> {
        let unit = match d.unit {
            Unit::Days => match self.policy.plain_days() {
                Some(u) => u,
                None => {
                    self.note(format!(
                        "\"{}\" has no unit in the policy: read as working days",
                        d.unit.describe(d.amount)
                    ));
                    Unit::WorkingDays
                }
            },
            u => u,
        };
        let due = match unit {
            Unit::WorkingDays | Unit::Days => self.cal.add_working_days(from, d.amount)?,
            Unit::CalendarDays => from
                .checked_add_days(Days::new(u64::from(d.amount)))
                .unwrap_or(from),
            Unit::Weeks => from
                .checked_add_days(Days::new(7 * u64::from(d.amount)))
                .unwrap_or(from),
            Unit::Months => calendar::add_months(from, d.amount).unwrap_or(from),
        };
        let skipped = if matches!(unit, Unit::WorkingDays | Unit::Days) {
            self.cal
                .days_off_between(from, due)
                .into_iter()
                .map(|(date, o)| DayOff {
                    date,
                    reason: o.to_string(),
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok((due, skipped))
    }

    /// The deadline a window gives, or None when a start event has not happened yet.
    fn window(
        &mut self,
        w: &ir::Window,
        k: &Known,
        stage: &str,
    ) -> Result<Option<(NaiveDate, String, Vec<DayOff>)>, SimError> {
        let mut parts = Vec::new();
        for t in &w.terms {
            let Some((from, what)) = self.start(&t.from.value, k, stage) else {
                return Ok(None);
            };
            let (due, skipped) = self.add(from, &t.duration)?;
            parts.push((due, format!("{} of {what}", t.duration), skipped));
        }
        let chosen = match w.combine {
            Combine::Later => parts.into_iter().max_by_key(|p| p.0),
            Combine::Earlier => parts.into_iter().min_by_key(|p| p.0),
            Combine::Single => parts.into_iter().next(),
        };
        Ok(chosen.map(|(due, basis, skipped)| {
            let basis = if w.discretion {
                format!("{basis}, with discretion to go beyond")
            } else {
                basis
            };
            (due, basis, skipped)
        }))
    }

    fn judge(
        &self,
        due: Option<NaiveDate>,
        done: Option<NaiveDate>,
        as_of: Option<NaiveDate>,
    ) -> (Status, Option<i64>) {
        match (due, done) {
            (Some(due), Some(done)) if done <= due => (Status::OnTime, None),
            (Some(due), Some(done)) => {
                (Status::Late, self.cal.working_days_between(due, done).ok())
            }
            (Some(due), None) => match as_of {
                Some(a) if a > due => (Status::Late, self.cal.working_days_between(due, a).ok()),
                _ => (Status::Pending, None),
            },
            (None, Some(_)) => (Status::OnTime, None),
            (None, None) => (Status::Pending, None),
        }
    }
}

/// Run a case through a policy.
pub fn simulate(policy: &ir::Policy, case: &Case) -> Result<Timeline, SimError> {
    let known_tracks: Vec<String> = policy.track_names().iter().map(|s| s.to_string()).collect();
    if !known_tracks.is_empty() && !known_tracks.contains(&case.track) {
        return Err(SimError::UnknownTrack {
            track: case.track.clone(),
            known: known_tracks,
        });
    }
    let first = policy.stages.first().ok_or(SimError::NoStages)?;
    for e in &case.events {
        if policy.stage(&e.stage).is_none() {
            return Err(SimError::UnknownStage(e.stage.clone()));
        }
    }
    let mut assumptions = Vec::new();
    let cal = calendar_for(policy, &mut assumptions);
    let hours = office_hours(policy, &mut assumptions);
    let mut sim = Sim {
        policy,
        cal,
        track: case.track.clone(),
        assumptions,
    };
    let effective_received = effective(&sim.cal, case.received, hours)?;
    let received = effective_received.date();

    let acceptance = accept(&mut sim, case, received)?;
    let mut steps = Vec::new();
    let mut known = Known {
        received: Some(received),
        occurred: case.occurred,
        aware: case.aware,
        ..Known::default()
    };

    let events_of = |stage: &str, kind: fn(&EventKind) -> bool| -> Vec<&super::case::CaseEvent> {
        case.events
            .iter()
            .filter(|e| e.stage == stage && kind(&e.kind))
            .collect()
    };
    let first_at = |stage: &str, kind: fn(&EventKind) -> bool| {
        events_of(stage, kind).iter().map(|e| e.at).min()
    };

    // Which stages the complaint passed through, in order.
    let mut current = Some(first);
    let mut last_response: Option<(NaiveDate, bool)> = None;
    let mut refused_on: Option<NaiveDate> = None;
    let mut overdue_from: Option<NaiveDate> = None;
    let mut skipped_from: Option<&str> = None;
    while let Some(stage) = current {
        let name = stage.name.value.as_str();
        if first_at(name, |k| *k == EventKind::Skipped).is_some() {
            skipped_from = Some(name);
            current = next_stage(policy, name);
            continue;
        }
        // How the stage starts.
        let request = first_at(name, |k| *k == EventKind::EscalationRequested);
        let start = if std::ptr::eq(stage, first) || (skipped_from.is_some() && request.is_none()) {
            (
                received,
                if skipped_from.is_some() {
                    "receipt (the earlier stage was skipped)"
                } else {
                    "receipt"
                },
            )
        } else if let Some(r) = request {
            let eff = effective(&sim.cal, r, hours)?.date();
            known.escalation = Some(eff);
            (eff, "the escalation request")
        } else {
            break;
        };
        known.stage_start = Some(start);
        if skipped_from.is_some() && request.is_none() {
            known.escalation = Some(received);
        }

        // Acknowledgement.
        let acked = first_at(name, |k| *k == EventKind::Acknowledged).map(|a| a.date());
        let mut ack_due = None;
        if let Some(rule) = effective_rule(&stage.acknowledge, &case.track) {
            let w = sim.window(&rule.value, &known, name)?;
            let (due, basis, skipped) = match w {
                Some((d, b, s)) => (Some(d), b, s),
                None => (None, "its start event has not happened".into(), Vec::new()),
            };
            ack_due = due;
            let (status, late_by) = sim.judge(due, acked, case.as_of);
            steps.push(Step {
                stage: name.into(),
                stage_title: stage.title.clone(),
                step: StepKind::Acknowledge,
                due,
                basis,
                done: acked,
                status,
                late_by,
                cites: cites(rule),
                skipped,
            });
        }
        known.acknowledgement = match (acked, ack_due) {
            (Some(a), _) => Some((a, "the acknowledgement")),
            (None, Some(d)) => Some((d, "the acknowledgement deadline")),
            (None, None) => None,
        };
        if let Some(a) = acked {
            known.acks.push((name.into(), a));
        }

        // Response, with extensions and pauses.
        let responded = events_of(name, |k| matches!(k, EventKind::Responded { .. }))
            .into_iter()
            .min_by_key(|e| e.at);
        let responded_on = responded.map(|e| e.at.date());
        if let Some(rule) = effective_rule(&stage.respond, &case.track) {
            let w = sim.window(&rule.value, &known, name)?;
            let (mut due, mut basis, mut skipped) = match w {
                Some((d, b, s)) => (Some(d), b, s),
                None => (None, "its start event has not happened".into(), Vec::new()),
            };
            // Pauses: the working days between each pause and its resumption.
            let pauses: Vec<NaiveDate> = events_of(name, |k| *k == EventKind::Paused)
                .iter()
                .map(|e| e.at.date())
                .collect();
            let resumes: Vec<NaiveDate> = events_of(name, |k| *k == EventKind::Resumed)
                .iter()
                .map(|e| e.at.date())
                .collect();
            if !pauses.is_empty() && stage.pauses.iter().all(|p| !p.applies_to(&case.track)) {
                sim.note(format!("stage `{name}`: the case pauses the timer, but the policy does not allow pauses"));
            }
            for (p, r) in pauses.iter().zip(resumes.iter()) {
                let paused = sim.cal.working_days_between(*p, *r)?.max(0) as u32;
                if let Some(d) = due {
                    let dur = ir::Duration {
                        amount: paused,
                        unit: Unit::WorkingDays,
                        span: Default::default(),
                    };
                    let (nd, s) = sim.add(d, &dur)?;
                    due = Some(nd);
                    skipped.extend(s);
                    basis.push_str(&format!(", plus {paused} working days paused ({p} to {r})"));
                }
            }
            // Extensions: each counts from the deadline it extends.
            let ext_rule = effective_rule(&stage.extensions, &case.track);
            let exts: Vec<u32> = events_of(name, |k| matches!(k, EventKind::Extended { .. }))
                .iter()
                .filter_map(|e| match &e.kind {
                    EventKind::Extended { working_days, .. } => Some(*working_days),
                    _ => None,
                })
                .collect();
            if !exts.is_empty() {
                match ext_rule {
                    None => sim.note(format!("stage `{name}`: the case extends the deadline, but the policy states no extension")),
                    Some(r) => {
                        if r.value.once && exts.len() > 1 {
                            sim.note(format!("stage `{name}`: the policy allows one extension; the case has {}", exts.len()));
                        }
                        let total: u32 = exts.iter().sum();
                        if let ExtensionLimit::UpTo { duration } = r.value.limit {
                            if total > duration.amount && !r.value.more_with_good_reason {
                                sim.note(format!(
                                    "stage `{name}`: {total} working days of extension exceed the policy's {duration}"
                                ));
                            } else if total > duration.amount {
                                sim.note(format!(
                                    "stage `{name}`: {total} working days of extension exceed {duration}; the policy allows more only with good reason"
                                ));
                            }
                        }
                    }
                }
            }
            for e in exts {
                if let Some(d) = due {
                    let dur = ir::Duration {
                        amount: e,
                        unit: Unit::WorkingDays,
                        span: Default::default(),
                    };
                    let (nd, s) = sim.add(d, &dur)?;
                    due = Some(nd);
                    skipped.extend(s);
                    basis.push_str(&format!(", extended by {e} working days"));
                }
            }
            let (status, late_by) = sim.judge(due, responded_on, case.as_of);
            if responded_on.is_none() {
                if let (Some(d), Some(a)) = (due, case.as_of) {
                    if a > d {
                        overdue_from = d.succ_opt();
                    }
                }
            }
            steps.push(Step {
                stage: name.into(),
                stage_title: stage.title.clone(),
                step: StepKind::Respond,
                due,
                basis,
                done: responded_on,
                status,
                late_by,
                cites: cites(rule),
                skipped,
            });
        }
        let Some(resp) = responded else { break };
        let resp_on = resp.at.date();
        known.responses.push((name.into(), resp_on));
        let ends = matches!(
            resp.kind,
            EventKind::Responded {
                ends_process: true,
                ..
            }
        );
        if ends && stage.ends_early.iter().all(|r| !r.applies_to(&case.track)) {
            sim.note(format!("stage `{name}`: the case ends the process here, but the policy does not allow that"));
        }
        last_response = Some((resp_on, ends));
        if ends {
            known.final_response = Some(resp_on);
            break;
        }

        // Escalation from this stage.
        let Some(esc) = policy.escalations.iter().find(|e| e.from.value == name) else {
            known.final_response = Some(resp_on);
            break;
        };
        let to = esc.to.value.as_str();
        let requested = first_at(to, |k| *k == EventKind::EscalationRequested);
        let requested_on = match requested {
            Some(r) => Some(effective(&sim.cal, r, hours)?.date()),
            None => None,
        };
        let refused = first_at(to, |k| *k == EventKind::EscalationRefused).map(|r| r.date());
        if let Some(rule) = effective_rule(&esc.windows, &case.track) {
            let w = sim.window(&rule.value, &known, name)?;
            let (due, basis, skipped) = match w {
                Some((d, b, s)) => (Some(d), b, s),
                None => (None, "its start event has not happened".into(), Vec::new()),
            };
            let (status, late_by) = match (due, requested_on) {
                (Some(d), Some(r)) if r <= d => (Status::OnTime, None),
                (Some(d), Some(r)) => (Status::Late, sim.cal.working_days_between(d, r).ok()),
                _ => (Status::Open, None),
            };
            let basis = if status == Status::Late && rule.value.discretion {
                format!("{basis}; a late request may still be accepted at the council's discretion")
            } else {
                basis
            };
            steps.push(Step {
                stage: to.into(),
                stage_title: policy.stage(to).and_then(|s| s.title.clone()),
                step: StepKind::Escalate,
                due,
                basis,
                done: requested_on,
                status,
                late_by,
                cites: cites(rule),
                skipped,
            });
        }
        if let Some(r) = refused {
            refused_on = Some(r);
            break;
        }
        if requested.is_none() {
            break;
        }
        current = policy.stage(to);
    }

    // When the complainant may go to the Ombudsman.
    let ombudsman = policy
        .tracks
        .iter()
        .find(|t| t.value.name.value == case.track)
        .and_then(|t| t.value.ombudsman.as_ref().map(|o| o.value));
    if let Some(route) = ombudsman {
        let (due, basis) = if let Some(r) = refused_on {
            (Some(r), format!("the council refused to escalate ({r})"))
        } else if let Some(f) = known.final_response {
            let how = if last_response.is_some_and(|(_, e)| e) {
                "the council made its response final early"
            } else {
                "the final response"
            };
            (
                Some(f),
                format!("{how} ({f}): the internal process is exhausted"),
            )
        } else if let Some(o) = overdue_from {
            (
                Some(o),
                format!("the council missed its response deadline (the day after it, {o})"),
            )
        } else {
            (None, "the internal process is not finished".into())
        };
        let stale = policy
            .ombudsman_waits
            .iter()
            .find(|w| w.value.ombudsman.value == route && w.applies_to(&case.track));
        let basis = match stale {
            Some(w) => format!(
                "{basis}; the policy's wait of {} is not applied: it was abolished on 1 October 2022",
                w.value.duration
            ),
            None => basis,
        };
        steps.push(Step {
            stage: String::new(),
            stage_title: None,
            step: StepKind::Ombudsman,
            due,
            basis,
            done: None,
            status: if due.is_some() {
                Status::Open
            } else {
                Status::Pending
            },
            late_by: None,
            cites: Vec::new(),
            skipped: Vec::new(),
        });
    }

    Ok(Timeline {
        policy: policy.name.value.clone(),
        track: sim.track.clone(),
        received: case.received,
        effective_received,
        acceptance,
        steps,
        ombudsman,
        assumptions: sim.assumptions,
    })
}

fn next_stage<'a>(policy: &'a ir::Policy, from: &str) -> Option<&'a ir::Stage> {
    let e = policy.escalations.iter().find(|e| e.from.value == from)?;
    policy.stage(&e.to.value)
}

fn accept(sim: &mut Sim, case: &Case, received: NaiveDate) -> Result<Acceptance, SimError> {
    if let Some(kind) = case.excluded {
        let listed = sim
            .policy
            .exclusions
            .iter()
            .find(|e| e.value.kind.value == kind && e.applies_to(&case.track));
        return Ok(match listed {
            Some(e) => Acceptance {
                decision: Decision::Refused,
                reason: format!(
                    "excluded: {}{}",
                    kind,
                    e.value
                        .refer
                        .as_ref()
                        .map(|r| format!(" (referred to {r})"))
                        .unwrap_or_default()
                ),
                window_closes: None,
            },
            None => Acceptance {
                decision: Decision::Accepted,
                reason: format!("the policy does not list `{kind}` as an exclusion for this track"),
                window_closes: None,
            },
        });
    }
    let policy = sim.policy;
    let Some(rule) = effective_rule(&policy.acceptance, &case.track) else {
        return Ok(Acceptance {
            decision: Decision::Accepted,
            reason: "the policy sets no time limit for making a complaint".into(),
            window_closes: None,
        });
    };
    let known = Known {
        received: Some(received),
        occurred: case.occurred,
        aware: case.aware,
        ..Known::default()
    };
    let Some((closes, basis, _)) = sim.window(&rule.value, &known, "")? else {
        return Ok(Acceptance {
            decision: Decision::Unknown,
            reason:
                "the case does not say when the matter occurred or the resident became aware of it"
                    .into(),
            window_closes: None,
        });
    };
    Ok(if received <= closes {
        Acceptance {
            decision: Decision::Accepted,
            reason: format!("in time: within {basis}"),
            window_closes: Some(closes),
        }
    } else if rule.value.discretion {
        Acceptance {
            decision: Decision::Discretion,
            reason: format!(
                "late (limit {basis}, closed {closes}): accepted only at the council's discretion"
            ),
            window_closes: Some(closes),
        }
    } else {
        Acceptance {
            decision: Decision::Refused,
            reason: format!("late: the limit is {basis}, which closed on {closes}"),
            window_closes: Some(closes),
        }
    })
}
