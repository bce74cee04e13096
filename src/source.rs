//! A policy file as read from disk: its display name and its text, held once and shared.
//! Reading decides nothing about the content beyond what must be true for parsing to start
//! (readable, UTF-8, not binary, not enormous); those refusals are diagnostics too.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use miette::NamedSource;

use crate::diagnostic::Diagnostic;
use crate::span::Span;

/// The largest policy file redress reads. Real policies are a few kilobytes; anything this
/// large is a mistake (a PDF, a log) and parsing it would only waste time.
pub const MAX_POLICY_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The path as the user gave it (or as found under a directory they gave).
    pub path: PathBuf,
    pub text: Arc<str>,
    /// Byte offsets where lines start, built on first use, so that placing many diagnostics
    /// in a large file does not rescan it from the top each time.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    pub fn named_source(&self) -> NamedSource<Arc<str>> {
        NamedSource::new(self.name(), self.text.clone())
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The number of line starts at or before the offset is the line number.
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map(|t| t.chars().count())
            .unwrap_or_else(|| {
                // An offset inside a character: count the characters that start before it.
                self.text
                    .get(line_start..)
                    .unwrap_or("")
                    .char_indices()
                    .take_while(|(i, _)| line_start + i < offset)
                    .count()
            })
            + 1;
        (line, column)
    }

    /// The text a span covers ("" if the span is out of range).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.offset..span.end()).unwrap_or("")
    }
}

/// Why a file could not be handed to the parser.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read at all: a usage or I/O problem (exit code 2).
    Io(String),
    /// The file was read but is not a policy text: a coded diagnostic (exit code 1).
    Content(SourceFile, Box<Diagnostic>),
}

/// Read a policy file, refusing binary, non-UTF-8 and enormous input with coded diagnostics.
pub fn load(path: &Path) -> Result<SourceFile, LoadError> {
    use crate::files::{read_limited, ReadError};
    match read_limited(path, MAX_POLICY_BYTES as u64) {
        Ok(bytes) => from_bytes(path, &bytes),
        Err(ReadError::TooLarge { len, .. }) => Err(too_large(path, len)),
        Err(e) => Err(LoadError::Io(format!(
            "cannot read `{}`: {e}",
            path.display()
        ))),
    }
}

/// A policy file over the size limit, told before it is read.
fn too_large(path: &Path, len: u64) -> LoadError {
    use crate::diagnostic::codes;
    LoadError::Content(
        SourceFile::new(path, ""),
        Box::new(Diagnostic::new(
            &codes::PARSE_TOO_LARGE,
            format!(
                "this file is {len} bytes, larger than any policy redress reads ({MAX_POLICY_BYTES} bytes)"
            ),
            Span::default(),
            "file starts here",
            "check that this is a redress policy file; split a policy this large into one file per council",
        )),
    )
}

/// The checks of [`load`] on bytes already in memory (used by tests and by `load`).
pub fn from_bytes(path: &Path, bytes: &[u8]) -> Result<SourceFile, LoadError> {
    use crate::diagnostic::codes;
    if bytes.len() > MAX_POLICY_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        // Show the readable text before the NUL byte, so the author sees what the file is.
        let before = bytes.get(..at).unwrap_or(&[]);
        let readable = match std::str::from_utf8(before) {
            Ok(t) => t,
            Err(e) => {
                std::str::from_utf8(before.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or("")
            }
        };
        let end = readable.len();
        // Then the rest of that line (at most 80 bytes), control bytes made visible, so there is
        // a character to point at.
        let rest = bytes.get(end..).unwrap_or(&[]);
        let line_end = rest
            .iter()
            .position(|&b| b == b'\n')
            .unwrap_or(rest.len())
            .min(80);
        let tail: String = String::from_utf8_lossy(rest.get(..line_end).unwrap_or(&[]))
            .chars()
            .map(|c| match c {
                '\0' => '\u{2400}',
                '\t' => c,
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect();
        let marked = tail.chars().next().map(char::len_utf8).unwrap_or(0);
        let file = SourceFile::new(path, format!("{readable}{tail}"));
        let (line, _) = file.line_col(end);
        let label = if end == at {
            "NUL byte here"
        } else {
            "unreadable byte here"
        };
        let diag = Diagnostic::new(
            &codes::PARSE_BINARY,
            format!("this is a binary file, not a policy text (line {line} has a NUL byte)"),
            Span::new(end, end + marked),
            label,
            "policy files are plain text: if this is a PDF or a word-processor file, write the policy \
             in the redress language in a plain text file",
        );
        return Err(LoadError::Content(file, Box::new(diag)));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let at = e.valid_up_to();
            // Show the readable part and the rest of that line, the bad bytes shown as the
            // replacement character, so the author can find them. The text before `at` is valid,
            // so offsets up to the first bad byte are those of the file.
            let valid = std::str::from_utf8(bytes.get(..at).unwrap_or(&[])).unwrap_or("");
            let rest = bytes.get(at..).unwrap_or(&[]);
            let line_end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
            let tail = String::from_utf8_lossy(rest.get(..line_end).unwrap_or(&[]));
            let bad_len = tail.chars().next().map(char::len_utf8).unwrap_or(0);
            let file = SourceFile::new(path, format!("{valid}{tail}"));
            let (line, _) = file.line_col(at);
            let diag = Diagnostic::new(
                &codes::PARSE_NOT_UTF8,
                format!("the file is not saved as UTF-8: line {line} has a character redress cannot read"),
                Span::new(at, at + bad_len),
                "not UTF-8",
                "save the file as UTF-8 (most editors offer this under \"Save with encoding\"); \
                 accented letters and curly quotes saved as Latin-1 or Windows-1252 look like this",
            );
            Err(LoadError::Content(file, Box::new(diag)))
        }
    }
}
