//! Diagnostics for people, through miette.

use std::fmt;
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Columns the report is wrapped at, whatever the terminal.
pub const WIDTH: usize = 100;

/// A diagnostic joined to its file's text, as miette wants it.
struct WithSource<'a> {
    d: &'a Diagnostic,
    /// `None` when the text is not shown (see [`MAX_COLUMN`]).
    src: Option<NamedSource<Arc<str>>>,
}

/// Beyond this column the source line is not shown: miette cannot indent a label that far
/// (it panics past 65,535 columns), and a line that long is unreadable in a report anyway.
const MAX_COLUMN: usize = 10_000;

impl fmt::Debug for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for WithSource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for WithSource<'_> {}

impl miette::Diagnostic for WithSource<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.d.code.name))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity() {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.d.help))
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.src.as_ref()?;
        let primary = LabeledSpan::new_primary_with_span(Some(self.d.label.clone()), self.d.span);
        let related = self
            .d
            .related
            .iter()
            .map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), *s));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}

/// Render one diagnostic. `color` is for terminals; tests and pipes get plain text.
pub fn render(file: &SourceFile, d: &Diagnostic, color: bool) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(WIDTH)
        .with_links(false)
        // Vocabulary words are kebab-case (`same-day`, `england-and-wales`): never split them.
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false);
    let mut out = String::new();
    let spans = std::iter::once(d.span).chain(d.related.iter().map(|(s, _)| *s));
    let too_wide = spans
        .flat_map(|s| [s.offset, s.end()])
        .any(|o| file.line_col(o).1 > MAX_COLUMN);
    let w = WithSource {
        d,
        src: (!too_wide).then(|| file.named_source()),
    };
    if handler.render_report(&mut out, &w).is_err() {
        // Rendering into a String cannot fail in practice; fall back to one plain line.
        out = format!("{}: {} [{}]\n", d.severity(), d.message, d.code.name);
    }
    if too_wide {
        let (line, column) = file.line_col(d.span.offset);
        let at = format!(
            "  at {}:{line}:{column} (the line is too long to show)\n",
            file.name()
        );
        match out.find("\n  help:") {
            Some(i) => out.insert_str(i + 1, &at),
            None => out.push_str(&at),
        }
    }
    out
}
