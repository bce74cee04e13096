//! Reading a workbook export (`.xlsx`, `.xlsm`, `.xls`, `.ods`) as the CSV the export reader
//! ([`super::input`]) already reads: one sheet, each of its rows one CSV record.
//!
//! ## Why CSV
//!
//! One reader, one meaning. Header matching, the `--columns` mapping, UK dates, track names,
//! duplicate ids, rejections and line numbers are the CSV reader's rules; a workbook that went
//! through a second reader would, in time, be judged by a second set of them. So this module
//! decides only what a typed cell says as text, and nothing about what the audit makes of it.
//! Memory allows it: a sheet holds at most 1,048,576 rows, and its CSV is about the size of
//! the sheet's own text. An `.xlsx` sheet is streamed cell by cell into the CSV, so only the
//! CSV is held (a 200,000-row sheet of 11 columns: 24 MB at the most, where calamine's cells
//! for it take 152 MB); `.ods` and `.xls` have no streaming reader, and calamine reads the
//! sheet whole.
//!
//! ## Rows
//!
//! Line N of the CSV is row N of the sheet, so a rejected row's line number is the row a
//! spreadsheet user looks for: a blank row (or one of spaces only) is an empty line, which the
//! CSV reader skips, and a line break inside a cell (Alt+Enter in Excel) becomes a space, as
//! the reader would otherwise number every later row one line on; a header typed over two
//! lines then matches a mapping that spells it on one. The header is the first row with text:
//! rows left blank above it are not lines (and then line N is that many rows up). Column A is
//! always the first field; a row stops at its last cell with text (the reader reads missing
//! trailing fields as empty), and the header is padded to the widest row, so a stray cell
//! right of the table is an unnamed column, not a rejected row.
//!
//! ## Cells
//!
//! - text as it is (quoted when it holds a comma or a quote); `TRUE`/`FALSE` for a truth value;
//! - a number as written, an integer-valued one without `.0` (`240101`, not `240101.0`), so
//!   numeric case references stay references;
//! - a date as `YYYY-MM-DD`, a date and time as `YYYY-MM-DD HH:MM` (`:SS` when the seconds are
//!   not 0), midnight as the date alone: forms the reader's date grammar
//!   ([`crate::dates`]) accepts. Excel keeps a date as a day count (serial) marked a date by
//!   its number format, which calamine reads as a date; OpenDocument keeps ISO 8601 text. This
//!   is the one place a workbook's typed dates are turned into text;
//! - a time of day with no date as `HH:MM`: a date column holding one is then refused row by
//!   row, as in a CSV. OpenDocument keeps a time of day as a duration (`PT10H30M`), so one
//!   under a day is read as the time of day it almost always is;
//! - a duration (an Excel cell formatted `[h]:mm`, or an OpenDocument time of a day or more)
//!   and a formula's error (`#N/A`) are refused with [`UNUSABLE_CELL`], naming each cell: no
//!   reading of them is a date, and a silent blank would look like a step not yet taken.

use std::fmt::Write as _;
use std::io::Cursor;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, Ods, OdsError, Range, Reader};
use calamine::{SheetType, SheetVisible};
use calamine::{Xls, XlsError, Xlsx, XlsxError};
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::input::{nearest, normalise, Located};
use super::per_case::{push_csv_field, push_date};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::span::Span;

pub const WORKBOOK_UNREADABLE: Code = Code {
    name: "redress::audit::workbook_unreadable",
    severity: Severity::Error,
    summary: "a workbook export that cannot be opened",
    doc: "A case export named as a workbook (`.xlsx`, `.xlsm`, `.xls` or `.ods`) is not one (a \
          case-management system may save CSV or a web page under a workbook's name), is \
          damaged, or is protected by a password.\n\nHow to fix: open it in a spreadsheet and \
          save it again as `.xlsx`, `.ods` or CSV, without a password; a file that is CSV \
          already only needs renaming to `.csv`.",
};

pub const NO_SUCH_SHEET: Code = Code {
    name: "redress::audit::no_such_sheet",
    severity: Severity::Error,
    summary: "a `--sheet` the workbook does not have",
    doc: "`--sheet NAME` names the sheet of a workbook export that holds the cases, and the \
          workbook has no sheet of that name (compared ignoring case and surrounding \
          spaces).\n\nHow to fix: give one of the sheet names the help lists, or leave \
          `--sheet` out to read the first visible sheet.",
};

