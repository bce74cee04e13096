//! `redress audit`: a case-management export (CSV) judged against a policy, row by row, with a
//! performance report per stage and track.
//!
//! The `s1_*`, `s2_*` and `s3_*` columns are the case's track's FORMAL stages 1, 2 and 3 (the
//! stages whose role is `stage-1`, `stage-2`, `stage-3` on the track's route), never the
//! stages' order in the file. Early-resolution steps before formal stage 1 are not audited: an
//! export records the formal complaint, so formal stage 1 counts from receipt, as in the
//! simulator when the early steps are skipped. A track with fewer formal stages leaves the
//! later columns empty (a row that fills them is rejected).
//!
//! The deadlines come from the schedule core ([`crate::schedule`]), the same code the
//! simulator and the deadline calculator use: for each track the acknowledgement and response
//! rules of its formal stages are compiled once into the core's plans against the track's
//! route ([`plan`]), and each row fills the core's [`Facts`](crate::schedule::Facts) and asks
//! for the due dates ([`judge`]), so the work per row is a few calendar look-ups.
//!
//! The module is cut along its jobs, each of which knows nothing of the ones after it:
//!
//! | file | job |
//! |---|---|
//! | [`input`] | the export's text, header, column mapping and record grammar |
//! | [`workbook`] | a workbook's sheet turned into the records `input` reads |
//! | [`columns`] | where each field is in the header |
//! | [`plan`] | the policy compiled for judging rows |
//! | [`judge`] | one row: its verdicts, or why it is rejected |
//! | [`counts`] | what the rows add up to |
//! | [`per_case`] | the per-case output line of a row |
//! | `chunk` | a worker's job: one chunk of rows judged and counted |
//! | [`duplicates`] | the one rule for an id on more than one row |
//! | `reader` | chunks read, judged on N threads, merged in file order |
//! | [`report`](mod@report) | the report every output format reads |
//! | [`as_of`] | the morning list: each case as it stands on a day, with its next action |

use std::io::{Read, Write};

pub mod as_of;
mod chunk;
pub mod columns;
pub mod counts;
pub mod duplicates;
pub mod input;
pub mod judge;
pub mod per_case;
pub mod plan;
mod reader;
pub mod report;
pub mod workbook;

pub(crate) use columns::header_columns;
pub use columns::Columns;
pub use counts::{Aggregate, Counts, Duplicate, Rejected, DUPLICATES_LISTED};
pub use input::{Located, Mapping};
pub use judge::{judge_row, RowVerdict, StageVerdict};
pub use per_case::cases_header;
pub use plan::Plan;
pub use report::{report, DuplicateReport, Report, StageReport};

/// At most this many formal stages are audited (`s1_*` to `s3_*`).
pub const MAX_STAGES: usize = 3;
/// Rejected rows listed in the report; the rest are only counted.
pub const REJECTED_LISTED: usize = 1000;

/// Why an audit could not run.
#[derive(Debug)]
pub enum AuditError {
    Io(std::io::Error),
    /// The export's header (or the column mapping) cannot be used: coded diagnostics, each
    /// with the file it points into.
    Input(Vec<Located>),
    /// A worker stopped without finishing its chunk (a bug in redress: judging a row never
    /// panics on what the export says). The audit stops rather than leave the chunk's rows
    /// out of the counts.
    Worker(String),
}

impl std::fmt::Display for AuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditError::Io(e) => write!(f, "{e}"),
            AuditError::Worker(m) => write!(
                f,
                "the audit stopped: a worker thread failed ({m}); this is a bug in redress, please report it with the export's header"
            ),
            AuditError::Input(es) => {
                let ms: Vec<&str> = es.iter().map(|e| e.diagnostic.message.as_str()).collect();
                write!(f, "{}", ms.join("; "))
            }
        }
    }
}

impl From<std::io::Error> for AuditError {
    fn from(e: std::io::Error) -> Self {
        AuditError::Io(e)
    }
}

/// How to read an export: its name (for diagnostics) and a column mapping, if any.
#[derive(Clone, Debug, Default)]
pub struct Export<'m> {
    pub name: String,
    pub mapping: Option<&'m Mapping>,
}

/// Audit a whole export: counts, and with `cases_out` the per-case verdicts in input order.
/// `threads` 0 means one per core.
pub fn audit(
    plan: &Plan,
    input: &mut dyn Read,
    cases_out: Option<&mut dyn Write>,
    threads: usize,
    chunk_size: usize,
) -> Result<Aggregate, AuditError> {
    audit_export(
        plan,
        &Export::default(),
        input,
        cases_out,
        threads,
        chunk_size,
    )
}

/// [`audit`] of an export read as `export` says (its name, its column mapping). The result
/// is the same whatever `threads` and `chunk_size` (0: the default size); see `src/audit/reader.rs`.
pub fn audit_export(
    plan: &Plan,
    export: &Export,
    input: &mut dyn Read,
    cases_out: Option<&mut dyn Write>,
    threads: usize,
    chunk_size: usize,
) -> Result<Aggregate, AuditError> {
    reader::run(plan, export, input, cases_out, threads, chunk_size)
}
