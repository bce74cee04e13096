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
    name: "redress::check::unreachable_stage",
    severity: Severity::Warning,
    summary: "a stage no escalation leads to",
    doc: include_str!("unreachable_stage.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