pub const UNUSABLE_CELL: Code = Code {
    name: "redress::audit::unusable_cell",
    severity: Severity::Error,
    summary: "a workbook cell holding a duration or a formula's error",
    doc: "A cell of a workbook export holds a duration (an Excel cell formatted `[h]:mm`, or an \
          OpenDocument time of a day or more), a formula's error (`#N/A`, `#VALUE!`), or a date \
          no calendar has. None of them reads as a date, a reference or a name, and read as a \
          blank it would look like a step not yet taken, so the audit refuses the export and \
          names each such cell.\n\nHow to fix: correct the cells, or clear them; a column the \
          audit does not read can be deleted, or the sheet saved as CSV.",
};

/// The codes of this module, for the registry.
pub const CODES: [&Code; 3] = [&WORKBOOK_UNREADABLE, &NO_SUCH_SHEET, &UNUSABLE_CELL];

/// Unusable cells named one by one; the rest are counted.
pub const CELLS_LISTED: usize = 10;

/// Whether `path` names a workbook, by its extension (`xlsx`, `xlsm`, `xls` or `ods`, in any
/// case).
pub fn is_workbook(path: &Path) -> bool {
    kind(path).is_some()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Xls,
    Ods,
}

fn kind(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" | "xlsm" => Some(Kind::Xlsx),
        "xls" => Some(Kind::Xls),
        "ods" => Some(Kind::Ods),
        _ => None,
    }
}

/// Why a workbook cannot be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Password,
    /// Not a workbook container at all; `text` when it reads as text (CSV or HTML, most
    /// likely).
    NotAWorkbook {
        text: bool,
    },
    /// A workbook container the reader could not read: calamine's reason.
    Damaged(String),
}

/// A cell that has no text the audit could read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCell {
    /// Its A1 reference (`E2`).
    pub cell: String,
    pub value: BadValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadValue {
    /// A formula's error, as the spreadsheet shows it (`#N/A`).
    Error(String),
    /// A duration, as `H:MM` (`36:00`), or as written when it cannot be read.
    Duration(String),
    /// A date outside any calendar (a negative Excel serial), or an OpenDocument date value
    /// that is not ISO 8601: as written.
    Date(String),
}

/// Why a workbook could not be turned into CSV.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// The file could not be read at all (a usage error, as for a CSV export).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{} cannot be opened as a workbook", path.display())]
    Unreadable { path: PathBuf, why: Unreadable },
    #[error("{} has no sheet `{asked}`", path.display())]
    NoSuchSheet {
        path: PathBuf,
        asked: String,
        /// The workbook's worksheets, in order.
        sheets: Vec<String>,
    },
    #[error("{} has cells that are not text, numbers or dates", path.display())]
    Cells {
        path: PathBuf,
        sheet: String,
        /// The first [`CELLS_LISTED`], in reading order.
        cells: Vec<BadCell>,
        /// How many more there are.
        more: usize,
    },
}

