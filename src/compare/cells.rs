//! The cells of one row: each rule of one policy and track, in a few words.

use std::collections::BTreeMap;

use crate::assess::{self, codes};
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
        Unit::Weeks => format!("{n} weeks"),
        Unit::Months => format!("{n} months"),
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
    if w.discretion {
        format!("{body}, with discretion")
    } else {
        body
    }
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

pub(super) fn cells(p: &ir::Policy, track: &str, max_stages: usize) -> BTreeMap<String, String> {
    let plain = p.plain_days();
    let rule = |rules| ir::rule_for(rules, Some(track));
    let mut c = BTreeMap::new();
    let titles: Vec<String> = p
        .stages
        .iter()
        .map(|s| s.title.clone().unwrap_or_else(|| s.name.value.clone()))
        .collect();
    c.insert(
        "stages".into(),
        format!("{} ({})", p.stages.len(), titles.join(", ")),
    );
    for n in 0..max_stages {
        let k = n + 1;
        let stage = p.stages.get(n);
        let none = || "not stated".to_string();
        let ack = stage
            .and_then(|s| rule(&s.acknowledge))
            .map(|r| window(&r.value, plain));
        let resp = stage
            .and_then(|s| rule(&s.respond))
            .map(|r| window(&r.value, plain));
        let ext = stage
            .and_then(|s| ir::rule_for(&s.extensions, Some(track)))
            .map(|r| extension(&r.value, plain));
        let absent = stage.is_none();
        let cell = |v: Option<String>| {
            if absent {
                "-".to_string()
            } else {
                v.unwrap_or_else(none)
            }
        };
        c.insert(format!("s{k}_acknowledge"), cell(ack));
        c.insert(format!("s{k}_respond"), cell(resp));
        c.insert(format!("s{k}_extend"), cell(ext));
        if k < max_stages {
            let esc =
                stage.and_then(|s| p.escalations.iter().find(|e| e.from.value == s.name.value));
            let v = match esc {
                None => "-".to_string(),
                Some(e) => match rule(&e.windows) {
                    Some(r) => window(&r.value, plain),
                    None => "no time limit stated".into(),
                },
            };
            c.insert(format!("s{k}_escalate"), v);
        }
    }
    c.insert(
        "acceptance".into(),
        match rule(&p.acceptance) {
            Some(r) => window(&r.value, plain),
            None => "none stated".into(),
        },
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
    let route = p
        .tracks
        .iter()
        .find(|t| t.value.name.value == track)
        .and_then(|t| t.value.ombudsman.as_ref())
        .map(|o| o.value.word().to_string())
        .unwrap_or_else(|| "not stated".into());
    let stale = p.ombudsman_waits.iter().any(|w| w.applies_to(track));
    c.insert(
        "ombudsman".into(),
        if stale {
            format!("{route} (policy still states an abolished wait)")
        } else {
            route
        },
    );
    c
}

/// "ho-2024: 9 / 3 / 8" for the Code that applies to this track.
pub(super) fn compliance(p: &ir::Policy, track: &str) -> String {
    let mut out = Vec::new();
    for id in codes::IDS {
        let Ok(code) = codes::load(id) else { continue };
        if !assess::tracks_for(p, &code).contains(&track) {
            continue;
        }
        if let Ok(a) = assess::assess(p, &code, Some(track), None) {
            let s = a.summary;
            out.push(format!("{id}: {} / {} / {}", s.yes, s.no, s.partial));
        }
    }
    if out.is_empty() {
        "no Code applies".into()
    } else {
        out.join("; ")
    }
}
