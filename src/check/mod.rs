//! Stage 3 of the pipeline: consistency checks on the IR. One file per check; the file's `//!`
//! comment is the check's documentation (What it finds / Why it matters / Example / How to
//! fix / Code provision) and `redress explain CODE` prints it. Checks read the IR and the
//! source document only: never the syntax tree or the parser.

use crate::diagnostic::{Code, Diagnostic};
use crate::document::SourceDocument;
use crate::ir;

pub mod abolished_rule;
pub mod ambiguous_unit;
pub mod citation_not_found;
pub mod conflicting_rules;
pub mod duplicate_exclusion;
pub mod duplicate_stage;
pub mod duplicate_track;
pub mod ends_early;
pub mod escalation_cycle;
pub mod extension_exceeds_base;
pub mod impossible_start;
pub mod missing_source;
pub mod missing_timescale;
pub mod mixed_units;
pub mod name_not_in_source;
pub mod no_ombudsman_route;
pub mod response_before_acknowledgement;
pub mod restated_timescale;
pub mod source_not_found;
pub mod timescale;
pub mod unknown_stage;
pub mod unknown_track;
pub mod unlimited_extension;
pub mod unreachable_stage;
pub mod unstated_start;

/// What a check may look at.
pub struct Context<'a> {
    pub policy: &'a ir::Policy,
    pub document: &'a SourceDocument,
}

pub struct Check {
    pub code: &'static Code,
    pub run: fn(&Context, &mut Vec<Diagnostic>),
}

/// Every check, in the order their diagnostics are listed in the docs.
pub const CHECKS: &[Check] = &[
    Check {
        code: &unknown_stage::CODE,
        run: unknown_stage::check,
    },
    Check {
        code: &unknown_track::CODE,
        run: unknown_track::check,
    },
    Check {
        code: &duplicate_stage::CODE,
        run: duplicate_stage::check,
    },
    Check {
        code: &duplicate_track::CODE,
        run: duplicate_track::check,
    },
    Check {
        code: &duplicate_exclusion::CODE,
        run: duplicate_exclusion::check,
    },
    Check {
        code: &unreachable_stage::CODE,
        run: unreachable_stage::check,
    },
    Check {
        code: &escalation_cycle::CODE,
        run: escalation_cycle::check,
    },
    Check {
        code: &no_ombudsman_route::CODE,
        run: no_ombudsman_route::check,
    },
    Check {
        code: &conflicting_rules::CODE,
        run: conflicting_rules::check,
    },
    Check {
        code: &restated_timescale::CODE,
        run: restated_timescale::check,
    },
    Check {
        code: &impossible_start::CODE,
        run: impossible_start::check,
    },
    Check {
        code: &response_before_acknowledgement::CODE,
        run: response_before_acknowledgement::check,
    },
    Check {
        code: &unstated_start::CODE,
        run: unstated_start::check,
    },
    Check {
        code: &ambiguous_unit::CODE,
        run: ambiguous_unit::check,
    },
    Check {
        code: &mixed_units::CODE,
        run: mixed_units::check,
    },
    Check {
        code: &extension_exceeds_base::CODE,
        run: extension_exceeds_base::check,
    },
    Check {
        code: &unlimited_extension::CODE,
        run: unlimited_extension::check,
    },
    Check {
        code: &missing_timescale::CODE,
        run: missing_timescale::check,
    },
    Check {
        code: &ends_early::CODE,
        run: ends_early::check,
    },
    Check {
        code: &abolished_rule::CODE,
        run: abolished_rule::check,
    },
    Check {
        code: &source_not_found::CODE,
        run: source_not_found::check,
    },
    Check {
        code: &missing_source::CODE,
        run: missing_source::check,
    },
    Check {
        code: &citation_not_found::CODE,
        run: citation_not_found::check,
    },
    Check {
        code: &name_not_in_source::CODE,
        run: name_not_in_source::check,
    },
];

pub fn run(cx: &Context) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for c in CHECKS {
        (c.run)(cx, &mut out);
    }
    out
}

