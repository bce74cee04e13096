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
    name: "redress::check::extension_exceeds_base",
    severity: Severity::Warning,
    summary: "an extension longer than the timescale it extends",
    doc: include_str!("extension_exceeds_base.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
