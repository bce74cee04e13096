//! Reading a case export as a case-management system writes it: its header (our field names,
//! or its own through a column mapping), its records (quoted fields anywhere, embedded line
//! breaks, CRLF, LF or bare-CR line ends) and its text (UTF-8, or Windows-1252).
//!
//! ## Records
//!
//! A record ends at a line end (`\n`, `\r\n` or a bare `\r`) with an even number of `"` before
//! it in the record: a line end inside a quoted field is part of the field. Inside a quoted
//! field `""` is one `"`. The same parity decides where the reader cuts the file into chunks
//! for its threads and where a worker ends each record, so the records (and every count) are
//! the same whatever the chunk size or thread count. A `"` inside an unquoted field (`12"
//! pipe`) opens quoting like any other, so the record runs on to the next `"`: such a row is
//! rejected (too many or too few fields), never silently split.
//!
//! ## Text
//!
//! The header and the first chunk decide: a file that is not valid UTF-8 there is read as
//! Windows-1252 (what Excel's "CSV" writes on a UK Windows machine); so is any later field
//! that is not valid UTF-8. A UTF-8 byte-order mark is skipped.

use std::borrow::Cow;
use std::io::Read;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::span::Span;

use super::MAX_STAGES;

pub const UNKNOWN_COLUMN: Code = Code {
    name: "redress::audit::unknown_column",
    severity: Severity::Error,
    summary: "an export column that looks like one the audit reads but is not",
    doc: "A header in a case export that looks like a stage column (`s2_request`, `s4_responded`) \
          or is a misspelling of one of the audit's fields (`recieved`), but is none of them. \
          Left alone it would be ignored, and every case would look pending at that stage, so \
          the audit refuses to run. Header names are matched ignoring case and surrounding \
          spaces, so `S1_Responded` is `s1_responded`.\n\nHow to fix: rename the column to the \
          field it holds (the help names the nearest), or map the export's own header to the \
          field in a `--columns` file (docs/audit.md).",
};

pub const MISSING_COLUMN: Code = Code {
    name: "redress::audit::missing_column",
    severity: Severity::Error,
    summary: "an export without a column the audit needs, or without a mapped header",
    doc: "The export has no `id`, `track` or `received` column (the audit cannot judge a row \
          without them), or a `--columns` mapping names a header the export does not have, or \
          the file is empty.\n\nHow to fix: add the column, or map the export's own header to \
          the field in a `--columns` file; a mapped header must be spelt as in the export \
          (case and surrounding spaces aside).",
};

pub const DUPLICATE_COLUMN: Code = Code {
    name: "redress::audit::duplicate_column",
    severity: Severity::Error,
    summary: "two export columns for the same field",
    doc: "Two headers of a case export are the same field (`Received` and `received`, or a \
          mapped header that appears twice), so which to read is a guess.\n\nHow to fix: remove \
          or rename one of them, or map the field to a header that appears once.",
};

pub const INVALID_MAPPING: Code = Code {
    name: "redress::audit::invalid_mapping",
    severity: Severity::Error,
    summary: "a column mapping file that cannot be used",
    doc: "A `--columns` file is TOML, one line per field: the audit's field name, then the \
          export's header for it (`received = \"Date received\"`). The file is not valid TOML, \
          names a field the audit does not have, gives a header that is not text, or maps two \
          fields to the same header.\n\nHow to fix: use the field names `redress audit` lists \
          (`id`, `track`, `received`, `class`, `sN_requested`, `sN_acknowledged`, \
          `sN_extension_wd`, `sN_responded` for N = 1 to 3).",
};

/// The codes of this module, for the registry.
pub const CODES: [&Code; 4] = [
    &UNKNOWN_COLUMN,
    &MISSING_COLUMN,
    &DUPLICATE_COLUMN,
    &INVALID_MAPPING,
];

/// A diagnostic and the file it points into (the export's header, or the mapping file).
#[derive(Clone, Debug)]
pub struct Located {
    pub file: SourceFile,
    pub diagnostic: Diagnostic,
}

/// What a stage column holds.
pub const STAGE_FIELDS: [&str; 4] = ["requested", "acknowledged", "extension_wd", "responded"];

