//! Completion: the language's keywords (read from the grammar's `kw_` rules, so that the list
//! cannot drift from the parser), its vocabulary words (`ir::vocab`), and the policy's stage,
//! track and class names. After a word that only one vocabulary can follow (`role`,
//! `ombudsman`, `region`, `for`, `->`, ...) only that vocabulary is offered.

use lsp_types::{CompletionItem, CompletionItemKind};

use crate::ir::vocab::{
    ContentItem, EventWord, ExclusionKind, HandlerDuty, Notice, Ombudsman, OutOfHours, PauseReason,
    Reasons, Region, Role, StageEventKind, Vocabulary, Weekday,
};

const GRAMMAR: &str = include_str!("../../grammar/policy.pest");

/// Every keyword of the grammar (`kw_policy = @{ "policy" ~ !word_char }`), sorted.
pub fn keywords() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = GRAMMAR
        .lines()
        .filter(|l| l.starts_with("kw_"))
        .filter_map(|l| {
            let (_, rest) = l.split_once('"')?;
            let (word, _) = rest.split_once('"')?;
            Some(word)
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn words<V: Vocabulary>() -> (&'static str, Vec<&'static str>) {
    (V::WHAT, V::WORDS.iter().map(|(w, _)| *w).collect())
}

/// Every vocabulary: what it is called and its words.
pub fn vocabularies() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        words::<Region>(),
        words::<Ombudsman>(),
        words::<ExclusionKind>(),
        words::<EventWord>(),
        words::<StageEventKind>(),
        words::<Role>(),
        words::<Notice>(),
        words::<ContentItem>(),
        words::<HandlerDuty>(),
        words::<PauseReason>(),
        words::<Reasons>(),
        words::<OutOfHours>(),
        words::<Weekday>(),
    ]
}

/// The names a completion can offer, from the last text that parsed.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub stages: Vec<String>,
    pub tracks: Vec<String>,
    pub classes: Vec<String>,
}

fn item(label: &str, kind: CompletionItemKind, detail: &str) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: Some(detail.to_string()),
        ..CompletionItem::default()
    }
}

fn vocab_items<V: Vocabulary>() -> Vec<CompletionItem> {
    V::WORDS
        .iter()
        .map(|(w, _)| item(w, CompletionItemKind::ENUM_MEMBER, V::WHAT))
        .collect()
}

fn name_items(names: &[String], kind: CompletionItemKind, what: &str) -> Vec<CompletionItem> {
    names.iter().map(|n| item(n, kind, what)).collect()
}

