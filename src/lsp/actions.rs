//! Quick fixes: every diagnostic whose help says "did you mean `X`" becomes a code action that
//! replaces the text the diagnostic labels with `X`. The suggestion is read from the help, so
//! any check, lowering or parse message that offers one gets its fix without further wiring.

use crate::diagnostic::Diagnostic;

/// The words a help text suggests: `X` in "did you mean `X`?", and `Y` in "did you mean `X` or
/// `Y`?" (or "`X`, `Y`").
pub fn suggestions(help: &str) -> Vec<String> {
    let mut out = Vec::new();
    let Some((_, rest)) = help.split_once("did you mean `") else {
        return out;
    };
    let mut rest = Some(rest);
    while let Some((word, after)) = rest.and_then(|r| r.split_once('`')) {
        if !word.is_empty() && !out.iter().any(|w| w == word) {
            out.push(word.to_string());
        }
        rest = after
            .strip_prefix(" or `")
            .or_else(|| after.strip_prefix(", `"))
            .or_else(|| after.strip_prefix(", or `"));
    }
    out
}

/// The replacements a diagnostic offers: the suggestions, when it labels some text that differs
/// from them.
pub fn fixes(d: &Diagnostic, text: &str) -> Vec<String> {
    if d.span.length == 0 {
        return Vec::new();
    }
    let current = text.get(d.span.offset..d.span.end()).unwrap_or("");
    suggestions(&d.help)
        .into_iter()
        .filter(|s| s != current)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_suggestion() {
        assert_eq!(
            suggestions("did you mean `two`? The stages defined are `one`, `two`"),
            vec!["two"]
        );
    }

    #[test]
    fn several_suggestions() {
        assert_eq!(
            suggestions("did you mean `respond` or `reasons`?"),
            vec!["respond", "reasons"]
        );
        assert_eq!(
            suggestions("did you mean `a`, `b`, or `c`?"),
            vec!["a", "b", "c"]
        );
    }

    #[test]
    fn no_suggestion() {
        assert!(suggestions("the stages defined are `one`").is_empty());
        assert!(suggestions("").is_empty());
    }
}
