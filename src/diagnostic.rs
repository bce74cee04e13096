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
    pub draft_help: Option<String>,
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
        self.draft_help = Some(help.into());
        self
    }

    /// This diagnostic as the author of a draft should read it: its draft help, if it has one,
    /// in place of its help.
    pub fn for_draft(mut self) -> Self {
        if let Some(help) = self.draft_help.take() {
            self.help = help;
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
