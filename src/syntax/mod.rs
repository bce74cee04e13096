//! Stage 1 of the pipeline: text to syntax tree. It knows the grammar and nothing else: no
//! vocabulary, no names, no meaning. Errors come out as coded diagnostics in the language's
//! own words; pest's rule names never reach a user.

pub mod ast;
mod expected;
mod parser;

use std::num::NonZeroUsize;

use pest::error::{ErrorVariant, InputLocation};

use crate::diagnostic::{codes, Diagnostic};
use crate::source::SourceFile;
use crate::span::Span;
use parser::Rule;

/// A bound on parser work, so that hostile input fails quickly instead of hanging. A real
/// policy needs a few tens of thousands of calls; a megabyte of valid text a few million.
const CALL_LIMIT: usize = 50_000_000;

pub fn parse(file: &SourceFile) -> Result<ast::Policy, Box<Diagnostic>> {
    let text: &str = &file.text;
    if only_comments(text) {
        return Err(Box::new(Diagnostic::new(
            &codes::PARSE_EMPTY,
            "this file has no policy in it",
            Span::new(0, text.len().min(1)),
            "expected a policy here",
            "start the file with `policy \"Council name\" { ... }` (see docs/language.md)",
        )));
    }
    pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
    let result = parser::parse_pairs(text);
    pest::set_call_limit(None);
    match result {
        Ok(pair) => Ok(parser::build(pair)),
        Err(e) => Err(Box::new(convert(text, &e))),
    }
}

fn only_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim_start_matches('\u{FEFF}').trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// The token at `pos`, as the author would name it.
fn found_at(text: &str, pos: usize) -> (String, Span) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return ("the end of the file".into(), Span::new(pos, pos));
    };
    let len = if c.is_alphanumeric() || c == '-' || c == '_' {
        rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '_'))
            .unwrap_or(rest.len())
    } else {
        c.len_utf8()
    };
    let tok = rest.get(..len).unwrap_or("");
    (format!("`{tok}`"), Span::new(pos, pos + len))
}

/// The last `{` left open at the end of the text, skipping strings and comments.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut in_comment = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if in_comment {
            in_comment = c != '\n';
        } else if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') | (false, '\n') => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '#' => in_comment = true,
                '"' => in_string = true,
                '{' => stack.push(i),
                '}' => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    stack.pop()
}

fn convert(text: &str, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    };
    match &e.variant {
        ErrorVariant::CustomError { message } if message.contains("call limit") => Diagnostic::new(
            &codes::PARSE_TOO_COMPLEX,
            "this file is too tangled to parse in reasonable time",
            Span::new(pos, pos),
            "gave up here",
            "look for long runs of repeated or unclosed text near this point",
        ),
        ErrorVariant::CustomError { message } => Diagnostic::new(
            &codes::PARSE_SYNTAX,
            message.clone(),
            Span::new(pos, pos),
            "here",
            "see docs/language.md for the statements the language has",
        ),
        ErrorVariant::ParsingError { positives, .. } => {
            let (found, span) = found_at(text, pos);
            let mut words: Vec<&str> = positives
                .iter()
                .filter_map(|r| expected::describe(*r))
                .collect();
            words.sort_unstable();
            words.dedup();
            let expected_text = match words.as_slice() {
                [] => "something else".to_string(),
                [one] => (*one).to_string(),
                [init @ .., last] => format!("{} or {}", init.join(", "), last),
            };
            let raw = found.trim_matches('`').to_string();
            let help = expected::targeted_help(&raw, positives)
                .unwrap_or_else(|| format!("write {expected_text} here (see docs/language.md)"));
            if found == "the end of the file" {
                if let Some(open) = unclosed_brace(text) {
                    return Diagnostic::new(
                        &codes::PARSE_SYNTAX,
                        "the file ends before this `{` is closed",
                        Span::new(open, open + 1),
                        "opened here, never closed",
                        "add the missing `}`; every `policy`, `calendar`, `stage` and `escalate` block ends with one",
                    );
                }
            }
            let expected_text = if words.len() > 4 {
                "a statement".to_string()
            } else {
                expected_text
            };
            let help = if words.len() > 4 {
                format!(
                    "the statements allowed here are: {} (see docs/language.md)",
                    words.join("; ")
                )
            } else {
                help
            };
            let (message, label) = if positives.contains(&Rule::EOI) && positives.len() == 1 {
                (
                    "unexpected text after the end of the policy".to_string(),
                    "the policy ended before this".to_string(),
                )
            } else if found == "the end of the file" {
                (
                    format!("the file ends too early: expected {expected_text}"),
                    "file ends here".to_string(),
                )
            } else {
                (
                    format!("expected {expected_text}, found {found}"),
                    "not expected here".to_string(),
                )
            };
            Diagnostic::new(&codes::PARSE_SYNTAX, message, span, label, help)
        }
    }
}