/// Every field the audit reads, by its own name: `id`, `track`, `received`, `class`, then
/// `sN_requested` ... `sN_responded` for N = 1 to 3.
pub fn field_names() -> Vec<String> {
    let mut v: Vec<String> = ["id", "track", "received", "class"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for n in 1..=MAX_STAGES {
        for f in STAGE_FIELDS {
            v.push(format!("s{n}_{f}"));
        }
    }
    v
}

/// A header cell as compared: surrounding spaces dropped, lower case.
pub fn normalise(h: &str) -> String {
    h.trim().to_lowercase()
}

/// The nearest of `candidates` to `found` (compared normalised), if it is a plausible
/// misspelling: at most one edit in three characters and three in all.
pub fn nearest<'c>(found: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let f = normalise(found);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = strsim::damerau_levenshtein(&f, &normalise(c));
        if d == 0 || d > 3 || d * 3 > c.chars().count().max(f.chars().count()) {
            continue;
        }
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A `--columns` file: our field -> the export's header.
#[derive(Clone, Debug)]
pub struct Mapping {
    pub file: SourceFile,
    /// (field, header as written, span of the header in the file)
    entries: Vec<(String, String, Span)>,
}

impl Mapping {
    /// Read a mapping file's text. Every problem is reported, not just the first.
    pub fn parse(file: SourceFile) -> Result<Mapping, Vec<Located>> {
        use std::collections::BTreeMap;
        let here = |span: Span, message: String, label: &str, help: String| Located {
            file: file.clone(),
            diagnostic: Diagnostic::new(&INVALID_MAPPING, message, span, label, help),
        };
        let table: BTreeMap<toml::Spanned<String>, toml::Spanned<toml::Value>> =
            match toml::from_str(&file.text) {
                Ok(t) => t,
                Err(e) => {
                    let span = e
                        .span()
                        .map_or(Span::new(0, 0), |r| Span::new(r.start, r.end));
                    return Err(vec![here(
                        span,
                        format!("the column mapping is not valid TOML: {}", e.message()),
                        "here",
                        "write one line per field: `received = \"Date received\"`".into(),
                    )]);
                }
            };
        let fields = field_names();
        let mut errors = Vec::new();
        let mut entries: Vec<(String, String, Span)> = Vec::new();
        for (k, v) in &table {
            let key = k.get_ref();
            let kspan = Span::new(k.span().start, k.span().end);
            let vspan = Span::new(v.span().start, v.span().end);
            if !fields.iter().any(|f| f == key) {
                let help = match nearest(key, fields.iter().map(|s| s.as_str())) {
                    Some(s) => format!("did you mean `{s}`? The fields are `id`, `track`, `received`, `class` and `sN_requested`, `sN_acknowledged`, `sN_extension_wd`, `sN_responded` for N = 1 to {MAX_STAGES}"),
                    None => format!("the fields are `id`, `track`, `received`, `class` and `sN_requested`, `sN_acknowledged`, `sN_extension_wd`, `sN_responded` for N = 1 to {MAX_STAGES}"),
                };
                errors.push(here(
                    kspan,
                    format!("`{key}` is not a field the audit reads"),
                    "unknown field",
                    help,
                ));
                continue;
            }
            let Some(h) = v.get_ref().as_str() else {
                errors.push(here(
                    vspan,
                    format!("the header for `{key}` is not text"),
                    "not text",
                    format!("give the export's header in quotes: `{key} = \"...\"`"),
                ));
                continue;
            };
            if let Some((other, _, _)) = entries
                .iter()
                .find(|(_, oh, _)| normalise(oh) == normalise(h))
            {
                errors.push(here(
                    vspan,
                    format!("`{key}` and `{other}` are both mapped to the header `{h}`"),
                    "mapped twice",
                    "each field needs a column of its own".into(),
                ));
                continue;
            }
            entries.push((key.clone(), h.to_string(), vspan));
        }
        if errors.is_empty() {
            Ok(Mapping { file, entries })
        } else {
            Err(errors)
        }
    }

    fn get(&self, field: &str) -> Option<(&str, Span)> {
        self.entries
            .iter()
            .find(|(f, _, _)| f == field)
            .map(|(_, h, s)| (h.as_str(), *s))
    }
}

/// One header cell: its text (unquoted) and where it is in the header line.
#[derive(Clone, Debug)]
pub struct HeaderCell {
    pub text: String,
    pub span: Span,
}

/// Split a header line (already text) into cells, by the record grammar above.
pub fn header_cells(line: &str) -> Vec<HeaderCell> {
    let b = line.as_bytes();
    let mut cells = Vec::new();
    let mut cur: Vec<u8> = Vec::new();
    let mut start = 0;
    let mut in_q = false;
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'"' {
            if in_q && b.get(i + 1) == Some(&b'"') {
                cur.push(b'"');
                i += 2;
                continue;
            }
            in_q = !in_q;
        } else if c == b',' && !in_q {
            cells.push(HeaderCell {
                text: String::from_utf8_lossy(&cur).into_owned(),
                span: Span::new(start, i),
            });
            cur.clear();
            start = i + 1;
        } else {
            cur.push(c);
        }
        i += 1;
    }
    cells.push(HeaderCell {
        text: String::from_utf8_lossy(&cur).into_owned(),
        span: Span::new(start, b.len()),
    });
    // Point at the name, not the quotes and spaces round it.
    for c in &mut cells {
        let raw = line
            .get(c.span.offset..c.span.offset + c.span.length)
            .unwrap_or("");
        let lead = raw.len() - raw.trim_start_matches([' ', '\t', '"']).len();
        let trail = raw.len() - raw.trim_end_matches([' ', '\t', '"']).len();
        if lead + trail < raw.len() {
            c.span = Span::new(c.span.offset + lead, c.span.offset + raw.len() - trail);
        }
    }
    cells
}

