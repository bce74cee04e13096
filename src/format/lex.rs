//! The tokens of a policy text that parsed, as the formatter needs them: words, quoted texts,
//! punctuation and comments, each with its byte range. The grammar already accepted the text,
//! so this lexer only has to find where tokens begin and end; it never judges them.

/// What kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A keyword, name, vocabulary word, number, date, month or time.
    Word,
    /// A quoted text, quotes included.
    Str,
    /// `{`, `}`, `,`, `.`, `->` (or any other character, which a parsed file does not have).
    Punct,
    /// `# ...` up to the end of its line (the line break not included).
    Comment,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// White space as the grammar has it (`WHITESPACE` in grammar/policy.pest).
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{FEFF}')
}

/// Characters that continue a word, a number, a date or a time.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')
}

pub(crate) fn lex(text: &str) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if is_space(c) {
            continue;
        }
        let mut end = start + c.len_utf8();
        let kind = match c {
            '#' => {
                while let Some(&(i, n)) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                }
                Kind::Comment
            }
            '"' => {
                let mut escaped = false;
                while let Some(&(i, n)) = chars.peek() {
                    if n == '\n' {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                    match (escaped, n) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => {}
                    }
                }
                Kind::Str
            }
            '-' if chars.peek().is_some_and(|&(_, n)| n == '>') => {
                end += 1;
                chars.next();
                Kind::Punct
            }
            c if is_word_char(c) => {
                while let Some(&(i, n)) = chars.peek() {
                    if !is_word_char(n) {
                        break;
                    }
                    end = i + n.len_utf8();
                    chars.next();
                }
                Kind::Word
            }
            _ => Kind::Punct,
        };
        toks.push(Tok { kind, start, end });
    }
    toks
}

/// A quoted text written back with the language's two escapes (`\"` and `\\`), from its value.
pub(crate) fn requote(token: &str) -> String {
    let inner = token
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(token);
    let mut value = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            value.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else {
            value.push(c);
        }
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<&str> {
        lex(text)
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or(""))
            .collect()
    }

    #[test]
    fn tokens() {
        assert_eq!(
            texts("escalate one -> two { within 2 months of one.response, discretion # x\n}"),
            [
                "escalate",
                "one",
                "->",
                "two",
                "{",
                "within",
                "2",
                "months",
                "of",
                "one",
                ".",
                "response",
                ",",
                "discretion",
                "# x",
                "}"
            ]
        );
        assert_eq!(
            texts(r#"hours 09:00 to 17:00 cite "a \"b\" \\" "c#d""#),
            [
                "hours",
                "09:00",
                "to",
                "17:00",
                "cite",
                r#""a \"b\" \\""#,
                "\"c#d\""
            ]
        );
    }

    #[test]
    fn requoting_keeps_the_value() {
        assert_eq!(requote(r#""a \"b\" \\ c""#), r#""a \"b\" \\ c""#);
        assert_eq!(requote("\"curly “x” ok\""), "\"curly “x” ok\"");
    }
}
