//! ## What it finds
//! (to be written)

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::agreed_start_at_first_stage",
    severity: Severity::Warning,
    summary: "(to be written)",
    doc: include_str!("agreed_start_at_first_stage.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
