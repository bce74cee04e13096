//! The source document a policy encodes (a copy of the council's published text, or the
//! author's own draft), as far as checks need it: its text, and a normalised form for matching
//! citation phrases.
//!
//! This is the one place source documents are read. Authors keep them as they come: plain text
//! saved as UTF-8, plain text saved by Word or Notepad as Windows-1252, or a Word `.docx`. A
//! `.docx` is unzipped and its `word/document.xml` read: each paragraph becomes a line and the
//! runs of text in it are joined, so a phrase that Word split across runs (a word in bold, a
//! spell-check mark) still matches a citation. Text that is not UTF-8 is read as Windows-1252
//! when every byte means a character there, and the loader says so
//! ([`SOURCE_TRANSCODED`]); anything else (a PDF, a `.doc`, UTF-16, bytes that mean nothing in
//! either encoding) is reported with what to do ([`SOURCE_NOT_TEXT`]), never matched as
//! garbage. Checks read no files: [`diagnostics`] turns what was read into the loader's own
//! diagnostics, and `crate::analyse` adds them to the checks'.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir;
use crate::span::Span;

/// The largest source document redress reads: a council's policy is tens of kilobytes, a
/// `.docx` with pictures a few megabytes. Anything larger is a mistake (a scan, an archive).
pub const MAX_SOURCE_BYTES: u64 = 32 * 1024 * 1024;

/// The largest text part (`word/document.xml`) of a `.docx` redress unpacks, so that a small
/// archive that unpacks to gigabytes cannot exhaust memory.
const MAX_DOCX_XML_BYTES: u64 = 64 * 1024 * 1024;

pub const SOURCE_TRANSCODED: Code = Code {
    name: "redress::check::source_transcoded",
    severity: Severity::Warning,
    summary: "a source document that is not UTF-8, read as Windows-1252",
    doc: "## What it finds\n\
          A source document (`source \"...\"` or `source NAME \"...\"`) saved as Windows-1252, the \
          encoding Word and older Windows editors use for \"plain text\", not as UTF-8. redress \
          reads it as Windows-1252, so its curly apostrophes (byte 0x92), quotes, dashes and \
          pound signs match citations as they should, and the diagnostic names the first \
          character it read that way.\n\n\
          ## Why it matters\n\
          Read as UTF-8, a Windows-1252 apostrophe is not a character at all, and a citation \
          that quotes `the Council’s decision` would be reported as not found although the \
          document says exactly that. The reading is a guess (a file in another single-byte \
          encoding would be read wrongly), so redress says it made it.\n\n\
          ## Example\n\
          ```text\n\
          source \"sources/draft.txt\"    # saved by Notepad as \"ANSI\"\n\
          ```\n\n\
          ## How to fix\n\
          Save the document as UTF-8 (Notepad: Save As, Encoding: UTF-8; Word: Save As, Plain \
          Text, Unicode (UTF-8)), or point `source` at the `.docx` itself. The warning then goes.\n\n\
          ## Code provision\n\
          None: this is about reading the source faithfully.",
};

pub const SOURCE_NOT_TEXT: Code = Code {
    name: "redress::check::source_not_text",
    severity: Severity::Error,
    summary: "a source document redress cannot read as text",
    doc: "## What it finds\n\
          A source document that is not text redress can read: a PDF, a Word 97-2003 `.doc` or a \
          password-protected Word file, an RTF file, a text file saved as UTF-16, a damaged \
          `.docx`, a zip archive that is not a `.docx` (an `.odt`, a spreadsheet), or bytes that \
          mean nothing in UTF-8 or in Windows-1252. The message says which, and the help what \
          to save instead.\n\n\
          ## Why it matters\n\
          No citation can be checked against a document redress cannot read: every phrase would \
          be looked up in noise. redress refuses the document rather than report each citation \
          as missing.\n\n\
          ## Example\n\
          ```text\n\
          source \"sources/complaints-policy.pdf\"\n\
          ```\n\n\
          ## How to fix\n\
          Point `source` at a `.docx` or at a plain-text copy saved as UTF-8. From a PDF, copy \
          the text into a plain-text file; from a `.doc`, RTF or password-protected file, open \
          it in Word and save it as `.docx` (Word Document).\n\n\
          ## Code provision\n\
          None: this is about reading the source faithfully.",
};

