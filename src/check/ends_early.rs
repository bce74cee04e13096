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
    name: "redress::check::ends_early",
    severity: Severity::Warning,
    summary: "a stage that may end the process early for a Housing Ombudsman track",
    doc: include_str!("ends_early.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
