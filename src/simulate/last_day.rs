//! A complaint followed through every stage with the council acting on the last day each rule
//! allows and the complainant escalating on the day of each response. The site's sample
//! complaint takes no extensions; the comparison's worst case uses every extension in full.

use chrono::{NaiveDate, NaiveDateTime};

use super::case::{Case, CaseEvent, EventKind};
use super::engine::{simulate, StepKind, Timeline};
use crate::ir::{self, ExtensionLimit, Unit};

fn noon(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(12, 0, 0).unwrap_or_default()
}

pub struct Walk {
    pub timeline: Timeline,
    /// An extension's bare "days" was read as working days.
    pub extension_unit_read: bool,
}

/// Walk a complaint received at `received` on `track` through the policy. With `extensions`,
/// each stage's extension is used in full; an extension without a stated limit, or in calendar
/// units, makes the walk impossible and the error says why.
pub fn last_day_walk(
    p: &ir::Policy,
    track: &str,
    received: NaiveDateTime,
    extensions: bool,
) -> Result<Walk, String> {
    last_day_walk_of_class(p, track, received, extensions, &[])
}

/// [`last_day_walk`] for a complaint of these classes (which choose `when` rules).
pub fn last_day_walk_of_class(
    p: &ir::Policy,
    track: &str,
    received: NaiveDateTime,
    extensions: bool,
    classes: &[String],
) -> Result<Walk, String> {
    let mut case = Case {
        track: track.to_string(),
        received,
        occurred: None,
        aware: None,
        excluded: None,
        as_of: None,
        classes: classes.to_vec(),
        events: Vec::new(),
    };
    let mut extension_unit_read = false;
    let route = p.route(track);
    let mut stage = route.first();
    // One pass per stage of the track's route.
    for _ in 0..route.stages.len() {
        let Some(s) = stage else { break };
        let name = s.name.value.clone();
        if extensions {
            if let Some(e) = ir::select(&s.extensions, track, classes, &p.preferences) {
                let wd = match e.value.limit {
                    ExtensionLimit::UpTo { duration } => match duration.unit {
                        Unit::WorkingDays => duration.amount,
                        Unit::Days => {
                            extension_unit_read |= p.plain_days().is_none();
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
                let kind = EventKind::Extended {
                    working_days: wd,
                    reason: None,
                };
                case.events.push(CaseEvent {
                    stage: name.clone(),
                    kind,
                    at: received,
                });
            }
        }
        let due = |t: &Timeline, k: StepKind| {
            t.steps
                .iter()
                .find(|x| x.stage == name && x.step == k)
                .and_then(|x| x.due)
        };
        let t = simulate(p, &case).map_err(|e| e.to_string())?;
        if let Some(a) = due(&t, StepKind::Acknowledge) {
            case.events.push(CaseEvent {
                stage: name.clone(),
                kind: EventKind::Acknowledged,
                at: noon(a),
            });
        }
        // Again: the response may count from the acknowledgement just recorded.
        let t = simulate(p, &case).map_err(|e| e.to_string())?;
        let Some(r) = due(&t, StepKind::Respond) else {
            break;
        };
        let kind = EventKind::Responded {
            outcome: None,
            ends_process: false,
        };
        case.events.push(CaseEvent {
            stage: name.clone(),
            kind,
            at: noon(r),
        });
        stage = route.next(&name);
        if let Some(n) = stage {
            case.events.push(CaseEvent {
                stage: n.name.value.clone(),
                kind: EventKind::EscalationRequested,
                at: noon(r),
            });
        }
    }
    let timeline = simulate(p, &case).map_err(|e| e.to_string())?;
    Ok(Walk {
        timeline,
        extension_unit_read,
    })
}
