//! ## What it finds
//! A stage whose response deadline can fall before its acknowledgement deadline, for the same
//! track. The two are compared only when both count from the same event (both `of receipt`,
//! both `of escalation`, both `of one.response`, ...); a response counted `of acknowledgement`
//! can never come first. Timescales in the same unit are compared directly. Across units
//! redress uses bounds: N working days span between N and N*7/5+4 calendar days (weekends,
//! plus up to four bank holidays in a row at Christmas or Easter), a week is 7 days and a month
//! 28 to 31 days; the response can come first when its shortest reading is shorter than the
//! acknowledgement's longest. For each declared track, the rule compared is the one written
//! `for` that track, or else the one with no `for`. Windows combining several terms
//! (`later of ...`, `earlier of ...`) are not compared.
//!
//! ## Why it matters
//! A complaint is acknowledged before it is answered. A policy that promises the response
//! sooner than the acknowledgement has almost always been mistyped or misread: one of the
//! numbers, units or start events is not what the source says, and every deadline redress
//! computes from it would be wrong.
//!
//! ## Example
//! ```text
//! stage one "Stage 1" {
//!   acknowledge within 5 working days of receipt
//!   respond within 3 working days of receipt     # due before the acknowledgement
//! }
//! ```
//!
//! ## How to fix
//! Check both timescales against the source. Usually the response counts from the
//! acknowledgement (`respond within 10 working days of acknowledgement`) or the number or unit
//! was copied wrongly.
//!
//! ## Code provision
//! HO 6.2-6.3 and 6.11, 6.14; LGSCO 6.2-6.3: the Codes count the response from the
//! acknowledgement, so the acknowledgement always comes first.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{self, Duration, Event, Rule, Term, Unit, Window};

pub const CODE: Code = Code {
    name: "redress::check::response_before_acknowledgement",
    severity: Severity::Error,
    summary: "a response deadline that can fall before the acknowledgement deadline",
    doc: include_str!("response_before_acknowledgement.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let plain = p.plain_days();
    let mut seen: Vec<(crate::span::Span, crate::span::Span)> = Vec::new();
    for stage in &p.stages {
        for track in track_contexts(p) {
            let (Some(ack), Some(resp)) = (
                effective_rule(&stage.acknowledge, track),
                effective_rule(&stage.respond, track),
            ) else {
                continue;
            };
            if seen.contains(&(ack.span, resp.span)) {
                continue;
            }
            let (Some(a), Some(r)) = (single_term(&ack.value), single_term(&resp.value)) else {
                continue;
            };
            if !same_event(&a.from.value, &r.from.value)
                || matches!(a.from.value, Event::Unstated | Event::Acknowledgement)
                || matches!(&a.from.value, Event::StageAcknowledgement(n) if n.value == stage.name.value)
                || !can_end_sooner(&r.duration, &a.duration, plain)
            {
                continue;
            }
            seen.push((ack.span, resp.span));
            let scope = match (resp.track.as_ref(), ack.track.as_ref()) {
                (Some(t), _) | (None, Some(t)) => format!(" for track `{}`", t.value),
                (None, None) => String::new(),
            };
            out.push(
                Diagnostic::new(
                    &CODE,
                    format!(
                        "the stage `{}` response{scope} can be due before its acknowledgement",
                        stage.name.value
                    ),
                    r.span,
                    format!("response due within {}", r.duration),
                    help(&r.from.value, &r.duration, &a.duration, plain),
                )
                .with_related(a.span, format!("acknowledgement due within {}", a.duration)),
            );
        }
    }
}

/// Why the response can come first, and what to do.
fn help(from: &Event, resp: &Duration, ack: &Duration, plain: Option<Unit>) -> String {
    let why = if resolved_unit(resp.unit, plain) == resolved_unit(ack.unit, plain) {
        format!(
            "the response is due {} earlier",
            resp.unit.describe(ack.amount.saturating_sub(resp.amount))
        )
    } else {
        format!(
            "`{resp}` can be shorter than `{ack}` (weekends and bank holidays fall between \
             working days)"
        )
    };
    format!(
        "both count from {}, and {why}; check both against the source (a response usually \
         counts `of acknowledgement`)",
        from.describe()
    )
}

// ------------------------------------------------------------------ shared timescale helpers
//
// Used by the other timescale checks (impossible_start, mixed_units, extension_exceeds_base,
// missing_timescale, ...): the tracks rules are read in, the rule that applies to a track, and
// what a duration means in calendar days.

/// The tracks a policy's rules are read for: each declared track by name, or one unnamed
/// context (`None`) when the policy declares no tracks.
pub(crate) fn track_contexts(p: &ir::Policy) -> Vec<Option<&str>> {
    let names = p.track_names();
    if names.is_empty() {
        vec![None]
    } else {
        names.into_iter().map(Some).collect()
    }
}

/// The rule of one kind that applies to `track`: the first written `for` that track, else the
/// first with no `for`. With no tracks declared (`None`), the first rule with no `for`, or
/// failing that the first rule (its `for` names an unknown track, which unknown_track reports).
pub(crate) fn effective_rule<'a, T>(
    rules: &'a [Rule<T>],
    track: Option<&str>,
) -> Option<&'a Rule<T>> {
    let unscoped = || rules.iter().find(|r| r.track.is_none());
    match track {
        Some(t) => rules
            .iter()
            .find(|r| r.track.as_ref().is_some_and(|n| n.value == t))
            .or_else(unscoped),
        None => unscoped().or_else(|| rules.first()),
    }
}

