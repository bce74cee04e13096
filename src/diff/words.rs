//! Rules in a few words, close to how the language writes them, for the lines of a diff. The
//! words are what a reader sees; whether two rules are the same is decided on the IR itself.

use super::stages;
use crate::ir::{self, Combine, Event, ExtensionLimit, RefusalGround, Vocabulary};

fn event(p: &ir::Policy, e: &Event) -> String {
    let stage = |n: &ir::Name| stages::label(p, &n.value);
    match e {
        Event::Receipt => "receipt".into(),
        Event::Acknowledgement => "acknowledgement".into(),
        Event::Escalation => "the escalation request".into(),
        Event::Occurrence => "occurrence".into(),
        Event::Awareness => "awareness".into(),
        Event::OccurrenceOrAwareness => "occurrence or awareness".into(),
        Event::FinalResponse => "the final response".into(),
        Event::StageResponse(s) => format!("the {} response", stage(s)),
        Event::StageAcknowledgement(s) => format!("the {} acknowledgement", stage(s)),
        Event::StageResponseDue(s) => format!("the {} response deadline", stage(s)),
        Event::StageAcknowledgementDue(s) => format!("the {} acknowledgement deadline", stage(s)),
        Event::Unstated => "an unstated start".into(),
    }
}

pub(super) fn window(p: &ir::Policy, w: &ir::Window) -> String {
    let terms: Vec<String> = w
        .terms
        .iter()
        .map(|t| format!("{} from {}", t.duration, event(p, &t.from.value)))
        .collect();
    let mut s = match w.combine {
        Combine::Single => terms.join(", "),
        Combine::Later => format!("the later of {}", terms.join(" and ")),
        Combine::Earlier => format!("the earlier of {}", terms.join(" and ")),
    };
    if w.discretion {
        s.push_str(", with discretion");
    }
    if w.lapses {
        s.push_str(", lapses");
    }
    s
}

fn list<T: Vocabulary + PartialEq>(items: &[T], sep: &str) -> String {
    items.iter().map(|i| i.word()).collect::<Vec<_>>().join(sep)
}

pub(super) fn extension(e: &ir::Extension) -> String {
    let mut parts = vec![match e.limit {
        ExtensionLimit::UpTo { duration } => format!("up to {duration}"),
        ExtensionLimit::WithoutLimit => "without limit".into(),
        ExtensionLimit::Unstated => "no limit stated".into(),
    }];
    if e.more_with_good_reason {
        parts.push("more with good reason".into());
    }
    if e.once {
        parts.push("once".into());
    }
    if e.by_agreement {
        parts.push("by agreement".into());
    }
    if !e.tell.is_empty() {
        parts.push(format!("tell {}", list(&e.tell, " and ")));
    }
    for c in &e.tell_if {
        parts.push(format!("tell {} if \"{}\"", c.notice.word(), c.condition));
    }
    parts.join(", ")
}

pub(super) fn handler(h: &ir::Handler) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &h.role {
        parts.push(format!("\"{r}\""));
    }
    parts.extend(h.duties.iter().map(|d| d.word().to_string()));
    if h.not_subject {
        parts.push("not subject".into());
    }
    if h.senior_to_subject {
        parts.push("senior to subject".into());
    }
    parts.extend(h.not_same_as.iter().map(|n| format!("not {}", n.value)));
    parts.extend(h.senior_to.iter().map(|n| format!("senior to {}", n.value)));
    if parts.is_empty() {
        "no detail".into()
    } else {
        parts.join(", ")
    }
}

pub(super) fn items(items: &[ir::ContentItem]) -> String {
    list(items, ", ")
}

