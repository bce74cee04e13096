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
    name: "redress::check::unknown_track",
    severity: Severity::Error,
    summary: "a rule limited to a track the policy does not declare",
    doc: include_str!("unknown_track.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
