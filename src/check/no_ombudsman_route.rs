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
    name: "redress::check::no_ombudsman_route",
    severity: Severity::Error,
    summary: "a track with no Ombudsman to go to after the last stage",
    doc: include_str!("no_ombudsman_route.rs"),
};

pub fn check(_cx: &Context, _out: &mut Vec<Diagnostic>) {}
