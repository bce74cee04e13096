//! ## What it finds
//! (to be written)

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::unencoded_rule",
    severity: Severity::Warning,
    summary: "(to be written)",
    doc: include_str!("unencoded_rule.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
