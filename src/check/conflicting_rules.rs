//! ## What it finds
//! Two rules for the same step and the same complaints, so that the policy gives two answers
//! to one question: two `acknowledge`, two `respond` or two `extend` rules in one stage, two
//! `milestone`s with the same label in one stage, two `within` time limits or two `reasons`
//! rules in one escalation, two `accept` rules, or two `route`s, where both have the same `for` (or none) and the same
//! `when` (or none). A `for housing` rule beside a rule with no `for` is not a conflict: the
//! specific rule overrides the general one for that track; nor are two rules `when` different
//! case classes (`respond ... when complex` beside a plain `respond`).
//!
//! Two rules that cite different documents of the council's, where a `prefer` says which
//! document the policy follows, are not a conflict either: documents_disagree reports them.
//!
//! ## Why it matters
//! redress cannot tell which timescale the council meant, so it cannot compute a deadline,
//! simulate a complaint or compare the policy with the Codes. Usually the second rule was
//! meant for one track or one kind of case and its `for` or `when` is missing, or the source
//! gives two timescales that contradict each other and the encoding has copied both.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" role stage-1 {
//!   respond within 15 working days of receipt
//!   respond within 10 working days of receipt     # meant `for housing`?
//! }
//! ```
//!
//! ## How to fix
//! Keep the rule the source states and delete the other; if the source gives a different
//! timescale for some complaints, declare a track (or a `class`) for them and add `for TRACK`
//! (or `when CLASS`) to that rule. If the two rules come from two of the council's documents
//! that disagree, name the documents (`source standards "..."`, `cite standards ...`) and say
//! which one the policy follows with `prefer main over standards`. If one document contradicts
//! itself, keep one rule and say in a `#` comment which.
//!
//! ## Code provision
//! None: this is about the encoding. (The timescales themselves are HO 6.2-6.4 and
//! 6.11-6.15, LGSCO 6.2-6.4 and 6.10-6.14.)

use crate::check::timescale::keyword_span;
use crate::check::{restated_timescale, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{
    Citation, Extension, ExtensionLimit, Preference, Reasons, Rule, Window, MAIN_DOCUMENT,
};
use crate::span::Span;

pub const CODE: Code = Code {
    name: "redress::check::conflicting_rules",
    severity: Severity::Error,
    summary: "two rules for the same step of the same stage, track and case class",
    doc: include_str!("conflicting_rules.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let prefs = &p.preferences;
    for group in groups(p) {
        for pair in group.pairs() {
            if decided_by(pair.first, pair.second, prefs).is_some() {
                continue;
            }
            report(out, &group, &pair);
        }
    }
    // Two routes for the same track.
    let routes: Vec<(Option<&str>, Span)> = p
        .routes
        .iter()
        .map(|r| (r.track.as_ref().map(|t| t.value.as_str()), route_span(r)))
        .collect();
    for (i, (track, span)) in routes.iter().enumerate() {
        let Some((_, first)) = routes.iter().take(i).find(|(t, _)| t == track) else {
            continue;
        };
        let (scope, help) = match track {
            Some(t) => (
                format!("for track `{t}`"),
                format!("keep one `route ... for {t}`, the one the source gives, and delete the other"),
            ),
            None => (
                "for every track".to_string(),
                "keep one `route` without `for`, the one the source gives; if the other is the route of some complaints only, add `for TRACK` to it".to_string(),
            ),
        };
        let draft_help = help.replace("the one the source gives", "the one you intend");
        out.push(
            Diagnostic::new(
                &CODE,
                format!("the policy has two routes {scope}"),
                *span,
                "second route",
                help,
            )
            .with_draft_help(draft_help)
            .with_related(*first, "first route here"),
        );
    }
}

/// What a rule is limited to: its `for` and its `when`.
pub(crate) type Scope<'a> = (Option<&'a str>, Option<&'a str>);

/// What comparing needs of any rule: its `for`, its `when` and its citations.
#[derive(Clone, Copy)]
pub(crate) struct Head<'a> {
    pub track: Option<&'a str>,
    pub class: Option<&'a str>,
    pub cites: &'a [Citation],
}

impl Head<'_> {
    fn scope(&self) -> Scope<'_> {
        (self.track, self.class)
    }

    /// The documents the rule cites (`main` for the main source), each once, sorted.
    pub(crate) fn documents(&self) -> Vec<&str> {
        let mut d: Vec<&str> = self
            .cites
            .iter()
            .map(|c| {
                c.document
                    .as_ref()
                    .map_or(MAIN_DOCUMENT, |d| d.value.as_str())
            })
            .collect();
        d.sort_unstable();
        d.dedup();
        d
    }
}

/// A rule of one of the kinds compared, as far as comparing needs it.
pub(crate) struct Item<'a> {
    pub rule: Head<'a>,
    /// What the statement says, for comparing: equal keys say the same.
    pub window: Option<&'a Window>,
    pub extension: Option<&'a Extension>,
    pub reasons: Option<Reasons>,
    /// Where to point: the rule without its citations.
    pub span: Span,
}

