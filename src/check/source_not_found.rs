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
    name: "redress::check::source_not_found",
    severity: Severity::Error,
    summary: "the source document named by `source` cannot be read",
    doc: include_str!("source_not_found.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
