//! Stage 1 of the pipeline: text to syntax tree. It knows the grammar and nothing else: no
//! vocabulary, no names, no meaning. Errors come out as coded diagnostics in the language's
//! own words; pest's rule names never reach a user.

pub mod ast;
mod expected;
mod hints;
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

/// The most parse errors one run reports; past it the file is too far from the language for
/// more to help.
pub const MAX_ERRORS: usize = 50;

/// Each error after the first costs a parse of the whole file; past this many bytes parsed,
/// recovery stops, so that a huge broken file still fails quickly (a real policy of a few tens
/// of kilobytes never comes near it).
const RECOVERY_BUDGET: usize = 2 << 20;

/// Parse, stopping at the first error. Kept for callers that want one diagnostic; `parse_all`
/// reports every broken statement.
pub fn parse(file: &SourceFile) -> Result<ast::Policy, Box<Diagnostic>> {
    parse_all(file).map_err(|ds| {
        Box::new(ds.into_iter().next().unwrap_or_else(|| {
            Diagnostic::new(
                &codes::PARSE_SYNTAX,
                "this file does not follow the policy language",
                Span::new(0, 0),
                "here",
                "see docs/language.md",
            )
        }))
    })
}

/// Parse, or report every statement that does not parse (up to `MAX_ERRORS`), in file order.
///
/// A statement that fails is reported, skipped up to the next line that starts with a statement
/// keyword or the `}` that closes its block, and parsing goes on. An error that leaves the
/// file's blocks in doubt (a `{` or `}` missing, text after the policy) ends the run, because
/// everything after it would be reported against the wrong block.
pub fn parse_all(file: &SourceFile) -> Result<ast::Policy, Vec<Diagnostic>> {
    let text: &str = &file.text;
    if only_comments(text) {
        return Err(vec![Diagnostic::new(
            &codes::PARSE_EMPTY,
            "this file has no policy in it",
            Span::new(0, text.chars().next().map(char::len_utf8).unwrap_or(0)),
            "expected a policy here",
            "start the file with `policy \"Council name\" { ... }` (see docs/language.md)",
        )]);
    }
    pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
    let result = match parser::parse_pairs(text) {
        Ok(pair) => Ok(parser::build(pair)),
        Err(e) => Err(recover(text, &e)),
    };
    pest::set_call_limit(None);
    result
}

/// What parses and what does not, for tools that work on a file while it is being edited (an
/// outline, names to jump to): the syntax tree with every statement that does not parse left
/// out, and the diagnostics `parse_all` gives. The tree is `None` when the file is too broken
/// to tell its statements apart (a block that never closes, text after the policy).
pub fn parse_partial(file: &SourceFile) -> (Option<ast::Policy>, Vec<Diagnostic>) {
    match parse_all(file) {
        Ok(policy) => (Some(policy), Vec::new()),
        Err(diags) => {
            pest::set_call_limit(NonZeroUsize::new(CALL_LIMIT));
            let tree = parser::parse_recovering(&file.text).map(parser::build);
            pest::set_call_limit(None);
            (tree, diags)
        }
    }
}

fn error_position(e: &pest::error::Error<Rule>) -> usize {
    match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
}

