//! `redress audit POLICY EXPORT --as-of DATE`: the morning list. Every accepted case of an
//! export is classed as it stands on one day: what is overdue, what falls due within a few
//! working days, what is on course, what waits on the resident, what is closed (on time or
//! late), and what cannot be classed on that day.
//!
//! It is the audit's view of a case, never a second one: each row is judged by
//! [`judge_row`], so a due date here is the due date `audit` reports; the resident's windows to
//! escalate and every count of working days come from the schedule core; duplicate ids follow
//! the one rule of [`crate::audit::duplicates`] (the first accepted row wins). This module only
//! decides what those dates mean on the day. It does no date arithmetic of its own, and it
//! prints nothing ([`render`] does).
//!
//! ## The classes (docs/daily.md says the same for the team)
//!
//! The case's *current stage* is the latest formal stage it has started (stage 2 once a
//! request for it is recorded, whatever stage 1 shows).
//!
//! - **overdue**: the current stage's next action (its acknowledgement, else its response)
//!   was due before the day and is not recorded; by how many working days (the schedule core's
//!   count of working days after the deadline up to and including the day, as `deadlines`
//!   and `calendar between` count).
//! - **due soon**: that action is due on the day or within `--due-within` working days.
//! - **on course**: due later than that.
//! - **awaiting resident**: the current stage is answered, a later formal stage exists, and the
//!   resident's window to ask for it is open on the day (with the day it closes, when the
//!   policy gives one). Nothing for the team to do.
//! - **closed late** / **closed on time**: the last formal stage is answered, or the window to
//!   ask for the next one closed before the day with no request. Late when any stage's
//!   response was late (by how many working days, per stage); a late acknowledgement is told
//!   in the detail but does not make a closed case late.
//! - **not classed**: the case records something dated after the day (it counts as received,
//!   is acknowledged or answered, or asks to escalate after it), so it is not the case as it
//!   stood on that day; or its track has no formal stage. Listed and counted, never guessed.
//!
//! Rows the audit rejects (and duplicate ids) are listed as **rejected**, so the list always
//! has `rows = accepted + rejected` entries.

use std::io::Read;

use chrono::NaiveDate;
use serde::Serialize;

use crate::audit::duplicates::{self, Claim, IdIndex};
use crate::audit::{input, judge_row, AuditError, Export, Plan, RowVerdict, MAX_STAGES};
use crate::diagnostic::{Code, Severity};
use crate::ir;
use crate::schedule::{self, Facts, Schedule, ScheduleError, StageFacts, StageStart, WindowOf};

// Explicit paths: the same files whether the audit module declares this one or the command
// line compiles it (see src/cli/audit.rs).
mod records;
pub mod render;

pub const INVALID_AS_OF: Code = Code {
    name: "redress::audit::invalid_as_of",
    severity: Severity::Error,
    summary: "an `--as-of` date or `--due-within` count that `audit` cannot use",
    doc: "`redress audit POLICY EXPORT --as-of DATE` classes every case of the export as it \
          stands on DATE. The date is not one of the forms redress reads (YYYY-MM-DD or \
          DD/MM/YYYY, day first), or it lies outside the years redress has bank holidays for \
          (2018 to 2030), so no working day could be counted to it; or `--due-within` is not \
          a whole number of working days.\n\nHow to fix: give the day the list is for \
          (`--as-of 2026-06-03`, today's date for the morning list) and a number of working \
          days (`--due-within 5`, the default).",
};

pub const AS_OF_OPTION: Code = Code {
    name: "redress::audit::as_of_option",
    severity: Severity::Error,
    summary: "an `audit` option that needs `--as-of`, or does not go with it",
    doc: "`--due-within`, `--fail-on-overdue` and `--format html` belong to the morning list, \
          which `--as-of DATE` asks for; without it `audit` prints its performance report, in \
          which they would mean nothing, so they are refused rather than ignored. `--threads` \
          does not go with `--as-of`: the list is made in one pass in file order (the \
          duplicate-id rule needs it), so the option would change nothing.\n\nHow to fix: \
          add `--as-of DATE`, or leave the option out.",
};