/// The rules of one kind in one place (the `respond` rules of stage `one`, ...), each with its
/// `for` and `when`.
pub(crate) struct Group<'a> {
    /// "stage `one`", "the escalation from `one` to `two`", "the policy"
    pub at: String,
    /// "response timescales"
    pub what: String,
    /// the keyword, for help: "respond"
    pub keyword: &'static str,
    pub items: Vec<Item<'a>>,
}

/// Two rules of one group with the same scope, the second written later.
pub(crate) struct Pair<'a> {
    pub first: &'a Item<'a>,
    pub second: &'a Item<'a>,
    pub scope: Scope<'a>,
}

impl<'a> Group<'a> {
    /// Each later rule that has an earlier rule with the same scope, paired with the first
    /// such rule. A restatement of the same timescale (perhaps once without a start event) is
    /// not paired: `restated_timescale` reports it.
    pub(crate) fn pairs(&'a self) -> Vec<Pair<'a>> {
        let mut out = Vec::new();
        let kept: Vec<&Item> = self
            .items
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                !self.items.iter().take(*i).any(|f| {
                    f.rule.scope() == r.rule.scope()
                        && match (f.window, r.window) {
                            (Some(a), Some(b)) => restated_timescale::compatible(a, b),
                            _ => f.reasons.is_some() && f.reasons == r.reasons,
                        }
                })
            })
            .map(|(_, r)| r)
            .collect();
        for (i, r) in kept.iter().enumerate() {
            if let Some(f) = kept
                .iter()
                .take(i)
                .find(|f| f.rule.scope() == r.rule.scope())
            {
                out.push(Pair {
                    first: f,
                    second: r,
                    scope: r.rule.scope(),
                });
            }
        }
        out
    }
}

/// Every group of rules that may not give two answers for one scope.
pub(crate) fn groups(p: &crate::ir::Policy) -> Vec<Group<'_>> {
    let mut out = Vec::new();
    for s in &p.stages {
        let at = format!("stage `{}`", s.name.value);
        out.push(windows(
            &at,
            "acknowledgement timescales",
            "acknowledge",
            &s.acknowledge,
        ));
        out.push(windows(&at, "response timescales", "respond", &s.respond));
        out.push(Group {
            at: at.clone(),
            what: "extension rules".into(),
            keyword: "extend",
            items: s
                .extensions
                .iter()
                .map(|r| Item {
                    rule: head(r),
                    window: None,
                    extension: Some(&r.value),
                    reasons: None,
                    span: extension_span(r),
                })
                .collect(),
        });
        let mut labels: Vec<&str> = Vec::new();
        for m in &s.milestones {
            if !labels.contains(&m.value.label.as_str()) {
                labels.push(&m.value.label);
            }
        }
        for label in labels {
            out.push(Group {
                at: at.clone(),
                what: format!("timescales for the milestone \"{label}\""),
                keyword: "milestone",
                items: s
                    .milestones
                    .iter()
                    .filter(|m| m.value.label == label)
                    .map(|m| Item {
                        rule: head(m),
                        window: Some(&m.value.window),
                        extension: None,
                        reasons: None,
                        span: window_span(m, &m.value.window),
                    })
                    .collect(),
            });
        }
    }
    for e in &p.escalations {
        let at = format!("the escalation from `{}` to `{}`", e.from.value, e.to.value);
        out.push(windows(&at, "time limits", "within", &e.windows));
        out.push(Group {
            at: at.clone(),
            what: "rules on giving reasons".into(),
            keyword: "reasons",
            items: e
                .reasons
                .iter()
                .map(|r| Item {
                    rule: head(r),
                    window: None,
                    extension: None,
                    reasons: Some(r.value),
                    span: keyword_span(r.span, "reasons"),
                })
                .collect(),
        });
    }
    out.push(windows(
        "the policy",
        "time limits for making a complaint",
        "accept",
        &p.acceptance,
    ));
    out
}

fn windows<'a>(
    at: &str,
    what: &str,
    keyword: &'static str,
    rules: &'a [Rule<Window>],
) -> Group<'a> {
    Group {
        at: at.to_string(),
        what: what.to_string(),
        keyword,
        items: rules
            .iter()
            .map(|r| Item {
                rule: head(r),
                window: Some(&r.value),
                extension: None,
                reasons: None,
                span: window_span(r, &r.value),
            })
            .collect(),
    }
}

/// A rule's scope and citations, whatever its kind.
fn head<T>(r: &Rule<T>) -> Head<'_> {
    Head {
        track: r.track.as_ref().map(|t| t.value.as_str()),
        class: r.class.as_ref().map(|c| c.value.as_str()),
        cites: &r.cites,
    }
}

