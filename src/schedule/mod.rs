//! The schedule core: the only code that turns a policy's rules, its calendar and office hours,
//! and what has happened on a case into due dates. The simulator, the deadline calculator, the
//! audit, compare's worst case, the site's sample and gen-cases all call it, so that a due date
//! means the same everywhere (three copies of this arithmetic once drifted apart).
//!
//! A window is first compiled against a track's route into a [`Plan`] (start events resolved to
//! route positions, units resolved, readings attached), then evaluated against [`Facts`]. The
//! audit compiles its plans once per track and evaluates them per row.

pub mod reading;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use crate::calendar::{self, CalendarError, CalendarSpec, Closure, WorkingCalendar};
use crate::ir::{self, Combine, Event, OutOfHours, Region, Route, Unit};
pub use reading::{Reading, StageStart};

/// Why a due date could not be computed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScheduleError {
    Calendar(CalendarError),
    /// Date arithmetic left the range chrono can represent.
    Overflow {
        from: NaiveDate,
        what: String,
    },
}

impl std::fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScheduleError::Calendar(e) => write!(f, "{e}"),
            ScheduleError::Overflow { from, what } => {
                write!(
                    f,
                    "{what} after {from} is beyond any date redress can count to"
                )
            }
        }
    }
}

impl std::error::Error for ScheduleError {}

impl From<CalendarError> for ScheduleError {
    fn from(e: CalendarError) -> Self {
        ScheduleError::Calendar(e)
    }
}

/// Office hours and what happens to something that arrives outside them.
#[derive(Clone, Copy, Debug)]
pub struct OfficeHours {
    pub open: NaiveTime,
    pub close: NaiveTime,
    pub out_of_hours: OutOfHours,
}

/// A non-working day a working-day deadline passed over.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DayOff {
    pub date: NaiveDate,
    pub reason: String,
    pub kind: DayOffKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayOffKind {
    Weekend,
    BankHoliday,
    Closure,
}

/// Where a term of a window counts from, resolved against a track's route (indices are route
/// positions, never positions in the file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Receipt,
    Occurrence,
    Awareness,
    OccurrenceOrAwareness,
    FinalResponse,
    /// the stage's own start (receipt, the escalation request, ...): a window with no start
    StageStart(usize),
    /// the request to escalate into the stage
    Escalation(usize),
    /// the stage's acknowledgement; with `or_due`, its deadline while none is sent (convention 5)
    Acknowledgement {
        stage: usize,
        or_due: bool,
    },
    Response(usize),
    AcknowledgementDue(usize),
    ResponseDue(usize),
    /// a start that cannot be known for this case (a stage not on the track's route, or no
    /// start at all for the time limit to complain)
    Unknowable,
}

/// One compiled term: `amount unit of start`.
#[derive(Clone, Debug)]
pub struct PlanTerm {
    pub start: Start,
    /// working days, calendar days, weeks or months (a bare "days" is resolved here)
    pub unit: Unit,
    pub amount: u32,
    pub duration: ir::Duration,
    pub readings: Vec<Reading>,
    /// How the start is said when it names a stage ("the stage `one` response").
    pub what: Option<String>,
    /// The name of the stage whose own start a window with no start event counts from.
    pub own_stage: Option<String>,
}

/// A window compiled for one track's route.
#[derive(Clone, Debug)]
pub struct Plan {
    pub combine: Combine,
    pub terms: Vec<PlanTerm>,
    pub discretion: bool,
    pub lapses: bool,
}

/// What a window belongs to, which decides what "no start event" means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowOf {
    /// the time limit for making a complaint
    Acceptance,
    /// a stage's acknowledgement
    Acknowledge(usize),
    /// a stage's response or milestone
    Respond(usize),
    /// the time limit to ask to escalate into the stage at this position
    EscalationInto(usize),
}

