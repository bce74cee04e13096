//! Where stage, track and class names are written: each declaration (`stage one`, `track
//! housing`, `class complex`) and each use (`route one, two`, `escalate one -> two`, `for
//! housing`, `when complex`, `senior to one`, `not one`, `new issues start one`, events such as
//! `one.response`). Read from the syntax tree, so that it works while lowering still fails (a
//! misspelt vocabulary word stops the IR, not the outline).

use lsp_types::SymbolKind;

use crate::span::Span;
use crate::syntax::ast::{
    self, EscalateItem, Event, HandlerPart, Item, StageItem, Stmt, Window, Word,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameKind {
    Stage,
    Track,
    Class,
}

impl NameKind {
    pub fn word(self) -> &'static str {
        match self {
            NameKind::Stage => "stage",
            NameKind::Track => "track",
            NameKind::Class => "class",
        }
    }
}

/// One place a name is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub kind: NameKind,
    pub name: String,
    pub span: Span,
    /// The declaration itself (`stage one {`), not a use.
    pub declaration: bool,
}

/// Every name written in the policy, in the order of the text.
pub fn occurrences(policy: &ast::Policy) -> Vec<Occurrence> {
    let mut c = Collector::default();
    for item in &policy.items {
        c.item(item);
    }
    c.out.sort_by_key(|o| (o.span.offset, o.span.length));
    c.out
}

/// The occurrence under a byte offset (the end of a name counts, as an editor's cursor after
/// the last letter does).
pub fn at(occurrences: &[Occurrence], offset: usize) -> Option<&Occurrence> {
    occurrences
        .iter()
        .find(|o| o.span.offset <= offset && offset <= o.span.end())
}

/// The declarations of a name of a kind (more than one when it is declared twice, which
/// `check` reports).
pub fn declarations<'o>(
    occurrences: &'o [Occurrence],
    kind: NameKind,
    name: &str,
) -> Vec<&'o Occurrence> {
    occurrences
        .iter()
        .filter(|o| o.declaration && o.kind == kind && o.name == name)
        .collect()
}

/// Every occurrence of a name of a kind, declarations included or not.
pub fn references<'o>(
    occurrences: &'o [Occurrence],
    kind: NameKind,
    name: &str,
    include_declaration: bool,
) -> Vec<&'o Occurrence> {
    occurrences
        .iter()
        .filter(|o| o.kind == kind && o.name == name && (include_declaration || !o.declaration))
        .collect()
}

/// The names declared of a kind, in the order of the text, without repeats.
pub fn declared(occurrences: &[Occurrence], kind: NameKind) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for o in occurrences {
        if o.declaration && o.kind == kind && !out.contains(&o.name) {
            out.push(o.name.clone());
        }
    }
    out
}

#[derive(Default)]
struct Collector {
    out: Vec<Occurrence>,
}

impl Collector {
    fn push(&mut self, kind: NameKind, w: &Word, declaration: bool) {
        self.out.push(Occurrence {
            kind,
            name: w.value.clone(),
            span: w.span,
            declaration,
        });
    }

    fn scope<T>(&mut self, s: &Stmt<T>) {
        if let Some(t) = &s.for_track {
            self.push(NameKind::Track, t, false);
        }
        if let Some(c) = &s.when_class {
            self.push(NameKind::Class, c, false);
        }
    }

    fn event(&mut self, e: &Event) {
        if let Event::Stage { stage, .. } = e {
            self.push(NameKind::Stage, stage, false);
        }
    }

    fn window(&mut self, w: &Window) {
        for t in &w.terms {
            if let Some(e) = &t.event {
                self.event(e);
            }
        }
    }