/// How a document's bytes became its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadAs {
    /// Plain text in UTF-8 (a byte-order mark, if any, dropped).
    Utf8,
    /// Plain text that is not UTF-8, read as Windows-1252: the first character read that way,
    /// its byte and its line (1-based) in the text.
    Windows1252 {
        line: usize,
        byte: u8,
        character: char,
    },
    /// A Word document: the paragraphs of `word/document.xml`, one a line.
    Docx,
}

#[derive(Clone, Debug)]
pub enum SourceDocument {
    /// The policy has no `source` statement.
    NotDeclared,
    /// The policy names a source that could not be read.
    Unreadable { path: PathBuf, error: String },
    /// The file was read but is not text redress can match citations in: what it is, and what
    /// the author should save instead.
    NotText {
        path: PathBuf,
        reason: String,
        help: String,
    },
    Loaded {
        path: PathBuf,
        text: String,
        normalised: String,
        read_as: ReadAs,
    },
}

/// A further document of the council's (`source standards "..."`), as read.
#[derive(Clone, Debug)]
pub struct NamedDocument {
    pub id: String,
    pub document: SourceDocument,
}

impl SourceDocument {
    /// Find the document a policy names, relative to the policy file's folder.
    pub fn for_policy(policy_path: &Path, policy: &ir::Policy) -> SourceDocument {
        let Some(source) = &policy.source else {
            return SourceDocument::NotDeclared;
        };
        let dir = policy_path.parent().unwrap_or(Path::new("."));
        SourceDocument::read(dir.join(&source.value))
    }

    /// The further documents a policy names, each relative to the policy file's folder.
    pub fn named_for_policy(policy_path: &Path, policy: &ir::Policy) -> Vec<NamedDocument> {
        let dir = policy_path.parent().unwrap_or(Path::new("."));
        policy
            .documents
            .iter()
            .map(|d| NamedDocument {
                id: d.value.id.value.clone(),
                document: SourceDocument::read(dir.join(&d.value.path)),
            })
            .collect()
    }

    /// Read a document from disk: a `.docx` (or any file that is a zip archive) through its
    /// `word/document.xml`, anything else as text in UTF-8 or, failing that, Windows-1252.
    pub fn read(path: PathBuf) -> SourceDocument {
        use crate::files::{read_limited, ReadError};
        let check_path = "check the path: point `source` at the policy document itself, saved \
                          as plain text (UTF-8) or as .docx";
        match read_limited(&path, MAX_SOURCE_BYTES) {
            Ok(bytes) => SourceDocument::from_bytes(path, &bytes),
            Err(ReadError::TooLarge { len, .. }) => SourceDocument::NotText {
                reason: format!(
                    "it is {len} bytes, larger than any complaints policy ({MAX_SOURCE_BYTES} \
                     bytes at most)"
                ),
                help: check_path.to_string(),
                path,
            },
            Err(ReadError::NotRegular) => SourceDocument::NotText {
                reason: "it is not a regular file (a folder, a pipe or a device)".to_string(),
                help: check_path.to_string(),
                path,
            },
            Err(ReadError::Io(e)) => SourceDocument::Unreadable {
                path,
                error: e.to_string(),
            },
        }
    }

