//! Stage 6: the side-by-side comparison that docs, scrutiny committees and residents read. One
//! row per policy and track, generated from the IR (never typed by hand). An ambiguous value
//! stays visibly ambiguous ("15 WD from ? (start not stated)"), never a clean number.

mod cells;
mod worst_case;

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use serde::Serialize;

use crate::ir;

/// The complaint the worst-case columns follow when the user gives none: Tuesday 1 December 2026
/// at 10:00, so that the timelines run over Christmas and New Year.
pub const DEFAULT_RECEIVED: &str = "2026-12-01T10:00";

#[derive(Clone, Debug, Serialize)]
pub struct Column {
    pub key: String,
    pub title: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub policy: String,
    pub track: String,
    pub cells: BTreeMap<String, String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub received: NaiveDateTime,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

fn col(key: &str, title: &str) -> Column {
    Column {
        key: key.into(),
        title: title.into(),
    }
}

/// Compare policies, one row per policy and track, in the order given. Stage columns follow
/// each track's route: "stage 1" is the stage whose role is `stage-1` on that track, never the
/// first block written. `received` is also the date on which the version columns say which of
/// two versions of one council's policy is in force.
pub fn compare(policies: &[ir::Policy], received: NaiveDateTime) -> Comparison {
    let routes: Vec<ir::Route> = policies.iter().flat_map(|p| p.routes_by_track()).collect();
    let max_stages = routes
        .iter()
        .map(|r| r.formal_stages().len())
        .max()
        .unwrap_or(0)
        .max(1);
    let any_early = routes.iter().any(|r| !r.early_stages().is_empty());
    let mut columns = vec![col("stages", "Stages")];
    if any_early {
        columns.push(col("early", "Early resolution (before stage 1)"));
    }
    for n in 1..=max_stages {
        columns.push(col(
            &format!("s{n}_acknowledge"),
            &format!("Stage {n} acknowledgement"),
        ));
        columns.push(col(
            &format!("s{n}_respond"),
            &format!("Stage {n} response"),
        ));
        columns.push(col(
            &format!("s{n}_extend"),
            &format!("Stage {n} extension"),
        ));
        if n < max_stages {
            columns.push(col(
                &format!("s{n}_escalate"),
                &format!("Window to escalate to stage {}", n + 1),
            ));
        }
    }
    columns.extend([
        col("acceptance", "Time limit to complain"),
        col("exclusions", "Exclusions"),
        col("ombudsman", "Ombudsman"),
        col("final_response_by", "Final internal response at the latest"),
        col("ombudsman_from", "Ombudsman from, at the latest"),
        col(
            "code_compliance",
            "Code self-assessment (yes / no / partial)",
        ),
        col("unencoded", "Rules not encoded"),
        col("version", "Version"),
    ]);
    let on = received.date();
    let mut rows = Vec::new();
    for (i, p) in policies.iter().enumerate() {
        let version = cells::version(policies, i, on);
        for track in p.case_tracks() {
            let mut cells = cells::cells(p, track, max_stages, any_early);
            let (final_by, ombudsman_from) = worst_case::worst_case(p, track, received);
            cells.insert("final_response_by".into(), final_by);
            cells.insert("ombudsman_from".into(), ombudsman_from);
            cells.insert("code_compliance".into(), cells::compliance(p, track));
            cells.insert("version".into(), version.clone());
            rows.push(Row {
                policy: p.name.value.clone(),
                track: track.to_string(),
                cells,
            });
        }
    }
    Comparison {
        received,
        columns,
        rows,
    }
}
