//! ## What it finds
//! A `route` whose stages are not in an order a complaint can take: its roles must be any
//! early-resolution steps first, then the formal stages `stage-1`, `stage-2`, `stage-3` in that
//! order, starting at `stage-1`, with no gap and no role twice. A stage named twice in one
//! route is reported too. Stages with no role are left to missing_role, and names no stage
//! defines to unknown_stage.
//!
//! ## Why it matters
//! "Stage 2" in the Codes is the stage whose role is `stage-2` on the complaint's route. A
//! route that puts stage 2 before stage 1, skips from stage 1 to stage 3, or has two stage 1s
//! gives a complaint no single meaning for "stage 2": the Codes' timescales, the
//! self-assessment and the audit columns would all be judged against the wrong stage.
//!
//! ## Example
//! ```text
//! route one, three, two                       # stage-1, stage-3, stage-2
//! stage one "Stage 1" role stage-1 { ... }
//! stage two "Stage 2" role stage-2 { ... }
//! stage three "Review" role stage-3 { ... }
//! ```
//!
//! ## How to fix
//! List the stages in the order the source gives them (`route one, two, three`); check each
//! stage's `role` against the source. A track that skips a stage needs a route of its own
//! (`route one, two for housing`) rather than a gap; a complaint that may start later by
//! agreement is `may start here by agreement` on the later stage, not a different route.
//!
//! ## Code provision
//! HO 5.3 and LGSCO 5.2: a two-stage procedure, stage 1 then stage 2; HO 5.2: no extra stages
//! between them.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Name, Role};

pub const CODE: Code = Code {
    name: "redress::check::route_order",
    severity: Severity::Error,
    summary: "a route whose stages are out of order, repeated or with a gap",
    doc: include_str!("route_order.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for r in &p.routes {
        let which = match &r.track {
            Some(t) => format!("the route for track `{}`", t.value),
            None => "the route".to_string(),
        };
        let mut seen: Vec<&Name> = Vec::new();
        // The formal stage number the next formal stage must have, and the last stage read.
        let mut expected = 1u8;
        let mut last: Option<(&Name, Role)> = None;
        for n in &r.value {
            if let Some(first) = seen.iter().find(|s| s.value == n.value) {
                out.push(
                    Diagnostic::new(
                        &CODE,
                        format!("stage `{}` is named twice in {which}", n.value),
                        n.span,
                        "named again here",
                        "a complaint passes through each stage of its route once; remove one of \
                         the two",
                    )
                    .with_related(first.span, "first named here"),
                );
                continue;
            }
            seen.push(n);
            let Some(role) = p
                .stage(&n.value)
                .and_then(|s| s.role.as_ref())
                .map(|r| r.value)
            else {
                continue;
            };
            if let Some(problem) = problem(&which, n, role, last, expected) {
                out.push(problem.into_diagnostic(n));
            }
            if let Some(k) = role.formal_number() {
                expected = expected.max(k + 1);
            }
            last = Some((n, role));
        }
    }
}

struct Problem {
    message: String,
    label: String,
    help: String,
    related: Option<(crate::span::Span, String)>,
}

impl Problem {
    fn into_diagnostic(self, n: &Name) -> Diagnostic {
        // For the author of a draft, who decides the roles and the order rather than reads them.
        let draft_help = self.help.replace(" against the source", "").replace(
            "the order the source gives them",
            "the order complaints pass through them",
        );
        let d = Diagnostic::new(&CODE, self.message, n.span, self.label, self.help)
            .with_draft_help(draft_help);
        match self.related {
            Some((span, label)) => d.with_related(span, label),
            None => d,
        }
    }
}

/// What is wrong with `n`, of role `role`, coming after `last` when the next formal stage
/// should be `expected`.
fn problem(
    which: &str,
    n: &Name,
    role: Role,
    last: Option<(&Name, Role)>,
    expected: u8,
) -> Option<Problem> {
    let name = &n.value;
    let after = |l: &Name, lr: Role| Some((l.span, format!("`{}`, role `{lr}`", l.value)));
    match (role.formal_number(), last) {
        (None, Some((l, lr))) if lr.formal_number().is_some() => Some(Problem {
            message: format!(
                "in {which}, the early-resolution step `{name}` comes after the formal stage `{}`",
                l.value
            ),
            label: "early resolution after a formal stage".into(),
            help: "early-resolution steps come before the formal stages: move it to the start \
                   of the route, or check its `role` against the source"
                .into(),
            related: after(l, lr),
        }),
        (None, _) => None,
        (Some(k), _) if k == expected => None,
        (Some(_), None) => Some(Problem {
            message: format!(
                "{which} starts its formal stages at `{name}`, role `{role}`, with no `stage-1`"
            ),
            label: format!("role `{role}`"),
            help: "the first formal stage of a route is `stage-1`; check the stage's `role` \
                   against the source, or add the missing stage to the route"
                .into(),
            related: None,
        }),
        (Some(k), Some((l, lr))) if k > expected => Some(Problem {
            message: format!(
                "{which} goes from `{}` to `{name}`, role `{role}`, with no `stage-{expected}` \
                 between them",
                l.value
            ),
            label: format!("role `{role}`, no `stage-{expected}` before it"),
            help: format!(
                "add the `stage-{expected}` stage to the route between them, or check the \
                 roles against the source"
            ),
            related: after(l, lr),
        }),
        (Some(_), last) => Some(Problem {
            message: match last {
                Some((l, lr)) if lr == role => format!(
                    "in {which}, `{name}` and `{}` both have role `{role}`",
                    l.value
                ),
                Some((l, _)) => format!(
                    "in {which}, `{name}`, role `{role}`, comes after `{}`",
                    l.value
                ),
                None => format!("in {which}, `{name}` has role `{role}` out of order"),
            },
            label: format!("role `{role}` again"),
            help: "formal stages come in the order stage-1, stage-2, stage-3, each once; put \
                   the stages in the order the source gives them, or check their roles"
                .into(),
            related: last.and_then(|(l, lr)| after(l, lr)),
        }),
    }
}