/// Every error after the first: the statements that do not parse are found once with the
/// recovering grammar; then, statement by statement, the one holding the error is blanked out
/// (spaces, keeping every offset and line break) and the file parsed again, so that each
/// message is the one the strict grammar gives at that point, with the same tailored help.
fn recover(text: &str, first: &pest::error::Error<Rule>) -> Vec<Diagnostic> {
    let (d, fatal) = convert(text, first);
    let mut out = vec![d];
    if fatal {
        return out;
    }
    let Some(mut regions) = parser::error_regions(text) else {
        return out;
    };
    let mut masked = text.to_string();
    let mut pos = error_position(first);
    let mut parsed = 0;
    loop {
        let at = skip_blank(&masked, pos);
        let Some(i) = regions.iter().position(|r| r.offset <= at && at <= r.end()) else {
            break;
        };
        let region = regions.remove(i);
        if out.len() >= MAX_ERRORS || parsed + masked.len() > RECOVERY_BUDGET {
            let n = out.len();
            if let (Some(last), false) = (out.last_mut(), regions.is_empty()) {
                last.help.push_str(&format!(
                    " (redress stopped after {n} errors; correct these and check again for the rest)"
                ));
            }
            break;
        }
        blank(&mut masked, region);
        parsed += masked.len();
        let e = match parser::parse_pairs(&masked) {
            Ok(_) => break,
            Err(e) => e,
        };
        let (d, fatal) = convert(&masked, &e);
        out.push(d);
        if fatal {
            break;
        }
        pos = error_position(&e);
    }
    out
}

/// The first offset at or after `pos` that is not white space.
fn skip_blank(text: &str, pos: usize) -> usize {
    let rest = text.get(pos..).unwrap_or("");
    pos + (rest.len() - rest.trim_start().len())
}

/// Replace the text of `span` with spaces, keeping line breaks, so offsets do not move.
fn blank(text: &mut String, span: Span) {
    let Some(part) = text.get(span.offset..span.end()) else {
        return;
    };
    let spaces: String = part
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c.to_string(),
            _ => " ".repeat(c.len_utf8()),
        })
        .collect();
    text.replace_range(span.offset..span.end(), &spaces);
}

fn only_comments(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim_start_matches('\u{FEFF}').trim();
        t.is_empty() || t.starts_with('#')
    })
}

/// A token as a message may quote it: whole if short, else its start and an ellipsis, so
/// that a runaway line does not become a runaway message.
pub(crate) fn shorten(tok: &str) -> String {
    if tok.chars().count() <= 40 {
        return tok.to_string();
    }
    let start: String = tok.chars().take(30).collect();
    format!("{start}…")
}

/// The token at `pos`, as the author would name it.
fn found_at(text: &str, pos: usize) -> (String, Span) {
    let rest = text.get(pos..).unwrap_or("");
    let Some(c) = rest.chars().next() else {
        return ("the end of the file".into(), Span::new(pos, pos));
    };
    if c == '\n' || c == '\r' {
        return ("the end of the line".into(), Span::new(pos, pos));
    }
    if c.is_whitespace() {
        return ("a space".into(), Span::new(pos, pos + c.len_utf8()));
    }
    let len = if c.is_alphanumeric() || c == '-' || c == '_' {
        rest.find(|ch: char| !(ch.is_alphanumeric() || ch == '-' || ch == '_'))
            .unwrap_or(rest.len())
    } else {
        c.len_utf8()
    };
    let tok = rest.get(..len).unwrap_or("");
    (format!("`{}`", shorten(tok)), Span::new(pos, pos + len))
}

/// The word (or `->`) just before `pos`, to tailor help to what the author was writing.
fn previous_token(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("").trim_end();
    if before.ends_with("->") {
        return "->";
    }
    if before.ends_with('.') {
        return ".";
    }
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .map(|i| i + 1)
        .unwrap_or(0);
    before.get(start..).unwrap_or("")
}

