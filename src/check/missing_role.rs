//! ## What it finds
//! A `stage` block with no `role`.
//!
//! ## Why it matters
//! The Complaint Handling Codes speak of "stage 1" and "stage 2", and redress reads those as
//! roles, never as the order the blocks are written in or a position on a route: an informal
//! first-contact step may come before stage 1, and a stage may be the second on one track's
//! route and the only one on another's. Without its role redress cannot tell which of the
//! Codes' timescales a stage should meet, which stage a self-assessment is about, or whether
//! a route's stages come in a possible order.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" {                     # role stage-1?
//!   respond within 10 working days of acknowledgement
//! }
//! ```
//!
//! ## How to fix
//! Add the role the source gives the stage after its title: `role early-resolution` for an
//! informal, first-contact or early-resolution step before the formal stages; `role stage-1`,
//! `role stage-2`, `role stage-3` for the formal stages. Under the SPSO's and NIPSO's model
//! procedures, "frontline resolution" is stage 1 and "investigation" stage 2.
//!
//! ## Code provision
//! HO 5.3 and LGSCO 5.2 (the two stages), HO 6.2-6.15 and LGSCO 6.2-6.14 (what each of them
//! must do).

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Role, Vocabulary};

pub const CODE: Code = Code {
    name: "redress::check::missing_role",
    severity: Severity::Error,
    summary: "a stage with no role",
    doc: include_str!("missing_role.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for s in &p.stages {
        if s.role.is_some() {
            continue;
        }
        let name = &s.name.value;
        let guess = guess(p, name);
        let others: Vec<String> = Role::WORDS
            .iter()
            .map(|(w, _)| *w)
            .filter(|w| *w != guess.word())
            .map(|w| format!("`{w}`"))
            .collect();
        let help = format!(
            "say what the stage is in the Codes' terms, as the source describes it: \
             `stage {name} ... role {guess}` if it is what its place on the route suggests, \
             else {} (`early-resolution` is an informal step before the formal stages; under \
             the SPSO or NIPSO, frontline resolution is `stage-1`)",
            others.join(", ")
        );
        let draft_help = help.replace(", as the source describes it:", ":");
        out.push(
            Diagnostic::new(
                &CODE,
                format!("stage `{name}` has no role"),
                s.name.span,
                "no `role` for this stage",
                help,
            )
            .with_draft_help(draft_help),
        );
    }
}

/// The role a stage's place on the first route that names it suggests: the formal stage after
/// the role of the stage before it, or `stage-1` where nothing with a role comes before it.
fn guess(p: &ir::Policy, name: &str) -> Role {
    let before = p.routes.iter().find_map(|r| {
        let i = r.value.iter().position(|n| n.value == name)?;
        Some(
            r.value
                .iter()
                .take(i)
                .filter_map(|n| p.stage(&n.value)?.role.as_ref())
                .next_back()
                .map(|r| r.value),
        )
    });
    match before.flatten().and_then(|r| r.formal_number()) {
        Some(1) => Role::Stage2,
        Some(_) => Role::Stage3,
        None => Role::Stage1,
    }
}