impl WorkbookError {
    /// The coded diagnostics, each pointing into the workbook (whose text is not shown: it
    /// is not text). Empty for [`WorkbookError::Io`], which is a usage error.
    pub fn located(&self) -> Vec<Located> {
        let at = |path: &Path, code: &'static Code, message: String, label: &str, help: String| {
            Located {
                file: SourceFile::new(path, ""),
                diagnostic: Diagnostic::new(code, message, Span::new(0, 0), label, help),
            }
        };
        match self {
            WorkbookError::Io(_) => Vec::new(),
            WorkbookError::Unreadable { path, why } => {
                let name = path.display();
                let (message, help) = match why {
                    Unreadable::Password => (
                        format!("the workbook `{name}` is protected by a password"),
                        "open it, remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, and clear it) and save it, or save the sheet as CSV".to_string(),
                    ),
                    Unreadable::NotAWorkbook { text: true } => (
                        format!("`{name}` is named as a workbook but holds text"),
                        "a case-management system may save CSV (or a web page) under a workbook's name: if it is CSV, rename it to `.csv`; otherwise open it in a spreadsheet and save it as `.xlsx` or CSV".to_string(),
                    ),
                    Unreadable::NotAWorkbook { text: false } => (
                        format!("`{name}` is not a workbook (`.xlsx`, `.xlsm`, `.xls` or `.ods`)"),
                        "open it in the program that made it and save it as `.xlsx`, `.ods` or CSV".to_string(),
                    ),
                    Unreadable::Damaged(reason) => (
                        format!("the workbook `{name}` is damaged and cannot be read"),
                        format!("export it again, or open it in a spreadsheet and save it again as `.xlsx`, `.ods` or CSV (the reader said: {reason})"),
                    ),
                };
                vec![at(path, &WORKBOOK_UNREADABLE, message, "here", help)]
            }
            WorkbookError::NoSuchSheet {
                path,
                asked,
                sheets,
            } => {
                let listed = sheets
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let help = match nearest(asked, sheets.iter().map(|s| s.as_str())) {
                    Some(n) => format!("did you mean `{n}`? The workbook's sheets are {listed}"),
                    None => format!("the workbook's sheets are {listed}"),
                };
                vec![at(
                    path,
                    &NO_SUCH_SHEET,
                    format!("the workbook `{}` has no sheet `{asked}`", path.display()),
                    "the workbook",
                    help,
                )]
            }
            WorkbookError::Cells {
                path,
                sheet,
                cells,
                more,
            } => {
                let last = cells.len().saturating_sub(1);
                cells
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let (what, mut help) = match &c.value {
                            BadValue::Error(e) => (
                                format!("the error `{e}` of a formula"),
                                "correct the formula or clear the cell; a column the audit does not read can be deleted".to_string(),
                            ),
                            BadValue::Duration(d) => (
                                format!("a duration (`{d}`), not a date"),
                                "give the cell a date or a date and time, or clear it; a column the audit does not read can be deleted".to_string(),
                            ),
                            BadValue::Date(d) => (
                                format!("a date no calendar has (`{d}`)"),
                                "give the cell a date or a date and time, or clear it".to_string(),
                            ),
                        };
                        if i == last && *more > 0 {
                            let _ = write!(
                                help,
                                " ({more} more {} like this not listed)",
                                if *more == 1 { "cell" } else { "cells" }
                            );
                        }
                        at(
                            path,
                            &UNUSABLE_CELL,
                            format!("cell `{}` of sheet `{sheet}` holds {what}", c.cell),
                            "the workbook",
                            help,
                        )
                    })
                    .collect()
            }
        }
    }
}

/// The sheet `sheet` (or the first visible worksheet) of the workbook at `path` as CSV bytes:
/// see the module's documentation for what each cell becomes.
pub fn to_csv(path: &Path, sheet: Option<&str>) -> Result<Vec<u8>, WorkbookError> {
    let unreadable = |why| WorkbookError::Unreadable {
        path: path.to_path_buf(),
        why,
    };
    let Some(kind) = kind(path) else {
        return Err(unreadable(Unreadable::NotAWorkbook { text: false }));
    };
    let bytes = std::fs::read(path)?;
    if !is_container(&bytes) {
        let text = !bytes.iter().take(4096).any(|&b| b == 0);
        return Err(unreadable(Unreadable::NotAWorkbook { text }));
    }
    // calamine is a parser of untrusted binary formats: should it panic on a damaged file, the
    // file is reported as damaged rather than the run ending.
    let read = std::panic::catch_unwind(move || match kind {
        Kind::Xlsx => xlsx(bytes, sheet),
        Kind::Xls => whole::<Xls<_>>(bytes, sheet, xls_why),
        Kind::Ods => whole::<Ods<_>>(bytes, sheet, ods_why),
    });
    let (name, csv) = match read {
        Ok(Ok(r)) => r,
        Ok(Err(Opened::Unreadable(why))) => return Err(unreadable(why)),
        Ok(Err(Opened::NoSuchSheet { asked, sheets })) => {
            return Err(WorkbookError::NoSuchSheet {
                path: path.to_path_buf(),
                asked,
                sheets,
            })
        }
        Err(_) => {
            return Err(unreadable(Unreadable::Damaged(
                "the reader failed on it".into(),
            )))
        }
    };
    csv.finish().map_err(|(cells, more)| WorkbookError::Cells {
        path: path.to_path_buf(),
        sheet: name,
        cells,
        more,
    })
}

/// A zip (`.xlsx`, `.ods`) or an OLE compound file (`.xls`, and an encrypted `.xlsx`).
fn is_container(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
}

fn xlsx_why(e: XlsxError) -> Unreadable {
    match e {
        XlsxError::Password => Unreadable::Password,
        e => Unreadable::Damaged(e.to_string()),
    }
}

