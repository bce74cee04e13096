//! Rules added, removed or changed, matched by meaning. Each side's rules are flattened into
//! entries keyed by statement kind, place (the policy, a stage, an escalation), what names the
//! rule within its kind (an exclusion's kind, a milestone's label, an unencoded rule's text),
//! its `for` track and its `when` class. Entries with the same key are paired, equal ones
//! first; what is left over was added or removed. Two rules are the same when their IR values
//! are (spans aside, stage names read through the pairing of stages); citations are compared
//! apart, so a rule whose only change is its citation says so.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::stages::{self, Pairing};
use super::words::{self, compact};
use super::{Change, Cite, RuleChange, Side, StageRef, Stated, Which};
use crate::ir::{self, Vocabulary};
use crate::span::Span;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    kind: &'static str,
    place: String,
    ident: String,
    track: Option<String>,
    class: Option<String>,
}

/// Where an entry sorts: section, place, place within it, kind.
type Rank = (u8, usize, usize, u8);

struct Entry {
    rank: Rank,
    key: Key,
    subject: String,
    words: String,
    canon: Value,
    /// Citations as compared: (document, clause, phrase), sorted.
    cite_set: Vec<(Option<String>, String, String)>,
    cites: Vec<Cite>,
    line: usize,
    stage: Option<StageRef>,
}

/// What an entry is, before its rule's `for`, `when`, value and citations.
struct Spec {
    rank: Rank,
    kind: &'static str,
    place: String,
    ident: String,
    subject: String,
    stage: Option<StageRef>,
}

struct Builder<'a> {
    side: Side<'a>,
    which: Which,
    pairing: &'a Pairing,
    /// Canonical stage name -> its place in the order of the output.
    order: &'a BTreeMap<String, usize>,
    out: Vec<Entry>,
}

/// Remove every `span` from a serialised value, and read stage names through the pairing.
fn strip(v: Value, map: &dyn Fn(&str) -> Option<String>) -> Value {
    match v {
        Value::Object(m) => {
            let m: serde_json::Map<String, Value> = m
                .into_iter()
                .filter(|(k, _)| k != "span")
                .map(|(k, v)| (k, strip(v, map)))
                .collect();
            // A name (`Spanned<String>` without its span) that is a stage of this side.
            if let (1, Some(Value::String(s))) = (m.len(), m.get("value")) {
                if let Some(c) = map(s) {
                    return serde_json::json!({ "value": c });
                }
            }
            Value::Object(m)
        }
        Value::Array(a) => Value::Array(a.into_iter().map(|x| strip(x, map)).collect()),
        other => other,
    }
}

