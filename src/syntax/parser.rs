//! pest grammar to syntax tree. pest `Pair`s never leave this file: everything after it sees
//! only `ast` types with spans.

use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

use super::ast::*;
use crate::span::{Span, Spanned};

#[derive(Parser)]
#[grammar = "../grammar/policy.pest"]
pub(crate) struct PolicyParser;

pub(crate) fn parse_pairs(text: &str) -> Result<Pair<'_, Rule>, Box<pest::error::Error<Rule>>> {
    parse_rule(Rule::file, text)
}

/// Where each statement that does not parse starts and ends, read with the grammar's
/// `recovering_file`; `None` when even that fails (a block left open, text after the policy).
pub(crate) fn error_regions(text: &str) -> Option<Vec<Span>> {
    let file = parse_recovering(text)?;
    let mut out = Vec::new();
    let mut stack = vec![file];
    while let Some(p) = stack.pop() {
        if p.as_rule() == Rule::error_stmt {
            let s = p.as_span();
            out.push(Span::new(s.start(), s.end()));
        } else {
            stack.extend(p.into_inner());
        }
    }
    out.sort();
    Some(out)
}

/// The whole file read with `recovering_file`: statements that do not parse are `error_stmt`s,
/// which `build` leaves out.
pub(crate) fn parse_recovering(text: &str) -> Option<Pair<'_, Rule>> {
    parse_rule(Rule::recovering_file, text).ok()
}

fn parse_rule(rule: Rule, text: &str) -> Result<Pair<'_, Rule>, Box<pest::error::Error<Rule>>> {
    let mut pairs = PolicyParser::parse(rule, text).map_err(Box::new)?;
    // `file` always yields exactly one pair on success; an empty iterator cannot happen, but
    // we still refuse to panic on it.
    pairs.next().ok_or_else(|| {
        Box::new(pest::error::Error::new_from_pos(
            pest::error::ErrorVariant::CustomError {
                message: "empty parse".into(),
            },
            pest::Position::from_start(text),
        ))
    })
}

/// A pair's span, ending where its last word ends. pest's own span for a rule that ends in an
/// optional or repeated part (`cite*`, `, discretion`) runs on over the white space and
/// comments it skipped looking for one more; a label drawn on that would spill onto the next
/// lines. Blocks and quoted texts end at their closing brace or quote and keep pest's span.
fn span_of(p: &Pair<Rule>) -> Span {
    Span::new(p.as_span().start(), end_of(p))
}

fn end_of(p: &Pair<Rule>) -> usize {
    match p.as_rule() {
        Rule::file
        | Rule::recovering_file
        | Rule::policy
        | Rule::calendar_block
        | Rule::stage_block
        | Rule::escalate_block
        | Rule::string => p.as_span().end(),
        _ => match p.clone().into_inner().last() {
            Some(last) => end_of(&last),
            None => p.as_span().end(),
        },
    }
}

fn word(p: Pair<Rule>) -> Word {
    Spanned::new(p.as_str().to_string(), span_of(&p))
}

/// A string literal's content (without quotes, escapes resolved), spanning the content only.
fn string(p: Pair<Rule>) -> Word {
    let span = span_of(&p);
    let inner = p.as_str();
    let content = inner.get(1..inner.len().saturating_sub(1)).unwrap_or("");
    let value = content.replace("\\\"", "\"").replace("\\\\", "\\");
    Spanned::new(
        value,
        Span::new(span.offset + 1, span.end().saturating_sub(1)),
    )
}

fn is_keyword(p: &Pair<Rule>) -> bool {
    format!("{:?}", p.as_rule()).starts_with("kw_")
}

/// The children of a statement, with keywords dropped and `for` / `cite` split off.
struct Parts<'a> {
    rest: Vec<Pair<'a, Rule>>,
    for_track: Option<Word>,
    when_class: Option<Word>,
    cites: Vec<Cite>,
}

fn parts(p: Pair<'_, Rule>) -> Parts<'_> {
    let mut out = Parts {
        rest: Vec::new(),
        for_track: None,
        when_class: None,
        cites: Vec::new(),
    };
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::for_track => {
                out.for_track = c.into_inner().find(|x| x.as_rule() == Rule::name).map(word);
            }
            Rule::when_class => {
                out.when_class = c.into_inner().find(|x| x.as_rule() == Rule::name).map(word);
            }
            Rule::cite => out.cites.push(cite(c)),
            _ if is_keyword(&c) => {}
            _ => out.rest.push(c),
        }
    }
    out
}