/// The codes of this module, for the registry (`src/registry.rs`).
pub const CODES: [&Code; 2] = [&INVALID_AS_OF, &AS_OF_OPTION];

/// What the list is for: the day, and how near a due date is "due soon".
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub as_of: NaiveDate,
    /// An action due within this many working days of `as_of` (0: that day) is due soon.
    pub due_within: u32,
}

/// Where a case stands on the day. The order is the list's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Overdue,
    DueSoon,
    OnCourse,
    AwaitingResident,
    ClosedLate,
    ClosedOnTime,
    NotClassed,
    Rejected,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Overdue,
        Status::DueSoon,
        Status::OnCourse,
        Status::AwaitingResident,
        Status::ClosedLate,
        Status::ClosedOnTime,
        Status::NotClassed,
        Status::Rejected,
    ];

    /// The status in words, as the CSV and the reports write it.
    pub fn words(self) -> &'static str {
        match self {
            Status::Overdue => "overdue",
            Status::DueSoon => "due soon",
            Status::OnCourse => "on course",
            Status::AwaitingResident => "awaiting resident",
            Status::ClosedLate => "closed late",
            Status::ClosedOnTime => "closed on time",
            Status::NotClassed => "not classed",
            Status::Rejected => "rejected",
        }
    }
}

/// One row of the export, classed.
#[derive(Clone, Debug, Serialize)]
pub struct Case {
    /// The row's first line in the export.
    pub line: u64,
    /// The id cell as written (empty when the row has none).
    pub id: String,
    /// The policy's name for the case's track (none for a rejected row).
    pub track: Option<String>,
    pub status: Status,
    /// What the team does next ("respond to stage 1"), or what the resident may do
    /// ("resident may ask for stage 2"); none for closed, not classed and rejected rows.
    pub next_action: Option<String>,
    /// The formal stage the status is about: the next action's, or for a closed-late case
    /// its latest late response's.
    pub stage: Option<usize>,
    /// That stage's name in the policy.
    pub stage_name: Option<String>,
    /// The next action's due date, or the day the resident's window closes.
    pub due: Option<NaiveDate>,
    /// Working days overdue (overdue) or late (closed late).
    pub working_days_late: Option<i64>,
    /// Working days from the day to `due` (0: due that day).
    pub working_days_left: Option<i64>,
    /// Anything else the team should know, in words: other overdue steps, earlier lateness,
    /// why a case is not classed or a row rejected.
    pub detail: String,
}

/// How many cases of each status.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Counts {
    pub overdue: u64,
    pub due_soon: u64,
    pub on_course: u64,
    pub awaiting_resident: u64,
    pub closed_late: u64,
    pub closed_on_time: u64,
    pub not_classed: u64,
    pub rejected: u64,
}

impl Counts {
    pub fn of(&self, s: Status) -> u64 {
        match s {
            Status::Overdue => self.overdue,
            Status::DueSoon => self.due_soon,
            Status::OnCourse => self.on_course,
            Status::AwaitingResident => self.awaiting_resident,
            Status::ClosedLate => self.closed_late,
            Status::ClosedOnTime => self.closed_on_time,
            Status::NotClassed => self.not_classed,
            Status::Rejected => self.rejected,
        }
    }

    fn add(&mut self, s: Status) {
        let c = match s {
            Status::Overdue => &mut self.overdue,
            Status::DueSoon => &mut self.due_soon,
            Status::OnCourse => &mut self.on_course,
            Status::AwaitingResident => &mut self.awaiting_resident,
            Status::ClosedLate => &mut self.closed_late,
            Status::ClosedOnTime => &mut self.closed_on_time,
            Status::NotClassed => &mut self.not_classed,
            Status::Rejected => &mut self.rejected,
        };
        *c += 1;
    }
}

/// The morning list: every row of the export, classed, in the list's order.
#[derive(Clone, Debug, Serialize)]
pub struct MorningList {
    pub policy: String,
    pub as_of: NaiveDate,
    pub due_within: u32,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// Rows rejected because an earlier accepted row has their id (among `rejected`).
    pub duplicates: u64,
    pub counts: Counts,
    /// how the export's text was read: `utf-8` or `windows-1252`
    pub encoding: &'static str,
    /// Overdue first (most overdue first), then due soon, on course, awaiting resident (each
    /// by due date), closed late (latest first), closed on time, not classed, rejected (each
    /// in file order).
    pub cases: Vec<Case>,
}

