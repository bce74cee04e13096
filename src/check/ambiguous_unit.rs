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
    name: "redress::check::ambiguous_unit",
    severity: Severity::Warning,
    summary: "\"days\" with no working or calendar qualifier",
    doc: include_str!("ambiguous_unit.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