/// What is known of one stage of a case, by route position.
#[derive(Clone, Copy, Debug, Default)]
pub struct StageFacts {
    pub start: Option<(NaiveDate, StageStart)>,
    pub escalation: Option<NaiveDate>,
    pub acknowledged: Option<NaiveDate>,
    pub ack_due: Option<NaiveDate>,
    pub responded: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
}

/// What is known of a case when a deadline is worked out.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub received: Option<NaiveDate>,
    pub occurred: Option<NaiveDate>,
    pub aware: Option<NaiveDate>,
    pub final_response: Option<NaiveDate>,
    pub stages: Vec<StageFacts>,
}

impl Facts {
    pub fn for_route(route: &Route) -> Facts {
        Facts {
            stages: vec![StageFacts::default(); route.stages.len()],
            ..Facts::default()
        }
    }

    /// What is known of the stage at route position `i` (nothing, off the route).
    pub fn stage(&self, i: usize) -> StageFacts {
        self.stages.get(i).copied().unwrap_or_default()
    }

    /// Record something of the stage at route position `i` (positions off the route are
    /// ignored: [`Facts::for_route`] sizes the facts to the route).
    pub fn update(&mut self, i: usize, f: impl FnOnce(&mut StageFacts)) {
        if let Some(s) = self.stages.get_mut(i) {
            f(s);
        }
    }
}

/// One term as evaluated: when it starts and ends, and how to say it.
#[derive(Clone, Debug)]
pub struct TermDue {
    pub from: NaiveDate,
    pub due: NaiveDate,
    /// "the acknowledgement", "receipt", ...
    pub what: String,
    pub duration: ir::Duration,
    pub assumed: bool,
    pub skipped: Vec<DayOff>,
}

/// A deadline with its basis.
#[derive(Clone, Debug)]
pub struct Due {
    pub date: NaiveDate,
    /// The term that decided the date (the later or earlier one of a combined window).
    pub term: TermDue,
    pub discretion: bool,
    pub readings: Vec<Reading>,
    /// Pauses and extensions added after the window's own date, in words.
    pub extra: String,
}

impl Due {
    /// The deadline's basis in words: "10 working days of the acknowledgement (2026-06-03)".
    pub fn basis(&self) -> String {
        let t = &self.term;
        let mut s = if t.assumed {
            format!(
                "{} of {} ({}), assumed: the policy gives no start event",
                t.duration, t.what, t.from
            )
        } else {
            format!("{} of {} ({})", t.duration, t.what, t.from)
        };
        if self.discretion {
            s.push_str(", with discretion to go beyond");
        }
        s.push_str(&self.extra);
        s
    }
}

/// A policy's calendar and office hours, ready to count with.
pub struct Schedule<'p> {
    pub policy: &'p ir::Policy,
    pub cal: std::sync::Arc<WorkingCalendar>,
    pub hours: OfficeHours,
    /// Readings of the calendar itself (region, office hours).
    pub readings: Vec<Reading>,
}