impl<'a> Builder<'a> {
    fn policy(&self) -> &'a ir::Policy {
        self.side.policy
    }

    fn line(&self, span: Span) -> usize {
        self.side.file.line_col(span.offset).0
    }

    fn canon<T: Serialize>(&self, v: &T) -> Value {
        let raw = serde_json::to_value(v).unwrap_or(Value::Null);
        let map = |s: &str| {
            self.pairing
                .is_stage(self.which, s)
                .then(|| self.pairing.canonical(self.which, s))
        };
        strip(raw, &map)
    }

    fn cites(&self, cs: &[ir::Citation]) -> Vec<Cite> {
        cs.iter()
            .map(|c| Cite {
                document: c.document.as_ref().map(|d| d.value.clone()),
                clause: c.clause.value.clone(),
                phrase: c.phrase.value.clone(),
                line: self.line(c.span),
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        spec: Spec,
        track: Option<&ir::Name>,
        class: Option<&ir::Name>,
        canon: Value,
        words: String,
        cites: Vec<Cite>,
        span: Span,
    ) {
        let track = track.map(|t| t.value.clone());
        let class = class.map(|c| c.value.clone());
        let mut subject = spec.subject;
        if let Some(t) = &track {
            subject.push_str(&format!(" for {t}"));
        }
        if let Some(c) = &class {
            subject.push_str(&format!(" when {c}"));
        }
        let mut cite_set: Vec<_> = cites
            .iter()
            .map(|c| (c.document.clone(), c.clause.clone(), c.phrase.clone()))
            .collect();
        cite_set.sort();
        let line = self.line(span);
        self.out.push(Entry {
            rank: spec.rank,
            key: Key {
                kind: spec.kind,
                place: spec.place,
                ident: spec.ident,
                track,
                class,
            },
            subject,
            words,
            canon,
            cite_set,
            cites,
            line,
            stage: spec.stage,
        });
    }

    fn push<T: Serialize>(&mut self, spec: Spec, rule: &ir::Rule<T>, words: String) {
        let canon = self.canon(&rule.value);
        let cites = self.cites(&rule.cites);
        self.add(
            spec,
            rule.track.as_ref(),
            rule.class.as_ref(),
            canon,
            words,
            cites,
            rule.span,
        );
    }

    /// Every rule of a list, each named within its kind by `ident`.
    fn each<T: Serialize>(
        &mut self,
        rules: &[ir::Rule<T>],
        base: &Spec,
        ident: impl Fn(&T) -> String,
        subject: impl Fn(&T) -> String,
        words: impl Fn(&T) -> String,
    ) {
        for r in rules {
            let spec = Spec {
                rank: base.rank,
                kind: base.kind,
                place: base.place.clone(),
                ident: ident(&r.value),
                subject: subject(&r.value),
                stage: base.stage.clone(),
            };
            self.push(spec, r, words(&r.value));
        }
    }

    fn stage_rank(&self, name: &str) -> usize {
        let c = self.pairing.canonical(self.which, name);
        self.order.get(&c).copied().unwrap_or(usize::MAX)
    }

    fn build(mut self) -> Vec<Entry> {
        let p = self.policy();
        self.meta(p);
        self.calendar(p);
        self.policy_lists(p);
        for s in &p.stages {
            self.stage(s);
        }
        for e in &p.escalations {
            self.escalation(e);
        }
        let base = spec((10, 0, 0, 0), "wait", "policy", "");
        self.each(
            &p.ombudsman_waits,
            &base,
            |w| w.ombudsman.value.word().to_string(),
            |w| format!("wait before {}", w.ombudsman.value),
            |w| words::wait(p, w),
        );
        let base = spec((11, 0, 0, 0), "unencoded", "policy", "");
        self.each(
            &p.unencoded,
            &base,
            |t| t.clone(),
            |t| format!("unencoded rule \"{t}\""),
            |_| String::new(),
        );
        self.out
    }

    fn meta(&mut self, p: &'a ir::Policy) {
        let name = self.canon(&p.name.value);
        let span = p.name.span;
        self.add(
            spec((0, 0, 0, 0), "policy", "policy", "policy name"),
            None,
            None,
            name,
            format!("\"{}\"", p.name.value),
            Vec::new(),
            span,
        );
        if let Some(r) = &p.source {
            let s = spec((0, 0, 0, 1), "source", "policy", "source document");
            self.push(s, r, format!("\"{}\"", r.value));
        }
        let base = spec((0, 0, 0, 2), "document", "policy", "");
        self.each(
            &p.documents,
            &base,
            |d| d.id.value.clone(),
            |d| format!("document `{}`", d.id.value),
            |d| format!("\"{}\"", d.path),
        );
        if let Some(r) = &p.version {
            let s = spec((0, 0, 0, 3), "version", "policy", "version");
            self.push(s, r, format!("\"{}\"", r.value));
        }
        if let Some(r) = &p.draft {
            let s = spec((0, 0, 0, 4), "draft", "policy", "draft");
            self.push(s, r, String::new());
        }
        if let Some(r) = &p.effective {
            let s = spec((0, 0, 0, 5), "effective", "policy", "effective date");
            self.push(s, r, r.value.to_string());
        }
        if let Some(r) = &p.reviewed {
            let s = spec((0, 0, 0, 6), "reviewed", "policy", "review date");
            self.push(s, r, r.value.describe());
        }
    }

    fn calendar(&mut self, p: &'a ir::Policy) {
        let c = &p.calendar;
        if let Some(r) = &c.region {
            let s = spec((1, 0, 0, 0), "region", "calendar", "calendar region");
            self.push(s, r, r.value.to_string());
        }
        if let Some(r) = &c.week {
            let s = spec((1, 0, 0, 1), "week", "calendar", "working week");
            self.push(s, r, format!("{} to {}", r.value.0, r.value.1));
        }
        if let Some(r) = &c.hours {
            let s = spec((1, 0, 0, 2), "hours", "calendar", "office hours");
            let (open, close) = r.value;
            self.push(
                s,
                r,
                format!("{} to {}", open.format("%H:%M"), close.format("%H:%M")),
            );
        }
        if let Some(r) = &c.out_of_hours {
            let s = spec(
                (1, 0, 0, 3),
                "out-of-hours",
                "calendar",
                "out-of-hours rule",
            );
            self.push(s, r, r.value.to_string());
        }
        if let Some(r) = &c.plain_days {
            let s = spec(
                (1, 0, 0, 4),
                "days-mean",
                "calendar",
                "what a bare \"days\" means",
            );
            let w = match r.value {
                ir::Unit::CalendarDays => "calendar days",
                _ => "working days",
            };
            self.push(s, r, w.to_string());
        }
        let base = spec((1, 0, 0, 5), "closed", "calendar", "");
        self.each(
            &c.closures,
            &base,
            |x| format!("{} {}", x.from, x.to),
            |x| {
                if x.from == x.to {
                    format!("closure day {}", x.from)
                } else {
                    format!("closure {} to {}", x.from, x.to)
                }
            },
            |x| {
                x.label
                    .as_ref()
                    .map(|l| format!("\"{l}\""))
                    .unwrap_or_default()
            },
        );
    }

    fn policy_lists(&mut self, p: &'a ir::Policy) {
        let base = spec((2, 0, 0, 0), "track", "policy", "");
        self.each(
            &p.tracks,
            &base,
            |t| t.name.value.clone(),
            |t| format!("track `{}`", t.name.value),
            words::track,
        );
        let base = spec((3, 0, 0, 0), "class", "policy", "");
        self.each(
            &p.classes,
            &base,
            |c| c.name.value.clone(),
            |c| format!("class `{}`", c.name.value),
            words::class,
        );
        let base = spec((4, 0, 0, 0), "route", "policy", "route");
        self.each(
            &p.routes,
            &base,
            |_| String::new(),
            |_| "route".into(),
            |r| words::route(r),
        );
        let base = spec((5, 0, 0, 0), "prefer", "policy", "");
        self.each(
            &p.preferences,
            &base,
            |x| format!("{} {}", x.preferred.value, x.over.value),
            |x| format!("prefer {} over {}", x.preferred.value, x.over.value),
            |_| String::new(),
        );
        let base = spec((6, 0, 0, 0), "accept", "policy", "time limit to complain");
        self.each(
            &p.acceptance,
            &base,
            |_| String::new(),
            |_| "time limit to complain".into(),
            |w| words::window(p, w),
        );
        let base = spec((7, 0, 0, 0), "exclude", "policy", "");
        self.each(
            &p.exclusions,
            &base,
            |e| e.kind.value.word().to_string(),
            |e| format!("exclusion `{}`", e.kind.value),
            |e| {
                // The kind is in the subject; the words are the rest.
                let all = words::exclusion(e);
                all.strip_prefix(e.kind.value.word())
                    .map(|r| r.trim_start_matches([',', ' ']).to_string())
                    .unwrap_or(all)
            },
        );
    }

    fn stage(&mut self, s: &'a ir::Stage) {
        let p = self.policy();
        let name = s.name.value.as_str();
        let place = format!("stage:{}", self.pairing.canonical(self.which, name));
        let rank = self.stage_rank(name);
        let role = s.role.as_ref().map(|r| r.value);
        let label = stages::label(p, name);
        let sref = Some(self.pairing.stage_ref(self.which, name, role));
        let at = |k: u8, kind: &'static str, what: &str| Spec {
            rank: (8, rank, 0, k),
            kind,
            place: place.clone(),
            ident: String::new(),
            subject: if what.is_empty() {
                label.clone()
            } else {
                format!("{label} {what}")
            },
            stage: sref.clone(),
        };
        // The block itself: a rename, a new title or role is a change to it.
        let mut block = format!("`{name}`");
        if let Some(t) = &s.title {
            block.push_str(&format!(" \"{t}\""));
        }
        match role {
            Some(r) => block.push_str(&format!(" role {r}")),
            None => block.push_str(" (no role)"),
        }
        let canon = serde_json::json!({ "name": name, "title": s.title, "role": role });
        self.add(
            at(0, "stage", ""),
            None,
            None,
            canon,
            block,
            Vec::new(),
            s.span,
        );
        let w = |w: &ir::Window| words::window(p, w);
        self.each(
            &s.acknowledge,
            &at(1, "acknowledge", "acknowledgement"),
            |_| String::new(),
            |_| format!("{label} acknowledgement"),
            w,
        );
        self.each(
            &s.respond,
            &at(2, "respond", "response"),
            |_| String::new(),
            |_| format!("{label} response"),
            w,
        );
        self.each(
            &s.milestones,
            &at(3, "milestone", "milestone"),
            |m| m.label.clone(),
            |m| format!("{label} milestone \"{}\"", m.label),
            |m| words::window(p, &m.window),
        );
        self.each(
            &s.extensions,
            &at(4, "extend", "extension"),
            |_| String::new(),
            |_| format!("{label} extension"),
            words::extension,
        );
        self.each(
            &s.pauses,
            &at(5, "pause", "pause"),
            |r| r.word().to_string(),
            |r| format!("{label} pause while {r}"),
            |_| String::new(),
        );
        self.each(
            &s.handlers,
            &at(6, "handler", "handler"),
            |_| String::new(),
            |_| format!("{label} handler"),
            words::handler,
        );
        self.letters(s, &at(7, "includes", ""), &label);
        let flags: [(&[ir::Rule<()>], &'static str, &str); 3] = [
            (&s.skippable, "may-be-skipped", "may be skipped"),
            (&s.ends_early, "may-end-here", "may end here"),
            (
                &s.start_by_agreement,
                "may-start-here",
                "may start here by agreement",
            ),
        ];
        for (i, (rules, kind, what)) in flags.into_iter().enumerate() {
            let k = 8 + u8::try_from(i).unwrap_or(0);
            self.each(
                rules,
                &at(k, kind, what),
                |_| String::new(),
                |_| format!("{label} {what}"),
                |_| String::new(),
            );
        }
        self.each(
            &s.unencoded,
            &at(11, "unencoded", ""),
            |t| t.clone(),
            |t| format!("{label} unencoded rule \"{t}\""),
            |_| String::new(),
        );
    }

    /// A letter may be described over several statements: read together per letter, track and
    /// class, as a set of items.
    fn letters(&mut self, s: &'a ir::Stage, base: &Spec, label: &str) {
        type Group<'g> = (
            ir::LetterKind,
            Option<&'g ir::Name>,
            Option<&'g ir::Name>,
            Vec<&'g ir::Rule<ir::Letter>>,
        );
        let mut groups: Vec<Group> = Vec::new();
        for r in &s.letters {
            let same = |g: &Group| {
                g.0 == r.value.letter
                    && g.1.map(|n| &n.value) == r.track.as_ref().map(|n| &n.value)
                    && g.2.map(|n| &n.value) == r.class.as_ref().map(|n| &n.value)
            };
            match groups.iter_mut().find(|g| same(g)) {
                Some(g) => g.3.push(r),
                None => groups.push((r.value.letter, r.track.as_ref(), r.class.as_ref(), vec![r])),
            }
        }
        for (letter, track, class, rules) in groups {
            let mut items: Vec<ir::ContentItem> = rules
                .iter()
                .flat_map(|r| r.value.items.iter().copied())
                .collect();
            items.sort();
            items.dedup();
            let what = match letter {
                ir::LetterKind::Acknowledgement => "acknowledgement letter",
                ir::LetterKind::Response => "response letter",
            };
            let cites = rules.iter().flat_map(|r| self.cites(&r.cites)).collect();
            let span = rules.first().map(|r| r.span).unwrap_or_default();
            let spec = Spec {
                rank: base.rank,
                kind: base.kind,
                place: base.place.clone(),
                ident: what.to_string(),
                subject: format!("{label} {what}"),
                stage: base.stage.clone(),
            };
            let canon = self.canon(&items);
            self.add(spec, track, class, canon, words::items(&items), cites, span);
        }
    }

    fn escalation(&mut self, e: &'a ir::Escalation) {
        let p = self.policy();
        let (from, to) = (e.from.value.as_str(), e.to.value.as_str());
        let place = format!(
            "escalation:{}->{}",
            self.pairing.canonical(self.which, from),
            self.pairing.canonical(self.which, to)
        );
        let rank = (9, self.stage_rank(from), self.stage_rank(to), 0);
        let between = format!(
            "from {} to {}",
            stages::label(p, from),
            stages::label(p, to)
        );
        let at = |k: u8, kind: &'static str, subject: String| Spec {
            rank: (rank.0, rank.1, rank.2, k),
            kind,
            place: place.clone(),
            ident: String::new(),
            subject,
            stage: None,
        };
        self.add(
            at(0, "escalate", format!("escalation {between}")),
            None,
            None,
            Value::Null,
            String::new(),
            Vec::new(),
            e.span,
        );
        let subject = format!("window to escalate {between}");
        self.each(
            &e.windows,
            &at(1, "escalation-window", subject.clone()),
            |_| String::new(),
            |_| subject.clone(),
            |w| words::window(p, w),
        );
        let subject = format!("reasons for escalating {between}");
        self.each(
            &e.reasons,
            &at(2, "reasons", subject.clone()),
            |_| String::new(),
            |_| subject.clone(),
            |r| r.word().to_string(),
        );
        let subject = format!("grounds to refuse escalation {between}");
        self.each(
            &e.refuse,
            &at(3, "refuse", subject.clone()),
            |_| String::new(),
            |_| subject.clone(),
            |g| words::refusal(g),
        );
        let subject = format!("new issues raised on escalation {between}");
        self.each(
            &e.new_issues_start,
            &at(4, "new-issues", subject.clone()),
            |_| String::new(),
            |_| subject.clone(),
            |n| format!("start at {}", stages::label(p, &n.value)),
        );
        let subject = format!("automatic escalation {between}");
        self.each(
            &e.automatic,
            &at(5, "automatic", subject.clone()),
            |_| String::new(),
            |_| subject.clone(),
            |_| "if overdue".to_string(),
        );
        self.each(
            &e.unencoded,
            &at(6, "unencoded", String::new()),
            |t| t.clone(),
            |t| format!("unencoded rule of the escalation {between} \"{t}\""),
            |_| String::new(),
        );
    }
}