/// Where each field is in the export: `Some(index)` per field of [`field_names`].
pub struct Resolved {
    pub width: usize,
    /// indexed like [`field_names`]
    pub positions: Vec<Option<usize>>,
}

/// Find each field's column, by its own name or through the mapping, and refuse a header with
/// a misspelt or unknown stage column, a required column missing, or a field found twice.
pub fn resolve(
    export: &SourceFile,
    cells: &[HeaderCell],
    mapping: Option<&Mapping>,
) -> Result<Resolved, Vec<Located>> {
    let fields = field_names();
    let norm: Vec<String> = cells.iter().map(|c| normalise(&c.text)).collect();
    let mut errors = Vec::new();
    let at_export =
        |span: Span, code: &'static Code, message: String, label: &str, help: String| Located {
            file: export.clone(),
            diagnostic: Diagnostic::new(code, message, span, label, help),
        };
    let mut positions = vec![None; fields.len()];
    let mut claimed = vec![false; cells.len()];
    // Fields whose header is looked for (their own name, or the mapped one).
    let mut wanted: Vec<(String, Option<Span>)> = Vec::new();
    for f in &fields {
        match mapping.and_then(|m| m.get(f)) {
            Some((h, span)) => wanted.push((normalise(h), Some(span))),
            None => wanted.push((f.clone(), None)),
        }
    }
    for (i, (want, _)) in wanted.iter().enumerate() {
        let hits: Vec<usize> = norm
            .iter()
            .enumerate()
            .filter(|(_, n)| *n == want)
            .map(|(j, _)| j)
            .collect();
        for &j in &hits {
            if let Some(c) = claimed.get_mut(j) {
                *c = true;
            }
        }
        if let [first, second, ..] = hits[..] {
            let (Some(a), Some(b)) = (cells.get(first), cells.get(second)) else {
                continue;
            };
            let field = fields.get(i).map_or("", |s| s.as_str());
            let mut e = at_export(
                b.span,
                &DUPLICATE_COLUMN,
                format!(
                    "two columns of the export are `{field}`: `{}` and `{}`",
                    a.text.trim(),
                    b.text.trim()
                ),
                "the second",
                "remove or rename one of them (header names are compared ignoring case and surrounding spaces)".into(),
            );
            e.diagnostic = e.diagnostic.with_related(a.span, "the first");
            errors.push(e);
        }
        if let Some(p) = positions.get_mut(i) {
            *p = hits.first().copied();
        }
    }
    // Headers nobody claimed that look like a field: a stage column (`s2_request`), or a
    // misspelling of a field name (`recieved`).
    let mut suggested: Vec<String> = Vec::new();
    for (j, c) in cells.iter().enumerate() {
        if claimed.get(j).copied().unwrap_or(true) {
            continue;
        }
        let n = norm.get(j).map_or("", |s| s.as_str());
        let stage_like = n.len() >= 2
            && n.starts_with('s')
            && n.as_bytes().get(1).is_some_and(u8::is_ascii_digit)
            && n.get(1..).is_some_and(|r| {
                r.trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with('_')
            });
        let near = nearest(n, fields.iter().map(|s| s.as_str()))
            // a field the mapping sends elsewhere is not what this header misspells
            .filter(|f| mapping.and_then(|m| m.get(f)).is_none());
        if !stage_like && near.is_none() {
            continue;
        }
        let help = match near {
            Some(f) => {
                suggested.push(f.to_string());
                format!("did you mean `{f}`? Rename the column, or map it in a `--columns` file")
            }
            None => format!(
                "the stage columns are `sN_requested`, `sN_acknowledged`, `sN_extension_wd` and `sN_responded` for N = 1 to {MAX_STAGES} (the track's formal stages); rename the column, or remove it"
            ),
        };
        errors.push(at_export(
            c.span,
            &UNKNOWN_COLUMN,
            format!("`{}` is not a column the audit reads", c.text.trim()),
            "unknown column",
            help,
        ));
    }
    for (i, req) in ["id", "track", "received"].iter().enumerate() {
        if positions.get(i).copied().flatten().is_some() || suggested.iter().any(|s| s == req) {
            continue;
        }
        errors.push(missing(export, cells, req, wanted.get(i), mapping));
    }
    // A mapped header must be in the export, required field or not.
    if let Some(m) = mapping {
        for (i, f) in fields.iter().enumerate().skip(3) {
            if positions.get(i).copied().flatten().is_none() && m.get(f).is_some() {
                errors.push(missing(export, cells, f, wanted.get(i), mapping));
            }
        }
    }
    if errors.is_empty() {
        Ok(Resolved {
            width: cells.len(),
            positions,
        })
    } else {
        Err(errors)
    }
}