impl<'p> Schedule<'p> {
    pub fn new(policy: &'p ir::Policy) -> Schedule<'p> {
        let mut readings = Vec::new();
        let region = match &policy.calendar.region {
            Some(r) => r.value,
            None => {
                readings.push(Reading::RegionAssumed);
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
        let (open, close) = match &policy.calendar.hours {
            Some(h) => h.value,
            None => {
                readings.push(Reading::OfficeHoursAssumed);
                (
                    NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
                    NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
                )
            }
        };
        let out_of_hours = policy
            .calendar
            .out_of_hours
            .as_ref()
            .map(|o| o.value)
            .unwrap_or(OutOfHours::NextWorkingDay);
        Schedule {
            policy,
            cal: WorkingCalendar::shared(&spec),
            hours: OfficeHours {
                open,
                close,
                out_of_hours,
            },
            readings,
        }
    }

    /// When something that arrived at `at` counts as received (convention 3).
    pub fn effective(&self, at: NaiveDateTime) -> Result<NaiveDateTime, ScheduleError> {
        Ok(match self.hours.out_of_hours {
            OutOfHours::NextWorkingDay => {
                self.cal
                    .effective_receipt(at, self.hours.open, self.hours.close)?
            }
            OutOfHours::SameDay => at,
        })
    }

    /// A duration's unit as counted: a bare "days" through `days mean ...`, else working days
    /// (a reading).
    pub fn unit(&self, d: &ir::Duration) -> (Unit, Option<Reading>) {
        match d.unit {
            Unit::Days => match self.policy.plain_days() {
                Some(u) => (u, None),
                None => (
                    Unit::WorkingDays,
                    Some(Reading::BareDays { amount: d.amount }),
                ),
            },
            u => (u, None),
        }
    }

    /// `from` plus `n` of `unit`, with the non-working days a working-day count passed over.
    pub fn add(
        &self,
        from: NaiveDate,
        unit: Unit,
        n: u32,
    ) -> Result<(NaiveDate, Vec<DayOff>), ScheduleError> {
        let overflow = || ScheduleError::Overflow {
            from,
            what: unit.describe(n),
        };
        Ok(match unit {
            Unit::WorkingDays | Unit::Days => {
                let due = self.cal.add_working_days(from, n)?;
                (due, self.days_off(from, due))
            }
            Unit::CalendarDays => (
                from.checked_add_days(Days::new(u64::from(n)))
                    .ok_or_else(overflow)?,
                Vec::new(),
            ),
            Unit::Weeks => (
                from.checked_add_days(Days::new(7 * u64::from(n)))
                    .ok_or_else(overflow)?,
                Vec::new(),
            ),
            Unit::Months => (
                calendar::add_months(from, n).ok_or_else(overflow)?,
                Vec::new(),
            ),
        })
    }

    /// A deadline extended by `n` working days (convention 5: an extension counts from the
    /// deadline it extends), without the list of days skipped: the audit's hot loop.
    pub fn extend(&self, due: NaiveDate, n: u32) -> Result<NaiveDate, ScheduleError> {
        Ok(self.cal.add_working_days(due, n)?)
    }

    /// Working days from `a` to `b` (negative when `b` is before `a`).
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, ScheduleError> {
        Ok(self.cal.working_days_between(a, b)?)
    }

    /// The first working day after `d`.
    pub fn next_working_day(&self, d: NaiveDate) -> Result<NaiveDate, ScheduleError> {
        Ok(self.cal.add_working_days(d, 1)?)
    }

    fn days_off(&self, from: NaiveDate, to: NaiveDate) -> Vec<DayOff> {
        self.cal
            .days_off_between(from, to)
            .into_iter()
            .map(|(date, o)| DayOff {
                date,
                reason: o.to_string(),
                kind: match o {
                    calendar::DayOff::Weekend => DayOffKind::Weekend,
                    calendar::DayOff::BankHoliday(_) => DayOffKind::BankHoliday,
                    calendar::DayOff::Closure(_) => DayOffKind::Closure,
                },
            })
            .collect()
    }

    /// Compile a window for a track's route.
    pub fn plan(&self, route: &Route, of: WindowOf, w: &ir::Window) -> Plan {
        let terms = w
            .terms
            .iter()
            .map(|t| {
                let (unit, bare) = self.unit(&t.duration);
                let mut readings: Vec<Reading> = bare.into_iter().collect();
                let start = resolve(route, of, &t.from.value, &mut readings);
                let what = match &t.from.value {
                    Event::StageResponse(n) => Some(format!("the stage `{}` response", n.value)),
                    Event::StageAcknowledgement(n) => {
                        Some(format!("the stage `{}` acknowledgement", n.value))
                    }
                    Event::StageResponseDue(n) => {
                        Some(format!("the stage `{}` response deadline", n.value))
                    }
                    Event::StageAcknowledgementDue(n) => {
                        Some(format!("the stage `{}` acknowledgement deadline", n.value))
                    }
                    Event::Unstated => match (&start, of) {
                        (Start::Response(prev), _) => route
                            .stages
                            .get(*prev)
                            .map(|s| format!("the stage `{}` response", s.name.value)),
                        _ => None,
                    },
                    _ => None,
                };
                let own_stage = match (&start, of) {
                    (Start::StageStart(i), _) => route.stages.get(*i).map(|s| s.name.value.clone()),
                    _ => None,
                };
                PlanTerm {
                    start,
                    unit,
                    amount: t.duration.amount,
                    duration: t.duration,
                    readings,
                    what,
                    own_stage,
                }
            })
            .collect();
        Plan {
            combine: w.combine,
            terms,
            discretion: w.discretion,
            lapses: w.lapses,
        }
    }

    /// The deadline a plan gives, or none while one of its start events has not happened.
    pub fn due(&self, plan: &Plan, facts: &Facts) -> Result<Option<Due>, ScheduleError> {
        let mut chosen: Option<TermDue> = None;
        let mut readings = Vec::new();
        for t in &plan.terms {
            let Some((from, what, how)) = start_date(&t.start, facts) else {
                return Ok(None);
            };
            let (due, skipped) = self.add(from, t.unit, t.amount)?;
            readings.extend(t.readings.iter().cloned());
            if let (Some(how), Some(stage)) = (how, &t.own_stage) {
                readings.push(Reading::UnstatedStart {
                    stage: stage.clone(),
                    from: how,
                });
            }
            let assumed = how.is_some() || t.readings.iter().any(Reading::is_unstated_start);
            let what = t.what.clone().unwrap_or(what);
            let term = TermDue {
                from,
                due,
                what,
                duration: t.duration,
                assumed,
                skipped,
            };
            chosen = Some(match (chosen, plan.combine) {
                (None, _) => term,
                (Some(c), Combine::Later) if term.due > c.due => term,
                (Some(c), Combine::Earlier) if term.due < c.due => term,
                (Some(c), _) => c,
            });
        }
        Ok(chosen.map(|term| Due {
            date: term.due,
            term,
            discretion: plan.discretion,
            readings,
            extra: String::new(),
        }))
    }

    /// The due date alone, for the audit's hot loop.
    pub fn due_date(&self, plan: &Plan, facts: &Facts) -> Result<Option<NaiveDate>, ScheduleError> {
        let mut chosen: Option<NaiveDate> = None;
        for t in &plan.terms {
            let Some(from) = start_day(&t.start, facts) else {
                return Ok(None);
            };
            let (due, _) = match t.unit {
                Unit::WorkingDays | Unit::Days => (self.cal.add_working_days(from, t.amount)?, ()),
                u => (self.add(from, u, t.amount)?.0, ()),
            };
            chosen = Some(match (chosen, plan.combine) {
                (None, _) => due,
                (Some(c), Combine::Later) => c.max(due),
                (Some(c), Combine::Earlier) => c.min(due),
                (Some(c), Combine::Single) => c,
            });
        }
        Ok(chosen)
    }
}

/// Resolve a start event for a window of a stage on `route`.
fn resolve(route: &Route, of: WindowOf, e: &Event, readings: &mut Vec<Reading>) -> Start {
    let pos = |n: &ir::Name| route.position(&n.value);
    let here = match of {
        WindowOf::Acceptance => None,
        WindowOf::Acknowledge(i) | WindowOf::Respond(i) | WindowOf::EscalationInto(i) => Some(i),
    };
    let name_at = |i: usize| {
        route
            .stages
            .get(i)
            .map(|s| s.name.value.clone())
            .unwrap_or_default()
    };
    match e {
        Event::Receipt => Start::Receipt,
        Event::Occurrence => Start::Occurrence,
        Event::Awareness => Start::Awareness,
        Event::OccurrenceOrAwareness => Start::OccurrenceOrAwareness,
        Event::FinalResponse => Start::FinalResponse,
        Event::Acknowledgement => match here {
            Some(i) => Start::Acknowledgement {
                stage: i,
                or_due: true,
            },
            None => Start::Unknowable,
        },
        Event::Escalation => match here {
            Some(i) => Start::Escalation(i),
            None => Start::Unknowable,
        },
        Event::StageResponse(n) => pos(n).map_or(Start::Unknowable, Start::Response),
        Event::StageAcknowledgement(n) => {
            pos(n).map_or(Start::Unknowable, |i| Start::Acknowledgement {
                stage: i,
                or_due: false,
            })
        }
        Event::StageResponseDue(n) => pos(n).map_or(Start::Unknowable, Start::ResponseDue),
        Event::StageAcknowledgementDue(n) => {
            pos(n).map_or(Start::Unknowable, Start::AcknowledgementDue)
        }
        Event::Unstated => match of {
            WindowOf::Acceptance => Start::Unknowable,
            // The reading names how the stage began, once that is known (see `Schedule::due`).
            WindowOf::Acknowledge(i) | WindowOf::Respond(i) => Start::StageStart(i),
            WindowOf::EscalationInto(i) => match i.checked_sub(1) {
                Some(prev) => {
                    readings.push(Reading::UnstatedEscalationStart {
                        into: name_at(i),
                        from_stage: name_at(prev),
                    });
                    Start::Response(prev)
                }
                None => Start::Unknowable,
            },
        },
    }
}

/// A start's date and its words, from what is known; for a stage's own start (a window with
/// no start event), how the stage began.
fn start_date(s: &Start, f: &Facts) -> Option<(NaiveDate, String, Option<StageStart>)> {
    Some(match s {
        Start::Receipt => (f.received?, "receipt".into(), None),
        Start::Occurrence => (f.occurred?, "the matter occurring".into(), None),
        Start::Awareness => (f.aware?, "awareness of the matter".into(), None),
        Start::OccurrenceOrAwareness => {
            let later = match (f.occurred, f.aware) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            (later?, "the later of occurrence and awareness".into(), None)
        }
        Start::FinalResponse => (f.final_response?, "the final response".into(), None),
        Start::StageStart(i) => {
            let (d, how) = f.stage(*i).start?;
            (d, how.describe().into(), Some(how))
        }
        Start::Escalation(i) => {
            let st = f.stage(*i);
            let what = match st.start.map(|(_, how)| how) {
                Some(how @ (StageStart::Automatic | StageStart::ReceiptAfterSkip)) => {
                    how.describe()
                }
                _ => "the escalation request",
            };
            (st.escalation?, what.into(), None)
        }
        Start::Acknowledgement { stage, or_due } => {
            let st = f.stage(*stage);
            match (st.acknowledged, or_due) {
                (Some(a), _) => (a, "the acknowledgement".into(), None),
                (None, true) => (st.ack_due?, "the acknowledgement deadline".into(), None),
                (None, false) => return None,
            }
        }
        Start::Response(i) => (
            f.stage(*i).responded?,
            "the previous stage's response".into(),
            None,
        ),
        Start::AcknowledgementDue(i) => (
            f.stage(*i).ack_due?,
            "the acknowledgement deadline".into(),
            None,
        ),
        Start::ResponseDue(i) => (
            f.stage(*i).response_due?,
            "the response deadline".into(),
            None,
        ),
        Start::Unknowable => return None,
    })
}

/// A start's date alone.
fn start_day(s: &Start, f: &Facts) -> Option<NaiveDate> {
    match s {
        Start::Acknowledgement { stage, or_due } => {
            let st = f.stage(*stage);
            match or_due {
                true => st.acknowledged.or(st.ack_due),
                false => st.acknowledged,
            }
        }
        _ => start_date(s, f).map(|x| x.0),
    }
}