fn xls_why(e: XlsError) -> Unreadable {
    match e {
        XlsError::Password => Unreadable::Password,
        e => Unreadable::Damaged(e.to_string()),
    }
}

fn ods_why(e: OdsError) -> Unreadable {
    match e {
        OdsError::Password => Unreadable::Password,
        e => Unreadable::Damaged(e.to_string()),
    }
}

enum Opened {
    Unreadable(Unreadable),
    NoSuchSheet { asked: String, sheets: Vec<String> },
}

/// An `.xlsx` sheet, its cells streamed from the file into the CSV as they are read, so only
/// the CSV is held (a 200,000-row sheet held as calamine's cells took 157 MB). A sheet whose
/// cells are not in row order (the format requires it, but a careless writer may not keep
/// it) is read whole instead.
fn xlsx(bytes: Vec<u8>, sheet: Option<&str>) -> Result<(String, Csv), Opened> {
    let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| Opened::Unreadable(xlsx_why(e)))?;
    let name = choose(wb.sheets_metadata(), sheet)?;
    let mut csv = Csv::default();
    let mut in_order = true;
    {
        let mut cells = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| Opened::Unreadable(xlsx_why(e)))?;
        while let Some(cell) = cells
            .next_cell()
            .map_err(|e| Opened::Unreadable(xlsx_why(e)))?
        {
            let (row, col) = cell.get_position();
            if !csv.cell(row, col, Value::from(cell.get_value())) {
                in_order = false;
                break;
            }
        }
    }
    if !in_order {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| Opened::Unreadable(xlsx_why(e)))?;
        csv = Csv::of(&range);
    }
    Ok((name, csv))
}

/// A sheet of a workbook of type `R`, read whole by calamine (`.xls` and `.ods` have no
/// streaming reader).
fn whole<R>(
    bytes: Vec<u8>,
    sheet: Option<&str>,
    why: fn(R::Error) -> Unreadable,
) -> Result<(String, Csv), Opened>
where
    R: Reader<Cursor<Vec<u8>>>,
{
    let mut wb = R::new(Cursor::new(bytes)).map_err(|e| Opened::Unreadable(why(e)))?;
    let name = choose(wb.sheets_metadata(), sheet)?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| Opened::Unreadable(why(e)))?;
    Ok((name, Csv::of(&range)))
}

/// The sheet asked for (its exact name, else the one sheet whose name matches ignoring case
/// and surrounding spaces), or the first visible worksheet.
fn choose(sheets: &[calamine::Sheet], want: Option<&str>) -> Result<String, Opened> {
    let worksheets: Vec<&calamine::Sheet> = sheets
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .collect();
    match want {
        Some(w) => {
            if let Some(s) = worksheets.iter().find(|s| s.name == w) {
                return Ok(s.name.clone());
            }
            let loose: Vec<&&calamine::Sheet> = worksheets
                .iter()
                .filter(|s| normalise(&s.name) == normalise(w))
                .collect();
            match loose.as_slice() {
                [one] => Ok(one.name.clone()),
                _ => Err(Opened::NoSuchSheet {
                    asked: w.to_string(),
                    sheets: worksheets.iter().map(|s| s.name.clone()).collect(),
                }),
            }
        }
        None => worksheets
            .iter()
            .find(|s| s.visible == SheetVisible::Visible)
            .or_else(|| worksheets.first())
            .map(|s| s.name.clone())
            .ok_or(Opened::Unreadable(Unreadable::Damaged(
                "it has no worksheet".into(),
            ))),
    }
}

