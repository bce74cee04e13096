//! Messages for mistakes whose plain "expected X, found Y" would mislead: the parser stops at
//! a word that is fine in itself, because of something the author wrote before it (`for` after
//! a `cite`, `,` between notices, a flag after `for`). Each hint reads the tokens around the
//! error and, when it recognises the mistake, says what to write instead.

use crate::diagnostic::{codes, Diagnostic};
use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Word,
    Text,
    Punct,
}

#[derive(Clone, Copy, Debug)]
struct Tok<'a> {
    kind: Kind,
    text: &'a str,
    start: usize,
}

impl Tok<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
    fn is(&self, word: &str) -> bool {
        self.kind == Kind::Word && self.text == word
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '-' || c == '_'
}

/// The tokens of `text` (words, quoted texts, punctuation), comments skipped. A quoted text
/// left open ends at the end of its line, as the grammar reads it.
fn lex(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() || c == '\u{FEFF}' {
            continue;
        }
        let mut end = i + c.len_utf8();
        let kind = if c == '#' {
            while it.next_if(|(_, d)| *d != '\n').is_some() {}
            continue;
        } else if c == '"' {
            let mut escaped = false;
            while let Some((j, d)) = it.peek().copied() {
                if d == '\n' {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
                match (escaped, d) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => break,
                    _ => {}
                }
            }
            Kind::Text
        } else if c.is_alphanumeric() || c == '_' {
            while let Some((j, d)) = it.peek().copied() {
                if !is_word_char(d) {
                    break;
                }
                end = j + d.len_utf8();
                it.next();
            }
            Kind::Word
        } else {
            if c == '-' || c == '/' {
                if let Some((j, d)) = it.peek().copied() {
                    if (c == '-' && d == '>') || (c == '/' && d == '/') {
                        end = j + d.len_utf8();
                        it.next();
                    }
                }
            }
            Kind::Punct
        };
        if let Some(t) = text.get(i..end) {
            out.push(Tok {
                kind,
                text: t,
                start: i,
            });
        }
    }
    out
}

/// How many lines before the error the hints look at: enough for a statement and its
/// citations, and no more, so that a hint costs the same at the end of a long file.
const LINES_BEFORE: usize = 30;

/// The tokens of the few lines before `pos`, and the tokens from `pos` to the end of its line
/// and the next. Lexing starts at the beginning of a line, where no quoted text or comment is
/// open (neither runs over a line break).
fn around(text: &str, pos: usize) -> (Vec<Tok<'_>>, Vec<Tok<'_>>) {
    let head = text.get(..pos).unwrap_or("");
    let start = head
        .rmatch_indices('\n')
        .nth(LINES_BEFORE)
        .map(|(i, _)| i + 1)
        .unwrap_or(0);
    let tail = text.get(pos..).unwrap_or("");
    let end = tail
        .match_indices('\n')
        .nth(1)
        .map(|(i, _)| pos + i)
        .unwrap_or(text.len());
    let mut before: Vec<Tok> = lex(text.get(start..end).unwrap_or(""))
        .into_iter()
        .map(|t| Tok {
            start: t.start + start,
            ..t
        })
        .collect();
    let split = before
        .iter()
        .position(|t| t.start >= pos)
        .unwrap_or(before.len());
    let after = before.split_off(split);
    (before, after)
}

fn same_line(text: &str, a: usize, b: usize) -> bool {
    text.get(a.min(b)..a.max(b))
        .is_some_and(|between| !between.contains('\n'))
}

/// `// a comment`: comments start with `#`.
fn slash_comment(after: &[Tok]) -> Option<Diagnostic> {
    let slashes = after.first().filter(|t| t.text == "//")?;
    Some(Diagnostic::new(
        &codes::PARSE_SYNTAX,
        "comments start with `#`, not `//`",
        Span::new(slashes.start, slashes.end()),
        "write `#` here",
        "replace `//` with `#`: a comment runs from `#` to the end of its line",
    ))
}

/// The letters of a stage that follow `STAGE.` in a start event.
const STAGE_EVENT_KINDS: &[&str] = &[
    "response",
    "acknowledgement",
    "response-due",
    "acknowledgement-due",
];

