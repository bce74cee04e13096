//! The one diagnostic type every stage emits, and the registry of codes.
//!
//! A diagnostic is data (code, message, span, label, help), independent of any source text, so
//! that parse, lowering and checks can all produce it and the renderers can show it as text or
//! JSON. Messages follow the house style: lowercase, no final full stop, the author's own words
//! in backticks, the vocabulary of complaints handling rather than of compilers.

use std::fmt;

use serde::Serialize;

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The policy has a meaning, but the source is ambiguous, stale or questionable.
    Warning,
    /// redress cannot give the policy one meaning (or the encoding is not faithful to its source).
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A stable diagnostic code. Codes are never renamed or reused: scripts match on them.
#[derive(Debug)]
pub struct Code {
    /// e.g. `redress::check::unknown_stage`
    pub name: &'static str,
    pub severity: Severity,
    /// One line for the list `redress explain` prints and the generated rule index.
    pub summary: &'static str,
    /// The documentation: for checks, the check's own source file, whose `//!` comment is the
    /// text `redress explain` prints; for parse and lowering codes, the text itself.
    pub doc: &'static str,
}

impl Code {
    /// The documentation text: the `//!` lines of a check file, or the plain doc text.
    pub fn documentation(&self) -> String {
        let inner: Vec<&str> = self
            .doc
            .lines()
            .take_while(|l| l.starts_with("//!") || l.trim().is_empty())
            .filter_map(|l| l.strip_prefix("//!"))
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        if inner.is_empty() {
            self.doc.trim().to_string()
        } else {
            inner.join("\n").trim().to_string()
        }
    }
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: &'static Code,
    pub message: String,
    pub span: Span,
    pub label: String,
    pub help: String,
    /// Further places worth showing ("first defined here").
    pub related: Vec<(Span, String)>,
    /// The help for the author of a draft (a policy with `draft`), where `help` speaks to
    /// someone encoding a council's published document ("if the source gives none, let this
    /// warning stand"). `crate::analyse` swaps it in; see `for_draft`.
    /// (Boxed: a diagnostic travels in many `Result`s, and this is rarely set.)
    pub draft_help: Option<Box<String>>,
}

impl Diagnostic {
    pub fn new(
        code: &'static Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            code,
            message: message.into(),
            span,
            label: label.into(),
            help: help.into(),
            related: Vec::new(),
            draft_help: None,
        }
    }

    pub fn with_related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    /// The help to give instead when the policy is a draft its author is still writing.
    pub fn with_draft_help(mut self, help: impl Into<String>) -> Self {
        self.draft_help = Some(Box::new(help.into()));
        self
    }

    /// This diagnostic as the author of a draft should read it: its draft help, if it has one,
    /// in place of its help.
    pub fn for_draft(mut self) -> Self {
        if let Some(help) = self.draft_help.take() {
            self.help = *help;
        }
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity
    }
}

/// Parse and input codes. Check codes live with their checks in `crate::check`.
pub mod codes {
    use super::{Code, Severity};

    pub const PARSE_SYNTAX: Code = Code {
        name: "redress::parse::syntax",
        severity: Severity::Error,
        summary: "the text does not follow the policy language",
        doc: "The parser met something it did not expect. The message says what it found and what \
              could come next at that point, in the language's own words.\n\nHow to fix: compare \
              the statement with the examples in docs/language.md.",
    };
    pub const PARSE_EMPTY: Code = Code {
        name: "redress::parse::empty",
        severity: Severity::Error,
        summary: "the file has no policy in it",
        doc: "The file is empty or holds only comments.\n\nHow to fix: start it with \
              `policy \"Council name\" { ... }`.",
    };
    pub const PARSE_NOT_UTF8: Code = Code {
        name: "redress::parse::not_utf8",
        severity: Severity::Error,
        summary: "the file is not UTF-8 text",
        doc: "Policy files must be UTF-8. The diagnostic points at the first byte that is not.\n\n\
              How to fix: save the file as UTF-8.",
    };
    pub const PARSE_BINARY: Code = Code {
        name: "redress::parse::binary",
        severity: Severity::Error,
        summary: "the file is binary, not a policy text",
        doc: "The file contains NUL bytes, so it is not text (a PDF or a word-processor file, \
              perhaps).\n\nHow to fix: encode the policy in the redress language in a plain \
              text file.",
    };
    pub const PARSE_TOO_LARGE: Code = Code {
        name: "redress::parse::too_large",
        severity: Severity::Error,
        summary: "the file is larger than any policy redress reads",
        doc: "redress refuses files over 1 MiB: real policies are a few kilobytes, and reading \
              something that large is almost always a mistake.\n\nHow to fix: check the path.",
    };
    pub const PARSE_TOO_COMPLEX: Code = Code {
        name: "redress::parse::too_complex",
        severity: Severity::Error,
        summary: "the file is too deeply tangled to parse in reasonable time",
        doc: "The parser gave up after a fixed amount of work so that hostile input cannot hang \
              it.\n\nHow to fix: check the file for a long run of unclosed braces or repeated \
              text.",
    };
    pub const LOWER_UNKNOWN_WORD: Code = Code {
        name: "redress::lower::unknown_word",
        severity: Severity::Error,
        summary: "a word that is not in the language's vocabulary",
        doc: "Regions, Ombudsmen, exclusion kinds, start events, letter contents, handler duties \
              and notices come from fixed vocabularies so that every tool reads them the same way. \
              The message lists the words allowed at that place and suggests the nearest.\n\n\
              How to fix: use one of the listed words; for an exclusion the vocabulary has no \
              word for, write `exclude other \"what it is\"`.",
    };
    pub const LOWER_INVALID_VALUE: Code = Code {
        name: "redress::lower::invalid_value",
        severity: Severity::Error,
        summary: "a date, time or number that cannot be right",
        doc: "A calendar date that does not exist (2026-02-30), a time such as 25:00, a number of \
              days too large to be a timescale, or a date range that ends before it starts.\n\n\
              How to fix: correct the value.",
    };
    pub const LOWER_DUPLICATE_SETTING: Code = Code {
        name: "redress::lower::duplicate_setting",
        severity: Severity::Error,
        summary: "a setting that may be given once is given twice",
        doc: "A policy has one source, one region, one set of office hours, and so on. When a \
              setting is repeated redress cannot tell which one the author meant.\n\nHow to fix: \
              keep one.",
    };
    pub const LOWER_CONTRADICTORY: Code = Code {
        name: "redress::lower::contradictory",
        severity: Severity::Error,
        summary: "a statement that contradicts itself",
        doc:
            "For example an extension that is both `up to 10 working days` and `without limit`.\n\n\
              How to fix: keep the part the source document says.",
    };
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use std::path::Path;