/// The unit a duration is read in: a bare `days` through `days mean ...` when the policy says.
pub(crate) fn resolved_unit(unit: Unit, plain_days: Option<Unit>) -> Unit {
    match (unit, plain_days) {
        (Unit::Days, Some(u)) => u,
        (u, _) => u,
    }
}

/// The shortest and longest number of calendar days a duration can span. Working days: N to
/// N*7/5 (rounded up) + 4 (weekends, plus up to four bank holidays in a row at Christmas or
/// Easter); weeks: 7 days; months: 28 to 31 days; an unresolved bare `days`: either reading.
pub(crate) fn calendar_day_bounds(d: &Duration, plain_days: Option<Unit>) -> (u32, u32) {
    let n = d.amount;
    let working = (n, n.saturating_mul(7).div_ceil(5).saturating_add(4));
    match resolved_unit(d.unit, plain_days) {
        Unit::WorkingDays | Unit::Days => working,
        Unit::CalendarDays => (n, n),
        Unit::Weeks => (n.saturating_mul(7), n.saturating_mul(7)),
        Unit::Months => (n.saturating_mul(28), n.saturating_mul(31)),
    }
}

/// Can a period of `a` end before one of `b` that starts at the same moment? Same unit: when
/// `a` is smaller; otherwise when `a`'s shortest reading is shorter than `b`'s longest.
pub(crate) fn can_end_sooner(a: &Duration, b: &Duration, plain_days: Option<Unit>) -> bool {
    if resolved_unit(a.unit, plain_days) == resolved_unit(b.unit, plain_days) {
        return a.amount < b.amount;
    }
    calendar_day_bounds(a, plain_days).0 < calendar_day_bounds(b, plain_days).1
}

/// Is `a` longer than `b` however the units are read? Same unit: when `a` is larger;
/// otherwise only when `a`'s shortest reading is longer than `b`'s longest.
pub(crate) fn certainly_longer(a: &Duration, b: &Duration, plain_days: Option<Unit>) -> bool {
    if resolved_unit(a.unit, plain_days) == resolved_unit(b.unit, plain_days) {
        return a.amount > b.amount;
    }
    calendar_day_bounds(a, plain_days).0 > calendar_day_bounds(b, plain_days).1
}

/// Do two start events name the same moment? Stage events compare by stage name.
pub(crate) fn same_event(a: &Event, b: &Event) -> bool {
    match (a, b) {
        (Event::StageResponse(x), Event::StageResponse(y))
        | (Event::StageAcknowledgement(x), Event::StageAcknowledgement(y)) => x.value == y.value,
        _ => a == b,
    }
}

/// The term of a window with exactly one term (`within N UNIT of EVENT`).
pub(crate) fn single_term(w: &Window) -> Option<&Term> {
    match w.terms.as_slice() {
        [t] => Some(t),
        _ => None,
    }
}

/// ` for track `NAME`` when a rule is limited to a track, else nothing.
pub(crate) fn scope_phrase<T>(rule: &Rule<T>) -> String {
    rule.track
        .as_ref()
        .map(|t| format!(" for track `{}`", t.value))
        .unwrap_or_default()
}

