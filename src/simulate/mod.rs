//! Stage 4b: running a complaint's timeline through a policy. The simulator walks the case's
//! track's route and asks the schedule core ([`crate::schedule`]) for every deadline; it holds
//! no date arithmetic of its own. Where the policy leaves something open (no start event, a
//! bare "days", no office hours) the core takes the reading documented in docs/simulation.md
//! and the timeline records it, typed (`readings`) and in words (`assumptions`): a visible
//! reading, never a silent guess.

pub mod case;
pub mod deadlines;
pub mod engine;
pub mod fixture;
pub mod last_day;

pub use case::{Case, CaseEvent, EventKind};
pub use engine::{
    simulate, Acceptance, DayOff, Decision, SimError, Status, Step, StepKind, Timeline,
};
