//! Shared arithmetic for the timescale checks: which rule applies to a track, and how long a
//! duration can be in calendar days when two timescales in different units are compared.
//! Not a check itself.

use crate::ir::{self, Duration, Event, Role, Rule, Stage, Term, Unit, Window};

/// One kind of case the rules are read for: a track a case can be on, and the classes it has.
#[derive(Clone, Debug)]
pub(crate) struct Case<'a> {
    pub track: &'a str,
    /// None, or one declared class (`when` rules are read for each class in turn).
    pub classes: Vec<String>,
}

/// The cases a policy's rules are read in: every track a case can be on (the declared ones, or
/// the implicit track), first with no class and then with each declared class.
pub(crate) fn cases(p: &ir::Policy) -> Vec<Case<'_>> {
    let mut out = Vec::new();
    for track in p.case_tracks() {
        out.push(Case {
            track,
            classes: Vec::new(),
        });
        for c in &p.classes {
            out.push(Case {
                track,
                classes: vec![c.value.name.value.clone()],
            });
        }
    }
    out
}

/// The rule of one kind that applies to a case (see [`ir::select`], the only place rules are
/// chosen).
pub(crate) fn effective_rule<'a, T>(
    p: &ir::Policy,
    rules: &'a [Rule<T>],
    case: &Case,
) -> Option<&'a Rule<T>> {
    ir::select(rules, case.track, &case.classes, &p.preferences)
}

/// Does any rule of this kind apply to some case on `track` (whatever its class)? A stage
/// whose every response rule has a `when` still has a response timescale for the track.
pub(crate) fn any_for_track<T>(rules: &[Rule<T>], track: &str) -> bool {
    rules.iter().any(|r| r.applies_to(track))
}

/// The stages a track's rules are read at: the stages of its route in order, then every stage
/// that no `route` names (`unreachable_stage` reports those), so that no stage goes unchecked.
pub(crate) fn stages_for<'a>(p: &'a ir::Policy, track: &str) -> Vec<&'a Stage> {
    let mut out = p.route(track).stages;
    for s in &p.stages {
        if !on_some_route(p, &s.name.value) && !out.iter().any(|o| o.name.value == s.name.value) {
            out.push(s);
        }
    }
    out
}

/// Is this block the one its name stands for (the first of that name)? Routes and start events
/// name stages, and a name stands for its first block; later blocks of the same name are
/// duplicate_stage's.
pub(crate) fn first_block(p: &ir::Policy, s: &Stage) -> bool {
    p.stage(&s.name.value).is_some_and(|f| std::ptr::eq(f, s))
}

/// Does any `route` statement name the stage?
pub(crate) fn on_some_route(p: &ir::Policy, stage: &str) -> bool {
    p.routes
        .iter()
        .any(|r| r.value.iter().any(|n| n.value == stage))
}

/// What the Complaint Handling Codes say about a stage of a given role: their figures are
/// for stage 1 and stage 2 only (the Codes have two stages and no informal step).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CodeStage {
    /// The Codes' stage number, 1 or 2.
    pub number: u8,
    pub acknowledge: &'static str,
    pub acknowledge_provision: &'static str,
    pub respond: &'static str,
    pub respond_provision: &'static str,
    /// The longest extension the Codes allow without good reason, in working days.
    pub extension_cap: u32,
    pub extension_provision: &'static str,
}

/// The Codes' figures for a stage, by its role (none for early resolution, stage 3 or a
/// stage with no role).
pub(crate) fn code_stage(stage: &Stage) -> Option<CodeStage> {
    match stage.role.as_ref().map(|r| r.value)? {
        Role::Stage1 => Some(CodeStage {
            number: 1,
            acknowledge: "acknowledge within 5 working days of receipt",
            acknowledge_provision: "HO 6.2",
            respond: "respond within 10 working days of acknowledgement",
            respond_provision: "HO 6.3",
            extension_cap: 10,
            extension_provision: "HO 6.4, LGSCO 6.4",
        }),
        Role::Stage2 => Some(CodeStage {
            number: 2,
            acknowledge: "acknowledge within 5 working days of escalation",
            acknowledge_provision: "HO 6.11",
            respond: "respond within 20 working days of acknowledgement",
            respond_provision: "HO 6.14",
            extension_cap: 20,
            extension_provision: "HO 6.15, LGSCO 6.14",
        }),
        Role::EarlyResolution | Role::Stage3 => None,
    }
}

/// The usual start event of a stage's acknowledgement, judged on the routes of the tracks a
/// rule applies to: `receipt` where the stage is where complaints start, `escalation` where a
/// stage comes before it, and both when it is first on one route and later on another.
pub(crate) fn usual_starts<T>(p: &ir::Policy, stage: &str, rule: &Rule<T>) -> Vec<&'static str> {
    let (mut first, mut later) = (false, false);
    for track in p.case_tracks() {
        if !rule.applies_to(track) {
            continue;
        }
        match p.route(track).position(stage) {
            Some(0) => first = true,
            Some(_) => later = true,
            None => {}
        }
    }
    match (first, later) {
        (true, true) => vec!["receipt", "escalation"],
        (false, true) => vec!["escalation"],
        _ => vec!["receipt"],
    }
}