    /// [`SourceDocument::read`] on bytes already in memory; `path` decides only whether a file
    /// that is not a zip archive was meant to be a `.docx`.
    pub fn from_bytes(path: PathBuf, bytes: &[u8]) -> SourceDocument {
        let docx_name = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "docx" | "docm"));
        let read = if bytes.starts_with(ZIP_MAGIC) {
            docx_text(bytes).map(|t| (t, ReadAs::Docx))
        } else if docx_name && !bytes.starts_with(OLE_MAGIC) {
            Err(NotText::new(
                "it is named .docx but is not a Word document (a .docx is a zip archive, and \
                 this file is not one)",
                "open it in Word and save it as a Word Document (.docx), or save it as plain \
                 text (UTF-8)",
            ))
        } else {
            plain_text(bytes)
        };
        match read {
            Ok((text, read_as)) => {
                let normalised = normalise(&text);
                SourceDocument::Loaded {
                    path,
                    text,
                    normalised,
                    read_as,
                }
            }
            Err(NotText { reason, help }) => SourceDocument::NotText { path, reason, help },
        }
    }

    pub fn text(&self) -> Option<&str> {
        match self {
            SourceDocument::Loaded { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Does the phrase occur in the document, ignoring case, white space and quote style?
    pub fn contains(&self, phrase: &str) -> Option<bool> {
        match self {
            SourceDocument::Loaded { normalised, .. } => {
                Some(normalised.contains(&normalise(phrase)))
            }
            _ => None,
        }
    }
}

/// The loader's diagnostics for what it read: a source read as Windows-1252
/// ([`SOURCE_TRANSCODED`]) and a source that is not text ([`SOURCE_NOT_TEXT`]), for the main
/// source and each named document, at the statement that names it. A source that cannot be
/// opened at all is `source_not_found`'s.
pub fn diagnostics(
    policy: &ir::Policy,
    document: &SourceDocument,
    named: &[NamedDocument],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(source) = &policy.source {
        let what = format!("the source document `{}`", source.value);
        out.extend(diagnostic(&what, document, statement(source)));
    }
    for rule in &policy.documents {
        let Some(n) = named.iter().find(|n| n.id == rule.value.id.value) else {
            continue;
        };
        let what = format!(
            "the document `{}` (`{}`)",
            rule.value.id.value, rule.value.path
        );
        out.extend(diagnostic(&what, &n.document, statement(rule)));
    }
    out
}

fn diagnostic(what: &str, document: &SourceDocument, span: Span) -> Option<Diagnostic> {
    match document {
        SourceDocument::Loaded {
            read_as:
                ReadAs::Windows1252 {
                    line,
                    byte,
                    character,
                },
            ..
        } => Some(Diagnostic::new(
            &SOURCE_TRANSCODED,
            format!(
                "{what} is not UTF-8; read as Windows-1252 (line {line} has byte \
                 0x{byte:02X}, read as `{character}`)"
            ),
            span,
            "read as Windows-1252",
            "save it as UTF-8 to silence this (Notepad: Save As, Encoding: UTF-8; Word: Save As, \
             Plain Text, Unicode (UTF-8)), or point `source` at the Word .docx it came from",
        )),
        SourceDocument::NotText { reason, help, .. } => Some(Diagnostic::new(
            &SOURCE_NOT_TEXT,
            format!("{what} is not text redress can read: {reason}"),
            span,
            "not a text document",
            format!("{help}; until then no citation of it can be checked"),
        )),
        _ => None,
    }
}

/// The `source` statement up to its last citation, or its keyword when it has none (a
/// statement's own span runs on over the white space after it).
fn statement<T>(rule: &ir::Rule<T>) -> Span {
    let end = rule
        .cites
        .iter()
        .map(|c| c.span.end())
        .max()
        .unwrap_or(rule.span.offset + "source".len());
    Span::new(rule.span.offset, end)
}

/// Why bytes are not text redress reads, and what to save instead.
struct NotText {
    reason: String,
    help: String,
}

impl NotText {
    fn new(reason: impl Into<String>, help: impl Into<String>) -> Self {
        NotText {
            reason: reason.into(),
            help: help.into(),
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
/// An OLE compound file: a Word 97-2003 `.doc`, or a password-protected `.docx`.
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const SAVE_AS_TEXT: &str = "save a plain-text copy of the document (UTF-8), or a .docx, and point \
                            `source` at that";

/// Plain text: UTF-8, or Windows-1252 where it is not; what else it might be, refused.
fn plain_text(bytes: &[u8]) -> Result<(String, ReadAs), NotText> {
    if bytes.starts_with(b"%PDF-") {
        return Err(NotText::new(
            "it is a PDF",
            "redress does not read PDFs: copy the text into a plain-text file saved as UTF-8 (or \
             use the council's .docx) and point `source` at that",
        ));
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(NotText::new(
            "it is a Word 97-2003 document (.doc) or a password-protected Word file",
            "open it in Word and save an unprotected copy as a Word Document (.docx), or as \
             plain text (UTF-8), and point `source` at that",
        ));
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(NotText::new(
            "it is a Rich Text (RTF) file, whose formatting codes would be read as words",
            "open it in Word and save it as a Word Document (.docx), or as plain text (UTF-8)",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(NotText::new(
            "it is saved as UTF-16 (\"Unicode\" in Notepad)",
            "save it as UTF-8 (Notepad: Save As, Encoding: UTF-8)",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(NotText::new(
            format!(
                "it is binary (line {} has a NUL byte)",
                line_of(bytes.get(..at).unwrap_or(&[]))
            ),
            SAVE_AS_TEXT,
        ));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        // Valid UTF-8 with a C1 control character in it is Windows-1252 that happens to be
        // valid UTF-8 (`Â` then a curly quote is C2 91); anything else is UTF-8.
        if !text.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)) {
            return Ok((text.to_string(), ReadAs::Utf8));
        }
    }
    windows_1252(bytes)
}

/// The line (1-based) a byte offset falls on.
fn line_of(before: &[u8]) -> usize {
    before.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Bytes that are not UTF-8, read as Windows-1252. Runs that are valid UTF-8 stay UTF-8 (a
/// file edited in two editors can hold both); each other byte must be a character in
/// Windows-1252: not one of the five bytes it leaves undefined, and not a control byte that
/// text does not hold.
fn windows_1252(bytes: &[u8]) -> Result<(String, ReadAs), NotText> {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    let mut first: Option<(usize, u8, char)> = None;
    let mut offset = 0;
    while let Some(rest) = bytes.get(offset..).filter(|r| !r.is_empty()) {
        let valid = match std::str::from_utf8(rest) {
            Ok(all) => all,
            Err(e) => std::str::from_utf8(rest.get(..e.valid_up_to()).unwrap_or(&[])).unwrap_or(""),
        };
        // UTF-8 up to the first C1 control character: one of those is a Windows-1252 pair
        // (`Â` and a quote, say) that happens to be valid UTF-8, not text.
        let good: usize = valid
            .chars()
            .take_while(|c| !('\u{80}'..='\u{9F}').contains(c))
            .map(char::len_utf8)
            .sum();
        text.push_str(valid.get(..good).unwrap_or(""));
        offset += good;
        let Some(&byte) = bytes.get(offset) else {
            break;
        };
        let Some(character) = cp1252(byte) else {
            return Err(NotText::new(
                format!(
                    "line {} has byte 0x{byte:02X}, which is a character neither in UTF-8 nor in \
                     Windows-1252",
                    line_of(bytes.get(..offset).unwrap_or(&[]))
                ),
                "open it in an editor that shows the file's encoding and save it as UTF-8, or \
                 save a fresh plain-text copy (UTF-8) of the council's document",
            ));
        };
        if first.is_none() {
            first = Some((line_of(bytes.get(..offset).unwrap_or(&[])), byte, character));
        }
        text.push(character);
        offset += 1;
    }
    if let Some(c) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0C}'))
    {
        return Err(NotText::new(
            format!(
                "it holds control character U+{:04X}, which text does not, so it is probably \
                 not a text file",
                u32::from(c)
            ),
            SAVE_AS_TEXT,
        ));
    }
    let (line, byte, character) = first.unwrap_or((1, 0, ' '));
    Ok((
        text,
        ReadAs::Windows1252 {
            line,
            byte,
            character,
        },
    ))
}

/// One byte as Windows-1252, or None for the five bytes the encoding leaves undefined (which
/// decoders pass through as C1 control characters: a sign the text is in another encoding).
fn cp1252(byte: u8) -> Option<char> {
    if matches!(byte, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D) {
        return None;
    }
    let buf = [byte];
    let (decoded, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&buf);
    decoded
        .chars()
        .next()
        .filter(|c| !c.is_control() || byte < 0x80)
}

/// The text of a `.docx`: the paragraphs of `word/document.xml`, one a line, the runs of each
/// joined. Tracked insertions count and tracked deletions do not (the text as it would read
/// with every change accepted); a tab is a tab and a line break a line; field instructions,
/// tab-stop settings and the fallback copy Word keeps of a text box are not text.
fn docx_text(bytes: &[u8]) -> Result<String, NotText> {
    let damaged = |what: String| {
        NotText::new(
            format!("it is a damaged .docx ({what})"),
            "open it in Word and save it again as a Word Document (.docx), or save it as plain \
             text (UTF-8)",
        )
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| damaged(format!("it does not open as a zip archive: {e}")))?;
    let part = match archive.by_name("word/document.xml") {
        Ok(part) => part,
        Err(zip::result::ZipError::FileNotFound) => {
            return Err(NotText::new(
                "it is a zip archive with no `word/document.xml`, so not a Word document (an \
                 OpenDocument .odt or a spreadsheet, perhaps)",
                "save it from the word processor as a Word Document (.docx), or as plain text \
                 (UTF-8), and point `source` at that",
            ))
        }
        Err(e) => return Err(damaged(format!("its text part cannot be opened: {e}"))),
    };
    if part.size() > MAX_DOCX_XML_BYTES {
        return Err(damaged(format!(
            "its text part unpacks to {} bytes, more than any policy ({MAX_DOCX_XML_BYTES} at most)",
            part.size()
        )));
    }
    let mut xml = Vec::new();
    part.take(MAX_DOCX_XML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| damaged(format!("its text part cannot be unpacked: {e}")))?;
    if xml.len() as u64 > MAX_DOCX_XML_BYTES {
        return Err(damaged(format!(
            "its text part unpacks to more than {MAX_DOCX_XML_BYTES} bytes"
        )));
    }
    let xml = String::from_utf8(xml)
        .map_err(|_| damaged("its text part is not UTF-8 XML".to_string()))?;
    paragraphs(&xml).map_err(damaged)
}

/// The text of WordprocessingML: paragraphs as lines, runs joined.
fn paragraphs(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    // Depths: inside `<w:t>` (text), `<w:tabs>` (tab stops, not tabs), `<mc:Fallback>` (a
    // second copy of what `<mc:Choice>` holds).
    let (mut text, mut tabs, mut fallback) = (0usize, 0usize, 0usize);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("its text part is not well-formed XML: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().into_inner() {
                "t" => text += 1,
                "tabs" => tabs += 1,
                "Fallback" => fallback += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().into_inner() {
                "t" => text = text.saturating_sub(1),
                "tabs" => tabs = tabs.saturating_sub(1),
                "Fallback" => fallback = fallback.saturating_sub(1),
                "p" if fallback == 0 => out.push('\n'),
                _ => {}
            },
            Event::Empty(e) if fallback == 0 => match e.local_name().into_inner() {
                "p" | "br" | "cr" => out.push('\n'),
                "tab" if tabs == 0 => out.push('\t'),
                "noBreakHyphen" => out.push('-'),
                _ => {}
            },
            Event::Text(t) if text > 0 && fallback == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if text > 0 && fallback == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if text > 0 && fallback == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r) {
                    out.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Lowercase, one space for any run of white space, straight quotes for curly ones. Sources are
/// extracted from web pages and PDFs, so line breaks and quote styles fall where they fall.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{00A0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_space_and_quotes() {
        assert_eq!(
            normalise("  The  Council\u{2019}s\n\t\u{201C}final\u{201D} Decision "),
            "the council's \"final\" decision"
        );
    }

    fn read(name: &str, bytes: &[u8]) -> SourceDocument {
        SourceDocument::from_bytes(PathBuf::from(name), bytes)
    }

    fn reason(d: &SourceDocument) -> String {
        match d {
            SourceDocument::NotText { reason, .. } => reason.clone(),
            other => format!("read: {other:?}"),
        }
    }

    #[test]
    fn windows_1252_apostrophe_is_read_as_a_curly_one() {
        let d = read(
            "s.txt",
            b"The Council\x92s decision\nis \x93final\x94 \x96 \xA35\n",
        );
        assert_eq!(
            d.text(),
            Some("The Council\u{2019}s decision\nis \u{201C}final\u{201D} \u{2013} \u{A3}5\n")
        );
        assert_eq!(
            d.contains("the council's decision is \"final\""),
            Some(true)
        );
        match d {
            SourceDocument::Loaded { read_as, .. } => assert_eq!(
                read_as,
                ReadAs::Windows1252 {
                    line: 1,
                    byte: 0x92,
                    character: '\u{2019}'
                }
            ),
            other => unreachable!("{other:?}"),
        }
    }

    #[test]
    fn utf8_stays_utf8_and_a_bom_is_dropped() {
        let d = read("s.txt", "\u{FEFF}Council\u{2019}s".as_bytes());
        assert_eq!(d.text(), Some("Council\u{2019}s"));
        assert!(matches!(
            d,
            SourceDocument::Loaded {
                read_as: ReadAs::Utf8,
                ..
            }
        ));
    }

    #[test]
    fn utf8_and_1252_mixed_keeps_both() {
        let d = read(
            "s.txt",
            "caf\u{E9} \u{2019}\n"
                .as_bytes()
                .iter()
                .copied()
                .chain(*b"x\x92s")
                .collect::<Vec<_>>()
                .as_slice(),
        );
        assert_eq!(d.text(), Some("caf\u{E9} \u{2019}\nx\u{2019}s"));
        assert!(matches!(
            d,
            SourceDocument::Loaded {
                read_as: ReadAs::Windows1252 { line: 2, .. },
                ..
            }
        ));
    }

    #[test]
    fn a_1252_pair_that_happens_to_be_utf8_is_read_as_1252() {
        // `Â‘` in Windows-1252 is C2 91, valid UTF-8 for a C1 control: not text, so 1252.
        assert_eq!(
            read("s.txt", b"\xC2\x91x\x92").text(),
            Some("\u{C2}\u{2018}x\u{2019}")
        );
        assert_eq!(read("s.txt", b"\xC2\x91x").text(), Some("\u{C2}\u{2018}x"));
    }

    #[test]
    fn undefined_1252_bytes_and_binaries_are_not_text() {
        assert!(reason(&read("s.txt", b"one\ntwo \x81 three")).contains("line 2 has byte 0x81"));
        assert!(reason(&read("s.txt", b"abc\x00def")).contains("binary"));
        assert!(reason(&read("s.pdf", b"%PDF-1.7\n\xE2\xE3")).contains("PDF"));
        assert!(reason(&read("s.txt", b"\xFF\xFEa\x00")).contains("UTF-16"));
        assert!(reason(&read("s.doc", OLE_MAGIC)).contains("Word 97-2003"));
        assert!(reason(&read("s.rtf", b"{\\rtf1\\ansi hello}")).contains("RTF"));
        assert!(reason(&read("s.txt", b"a\x01b\x92")).contains("U+0001"));
        assert!(reason(&read("s.docx", b"plain words")).contains("named .docx"));
        assert!(reason(&read("s.docx", b"PK\x03\x04 not really")).contains("damaged"));
    }

    #[test]
    fn word_paragraphs_become_lines_and_runs_join() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>
  <w:r><w:t>We will </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>respond</w:t></w:r>
  <w:r><w:t xml:space="preserve"> within 10 working days &amp; tell you</w:t></w:r>
  <w:del><w:r><w:delText>twenty</w:delText></w:r></w:del>
  <w:r><w:instrText> PAGE </w:instrText></w:r>
</w:p>
<w:p/>
<w:p><w:r><w:t>Stage</w:t><w:tab/><w:t>2</w:t><w:br/><w:t>The Council&#8217;s</w:t></w:r>
  <mc:AlternateContent><mc:Choice><w:r><w:t>box</w:t></w:r></mc:Choice>
  <mc:Fallback><w:r><w:t>box</w:t></w:r></mc:Fallback></mc:AlternateContent>
</w:p>
</w:body></w:document>"#;
        assert_eq!(
            paragraphs(xml).as_deref(),
            Ok("We will respond within 10 working days & tell you\n\nStage\t2\nThe Council\u{2019}sbox\n")
        );
        assert!(paragraphs("<w:p><w:t>open</w:p>").is_err());
    }
}
