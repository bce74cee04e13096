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
    name: "redress::check::missing_source",
    severity: Severity::Warning,
    summary: "no source document, so citations cannot be verified",
    doc: include_str!("missing_source.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
