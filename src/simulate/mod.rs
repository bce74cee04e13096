//! Stage 4b: running a complaint's timeline through a policy. The simulator reads only the IR
//! and the calendar. Where the policy leaves something open (no start event, a bare "days",
//! no office hours) it takes the reading documented here and records it in the timeline's
//! `assumptions`: a visible reading, never a silent guess.
//!
//! Readings:
//! - a timescale with no start event counts from the stage's own start: receipt of the
//!   complaint at the first stage, receipt of the escalation request at later stages;
//! - a bare "days" is read as working days unless the policy says `days mean ...`;
//! - no region: England and Wales; no office hours: 09:00 to 17:00; no out-of-hours rule:
//!   convention 3 (next working day);
//! - convention 5: a response counted from the acknowledgement counts from the actual
//!   acknowledgement when there is one, else from the acknowledgement deadline; an extension
//!   of E working days counts from the deadline it extends; a pause adds the working days it
//!   lasted.

pub mod case;
pub mod deadlines;
pub mod engine;
pub mod fixture;
pub mod last_day;

pub use case::{Case, CaseEvent, EventKind};
pub use engine::{
    simulate, Acceptance, DayOff, Decision, SimError, Status, Step, StepKind, Timeline,
};
