//! The due dates of a sample complaint that move. The complaint is walked through each track
//! both policies have, with the council acting on the last day each rule allows and the
//! complainant escalating on the day of each response (`last_day_walk`, as the site's sample
//! and the comparison's worst case are): once taking no extension, once taking every
//! extension in full. Steps are matched by stage (through the pairing of stages), kind and
//! label; a moved date is counted in working days by the schedule core, on the new policy's
//! calendar.

use chrono::{NaiveDate, NaiveDateTime};

use super::stages::{self, Pairing};
use super::{DateMove, Side, Walk, WalkNote, Which};
use crate::assess::codes::ombudsman_name;
use crate::schedule::Schedule;
use crate::simulate::last_day::last_day_walk;
use crate::simulate::{Step, StepKind, Timeline};

fn step_words(side: Side, t: &Timeline, s: &Step) -> String {
    let p = side.policy;
    let stage = || stages::label(p, &s.stage);
    match s.step {
        StepKind::Acknowledge => format!("{} acknowledgement due", stage()),
        StepKind::Respond => format!("{} response due", stage()),
        StepKind::Milestone => format!(
            "{} milestone \"{}\" due",
            stage(),
            s.label.as_deref().unwrap_or("")
        ),
        StepKind::Escalate => format!("request to escalate to {} by", stage()),
        StepKind::Ombudsman => format!(
            "{} may consider it from",
            t.ombudsman.map(ombudsman_name).unwrap_or("the Ombudsman")
        ),
    }
}

/// What a step is on both sides: its stage's name both sides know, its kind, its label.
fn step_key(pairing: &Pairing, which: Which, s: &Step) -> (String, StepKind, Option<String>) {
    let stage = if s.stage.is_empty() {
        String::new()
    } else {
        pairing.canonical(which, &s.stage)
    };
    (stage, s.step, s.label.clone())
}

fn walk(side: Side, track: &str, received: NaiveDateTime, w: Walk) -> Result<Timeline, String> {
    last_day_walk(side.policy, track, received, w == Walk::EveryExtension).map(|x| x.timeline)
}

fn working_days(new: Side, a: NaiveDate, b: NaiveDate) -> Option<i64> {
    Schedule::new(new.policy).working_days_between(a, b).ok()
}

pub(super) fn diff(
    old: Side,
    new: Side,
    pairing: &Pairing,
    tracks: &[String],
    received: NaiveDateTime,
) -> (Vec<DateMove>, Vec<WalkNote>) {
    let mut moves = Vec::new();
    let mut notes = Vec::new();
    for track in tracks {
        for w in [Walk::NoExtensions, Walk::EveryExtension] {
            let (a, b) = match (walk(old, track, received, w), walk(new, track, received, w)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(x), Err(y)) if x == y => {
                    notes.push(WalkNote {
                        track: track.clone(),
                        walk: w,
                        side: None,
                        why: x,
                    });
                    continue;
                }
                (a, b) => {
                    for (which, r) in [(Which::Old, a), (Which::New, b)] {
                        if let Err(why) = r {
                            notes.push(WalkNote {
                                track: track.clone(),
                                walk: w,
                                side: Some(which),
                                why,
                            });
                        }
                    }
                    continue;
                }
            };
            let mut used = vec![false; b.steps.len()];
            for s in &a.steps {
                let key = step_key(pairing, Which::Old, s);
                let found = b.steps.iter().enumerate().find(|(j, x)| {
                    !used.get(*j).copied().unwrap_or(true)
                        && step_key(pairing, Which::New, x) == key
                });
                let other = match found {
                    Some((j, x)) => {
                        if let Some(u) = used.get_mut(j) {
                            *u = true;
                        }
                        Some(x)
                    }
                    None => None,
                };
                let new_due = other.and_then(|x| x.due);
                if s.due == new_due || (s.due.is_none() && other.is_none()) {
                    continue;
                }
                let stage = (!s.stage.is_empty()).then(|| {
                    let role = new
                        .policy
                        .stage(other.map(|x| x.stage.as_str()).unwrap_or(""))
                        .or_else(|| old.policy.stage(&s.stage))
                        .and_then(|st| st.role.as_ref().map(|r| r.value));
                    pairing.stage_ref(Which::Old, &s.stage, role)
                });
                moves.push(DateMove {
                    track: track.clone(),
                    walk: w,
                    step: match other {
                        Some(x) => step_words(new, &b, x),
                        None => step_words(old, &a, s),
                    },
                    kind: s.step,
                    stage,
                    old: s.due,
                    new: new_due,
                    working_days: match (s.due, new_due) {
                        (Some(x), Some(y)) => working_days(new, x, y),
                        _ => None,
                    },
                });
            }
            // Steps only the new walk has.
            for (j, x) in b.steps.iter().enumerate() {
                if used.get(j).copied().unwrap_or(true) || x.due.is_none() {
                    continue;
                }
                let stage = (!x.stage.is_empty()).then(|| {
                    let role = new
                        .policy
                        .stage(&x.stage)
                        .and_then(|st| st.role.as_ref().map(|r| r.value));
                    pairing.stage_ref(Which::New, &x.stage, role)
                });
                moves.push(DateMove {
                    track: track.clone(),
                    walk: w,
                    step: step_words(new, &b, x),
                    kind: x.step,
                    stage,
                    old: None,
                    new: x.due,
                    working_days: None,
                });
            }
        }
    }
    (moves, notes)
}
