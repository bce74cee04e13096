//! Where each field the audit reads is in an export's header: the one place `audit` and
//! `measures` resolve it (names, the column mapping, did-you-mean errors for misspelt
//! columns, see [`input::resolve`]). It judges nothing.

use super::input::{self, Located, Mapping};
use super::{Export, MAX_STAGES};
use crate::source::SourceFile;

/// Column positions, found by name in the header.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    pub(super) width: usize,
    pub(super) id: usize,
    pub(super) track: usize,
    pub(super) received: usize,
    /// the case's class (a complexity band), when the export has one
    pub(super) class: Option<usize>,
    pub(super) requested: [Option<usize>; MAX_STAGES],
    pub(super) acknowledged: [Option<usize>; MAX_STAGES],
    pub(super) extension: [Option<usize>; MAX_STAGES],
    pub(super) responded: [Option<usize>; MAX_STAGES],
    /// the file is Windows-1252 text (see [`input`])
    pub(super) latin: bool,
}

impl Columns {
    /// A row's id cell, trimmed (for `redress measures`, which counts a case once).
    pub fn id_of<'f>(&self, fields: &[&'f [u8]]) -> &'f [u8] {
        fields.get(self.id).copied().unwrap_or(b"").trim_ascii()
    }

    /// The columns of a header line, through a mapping if there is one.
    pub fn resolve(
        export: &crate::source::SourceFile,
        cells: &[input::HeaderCell],
        mapping: Option<&Mapping>,
        latin: bool,
    ) -> Result<Columns, Vec<Located>> {
        let r = input::resolve(export, cells, mapping)?;
        let at = |i: usize| r.positions.get(i).copied().flatten();
        let mut c = Columns {
            width: r.width,
            id: at(0).unwrap_or(0),
            track: at(1).unwrap_or(0),
            received: at(2).unwrap_or(0),
            class: at(3),
            latin,
            ..Columns::default()
        };
        let stride = input::STAGE_FIELDS.len();
        for k in 0..MAX_STAGES {
            let base = 4 + k * stride;
            if let Some(x) = c.requested.get_mut(k) {
                *x = at(base);
            }
            if let Some(x) = c.acknowledged.get_mut(k) {
                *x = at(base + 1);
            }
            if let Some(x) = c.extension.get_mut(k) {
                *x = at(base + 2);
            }
            if let Some(x) = c.responded.get_mut(k) {
                *x = at(base + 3);
            }
        }
        Ok(c)
    }
}

/// An export's header read into column positions: the one place `audit` and `measures`
/// resolve it (names, the mapping, did-you-mean errors for misspelt columns).
pub(crate) fn header_columns(
    export: &Export,
    header_text: &str,
    latin: bool,
) -> Result<Columns, Vec<Located>> {
    let name = if export.name.is_empty() {
        "export"
    } else {
        export.name.as_str()
    };
    let file = SourceFile::new(name, header_text);
    if header_text.trim().is_empty() {
        return Err(vec![input::empty(&file)]);
    }
    Columns::resolve(
        &file,
        &input::header_cells(header_text),
        export.mapping,
        latin,
    )
}