fn spec(rank: Rank, kind: &'static str, place: &str, subject: &str) -> Spec {
    Spec {
        rank,
        kind,
        place: place.to_string(),
        ident: String::new(),
        subject: subject.to_string(),
        stage: None,
    }
}

fn stated(e: &Entry) -> Stated {
    Stated {
        words: e.words.clone(),
        line: e.line,
        cites: e.cites.clone(),
    }
}

/// How a stage is named on both sides, from the two entries of a pair.
fn merge_stage(old: &Entry, new: &Entry) -> Option<StageRef> {
    match (&old.stage, &new.stage) {
        (Some(o), Some(n)) => Some(StageRef {
            old: o.old.clone(),
            new: n.new.clone(),
            role: n.role.or(o.role),
        }),
        (o, n) => n.clone().or_else(|| o.clone()),
    }
}

fn change(kind: Change, old: Option<&Entry>, new: Option<&Entry>) -> Option<(Rank, RuleChange)> {
    let any = new.or(old)?;
    let summary = match (old, new) {
        (Some(o), Some(n)) => {
            let mut s = if o.canon == n.canon {
                n.words.clone()
            } else if o.words == n.words {
                format!("{} (changed in a way these words do not show)", n.words)
            } else {
                compact(&o.words, &n.words)
            };
            if o.cite_set != n.cite_set {
                if o.canon == n.canon {
                    s = if s.is_empty() {
                        "citations changed".into()
                    } else {
                        format!("{s} (unchanged); citations changed")
                    };
                } else {
                    s.push_str("; citations changed");
                }
            }
            s
        }
        (Some(o), None) if o.words.is_empty() => "removed".into(),
        (Some(o), None) => format!("removed ({})", o.words),
        (None, Some(n)) if n.words.is_empty() => "added".into(),
        (None, Some(n)) => format!("added ({})", n.words),
        (None, None) => return None,
    };
    let stage = match (old, new) {
        (Some(o), Some(n)) => merge_stage(o, n),
        _ => any.stage.clone(),
    };
    Some((
        any.rank,
        RuleChange {
            change: kind,
            kind: any.key.kind.to_string(),
            subject: any.subject.clone(),
            summary,
            stage,
            track: any.key.track.clone(),
            class: any.key.class.clone(),
            old: old.map(stated),
            new: new.map(stated),
        },
    ))
}

