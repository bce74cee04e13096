//! `redress diff OLD NEW`: what a change to a policy does, in three parts.
//!
//! 1. **Rules** added, removed or changed, matched by meaning, not by line: a rule's key is its
//!    statement kind, its stage (by name, and by role where a stage was renamed), the
//!    escalation it belongs to, its `for` track and its `when` class. Moving a statement, adding
//!    comments or re-wrapping lines is no difference; a new citation for the same rule is.
//! 2. **Due dates** of a sample complaint that move, on every track both policies have, walked
//!    twice with [`last_day_walk`](crate::simulate::last_day::last_day_walk): as the site's
//!    sample (the council acting on the last day each rule allows, no extension) and as the
//!    comparison's worst case (every extension used in full). Each move is counted in working
//!    days by the schedule core on the new policy's calendar.
//! 3. **Complaint Handling Code verdicts** that change, per Code and per track it applies to on
//!    either side, from [`crate::assess`].
//!
//! The diff reads only the IR (and each file's text for the line numbers of citations).

mod dates;
mod render;
mod rules;
mod stages;
mod verdicts;
mod words;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::assess::Comply;
use crate::ir;
use crate::simulate::StepKind;
use crate::source::SourceFile;

pub use render::{html, human, markdown};

/// One side of the comparison: the file and the policy compiled from it.
#[derive(Clone, Copy)]
pub struct Side<'a> {
    pub file: &'a SourceFile,
    pub policy: &'a ir::Policy,
}

/// Which side of the comparison something comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    Old,
    New,
}

/// What a policy is, in a line: its file, name, version and effective date.
#[derive(Clone, Debug, Serialize)]
pub struct About {
    pub file: String,
    pub policy: String,
    pub version: Option<String>,
    pub effective: Option<NaiveDate>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

/// A citation of a rule, with the line it is written on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cite {
    /// The named document cited; none = the main source.
    pub document: Option<String>,
    pub clause: String,
    pub phrase: String,
    pub line: usize,
}

/// A rule as one side states it.
#[derive(Clone, Debug, Serialize)]
pub struct Stated {
    /// The rule in a few words ("25 working days from acknowledgement"); empty where the
    /// subject says it all (`may be skipped`, an unencoded rule).
    pub words: String,
    /// The line of the policy file the statement is on.
    pub line: usize,
    pub cites: Vec<Cite>,
}

/// A stage a rule belongs to, as each side names it.
#[derive(Clone, Debug, Serialize)]
pub struct StageRef {
    pub old: Option<String>,
    pub new: Option<String>,
    /// The stage's role on the newer side that has it (`stage-2`, `early-resolution`).
    pub role: Option<ir::Role>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RuleChange {
    pub change: Change,
    /// The statement kind (`respond`, `extend`, `wait`, `route`, ...).
    pub kind: String,
    /// What the rule is about: "stage 2 response for housing".
    pub subject: String,
    /// The change in a few words: "25 -> 20 working days from acknowledgement", "removed".
    pub summary: String,
    pub stage: Option<StageRef>,
    pub track: Option<String>,
    pub class: Option<String>,
    pub old: Option<Stated>,
    pub new: Option<Stated>,
}

/// How the sample complaint is walked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Walk {
    /// The council acts on the last day each rule allows and takes no extension (the site's
    /// sample complaint).
    NoExtensions,
    /// As above, with every extension used in full (the comparison's worst case).
    EveryExtension,
}

impl Walk {
    pub fn describe(self) -> &'static str {
        match self {
            Walk::NoExtensions => "no extension taken",
            Walk::EveryExtension => "every extension used in full",
        }
    }
}

