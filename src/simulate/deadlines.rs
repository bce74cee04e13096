//! The deadline calculator: every deadline that can be known from what has happened so far.
//! It is the simulator run on a case built from a few facts, keeping the steps whose date can
//! be computed.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::case::{Case, CaseEvent, EventKind};
use super::engine::{simulate, SimError, StepKind, Timeline};
use crate::ir;

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
}

#[derive(Serialize)]
pub struct Report {
    pub policy: String,
    pub track: String,
    pub received: NaiveDateTime,
    pub effective_received: NaiveDateTime,
    pub deadlines: Vec<Deadline>,
    pub assumptions: Vec<String>,
}

pub fn deadlines(
    policy: &ir::Policy,
    q: &Query,
    received: NaiveDateTime,
) -> Result<Report, SimError> {
    let track = match &q.track {
        Some(t) => t.clone(),
        None => policy
            .case_tracks()
            .first()
            .map(|s| s.to_string())
            .unwrap_or_else(|| ir::IMPLICIT_TRACK.into()),
    };
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
        as_of: None,
        classes: q.classes.clone(),
        events,
    };
    let t: Timeline = simulate(policy, &case)?;
    let deadlines = t
        .steps
        .iter()
        .filter_map(|s| {
            let due = s.due?;
            let (stage, stage_id) = if s.step == StepKind::Ombudsman {
                (None, None)
            } else {
                (
                    Some(s.stage_title.clone().unwrap_or_else(|| s.stage.clone())),
                    Some(s.stage.clone()),
                )
            };
            Some(Deadline {
                stage,
                stage_id,
                step: s.step,
                label: s.label.clone(),
                due,
                basis: s.basis.clone(),
            })
        })
        .collect();
    Ok(Report {
        policy: t.policy,
        track,
        received,
        effective_received: t.effective_received,
        deadlines,
        assumptions: t.assumptions,
    })
}