fn cite(p: Pair<Rule>) -> Cite {
    let span = span_of(&p);
    let inner: Vec<Pair<Rule>> = p.into_inner().collect();
    let document = inner
        .iter()
        .find(|x| x.as_rule() == Rule::name)
        .cloned()
        .map(word);
    let mut strings = inner
        .into_iter()
        .filter(|x| x.as_rule() == Rule::string)
        .map(string);
    let clause = strings
        .next()
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    let phrase = strings
        .next()
        .unwrap_or_else(|| Spanned::new(String::new(), span));
    Cite {
        document,
        clause,
        phrase,
        span,
    }
}

fn stmt<T>(span: Span, parts: &mut Parts, kind: T) -> Stmt<T> {
    Stmt {
        kind,
        span,
        for_track: parts.for_track.take(),
        when_class: parts.when_class.take(),
        cites: std::mem::take(&mut parts.cites),
    }
}

pub(crate) fn build(file: Pair<Rule>) -> Policy {
    let span = span_of(&file);
    let policy = file.into_inner().find(|p| p.as_rule() == Rule::policy);
    let mut name = Spanned::new(String::new(), span);
    let mut items = Vec::new();
    if let Some(policy) = policy {
        for p in policy.into_inner() {
            match p.as_rule() {
                Rule::string => name = string(p),
                r if is_keyword(&p) || r == Rule::EOI => {}
                _ => {
                    if let Some(item) = item(p) {
                        items.push(item);
                    }
                }
            }
        }
    }
    Policy { name, items, span }
}

fn first_word(parts: &mut Parts) -> Word {
    let span = parts.rest.first().map(span_of).unwrap_or_default();
    if parts.rest.is_empty() {
        return Spanned::new(String::new(), span);
    }
    let p = parts.rest.remove(0);
    match p.as_rule() {
        Rule::string => string(p),
        _ => word(p),
    }
}

