//! ## What it finds
//! (to be written)

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::missing_role",
    severity: Severity::Warning,
    summary: "(to be written)",
    doc: include_str!("missing_role.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
