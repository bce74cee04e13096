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
    name: "redress::check::unstated_start",
    severity: Severity::Warning,
    summary: "a timescale whose start event the source does not give",
    doc: include_str!("unstated_start.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
