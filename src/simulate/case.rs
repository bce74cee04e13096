//! A complaint as the simulator sees it: when it was received, what happened and when.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::ir::ExclusionKind;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Case {
    pub track: String,
    pub received: NaiveDateTime,
    pub occurred: Option<NaiveDate>,
    pub aware: Option<NaiveDate>,
    /// The council treats the complaint as excluded on this ground.
    pub excluded: Option<ExclusionKind>,
    /// The day the timeline is judged on: a step not done by then and past its deadline is
    /// late. Without it, a step not done is pending. Never the system clock.
    pub as_of: Option<NaiveDate>,
    /// The case's classes (complexity band, "complex"), which choose `when` rules.
    #[serde(default)]
    pub classes: Vec<String>,
    pub events: Vec<CaseEvent>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CaseEvent {
    pub stage: String,
    pub kind: EventKind,
    pub at: NaiveDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum EventKind {
    Acknowledged,
    /// An extension of the stage's response deadline by this many working days.
    Extended {
        working_days: u32,
        reason: Option<String>,
    },
    Paused,
    Resumed,
    /// The stage's response; `ends_process` when the council makes it final early.
    Responded {
        outcome: Option<String>,
        ends_process: bool,
    },
    /// A request to escalate into this stage.
    EscalationRequested,
    /// The council refused to escalate into this stage.
    EscalationRefused,
    /// This stage was skipped (the complaint started at the next one).
    Skipped,
    /// A milestone of the stage was met.
    Milestone {
        label: String,
    },
}
