//! Shared arithmetic for the timescale checks: which rule applies to a track, and how long a
//! duration can be in calendar days when two timescales in different units are compared.
//! Not a check itself.

use crate::ir::{self, Duration, Event, Rule, Term, Unit, Window};

/// The rule of one kind that applies to a track (see [`ir::rule_for`]).
pub(crate) use crate::ir::rule_for as effective_rule;

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
