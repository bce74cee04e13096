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
    name: "redress::check::response_before_acknowledgement",
    severity: Severity::Error,
    summary: "a response deadline that can fall before the acknowledgement deadline",
    doc: include_str!("response_before_acknowledgement.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
