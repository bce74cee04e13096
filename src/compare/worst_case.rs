//! The latest dates a complaint can reach if the council takes every day it allows itself:
//! each acknowledgement and response on its last day, every extension used in full. The
//! complainant escalates on the day of each response, so the dates measure the council's time,
//! not the complainant's. An extension without a stated limit makes the worst case unbounded.

use chrono::{NaiveDate, NaiveDateTime};

use crate::ir::{self, ExtensionLimit, Unit};
use crate::simulate::{simulate, Case, CaseEvent, EventKind, StepKind};

fn noon(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(12, 0, 0).unwrap_or_default()
}

/// (final internal response, Ombudsman from), each a date or why it cannot be given.
pub(super) fn worst_case(p: &ir::Policy, track: &str, received: NaiveDateTime) -> (String, String) {
    match run(p, track, received) {
        Ok((d, readings)) => {
            let mark = if readings {
                " (reading the policy's unstated start events or units)"
            } else {
                ""
            };
            (format!("{d}{mark}"), format!("{d}{mark}"))
        }
        Err(why) => (why.clone(), why),
    }
}

fn run(p: &ir::Policy, track: &str, received: NaiveDateTime) -> Result<(NaiveDate, bool), String> {
    let mut case = Case {
        track: track.to_string(),
        received,
        occurred: None,
        aware: None,
        excluded: None,
        as_of: None,
        events: Vec::new(),
    };
    let mut stage = p.stages.first();
    let mut last = None;
    let mut readings = false;
    while let Some(s) = stage {
        let name = s.name.value.clone();
        // The extension, in working days.
        if let Some(e) = ir::rule_for(&s.extensions, Some(track)) {
            let wd = match e.value.limit {
                ExtensionLimit::UpTo { duration } => match duration.unit {
                    Unit::WorkingDays => duration.amount,
                    Unit::Days => {
                        readings |= p.plain_days().is_none();
                        duration.amount
                    }
                    _ => {
                        return Err(format!(
                            "not computed: the stage {name} extension is in calendar units"
                        ))
                    }
                },
                _ => return Err(format!("no limit: the stage {name} extension has none")),
            };
            case.events.push(CaseEvent {
                stage: name.clone(),
                kind: EventKind::Extended {
                    working_days: wd,
                    reason: None,
                },
                at: received,
            });
        }
        let t = simulate(p, &case).map_err(|e| e.to_string())?;
        // Only readings that move a date count: a missing start event or a bare "days".
        readings |= t
            .assumptions
            .iter()
            .any(|a| a.contains("no start event") || a.contains("read as working days"));
        let due = |k: StepKind| {
            t.steps
                .iter()
                .find(|x| x.stage == name && x.step == k)
                .and_then(|x| x.due)
        };
        if let Some(a) = due(StepKind::Acknowledge) {
            case.events.push(CaseEvent {
                stage: name.clone(),
                kind: EventKind::Acknowledged,
                at: noon(a),
            });
        }
        // Re-run: the response may count from the acknowledgement just recorded.
        let t = simulate(p, &case).map_err(|e| e.to_string())?;
        let due = |k: StepKind| {
            t.steps
                .iter()
                .find(|x| x.stage == name && x.step == k)
                .and_then(|x| x.due)
        };
        let Some(r) = due(StepKind::Respond) else {
            return Err(format!(
                "not computed: stage {name} has no response timescale"
            ));
        };
        case.events.push(CaseEvent {
            stage: name.clone(),
            kind: EventKind::Responded {
                outcome: None,
                ends_process: false,
            },
            at: noon(r),
        });
        last = Some(r);
        let next = p
            .escalations
            .iter()
            .find(|e| e.from.value == name)
            .and_then(|e| p.stage(&e.to.value));
        if let Some(n) = next {
            case.events.push(CaseEvent {
                stage: n.name.value.clone(),
                kind: EventKind::EscalationRequested,
                at: noon(r),
            });
        }
        stage = next;
    }
    last.map(|d| (d, readings))
        .ok_or_else(|| "not computed: the policy has no stages".to_string())
}
