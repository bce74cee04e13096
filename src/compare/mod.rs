//! Stage 6: the side-by-side comparison that docs, scrutiny committees and residents read. One
//! row per policy and track, generated from the IR (never typed by hand). An ambiguous value
//! stays visibly ambiguous ("15 WD from ? (start not stated)"), never a clean number.
//!
//! Each cell is words for the tables people read; a cell whose words hold several values (a
//! date and a note, a Code and its verdicts) also has them one to a cell, for a spreadsheet.

mod cells;
mod values;
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
    /// The headers of the column's values one to a cell (see [`Row::parts`]); empty for a
    /// column whose words are one value, headed by its title.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub policy: String,
    pub track: String,
    /// Each column's words, by key.
    pub cells: BTreeMap<String, String>,
    /// For a column with [`Column::parts`], its values one to a cell in the order of those
    /// headers: `["2027-03-05", "reading the policy's unstated start events or units"]` for
    /// the words "2027-03-05 (reading ...)".
    pub parts: BTreeMap<String, Vec<String>>,
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
        parts: Vec::new(),
    }
}

/// A column whose words hold several values, with a header for each.
fn split<S: ToString>(key: &str, title: &str, parts: &[S]) -> Column {
    Column {
        parts: parts.iter().map(ToString::to_string).collect(),
        ..col(key, title)
    }
}

/// A row's cell for a column with parts: its words and its values.
fn put<const N: usize>(row: &mut Row, key: &str, words: String, parts: [String; N]) {
    row.cells.insert(key.into(), words);
    row.parts.insert(key.into(), parts.into());
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
    let on = received.date();
    let mut columns = vec![split("stages", "Stages", &values::Stages::HEADERS)];
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
        split("ombudsman", "Ombudsman", &values::OmbudsmanCell::HEADERS),
        split(
            "final_response_by",
            "Final internal response at the latest",
            &values::Latest::FINAL_HEADERS,
        ),
        split(
            "ombudsman_from",
            "Ombudsman from, at the latest",
            &values::Latest::FROM_HEADERS,
        ),
        split(
            "code_compliance",
            "Code self-assessment (yes / no / partial)",
            &values::Verdicts::HEADERS,
        ),
        col("unencoded", "Rules not encoded"),
        split("version", "Version", &values::Version::headers(on)),
    ]);
    let mut rows = Vec::new();
    for (i, p) in policies.iter().enumerate() {
        let version = values::Version::of(policies, i, on);
        for track in p.case_tracks() {
            let mut row = Row {
                policy: p.name.value.clone(),
                track: track.to_string(),
                cells: cells::cells(p, track, max_stages, any_early),
                parts: BTreeMap::new(),
            };
            let stages = values::Stages::of(&p.route(track));
            put(&mut row, "stages", stages.words(), stages.parts());
            let ombudsman = values::OmbudsmanCell::of(p, track);
            put(&mut row, "ombudsman", ombudsman.words(), ombudsman.parts());
            let latest = worst_case::worst_case(p, track, received);
            put(
                &mut row,
                "final_response_by",
                latest.words(),
                [latest.date()],
            );
            put(
                &mut row,
                "ombudsman_from",
                latest.words(),
                [latest.date(), latest.note()],
            );
            let verdicts = values::Verdicts::of(p, track);
            put(
                &mut row,
                "code_compliance",
                verdicts.words(),
                verdicts.parts(),
            );
            put(&mut row, "version", version.words(), version.parts());
            rows.push(row);
        }
    }
    Comparison {
        received,
        columns,
        rows,
    }
}
