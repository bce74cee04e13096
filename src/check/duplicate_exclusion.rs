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
    name: "redress::check::duplicate_exclusion",
    severity: Severity::Warning,
    summary: "the same exclusion stated twice for the same track",
    doc: include_str!("duplicate_exclusion.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