/// The resident's window to ask for the next formal stage, compiled for one track.
enum Window {
    /// the policy gives no time limit for this track
    Unlimited,
    /// the policy sets it by case class only (the list does not read a case's class for it)
    ByClass,
    Plan(schedule::Plan),
}

/// One track, as the list needs it: where its formal stages are on its route, and the
/// windows between them.
struct TrackInfo {
    name: String,
    route_len: usize,
    /// `formal[n - 1]`: formal stage `n`'s route position and name.
    formal: [Option<(usize, String)>; MAX_STAGES],
    /// `window[n - 1]`: the window to ask for formal stage `n + 1`.
    window: [Window; MAX_STAGES],
}

impl TrackInfo {
    fn new(policy: &ir::Policy, sched: &Schedule, name: &str) -> TrackInfo {
        let route = policy.route(name);
        let formal = [1u8, 2, 3].map(|n| {
            let st = route.formal(n)?;
            Some((route.position(&st.name.value)?, st.name.value.clone()))
        });
        let window = [1u8, 2, 3].map(|n| {
            let Some(next) = route.formal(n + 1) else {
                return Window::Unlimited;
            };
            let Some(pos) = route.position(&next.name.value) else {
                return Window::Unlimited;
            };
            let Some(esc) = route.escalation_into(policy, &next.name.value) else {
                return Window::Unlimited;
            };
            // The window as the simulator chooses it (`ir::select`), for a case of no class.
            match ir::select(&esc.windows, name, &[], &policy.preferences) {
                Some(r) => {
                    Window::Plan(sched.plan(&route, WindowOf::EscalationInto(pos), &r.value))
                }
                None if esc.windows.iter().any(|r| r.applies_to(name)) => Window::ByClass,
                None => Window::Unlimited,
            }
        });
        TrackInfo {
            name: name.to_string(),
            route_len: route.stages.len(),
            formal,
            window,
        }
    }

    fn stage_name(&self, k: usize) -> Option<String> {
        self.formal.get(k)?.as_ref().map(|(_, n)| n.clone())
    }

    fn has_stage(&self, k: usize) -> bool {
        self.formal.get(k).is_some_and(Option::is_some)
    }

    /// What the schedule core knows of the case, filled from the audit's verdict in route
    /// order, so a window counts from what the audit counted.
    fn facts(&self, v: &RowVerdict) -> Facts {
        let mut f = Facts {
            stages: vec![StageFacts::default(); self.route_len],
            ..Facts::default()
        };
        f.received = v.stages.first().and_then(|s| s.start);
        for (k, s) in v.stages.iter().enumerate().filter(|(_, s)| s.started) {
            let Some(Some((pos, _))) = self.formal.get(k) else {
                continue;
            };
            let how = if k == 0 {
                StageStart::Receipt
            } else {
                StageStart::Escalation
            };
            f.update(*pos, |st| {
                st.start = s.start.map(|d| (d, how));
                st.escalation = if k == 0 { None } else { s.start };
                st.acknowledged = s.acknowledged;
                st.ack_due = s.ack_due;
                st.responded = s.responded;
                st.response_due = s.resp_due;
            });
        }
        f
    }
}

/// A case's class on the day, before it is given its line and id.
struct Classed {
    status: Status,
    next_action: Option<String>,
    stage: Option<usize>,
    due: Option<NaiveDate>,
    late: Option<i64>,
    left: Option<i64>,
    notes: Vec<String>,
}

impl Classed {
    fn not_classed(notes: Vec<String>) -> Classed {
        Classed {
            status: Status::NotClassed,
            next_action: None,
            stage: None,
            due: None,
            late: None,
            left: None,
            notes,
        }
    }
}

/// A day in words, as `deadlines` writes it: `Wed 03 Jun 2026`.
pub fn day(d: NaiveDate) -> String {
    d.format("%a %d %b %Y").to_string()
}

