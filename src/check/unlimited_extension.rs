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
    name: "redress::check::unlimited_extension",
    severity: Severity::Warning,
    summary: "an extension with no stated limit",
    doc: include_str!("unlimited_extension.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