fn missing(
    export: &SourceFile,
    cells: &[HeaderCell],
    field: &str,
    wanted: Option<&(String, Option<Span>)>,
    mapping: Option<&Mapping>,
) -> Located {
    let headers = || cells.iter().map(|c| c.text.trim());
    match (wanted, mapping) {
        (Some((h, Some(span))), Some(m)) => {
            let shown = m.get(field).map_or(h.as_str(), |(h, _)| h);
            // A near spelling, else a header that holds the mapped one or is held by it
            // (`Stage 1 response` and `Stage 1 response sent`).
            let want = normalise(shown);
            let near = nearest(shown, headers()).or_else(|| {
                headers()
                    .filter(|h| {
                        let n = normalise(h);
                        !n.is_empty() && (n.contains(&want) || want.contains(&n))
                    })
                    .min_by_key(|h| h.len().abs_diff(want.len()))
            });
            let help = match near {
                Some(n) => {
                    format!("did you mean `{n}`? The export's headers are on its first line")
                }
                None => format!(
                    "the export's headers are: {}",
                    headers()
                        .map(|h| format!("`{h}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            Located {
                file: m.file.clone(),
                diagnostic: Diagnostic::new(
                    &MISSING_COLUMN,
                    format!("the export has no column `{shown}` (mapped to `{field}`)"),
                    *span,
                    "not in the export",
                    help,
                ),
            }
        }
        _ => {
            let help = match nearest(field, headers()) {
                Some(n) => format!(
                    "did you mean `{n}`? If the export calls it something else, map it in a `--columns` file: `{field} = \"...\"`"
                ),
                None => format!(
                    "if the export calls it something else, map it in a `--columns` file: `{field} = \"...\"`"
                ),
            };
            let end = export.text.len();
            Located {
                file: export.clone(),
                diagnostic: Diagnostic::new(
                    &MISSING_COLUMN,
                    format!("the export has no `{field}` column"),
                    Span::new(0, end),
                    "the header",
                    help,
                ),
            }
        }
    }
}

/// An empty export.
pub fn empty(export: &SourceFile) -> Located {
    Located {
        file: export.clone(),
        diagnostic: Diagnostic::new(
            &MISSING_COLUMN,
            "the export is empty: it needs a header line",
            Span::new(0, 0),
            "here",
            "the first line names the columns: `id,track,received,s1_acknowledged,...`",
        ),
    }
}

/// How many `"` in `s`. Counted 64 bytes at a time into a byte-wide sum, which the compiler
/// turns into vector compares and adds (a plain `filter().count()` widens every byte to a
/// word and runs at a quarter of the speed).
#[inline]
pub fn count_quotes(s: &[u8]) -> usize {
    let blocks = s.chunks_exact(64);
    let tail = blocks.remainder();
    let mut n = 0usize;
    for b in blocks {
        n += usize::from(b.iter().fold(0u8, |a, &c| a + u8::from(c == b'"')));
    }
    n + tail.iter().filter(|&&b| b == b'"').count()
}

/// One record at the start of a buffer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rec {
    /// where its content ends (before its line end)
    pub end: usize,
    /// where the next record starts
    pub next: usize,
    /// line ends it takes, its own included (more than 1 with line breaks inside quotes)
    pub lines: u64,
    /// whether it has a `"` at all (else its fields are a plain split at commas)
    pub quoted: bool,
}

/// The record at the start of `buf`. With `at_eof` false, `None` when `buf` may end inside it
/// (no line end with an even number of quotes before it, or a `\r` as the last byte, which a
/// `\n` may follow); with `at_eof`, the rest of the buffer is the last record.
pub fn record(buf: &[u8], at_eof: bool) -> Option<Rec> {
    // Most records: a line end before any quote, found in one pass.
    match memchr::memchr3(b'"', b'\n', b'\r', buf) {
        Some(p) if buf.get(p) != Some(&b'"') => {
            let next = match (buf.get(p), buf.get(p + 1)) {
                (Some(b'\r'), Some(b'\n')) => p + 2,
                (Some(b'\r'), None) if !at_eof => return None,
                _ => p + 1,
            };
            return Some(Rec {
                end: p,
                next,
                lines: 1,
                quoted: false,
            });
        }
        None if !at_eof => return None,
        None => {
            return Some(Rec {
                end: buf.len(),
                next: buf.len(),
                lines: 0,
                quoted: false,
            })
        }
        Some(_) => {}
    }
    let mut i = 0;
    let mut quotes = 0usize;
    let mut lines = 0u64;
    loop {
        let rest = buf.get(i..).unwrap_or(&[]);
        let Some(j) = memchr::memchr2(b'\n', b'\r', rest) else {
            if !at_eof {
                return None;
            }
            quotes += count_quotes(rest);
            return Some(Rec {
                end: buf.len(),
                next: buf.len(),
                lines,
                quoted: quotes > 0,
            });
        };
        let p = i + j;
        quotes += count_quotes(rest.get(..j).unwrap_or(&[]));
        let next = match (buf.get(p), buf.get(p + 1)) {
            (Some(b'\r'), Some(b'\n')) => p + 2,
            (Some(b'\r'), None) if !at_eof => return None,
            _ => p + 1,
        };
        lines += 1;
        if quotes.is_multiple_of(2) {
            return Some(Rec {
                end: p,
                next,
                lines,
                quoted: quotes > 0,
            });
        }
        i = next;
    }
}

/// A record of a buffer of whole records, as [`Records`] yields it.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// its text, line end excluded
    pub text: &'a [u8],
    /// the line it starts on (the buffer's first line is 1)
    pub line: u64,
    /// where it starts in the buffer
    pub start: usize,
    /// whether it has a `"` at all ([`Rec::quoted`])
    pub quoted: bool,
}

/// The records of a buffer that holds whole records (the last may lack its line end), blank
/// ones skipped, each with the line it starts on: the one walk over records that every reader
/// of an export makes.
pub struct Records<'a> {
    buf: &'a [u8],
    pos: usize,
    lines: u64,
}

