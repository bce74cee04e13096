//! The cells of one row that state a rule: each rule of one policy and track, in a few words.
//! (The columns that hold several values, such as a date and a note, are in `values`.)

use std::collections::BTreeMap;

use crate::assess;
use crate::ir::{self, Combine, Event, ExtensionLimit, Unit, Vocabulary};

fn unit_words(d: &ir::Duration, plain: Option<Unit>) -> String {
    let n = d.amount;
    match d.unit {
        Unit::WorkingDays => format!("{n} WD"),
        Unit::CalendarDays => format!("{n} calendar days"),
        Unit::Days => match plain {
            Some(Unit::WorkingDays) => format!("{n} WD"),
            Some(_) => format!("{n} calendar days"),
            None => format!("{n} days (unit not stated)"),
        },
        Unit::Weeks | Unit::Months => d.unit.describe(n),
    }
}

fn event_words(e: &Event) -> String {
    match e {
        Event::Receipt => "receipt".into(),
        Event::Acknowledgement => "acknowledgement".into(),
        Event::Escalation => "escalation request".into(),
        Event::Occurrence => "occurrence".into(),
        Event::Awareness => "awareness".into(),
        Event::OccurrenceOrAwareness => "occurrence or awareness".into(),
        Event::FinalResponse => "final response".into(),
        Event::StageResponse(s) => format!("stage {} response", s.value),
        Event::StageAcknowledgement(s) => format!("stage {} acknowledgement", s.value),
        Event::StageResponseDue(s) => format!("stage {} response deadline", s.value),
        Event::StageAcknowledgementDue(s) => format!("stage {} acknowledgement deadline", s.value),
        Event::Unstated => "? (start not stated)".into(),
    }
}

pub(super) fn window(w: &ir::Window, plain: Option<Unit>) -> String {
    let terms: Vec<String> = w
        .terms
        .iter()
        .map(|t| {
            format!(
                "{} from {}",
                unit_words(&t.duration, plain),
                event_words(&t.from.value)
            )
        })
        .collect();
    let body = match w.combine {
        Combine::Single => terms.join(""),
        Combine::Later => format!("later of {}", terms.join(" and ")),
        Combine::Earlier => format!("earlier of {}", terms.join(" and ")),
    };
    let mut out = body;
    if w.discretion {
        out.push_str(", with discretion");
    }
    if w.lapses {
        out.push_str(", else treated as resolved");
    }
    out
}

fn extension(e: &ir::Extension, plain: Option<Unit>) -> String {
    let mut s = match e.limit {
        ExtensionLimit::UpTo { duration } => format!("up to {}", unit_words(&duration, plain)),
        ExtensionLimit::WithoutLimit => "without limit".into(),
        ExtensionLimit::Unstated => "allowed, no limit stated".into(),
    };
    if e.more_with_good_reason {
        s.push_str(", more with good reason");
    }
    if e.once {
        s.push_str(", once");
    }
    if e.by_agreement {
        s.push_str(", by agreement");
    }
    s
}