    fn item(&mut self, item: &Item) {
        match item {
            Item::Track(s) => {
                self.push(NameKind::Track, &s.kind.name, true);
                self.scope(s);
            }
            Item::Class(s) => {
                self.push(NameKind::Class, &s.kind.name, true);
                self.scope(s);
            }
            Item::Route(s) => {
                for n in &s.kind {
                    self.push(NameKind::Stage, n, false);
                }
                self.scope(s);
            }
            Item::Accept(s) => {
                self.window(&s.kind);
                self.scope(s);
            }
            Item::Wait(s) => {
                self.event(&s.kind.after);
                self.scope(s);
            }
            Item::Stage(b) => {
                self.push(NameKind::Stage, &b.name, true);
                for i in &b.items {
                    self.stage_item(i);
                }
            }
            Item::Escalate(b) => {
                self.push(NameKind::Stage, &b.from, false);
                self.push(NameKind::Stage, &b.to, false);
                for i in &b.items {
                    self.escalate_item(i);
                }
            }
            Item::Source(s) => self.scope(s),
            Item::Version(s) | Item::Effective(s) | Item::Reviewed(s) | Item::Unencoded(s) => {
                self.scope(s)
            }
            Item::Draft(s) => self.scope(s),
            Item::Prefer(s) => self.scope(s),
            Item::Exclude(s) => self.scope(s),
            Item::Pause(s) => self.scope(s),
            Item::Calendar(_) => {}
        }
    }

    fn stage_item(&mut self, i: &StageItem) {
        match i {
            StageItem::Acknowledge(s) | StageItem::Respond(s) => {
                self.window(&s.kind);
                self.scope(s);
            }
            StageItem::Milestone(s) => {
                self.window(&s.kind.1);
                self.scope(s);
            }
            StageItem::Handler(s) => {
                for p in &s.kind {
                    if let HandlerPart::SeniorTo(n) | HandlerPart::Not(n) = p {
                        self.push(NameKind::Stage, n, false);
                    }
                }
                self.scope(s);
            }
            StageItem::Extend(s) => self.scope(s),
            StageItem::Pause(s) | StageItem::Unencoded(s) => self.scope(s),
            StageItem::Includes(s) => self.scope(s),
            StageItem::Skippable(s) | StageItem::EndsEarly(s) | StageItem::StartByAgreement(s) => {
                self.scope(s)
            }
        }
    }

    fn escalate_item(&mut self, i: &EscalateItem) {
        match i {
            EscalateItem::Within(s) => {
                self.window(&s.kind);
                self.scope(s);
            }
            EscalateItem::NewIssues(s) => {
                self.push(NameKind::Stage, &s.kind, false);
                self.scope(s);
            }
            EscalateItem::Reasons(s) | EscalateItem::Unencoded(s) => self.scope(s),
            EscalateItem::Refuse(s) => self.scope(s),
            EscalateItem::Automatic(s) => self.scope(s),
        }
    }
}

/// One entry of the document's outline, before conversion to protocol positions.
#[derive(Clone, Debug)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub span: Span,
    pub selection: Span,
    pub children: Vec<Symbol>,
}

