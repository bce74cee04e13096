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
    name: "redress::check::duplicate_track",
    severity: Severity::Error,
    summary: "two tracks with the same name",
    doc: include_str!("duplicate_track.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