/// [`Records`] of `buf`.
pub fn records(buf: &[u8]) -> Records<'_> {
    Records {
        buf,
        pos: 0,
        lines: 0,
    }
}

impl Records<'_> {
    /// Line ends passed so far (all of the buffer's, once the walk is over).
    pub fn lines(&self) -> u64 {
        self.lines
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        loop {
            let rest = self.buf.get(self.pos..).filter(|r| !r.is_empty())?;
            let rec = record(rest, true)?;
            let r = Record {
                text: rest.get(..rec.end).unwrap_or(b""),
                line: self.lines + 1,
                start: self.pos,
                quoted: rec.quoted,
            };
            self.lines += rec.lines;
            self.pos += rec.next.max(1);
            if !r.text.trim_ascii().is_empty() {
                return Some(r);
            }
        }
    }
}

/// Where to cut `buf` (which starts at a record's start) so that it holds whole records only:
/// just after the last line end with an even number of quotes before it. `None` when there is
/// none yet (read more).
pub fn last_boundary(buf: &[u8]) -> Option<usize> {
    let total = count_quotes(buf);
    let mut after = 0usize;
    let mut end = buf.len();
    while let Some(p) = memchr::memrchr2(b'\n', b'\r', buf.get(..end).unwrap_or(&[])) {
        after += count_quotes(buf.get(p + 1..end).unwrap_or(&[]));
        end = p;
        if !(total - after).is_multiple_of(2) {
            continue;
        }
        match (buf.get(p), buf.get(p + 1)) {
            // a CR whose next byte is not read yet may be the first half of a CRLF
            (Some(b'\r'), None) => continue,
            // the CR of a CRLF: its LF, just after, was the cut if it could be
            (Some(b'\r'), Some(b'\n')) => continue,
            _ => return Some(p + 1),
        }
    }
    None
}