/// `1 working day`, `3 working days`.
pub fn working_days(n: i64) -> String {
    if n == 1 {
        "1 working day".into()
    } else {
        format!("{n} working days")
    }
}

/// The policy and the day, ready to class rows.
pub struct Day<'p> {
    sched: Schedule<'p>,
    tracks: Vec<TrackInfo>,
    opts: Options,
}

impl<'p> Day<'p> {
    pub fn new(policy: &'p ir::Policy, plan: &Plan, opts: Options) -> Day<'p> {
        let sched = Schedule::new(policy);
        let tracks = plan
            .tracks
            .iter()
            .map(|t| TrackInfo::new(policy, &sched, t))
            .collect();
        Day {
            sched,
            tracks,
            opts,
        }
    }

    /// Whether the calendar can count working days to and from `d` (2018 to 2030).
    pub fn countable(policy: &ir::Policy, d: NaiveDate) -> bool {
        let cal = Schedule::new(policy).cal;
        cal.first() <= d && d <= cal.last()
    }

    fn wd(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, ScheduleError> {
        self.sched.working_days_between(a, b)
    }

    /// Where an accepted row stands on the day.
    fn classify(&self, v: &RowVerdict) -> Result<Classed, ScheduleError> {
        let as_of = self.opts.as_of;
        let Some(info) = self.tracks.get(v.track) else {
            return Ok(Classed::not_classed(vec![
                "the case's track is not one the policy declares".into(),
            ]));
        };
        let started: Vec<usize> = (0..MAX_STAGES)
            .filter(|&k| info.has_stage(k) && v.stages.get(k).is_some_and(|s| s.started))
            .collect();
        let Some(&cur) = started.last() else {
            return Ok(Classed::not_classed(vec![format!(
                "track `{}` has no formal stage to class",
                info.name
            )]));
        };
        // Anything dated after the day: not the case as it stood then.
        let mut after = Vec::new();
        for &k in &started {
            let Some(s) = v.stages.get(k) else { continue };
            let n = k + 1;
            if let Some(d) = s.start.filter(|d| *d > as_of) {
                after.push(if k == 0 {
                    format!("counts as received on {}", day(d))
                } else {
                    format!("asks for stage {n} on {} (as it counts)", day(d))
                });
            }
            if let Some(d) = s.acknowledged.filter(|d| *d > as_of) {
                after.push(format!("stage {n} acknowledgement dated {}", day(d)));
            }
            if let Some(d) = s.responded.filter(|d| *d > as_of) {
                after.push(format!("stage {n} response dated {}", day(d)));
            }
        }
        if !after.is_empty() {
            return Ok(Classed::not_classed(vec![format!(
                "{}, after the as-of date",
                after.join("; ")
            )]));
        }
        let Some(s) = v.stages.get(cur) else {
            return Ok(Classed::not_classed(Vec::new()));
        };
        let n = cur + 1;
        if s.responded.is_none() {
            return self.open(v, &started, cur);
        }
        if !info.has_stage(cur + 1) {
            return self.closed(v, &started, None);
        }
        // Answered, with a later stage the resident may ask for.
        let want = format!("resident may ask for stage {}", n + 1);
        let mut c = Classed {
            status: Status::AwaitingResident,
            next_action: Some(want),
            stage: Some(n + 1),
            due: None,
            late: None,
            left: None,
            notes: self.history(v, &started)?,
        };
        match info.window.get(cur) {
            Some(Window::Plan(p)) => match self.sched.due_date(p, &info.facts(v))? {
                Some(d) if as_of > d => {
                    let mut why = format!(
                        "the window to ask for stage {} closed on {} with no request",
                        n + 1,
                        day(d)
                    );
                    if p.discretion {
                        why.push_str(" (a late request may still be accepted at the council's discretion)");
                    }
                    return self.closed(v, &started, Some(why));
                }
                Some(d) => {
                    c.due = Some(d);
                    c.left = Some(self.wd(as_of, d)?);
                }
                None => c.notes.push(format!(
                    "the time limit to ask for stage {} cannot be worked out from the export",
                    n + 1
                )),
            },
            Some(Window::ByClass) => c.notes.push(format!(
                "the policy sets the time limit to ask for stage {} by case class; work it out from the case's class",
                n + 1
            )),
            Some(Window::Unlimited) | None => c.notes.push(format!(
                "the policy sets no time limit to ask for stage {}",
                n + 1
            )),
        }
        Ok(c)
    }

    /// The current stage is not answered: its next action, and how it stands on the day.
    fn open(
        &self,
        v: &RowVerdict,
        started: &[usize],
        cur: usize,
    ) -> Result<Classed, ScheduleError> {
        let as_of = self.opts.as_of;
        let s = v.stages.get(cur).copied().unwrap_or_default();
        let n = cur + 1;
        let mut notes = self.history(v, started)?;
        let mut respond = format!("respond to stage {n}");
        if s.extension_wd > 0 {
            respond.push_str(&format!(
                " (extended by {})",
                working_days(i64::from(s.extension_wd))
            ));
        }
        // The acknowledgement comes first while it is not recorded; then the response.
        let (action, due) = match (s.acknowledged, s.ack_due) {
            (None, Some(d)) => {
                if let Some(r) = s.resp_due.filter(|r| as_of > *r) {
                    notes.insert(
                        0,
                        format!(
                            "the stage {n} response is overdue too: due {}, by {}",
                            day(r),
                            working_days(self.wd(r, as_of)?)
                        ),
                    );
                }
                (format!("acknowledge stage {n}"), Some(d))
            }
            _ => (respond, s.resp_due),
        };
        let mut c = Classed {
            status: Status::OnCourse,
            next_action: Some(action),
            stage: Some(n),
            due,
            late: None,
            left: None,
            notes,
        };
        match due {
            Some(d) if as_of > d => {
                c.status = Status::Overdue;
                c.late = Some(self.wd(d, as_of)?);
            }
            Some(d) => {
                let left = self.wd(as_of, d)?;
                c.left = Some(left);
                if left <= i64::from(self.opts.due_within) {
                    c.status = Status::DueSoon;
                }
            }
            None => c.notes.push(format!(
                "the policy sets no time for this step of stage {n}"
            )),
        }
        Ok(c)
    }

    /// The case is closed: late if any stage's response was late, per stage.
    fn closed(
        &self,
        v: &RowVerdict,
        started: &[usize],
        why: Option<String>,
    ) -> Result<Classed, ScheduleError> {
        let mut per_stage = Vec::new();
        let mut worst: Option<(usize, i64)> = None;
        for &k in started {
            let Some(s) = v.stages.get(k) else { continue };
            let n = k + 1;
            let mut parts = Vec::new();
            if let (Some(false), Some(d), Some(a)) = (s.ack_on_time, s.ack_due, s.acknowledged) {
                parts.push(format!(
                    "acknowledgement {} late",
                    working_days(self.wd(d, a)?)
                ));
            }
            match (s.resp_on_time, s.resp_due, s.responded) {
                (Some(false), Some(d), Some(r)) => {
                    let late = self.wd(d, r)?;
                    parts.push(format!("response {} late", working_days(late)));
                    // The latest stage wins a tie: the stage the case closed at.
                    if worst.is_none_or(|(_, w)| late >= w) {
                        worst = Some((n, late));
                    }
                }
                (_, _, Some(_)) => parts.push("response on time".into()),
                (_, _, None) => parts.push("no response recorded".into()),
            }
            per_stage.push(format!("stage {n}: {}", parts.join(", ")));
        }
        let mut notes = vec![per_stage.join("; ")];
        notes.extend(why);
        Ok(Classed {
            status: if worst.is_some() {
                Status::ClosedLate
            } else {
                Status::ClosedOnTime
            },
            next_action: None,
            stage: worst.map(|(n, _)| n),
            due: None,
            late: worst.map(|(_, l)| l),
            left: None,
            notes,
        })
    }

    /// What went wrong before the day on an open case: late acknowledgements and responses,
    /// and stages left without a response when the next began.
    fn history(&self, v: &RowVerdict, started: &[usize]) -> Result<Vec<String>, ScheduleError> {
        let mut notes = Vec::new();
        let last = started.last().copied();
        for &k in started {
            let Some(s) = v.stages.get(k) else { continue };
            let n = k + 1;
            if let (Some(false), Some(d), Some(a)) = (s.ack_on_time, s.ack_due, s.acknowledged) {
                notes.push(format!(
                    "stage {n} acknowledged {} late",
                    working_days(self.wd(d, a)?)
                ));
            }
            if let (Some(false), Some(d), Some(r)) = (s.resp_on_time, s.resp_due, s.responded) {
                notes.push(format!(
                    "stage {n} answered {} late",
                    working_days(self.wd(d, r)?)
                ));
            }
            if s.responded.is_none() && Some(k) != last {
                notes.push(format!(
                    "stage {n} has no response recorded; stage {} has begun",
                    n + 1
                ));
            }
        }
        Ok(notes)
    }

    /// The case line of an accepted row.
    fn case(&self, line: u64, id: String, v: &RowVerdict) -> Case {
        let track = self.tracks.get(v.track);
        let c = match self.classify(v) {
            Ok(c) => c,
            Err(e) => Classed::not_classed(vec![format!("its dates cannot be counted: {e}")]),
        };
        Case {
            line,
            id,
            track: track.map(|t| t.name.clone()),
            status: c.status,
            next_action: c.next_action,
            stage: c.stage,
            stage_name: c
                .stage
                .and_then(|n| track.and_then(|t| t.stage_name(n.checked_sub(1)?))),
            due: c.due,
            working_days_late: c.late,
            working_days_left: c.left,
            detail: c.notes.join("; "),
        }
    }
}

/// The list's order: by status, the most overdue (or latest) first, then by due date (a
/// case with none last), then in file order.
fn order(a: &Case, b: &Case) -> std::cmp::Ordering {
    let late = |c: &Case| std::cmp::Reverse(c.working_days_late.unwrap_or(0));
    let due = |c: &Case| c.due.unwrap_or(NaiveDate::MAX);
    (a.status, late(a), due(a), a.line).cmp(&(b.status, late(b), due(b), b.line))
}

/// Read an export once, in file order, and class every row on the day.
pub fn morning_list(
    policy: &ir::Policy,
    export: &Export,
    input: &mut dyn Read,
    opts: Options,
) -> Result<MorningList, AuditError> {
    let plan = Plan::new(policy);
    let today = Day::new(policy, &plan, opts);
    let mut ids = IdIndex::new();
    let mut cases = Vec::new();
    let (mut accepted, mut duplicates) = (0u64, 0u64);
    let latin = records::each(input, export, |line, cols, latin, fields| {
        let id = input::text(cols.id_of(fields), latin).into_owned();
        let rejected = |reason: String| Case {
            line,
            id: id.clone(),
            track: None,
            status: Status::Rejected,
            next_action: None,
            stage: None,
            stage_name: None,
            due: None,
            working_days_late: None,
            working_days_left: None,
            detail: reason,
        };
        let v = match judge_row(&plan, cols, fields) {
            Ok(v) => v,
            Err(reason) => return cases.push(rejected(reason)),
        };
        match ids.claim(cols.id_of(fields), line, duplicates::row_hash(fields)) {
            Claim::Duplicate {
                first_line,
                conflict,
            } => {
                duplicates += 1;
                cases.push(rejected(duplicates::reason(&id, first_line, conflict)));
            }
            Claim::First => {
                accepted += 1;
                cases.push(today.case(line, id.clone(), &v));
            }
        }
    })?;
    cases.sort_by(order);
    let mut counts = Counts::default();
    for c in &cases {
        counts.add(c.status);
    }
    let rows = cases.len() as u64;
    Ok(MorningList {
        policy: plan.policy.clone(),
        as_of: opts.as_of,
        due_within: opts.due_within,
        rows,
        accepted,
        rejected: rows - accepted,
        duplicates,
        counts,
        encoding: if latin { "windows-1252" } else { "utf-8" },
        cases,
    })
}
