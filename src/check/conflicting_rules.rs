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
    name: "redress::check::conflicting_rules",
    severity: Severity::Error,
    summary: "two rules for the same step of the same stage and track",
    doc: include_str!("conflicting_rules.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