/// The tracks (in the policy's order) on whose route `stage` comes first and to which a rule
/// applies.
pub(crate) fn first_on<'a, T>(p: &'a ir::Policy, stage: &str, rule: &Rule<T>) -> Vec<&'a str> {
    p.case_tracks()
        .into_iter()
        .filter(|t| rule.applies_to(t) && p.route(t).position(stage) == Some(0))
        .collect()
}

/// `track `a``, `tracks `a`, `b``: a list of track names for a message.
pub(crate) fn tracks_phrase(tracks: &[&str]) -> String {
    let names: Vec<String> = tracks.iter().map(|t| format!("`{t}`")).collect();
    match names.as_slice() {
        [one] => format!("track {one}"),
        many => format!("tracks {}", many.join(", ")),
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
        | (Event::StageAcknowledgement(x), Event::StageAcknowledgement(y))
        | (Event::StageResponseDue(x), Event::StageResponseDue(y))
        | (Event::StageAcknowledgementDue(x), Event::StageAcknowledgementDue(y)) => {
            x.value == y.value
        }
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

/// ` for track `NAME`` when a rule is limited to a track, ` when `CLASS`` when it is limited
/// to a case class, both, or nothing.
pub(crate) fn scope_phrase<T>(rule: &Rule<T>) -> String {
    let track = rule
        .track
        .as_ref()
        .map(|t| format!(" for track `{}`", t.value))
        .unwrap_or_default();
    let class = rule
        .class
        .as_ref()
        .map(|c| format!(" when `{}`", c.value))
        .unwrap_or_default();
    format!("{track}{class}")
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

    fn rule(value: u32, track: Option<&str>, class: Option<&str>) -> Rule<u32> {
        let name = |n: &str| Spanned::new(n.to_string(), Span::default());
        Rule {
            value,
            track: track.map(name),
            class: class.map(name),
            cites: Vec::new(),
            span: Span::default(),
        }
    }

    fn policy(body: &str) -> ir::Policy {
        let text = format!("policy \"Test\" {{ {body} }}");
        match crate::compile(&crate::source::SourceFile::new("test.policy", text)) {
            Ok(p) => p,
            Err(d) => panic!("fixture does not compile: {d:?}"),
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
    fn effective_rule_prefers_track_and_class() {
        let p = policy("track general track housing class complex");
        let rules = [
            rule(15, None, None),
            rule(10, Some("housing"), None),
            rule(40, None, Some("complex")),
        ];
        let case = |track, classes: &[&str]| Case {
            track,
            classes: classes.iter().map(|c| c.to_string()).collect(),
        };
        let value = |c: Case| effective_rule(&p, &rules, &c).map(|r| r.value);
        assert_eq!(value(case("housing", &[])), Some(10));
        assert_eq!(value(case("general", &[])), Some(15));
        assert_eq!(value(case("general", &["complex"])), Some(40));
        assert_eq!(value(case("housing", &["complex"])), Some(40));
        let scoped = [rule(10, Some("housing"), None)];
        assert!(effective_rule(&p, &scoped, &case("general", &[])).is_none());
        assert!(any_for_track(&scoped, "housing"));
        assert!(!any_for_track(&scoped, "general"));
    }

    #[test]
    fn cases_cover_every_track_and_class() {
        let p = policy("track general track housing class complex");
        let c: Vec<String> = cases(&p)
            .iter()
            .map(|c| format!("{}{:?}", c.track, c.classes))
            .collect();
        assert_eq!(
            c,
            [
                "general[]",
                "general[\"complex\"]",
                "housing[]",
                "housing[\"complex\"]"
            ]
        );
        let none = policy("stage one role stage-1 { }");
        assert_eq!(cases(&none).len(), 1);
        assert_eq!(cases(&none)[0].track, ir::IMPLICIT_TRACK);
    }

    #[test]
    fn stages_are_read_in_route_order_then_unrouted() {
        let p = policy(
            "track general track asc
             stage three role stage-2 { } stage one role stage-1 { } stage lost role stage-3 { }
             route one, three route one for asc",
        );
        let names = |t| -> Vec<String> {
            stages_for(&p, t)
                .iter()
                .map(|s| s.name.value.clone())
                .collect()
        };
        assert_eq!(names("general"), ["one", "three", "lost"]);
        assert_eq!(names("asc"), ["one", "lost"]);
        let any = rule(0, None, None);
        assert_eq!(usual_starts(&p, "three", &any), ["escalation"]);
        assert_eq!(usual_starts(&p, "one", &any), ["receipt"]);
        assert_eq!(first_on(&p, "one", &any), ["general", "asc"]);
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