/// `one . response`, `one. response`, `one .response`: a stage event with spaces in it.
fn spaced_stage_event(text: &str, before: &[Tok], after: &[Tok]) -> Option<Diagnostic> {
    // The `.` is either the last token read or the first one not read.
    let (stage, dot, kind) = match (before, after) {
        ([.., s, d], [k, ..]) if d.text == "." => (s, d, k),
        ([.., s], [d, k, ..]) if d.text == "." => (s, d, k),
        _ => return None,
    };
    if stage.kind != Kind::Word
        || !STAGE_EVENT_KINDS.contains(&kind.text)
        || !same_line(text, stage.start, kind.start)
        || (dot.start == stage.end() && kind.start == dot.end())
    {
        return None;
    }
    let joined = format!("{}.{}", stage.text, kind.text);
    Some(Diagnostic::new(
        &codes::PARSE_SYNTAX,
        format!("write `{joined}` with no spaces around the `.`"),
        Span::new(stage.start, kind.end()),
        "spaces around the `.`",
        format!(
            "a start event at a stage is the stage's name, `.` and the event, written without \
             spaces: `{joined}`"
        ),
    ))
}

/// The start of the citations that end `before` (`cite [DOC] "clause" "phrase"`, repeated),
/// if it ends with one.
fn first_cite(before: &[Tok]) -> Option<usize> {
    let mut i = before.len();
    let mut first = None;
    loop {
        let texts = i >= 2
            && before.get(i - 1).is_some_and(|t| t.kind == Kind::Text)
            && before.get(i - 2).is_some_and(|t| t.kind == Kind::Text);
        if !texts {
            break;
        }
        if i >= 3 && before.get(i - 3).is_some_and(|t| t.is("cite")) {
            i -= 3;
        } else if i >= 4
            && before.get(i - 3).is_some_and(|t| t.kind == Kind::Word)
            && before.get(i - 4).is_some_and(|t| t.is("cite"))
        {
            i -= 4;
        } else {
            break;
        }
        first = before.get(i).map(|t| t.start);
    }
    first
}

/// `for TRACK` or `when CLASS` written after a statement's citations, or `for` after `when`.
fn scope_out_of_order(text: &str, before: &[Tok], after: &[Tok]) -> Option<Diagnostic> {
    let kw = after.first().filter(|t| t.is("for") || t.is("when"))?;
    let name = after.get(1).filter(|t| t.kind == Kind::Word);
    let end = name.map(|n| n.end()).unwrap_or(kw.end());
    let scope = text.get(kw.start..end).unwrap_or(kw.text);
    if let Some(cite) = first_cite(before) {
        let which = if kw.text == "for" {
            "`for TRACK` and `when CLASS` come"
        } else {
            "`when CLASS` comes"
        };
        return Some(
            Diagnostic::new(
                &codes::PARSE_SYNTAX,
                format!("`{scope}` comes before the statement's citations, not after them"),
                Span::new(kw.start, end),
                "written after a `cite`",
                format!(
                    "move `{scope}` up, before the first `cite`: a statement's {which} before \
                     its citations"
                ),
            )
            .with_related(Span::new(cite, cite + 4), "the citations start here"),
        );
    }
    // `when complex for housing`
    if kw.text == "for" {
        let n = before.len();
        let (when, class) = (before.get(n.checked_sub(2)?)?, before.get(n - 1)?);
        if when.is("when") && class.kind == Kind::Word {
            let when_scope = text.get(when.start..class.end()).unwrap_or("when");
            return Some(Diagnostic::new(
                &codes::PARSE_SYNTAX,
                format!("`{scope}` comes before `{when_scope}`"),
                Span::new(kw.start, end),
                "written after `when`",
                format!("write `{scope} {when_scope}`: a rule names its track, then its class"),
            ));
        }
    }
    None
}

