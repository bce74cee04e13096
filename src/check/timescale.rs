//! Shared arithmetic for the timescale checks: which rule applies to a track, how long a
//! duration can be in calendar days when two timescales in different units are compared, and
//! which Code applies to a track, so that a help line quotes that Code's figures and provisions
//! (an SPSO track is told the SPSO model's, never the Housing Ombudsman's).
//! Not a check itself.

use crate::assess::codes::{self, Code, Extension};
use crate::ir::{self, Duration, Event, Ombudsman, Role, Rule, Stage, Term, Unit, Window};

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

/// The Codes' stage number (1 or 2) of a stage, by its role: none for early resolution, a
/// third stage or a stage with no role, which no Code sets timescales for.
pub(crate) fn code_number(stage: &Stage) -> Option<u8> {
    match stage.role.as_ref().map(|r| r.value)? {
        Role::Stage1 => Some(1),
        Role::Stage2 => Some(2),
        Role::EarlyResolution | Role::Stage3 => None,
    }
}

/// The Codes that apply to a track: the one for its Ombudsman (see [`codes::for_ombudsman`]),
/// or both English Codes when the track names no Ombudsman, since they set the same timescales.
/// A Code whose compiled-in data cannot be read is left out; `tests/codes_data.rs` keeps that
/// from happening.
pub(crate) fn codes_for(p: &ir::Policy, track: &str) -> Vec<&'static Code> {
    let ombudsmen = match p.ombudsman_of(track) {
        Some(o) => vec![o],
        None => vec![Ombudsman::HousingOmbudsman, Ombudsman::Lgsco],
    };
    ombudsmen
        .into_iter()
        .filter_map(|o| codes::for_ombudsman(o).ok())
        .collect()
}

/// The tracks a rule stated at a stage is read for: those it applies to whose route passes
/// through the stage, or, for a stage on no route of theirs, every track it applies to.
pub(crate) fn tracks_at<'a, T>(p: &'a ir::Policy, stage: &Stage, rule: &Rule<T>) -> Vec<&'a str> {
    let applies: Vec<&str> = p
        .case_tracks()
        .into_iter()
        .filter(|t| rule.applies_to(t))
        .collect();
    let reaching: Vec<&str> = applies
        .iter()
        .copied()
        .filter(|t| p.route(t).contains(&stage.name.value))
        .collect();
    if reaching.is_empty() {
        applies
    } else {
        reaching
    }
}

/// The Codes of several tracks, each once, in the order of [`codes::IDS`].
pub(crate) fn codes_of(p: &ir::Policy, tracks: &[&str]) -> Vec<&'static Code> {
    let mut out: Vec<&'static Code> = Vec::new();
    for t in tracks {
        for c in codes_for(p, t) {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c);
            }
        }
    }
    out.sort_by_key(|c| codes::IDS.iter().position(|i| *i == c.id));
    out
}

/// One thing some Codes set alike, in a message's words, with the Codes and their citations.
pub(crate) struct Setting {
    pub text: String,
    pub cites: Vec<String>,
    pub codes: Vec<&'static Code>,
}