    use crate::source::SourceFile;

    /// Words in a help that assume the policy transcribes someone else's published document.
    const TRANSCRIBING: &[&str] = &[
        "let this warning stand",
        "the source gives",
        "the source says",
        "the source states",
        "the source names",
        "the source describes",
        "the source uses",
        "the source has",
        "the source does",
        "against the source",
        "in the source",
        "faithful",
    ];

    /// `redress explain` cites only what ships: provisions that are in `data/codes/`, and no
    /// outside summary.
    #[test]
    fn explanations_cite_provisions_that_exist() {
        let ids = |code: &str| -> Vec<String> {
            match crate::assess::codes::load(code) {
                Ok(c) => c.provisions.iter().map(|p| p.id.clone()).collect(),
                Err(e) => panic!("{e}"),
            }
        };
        let (ho, lgsco) = (ids("ho-2024"), ids("lgsco-2024"));
        let mut bad = Vec::new();
        for code in crate::registry::all() {
            let doc = code.documentation();
            if doc.contains("Codes summary") {
                bad.push(format!(
                    "{}: cites the Codes summary, which is not shipped",
                    code.name
                ));
            }
            for (prefix, known) in [("HO ", &ho), ("LGSCO ", &lgsco)] {
                for (at, _) in doc.match_indices(prefix) {
                    let rest = doc.get(at + prefix.len()..).unwrap_or("");
                    let id: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_digit() || *c == '.')
                        .collect();
                    let id = id.trim_end_matches('.');
                    if !id.is_empty() && !known.iter().any(|k| k == id) {
                        bad.push(format!("{}: {prefix}{id} is not in data/codes", code.name));
                    }
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }

    /// Every check fixture, made a draft, gets help that speaks to the draft's author.
    #[test]
    fn a_draft_gets_help_for_its_author() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/checks/check");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            panic!("cannot read {}", dir.display());
        };
        let mut bad = Vec::new();
        let mut seen = 0;
        for path in entries.flatten().map(|e| e.path()) {
            if path.extension().and_then(|e| e.to_str()) != Some("policy") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if text.contains("\n  draft\n") {
                continue;
            }
            // `draft` as the policy's first statement.
            let open = text
                .find("policy \"")
                .and_then(|p| text.get(p..)?.find('{').map(|b| p + b + 1));
            let Some((head, rest)) = open.and_then(|o| Some((text.get(..o)?, text.get(o..)?)))
            else {
                continue;
            };
            let draft = format!("{head}\n  draft{rest}");
            let a = crate::analyse(SourceFile::new(&path, draft));
            if a.policy.as_ref().is_some_and(|p| p.draft.is_none()) {
                bad.push(format!("{}: not read as a draft", path.display()));
            }
            for d in &a.diagnostics {
                seen += 1;
                if let Some(w) = TRANSCRIBING.iter().find(|w| d.help.contains(*w)) {
                    bad.push(format!(
                        "{} ({}): \"{w}\" in {}",
                        d.code.name,
                        path.display(),
                        d.help
                    ));
                }
            }
        }
        assert!(seen > 50, "only {seen} diagnostics looked at");
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