/// Split a record without quotes at its commas.
pub fn split_plain<'a>(rec: &'a [u8], fields: &mut Vec<&'a [u8]>) {
    let mut start = 0;
    for p in memchr::memchr_iter(b',', rec) {
        fields.push(rec.get(start..p).unwrap_or(b""));
        start = p + 1;
    }
    fields.push(rec.get(start..).unwrap_or(b""));
}

/// Where a field of a quoted record is: a run of the record itself (a field quoted whole, or
/// not quoted), or unquoted text copied into a scratch buffer (a field with `""` in it, or
/// quotes round part of it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    Record(usize, usize),
    Scratch(usize, usize),
}

impl Piece {
    pub fn of<'a>(self, rec: &'a [u8], scratch: &'a [u8]) -> &'a [u8] {
        match self {
            Piece::Record(a, z) => rec.get(a..z),
            Piece::Scratch(a, z) => scratch.get(a..z),
        }
        .unwrap_or(b"")
    }
}

/// Split a record that has quotes into fields: by [the record grammar](self), unquoted,
/// `""` read as `"`. A field quoted whole (`"Zoë, 2"`) or not at all is found with `memchr`
/// and left where it is; any other (`"say ""no"""`, `ab"c,d"`) is copied into `scratch` by
/// the byte-by-byte rule.
pub fn split_pieces(rec: &[u8], scratch: &mut Vec<u8>, pieces: &mut Vec<Piece>) {
    scratch.clear();
    pieces.clear();
    let mut i = 0;
    loop {
        let simple = if rec.get(i) == Some(&b'"') {
            // `"...",` or `"..."` at the end, with no quote inside.
            memchr::memchr(b'"', rec.get(i + 1..).unwrap_or(b""))
                .map(|q| i + 1 + q)
                .filter(|&q| matches!(rec.get(q + 1), None | Some(b',')))
                .map(|q| (Piece::Record(i + 1, q), q + 1))
        } else {
            match memchr::memchr2(b',', b'"', rec.get(i..).unwrap_or(b"")) {
                None => Some((Piece::Record(i, rec.len()), rec.len())),
                Some(p) if rec.get(i + p) == Some(&b',') => Some((Piece::Record(i, i + p), i + p)),
                Some(_) => None,
            }
        };
        let (piece, end) = simple.unwrap_or_else(|| unquote_field(rec, i, scratch));
        pieces.push(piece);
        if end >= rec.len() {
            return;
        }
        // `end` is the comma after the field.
        i = end + 1;
    }
}

