//! Byte spans into a policy file. Every AST and IR node carries one so that any later stage
//! can point a diagnostic at the text the author wrote, without holding on to the parser.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[offset, offset + length)` into the policy text.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct Span {
    pub offset: usize,
    pub length: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            offset: start,
            length: end.saturating_sub(start),
        }
    }

    pub fn end(&self) -> usize {
        self.offset + self.length
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.offset.min(other.offset), self.end().max(other.end()))
    }
}

impl From<Span> for miette::SourceSpan {
    fn from(s: Span) -> Self {
        (s.offset, s.length).into()
    }
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}
