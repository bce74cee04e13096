//! ## What it finds
//! (to be written)
//!
//! ## Why it matters
//!
//! ## Example
//!
//! ## How to fix
//!
//! ## Code provision

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::missing_timescale",
    severity: Severity::Warning,
    summary: "a stage with no acknowledgement or response timescale for a track",
    doc: include_str!("missing_timescale.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