/// One field of a quoted record from `start`, byte by byte: quotes open and close quoting
/// anywhere, `""` inside quotes is one `"`, the field ends at a comma outside quotes. The
/// text goes into `scratch`; returns its piece and where the field ends (its comma, or the
/// record's end).
fn unquote_field(rec: &[u8], start: usize, scratch: &mut Vec<u8>) -> (Piece, usize) {
    let from = scratch.len();
    let mut in_q = false;
    let mut i = start;
    while let Some(&b) = rec.get(i) {
        if b == b'"' {
            if in_q && rec.get(i + 1) == Some(&b'"') {
                scratch.push(b'"');
                i += 2;
                continue;
            }
            in_q = !in_q;
        } else if b == b',' && !in_q {
            break;
        } else {
            scratch.push(b);
        }
        i += 1;
    }
    (Piece::Scratch(from, scratch.len()), i)
}

/// A record's fields, as [`split_plain`] or [`split_pieces`] cut them: `quoted` says whether
/// the record has a `"` at all ([`Rec::quoted`]).
pub fn split<'a>(
    rec: &'a [u8],
    quoted: bool,
    scratch: &'a mut Vec<u8>,
    pieces: &mut Vec<Piece>,
    fields: &mut Vec<&'a [u8]>,
) {
    if !quoted {
        split_plain(rec, fields);
        return;
    }
    split_pieces(rec, scratch, pieces);
    let scratch: &'a [u8] = scratch;
    fields.extend(pieces.iter().map(|p| p.of(rec, scratch)));
}

/// Split a quoted record into fields: unquoted, `""` read as `"`, the text copied into
/// `scratch` and the fields' ranges in it pushed to `ranges`.
pub fn split_quoted(rec: &[u8], scratch: &mut Vec<u8>, ranges: &mut Vec<(usize, usize)>) {
    let mut pieces = Vec::new();
    split_pieces(rec, scratch, &mut pieces);
    ranges.clear();
    for p in pieces {
        match p {
            Piece::Scratch(a, z) => ranges.push((a, z)),
            Piece::Record(a, z) => {
                let from = scratch.len();
                scratch.extend_from_slice(rec.get(a..z).unwrap_or(b""));
                ranges.push((from, scratch.len()));
            }
        }
    }
}

/// A field as text: UTF-8 as it is; Windows-1252 when the file is (`latin`), or when the
/// bytes are not UTF-8.
pub fn text(f: &[u8], latin: bool) -> Cow<'_, str> {
    if f.is_ascii() {
        return String::from_utf8_lossy(f);
    }
    if !latin {
        if let Ok(s) = std::str::from_utf8(f) {
            return Cow::Borrowed(s);
        }
    }
    encoding_rs::WINDOWS_1252.decode_without_bom_handling(f).0
}

/// Read until `buf` holds `want` bytes or the input ends (a read interrupted by a signal is
/// tried again).
pub fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<()> {
    while buf.len() < want {
        let start = buf.len();
        buf.resize(want, 0);
        let n = loop {
            match input.read(buf.get_mut(start..).unwrap_or(&mut [])) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    buf.truncate(start);
                    return Err(e);
                }
            }
        };
        buf.truncate(start + n);
        if n == 0 {
            break;
        }
    }
    Ok(())
}