pub(super) fn refusal(grounds: &[RefusalGround]) -> String {
    grounds
        .iter()
        .map(|g| match g {
            RefusalGround::Excluded => "excluded".to_string(),
            RefusalGround::Kind(k) => k.word().to_string(),
            RefusalGround::Stated(s) => format!("\"{s}\""),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) fn wait(p: &ir::Policy, w: &ir::OmbudsmanWait) -> String {
    format!("{} after {}", w.duration, event(p, &w.after.value))
}

pub(super) fn exclusion(e: &ir::Exclusion) -> String {
    let mut s = e.kind.value.word().to_string();
    if let Some(l) = &e.label {
        s.push_str(&format!(" \"{l}\""));
    }
    if let Some(r) = &e.refer {
        s.push_str(&format!(", refer \"{r}\""));
    }
    s
}

/// A track's label and Ombudsman (its name is the subject).
pub(super) fn track(t: &ir::Track) -> String {
    let o = match &t.ombudsman {
        Some(o) => format!("ombudsman {}", o.value),
        None => "no ombudsman".to_string(),
    };
    match &t.label {
        Some(l) => format!("\"{l}\", {o}"),
        None => o,
    }
}

pub(super) fn class(c: &ir::Class) -> String {
    match &c.label {
        Some(l) => format!("{} \"{l}\"", c.name.value),
        None => c.name.value.clone(),
    }
}

pub(super) fn route(r: &[ir::Name]) -> String {
    r.iter()
        .map(|n| n.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Words split at spaces, a quoted text kept whole.
fn tokens(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for w in s.split(' ') {
        match out.last_mut() {
            Some(last) if open => {
                last.push(' ');
                last.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
        if w.matches('"').count() % 2 == 1 {
            open = !open;
        }
    }
    out
}

/// "25 working days from acknowledgement" and "20 working days from acknowledgement" as
/// "25 -> 20 working days from acknowledgement": the words both share at the start and the
/// end are written once. Without shared words at the end (a change there reads badly cut),
/// or where one side's middle is empty, the two are written whole.
pub(super) fn compact(old: &str, new: &str) -> String {
    let a = tokens(old);
    let b = tokens(new);
    let (a, b): (Vec<&str>, Vec<&str>) = (
        a.iter().map(String::as_str).collect(),
        b.iter().map(String::as_str).collect(),
    );
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let mid = |v: &[&str]| {
        v.get(prefix..v.len() - suffix)
            .map(|m| m.join(" "))
            .unwrap_or_default()
    };
    let (ma, mb) = (mid(&a), mid(&b));
    if suffix == 0 || ma.is_empty() || mb.is_empty() {
        return format!("{old} -> {new}");
    }
    let head = a.get(..prefix).map(|h| h.join(" ")).unwrap_or_default();
    let tail = a
        .get(a.len() - suffix..)
        .map(|t| t.join(" "))
        .unwrap_or_default();
    [head, format!("{ma} -> {mb}"), tail]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::compact;

    #[test]
    fn shared_words_are_written_once() {
        assert_eq!(
            compact(
                "25 working days from acknowledgement",
                "20 working days from acknowledgement"
            ),
            "25 -> 20 working days from acknowledgement"
        );
        assert_eq!(
            compact(
                "up to 10 working days, tell reasons",
                "up to 20 working days, tell reasons"
            ),
            "up to 10 -> 20 working days, tell reasons"
        );
        assert_eq!(compact("\"3.0\"", "\"4.0\""), "\"3.0\" -> \"4.0\"");
        // One side's middle is empty: both written whole.
        assert_eq!(
            compact("5 working days", "5 working days, with discretion"),
            "5 working days -> 5 working days, with discretion"
        );
        assert_eq!(compact("one", "one, two"), "one -> one, two");
        // A quoted text is one word.
        assert_eq!(
            compact("\"Marshbury Council\"", "\"Northfold Borough Council\""),
            "\"Marshbury Council\" -> \"Northfold Borough Council\""
        );
        assert_eq!(
            compact(
                "`one` \"Stage 1\" role stage-1",
                "`one` \"Stage 1: service\" role stage-1"
            ),
            "`one` \"Stage 1\" -> \"Stage 1: service\" role stage-1"
        );
    }
}
