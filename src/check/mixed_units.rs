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
    name: "redress::check::mixed_units",
    severity: Severity::Warning,
    summary: "calendar weeks or months mixed with working days in one stage",
    doc: include_str!("mixed_units.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