/// Pair the entries of one key: equal rules (citations too) first, then rules equal but for
/// their citations, then the rest in the order written.
fn pair(olds: &[&Entry], news: &[&Entry]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut used_old = vec![false; olds.len()];
    let mut used_new = vec![false; news.len()];
    let mut out = Vec::new();
    type Same<'f> = &'f dyn Fn(&Entry, &Entry) -> bool;
    let passes: [Same; 3] = [
        &|a, b| a.canon == b.canon && a.cite_set == b.cite_set,
        &|a, b| a.canon == b.canon,
        &|_, _| true,
    ];
    for same in passes {
        for (i, o) in olds.iter().enumerate() {
            if used_old.get(i).copied().unwrap_or(true) {
                continue;
            }
            let found = news
                .iter()
                .enumerate()
                .find(|(j, n)| !used_new.get(*j).copied().unwrap_or(true) && same(o, n));
            if let Some((j, _)) = found {
                if let (Some(a), Some(b)) = (used_old.get_mut(i), used_new.get_mut(j)) {
                    *a = true;
                    *b = true;
                }
                out.push((Some(i), Some(j)));
            }
        }
    }
    out.extend(
        used_old
            .iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(i, _)| (Some(i), None)),
    );
    out.extend(
        used_new
            .iter()
            .enumerate()
            .filter(|(_, u)| !**u)
            .map(|(j, _)| (None, Some(j))),
    );
    out
}

