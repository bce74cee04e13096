//! The latest dates a complaint can reach if the council takes every day it allows itself:
//! each acknowledgement and response on its last day, every extension used in full. The
//! complainant escalates on the day of each response, so the dates measure the council's time,
//! not the complainant's. An extension without a stated limit makes the worst case unbounded.

use chrono::{NaiveDate, NaiveDateTime};

use super::values::Latest;
use crate::ir;
use crate::schedule::reading::Reading;
use crate::simulate::last_day::last_day_walk;
use crate::simulate::StepKind;

/// The latest date of the final internal response (the Ombudsman can be asked from the same
/// day), or why it cannot be given.
pub(super) fn worst_case(p: &ir::Policy, track: &str, received: NaiveDateTime) -> Latest {
    match run(p, track, received) {
        Ok((date, reading)) => Latest::Date { date, reading },
        Err(why) => Latest::NotGiven(why),
    }
}

fn run(p: &ir::Policy, track: &str, received: NaiveDateTime) -> Result<(NaiveDate, bool), String> {
    let walk = last_day_walk(p, track, received, true)?;
    let t = &walk.timeline;
    // Only readings that move a date count: a missing start event or a bare "days".
    let readings = walk.extension_unit_read
        || t.readings
            .iter()
            .any(|r| r.is_unstated_start() || matches!(r, Reading::BareDays { .. }));
    let Some(last) = t
        .steps
        .iter()
        .rev()
        .find(|s| s.step == StepKind::Respond && s.done.is_some())
    else {
        return Err("not computed: no stage has a response timescale".to_string());
    };
    // A walk that stopped before the last stage of the track's route stopped at a stage with
    // no response timescale.
    if let Some(next) = p.route(track).next(&last.stage) {
        return Err(format!(
            "not computed: stage {} has no response timescale",
            next.name.value
        ));
    }
    last.done
        .map(|d| (d, readings))
        .ok_or_else(|| "not computed".to_string())
}