/// `, discretion` or `, lapses` written after `for TRACK` or `when CLASS`.
fn flag_after_scope(text: &str, before: &[Tok], after: &[Tok]) -> Option<Diagnostic> {
    let comma = after.first().filter(|t| t.text == ",")?;
    let flag = after
        .get(1)
        .filter(|t| t.is("discretion") || t.is("lapses"))?;
    // Walk back over `for NAME` and `when NAME`.
    let mut i = before.len();
    while i >= 2
        && before.get(i - 1).is_some_and(|t| t.kind == Kind::Word)
        && before
            .get(i - 2)
            .is_some_and(|t| t.is("for") || t.is("when"))
    {
        i -= 2;
    }
    if i == before.len() {
        return None;
    }
    let scope_start = before.get(i)?.start;
    let scope_end = before.last()?.end();
    let scope = text.get(scope_start..scope_end)?;
    let flag_text = format!(", {}", flag.text);
    let line_start = text
        .get(..scope_start)
        .and_then(|b| b.rfind('\n'))
        .map(|n| n + 1)
        .unwrap_or(0);
    let head = text.get(line_start..scope_start).unwrap_or("").trim();
    let rewrite = if head.is_empty() {
        format!("{flag_text} {scope}")
    } else {
        format!("{head}{flag_text} {scope}")
    };
    Some(Diagnostic::new(
        &codes::PARSE_SYNTAX,
        format!("`{flag_text}` comes before `{scope}`"),
        Span::new(comma.start, flag.end()),
        format!("move this before `{scope}`"),
        format!(
            "a timescale's `, discretion` and `, lapses` follow it straight away, then `for` and \
             `when`: write `{rewrite}`"
        ),
    ))
}

/// What may follow a `,` in `extend`: another option, never a notice.
const EXTEND_OPTIONS: &[&str] = &["up", "without", "more", "once", "by", "tell"];

/// `tell reasons, new-date`: the notices of a `tell` are joined with `and`.
fn tell_with_commas(before: &[Tok], after: &[Tok]) -> Option<Diagnostic> {
    let found = after.first().filter(|t| t.kind == Kind::Word)?;
    if EXTEND_OPTIONS.contains(&found.text) {
        return None;
    }
    let (comma, rest) = before.split_last()?;
    if comma.text != "," {
        return None;
    }
    // Back over `WORD (and WORD)*` to `tell`; an earlier comma-separated notice is allowed
    // too (`tell reasons, ombudsman, new-date`).
    let mut notices = vec![found.text];
    let mut commas = vec![comma.start];
    let mut i = rest.len();
    loop {
        let t = rest.get(i.checked_sub(1)?)?;
        if t.is("tell") {
            break;
        }
        match t.kind {
            Kind::Word if t.text != "and" => notices.push(t.text),
            Kind::Word => {}
            Kind::Punct if t.text == "," => commas.push(t.start),
            _ => return None,
        }
        i -= 1;
    }
    notices.reverse();
    let mut d = Diagnostic::new(
        &codes::PARSE_SYNTAX,
        "join the notices of `tell` with `and`, not `,`",
        Span::new(comma.start, comma.start + 1),
        "write `and` here",
        format!(
            "write `tell {}`: in `extend`, a `,` starts another option (`up to ...`, `once`, \
             `by agreement`, ...), and `{}` is not one",
            notices.join(" and "),
            found.text
        ),
    );
    for c in commas.iter().skip(1) {
        d = d.with_related(Span::new(*c, c + 1), "and here");
    }
    Some(d)
}

/// A diagnostic for a mistake the plain message would misdescribe, if `pos` shows one.
pub(crate) fn hint(text: &str, pos: usize) -> Option<Diagnostic> {
    let (before, after) = around(text, pos);
    slash_comment(&after)
        .or_else(|| spaced_stage_event(text, &before, &after))
        .or_else(|| scope_out_of_order(text, &before, &after))
        .or_else(|| flag_after_scope(text, &before, &after))
        .or_else(|| tell_with_commas(&before, &after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexes_words_texts_and_punctuation() {
        let toks: Vec<&str> = lex("a-b \"x \\\" y\" one.response -> // # c\n}")
            .iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            toks,
            [
                "a-b",
                "\"x \\\" y\"",
                "one",
                ".",
                "response",
                "->",
                "//",
                "}"
            ]
        );
    }

    #[test]
    fn an_open_text_ends_at_its_line() {
        let toks = lex("\"open\nnext");
        assert_eq!(toks.len(), 2);
        assert_eq!(toks.get(1).map(|t| t.text), Some("next"));
    }
}
