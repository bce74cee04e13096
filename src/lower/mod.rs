//! Stage 2 of the pipeline: syntax tree to IR. Lowering turns words into vocabulary enums,
//! digits into numbers, text into dates and times, and gathers per-stage statements into
//! their places. It judges only what it must to build the IR (unknown words, impossible
//! values, settings given twice); whether the policy makes sense is the checks' business.

use chrono::{NaiveDate, NaiveTime};

use crate::diagnostic::{codes, Code, Diagnostic, Severity};
use crate::ir::{self, Vocabulary};
use crate::span::{Span, Spanned};
use crate::syntax::{ast, shorten};

/// The largest number a timescale may have. Nothing real comes near it; beyond it the calendar
/// arithmetic of later stages would leave the years redress has bank holidays for anyway.
pub const MAX_AMOUNT: u32 = 3650;

/// A track alias that is another track's name or alias (or empty): `redress audit` could not
/// tell which track a row with that track cell is on.
pub const ALIAS_COLLISION: Code = Code {
    name: "redress::lower::alias_collision",
    severity: Severity::Error,
    summary: "a track alias that names another track too",
    doc: "A track's `alias` clause gives other names a case export may use for the track \
          (`track housing ombudsman housing-ombudsman alias \"HRA\", \"Housing\"`). \
          `redress audit` matches a row's track cell against every track's name and aliases \
          ignoring case, so an alias that is, case aside, another track's name or one of its \
          aliases would put a row on two tracks at once; an empty alias would match a row with \
          no track at all.\n\nHow to fix: keep each alias on the one track it names, and remove \
          empty ones.",
};

pub fn lower(policy: &ast::Policy) -> Result<ir::Policy, Vec<Diagnostic>> {
    let mut cx = Lower::default();
    let ir = cx.policy(policy);
    if cx.diags.is_empty() {
        Ok(ir)
    } else {
        Err(cx.diags)
    }
}

#[derive(Default)]
struct Lower {
    diags: Vec<Diagnostic>,
    /// The stage an `escalate` block being lowered starts from, for suggestions.
    escalating_from: Option<String>,
}

/// The allowed words to suggest for "did you mean": the nearest by edit distance, or else
/// every word that `found` begins or is a whole part of (`legal` for `legal-proceedings`,
/// `statutory` for `statutory-appeal` and `statutory-procedure`).
fn nearest<'a>(found: &str, allowed: &[&'a str]) -> Vec<&'a str> {
    let close = allowed
        .iter()
        .map(|w| (strsim::damerau_levenshtein(found, w), *w))
        .filter(|(d, w)| *d <= 3.max(w.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, w)| w);
    if let Some(w) = close {
        return vec![w];
    }
    if found.chars().count() < 3 {
        return Vec::new();
    }
    allowed
        .iter()
        .filter(|w| w.starts_with(found) || w.split('-').any(|part| part == found))
        .copied()
        .collect()
}

/// `a`, `a` or `b`, `a`, `b` or `c`: words in backticks for a message.
fn either(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, init)) => format!("{} or {last}", init.join(", ")),
        None => String::new(),
    }
}

/// "Ombudsman" -> "Ombudsmen", "day of the week" -> "days of the week", "region" -> "regions".
fn plural(what: &str) -> String {
    if let Some(stem) = what.strip_suffix("man") {
        return format!("{stem}men");
    }
    match what.split_once(' ') {
        Some((first, rest)) if rest.starts_with("of ") || rest.starts_with("for ") => {
            format!("{first}s {rest}")
        }
        _ => format!("{what}s"),
    }
}

impl Lower {
    fn vocab<V: Vocabulary>(&mut self, w: &ast::Word) -> Option<V> {
        if let Some(v) = V::from_word(&w.value) {
            return Some(v);
        }
        let words: Vec<&str> = V::WORDS.iter().map(|(k, _)| *k).collect();
        self.unknown(w, V::WHAT, &words);
        None
    }

