//! Stage 3 of the pipeline: consistency checks on the IR. One file per check; the file's `//!`
//! comment is the check's documentation (What it finds / Why it matters / Example / How to
//! fix / Code provision) and `redress explain CODE` prints it. Checks read the IR and the
//! source document only: never the syntax tree or the parser.

use crate::diagnostic::{Code, Diagnostic};
use crate::document::SourceDocument;
use crate::ir;

pub mod abolished_rule;
pub mod agreed_start_at_first_stage;
pub mod ambiguous_unit;
pub mod automatic_without_deadline;
pub mod citation_not_found;
pub mod conflicting_rules;
pub mod documents;
pub mod documents_disagree;
pub mod duplicate_exclusion;
pub mod duplicate_stage;
pub mod duplicate_track;
pub mod ends_early;
pub mod escalation_cycle;
pub mod escalation_not_in_route;
pub mod extension_exceeds_base;
pub mod impossible_start;
pub mod misplaced_lapses;
pub mod missing_role;
pub mod missing_source;
pub mod missing_timescale;
pub mod mixed_units;
pub mod name_not_in_source;
pub mod no_ombudsman_route;
pub mod no_route;
pub mod ombudsman_region;
pub mod response_before_acknowledgement;
pub mod restated_timescale;
pub mod route_order;
pub mod source_not_found;
pub mod timescale;
pub mod unencoded_rule;
pub mod unknown_class;
pub mod unknown_document;
pub mod unknown_stage;
pub mod unknown_track;
pub mod unlimited_extension;
pub mod unreachable_stage;
pub mod unstated_start;

/// What a check may look at.
pub struct Context<'a> {
    pub policy: &'a ir::Policy,
    /// The main source document.
    pub document: &'a SourceDocument,
    /// The further documents the policy names, read by the loader (checks read no files).
    pub named: &'a [crate::document::NamedDocument],
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
        code: &unknown_class::CODE,
        run: unknown_class::check,
    },
    Check {
        code: &unknown_document::CODE,
        run: unknown_document::check,
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
        code: &missing_role::CODE,
        run: missing_role::check,
    },
    Check {
        code: &no_route::CODE,
        run: no_route::check,
    },
    Check {
        code: &route_order::CODE,
        run: route_order::check,
    },
    Check {
        code: &escalation_not_in_route::CODE,
        run: escalation_not_in_route::check,
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
        code: &ombudsman_region::CODE,
        run: ombudsman_region::check,
    },
    Check {
        code: &conflicting_rules::CODE,
        run: conflicting_rules::check,
    },
    Check {
        code: &documents_disagree::CODE,
        run: documents_disagree::check,
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
        code: &misplaced_lapses::CODE,
        run: misplaced_lapses::check,
    },
    Check {
        code: &automatic_without_deadline::CODE,
        run: automatic_without_deadline::check,
    },
    Check {
        code: &agreed_start_at_first_stage::CODE,
        run: agreed_start_at_first_stage::check,
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
        code: &unencoded_rule::CODE,
        run: unencoded_rule::check,
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

/// Every rule in the policy, with its `for`, its `when`, its citations and its span. Several
/// checks walk all rules; this is the one place that knows where rules live in the IR.
pub fn all_rules(p: &ir::Policy) -> Vec<RuleRef<'_>> {
    fn push<'a, T>(out: &mut Vec<RuleRef<'a>>, r: &'a ir::Rule<T>) {
        out.push(RuleRef {
            track: r.track.as_ref(),
            class: r.class.as_ref(),
            cites: &r.cites,
            span: r.span,
        });
    }
    fn each<'a, T>(out: &mut Vec<RuleRef<'a>>, rules: &'a [ir::Rule<T>]) {
        rules.iter().for_each(|r| push(out, r));
    }
    let mut out = Vec::new();
    let c = &p.calendar;
    for r in [&p.source, &p.version].into_iter().flatten() {
        push(&mut out, r);
    }
    if let Some(r) = &p.effective {
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
    each(&mut out, &c.closures);
    each(&mut out, &p.documents);
    each(&mut out, &p.tracks);
    each(&mut out, &p.classes);
    each(&mut out, &p.routes);
    each(&mut out, &p.preferences);
    each(&mut out, &p.unencoded);
    each(&mut out, &p.acceptance);
    each(&mut out, &p.exclusions);
    each(&mut out, &p.ombudsman_waits);
    for s in &p.stages {
        each(&mut out, &s.acknowledge);
        each(&mut out, &s.respond);
        each(&mut out, &s.milestones);
        each(&mut out, &s.extensions);
        each(&mut out, &s.pauses);
        each(&mut out, &s.handlers);
        each(&mut out, &s.letters);
        each(&mut out, &s.skippable);
        each(&mut out, &s.ends_early);
        each(&mut out, &s.start_by_agreement);
        each(&mut out, &s.unencoded);
    }
    for e in &p.escalations {
        each(&mut out, &e.windows);
        each(&mut out, &e.reasons);
        each(&mut out, &e.refuse);
        each(&mut out, &e.new_issues_start);
        each(&mut out, &e.automatic);
        each(&mut out, &e.unencoded);
    }
    // Stages' own pauses include the policy-wide ones; keep each rule once.
    out.sort_by_key(|r| r.span);
    out.dedup_by_key(|r| r.span);
    out
}

/// A rule of any kind, as far as cross-cutting checks need it.
pub struct RuleRef<'a> {
    pub track: Option<&'a ir::Name>,
    pub class: Option<&'a ir::Name>,
    pub cites: &'a [ir::Citation],
    pub span: crate::span::Span,
}

/// Every start event in the policy, with the stage it is counted in (if any) and what it
/// times. Used by checks on names and on impossible start events.
pub fn all_events(p: &ir::Policy) -> Vec<EventRef> {
    let mut out = Vec::new();
    let mut windows = |stage: Option<&ir::Stage>, step: Step, windows: Vec<&ir::Window>| {
        for w in windows {
            for t in &w.terms {
                out.push(EventRef {
                    stage: stage.map(|s| s.name.value.clone()),
                    step,
                    event: t.from.clone(),
                });
            }
        }
    };
    fn plain(rules: &[ir::Rule<ir::Window>]) -> Vec<&ir::Window> {
        rules.iter().map(|r| &r.value).collect()
    }
    windows(None, Step::Accept, plain(&p.acceptance));
    for s in &p.stages {
        windows(Some(s), Step::Acknowledge, plain(&s.acknowledge));
        windows(Some(s), Step::Respond, plain(&s.respond));
        let milestones = s.milestones.iter().map(|r| &r.value.window).collect();
        windows(Some(s), Step::Milestone, milestones);
    }
    for e in &p.escalations {
        windows(None, Step::Escalate, plain(&e.windows));
    }
    for w in &p.ombudsman_waits {
        out.push(EventRef {
            stage: None,
            step: Step::OmbudsmanWait,
            event: w.value.after.clone(),
        });
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Accept,
    Acknowledge,
    Respond,
    Milestone,
    Escalate,
    OmbudsmanWait,
}

pub struct EventRef {
    /// The stage whose timescale this is, if it is a stage's.
    pub stage: Option<String>,
    pub step: Step,
    pub event: crate::span::Spanned<ir::Event>,
}