/// Every citation in the policy with the span of the rule it supports. Several checks walk
/// all rules; this is the one place that knows where rules live in the IR.
pub fn all_rules(p: &ir::Policy) -> Vec<RuleRef<'_>> {
    fn push<'a, T>(out: &mut Vec<RuleRef<'a>>, r: &'a ir::Rule<T>) {
        out.push(RuleRef {
            track: r.track.as_ref(),
            cites: &r.cites,
            span: r.span,
        });
    }
    let mut out = Vec::new();
    let c = &p.calendar;
    for r in [&p.source, &p.version].into_iter().flatten() {
        push(&mut out, r);
    }
    if let Some(r) = &p.reviewed {
        push(&mut out, r);
    }
    if let Some(r) = &c.region {
        push(&mut out, r);
    }
    if let Some(r) = &c.week {
        push(&mut out, r);
    }
    if let Some(r) = &c.hours {
        push(&mut out, r);
    }
    if let Some(r) = &c.out_of_hours {
        push(&mut out, r);
    }
    if let Some(r) = &c.plain_days {
        push(&mut out, r);
    }
    c.closures.iter().for_each(|r| push(&mut out, r));
    p.tracks.iter().for_each(|r| push(&mut out, r));
    p.acceptance.iter().for_each(|r| push(&mut out, r));
    p.exclusions.iter().for_each(|r| push(&mut out, r));
    p.ombudsman_waits.iter().for_each(|r| push(&mut out, r));
    for s in &p.stages {
        s.acknowledge.iter().for_each(|r| push(&mut out, r));
        s.respond.iter().for_each(|r| push(&mut out, r));
        s.extensions.iter().for_each(|r| push(&mut out, r));
        s.pauses.iter().for_each(|r| push(&mut out, r));
        s.letters.iter().for_each(|r| push(&mut out, r));
        s.skippable.iter().for_each(|r| push(&mut out, r));
        s.ends_early.iter().for_each(|r| push(&mut out, r));
        s.handlers.iter().for_each(|r| push(&mut out, r));
        s.milestones.iter().for_each(|r| push(&mut out, r));
        s.start_by_agreement.iter().for_each(|r| push(&mut out, r));
        s.unencoded.iter().for_each(|r| push(&mut out, r));
    }
    for e in &p.escalations {
        e.windows.iter().for_each(|r| push(&mut out, r));
        e.refuse.iter().for_each(|r| push(&mut out, r));
        e.reasons.iter().for_each(|r| push(&mut out, r));
        e.new_issues_start.iter().for_each(|r| push(&mut out, r));
        e.automatic.iter().for_each(|r| push(&mut out, r));
        e.unencoded.iter().for_each(|r| push(&mut out, r));
    }
    // Stages' own pauses include the policy-wide ones; keep each rule once.
    out.sort_by_key(|r| r.span);
    out.dedup_by_key(|r| r.span);
    out
}

/// A rule of any kind, as far as cross-cutting checks need it.
pub struct RuleRef<'a> {
    pub track: Option<&'a ir::Name>,
    pub cites: &'a [ir::Citation],
    pub span: crate::span::Span,
}

/// Every start event in the policy, with the stage it is counted in (if any) and what it
/// times. Used by checks on names and on impossible start events.
pub fn all_events(p: &ir::Policy) -> Vec<EventRef> {
    let mut out = Vec::new();
    let mut windows =
        |stage: Option<&'_ ir::Stage>, step: Step, rules: &'_ [ir::Rule<ir::Window>]| {
            for r in rules {
                for t in &r.value.terms {
                    out.push((stage.map(|s| s.name.value.clone()), step, t.from.clone()));
                }
            }
        };
    windows(None, Step::Accept, &p.acceptance);
    for s in &p.stages {
        windows(Some(s), Step::Acknowledge, &s.acknowledge);
        windows(Some(s), Step::Respond, &s.respond);
    }
    for e in &p.escalations {
        windows(None, Step::Escalate, &e.windows);
    }
    let mut refs: Vec<EventRef> = out
        .into_iter()
        .map(|(stage, step, event)| EventRef { stage, step, event })
        .collect();
    for w in &p.ombudsman_waits {
        refs.push(EventRef {
            stage: None,
            step: Step::OmbudsmanWait,
            event: w.value.after.clone(),
        });
    }
    refs
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Accept,
    Acknowledge,
    Respond,
    Escalate,
    OmbudsmanWait,
}

pub struct EventRef {
    /// The stage whose timescale this is, if it is a stage's.
    pub stage: Option<String>,
    pub step: Step,
    pub event: crate::span::Spanned<ir::Event>,
}