fn item(p: Pair<Rule>) -> Option<Item> {
    let span = span_of(&p);
    let rule = p.as_rule();
    Some(match rule {
        Rule::source_stmt => {
            let mut parts = parts(p);
            let id = match parts.rest.first().map(|x| x.as_rule()) {
                Some(Rule::name) => Some(first_word(&mut parts)),
                _ => None,
            };
            let path = first_word(&mut parts);
            Item::Source(stmt(span, &mut parts, Source { id, path }))
        }
        Rule::version_stmt
        | Rule::effective_stmt
        | Rule::reviewed_stmt
        | Rule::pause_stmt
        | Rule::unencoded_stmt => {
            let mut parts = parts(p);
            let w = first_word(&mut parts);
            let s = stmt(span, &mut parts, w);
            match rule {
                Rule::version_stmt => Item::Version(s),
                Rule::effective_stmt => Item::Effective(s),
                Rule::reviewed_stmt => Item::Reviewed(s),
                Rule::unencoded_stmt => Item::Unencoded(s),
                _ => Item::Pause(s),
            }
        }
        Rule::draft_stmt => {
            let mut parts = parts(p);
            Item::Draft(stmt(span, &mut parts, ()))
        }
        Rule::class_stmt => {
            let mut parts = parts(p);
            let name = first_word(&mut parts);
            let label = match parts.rest.first().map(|x| x.as_rule()) {
                Some(Rule::string) => Some(first_word(&mut parts)),
                _ => None,
            };
            Item::Class(stmt(span, &mut parts, Class { name, label }))
        }
        Rule::route_stmt => {
            let mut parts = parts(p);
            let names = std::mem::take(&mut parts.rest)
                .into_iter()
                .map(word)
                .collect();
            Item::Route(stmt(span, &mut parts, names))
        }
        Rule::prefer_stmt => {
            let mut parts = parts(p);
            let a = first_word(&mut parts);
            let b = first_word(&mut parts);
            Item::Prefer(stmt(span, &mut parts, (a, b)))
        }
        Rule::calendar_block => Item::Calendar(CalendarBlock {
            items: p
                .into_inner()
                .filter(|c| !is_keyword(c) && c.as_rule() != Rule::error_stmt)
                .map(calendar_item)
                .collect(),
            span,
        }),
        Rule::track_stmt => {
            let mut parts = parts(p);
            let name = first_word(&mut parts);
            let mut label = None;
            let mut ombudsman = None;
            let mut aliases = Vec::new();
            for c in std::mem::take(&mut parts.rest) {
                match c.as_rule() {
                    Rule::string => label = Some(string(c)),
                    Rule::ombudsman_clause => {
                        ombudsman = c.into_inner().find(|x| x.as_rule() == Rule::word).map(word)
                    }
                    Rule::alias_clause => aliases.extend(
                        c.into_inner()
                            .filter(|x| x.as_rule() == Rule::string)
                            .map(string),
                    ),
                    _ => {}
                }
            }
            Item::Track(stmt(
                span,
                &mut parts,
                Track {
                    name,
                    label,
                    ombudsman,
                    aliases,
                },
            ))
        }
        Rule::accept_stmt => {
            let mut parts = parts(p);
            let w = parts.rest.pop().map(window)?;
            Item::Accept(stmt(span, &mut parts, w))
        }
        Rule::exclude_stmt => {
            let mut parts = parts(p);
            let kind = first_word(&mut parts);
            let mut label = None;
            let mut refer = None;
            for c in std::mem::take(&mut parts.rest) {
                match c.as_rule() {
                    Rule::string => label = Some(string(c)),
                    Rule::refer_clause => {
                        refer = c
                            .into_inner()
                            .find(|x| x.as_rule() == Rule::string)
                            .map(string)
                    }
                    _ => {}
                }
            }
            Item::Exclude(stmt(span, &mut parts, Exclude { kind, label, refer }))
        }
        Rule::stage_block => {
            let mut name = None;
            let mut title = None;
            let mut role = None;
            let mut items = Vec::new();
            for c in p.into_inner() {
                match c.as_rule() {
                    Rule::name => name = Some(word(c)),
                    Rule::string => title = Some(string(c)),
                    Rule::role_clause => {
                        role = c.into_inner().find(|x| x.as_rule() == Rule::word).map(word)
                    }
                    _ if is_keyword(&c) => {}
                    _ => items.extend(stage_item(c)),
                }
            }
            Item::Stage(StageBlock {
                name: name.unwrap_or_else(|| Spanned::new(String::new(), span)),
                title,
                role,
                items,
                span,
            })
        }
        Rule::escalate_block => {
            let mut names = Vec::new();
            let mut items = Vec::new();
            for c in p.into_inner() {
                match c.as_rule() {
                    Rule::name => names.push(word(c)),
                    _ if is_keyword(&c) => {}
                    _ => items.extend(escalate_item(c)),
                }
            }
            let mut names = names.into_iter();
            let empty = || Spanned::new(String::new(), span);
            Item::Escalate(EscalateBlock {
                from: names.next().unwrap_or_else(empty),
                to: names.next().unwrap_or_else(empty),
                items,
                span,
            })
        }
        Rule::wait_stmt => {
            let mut parts = parts(p);
            let mut duration_ = None;
            let mut after = None;
            let mut ombudsman = None;
            for c in std::mem::take(&mut parts.rest) {
                match c.as_rule() {
                    Rule::duration => duration_ = Some(duration(c)),
                    Rule::event => after = Some(event(c)),
                    Rule::word => ombudsman = Some(word(c)),
                    _ => {}
                }
            }
            Item::Wait(stmt(
                span,
                &mut parts,
                Wait {
                    duration: duration_?,
                    after: after?,
                    ombudsman: ombudsman?,
                },
            ))
        }
        _ => return None,
    })
}

fn calendar_item(p: Pair<Rule>) -> Stmt<CalendarItem> {
    let span = span_of(&p);
    let rule = p.as_rule();
    let mut parts = parts(p);
    let mut words: Vec<Word> = Vec::new();
    let mut dates: Vec<Word> = Vec::new();
    let mut label: Option<Word> = None;
    let mut unit_ = None;
    for c in std::mem::take(&mut parts.rest) {
        match c.as_rule() {
            Rule::plain_days_unit => {
                let is_working = c.into_inner().any(|k| k.as_rule() == Rule::kw_working);
                let u = if is_working {
                    Unit::WorkingDays
                } else {
                    Unit::CalendarDays
                };
                unit_ = Some(Spanned::new(u, span));
            }
            Rule::date => dates.push(word(c)),
            Rule::string => label = Some(string(c)),
            _ => words.push(word(c)),
        }
    }
    let empty = Spanned::new(String::new(), span);
    let mut w = words.into_iter();
    let kind = match rule {
        Rule::region_stmt => CalendarItem::Region(w.next().unwrap_or(empty)),
        Rule::week_stmt => CalendarItem::Week(
            w.next().unwrap_or_else(|| empty.clone()),
            w.next().unwrap_or(empty),
        ),
        Rule::hours_stmt => CalendarItem::Hours(
            w.next().unwrap_or_else(|| empty.clone()),
            w.next().unwrap_or(empty),
        ),
        Rule::out_of_hours_stmt => CalendarItem::OutOfHours(w.next().unwrap_or(empty)),
        Rule::plain_days_stmt => {
            CalendarItem::PlainDays(unit_.unwrap_or(Spanned::new(Unit::WorkingDays, span)))
        }
        _ => {
            // closed DATE [to DATE] ["label"]: dates and the label by what the grammar saw.
            let mut d = dates.into_iter();
            CalendarItem::Closed {
                from: d.next().unwrap_or(empty),
                to: d.next(),
                label,
            }
        }
    };
    stmt(span, &mut parts, kind)
}

