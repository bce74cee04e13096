//! The timeline of one case: it walks the case's track's route, asks the schedule core for
//! every deadline, and judges each step. It holds no date arithmetic of its own.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::case::{Case, CaseEvent, EventKind};
use crate::ir::{self, ExtensionLimit, Route, Unit};
pub use crate::schedule::DayOff;
use crate::schedule::{Due, Facts, Reading, Schedule, ScheduleError, StageStart, WindowOf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepKind {
    Acknowledge,
    Respond,
    Milestone,
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
    /// an escalation window marked `, lapses` passed unused: the complaint is closed
    Lapsed,
}

#[derive(Clone, Debug, Serialize)]
pub struct Step {
    pub stage: String,
    pub stage_title: Option<String>,
    pub step: StepKind,
    /// A milestone's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
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
    /// Readings redress took where the policy is silent or ambiguous, in words.
    pub assumptions: Vec<String>,
    /// The same readings, typed.
    pub readings: Vec<Reading>,
}

#[derive(Debug)]
pub enum SimError {
    UnknownTrack {
        track: String,
        known: Vec<String>,
    },
    UnknownStage(String),
    /// The case names a stage that is not on its track's route.
    StageNotOnRoute {
        stage: String,
        track: String,
        route: Vec<String>,
    },
    /// The case names a class the policy does not declare.
    UnknownClass {
        class: String,
        known: Vec<String>,
    },
    /// No route is stated for the track (`check` reports it as `no_route`).
    NoRoute {
        track: String,
    },
    /// Every rule of a step depends on a case class and the case gives none that matches.
    ClassNeeded {
        stage: String,
        step: &'static str,
        classes: Vec<String>,
    },
    Schedule(ScheduleError),
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SimError::UnknownTrack { track, known } => write!(
                f,
                "the policy has no track `{track}` (it has: {})",
                known.join(", ")
            ),
            SimError::UnknownStage(s) => write!(f, "the policy has no stage `{s}`"),
            SimError::UnknownClass { class, known } => write!(
                f,
                "the policy declares no class `{class}` (it has: {})",
                if known.is_empty() { "none".to_string() } else { known.join(", ") }
            ),
            SimError::StageNotOnRoute { stage, track, route } => write!(
                f,
                "stage `{stage}` is not on the route of track `{track}` ({})",
                route.join(" -> ")
            ),
            SimError::NoRoute { track } => write!(
                f,
                "the policy states no route for track `{track}`; run `redress check` on it"
            ),
            SimError::ClassNeeded {
                stage,
                step,
                classes,
            } => write!(
                f,
                "the stage `{stage}` {step} timescale depends on the case's class; give the case one of: {}",
                classes.join(", ")
            ),
            SimError::Schedule(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SimError {}

impl From<ScheduleError> for SimError {
    fn from(e: ScheduleError) -> Self {
        SimError::Schedule(e)
    }
}

impl From<crate::calendar::CalendarError> for SimError {
    fn from(e: crate::calendar::CalendarError) -> Self {
        SimError::Schedule(ScheduleError::Calendar(e))
    }
}

fn cites<T>(r: &ir::Rule<T>) -> Vec<(String, String)> {
    r.cites
        .iter()
        .map(|c| (c.clause.value.clone(), c.phrase.value.clone()))
        .collect()
}

/// One simulation: the schedule, the case, and the readings gathered on the way.
struct Sim<'a> {
    policy: &'a ir::Policy,
    schedule: Schedule<'a>,
    route: Route<'a>,
    case: &'a Case,
    readings: Vec<Reading>,
}

impl<'a> Sim<'a> {
    fn note(&mut self, r: Reading) {
        if !self.readings.contains(&r) {
            self.readings.push(r);
        }
    }

    /// The rule of one kind for this case's track and classes.
    fn select<T>(
        &self,
        rules: &'a [ir::Rule<T>],
        stage: &str,
        step: &'static str,
    ) -> Result<Option<&'a ir::Rule<T>>, SimError> {
        let r = ir::select(
            rules,
            &self.case.track,
            &self.case.classes,
            &self.policy.preferences,
        );
        if r.is_none() && rules.iter().any(|r| r.applies_to(&self.case.track)) {
            let mut classes: Vec<String> = rules
                .iter()
                .filter(|r| r.applies_to(&self.case.track))
                .filter_map(|r| r.class.as_ref().map(|c| c.value.clone()))
                .collect();
            classes.dedup();
            return Err(SimError::ClassNeeded {
                stage: stage.into(),
                step,
                classes,
            });
        }
        Ok(r)
    }

    /// A window's deadline for what is known so far.
    fn due(
        &mut self,
        of: WindowOf,
        w: &ir::Window,
        facts: &Facts,
    ) -> Result<Option<Due>, SimError> {
        let plan = self.schedule.plan(&self.route, of, w);
        let due = self.schedule.due(&plan, facts)?;
        if let Some(d) = &due {
            for r in d.readings.clone() {
                self.note(r);
            }
        }
        Ok(due)
    }

    fn judge(
        &self,
        due: Option<NaiveDate>,
        done: Option<NaiveDate>,
    ) -> Result<(Status, Option<i64>), SimError> {
        let wd = |a, b| self.schedule.working_days_between(a, b);
        Ok(match (due, done) {
            (Some(due), Some(done)) if done <= due => (Status::OnTime, None),
            (Some(due), Some(done)) => (Status::Late, Some(wd(due, done)?)),
            (Some(due), None) => match self.case.as_of {
                Some(a) if a > due => (Status::Late, Some(wd(due, a)?)),
                _ => (Status::Pending, None),
            },
            (None, Some(_)) => (Status::OnTime, None),
            (None, None) => (Status::Pending, None),
        })
    }

    fn events(&self, stage: &str, kind: fn(&EventKind) -> bool) -> Vec<&'a CaseEvent> {
        let case: &'a Case = self.case;
        case.events
            .iter()
            .filter(|e| e.stage == stage && kind(&e.kind))
            .collect()
    }

    fn first(&self, stage: &str, kind: fn(&EventKind) -> bool) -> Option<NaiveDateTime> {
        self.events(stage, kind).iter().map(|e| e.at).min()
    }
}