/// The outline: the policy, and under it its tracks, classes, routes, stages (with their roles
/// and timescales) and escalations.
pub fn outline(policy: &ast::Policy, text: &str) -> Symbol {
    let slice = |s: Span| text.get(s.offset..s.end()).unwrap_or("").to_string();
    let window_symbol = |what: &str, s: &Stmt<Window>| Symbol {
        name: what.to_string(),
        detail: Some(slice(s.kind.span)),
        kind: SymbolKind::EVENT,
        span: s.span,
        selection: s.kind.span,
        children: Vec::new(),
    };
    let mut children = Vec::new();
    for item in &policy.items {
        match item {
            Item::Track(s) => children.push(Symbol {
                name: format!("track {}", s.kind.name.value),
                detail: track_detail(&s.kind),
                kind: SymbolKind::ENUM_MEMBER,
                span: s.span,
                selection: s.kind.name.span,
                children: Vec::new(),
            }),
            Item::Class(s) => children.push(Symbol {
                name: format!("class {}", s.kind.name.value),
                detail: s.kind.label.as_ref().map(|l| l.value.clone()),
                kind: SymbolKind::CONSTANT,
                span: s.span,
                selection: s.kind.name.span,
                children: Vec::new(),
            }),
            Item::Route(s) => {
                let stages: Vec<&str> = s.kind.iter().map(|n| n.value.as_str()).collect();
                let selection = s
                    .kind
                    .iter()
                    .map(|n| n.span)
                    .reduce(Span::join)
                    .unwrap_or(s.span);
                children.push(Symbol {
                    name: format!("route {}", stages.join(", ")),
                    detail: Some(match &s.for_track {
                        Some(t) => format!("for {}", t.value),
                        None => "every track without its own".into(),
                    }),
                    kind: SymbolKind::ARRAY,
                    span: s.span,
                    selection,
                    children: Vec::new(),
                });
            }
            Item::Stage(b) => {
                let mut steps = Vec::new();
                for i in &b.items {
                    match i {
                        StageItem::Acknowledge(s) => steps.push(window_symbol("acknowledge", s)),
                        StageItem::Respond(s) => steps.push(window_symbol("respond", s)),
                        StageItem::Milestone(s) => steps.push(Symbol {
                            name: format!("milestone \"{}\"", s.kind.0.value),
                            detail: Some(slice(s.kind.1.span)),
                            kind: SymbolKind::EVENT,
                            span: s.span,
                            selection: s.kind.1.span,
                            children: Vec::new(),
                        }),
                        _ => {}
                    }
                }
                let mut detail = Vec::new();
                if let Some(r) = &b.role {
                    detail.push(format!("role {}", r.value));
                }
                if let Some(t) = &b.title {
                    detail.push(t.value.clone());
                }
                children.push(Symbol {
                    name: format!("stage {}", b.name.value),
                    detail: (!detail.is_empty()).then(|| detail.join(" · ")),
                    kind: SymbolKind::CLASS,
                    span: b.span,
                    selection: b.name.span,
                    children: steps,
                });
            }
            Item::Escalate(b) => {
                let windows = b
                    .items
                    .iter()
                    .filter_map(|i| match i {
                        EscalateItem::Within(s) => Some(window_symbol("within", s)),
                        _ => None,
                    })
                    .collect();
                children.push(Symbol {
                    name: format!("escalate {} -> {}", b.from.value, b.to.value),
                    detail: None,
                    kind: SymbolKind::OPERATOR,
                    span: b.span,
                    selection: b.from.span.join(b.to.span),
                    children: windows,
                });
            }
            _ => {}
        }
    }
    Symbol {
        name: format!("policy \"{}\"", policy.name.value),
        detail: None,
        kind: SymbolKind::MODULE,
        span: policy.span,
        selection: policy.name.span,
        children,
    }
}

fn track_detail(t: &ast::Track) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(l) = &t.label {
        parts.push(l.value.clone());
    }
    if let Some(o) = &t.ombudsman {
        parts.push(format!("ombudsman {}", o.value));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    const TEXT: &str = r#"policy "T" {
  track general ombudsman lgsco
  track housing ombudsman housing-ombudsman
  class complex
  route one, two
  stage one role stage-1 {
    respond within 10 working days of receipt for housing when complex
  }
  stage two role stage-2 {
    handler "x", senior to one, not one
  }
  escalate one -> two {
    within 20 working days of one.response
    new issues start one
  }
}"#;

    fn occs() -> Vec<Occurrence> {
        match crate::syntax::parse(&SourceFile::new("t.policy", TEXT)) {
            Ok(p) => occurrences(&p),
            Err(d) => vec![Occurrence {
                kind: NameKind::Stage,
                name: d.message,
                span: Span::default(),
                declaration: false,
            }],
        }
    }

    #[test]
    fn every_use_of_a_stage_is_found() {
        let o = occs();
        let one: Vec<&str> = references(&o, NameKind::Stage, "one", true)
            .iter()
            .map(|o| TEXT.get(o.span.offset..o.span.end()).unwrap_or("?"))
            .collect();
        // route, stage block, senior to, not, escalate from, one.response, new issues start
        assert_eq!(one.len(), 7, "{o:?}");
        assert!(one.iter().all(|s| *s == "one"));
        let decl = declarations(&o, NameKind::Stage, "one");
        assert_eq!(decl.len(), 1);
        assert_eq!(references(&o, NameKind::Stage, "one", false).len(), 6);
    }

    #[test]
    fn tracks_and_classes_are_found() {
        let o = occs();
        assert_eq!(references(&o, NameKind::Track, "housing", true).len(), 2);
        assert_eq!(references(&o, NameKind::Class, "complex", true).len(), 2);
        assert_eq!(declared(&o, NameKind::Track), vec!["general", "housing"]);
    }

    #[test]
    fn the_name_under_the_cursor() {
        let o = occs();
        let at_response = TEXT.find("one.response").unwrap_or(0);
        let hit = at(&o, at_response + 2).map(|o| (o.kind, o.name.as_str()));
        assert_eq!(hit, Some((NameKind::Stage, "one")));
        // On `.response` itself: nothing.
        assert_eq!(at(&o, at_response + 6), None);
    }
}
