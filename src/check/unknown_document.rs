//! ## What it finds
//! (to be written)

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::unknown_document",
    severity: Severity::Warning,
    summary: "(to be written)",
    doc: include_str!("unknown_document.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