/// Turn a computed deadline into a step.
fn step_of(
    stage: &ir::Stage,
    kind: StepKind,
    due: Option<Due>,
    done: Option<NaiveDate>,
    judged: (Status, Option<i64>),
    cites: Vec<(String, String)>,
) -> Step {
    let (date, basis, skipped) = match due {
        Some(d) => (Some(d.date), d.basis(), d.term.skipped),
        None => (None, "its start event has not happened".into(), Vec::new()),
    };
    Step {
        stage: stage.name.value.clone(),
        stage_title: stage.title.clone(),
        step: kind,
        label: None,
        due: date,
        basis,
        done,
        status: judged.0,
        late_by: judged.1,
        cites,
        skipped,
    }
}

/// How the internal process ended, for the Ombudsman step.
enum Ending {
    Open,
    Final { on: NaiveDate, early: bool },
    Refused(NaiveDate),
    Overdue(NaiveDate),
    Lapsed(NaiveDate),
}

/// Run a case through a policy.
pub fn simulate(policy: &ir::Policy, case: &Case) -> Result<Timeline, SimError> {
    if !policy.has_track(&case.track) {
        return Err(SimError::UnknownTrack {
            track: case.track.clone(),
            known: policy.case_tracks().iter().map(|s| s.to_string()).collect(),
        });
    }
    let route = policy.route(&case.track);
    if route.stages.is_empty() {
        return Err(SimError::NoRoute {
            track: case.track.clone(),
        });
    }
    for e in &case.events {
        if policy.stage(&e.stage).is_none() {
            return Err(SimError::UnknownStage(e.stage.clone()));
        }
        if !route.contains(&e.stage) {
            return Err(SimError::StageNotOnRoute {
                stage: e.stage.clone(),
                track: case.track.clone(),
                route: route.stages.iter().map(|s| s.name.value.clone()).collect(),
            });
        }
    }
    for c in &case.classes {
        if !policy.classes.iter().any(|k| k.value.name.value == *c) {
            return Err(SimError::UnknownClass {
                class: c.clone(),
                known: policy
                    .classes
                    .iter()
                    .map(|k| k.value.name.value.clone())
                    .collect(),
            });
        }
    }
    let schedule = Schedule::new(policy);
    let readings = schedule.readings.clone();
    let mut sim = Sim {
        policy,
        schedule,
        route: route.clone(),
        case,
        readings,
    };
    let effective_received = sim.schedule.effective(case.received)?;
    if let Some(e) = &policy.effective {
        if case.received.date() < e.value {
            sim.note(Reading::BeforeEffective { effective: e.value });
        }
    }
    let received = effective_received.date();
    let mut facts = Facts::for_route(&route);
    facts.received = Some(received);
    facts.occurred = case.occurred;
    facts.aware = case.aware;

    let acceptance = accept(&mut sim, &facts, received)?;
    let mut steps = Vec::new();
    let mut ending = Ending::Open;
    // How the next stage starts, once known: (date, how).
    let mut next_start: Option<(NaiveDate, StageStart)> = Some((received, StageStart::Receipt));
    let mut skipping = false;

    for (i, stage) in route.stages.iter().copied().enumerate() {
        let name = stage.name.value.as_str();
        if sim.first(name, |k| *k == EventKind::Skipped).is_some() {
            let allows = |r: &ir::Rule<()>| {
                r.applies_to(&case.track)
                    && r.class
                        .as_ref()
                        .is_none_or(|c| case.classes.contains(&c.value))
            };
            let next_allows = route
                .next(name)
                .is_some_and(|n| n.start_by_agreement.iter().any(allows));
            if !stage.skippable.iter().any(allows) && !next_allows {
                sim.note(Reading::SkipNotAllowed { stage: name.into() });
            }
            skipping = true;
            continue;
        }
        // How the stage starts.
        let request = sim.first(name, |k| *k == EventKind::EscalationRequested);
        let start = match (request, next_start, skipping) {
            (Some(r), _, _) if i > 0 => {
                let eff = sim.schedule.effective(r)?.date();
                facts.update(i, |s| s.escalation = Some(eff));
                Some((eff, StageStart::Escalation))
            }
            (_, _, true) => Some((received, StageStart::ReceiptAfterSkip)),
            (_, s, _) => s,
        };
        let Some(start) = start else { break };
        skipping = false;
        if start.1 == StageStart::ReceiptAfterSkip {
            facts.update(i, |s| s.escalation = Some(received));
        }
        if start.1 == StageStart::Automatic {
            facts.update(i, |s| s.escalation = Some(start.0));
        }
        facts.update(i, |s| s.start = Some(start));

        // Acknowledgement.
        let acked = sim
            .first(name, |k| *k == EventKind::Acknowledged)
            .map(|a| a.date());
        facts.update(i, |s| s.acknowledged = acked);
        if let Some(rule) = sim.select(&stage.acknowledge, name, "acknowledgement")? {
            let due = sim.due(WindowOf::Acknowledge(i), &rule.value, &facts)?;
            facts.update(i, |s| s.ack_due = due.as_ref().map(|d| d.date));
            let judged = sim.judge(facts.stage(i).ack_due, acked)?;
            steps.push(step_of(
                stage,
                StepKind::Acknowledge,
                due,
                acked,
                judged,
                cites(rule),
            ));
        }

        // Milestones, one per label.
        let mut labels: Vec<&str> = Vec::new();
        for m in &stage.milestones {
            if !labels.contains(&m.value.label.as_str()) {
                labels.push(&m.value.label);
            }
        }
        for label in labels {
            let rules: Vec<ir::Rule<ir::Window>> = stage
                .milestones
                .iter()
                .filter(|m| m.value.label == label)
                .map(|m| ir::Rule {
                    value: m.value.window.clone(),
                    track: m.track.clone(),
                    class: m.class.clone(),
                    cites: m.cites.clone(),
                    span: m.span,
                })
                .collect();
            let Some(rule) = ir::select(&rules, &case.track, &case.classes, &policy.preferences)
            else {
                continue;
            };
            let done = case
                .events
                .iter()
                .filter(|e| {
                    e.stage == name
                        && matches!(&e.kind, EventKind::Milestone { label: l } if l == label)
                })
                .map(|e| e.at.date())
                .min();
            let due = sim.due(WindowOf::Respond(i), &rule.value, &facts)?;
            let judged = sim.judge(due.as_ref().map(|d| d.date), done)?;
            let mut step = step_of(stage, StepKind::Milestone, due, done, judged, cites(rule));
            step.label = Some(label.to_string());
            steps.push(step);
        }

        // Response, with pauses and extensions.
        let responded = sim
            .events(name, |k| matches!(k, EventKind::Responded { .. }))
            .into_iter()
            .min_by_key(|e| e.at);
        let responded_on = responded.map(|e| e.at.date());
        if let Some(rule) = sim.select(&stage.respond, name, "response")? {
            let mut due = sim.due(WindowOf::Respond(i), &rule.value, &facts)?;
            if let Some(d) = due.as_mut() {
                adjust(&mut sim, stage, d)?;
            }
            facts.update(i, |s| s.response_due = due.as_ref().map(|d| d.date));
            let judged = sim.judge(facts.stage(i).response_due, responded_on)?;
            if responded_on.is_none() {
                if let (Some(d), Some(a)) = (facts.stage(i).response_due, case.as_of) {
                    if a > d {
                        ending = Ending::Overdue(d.succ_opt().unwrap_or(d));
                    }
                }
            }
            steps.push(step_of(
                stage,
                StepKind::Respond,
                due,
                responded_on,
                judged,
                cites(rule),
            ));
        }
        facts.update(i, |s| s.responded = responded_on);

        // Does the complaint end here, or move on?
        let next = route.next(name);
        let esc = next.and_then(|n| policy.escalation(name, &n.name.value));
        let automatic = esc.is_some_and(|e| e.automatic.iter().any(|r| r.applies_to(&case.track)));
        if let (true, Some(to)) = (automatic, next) {
            let to_name = to.name.value.as_str();
            let missed = facts.stage(i).response_due.filter(|d| match responded_on {
                Some(r) => r > *d,
                None => {
                    case.as_of.is_some_and(|a| a > *d)
                        || case.events.iter().any(|e| e.stage == to_name)
                }
            });
            if let Some(d) = missed {
                if matches!(ending, Ending::Overdue(_)) {
                    ending = Ending::Open;
                }
                next_start = Some((sim.schedule.next_working_day(d)?, StageStart::Automatic));
                continue;
            }
        }
        let Some(resp_on) = responded_on else { break };
        let ends_early = responded.is_some_and(|r| {
            matches!(
                r.kind,
                EventKind::Responded {
                    ends_process: true,
                    ..
                }
            )
        });
        if ends_early && !stage.ends_early.iter().any(|r| r.applies_to(&case.track)) {
            sim.note(Reading::EndNotAllowed { stage: name.into() });
        }
        let Some(next) = next else {
            facts.final_response = Some(resp_on);
            ending = Ending::Final {
                on: resp_on,
                early: false,
            };
            break;
        };
        if ends_early {
            facts.final_response = Some(resp_on);
            ending = Ending::Final {
                on: resp_on,
                early: true,
            };
            break;
        }

        // Into the next stage.
        let to = next.name.value.as_str();
        let requested = sim.first(to, |k| *k == EventKind::EscalationRequested);
        let requested_on = match requested {
            Some(r) => Some(sim.schedule.effective(r)?.date()),
            None => None,
        };
        let refused = sim
            .first(to, |k| *k == EventKind::EscalationRefused)
            .map(|r| r.date());
        let window_rule = match esc {
            Some(e) => sim.select(&e.windows, to, "escalation")?,
            None => None,
        };
        let mut lapsed = None;
        if let Some(rule) = window_rule {
            let due = sim.due(WindowOf::EscalationInto(i + 1), &rule.value, &facts)?;
            let date = due.as_ref().map(|d| d.date);
            let (status, late_by) = match (date, requested_on) {
                (Some(d), Some(r)) if r <= d => (Status::OnTime, None),
                (Some(d), Some(r)) => {
                    (Status::Late, Some(sim.schedule.working_days_between(d, r)?))
                }
                (Some(d), None) if rule.value.lapses && case.as_of.is_some_and(|a| a > d) => {
                    lapsed = Some(d);
                    (Status::Lapsed, None)
                }
                _ => (Status::Open, None),
            };
            let mut step = step_of(
                next,
                StepKind::Escalate,
                due,
                requested_on,
                (status, late_by),
                cites(rule),
            );
            if status == Status::Late && rule.value.discretion {
                step.basis
                    .push_str("; a late request may still be accepted at the council's discretion");
            }
            if status == Status::Lapsed {
                step.basis
                    .push_str("; no request came, so the complaint was treated as resolved");
            }
            steps.push(step);
        }
        if let Some(d) = lapsed {
            ending = Ending::Lapsed(d);
            break;
        }
        if let Some(r) = refused {
            ending = Ending::Refused(r);
            break;
        }
        if requested.is_none() {
            break;
        }
        next_start = None;
    }

    // When the complainant may go to the Ombudsman.
    let ombudsman = policy.ombudsman_of(&case.track);
    if let Some(route_to) = ombudsman {
        let (due, basis) = match ending {
            Ending::Refused(r) => (Some(r), format!("the council refused to escalate ({r})")),
            Ending::Final { on, early } => (
                Some(on),
                format!(
                    "{} ({on}): the internal process is exhausted",
                    if early {
                        "the council made its response final early"
                    } else {
                        "the final response"
                    }
                ),
            ),
            Ending::Overdue(o) => (
                Some(o),
                format!("the council missed its response deadline (the day after it, {o})"),
            ),
            Ending::Lapsed(d) => (
                None,
                format!("the complaint was treated as resolved when the window to escalate closed ({d}); the internal process was not completed"),
            ),
            Ending::Open => (None, "the internal process is not finished".into()),
        };
        let stale = policy
            .ombudsman_waits
            .iter()
            .find(|w| w.value.ombudsman.value == route_to && w.applies_to(&case.track));
        let basis = match stale {
            Some(w) if route_to == ir::Ombudsman::HousingOmbudsman => format!(
                "{basis}; the policy's wait of {} is not applied: it was abolished on 1 October 2022",
                w.value.duration
            ),
            _ => basis,
        };
        steps.push(Step {
            stage: String::new(),
            stage_title: None,
            step: StepKind::Ombudsman,
            label: None,
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
        track: case.track.clone(),
        received: case.received,
        effective_received,
        acceptance,
        steps,
        ombudsman,
        assumptions: sim.readings.iter().map(|r| r.to_string()).collect(),
        readings: sim.readings,
    })
}

/// Pauses and extensions of a stage's response deadline (convention 5).
fn adjust(sim: &mut Sim, stage: &ir::Stage, due: &mut Due) -> Result<(), SimError> {
    let name = stage.name.value.as_str();
    let track = sim.case.track.clone();
    let pauses: Vec<NaiveDate> = sim
        .events(name, |k| *k == EventKind::Paused)
        .iter()
        .map(|e| e.at.date())
        .collect();
    let resumes: Vec<NaiveDate> = sim
        .events(name, |k| *k == EventKind::Resumed)
        .iter()
        .map(|e| e.at.date())
        .collect();
    if !pauses.is_empty() && !stage.pauses.iter().any(|p| p.applies_to(&track)) {
        sim.note(Reading::PauseNotAllowed { stage: name.into() });
    }
    let mut basis_extra = String::new();
    for (p, r) in pauses.iter().zip(resumes.iter()) {
        let paused = u32::try_from(sim.schedule.working_days_between(*p, *r)?.max(0)).unwrap_or(0);
        let (nd, s) = sim.schedule.add(due.date, Unit::WorkingDays, paused)?;
        due.date = nd;
        due.term.skipped.extend(s);
        basis_extra.push_str(&format!(", plus {paused} working days paused ({p} to {r})"));
    }
    let exts: Vec<u32> = sim
        .events(name, |k| matches!(k, EventKind::Extended { .. }))
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Extended { working_days, .. } => Some(*working_days),
            _ => None,
        })
        .collect();
    if !exts.is_empty() {
        let rule = ir::select(
            &stage.extensions,
            &track,
            &sim.case.classes,
            &sim.policy.preferences,
        );
        match rule {
            None => sim.note(Reading::ExtensionNotStated { stage: name.into() }),
            Some(r) => {
                if r.value.once && exts.len() > 1 {
                    sim.note(Reading::ExtensionNotOnce {
                        stage: name.into(),
                        count: exts.len(),
                    });
                }
                let total: u32 = exts.iter().fold(0u32, |a, b| a.saturating_add(*b));
                if let ExtensionLimit::UpTo { duration } = r.value.limit {
                    if total > duration.amount {
                        sim.note(Reading::ExtensionOverLimit {
                            stage: name.into(),
                            total,
                            limit: duration.to_string(),
                            with_good_reason: r.value.more_with_good_reason,
                        });
                    }
                }
            }
        }
    }
    for e in exts {
        let (nd, s) = sim.schedule.add(due.date, Unit::WorkingDays, e)?;
        due.date = nd;
        due.term.skipped.extend(s);
        basis_extra.push_str(&format!(", extended by {e} working days"));
    }
    if !basis_extra.is_empty() {
        due.extra.push_str(&basis_extra);
    }
    Ok(())
}

fn accept(sim: &mut Sim, facts: &Facts, received: NaiveDate) -> Result<Acceptance, SimError> {
    let case = sim.case;
    let policy = sim.policy;
    if let Some(kind) = case.excluded {
        let listed = policy
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
    let Some(rule) = ir::select(
        &policy.acceptance,
        &case.track,
        &case.classes,
        &policy.preferences,
    ) else {
        return Ok(Acceptance {
            decision: Decision::Accepted,
            reason: "the policy sets no time limit for making a complaint".into(),
            window_closes: None,
        });
    };
    let Some(due) = sim.due(WindowOf::Acceptance, &rule.value, facts)? else {
        return Ok(Acceptance {
            decision: Decision::Unknown,
            reason:
                "the case does not say when the matter occurred or the resident became aware of it"
                    .into(),
            window_closes: None,
        });
    };
    let closes = due.date;
    let basis = due.basis();
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