fn stage_item(p: Pair<Rule>) -> Option<StageItem> {
    let span = span_of(&p);
    let rule = p.as_rule();
    let mut parts = parts(p);
    Some(match rule {
        Rule::acknowledge_stmt | Rule::respond_stmt => {
            let w = window(parts.rest.pop()?);
            let s = stmt(span, &mut parts, w);
            if rule == Rule::acknowledge_stmt {
                StageItem::Acknowledge(s)
            } else {
                StageItem::Respond(s)
            }
        }
        Rule::extend_stmt => {
            let opts = std::mem::take(&mut parts.rest)
                .into_iter()
                .map(extend_option)
                .collect();
            StageItem::Extend(stmt(span, &mut parts, opts))
        }
        Rule::pause_stmt => {
            let w = first_word(&mut parts);
            StageItem::Pause(stmt(span, &mut parts, w))
        }
        Rule::handler_stmt => {
            let hp = std::mem::take(&mut parts.rest)
                .into_iter()
                .map(|c| match c.as_rule() {
                    Rule::string => HandlerPart::Role(string(c)),
                    Rule::handler_senior => HandlerPart::SeniorTo(inner_name(c)),
                    Rule::handler_not => HandlerPart::Not(inner_name(c)),
                    _ => HandlerPart::Duty(word(c)),
                })
                .collect();
            StageItem::Handler(stmt(span, &mut parts, hp))
        }
        Rule::includes_stmt => {
            let mut letter = Spanned::new(Letter::Response, span);
            let mut items = Vec::new();
            for c in std::mem::take(&mut parts.rest) {
                match c.as_rule() {
                    Rule::letter => {
                        let l = if c.as_str().starts_with("acknowledgement") {
                            Letter::Acknowledgement
                        } else {
                            Letter::Response
                        };
                        letter = Spanned::new(l, span_of(&c));
                    }
                    _ => items.push(word(c)),
                }
            }
            StageItem::Includes(stmt(span, &mut parts, Includes { letter, items }))
        }
        Rule::milestone_stmt => {
            let label = first_word(&mut parts);
            let w = window(parts.rest.pop()?);
            StageItem::Milestone(stmt(span, &mut parts, (label, w)))
        }
        Rule::skippable_stmt => StageItem::Skippable(stmt(span, &mut parts, ())),
        Rule::ends_early_stmt => StageItem::EndsEarly(stmt(span, &mut parts, ())),
        Rule::start_here_stmt => StageItem::StartByAgreement(stmt(span, &mut parts, ())),
        Rule::unencoded_stmt => {
            let w = first_word(&mut parts);
            StageItem::Unencoded(stmt(span, &mut parts, w))
        }
        _ => return None,
    })
}

fn inner_name(p: Pair<Rule>) -> Word {
    let span = span_of(&p);
    p.into_inner()
        .find(|x| x.as_rule() == Rule::name)
        .map(word)
        .unwrap_or_else(|| Spanned::new(String::new(), span))
}

fn extend_option(p: Pair<Rule>) -> Spanned<ExtendOption> {
    let span = span_of(&p);
    let opt = match p.as_rule() {
        Rule::ext_up_to => match p.into_inner().find(|x| x.as_rule() == Rule::duration) {
            Some(d) => ExtendOption::UpTo(duration(d)),
            None => ExtendOption::WithoutLimit,
        },
        Rule::ext_without_limit => ExtendOption::WithoutLimit,
        Rule::ext_good_reason => ExtendOption::GoodReason,
        Rule::ext_once => ExtendOption::Once,
        Rule::ext_by_agreement => ExtendOption::ByAgreement,
        _ => {
            let inner: Vec<Pair<Rule>> = p.into_inner().collect();
            let condition = inner
                .iter()
                .find(|x| x.as_rule() == Rule::tell_condition)
                .and_then(|c| c.clone().into_inner().find(|x| x.as_rule() == Rule::string))
                .map(string);
            ExtendOption::Tell(
                inner
                    .into_iter()
                    .filter(|x| x.as_rule() == Rule::word)
                    .map(word)
                    .collect(),
                condition,
            )
        }
    };
    Spanned::new(opt, span)
}

