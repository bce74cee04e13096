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
    name: "redress::check::impossible_start",
    severity: Severity::Error,
    summary: "a timescale counted from an event that cannot have happened yet",
    doc: include_str!("impossible_start.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