/// A due date of the sample complaint that moves (or appears, or goes).
#[derive(Clone, Debug, Serialize)]
pub struct DateMove {
    pub track: String,
    pub walk: Walk,
    /// "stage 2 response due", "Housing Ombudsman may consider it from".
    pub step: String,
    pub kind: StepKind,
    pub stage: Option<StageRef>,
    pub old: Option<NaiveDate>,
    pub new: Option<NaiveDate>,
    /// Working days from the old date to the new one (negative: earlier), by the new policy's
    /// calendar; none when one side has no date.
    pub working_days: Option<i64>,
}

/// A walk that could not be made on one side (or either).
#[derive(Clone, Debug, Serialize)]
pub struct WalkNote {
    pub track: String,
    pub walk: Walk,
    pub side: Option<Which>,
    pub why: String,
}

/// A Code provision whose verdict changes.
#[derive(Clone, Debug, Serialize)]
pub struct VerdictChange {
    pub code: String,
    pub track: String,
    pub provision: String,
    pub section: String,
    pub level: String,
    pub requirement: String,
    pub old: Comply,
    pub new: Comply,
    pub old_explanation: String,
    pub new_explanation: String,
}

/// A provision whose verdict stays the same but whose reasoning changes ("up to 10 working
/// days" -> "up to 20 working days", still `yes`).
#[derive(Clone, Debug, Serialize)]
pub struct ReasonChange {
    pub code: String,
    pub track: String,
    pub provision: String,
    pub comply: Comply,
    pub old_explanation: String,
    pub new_explanation: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    pub old: About,
    pub new: About,
    /// The sample complaint's receipt.
    pub received: NaiveDateTime,
    /// Printed on every output: a policy with errors compared under `--allow-errors`.
    pub warnings: Vec<String>,
    pub rules: Vec<RuleChange>,
    /// The tracks the sample complaint was walked on (those both policies have).
    pub tracks: Vec<String>,
    pub dates: Vec<DateMove>,
    pub date_notes: Vec<WalkNote>,
    pub verdicts: Vec<VerdictChange>,
    pub reasons: Vec<ReasonChange>,
    /// What the diff could not compare, in words (a track only one side has, for instance).
    pub notes: Vec<String>,
}

impl Diff {
    /// Whether the two policies differ: any rule, due date or verdict. (A verdict's reasoning
    /// changes only with a rule.)
    pub fn has_differences(&self) -> bool {
        !(self.rules.is_empty() && self.dates.is_empty() && self.verdicts.is_empty())
    }
}

fn about(s: Side) -> About {
    About {
        file: s.file.name(),
        policy: s.policy.name.value.clone(),
        version: s.policy.version.as_ref().map(|v| v.value.clone()),
        effective: s.policy.effective.as_ref().map(|e| e.value),
    }
}

/// Compare two policies, following a sample complaint received at `received`.
pub fn diff(old: Side, new: Side, received: NaiveDateTime) -> Diff {
    let pairing = stages::Pairing::new(old.policy, new.policy);
    let rules = rules::diff(old, new, &pairing);
    let mut notes = Vec::new();
    let old_tracks = old.policy.case_tracks();
    let new_tracks = new.policy.case_tracks();
    let tracks: Vec<String> = new_tracks
        .iter()
        .filter(|t| old_tracks.contains(t))
        .map(|t| t.to_string())
        .collect();
    for t in &old_tracks {
        if !new_tracks.contains(t) {
            notes.push(format!(
                "track `{t}` is only in the old policy: no due dates or verdicts compared for it"
            ));
        }
    }
    for t in &new_tracks {
        if !old_tracks.contains(t) {
            notes.push(format!(
                "track `{t}` is only in the new policy: no due dates or verdicts compared for it"
            ));
        }
    }
    let (dates, date_notes) = dates::diff(old, new, &pairing, &tracks, received);
    let (verdicts, reasons, verdict_notes) = verdicts::diff(old.policy, new.policy, &tracks);
    notes.extend(verdict_notes);
    Diff {
        old: about(old),
        new: about(new),
        received,
        warnings: Vec::new(),
        rules,
        tracks,
        dates,
        date_notes,
        verdicts,
        reasons,
        notes,
    }
}