/// Whether a file's opening bytes say Windows-1252: not valid UTF-8 (a sequence cut short by
/// the end of the bytes read so far aside).
pub fn looks_latin(head: &[u8]) -> bool {
    match std::str::from_utf8(head) {
        Ok(_) => false,
        Err(e) => e.error_len().is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_by_hand() {
        // LF, CRLF and bare CR; a quoted field holding a CRLF and a `""`.
        let b = b"a,b\nc,d\r\ne,f\r\"g\r\nh\",\"i\"\"\"\n";
        let r = record(b, true).unwrap();
        assert_eq!((r.end, r.next, r.lines, r.quoted), (3, 4, 1, false));
        let r = record(&b[4..], true).unwrap();
        assert_eq!((r.end, r.next, r.lines), (3, 5, 1));
        let r = record(&b[9..], true).unwrap();
        assert_eq!((r.end, r.next, r.lines), (3, 4, 1));
        // `"g\r\nh","i"""` is 12 bytes (the quote at 13 to the last quote at 24), then `\n`.
        let r = record(&b[13..], true).unwrap();
        assert_eq!((r.end, r.next, r.lines, r.quoted), (12, 13, 2, true));
        let mut s = Vec::new();
        let mut ranges = Vec::new();
        split_quoted(&b[13..25], &mut s, &mut ranges);
        let fields: Vec<&[u8]> = ranges.iter().map(|&(a, z)| &s[a..z]).collect();
        assert_eq!(fields, vec![&b"g\r\nh"[..], &b"i\""[..]]);
        // A CR at the end of what is read may be half a CRLF.
        assert_eq!(record(b"a,b\r", false), None);
        assert_eq!(record(b"\"a\nb", false), None);
        assert_eq!(record(b"\"a\nb", true).map(|r| r.lines), Some(1));
    }

    #[test]
    fn fields_split_by_hand() {
        let split_all = |rec: &[u8]| -> Vec<String> {
            let (mut text, mut pieces, mut fields) = (Vec::new(), Vec::new(), Vec::new());
            let quoted = rec.contains(&b'"');
            split(rec, quoted, &mut text, &mut pieces, &mut fields);
            fields
                .iter()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect()
        };
        // Plain: every comma cuts, an empty field at either end included.
        assert_eq!(split_all(b",a,,b,"), vec!["", "a", "", "b", ""]);
        // Quoted whole (left in place), `""` inside quotes, quotes round part of a field, an
        // empty quoted field, a comma and a line break inside quotes, an unquoted field after.
        assert_eq!(
            split_all(b"\"a\",\"b \"\"c\"\"\",x\"y,z\"w,\"\",\"p,\r\nq\",r"),
            vec!["a", "b \"c\"", "xy,zw", "", "p,\r\nq", "r"]
        );
        // A quote in the middle of an unquoted field opens quoting to the next quote, and an
        // unclosed one runs to the end, as the byte-by-byte rule reads them.
        assert_eq!(split_all(b"12\" pipe,b"), vec!["12 pipe,b"]);
        assert_eq!(split_all(b"a,\"b,c"), vec!["a", "b,c"]);
        // The old interface: ranges into the scratch text.
        let (mut s, mut ranges) = (Vec::new(), Vec::new());
        split_quoted(b"\"a\"\"\",b", &mut s, &mut ranges);
        let fields: Vec<&[u8]> = ranges.iter().map(|&(a, z)| &s[a..z]).collect();
        assert_eq!(fields, vec![&b"a\""[..], &b"b"[..]]);
    }

    #[test]
    fn quotes_counted_in_blocks_and_tail() {
        let mut b = vec![b'x'; 300];
        for i in [0, 63, 64, 127, 255, 299] {
            b[i] = b'"';
        }
        assert_eq!(count_quotes(&b), 6);
        assert_eq!(count_quotes(&b[1..]), 5);
        assert_eq!(count_quotes(&[b'"'; 255]), 255);
    }

    #[test]
    fn cuts_between_records_only() {
        // After `1\n`; not inside the quotes; not after a CR that may be half a CRLF.
        assert_eq!(last_boundary(b"1\n\"2\n3"), Some(2));
        assert_eq!(last_boundary(b"1\n2\r"), Some(2));
        assert_eq!(last_boundary(b"1\r\n2"), Some(3));
        assert_eq!(last_boundary(b"1\r2"), Some(2));
        assert_eq!(last_boundary(b"\"1\n2"), None);
        assert_eq!(last_boundary(b"\"1\n2\"\n3"), Some(6));
    }

    #[test]
    fn header_cells_point_at_names() {
        let h = "id, \"Date received\" ,x";
        let cells = header_cells(h);
        let texts: Vec<&str> = cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, vec!["id", " Date received ", "x"]);
        let c = &cells[1];
        assert_eq!(
            &h[c.span.offset..c.span.offset + c.span.length],
            "Date received"
        );
    }

    #[test]
    fn text_in_either_encoding() {
        assert_eq!(text(b"abc", false), "abc");
        assert_eq!(text("Zo\u{eb}".as_bytes(), false), "Zo\u{eb}");
        // 0xA3 is `£` and 0xEB `ë` in Windows-1252.
        assert_eq!(text(b"\xa3100 Zo\xeb", false), "\u{a3}100 Zo\u{eb}");
        assert!(looks_latin(b"a,\xa3"));
        assert!(!looks_latin("a,\u{a3}".as_bytes()));
        assert!(!looks_latin(&"a,\u{a3}".as_bytes()[..3]));
    }
}
