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
    name: "redress::check::abolished_rule",
    severity: Severity::Warning,
    summary: "a rule the Ombudsmen have abolished",
    doc: include_str!("abolished_rule.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
