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
    name: "redress::check::escalation_cycle",
    severity: Severity::Error,
    summary: "escalations that lead back to an earlier stage",
    doc: include_str!("escalation_cycle.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