/// The rules of one kind for a case on `track`, in a few words: the rule for a case with no
/// class, then, where a class has a rule of its own, "class: its rule". None when no rule of
/// the kind applies to the track.
fn by_class<T>(
    p: &ir::Policy,
    rules: &[ir::Rule<T>],
    track: &str,
    words: impl Fn(&T) -> String,
) -> Option<String> {
    let prefs = &p.preferences;
    let base = ir::select(rules, track, &[], prefs);
    let mut parts: Vec<String> = base.iter().map(|r| words(&r.value)).collect();
    let mut seen: Vec<&ir::Rule<T>> = base.into_iter().collect();
    for c in &p.classes {
        let class = std::slice::from_ref(&c.value.name.value);
        if let Some(r) = ir::select(rules, track, class, prefs) {
            if !seen.iter().any(|x| std::ptr::eq(*x, r)) {
                seen.push(r);
                parts.push(format!("{}: {}", c.value.name.value, words(&r.value)));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The escalation window into `to` on the route, in a few words: "-" when the route has no
/// such step or no escalate block for it.
fn escalation(p: &ir::Policy, route: &ir::Route, to: &ir::Stage, track: &str) -> String {
    let plain = p.plain_days();
    let Some(e) = route.escalation_into(p, &to.name.value) else {
        return "-".to_string();
    };
    let mut s = by_class(p, &e.windows, track, |w| window(w, plain))
        .unwrap_or_else(|| "no time limit stated".into());
    if e.automatic.iter().any(|r| r.applies_to(track)) {
        s.push_str("; moves on by itself when the response is overdue");
    }
    s
}

/// The early-resolution steps of the route: each one's timescales and the window to go on
/// from it, or "-" when the route has none.
fn early(p: &ir::Policy, route: &ir::Route, track: &str) -> String {
    let plain = p.plain_days();
    let mut out = Vec::new();
    for s in route.early_stages() {
        let mut parts = Vec::new();
        if let Some(a) = by_class(p, &s.acknowledge, track, |w| window(w, plain)) {
            parts.push(format!("acknowledge {a}"));
        }
        parts.push(match by_class(p, &s.respond, track, |w| window(w, plain)) {
            Some(r) => format!("respond {r}"),
            None => "response not stated".into(),
        });
        if let Some(next) = route.next(&s.name.value) {
            let w = escalation(p, route, next, track);
            if w != "-" {
                parts.push(format!("to {}: {w}", next.display_name()));
            }
        }
        out.push(format!("{}: {}", s.display_name(), parts.join("; ")));
    }
    if out.is_empty() {
        "-".into()
    } else {
        out.join(". ")
    }
}

/// The rule cells of one row, read from the track's route: stage `n` is the route's stage with role
/// `stage-n`, whatever the order of the file.
pub(super) fn cells(
    p: &ir::Policy,
    track: &str,
    max_stages: usize,
    with_early: bool,
) -> BTreeMap<String, String> {
    let plain = p.plain_days();
    let route = p.route(track);
    let mut c = BTreeMap::new();
    if with_early {
        c.insert("early".into(), early(p, &route, track));
    }
    for k in 1..=max_stages {
        let stage = u8::try_from(k).ok().and_then(|n| route.formal(n));
        let none = || "not stated".to_string();
        let cell = |v: Option<String>| match stage {
            None => "-".to_string(),
            Some(_) => v.unwrap_or_else(none),
        };
        let ack = stage.and_then(|s| by_class(p, &s.acknowledge, track, |w| window(w, plain)));
        let resp = stage.and_then(|s| by_class(p, &s.respond, track, |w| window(w, plain)));
        let ext = stage.and_then(|s| by_class(p, &s.extensions, track, |e| extension(e, plain)));
        c.insert(format!("s{k}_acknowledge"), cell(ack));
        c.insert(format!("s{k}_respond"), cell(resp));
        c.insert(format!("s{k}_extend"), cell(ext));
        if k < max_stages {
            let next = u8::try_from(k + 1).ok().and_then(|n| route.formal(n));
            let v = match (stage, next) {
                (Some(_), Some(to)) => escalation(p, &route, to, track),
                _ => "-".to_string(),
            };
            c.insert(format!("s{k}_escalate"), v);
        }
    }
    c.insert(
        "acceptance".into(),
        by_class(p, &p.acceptance, track, |w| window(w, plain))
            .unwrap_or_else(|| "none stated".into()),
    );
    let excl: Vec<String> = p
        .exclusions
        .iter()
        .filter(|e| e.applies_to(track))
        .map(|e| e.value.kind.value.word().to_string())
        .collect();
    let mut seen = Vec::new();
    for e in excl {
        if !seen.contains(&e) {
            seen.push(e);
        }
    }
    c.insert(
        "exclusions".into(),
        if seen.is_empty() {
            "none listed".into()
        } else {
            seen.join(", ")
        },
    );
    c.insert(
        "unencoded".into(),
        assess::unencoded(p, &route).len().to_string(),
    );
    c
}