    fn unknown(&mut self, w: &ast::Word, what: &str, words: &[&str]) {
        let list = words
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let lower = w.value.to_lowercase();
        let help = if let Some(same) = words.iter().find(|k| **k == lower) {
            format!("these words are written in lower case: write `{same}`")
        } else if let near @ [_, ..] = nearest(&lower, words).as_slice() {
            format!(
                "did you mean {}? The {} are: {list}",
                either(near),
                plural(what)
            )
        } else {
            format!("the {} are: {list}", plural(what))
        };
        let article = if what.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
            "an"
        } else {
            "a"
        };
        self.diags.push(Diagnostic::new(
            &codes::LOWER_UNKNOWN_WORD,
            format!("`{}` is not {article} {what}", shorten(&w.value)),
            w.span,
            format!("unknown {what}"),
            help,
        ));
    }

    /// A start event that is not one: the list names the stage events (`STAGE.response`) as
    /// well as the words, and a stage's letter written without its stage gets the stage put
    /// in front (the stage escalated from, inside an `escalate` block).
    fn unknown_event(&mut self, w: &ast::Word) {
        use ir::{EventWord, StageEventKind, Vocabulary};
        let lower = w.value.to_lowercase();
        let mut all: Vec<String> = EventWord::WORDS
            .iter()
            .map(|(k, _)| format!("`{k}`"))
            .collect();
        all.push("`occurrence or awareness`".into());
        all.extend(
            StageEventKind::WORDS
                .iter()
                .map(|(k, _)| format!("`STAGE.{k}`")),
        );
        let list = all.join(", ");
        let words: Vec<&str> = EventWord::WORDS.iter().map(|(k, _)| *k).collect();
        let help = if StageEventKind::from_word(&lower).is_some() {
            match self.escalating_from.as_deref() {
                Some(stage) => format!(
                    "did you mean `{stage}.{lower}`? A stage's {lower} is named with the stage: \
                     its name, `.`, then `{lower}`. The start events are: {list}"
                ),
                None => format!(
                    "name the stage: its name, `.`, then `{lower}`, as in `one.{lower}`. The \
                     start events are: {list}"
                ),
            }
        } else if let Some(same) = words.iter().find(|k| **k == lower) {
            format!("these words are written in lower case: write `{same}`")
        } else if let near @ [_, ..] = nearest(&lower, &words).as_slice() {
            format!(
                "did you mean {}? The start events are: {list}",
                either(near)
            )
        } else {
            format!("the start events are: {list}")
        };
        self.diags.push(Diagnostic::new(
            &codes::LOWER_UNKNOWN_WORD,
            format!("`{}` is not a start event", shorten(&w.value)),
            w.span,
            "unknown start event",
            help,
        ));
    }

    fn invalid(&mut self, span: Span, message: String, help: &str) {
        self.invalid_labelled(span, message, "this value", help);
    }

    fn invalid_labelled(&mut self, span: Span, message: String, label: &str, help: &str) {
        self.diags.push(Diagnostic::new(
            &codes::LOWER_INVALID_VALUE,
            message,
            span,
            label,
            help,
        ));
    }

    fn duplicate<T>(&mut self, slot: &Option<ir::Rule<T>>, span: Span, what: &str) -> bool {
        if let Some(first) = slot {
            self.diags.push(
                Diagnostic::new(
                    &codes::LOWER_DUPLICATE_SETTING,
                    format!("the {what} is given twice"),
                    span,
                    "given again here",
                    format!("a policy has one {what}; keep the one its source states"),
                )
                .with_related(first.span, "first given here"),
            );
            return true;
        }
        false
    }

    fn rule<T, U>(&self, s: &ast::Stmt<T>, value: U) -> ir::Rule<U> {
        ir::Rule {
            value,
            track: s.for_track.clone(),
            class: s.when_class.clone(),
            cites: s
                .cites
                .iter()
                .map(|c| ir::Citation {
                    document: c.document.clone(),
                    clause: c.clause.clone(),
                    phrase: c.phrase.clone(),
                    span: c.span,
                })
                .collect(),
            span: s.span,
        }
    }

    fn date(&mut self, w: &ast::Word) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&w.value, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                // The grammar already insists on the YYYY-MM-DD shape, so the day or month is wrong.
                self.invalid_labelled(
                    w.span,
                    format!("there is no such date as `{}`", shorten(&w.value)),
                    "no such date",
                    "check the day and the month against the source; dates are written \
                     YYYY-MM-DD, for example 2024-06-06",
                );
                None
            }
        }
    }

    /// `2025-03-01`, or `2025-03` for a source that gives only the month.
    fn review_date(&mut self, w: &ast::Word) -> Option<ir::ReviewDate> {
        if w.value.len() == 7 {
            let first = format!("{}-01", w.value);
            return match NaiveDate::parse_from_str(&first, "%Y-%m-%d") {
                Ok(d) => Some(ir::ReviewDate::Month(d)),
                Err(_) => {
                    self.invalid_labelled(
                        w.span,
                        format!("there is no such month as `{}`", shorten(&w.value)),
                        "no such month",
                        "write a month as YYYY-MM, for example 2025-03",
                    );
                    None
                }
            };
        }
        self.date(w).map(ir::ReviewDate::Day)
    }

    fn time(&mut self, w: &ast::Word) -> Option<NaiveTime> {
        match NaiveTime::parse_from_str(&w.value, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                self.invalid_labelled(
                    w.span,
                    format!("`{}` is not a time of day", shorten(&w.value)),
                    "no such time",
                    "write times on the 24-hour clock as HH:MM, for example 17:00",
                );
                None
            }
        }
    }

    fn policy(&mut self, p: &ast::Policy) -> ir::Policy {
        let mut out = ir::Policy {
            name: p.name.clone(),
            source: None,
            documents: Vec::new(),
            version: None,
            draft: None,
            effective: None,
            reviewed: None,
            calendar: ir::Calendar::default(),
            tracks: Vec::new(),
            classes: Vec::new(),
            routes: Vec::new(),
            preferences: Vec::new(),
            unencoded: Vec::new(),
            acceptance: Vec::new(),
            exclusions: Vec::new(),
            stages: Vec::new(),
            escalations: Vec::new(),
            ombudsman_waits: Vec::new(),
            span: p.span,
        };
        let mut global_pauses = Vec::new();
        for item in &p.items {
            match item {
                ast::Item::Source(s) => match &s.kind.id {
                    None => {
                        if !self.duplicate(&out.source, s.span, "main source document") {
                            out.source = Some(self.rule(s, s.kind.path.value.clone()));
                        }
                    }
                    Some(id) => {
                        let d = ir::Document {
                            id: id.clone(),
                            path: s.kind.path.value.clone(),
                        };
                        out.documents.push(self.rule(s, d));
                    }
                },
                ast::Item::Draft(s) => {
                    if !self.duplicate(&out.draft, s.span, "draft statement") {
                        out.draft = Some(self.rule(s, ()));
                    }
                }
                ast::Item::Effective(s) => {
                    if let Some(d) = self.date(&s.kind) {
                        if !self.duplicate(&out.effective, s.span, "effective date") {
                            out.effective = Some(self.rule(s, d));
                        }
                    }
                }
                ast::Item::Class(s) => {
                    let c = ir::Class {
                        name: s.kind.name.clone(),
                        label: s.kind.label.as_ref().map(|l| l.value.clone()),
                    };
                    out.classes.push(self.rule(s, c));
                }
                ast::Item::Route(s) => out.routes.push(self.rule(s, s.kind.clone())),
                ast::Item::Prefer(s) => {
                    let p = ir::Preference {
                        preferred: s.kind.0.clone(),
                        over: s.kind.1.clone(),
                    };
                    out.preferences.push(self.rule(s, p));
                }
                ast::Item::Unencoded(s) => out.unencoded.push(self.rule(s, s.kind.value.clone())),
                ast::Item::Version(s) => {
                    if !self.duplicate(&out.version, s.span, "version") {
                        out.version = Some(self.rule(s, s.kind.value.clone()));
                    }
                }
                ast::Item::Reviewed(s) => {
                    if let Some(d) = self.review_date(&s.kind) {
                        if !self.duplicate(&out.reviewed, s.span, "review date") {
                            out.reviewed = Some(self.rule(s, d));
                        }
                    }
                }
                ast::Item::Calendar(c) => self.calendar(c, &mut out.calendar),
                ast::Item::Track(s) => {
                    let ombudsman = s.kind.ombudsman.as_ref().and_then(|w| {
                        self.vocab::<ir::Ombudsman>(w)
                            .map(|o| Spanned::new(o, w.span))
                    });
                    let t = ir::Track {
                        name: s.kind.name.clone(),
                        label: s.kind.label.as_ref().map(|l| l.value.clone()),
                        ombudsman,
                        aliases: s
                            .kind
                            .aliases
                            .iter()
                            .map(|a| Spanned::new(a.value.clone(), a.span))
                            .collect(),
                    };
                    out.tracks.push(self.rule(s, t));
                }
                ast::Item::Accept(s) => {
                    if let Some(w) = self.window(&s.kind) {
                        out.acceptance.push(self.rule(s, w));
                    }
                }
                ast::Item::Exclude(s) => {
                    if let Some(kind) = self.vocab::<ir::ExclusionKind>(&s.kind.kind) {
                        let e = ir::Exclusion {
                            kind: Spanned::new(kind, s.kind.kind.span),
                            label: s.kind.label.as_ref().map(|l| l.value.clone()),
                            refer: s.kind.refer.as_ref().map(|l| l.value.clone()),
                        };
                        out.exclusions.push(self.rule(s, e));
                    }
                }
                ast::Item::Pause(s) => {
                    if let Some(r) = self.vocab::<ir::PauseReason>(&s.kind) {
                        global_pauses.push(self.rule(s, r));
                    }
                }
                ast::Item::Stage(b) => {
                    let st = self.stage(b);
                    out.stages.push(st);
                }
                ast::Item::Escalate(b) => {
                    self.escalating_from = Some(b.from.value.clone());
                    let e = self.escalation(b);
                    self.escalating_from = None;
                    out.escalations.push(e);
                }
                ast::Item::Wait(s) => {
                    let duration = self.duration(&s.kind.duration);
                    let after = self.event(&s.kind.after);
                    let ombudsman = self.vocab::<ir::Ombudsman>(&s.kind.ombudsman);
                    if let (Some(duration), Some(after), Some(o)) = (duration, after, ombudsman) {
                        let w = ir::OmbudsmanWait {
                            duration,
                            after,
                            ombudsman: Spanned::new(o, s.kind.ombudsman.span),
                        };
                        out.ombudsman_waits.push(self.rule(s, w));
                    }
                }
            }
        }
        // A pause stated for the whole policy applies at every stage.
        for st in &mut out.stages {
            st.pauses.extend(global_pauses.iter().cloned());
        }
        self.aliases(&out.tracks);
        out
    }

    /// Each track alias must name that track only: not, case aside, another track's name or
    /// another track's alias (the first track to claim a name keeps it), and not be empty.
    fn aliases(&mut self, tracks: &[ir::Rule<ir::Track>]) {
        for (i, t) in tracks.iter().enumerate() {
            let t = &t.value;
            for a in &t.aliases {
                let key = a.value.trim().to_lowercase();
                if key.is_empty() {
                    self.diags.push(Diagnostic::new(
                        &ALIAS_COLLISION,
                        format!("an alias of the track `{}` is empty", t.name.value),
                        a.span,
                        "empty alias",
                        "an empty alias would match every row with no track; remove it",
                    ));
                    continue;
                }
                let clash = tracks.iter().enumerate().find_map(|(j, o)| {
                    let o = &o.value;
                    if j == i {
                        return None;
                    }
                    if o.name.value.to_lowercase() == key {
                        return Some((o, o.name.span, "the name"));
                    }
                    // Another track's alias: the earlier track keeps it.
                    o.aliases
                        .iter()
                        .find(|b| j < i && b.value.trim().to_lowercase() == key)
                        .map(|b| (o, b.span, "an alias"))
                });
                if let Some((o, span, what)) = clash {
                    self.diags.push(
                        Diagnostic::new(
                            &ALIAS_COLLISION,
                            format!(
                                "the alias `{}` of the track `{}` is also {what} of the track `{}`",
                                a.value, t.name.value, o.name.value
                            ),
                            a.span,
                            "alias of two tracks",
                            "aliases and track names are compared ignoring case, so a row with this track would be on both; keep the alias on the track it belongs to",
                        )
                        .with_related(span, format!("{what} of the track `{}`", o.name.value)),
                    );
                }
            }
        }
    }

    fn calendar(&mut self, c: &ast::CalendarBlock, cal: &mut ir::Calendar) {
        for s in &c.items {
            match &s.kind {
                ast::CalendarItem::Region(w) => {
                    if let Some(r) = self.vocab::<ir::Region>(w) {
                        if !self.duplicate(&cal.region, s.span, "bank-holiday region") {
                            cal.region = Some(self.rule(s, r));
                        }
                    }
                }
                ast::CalendarItem::Week(a, b) => {
                    let (a, b) = (self.vocab::<ir::Weekday>(a), self.vocab::<ir::Weekday>(b));
                    if let (Some(a), Some(b)) = (a, b) {
                        if b < a {
                            self.invalid(
                                s.span,
                                format!("the working week cannot run from {a} back to {b}"),
                                "write the first and last working day, for example `week monday to friday`",
                            );
                        } else if !self.duplicate(&cal.week, s.span, "working week") {
                            cal.week = Some(self.rule(s, (a, b)));
                        }
                    }
                }
                ast::CalendarItem::Hours(a, b) => {
                    let (ta, tb) = (self.time(a), self.time(b));
                    if let (Some(ta), Some(tb)) = (ta, tb) {
                        if tb <= ta {
                            self.invalid(
                                a.span.join(b.span),
                                format!("office hours must close after they open (`{}` to `{}`)", a.value, b.value),
                                "write opening then closing time, for example `hours 09:00 to 17:00`",
                            );
                        } else if !self.duplicate(&cal.hours, s.span, "office hours") {
                            cal.hours = Some(self.rule(s, (ta, tb)));
                        }
                    }
                }
                ast::CalendarItem::OutOfHours(w) => {
                    if let Some(o) = self.vocab::<ir::OutOfHours>(w) {
                        if !self.duplicate(&cal.out_of_hours, s.span, "out-of-hours rule") {
                            cal.out_of_hours = Some(self.rule(s, o));
                        }
                    }
                }
                ast::CalendarItem::PlainDays(u) => {
                    let unit = match u.value {
                        ast::Unit::CalendarDays => ir::Unit::CalendarDays,
                        _ => ir::Unit::WorkingDays,
                    };
                    if !self.duplicate(&cal.plain_days, s.span, "meaning of a plain \"days\"") {
                        cal.plain_days = Some(self.rule(s, unit));
                    }
                }
                ast::CalendarItem::Closed { from, to, label } => {
                    let f = self.date(from);
                    let t = match to {
                        Some(t) => self.date(t),
                        None => f,
                    };
                    if let (Some(f), Some(t)) = (f, t) {
                        if t < f {
                            self.invalid(
                                s.span,
                                format!("the closure ends ({t}) before it starts ({f})"),
                                "write the first closed day, then `to`, then the last",
                            );
                        } else {
                            let cl = ir::Closure {
                                from: f,
                                to: t,
                                label: label.as_ref().map(|l| l.value.clone()),
                            };
                            cal.closures.push(self.rule(s, cl));
                        }
                    }
                }
            }
        }
    }

    fn stage(&mut self, b: &ast::StageBlock) -> ir::Stage {
        let role = b
            .role
            .as_ref()
            .and_then(|w| self.vocab::<ir::Role>(w).map(|r| Spanned::new(r, w.span)));
        let mut st = ir::Stage {
            name: b.name.clone(),
            title: b.title.as_ref().map(|t| t.value.clone()),
            role,
            acknowledge: Vec::new(),
            respond: Vec::new(),
            milestones: Vec::new(),
            extensions: Vec::new(),
            pauses: Vec::new(),
            handlers: Vec::new(),
            letters: Vec::new(),
            skippable: Vec::new(),
            ends_early: Vec::new(),
            start_by_agreement: Vec::new(),
            unencoded: Vec::new(),
            span: b.span,
        };
        for item in &b.items {
            match item {
                ast::StageItem::Acknowledge(s) => {
                    if let Some(w) = self.window(&s.kind) {
                        st.acknowledge.push(self.rule(s, w));
                    }
                }
                ast::StageItem::Respond(s) => {
                    if let Some(w) = self.window(&s.kind) {
                        st.respond.push(self.rule(s, w));
                    }
                }
                ast::StageItem::Milestone(s) => {
                    if let Some(w) = self.window(&s.kind.1) {
                        let m = ir::Milestone {
                            label: s.kind.0.value.clone(),
                            window: w,
                        };
                        st.milestones.push(self.rule(s, m));
                    }
                }
                ast::StageItem::StartByAgreement(s) => st.start_by_agreement.push(self.rule(s, ())),
                ast::StageItem::Unencoded(s) => {
                    st.unencoded.push(self.rule(s, s.kind.value.clone()))
                }
                ast::StageItem::Extend(s) => {
                    if let Some(e) = self.extension(s) {
                        st.extensions.push(self.rule(s, e));
                    }
                }
                ast::StageItem::Pause(s) => {
                    if let Some(r) = self.vocab::<ir::PauseReason>(&s.kind) {
                        st.pauses.push(self.rule(s, r));
                    }
                }
                ast::StageItem::Handler(s) => {
                    let h = self.handler(&s.kind);
                    let same_scope = st.handlers.iter().find(|r| {
                        r.track.as_ref().map(|t| &t.value) == s.for_track.as_ref().map(|t| &t.value)
                            && r.class.as_ref().map(|c| &c.value)
                                == s.when_class.as_ref().map(|c| &c.value)
                    });
                    let first = same_scope.map(|r| r.span);
                    if let Some(first) = first {
                        self.diags.push(
                            Diagnostic::new(
                                &codes::LOWER_DUPLICATE_SETTING,
                                "the handler of this stage is given twice",
                                s.span,
                                "given again here",
                                "a stage has one handler for each track; keep the one its source states, or add `for TRACK` to say whose handler each is",
                            )
                            .with_related(first, "first given here"),
                        );
                    } else {
                        st.handlers.push(self.rule(s, h));
                    }
                }
                ast::StageItem::Includes(s) => {
                    let items: Vec<ir::ContentItem> = s
                        .kind
                        .items
                        .iter()
                        .filter_map(|w| self.vocab::<ir::ContentItem>(w))
                        .collect();
                    let letter = match s.kind.letter.value {
                        ast::Letter::Acknowledgement => ir::LetterKind::Acknowledgement,
                        ast::Letter::Response => ir::LetterKind::Response,
                    };
                    st.letters.push(self.rule(s, ir::Letter { letter, items }));
                }
                ast::StageItem::Skippable(s) => st.skippable.push(self.rule(s, ())),
                ast::StageItem::EndsEarly(s) => st.ends_early.push(self.rule(s, ())),
            }
        }
        st
    }

    fn extension(
        &mut self,
        s: &ast::Stmt<Vec<Spanned<ast::ExtendOption>>>,
    ) -> Option<ir::Extension> {
        let mut limit: Option<(ir::ExtensionLimit, Span)> = None;
        let mut e = ir::Extension {
            limit: ir::ExtensionLimit::Unstated,
            more_with_good_reason: false,
            once: false,
            by_agreement: false,
            tell: Vec::new(),
            tell_if: Vec::new(),
        };
        for opt in &s.kind {
            let new_limit = match &opt.value {
                ast::ExtendOption::UpTo(d) => Some(ir::ExtensionLimit::UpTo {
                    duration: self.duration(d)?,
                }),
                ast::ExtendOption::WithoutLimit => Some(ir::ExtensionLimit::WithoutLimit),
                ast::ExtendOption::GoodReason => {
                    e.more_with_good_reason = true;
                    None
                }
                ast::ExtendOption::Once => {
                    e.once = true;
                    None
                }
                ast::ExtendOption::ByAgreement => {
                    e.by_agreement = true;
                    None
                }
                ast::ExtendOption::Tell(ws, condition) => {
                    for w in ws {
                        if let Some(n) = self.vocab::<ir::Notice>(w) {
                            match condition {
                                None if !e.tell.contains(&n) => e.tell.push(n),
                                None => {}
                                Some(c) => e.tell_if.push(ir::ConditionalNotice {
                                    notice: n,
                                    condition: c.value.clone(),
                                }),
                            }
                        }
                    }
                    None
                }
            };
            if let Some(l) = new_limit {
                if let Some((_, first)) = &limit {
                    self.diags.push(
                        Diagnostic::new(
                            &codes::LOWER_CONTRADICTORY,
                            "this extension states its limit twice",
                            opt.span,
                            "second limit",
                            "keep one of `up to ...` and `without limit`, whichever the source says",
                        )
                        .with_related(*first, "first limit"),
                    );
                    return None;
                }
                limit = Some((l, opt.span));
            }
        }
        if let Some((l, _)) = limit {
            e.limit = l;
        }
        Some(e)
    }

    fn handler(&mut self, parts: &[ast::HandlerPart]) -> ir::Handler {
        let mut h = ir::Handler::default();
        let mut role_span = None;
        for p in parts {
            match p {
                ast::HandlerPart::Role(r) => {
                    if let Some(first) = role_span {
                        self.diags.push(
                            Diagnostic::new(
                                &codes::LOWER_DUPLICATE_SETTING,
                                "this handler names two roles",
                                r.span,
                                "second role",
                                "name one role, the one the source gives; if the source allows either, write them in one text: \"A or B\"",
                            )
                            .with_related(first, "first role"),
                        );
                    }
                    role_span = Some(r.span);
                    h.role = Some(r.value.clone());
                }
                ast::HandlerPart::SeniorTo(n) if n.value == "subject" => h.senior_to_subject = true,
                ast::HandlerPart::SeniorTo(n) => h.senior_to.push(n.clone()),
                ast::HandlerPart::Not(n) if n.value == "subject" => h.not_subject = true,
                ast::HandlerPart::Not(n) => h.not_same_as.push(n.clone()),
                ast::HandlerPart::Duty(w) => {
                    if let Some(d) = self.vocab::<ir::HandlerDuty>(w) {
                        h.duties.push(d);
                    }
                }
            }
        }
        h
    }

    fn escalation(&mut self, b: &ast::EscalateBlock) -> ir::Escalation {
        let mut e = ir::Escalation {
            from: b.from.clone(),
            to: b.to.clone(),
            windows: Vec::new(),
            reasons: Vec::new(),
            refuse: Vec::new(),
            new_issues_start: Vec::new(),
            automatic: Vec::new(),
            unencoded: Vec::new(),
            span: b.span,
        };
        for item in &b.items {
            match item {
                ast::EscalateItem::Within(s) => {
                    if let Some(w) = self.window(&s.kind) {
                        e.windows.push(self.rule(s, w));
                    }
                }
                ast::EscalateItem::Reasons(s) => {
                    if let Some(r) = self.vocab::<ir::Reasons>(&s.kind) {
                        e.reasons.push(self.rule(s, r));
                    }
                }
                ast::EscalateItem::Refuse(s) => {
                    let mut grounds = Vec::new();
                    for g in &s.kind {
                        let w = match g {
                            ast::RefuseGround::Stated(t) => {
                                grounds.push(ir::RefusalGround::Stated(t.value.clone()));
                                continue;
                            }
                            ast::RefuseGround::Word(w) => w,
                        };
                        if w.value == "excluded" {
                            grounds.push(ir::RefusalGround::Excluded);
                        } else if let Some(k) = ir::ExclusionKind::from_word(&w.value) {
                            grounds.push(ir::RefusalGround::Kind(k));
                        } else {
                            let mut words = vec!["excluded"];
                            words.extend(ir::ExclusionKind::WORDS.iter().map(|(k, _)| *k));
                            self.unknown(w, "ground for refusing escalation", &words);
                        }
                    }
                    e.refuse.push(self.rule(s, grounds));
                }
                ast::EscalateItem::NewIssues(s) => {
                    e.new_issues_start.push(self.rule(s, s.kind.clone()));
                }
                ast::EscalateItem::Automatic(s) => e.automatic.push(self.rule(s, ())),
                ast::EscalateItem::Unencoded(s) => {
                    e.unencoded.push(self.rule(s, s.kind.value.clone()))
                }
            }
        }
        e
    }

    fn window(&mut self, w: &ast::Window) -> Option<ir::Window> {
        let mut terms = Vec::new();
        for t in &w.terms {
            let duration = self.duration(&t.duration);
            let from = match &t.event {
                Some(ev) => self.event(ev),
                None => Some(Spanned::new(ir::Event::Unstated, t.duration.span)),
            };
            if let (Some(duration), Some(from)) = (duration, from) {
                terms.push(ir::Term {
                    duration,
                    from,
                    span: t.span,
                });
            }
        }
        if terms.len() != w.terms.len() || terms.is_empty() {
            return None;
        }
        Some(ir::Window {
            combine: match w.combinator.as_ref().map(|c| c.value) {
                None => ir::Combine::Single,
                Some(ast::Combinator::Later) => ir::Combine::Later,
                Some(ast::Combinator::Earlier) => ir::Combine::Earlier,
            },
            terms,
            discretion: w.discretion.is_some(),
            lapses: w.lapses.is_some(),
            span: w.span,
        })
    }

    fn duration(&mut self, d: &ast::Duration) -> Option<ir::Duration> {
        let amount = match d.amount.value.parse::<u32>() {
            Ok(n) if n <= MAX_AMOUNT => n,
            _ => {
                self.invalid_labelled(
                    d.amount.span,
                    format!(
                        "`{}` is too large to be a timescale",
                        shorten(&d.amount.value)
                    ),
                    "too large",
                    &format!(
                        "check the number against the source; redress accepts timescales of up \
                         to {MAX_AMOUNT} days, weeks or months"
                    ),
                );
                return None;
            }
        };
        let unit = match d.unit.value {
            ast::Unit::WorkingDays => ir::Unit::WorkingDays,
            ast::Unit::CalendarDays => ir::Unit::CalendarDays,
            ast::Unit::Days => ir::Unit::Days,
            ast::Unit::Weeks => ir::Unit::Weeks,
            ast::Unit::Months => ir::Unit::Months,
        };
        Some(ir::Duration {
            amount,
            unit,
            span: d.span,
        })
    }

    fn event(&mut self, e: &ast::Event) -> Option<Spanned<ir::Event>> {
        let span = e.span();
        let ev = match e {
            ast::Event::OccurrenceOrAwareness(_) => ir::Event::OccurrenceOrAwareness,
            ast::Event::Stage { stage, kind, .. } => {
                match self.vocab::<ir::StageEventKind>(kind)? {
                    ir::StageEventKind::Response => ir::Event::StageResponse(stage.clone()),
                    ir::StageEventKind::Acknowledgement => {
                        ir::Event::StageAcknowledgement(stage.clone())
                    }
                    ir::StageEventKind::ResponseDue => ir::Event::StageResponseDue(stage.clone()),
                    ir::StageEventKind::AcknowledgementDue => {
                        ir::Event::StageAcknowledgementDue(stage.clone())
                    }
                }
            }
            ast::Event::Word(w) if ir::EventWord::from_word(&w.value).is_none() => {
                self.unknown_event(w);
                return None;
            }
            ast::Event::Word(w) => match self.vocab::<ir::EventWord>(w)? {
                ir::EventWord::Receipt => ir::Event::Receipt,
                ir::EventWord::Acknowledgement => ir::Event::Acknowledgement,
                ir::EventWord::Escalation => ir::Event::Escalation,
                ir::EventWord::Occurrence => ir::Event::Occurrence,
                ir::EventWord::Awareness => ir::Event::Awareness,
                ir::EventWord::FinalResponse => ir::Event::FinalResponse,
            },
        };
        Some(Spanned::new(ev, span))
    }
}