/// Spaces before the first character of the line holding `offset`, and whether `offset` is
/// that first character.
fn indentation(text: &str, offset: usize) -> (usize, bool) {
    let line_start = text
        .get(..offset)
        .and_then(|b| b.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let line = text.get(line_start..).unwrap_or("");
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    (indent, line_start + indent == offset)
}

/// The `{` most likely left open when the text ends inside a block, skipping strings and
/// comments. Braces pair up from the inside, so a forgotten `}` shows up as a `}` at the
/// indentation of an outer block closing an inner one; that inner block is the one to point
/// at. Without such a clue, the last `{` still open.
fn unclosed_brace(text: &str) -> Option<usize> {
    let mut stack = Vec::new();
    let mut suspect = None;
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
                    if let Some(open) = stack.pop() {
                        let (close_indent, first_on_line) = indentation(text, i);
                        let (open_indent, _) = indentation(text, open);
                        if first_on_line && close_indent < open_indent && suspect.is_none() {
                            suspect = Some(open);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let last = stack.pop()?;
    Some(suspect.unwrap_or(last))
}

/// What a block header (`policy "x"`, `stage one "Title" role stage-1`, `escalate one -> two`,
/// `calendar`) starting at `pos` lacks, when the parser gave up at its first word: the
/// grammar's `{` and `->` are punctuation, not rules, so pest names the block's keyword instead
/// of them. Returns where the punctuation should be, what it is, and the header written so far.
fn header_problem(text: &str, pos: usize) -> Option<(usize, &'static str, &str)> {
    let rest = text.get(pos..)?;
    let kw_len = rest
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(rest.len());
    let kw = rest.get(..kw_len)?;
    let mut at = pos + kw_len;
    let skip_ws = |at: usize| {
        let r = text.get(at..).unwrap_or("");
        at + (r.len() - r.trim_start().len())
    };
    let name = |at: usize| {
        let r = text.get(at..).unwrap_or("");
        let n = r
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(r.len());
        (n > 0).then_some(at + n)
    };
    let string = |at: usize| -> Option<usize> {
        let r = text.get(at..)?;
        if !r.starts_with('"') {
            return Some(at);
        }
        let line = r.get(1..)?.split('\n').next().unwrap_or("");
        let close = line.find('"')?;
        Some(at + close + 2)
    };
    match kw {
        "policy" => at = string(skip_ws(at))?,
        "stage" => {
            at = string(skip_ws(name(skip_ws(at))?))?;
            // `role WORD` after the title is part of the header.
            let role = skip_ws(at);
            let after = text.get(role..)?;
            if after.starts_with("role")
                && !after
                    .get(4..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                at = name(skip_ws(role + 4)).unwrap_or(role + 4);
            }
        }
        "escalate" => {
            at = name(skip_ws(at))?;
            let arrow = skip_ws(at);
            if !text.get(arrow..)?.starts_with("->") {
                return Some((arrow, "->", text.get(pos..at)?));
            }
            at = name(skip_ws(arrow + 2))?;
        }
        "calendar" => {}
        _ => return None,
    }
    let brace = skip_ws(at);
    if text.get(brace..)?.starts_with('{') {
        return None;
    }
    Some((at, "{", text.get(pos..at)?))
}

/// The keyword that opens the block whose `{` is at `open` (`stage`, `escalate`, ...).
fn block_name(text: &str, open: usize) -> Option<&'static str> {
    let (indent, _) = indentation(text, open);
    let line_start = text
        .get(..open)
        .and_then(|b| b.rfind('\n'))
        .map(|i| i + 1)
        .unwrap_or(0);
    let first = text
        .get(line_start + indent..open)
        .and_then(|l| l.split_whitespace().next())?;
    ["policy", "calendar", "stage", "escalate"]
        .into_iter()
        .find(|b| *b == first)
}

/// If a `"` at `pos` opens a text that the line never closes, the end of that line.
fn unterminated_string(text: &str, pos: usize) -> Option<usize> {
    let rest = text.get(pos..)?;
    if !rest.starts_with('"') {
        return None;
    }
    let line = rest.get(1..)?.split('\n').next().unwrap_or("");
    let mut escaped = false;
    for c in line.chars() {
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return None,
            _ => {}
        }
    }
    Some(pos + 1 + line.trim_end().len())
}

/// A pest error in the language's own words, and whether it is fatal: an error that leaves the
/// file's blocks in doubt, after which no further error could be trusted.
fn convert(text: &str, e: &pest::error::Error<Rule>) -> (Diagnostic, bool) {
    let pos = error_position(e);
    match &e.variant {
        ErrorVariant::CustomError { message } if message.contains("call limit") => (
            Diagnostic::new(
                &codes::PARSE_TOO_COMPLEX,
                "this file is too tangled to parse in reasonable time",
                Span::new(pos, pos),
                "gave up here",
                "look for long runs of repeated or unclosed text near this point",
            ),
            true,
        ),
        ErrorVariant::CustomError { message } => (
            Diagnostic::new(
                &codes::PARSE_SYNTAX,
                message.clone(),
                Span::new(pos, pos),
                "here",
                "see docs/language.md for the statements the language has",
            ),
            true,
        ),
        ErrorVariant::ParsingError { positives, .. } => {
            let (found, span) = found_at(text, pos);
            let mut words: Vec<&str> = positives
                .iter()
                .filter_map(|r| expected::describe(*r))
                .collect();
            // Plain descriptions ("a number") before quoted words ("`later of`").
            words.sort_unstable_by_key(|w| (w.starts_with('`'), *w));
            words.dedup();
            let expected_text = match words.as_slice() {
                [] => "something else".to_string(),
                [one] => (*one).to_string(),
                [init @ .., last] => format!("{} or {}", init.join(", "), last),
            };
            if let Some(end) = unterminated_string(text, pos) {
                let curly = text
                    .get(pos..end)
                    .is_some_and(|t| t.contains(['\u{201c}', '\u{201d}']));
                let help = if curly {
                    "the text ends with a curly quote (”): close it with a straight double quote (\") instead"
                } else {
                    "add the closing `\"` before the end of the line; quoted text cannot run onto the next line"
                };
                let d = Diagnostic::new(
                    &codes::PARSE_SYNTAX,
                    "this quoted text has no closing `\"`",
                    Span::new(pos, end),
                    "the text starts here and is never closed",
                    help,
                );
                return (d, false);
            }
            if let Some(d) = hints::hint(text, pos) {
                return (d, false);
            }
            let raw = found.trim_matches('`').to_string();
            let previous = previous_token(text, pos);
            let ends_line = |at: usize| {
                let rest = text.get(at..).unwrap_or("");
                let line = rest.split('\n').next().unwrap_or("").trim();
                line.is_empty() || line.starts_with('#')
            };
            let full_stop = if previous == "." && positives.contains(&Rule::word) {
                Some(
                    text.get(..pos)
                        .unwrap_or("")
                        .trim_end()
                        .len()
                        .saturating_sub(1),
                )
            } else if raw == "." && ends_line(pos + 1) {
                Some(pos)
            } else {
                None
            };
            if let Some(dot) = full_stop {
                let d = Diagnostic::new(
                    &codes::PARSE_SYNTAX,
                    "statements do not end with a full stop",
                    Span::new(dot, dot + 1),
                    "remove this `.`",
                    "a `.` only joins a stage to its letter, as in `one.response`; a new statement simply starts on the next line",
                );
                return (d, false);
            }
            if let Some((at, missing, header)) = header_problem(text, pos) {
                let header = shorten(header);
                let d = if missing == "->" {
                    let (found, span) = found_at(text, at);
                    Diagnostic::new(
                        &codes::PARSE_SYNTAX,
                        format!("expected `->` after `{header}`, found {found}"),
                        span,
                        "`->` missing before this",
                        "write the stage escalated from, `->`, then the stage escalated to: `escalate one -> two { ... }`",
                    )
                } else {
                    let block = raw.as_str();
                    Diagnostic::new(
                        &codes::PARSE_SYNTAX,
                        format!("expected `{{` after `{header}`"),
                        Span::new(at, at),
                        "`{` missing here",
                        format!(
                            "add `{{` after `{header}`: a `{block}` block's statements go between `{{` and a closing `}}`"
                        ),
                    )
                };
                return (d, true);
            }
            if expected::starts_outer_statement(&raw, positives) {
                let open = unclosed_brace(text.get(..pos).unwrap_or(""));
                let block = open.and_then(|o| block_name(text, o)).unwrap_or("block");
                let mut d = Diagnostic::new(
                    &codes::PARSE_SYNTAX,
                    format!("`{raw}` cannot start inside a `{block}` block"),
                    span,
                    "starts inside the block above",
                    format!("add the `}}` that ends the `{block}` block before this line"),
                );
                if let Some(o) = open {
                    d = d.with_related(
                        Span::new(o, o + 1),
                        format!("this `{block}` block is never closed"),
                    );
                }
                return (d, true);
            }
            let targeted = expected::targeted_help(&raw, previous, positives);
            if found == "the end of the file" {
                if let Some(open) = unclosed_brace(text) {
                    let help = match block_name(text, open) {
                        Some(b) => format!(
                            "add the `}}` that ends this `{b}` block, on a line after its last statement"
                        ),
                        None => "add the missing `}`; every `policy`, `calendar`, `stage` and `escalate` block ends with one".to_string(),
                    };
                    let d = Diagnostic::new(
                        &codes::PARSE_SYNTAX,
                        "the file ends before this `{` is closed",
                        Span::new(open, open + 1),
                        "opened here, never closed",
                        help,
                    );
                    return (d, true);
                }
            }
            let expected_text = if words.len() > 4 {
                "a statement".to_string()
            } else {
                expected_text
            };
            let suggestion = match targeted {
                Some(_) => None,
                None => expected::keyword_suggestion(&raw, positives),
            };
            let help = match targeted {
                Some(help) => help,
                None if words.len() > 4 => format!(
                    "the statements allowed here are: {} (see docs/language.md)",
                    words.join("; ")
                ),
                None => format!("write {expected_text} here (see docs/language.md)"),
            };
            let help = match &suggestion {
                Some(k) => format!(
                    "did you mean `{k}`? `{raw}` is not a word of the language (docs/language.md \
                     lists its statements)"
                ),
                None => help,
            };
            let (message, label, fatal) = if positives.contains(&Rule::EOI) && positives.len() == 1
            {
                (
                    "unexpected text after the end of the policy".to_string(),
                    "the policy ended before this".to_string(),
                    true,
                )
            } else if found == "the end of the file" {
                (
                    format!("the file ends too early: expected {expected_text}"),
                    "file ends here".to_string(),
                    true,
                )
            } else {
                let label = match &suggestion {
                    Some(k) => format!("did you mean `{k}`?"),
                    None => "not expected here".to_string(),
                };
                (
                    format!("expected {expected_text}, found {found}"),
                    label,
                    false,
                )
            };
            (
                Diagnostic::new(&codes::PARSE_SYNTAX, message, span, label, help),
                fatal,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse_all(&SourceFile::new("t.policy", text)) {
            Ok(_) => Vec::new(),
            Err(ds) => ds.into_iter().map(|d| d.message).collect(),
        }
    }

    const GOOD: &str = "policy \"x\" {\n  track general ombudsman lgsco\n  route one\n  stage one role stage-1 {\n    respond within 10 working days of receipt\n  }\n}\n";

    #[test]
    fn a_valid_file_has_no_errors() {
        assert!(errors(GOOD).is_empty());
    }

    #[test]
    fn every_broken_statement_is_reported_once() {
        let text = GOOD
            .replace("  route one\n", "  rout one\n  trak x\n")
            .replace(
                "    respond within",
                "    acknowledge in 5 days\n    respond withn",
            );
        let got = errors(&text);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert!(got.iter().any(|m| m.contains("`rout`")), "{got:#?}");
        assert!(got.iter().any(|m| m.contains("`trak`")), "{got:#?}");
        assert!(got.iter().any(|m| m.contains("`in`")), "{got:#?}");
        assert!(got.iter().any(|m| m.contains("`withn`")), "{got:#?}");
    }

    #[test]
    fn a_statement_over_several_lines_is_skipped_whole() {
        let text = GOOD.replace(
            "  route one\n",
            "  route one\n  track housing\n    \"Housing\"\n    ombudsmn housing-ombudsman\n      cite \"1\" \"x\"\n",
        );
        let got = errors(&text);
        assert_eq!(got.len(), 1, "{got:#?}");
    }

    #[test]
    fn a_broken_block_header_takes_its_block_with_it() {
        let text = GOOD.replace("stage one role", "stage 1 role");
        let got = errors(&text);
        assert_eq!(got.len(), 1, "{got:#?}");
    }

    #[test]
    fn an_open_block_ends_the_run() {
        // The broken statement, then the unclosed `stage` block; nothing after it.
        let text = GOOD.replace("  route one\n", "  rout one\n").replace(
            "  }\n}\n",
            "\n  stage two role stage-2 {\n    respnd\n  }\n}\n",
        );
        let got = errors(&text);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(
            got.iter().any(|m| m.contains("cannot start inside")),
            "{got:#?}"
        );
    }

    #[test]
    fn the_first_error_is_the_one_parse_gives() {
        let text = GOOD.replace("  route one\n", "  rout one\n  trak x\n");
        let first = parse(&SourceFile::new("t.policy", text.as_str()))
            .err()
            .map(|d| d.message);
        assert_eq!(first.as_deref(), errors(&text).first().map(String::as_str));
    }

    #[test]
    fn reporting_stops_at_the_cap_and_says_so() {
        let body: String = (0..MAX_ERRORS + 5)
            .map(|i| format!("  bad {i}\n"))
            .collect();
        let text = format!("policy \"x\" {{\n{body}}}\n");
        let ds = parse_all(&SourceFile::new("t.policy", text))
            .err()
            .unwrap_or_default();
        assert_eq!(ds.len(), MAX_ERRORS);
        assert!(ds
            .last()
            .is_some_and(|d| d.help.contains("stopped after 50 errors")));
        assert!(ds.first().is_some_and(|d| !d.help.contains("stopped")));
    }

    fn first_error(stage_body: &str) -> String {
        let text = GOOD.replace(
            "    respond within 10 working days of receipt\n",
            &format!("{stage_body}\n"),
        );
        errors(&text).into_iter().next().unwrap_or_default()
    }

    #[test]
    fn misleading_mistakes_get_their_own_message() {
        let cases = [
            ("    respond within 1 day of one. response", "write `one.response`"),
            ("    respond within 1 day of one .response", "write `one.response`"),
            (
                "    respond within 1 day of receipt when complex for housing",
                "`for housing` comes before `when complex`",
            ),
            (
                "    respond within 1 day of receipt cite \"1\" \"x\" cite main \"2\" \"y\" when complex",
                "`when complex` comes before the statement's citations",
            ),
            (
                "    respond within 1 day of receipt\n    extend once, tell reasons, ombudsman, new-date",
                "join the notices of `tell` with `and`",
            ),
            (
                "    respond within 1 day of receipt for housing when complex, lapses",
                "`, lapses` comes before `for housing when complex`",
            ),
            ("    respond within 1 day of receipt // note", "comments start with `#`"),
            ("    respnd within 1 day of receipt", "found `respnd`"),
        ];
        for (body, want) in cases {
            let got = first_error(body);
            assert!(
                got.contains(want),
                "{body}\n  gave: {got}\n  wanted: {want}"
            );
        }
    }

    #[test]
    fn a_full_stop_before_the_next_statement_on_the_line_is_not_a_stage_event() {
        // `receipt. respond`: not `receipt.respond` written with a space.
        let got = first_error(
            "    acknowledge within 1 day of receipt. respond within 2 days of receipt",
        );
        assert!(!got.contains("no spaces"), "{got}");
    }

    #[test]
    fn the_partial_tree_keeps_what_parses() {
        let text = GOOD.replace("  route one\n", "  route one\n  trak x\n");
        let (tree, diags) = parse_partial(&SourceFile::new("t.policy", text));
        assert_eq!(diags.len(), 1);
        let items = tree.map(|t| t.items.len());
        assert_eq!(
            items,
            Some(3),
            "track, route and stage, without the broken line"
        );
    }
}
