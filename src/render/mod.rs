//! The last stage: diagnostics as text for people (miette's graphical report, at a fixed width
//! so output does not depend on the terminal) or as JSON for machines.

pub mod assessment;
pub mod chart;
pub mod comparison;
pub mod human;
pub mod ics;
pub mod json;
pub mod policy_text;
pub mod timeline;