fn stages(names: &Names) -> Vec<CompletionItem> {
    name_items(&names.stages, CompletionItemKind::CLASS, "stage")
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The tokens before the word being typed, nearest last: words, `->` and `,`, with comments
/// and strings left out of the line they end.
fn tokens_before(before: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in before.lines() {
        let line = match line.find('#') {
            Some(i) => line.get(..i).unwrap_or(""),
            None => line,
        };
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if c == '"' {
                let after = rest.get(1..).unwrap_or("");
                rest = match after.find('"') {
                    Some(i) => after.get(i + 1..).unwrap_or(""),
                    None => "",
                };
                out.push("\"\"");
            } else if rest.starts_with("->") {
                out.push("->");
                rest = rest.get(2..).unwrap_or("");
            } else if is_word_char(c) {
                let end = rest.find(|c: char| !is_word_char(c)).unwrap_or(rest.len());
                out.push(rest.get(..end).unwrap_or(""));
                rest = rest.get(end..).unwrap_or("");
            } else {
                if c == ',' || c == '{' || c == '}' {
                    out.push(rest.get(..1).unwrap_or(""));
                }
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
    }
    out
}

/// The completions at `offset` in `text`.
pub fn complete(text: &str, offset: usize, names: &Names) -> Vec<CompletionItem> {
    let before = text.get(..offset).unwrap_or("");
    // The word being typed, and what stands before it.
    let typed_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    let head = before.get(..typed_start).unwrap_or("");
    // `one.` : a stage event.
    if let Some(stem) = head.strip_suffix('.') {
        let stage_start = stem
            .char_indices()
            .rev()
            .take_while(|(_, c)| is_word_char(*c))
            .last()
            .map(|(i, _)| i);
        if stage_start.is_some() {
            return vocab_items::<StageEventKind>();
        }
    }
    let toks = tokens_before(head);
    let last = toks.last().copied().unwrap_or("");
    let second = toks.len().checked_sub(2).and_then(|i| toks.get(i)).copied();
    let by_context: Option<Vec<CompletionItem>> = match (second, last) {
        (_, "role") => Some(vocab_items::<Role>()),
        (_, "ombudsman") | (_, "before") => Some(vocab_items::<Ombudsman>()),
        (_, "region") => Some(vocab_items::<Region>()),
        (_, "exclude") => Some(vocab_items::<ExclusionKind>()),
        (_, "out-of-hours") => Some(vocab_items::<OutOfHours>()),
        (_, "reasons") => Some(vocab_items::<Reasons>()),
        (Some("pause"), "while") => Some(vocab_items::<PauseReason>()),
        (_, "tell") => Some(vocab_items::<Notice>()),
        (_, "includes") => Some(vocab_items::<ContentItem>()),
        (_, "week") => Some(vocab_items::<Weekday>()),
        (Some(w), "to") if Weekday::from_word(w).is_some() => Some(vocab_items::<Weekday>()),
        (_, "for") => Some(name_items(&names.tracks, CompletionItemKind::ENUM, "track")),
        (_, "when") => Some(name_items(
            &names.classes,
            CompletionItemKind::CONSTANT,
            "class",
        )),
        (_, "route") | (_, "escalate") | (_, "->") | (_, "not") => Some(stages(names)),
        (Some("senior"), "to") | (Some("issues"), "start") => Some(stages(names)),
        (_, "of") | (_, "from") | (_, "after") => {
            let mut v = vocab_items::<EventWord>();
            v.push(item(
                "occurrence or awareness",
                CompletionItemKind::ENUM_MEMBER,
                "start event",
            ));
            for s in &names.stages {
                for (k, _) in StageEventKind::WORDS {
                    v.push(item(
                        &format!("{s}.{k}"),
                        CompletionItemKind::EVENT,
                        "stage event",
                    ));
                }
            }
            Some(v)
        }
        _ => None,
    };
    if let Some(v) = by_context {
        return v;
    }
    let mut v: Vec<CompletionItem> = keywords()
        .into_iter()
        .map(|k| item(k, CompletionItemKind::KEYWORD, "keyword"))
        .collect();
    for (what, ws) in vocabularies() {
        v.extend(
            ws.into_iter()
                .map(|w| item(w, CompletionItemKind::ENUM_MEMBER, what)),
        );
    }
    v.extend(stages(names));
    v.extend(name_items(&names.tracks, CompletionItemKind::ENUM, "track"));
    v.extend(name_items(
        &names.classes,
        CompletionItemKind::CONSTANT,
        "class",
    ));
    // A word that is both a keyword and a vocabulary word (`acknowledgement`, `reasons`) is
    // offered once, as the first it was found as.
    let mut seen = std::collections::HashSet::new();
    v.retain(|i| seen.insert(i.label.clone()));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let names = Names {
            stages: vec!["one".into(), "two".into()],
            tracks: vec!["general".into(), "housing".into()],
            classes: vec!["complex".into()],
        };
        complete(text, text.len(), &names)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn keywords_come_from_the_grammar() {
        let k = keywords();
        for w in [
            "policy",
            "stage",
            "acknowledge",
            "escalate",
            "out-of-hours",
            "cite",
            "draft",
        ] {
            assert!(k.contains(&w), "{w} missing from {k:?}");
        }
        assert!(!k.iter().any(|w| w.starts_with("kw_")));
    }

    #[test]
    fn anywhere_offers_keywords_vocabulary_and_names() {
        let l = labels("policy \"x\" {\n  ");
        for w in [
            "stage",
            "track",
            "housing-ombudsman",
            "service-request",
            "one",
            "housing",
        ] {
            assert!(l.iter().any(|x| x == w), "{w} missing");
        }
    }

    #[test]
    fn each_word_is_offered_once() {
        let l = labels("policy \"x\" {\n  ");
        let once = |w: &str| l.iter().filter(|x| *x == w).count() == 1;
        assert!(once("acknowledgement") && once("reasons") && once("ombudsman"));
    }

    #[test]
    fn after_role_only_roles() {
        assert_eq!(
            labels("stage one \"Stage 1\" role st"),
            vec!["early-resolution", "stage-1", "stage-2", "stage-3"]
        );
    }

    #[test]
    fn after_for_the_tracks_and_after_arrow_the_stages() {
        assert_eq!(
            labels("respond within 5 working days for "),
            vec!["general", "housing"]
        );
        assert_eq!(labels("escalate one -> "), vec!["one", "two"]);
        assert_eq!(labels("route one, two for h"), vec!["general", "housing"]);
        assert_eq!(labels("handler \"x\", senior to "), vec!["one", "two"]);
    }

    #[test]
    fn after_a_stage_and_a_dot_the_stage_events() {
        assert_eq!(
            labels("within 20 working days of one.re"),
            vec![
                "acknowledgement",
                "response",
                "acknowledgement-due",
                "response-due"
            ]
        );
    }

    #[test]
    fn start_events_include_stage_events() {
        let l = labels("respond within 10 working days of ");
        assert!(l.contains(&"receipt".to_string()));
        assert!(l.contains(&"one.response".to_string()));
    }

    #[test]
    fn strings_and_comments_do_not_count() {
        // `role` inside a string is not the keyword.
        let l = labels("track general \"role\" ");
        assert!(l.contains(&"stage".to_string()));
        let l = labels("# role\n");
        assert!(l.contains(&"stage".to_string()));
    }
}