/// The span of a statement's opening keyword (`extend`, `may`), for labels on statements whose
/// own span runs on through their citations.
pub(crate) fn keyword_span(statement: crate::span::Span, keyword: &str) -> crate::span::Span {
    crate::span::Span {
        offset: statement.offset,
        length: keyword.len().min(statement.length),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::{Span, Spanned};

    fn d(amount: u32, unit: Unit) -> Duration {
        Duration {
            amount,
            unit,
            span: Span::default(),
        }
    }

    fn rule(value: u32, track: Option<&str>) -> Rule<u32> {
        Rule {
            value,
            track: track.map(|t| Spanned::new(t.to_string(), Span::default())),
            cites: Vec::new(),
            span: Span::default(),
        }
    }

    #[test]
    fn bounds_of_each_unit() {
        assert_eq!(calendar_day_bounds(&d(5, Unit::WorkingDays), None), (5, 11));
        assert_eq!(
            calendar_day_bounds(&d(10, Unit::WorkingDays), None),
            (10, 18)
        );
        assert_eq!(calendar_day_bounds(&d(1, Unit::WorkingDays), None), (1, 6));
        assert_eq!(calendar_day_bounds(&d(3, Unit::CalendarDays), None), (3, 3));
        assert_eq!(calendar_day_bounds(&d(8, Unit::Weeks), None), (56, 56));
        assert_eq!(calendar_day_bounds(&d(2, Unit::Months), None), (56, 62));
        // a bare "days": either reading, unless the policy says which
        assert_eq!(calendar_day_bounds(&d(5, Unit::Days), None), (5, 11));
        assert_eq!(
            calendar_day_bounds(&d(5, Unit::Days), Some(Unit::CalendarDays)),
            (5, 5)
        );
        assert_eq!(
            calendar_day_bounds(&d(u32::MAX, Unit::Months), None),
            (u32::MAX, u32::MAX)
        );
    }

    #[test]
    fn comparisons() {
        let wd = |n| d(n, Unit::WorkingDays);
        assert!(can_end_sooner(&wd(3), &wd(5), None));
        assert!(!can_end_sooner(&wd(5), &wd(5), None));
        // 10 calendar days can end before 10 working days; 14 calendar days (2 weeks) can end
        // before 10 working days only at Christmas.
        assert!(can_end_sooner(&d(10, Unit::CalendarDays), &wd(10), None));
        assert!(can_end_sooner(&d(2, Unit::Weeks), &wd(10), None));
        assert!(!can_end_sooner(&d(3, Unit::Weeks), &wd(10), None));
        assert!(certainly_longer(&wd(30), &wd(20), None));
        assert!(!certainly_longer(&d(1, Unit::Months), &wd(20), None));
        assert!(certainly_longer(&d(3, Unit::Months), &wd(20), None));
        assert!(!certainly_longer(
            &d(20, Unit::Days),
            &wd(20),
            Some(Unit::WorkingDays)
        ));
    }

    #[test]
    fn effective_rule_prefers_the_track() {
        let rules = [rule(15, None), rule(10, Some("housing"))];
        assert_eq!(
            effective_rule(&rules, Some("housing")).map(|r| r.value),
            Some(10)
        );
        assert_eq!(
            effective_rule(&rules, Some("general")).map(|r| r.value),
            Some(15)
        );
        assert_eq!(effective_rule(&rules, None).map(|r| r.value), Some(15));
        let scoped = [rule(10, Some("housing"))];
        assert!(effective_rule(&scoped, Some("general")).is_none());
        assert_eq!(effective_rule(&scoped, None).map(|r| r.value), Some(10));
        assert!(effective_rule::<u32>(&[], Some("general")).is_none());
    }

    #[test]
    fn events_compare_by_stage_name() {
        let n = |s: &str, o| Spanned::new(s.to_string(), Span::new(o, o + 1));
        assert!(same_event(
            &Event::StageResponse(n("one", 1)),
            &Event::StageResponse(n("one", 9))
        ));
        assert!(!same_event(
            &Event::StageResponse(n("one", 1)),
            &Event::StageAcknowledgement(n("one", 1))
        ));
        assert!(same_event(&Event::Receipt, &Event::Receipt));
        assert!(!same_event(&Event::Receipt, &Event::Escalation));
    }
}