/// A cell's value, borrowed from calamine's owned cells (`.xls`, `.ods`) or its streamed ones
/// (`.xlsx`), so that both are written by the one [`cell_text`].
#[derive(Clone, Copy)]
enum Value<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// Excel: a day count marked a date (or a duration) by its number format
    Serial(&'a ExcelDateTime),
    /// OpenDocument: a date value, ISO 8601
    IsoDate(&'a str),
    /// OpenDocument: a time value, an ISO 8601 duration
    IsoTime(&'a str),
    Error(&'a CellErrorType),
}

impl<'a> From<&'a Data> for Value<'a> {
    fn from(d: &'a Data) -> Self {
        match d {
            Data::Empty => Value::Empty,
            Data::String(s) => Value::Text(s),
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(x) => Value::Serial(x),
            Data::DateTimeIso(s) => Value::IsoDate(s),
            Data::DurationIso(s) => Value::IsoTime(s),
            Data::Error(e) => Value::Error(e),
        }
    }
}

impl<'a> From<&'a DataRef<'_>> for Value<'a> {
    fn from(d: &'a DataRef<'_>) -> Self {
        match d {
            DataRef::Empty => Value::Empty,
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(x) => Value::Serial(x),
            DataRef::DateTimeIso(s) => Value::IsoDate(s),
            DataRef::DurationIso(s) => Value::IsoTime(s),
            DataRef::Error(e) => Value::Error(e),
        }
    }
}

/// The CSV of a sheet, written as its cells arrive in row order (row, then column; absolute
/// positions, so column A is always the first field). The header is the first row with text
/// (rows above it are not lines); a row is written up to its last cell with text (the reader
/// takes missing trailing fields as empty), and the header is padded at the end to the widest
/// row, so that no row has more fields than the header.
#[derive(Default)]
struct Csv {
    out: Vec<u8>,
    /// Where the header's line end is, and how many fields it has.
    header: Option<(usize, u32)>,
    /// The sheet row of the last line written.
    last_row: u32,
    /// The row being written, its text so far, the commas in it, and whether it has any text
    /// other than spaces (a row of spaces is blank to the eye, so a blank line).
    row: Option<u32>,
    line: Vec<u8>,
    commas: u32,
    has_text: bool,
    /// The widest row, in fields.
    width: u32,
    /// The last cell added, to refuse cells out of order.
    last: Option<(u32, u32)>,
    bad: Vec<BadCell>,
    more: usize,
    /// A cell's text, when it is not borrowed from the cell.
    buf: Vec<u8>,
}

impl Csv {
    /// A sheet read whole.
    fn of(range: &Range<Data>) -> Csv {
        let mut csv = Csv::default();
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (r, row) in (row0..).zip(range.rows()) {
            for (c, cell) in (col0..).zip(row) {
                // A range's cells are in order by construction.
                let _ = csv.cell(r, c, Value::from(cell));
            }
        }
        csv
    }

    /// Add the cell at (`row`, `col`), 0-based; false (and nothing added) when it comes before
    /// a cell already added.
    fn cell(&mut self, row: u32, col: u32, v: Value) -> bool {
        if self.last.is_some_and(|last| (row, col) <= last) {
            return false;
        }
        self.last = Some((row, col));
        let mut buf = std::mem::take(&mut self.buf);
        match cell_bytes(v, &mut buf) {
            Err(value) => {
                if self.bad.len() < CELLS_LISTED {
                    self.bad.push(BadCell {
                        cell: a1(row as usize, col as usize),
                        value,
                    });
                } else {
                    self.more += 1;
                }
            }
            Ok([]) => {}
            Ok(text) => {
                if self.row != Some(row) {
                    self.end_row();
                    self.row = Some(row);
                }
                while self.commas < col {
                    self.line.push(b',');
                    self.commas += 1;
                }
                push_csv_field(&mut self.line, text);
                // As the CSV reader judges a blank line: ASCII spaces.
                self.has_text |= !text.trim_ascii().is_empty();
            }
        }
        self.buf = buf;
        true
    }

    /// Write the row being written, after an empty line for each blank row since the last.
    fn end_row(&mut self) {
        let Some(row) = self.row.take() else { return };
        let commas = std::mem::take(&mut self.commas);
        if std::mem::take(&mut self.has_text) {
            if self.header.is_some() {
                for _ in self.last_row + 1..row {
                    self.out.push(b'\n');
                }
            }
            self.out.append(&mut self.line);
            if self.header.is_none() {
                self.header = Some((self.out.len(), commas + 1));
            }
            self.out.push(b'\n');
            self.width = self.width.max(commas + 1);
            self.last_row = row;
        }
        self.line.clear();
    }

    /// The CSV, or the unusable cells (the first [`CELLS_LISTED`] and how many more).
    fn finish(mut self) -> Result<Vec<u8>, (Vec<BadCell>, usize)> {
        self.end_row();
        if !self.bad.is_empty() {
            return Err((self.bad, self.more));
        }
        if let Some((end, fields)) = self.header {
            let pad = self.width.saturating_sub(fields) as usize;
            if pad > 0 {
                self.out.splice(end..end, std::iter::repeat_n(b',', pad));
            }
        }
        Ok(self.out)
    }
}

/// A cell's text, or why it has none: borrowed from the cell, or written to `buf` (cleared
/// first), so that a sheet's dates and numbers cost no allocation each.
fn cell_bytes<'v>(v: Value<'v>, buf: &'v mut Vec<u8>) -> Result<&'v [u8], BadValue> {
    buf.clear();
    match v {
        Value::Empty => return Ok(b""),
        Value::Text(s) if !s.contains(['\n', '\r']) => return Ok(s.as_bytes()),
        // Line breaks (LF, CRLF, CR) as spaces: see "Rows" above.
        Value::Text(s) => {
            buf.extend_from_slice(s.replace("\r\n", " ").replace(['\r', '\n'], " ").as_bytes())
        }
        Value::Int(i) => {
            let _ = write!(buf, "{i}");
        }
        Value::Float(f) => {
            let _ = write!(buf, "{}", number(f));
        }
        Value::Bool(b) => return Ok(if b { b"TRUE" } else { b"FALSE" }),
        Value::Serial(x) => match excel_datetime(x)? {
            When::At(dt) => push_datetime(buf, dt),
            When::TimeOfDay(t) => push_time(buf, t),
        },
        Value::IsoDate(s) => push_datetime(buf, iso_datetime(s)?),
        Value::IsoTime(s) => push_time(buf, iso_time(s)?),
        Value::Error(e) => return Err(BadValue::Error(e.to_string())),
    }
    Ok(buf)
}

/// A number as written: Rust's shortest round-trip form, which has no exponent and no `.0`
/// (`12.0` is `12`); `-0` as `0`.
fn number(f: f64) -> f64 {
    if f == 0.0 {
        0.0
    } else {
        f
    }
}

/// What a date cell holds.
#[derive(Debug, PartialEq)]
enum When {
    At(NaiveDateTime),
    /// a time with no date
    TimeOfDay(NaiveTime),
}

/// An Excel serial date, date and time, time of day or duration.
fn excel_datetime(x: &ExcelDateTime) -> Result<When, BadValue> {
    let v = x.as_f64();
    if x.is_duration() {
        return Err(BadValue::Duration(hours_minutes(v * 86_400.0)));
    }
    let dt = x
        .as_datetime()
        .filter(|dt| v >= 0.0 && written(dt))
        .ok_or_else(|| BadValue::Date(number(v).to_string()))?;
    if v < 1.0 {
        // No day: a time of day (Excel's day 0 is no date).
        return Ok(When::TimeOfDay(dt.time()));
    }
    Ok(When::At(dt))
}

/// An OpenDocument date value (or an `.xlsx` cell of type `d`): `2026-06-01` or
/// `2026-06-01T10:00:00`, the seconds perhaps with a fraction, perhaps marked `Z` (the clock
/// time is taken as it is, as a spreadsheet shows it).
fn iso_datetime(s: &str) -> Result<NaiveDateTime, BadValue> {
    let t = s.strip_suffix('Z').unwrap_or(s);
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(|d| d.and_time(NaiveTime::MIN))
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f"))
        .ok()
        .filter(written)
        .ok_or_else(|| BadValue::Date(s.to_string()))
}

/// Whether a date's year has the four digits the date grammar reads.
fn written(dt: &NaiveDateTime) -> bool {
    (1..=9999).contains(&dt.year())
}

/// An OpenDocument time value (`PT10H30M00S`): under a day, the time of day; else a duration.
fn iso_time(s: &str) -> Result<NaiveTime, BadValue> {
    let secs = iso_seconds(s).ok_or_else(|| BadValue::Duration(s.to_string()))?;
    if !(0.0..86_400.0).contains(&secs) {
        return Err(BadValue::Duration(hours_minutes(secs)));
    }
    NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, 0)
        .ok_or_else(|| BadValue::Duration(s.to_string()))
}

/// Seconds in an ISO 8601 duration of days, hours, minutes and seconds (`-P1DT2H30M15.5S`).
fn iso_seconds(s: &str) -> Option<f64> {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, s),
    };
    let rest = rest.strip_prefix('P')?;
    let mut total = 0.0;
    let mut in_time = false;
    let mut num = String::new();
    for ch in rest.chars() {
        match ch {
            'T' if !in_time && num.is_empty() => in_time = true,
            '0'..='9' | '.' => num.push(ch),
            unit => {
                let n: f64 = num.parse().ok()?;
                num.clear();
                total += n * match (in_time, unit) {
                    (false, 'D') => 86_400.0,
                    (true, 'H') => 3_600.0,
                    (true, 'M') => 60.0,
                    (true, 'S') => 1.0,
                    _ => return None,
                };
            }
        }
    }
    num.is_empty().then_some(sign * total)
}

/// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or `YYYY-MM-DD HH:MM:SS` (a fraction of a second dropped;
/// midnight the date alone), the date written by the audit's one date writer.
fn push_datetime(out: &mut Vec<u8>, dt: NaiveDateTime) {
    push_date(out, Some(dt.date()));
    if dt.time().num_seconds_from_midnight() != 0 {
        out.push(b' ');
        push_time(out, dt.time());
    }
}

/// `HH:MM`, or `HH:MM:SS` when the seconds are not 0.
fn push_time(out: &mut Vec<u8>, t: NaiveTime) {
    let two = |out: &mut Vec<u8>, v: u32| {
        out.extend_from_slice(&[b'0' + (v / 10 % 10) as u8, b'0' + (v % 10) as u8]);
    };
    two(out, t.hour());
    out.push(b':');
    two(out, t.minute());
    if t.second() != 0 {
        out.push(b':');
        two(out, t.second());
    }
}

/// A duration in seconds as `H:MM` (hours past 24 kept), for messages.
fn hours_minutes(secs: f64) -> String {
    let m = (secs / 60.0).round() as i64;
    let sign = if m < 0 { "-" } else { "" };
    format!("{sign}{}:{:02}", m.abs() / 60, m.abs() % 60)
}

/// The A1 reference of a 0-based row and column: (1, 4) is `E2`, (0, 26) `AA1`.
fn a1(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    /// A cell's text as a string.
    fn text(v: Value) -> Result<String, BadValue> {
        let mut buf = Vec::new();
        cell_bytes(v, &mut buf).map(|b| String::from_utf8(b.to_vec()).unwrap())
    }

    fn serial(v: f64) -> Result<String, BadValue> {
        text(Value::Serial(&ExcelDateTime::new(
            v,
            ExcelDateTimeType::DateTime,
            false,
        )))
    }

    #[test]
    fn excel_serials() {
        // Day 46174 is Monday 1 June 2026 (day 1 is 1 January 1900, and Excel counts a 29
        // February 1900 that never was); .4375 of a day is 10:30.
        assert_eq!(serial(46174.0).as_deref(), Ok("2026-06-01"));
        assert_eq!(serial(46174.4375).as_deref(), Ok("2026-06-01 10:30"));
        assert_eq!(
            serial(46174.0 + 45015.0 / 86400.0).as_deref(),
            Ok("2026-06-01 12:30:15")
        );
        assert_eq!(serial(0.4375).as_deref(), Ok("10:30"));
        assert_eq!(serial(-1.0), Err(BadValue::Date("-1".into())));
        // 31 December 9999 is Excel's last day, 2958465.
        assert_eq!(serial(2958465.0).as_deref(), Ok("9999-12-31"));
        assert_eq!(serial(2958466.0), Err(BadValue::Date("2958466".into())));
        // In a workbook dated from 1904, day 0 is 1 January 1904: 1 June 2026 is day 44712.
        let x = ExcelDateTime::new(44712.75, ExcelDateTimeType::DateTime, true);
        assert_eq!(text(Value::Serial(&x)).as_deref(), Ok("2026-06-01 18:00"));
        let d = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(
            text(Value::Serial(&d)),
            Err(BadValue::Duration("36:00".into()))
        );
    }

    #[test]
    fn opendocument_values() {
        let date = |s| text(Value::IsoDate(s));
        let time = |s| text(Value::IsoTime(s));
        assert_eq!(date("2026-06-01").as_deref(), Ok("2026-06-01"));
        assert_eq!(date("2026-06-01T00:00:00").as_deref(), Ok("2026-06-01"));
        assert_eq!(
            date("2026-06-01T10:00:00.25").as_deref(),
            Ok("2026-06-01 10:00")
        );
        assert_eq!(date("1/6/2026"), Err(BadValue::Date("1/6/2026".into())));
        assert_eq!(
            date("2026-06-01T18:30:00Z").as_deref(),
            Ok("2026-06-01 18:30")
        );
        assert_eq!(
            date("2026-06-01T18:30:00+01:00"),
            Err(BadValue::Date("2026-06-01T18:30:00+01:00".into()))
        );
        assert_eq!(date("0000-06-01"), Err(BadValue::Date("0000-06-01".into())));
        assert_eq!(time("PT10H30M00S").as_deref(), Ok("10:30"));
        assert_eq!(time("PT16H45M05.5S").as_deref(), Ok("16:45:05"));
        assert_eq!(time("PT36H00M00S"), Err(BadValue::Duration("36:00".into())));
        assert_eq!(time("P1DT2H"), Err(BadValue::Duration("26:00".into())));
        assert_eq!(time("-PT1H"), Err(BadValue::Duration("-1:00".into())));
        assert_eq!(time("10:30"), Err(BadValue::Duration("10:30".into())));
        assert_eq!(iso_seconds("PT1H2M3S"), Some(3723.0));
        assert_eq!(iso_seconds("P1H"), None);
        assert_eq!(iso_seconds("PT5"), None);
    }

    #[test]
    fn numbers_text_and_references() {
        let float = |f| text(Value::Float(f)).unwrap();
        assert_eq!(float(240101.0), "240101");
        assert_eq!(float(12.5), "12.5");
        assert_eq!(float(0.1), "0.1");
        assert_eq!(float(-0.0), "0");
        assert_eq!(float(1e20), "100000000000000000000");
        assert_eq!(text(Value::Int(-7)).unwrap(), "-7");
        assert_eq!(text(Value::Bool(true)).unwrap(), "TRUE");
        assert_eq!(text(Value::Text("a\r\nb\nc\rd")).unwrap(), "a b c d");
        assert_eq!(
            text(Value::Error(&CellErrorType::Div0)),
            Err(BadValue::Error("#DIV/0!".into()))
        );
        assert_eq!(a1(1, 4), "E2");
        assert_eq!(a1(0, 25), "Z1");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(9, 701), "ZZ10");
        assert_eq!(a1(0, 702), "AAA1");
    }

    #[test]
    fn rows_and_columns() {
        // The header in sheet row 3 (index 2) from column B; row 4 empty; row 5 spaces only;
        // row 6 one field wider than the header; row 7 short.
        let mut c = Csv::default();
        assert!(c.cell(2, 1, Value::Text("id")));
        assert!(c.cell(2, 2, Value::Text("track")));
        assert!(c.cell(4, 1, Value::Text("  ")));
        assert!(c.cell(5, 1, Value::Int(7)));
        assert!(c.cell(5, 2, Value::Empty));
        assert!(c.cell(5, 3, Value::Text("x")));
        assert!(c.cell(6, 2, Value::Text("only, c")));
        // Before a cell already added: refused.
        assert!(!c.cell(6, 0, Value::Int(1)));
        // Column A is the first field (empty here); rows 4 and 5 are empty lines; the header
        // padded to row 6's four fields; row 7 stops at its last cell.
        assert_eq!(
            c.finish(),
            Ok(b",id,track,\n\n\n,7,,x\n,,\"only, c\"\n".to_vec())
        );
        assert_eq!(Csv::default().finish(), Ok(Vec::new()));
    }

    #[test]
    fn unusable_cells_listed_then_counted() {
        // Twelve `#N/A` down column C from row 2: C2 to C11 named, two more counted.
        let mut c = Csv::default();
        assert!(c.cell(0, 0, Value::Text("id")));
        for r in 1..=12 {
            assert!(c.cell(r, 2, Value::Error(&CellErrorType::NA)));
        }
        let Err((cells, more)) = c.finish() else {
            panic!("no unusable cells")
        };
        assert_eq!(cells.len(), CELLS_LISTED);
        assert_eq!(
            (cells[0].cell.as_str(), cells[9].cell.as_str()),
            ("C2", "C11")
        );
        assert_eq!(more, 2);
        let e = WorkbookError::Cells {
            path: "export.xlsx".into(),
            sheet: "Cases".into(),
            cells,
            more,
        };
        let l = e.located();
        assert_eq!(l.len(), CELLS_LISTED);
        assert!(l[9]
            .diagnostic
            .help
            .ends_with("(2 more cells like this not listed)"));
        assert!(!l[8].diagnostic.help.contains("not listed"));
    }

    #[test]
    fn workbooks_by_extension() {
        for p in ["a.xlsx", "a.XLSX", "b.Ods", "c.xls", "d.xlsm"] {
            assert!(is_workbook(Path::new(p)), "{p}");
        }
        for p in ["a.csv", "a.xlsx.csv", "xlsx", "a.xlsb"] {
            assert!(!is_workbook(Path::new(p)), "{p}");
        }
    }
}