fn escalate_item(p: Pair<Rule>) -> Option<EscalateItem> {
    let span = span_of(&p);
    let rule = p.as_rule();
    let mut parts = parts(p);
    Some(match rule {
        Rule::within_stmt => {
            let w = window(parts.rest.pop()?);
            EscalateItem::Within(stmt(span, &mut parts, w))
        }
        Rule::reasons_stmt => {
            let w = first_word(&mut parts);
            EscalateItem::Reasons(stmt(span, &mut parts, w))
        }
        Rule::refuse_stmt => {
            let ws = std::mem::take(&mut parts.rest)
                .into_iter()
                .map(|c| match c.as_rule() {
                    Rule::string => RefuseGround::Stated(string(c)),
                    _ => RefuseGround::Word(word(c)),
                })
                .collect();
            EscalateItem::Refuse(stmt(span, &mut parts, ws))
        }
        Rule::new_issues_stmt => {
            let w = first_word(&mut parts);
            EscalateItem::NewIssues(stmt(span, &mut parts, w))
        }
        Rule::automatic_stmt => EscalateItem::Automatic(stmt(span, &mut parts, ())),
        Rule::unencoded_stmt => {
            let w = first_word(&mut parts);
            EscalateItem::Unencoded(stmt(span, &mut parts, w))
        }
        _ => return None,
    })
}

fn window(p: Pair<Rule>) -> Window {
    let span = span_of(&p);
    let mut w = Window {
        combinator: None,
        terms: Vec::new(),
        discretion: None,
        lapses: None,
        span,
    };
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::span => w.terms.push(term(c)),
            Rule::combined => {
                for x in c.into_inner() {
                    match x.as_rule() {
                        Rule::kw_later => {
                            w.combinator = Some(Spanned::new(Combinator::Later, span_of(&x)))
                        }
                        Rule::kw_earlier => {
                            w.combinator = Some(Spanned::new(Combinator::Earlier, span_of(&x)))
                        }
                        Rule::span => w.terms.push(term(x)),
                        _ => {}
                    }
                }
            }
            Rule::window_flag => {
                let is_lapse = c
                    .clone()
                    .into_inner()
                    .any(|k| k.as_rule() == Rule::kw_lapses);
                if is_lapse {
                    w.lapses = Some(span_of(&c));
                } else {
                    w.discretion = Some(span_of(&c));
                }
            }
            _ => {}
        }
    }
    w
}

fn term(p: Pair<Rule>) -> Term {
    let span = span_of(&p);
    let mut d = None;
    let mut e = None;
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::duration => d = Some(duration(c)),
            Rule::event => e = Some(event(c)),
            _ => {}
        }
    }
    let duration = d.unwrap_or(Duration {
        amount: Spanned::new("0".into(), span),
        unit: Spanned::new(Unit::WorkingDays, span),
        span,
    });
    Term {
        duration,
        event: e,
        span,
    }
}

fn duration(p: Pair<Rule>) -> Duration {
    let span = span_of(&p);
    let mut amount = Spanned::new("0".to_string(), span);
    let mut unit = Spanned::new(Unit::WorkingDays, span);
    for c in p.into_inner() {
        match c.as_rule() {
            Rule::number => amount = word(c),
            Rule::unit => {
                let us = span_of(&c);
                let u = match c.into_inner().next().map(|x| x.as_rule()) {
                    Some(Rule::working_days) => Unit::WorkingDays,
                    Some(Rule::calendar_days) => Unit::CalendarDays,
                    Some(Rule::plain_days) => Unit::Days,
                    Some(Rule::weeks) => Unit::Weeks,
                    _ => Unit::Months,
                };
                unit = Spanned::new(u, us);
            }
            _ => {}
        }
    }
    Duration { amount, unit, span }
}

fn event(p: Pair<Rule>) -> Event {
    let span = span_of(&p);
    let Some(inner) = p.into_inner().next() else {
        return Event::Word(Spanned::new(String::new(), span));
    };
    match inner.as_rule() {
        Rule::stage_event => {
            let mut it = inner.into_inner();
            let stage = it
                .next()
                .map(word)
                .unwrap_or_else(|| Spanned::new(String::new(), span));
            let kind = it
                .next()
                .map(word)
                .unwrap_or_else(|| Spanned::new(String::new(), span));
            Event::Stage { stage, kind, span }
        }
        Rule::occurrence_or_awareness => Event::OccurrenceOrAwareness(span),
        _ => Event::Word(word(inner)),
    }
}