/// What some Codes set for one thing, grouped where they agree: each distinct setting (in the
/// words `describe` gives it) with the citations of the Codes that set it, in the Codes' order.
/// `describe` returns the setting and the provision it rests on, or none where a Code is silent.
pub(crate) fn settings(
    codes: &[&'static Code],
    describe: impl Fn(&Code) -> Option<(String, Option<&'static str>)>,
) -> Vec<Setting> {
    let mut out: Vec<Setting> = Vec::new();
    for c in codes {
        let Some((text, provision)) = describe(c) else {
            continue;
        };
        let cite = provision.map(|id| c.cite(id));
        match out.iter_mut().find(|s| s.text == text) {
            Some(s) => {
                s.cites.extend(cite);
                s.codes.push(c);
            }
            None => out.push(Setting {
                text,
                cites: cite.into_iter().collect(),
                codes: vec![c],
            }),
        }
    }
    out
}

impl Setting {
    /// "the Code", "the Codes", "the model procedure": what a message calls the Codes of this
    /// setting.
    pub fn who(&self) -> String {
        let model = self.codes.iter().all(|c| c.is_model_procedure());
        let noun = if model { "model procedure" } else { "Code" };
        let plural = if self.codes.len() > 1 { "s" } else { "" };
        format!("the {noun}{plural}")
    }

    /// The verb after [`Setting::who`]: `allows` for one Code, `allow` for several.
    pub fn verb(&self, one: &str, many: &str) -> String {
        if self.codes.len() > 1 { many } else { one }.to_string()
    }

    /// ` (HO 6.4, LGSCO 6.4)`, or nothing when no provision is cited.
    pub fn cited(&self) -> String {
        if self.cites.is_empty() {
            String::new()
        } else {
            format!(" ({})", self.cites.join(", "))
        }
    }
}

/// What the Codes say about extending the response at their stage `n`, one clause per
/// distinct limit: "the Codes allow no more than 10 working days at stage 1 without good
/// reason (HO 6.4, LGSCO 6.4)". With `capped_only`, only the Codes that fix a limit.
pub(crate) fn extension_limits(codes: &[&'static Code], n: u8, capped_only: bool) -> String {
    let groups = settings(codes, |c| {
        let text = match c.stage(n)?.extension {
            Extension::UpTo {
                working_days,
                unless_good_reason,
                provision,
            } => (
                format!(
                    "no more than {working_days} working days at stage {n}{}",
                    if unless_good_reason {
                        " without good reason"
                    } else {
                        ""
                    }
                ),
                Some(provision),
            ),
            Extension::Revised { .. } | Extension::Unstated if capped_only => return None,
            Extension::Revised { provision } => (
                format!("no limit at stage {n}, but the complainant is told why and given a revised date"),
                Some(provision),
            ),
            Extension::Unstated => (format!("no extension at stage {n}"), None),
        };
        Some(text)
    });
    groups
        .iter()
        .map(|g| {
            let verb = if g.text.starts_with("no more") {
                g.verb("allows", "allow")
            } else {
                g.verb("sets", "set")
            };
            format!("{} {verb} {}{}", g.who(), g.text, g.cited())
        })
        .collect::<Vec<_>>()
        .join("; ")
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

    /// A help line cites only the Code of the tracks it is about: a policy whose tracks all go
    /// to the SPSO, NIPSO or PSOW is never told an English Code's provision, and one with no
    /// Housing Ombudsman track is never told the Housing Ombudsman's. Read over every check
    /// fixture and the test corpus.
    #[test]
    fn help_cites_only_the_tracks_codes() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut seen = 0;
        let mut bad = Vec::new();
        for dir in ["tests/checks/check", "fixtures/policies"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                panic!("cannot read {dir}");
            };
            for path in entries.flatten().map(|e| e.path()) {
                if path.extension().and_then(|e| e.to_str()) != Some("policy") {
                    continue;
                }
                let Ok(file) = crate::source::load(&path) else {
                    continue;
                };
                let a = crate::analyse(file);
                let Some(p) = a.policy.as_ref() else { continue };
                let oms: Vec<Option<Ombudsman>> =
                    p.case_tracks().iter().map(|t| p.ombudsman_of(t)).collect();
                let devolved = oms.iter().all(|o| {
                    matches!(
                        o,
                        Some(Ombudsman::Spso | Ombudsman::Nipso | Ombudsman::Psow)
                    )
                });
                let no_ho = oms
                    .iter()
                    .all(|o| o.is_some_and(|o| o != Ombudsman::HousingOmbudsman));
                if devolved {
                    seen += 1;
                }
                for d in &a.diagnostics {
                    let texts = [
                        Some(d.help.as_str()),
                        d.draft_help.as_deref().map(String::as_str),
                    ];
                    for h in texts.into_iter().flatten() {
                        if (devolved && (h.contains("HO 6") || h.contains("LGSCO 6")))
                            || (no_ho && h.contains("HO 6"))
                        {
                            bad.push(format!("{} ({}): {h}", path.display(), d.code.name));
                        }
                    }
                }
            }
        }
        assert!(seen >= 4, "only {seen} devolved policies read");
        assert!(bad.is_empty(), "{}", bad.join("\n"));
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
