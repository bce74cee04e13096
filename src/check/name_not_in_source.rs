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
    name: "redress::check::name_not_in_source",
    severity: Severity::Warning,
    summary: "the council's name does not appear in its source document",
    doc: include_str!("name_not_in_source.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