/// The `prefer` that decides between two rules, and whether it follows the first: one rule
/// cites the preferred document and not the other one, the other rule cites the document it is
/// preferred over and not the preferred one. (The same test [`crate::ir::select`] uses to
/// choose between them.)
pub(crate) fn decided_by<'p>(
    a: &Item,
    b: &Item,
    prefs: &'p [Rule<Preference>],
) -> Option<(bool, &'p Rule<Preference>)> {
    let (da, db) = (a.rule.documents(), b.rule.documents());
    for p in prefs {
        let (preferred, over) = (
            p.value.preferred.value.as_str(),
            p.value.over.value.as_str(),
        );
        let wins = |d: &[&str]| d.contains(&preferred) && !d.contains(&over);
        let loses = |d: &[&str]| d.contains(&over) && !d.contains(&preferred);
        if wins(&da) && loses(&db) {
            return Some((true, p));
        }
        if wins(&db) && loses(&da) {
            return Some((false, p));
        }
    }
    None
}

/// Do two rules of a group say the same thing (so that two documents stating both agree)?
pub(crate) fn same(a: &Item, b: &Item) -> bool {
    match (a.window, b.window, a.extension, b.extension) {
        (Some(x), Some(y), _, _) => restated_timescale::compatible(x, y),
        (_, _, Some(x), Some(y)) => same_extension(x, y),
        _ => a.reasons.is_some() && a.reasons == b.reasons,
    }
}

fn same_extension(a: &Extension, b: &Extension) -> bool {
    let limit = |e: &Extension| match &e.limit {
        ExtensionLimit::UpTo { duration } => Some((duration.amount, duration.unit)),
        _ => None,
    };
    limit(a) == limit(b)
        && std::mem::discriminant(&a.limit) == std::mem::discriminant(&b.limit)
        && a.more_with_good_reason == b.more_with_good_reason
        && a.once == b.once
        && a.by_agreement == b.by_agreement
        && a.tell == b.tell
}

fn report(out: &mut Vec<Diagnostic>, group: &Group, pair: &Pair) {
    let (track, class) = pair.scope;
    let kw = group.keyword;
    let mut words = match track {
        Some(t) => format!("for track `{t}`"),
        None => "for every track".to_string(),
    };
    if let Some(c) = class {
        words.push_str(&format!(" when `{c}`"));
    }
    let mut help = match (track, class) {
        (Some(t), _) => format!(
            "keep one `{kw} ... for {t}{}` rule, the one the source states, and delete the other",
            class.map(|c| format!(" when {c}")).unwrap_or_default()
        ),
        (None, Some(c)) => format!(
            "keep one `{kw} ... when {c}` rule, the one the source states, and delete the other"
        ),
        (None, None) => format!(
            "keep one `{kw}` rule without `for`, the one the source states; if the other is for \
             some complaints only, add `for TRACK` or `when CLASS` to it"
        ),
    };
    let (a, b) = (pair.first.rule.documents(), pair.second.rule.documents());
    if let (Some(x), Some(y)) = (a.first(), b.first()) {
        if a != b && a.len() == 1 && b.len() == 1 {
            help.push_str(&format!(
                "; if the council's documents `{x}` and `{y}` disagree, say which the policy \
                 follows with `prefer {x} over {y}` (or the other way round)"
            ));
        }
    }
    let draft_help = help.replace("the one the source states", "the one you intend");
    out.push(
        Diagnostic::new(
            &CODE,
            format!("{} has two {} {words}", group.at, group.what),
            pair.second.span,
            "second rule",
            help,
        )
        .with_draft_help(draft_help)
        .with_related(pair.first.span, "first rule here"),
    );
}

/// The rule without its citations: from its keyword to the end of its last timescale, of its
/// `for` or of its `when`. (Built from the parts' own spans, which end exactly where the words
/// do.)
fn window_span<T>(r: &Rule<T>, w: &Window) -> Span {
    let ends = w
        .terms
        .iter()
        .flat_map(|t| [t.duration.span.end(), t.from.span.end()]);
    let end = ends
        .chain(r.track.as_ref().map(|t| t.span.end()))
        .chain(r.class.as_ref().map(|c| c.span.end()))
        .max()
        .unwrap_or(r.span.end());
    Span::new(r.span.offset, end)
}

/// An extension rule up to the end of its `for`, its `when` or its last citation, when it has
/// any; otherwise its `extend` keyword. (A statement's own span runs on over the white space
/// after it, so it is not used on its own.)
fn extension_span(r: &Rule<Extension>) -> Span {
    let end = r
        .cites
        .iter()
        .map(|c| c.span.end())
        .chain(r.track.as_ref().map(|t| t.span.end()))
        .chain(r.class.as_ref().map(|c| c.span.end()))
        .max()
        .unwrap_or(r.span.offset + "extend".len());
    Span::new(r.span.offset, end)
}

/// A `route` statement up to its last stage name or its `for`.
fn route_span(r: &Rule<Vec<crate::ir::Name>>) -> Span {
    let end = r
        .value
        .iter()
        .map(|n| n.span.end())
        .chain(r.track.as_ref().map(|t| t.span.end()))
        .max()
        .unwrap_or(r.span.offset + "route".len());
    Span::new(r.span.offset, end)
}
