//! The report of an audit: the counts per formal stage and track, the rejected rows and the
//! duplicate ids, as every output format (human, Markdown, JSON) reads them. Built from an
//! [`Aggregate`] once the export is read; it judges and reads nothing.

use serde::Serialize;

use super::{Aggregate, Duplicate, Plan, Rejected};

/// One stage and track of the report.
#[derive(Clone, Debug, Serialize)]
pub struct StageReport {
    /// The formal stage number (its role), never a position in the file.
    pub stage: usize,
    /// The name of the track's stage with that role.
    pub stage_name: String,
    pub track: String,
    pub received: u64,
    pub ack_on_time: u64,
    pub ack_late: u64,
    pub resp_on_time: u64,
    pub resp_late: u64,
    pub pending: u64,
    pub extended: u64,
    pub median_wd_to_respond: Option<u64>,
    pub p90_wd_to_respond: Option<u64>,
    /// cases of this stage that asked to go to the next (none at the last stage)
    pub escalated: Option<u64>,
    /// `escalated / received`
    pub escalation_rate: Option<f64>,
}

/// The report `redress audit` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub policy: String,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub stages: Vec<StageReport>,
    pub rejected_rows: Vec<Rejected>,
    pub rejected_rows_truncated: bool,
    /// rows whose id an earlier accepted row has: rejected (among `rejected`), and listed
    /// apart (see [`super::duplicates`])
    pub duplicates: DuplicateReport,
    /// how the export's text was read: `utf-8` or `windows-1252`
    pub encoding: &'static str,
}

/// The duplicate ids of an export.
#[derive(Clone, Debug, Serialize)]
pub struct DuplicateReport {
    /// rows rejected because an earlier accepted row has their id
    pub count: u64,
    /// those of them that differ from the row that is counted (not plain copies)
    pub conflicts: u64,
    /// the first of them, in file order
    pub examples: Vec<Duplicate>,
    pub examples_truncated: bool,
}

pub fn report(plan: &Plan, agg: &Aggregate) -> Report {
    let mut stages = Vec::new();
    for (k, per_track) in agg.counts.iter().enumerate() {
        for (t, c) in per_track.iter().enumerate() {
            // Only the formal stages the track's route has.
            let (Some(f), Some(tp)) = (plan.formal(t, k), plan.per_track.get(t)) else {
                continue;
            };
            let last = k + 1 >= tp.count;
            stages.push(StageReport {
                stage: k + 1,
                stage_name: f.name.clone(),
                track: plan.tracks.get(t).cloned().unwrap_or_default(),
                received: c.received,
                ack_on_time: c.ack_on_time,
                ack_late: c.ack_late,
                resp_on_time: c.resp_on_time,
                resp_late: c.resp_late,
                pending: c.pending,
                extended: c.extended,
                median_wd_to_respond: c.percentile(50),
                p90_wd_to_respond: c.percentile(90),
                escalated: (!last).then_some(c.escalated),
                escalation_rate: (!last && c.received > 0)
                    .then(|| c.escalated as f64 / c.received as f64),
            });
        }
    }
    Report {
        policy: plan.policy.clone(),
        rows: agg.rows,
        accepted: agg.accepted,
        rejected: agg.rejected,
        stages,
        rejected_rows_truncated: agg.rejected > agg.rejected_rows.len() as u64,
        rejected_rows: agg.rejected_rows.clone(),
        duplicates: DuplicateReport {
            count: agg.duplicates,
            conflicts: agg.conflicts,
            examples: agg.duplicate_rows.clone(),
            examples_truncated: agg.duplicates > agg.duplicate_rows.len() as u64,
        },
        encoding: if agg.latin { "windows-1252" } else { "utf-8" },
    }
}

/// Examples of duplicate ids named in the one-line summary; the rest are in the JSON report and
/// among the rejected rows.
const IN_SUMMARY: usize = 5;

impl DuplicateReport {
    /// One line for the human and Markdown reports (none without duplicates): how many rows
    /// repeat an id, how many of them differ from the row counted, and the first few.
    pub fn summary(&self) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let rows = if self.count == 1 {
            "1 row repeats an id an earlier row has".to_string()
        } else {
            format!("{} rows repeat an id an earlier row has", self.count)
        };
        let differ = match self.conflicts {
            0 => "all plain copies".to_string(),
            n if n == self.count => "every one differing from the row counted".to_string(),
            n => format!("{n} differing from the row counted"),
        };
        let mut ex: Vec<String> = self
            .examples
            .iter()
            .take(IN_SUMMARY)
            .map(|d| {
                format!(
                    "`{}` line {} (counted: line {})",
                    d.id, d.line, d.first_line
                )
            })
            .collect();
        let shown = ex.len() as u64;
        if self.count > shown {
            ex.push(format!("{} more", self.count - shown));
        }
        Some(format!(
            "{rows} ({differ}; the first accepted row with an id is the one counted): {}",
            ex.join(", ")
        ))
    }
}