/// Every rule added, removed or changed, in the order of the policy: metadata, calendar,
/// tracks, routes, acceptance, exclusions, stages in order, escalations, waits, unencoded.
pub(super) fn diff(old: Side, new: Side, pairing: &Pairing) -> Vec<RuleChange> {
    // Stages in the old policy's order, then the new policy's new stages.
    let mut order = BTreeMap::new();
    for (i, s) in old.policy.stages.iter().enumerate() {
        order.insert(pairing.canonical(Which::Old, &s.name.value), i);
    }
    let n_old = old.policy.stages.len();
    for (j, s) in new.policy.stages.iter().enumerate() {
        order
            .entry(pairing.canonical(Which::New, &s.name.value))
            .or_insert(n_old + j);
    }
    let build = |side: Side<'_>, which| {
        Builder {
            side,
            which,
            pairing,
            order: &order,
            out: Vec::new(),
        }
        .build()
    };
    let olds = build(old, Which::Old);
    let news = build(new, Which::New);
    let mut keys: BTreeMap<&Key, (Vec<&Entry>, Vec<&Entry>)> = BTreeMap::new();
    for e in &olds {
        keys.entry(&e.key).or_default().0.push(e);
    }
    for e in &news {
        keys.entry(&e.key).or_default().1.push(e);
    }
    let mut changes: Vec<(Rank, RuleChange)> = Vec::new();
    for (o, n) in keys.values() {
        for (i, j) in pair(o, n) {
            let a = i.and_then(|i| o.get(i).copied());
            let b = j.and_then(|j| n.get(j).copied());
            let kind = match (a, b) {
                (Some(x), Some(y)) if x.canon == y.canon && x.cite_set == y.cite_set => continue,
                (Some(_), Some(_)) => Change::Changed,
                (Some(_), None) => Change::Removed,
                (None, Some(_)) => Change::Added,
                (None, None) => continue,
            };
            changes.extend(change(kind, a, b));
        }
    }
    changes.sort_by_key(|c| c.0);
    changes.into_iter().map(|(_, c)| c).collect()
}
