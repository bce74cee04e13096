//! An export read once, record by record, in file order, as the audit reads it (the record
//! grammar, the header and the text encoding are [`crate::audit::input`]'s): the morning list
//! needs every row in order for the duplicate-id rule, and a team's open cases are thousands,
//! so one thread and a buffer that holds a few records at a time are enough.
//!
//! It judges nothing: it hands each record's fields, with its first line number, to the caller.

use std::io::Read;

use crate::audit::{header_columns, input, AuditError, Columns, Export};

/// The opening bytes the encoding is decided on: the audit's first chunk (docs/audit.md, "an
/// export whose first 8 MB are not valid UTF-8 is read as Windows-1252").
const HEAD: usize = 8 << 20;
/// Bytes read at a time after the opening.
const READ: usize = 1 << 20;

/// Read `want` more bytes (fewer at the end of the input, through the reader's one
/// [`input::fill`]); true at the end.
fn read_more(input: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    let target = buf.len() + want;
    input::fill(input, buf, target)?;
    Ok(buf.len() < target)
}

/// Call `row(first_line, columns, latin, fields)` for every record after the header that is
/// not blank, in file order. Returns whether the export was read as Windows-1252.
pub fn each(
    input: &mut dyn Read,
    export: &Export,
    row: impl FnMut(u64, &Columns, bool, &[&[u8]]),
) -> Result<bool, AuditError> {
    each_sized(input, export, (HEAD, READ), row)
}

/// [`each`], reading `sizes.0` bytes first and `sizes.1` at a time after (small in tests, so
/// that records cross the reads).
fn each_sized(
    input: &mut dyn Read,
    export: &Export,
    (head_size, read_size): (usize, usize),
    mut row: impl FnMut(u64, &Columns, bool, &[&[u8]]),
) -> Result<bool, AuditError> {
    let mut buf = Vec::new();
    let mut eof = read_more(input, &mut buf, head_size)?;
    let bom = buf.starts_with(b"\xef\xbb\xbf");
    if bom {
        buf.drain(..3);
    }
    let latin = !bom && input::looks_latin(&buf);
    // The first record is the header; it may need more than the opening.
    let head = loop {
        if let Some(r) = input::record(&buf, eof) {
            break r;
        }
        eof = read_more(input, &mut buf, read_size)?;
    };
    let header_text = input::text(buf.get(..head.end).unwrap_or(b""), latin).into_owned();
    let cols = header_columns(export, &header_text, latin).map_err(AuditError::Input)?;
    let mut line_no = head.lines.max(1);
    let mut pos = head.next;
    let mut scratch = Vec::new();
    let mut pieces = Vec::new();
    loop {
        let rest = buf.get(pos..).unwrap_or(&[]);
        if rest.is_empty() && eof {
            break;
        }
        let Some(rec) = input::record(rest, eof) else {
            // The record runs past what is read: drop what is done, read on.
            buf.drain(..pos.min(buf.len()));
            pos = 0;
            eof = read_more(input, &mut buf, read_size)?;
            continue;
        };
        let line = rest.get(..rec.end).unwrap_or(b"");
        let first_line = line_no + 1;
        line_no += rec.lines;
        pos += rec.next.max(1);
        if line.trim_ascii().is_empty() {
            continue;
        }
        let mut fields: Vec<&[u8]> = Vec::new();
        input::split(line, rec.quoted, &mut scratch, &mut pieces, &mut fields);
        row(first_line, &cols, latin, &fields);
    }
    Ok(latin)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record with its first line and fields, read with the given sizes.
    fn read(bytes: &[u8], sizes: (usize, usize)) -> Vec<(u64, Vec<String>)> {
        let mut out = Vec::new();
        each_sized(
            &mut &bytes[..],
            &Export::default(),
            sizes,
            |line, _, latin, fields| {
                let f = fields
                    .iter()
                    .map(|f| input::text(f, latin).into_owned())
                    .collect();
                out.push((line, f));
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        out
    }

    #[test]
    fn records_cross_reads_unchanged() {
        // A quoted note over two lines (CRLF inside it), a blank line, CRLF and bare-CR ends.
        let csv = b"id,track,received\r\n\"A1\",\"housing\",\"2026-06-01\"\r\n\
                    A2,general,\"line one\r\nline two\"\r\n\r\nA3,housing,2026-06-02\rA4,x,y";
        let whole = read(csv, (HEAD, READ));
        let lines: Vec<u64> = whole.iter().map(|(l, _)| *l).collect();
        // Header line 1; A2 starts on line 3 and takes two; a blank line 5; A3 on 6, A4 on 7.
        assert_eq!(lines, vec![2, 3, 6, 7]);
        assert_eq!(whole[1].1[2], "line one\r\nline two");
        for sizes in [(1, 1), (2, 3), (20, 1), (25, 7)] {
            assert_eq!(read(csv, sizes), whole, "{sizes:?}");
        }
    }
}
