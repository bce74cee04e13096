//! A worker's job: judge every record of one chunk of an export (whole records only, cut by
//! [`super::reader`]), count them, write their per-case lines, and offer each accepted row's
//! id to the shared duplicate index, noting what the merger needs to settle the duplicate
//! rule in file order ([`Accepted`]). Line numbers are relative to the chunk.

use crate::schedule::Facts;

use super::counts::Tally;
use super::duplicates::{self, Offer, SharedIndex};
use super::judge::judge_row_in;
use super::{input, per_case, Aggregate, Columns, Plan};

/// What the merger needs of an accepted row to take it back out if an earlier row has its id
/// (its offer to the index is [`Judged::offers`], at the same place).
#[derive(Clone, Copy, Debug)]
pub(super) struct Accepted {
    /// its first line, relative to the chunk (the chunk's first line is 1)
    pub line: u64,
    /// where its record starts in the chunk (to read its id again)
    pub rec: usize,
    /// where its per-case line ends in [`Judged::out`] (it starts where the previous one ends)
    pub out_end: usize,
    pub tally: Tally,
}

/// A chunk judged. Reused from chunk to chunk, so a long export allocates nothing per chunk.
pub(super) struct Judged {
    /// counts, with line numbers relative to the chunk
    pub agg: Aggregate,
    /// line ends in the chunk
    pub lines: u64,
    /// the accepted rows, in file order
    pub rows: Vec<Accepted>,
    /// the same rows as offered to the duplicate index
    pub offers: Vec<Offer>,
    /// the per-case lines of the accepted rows (when they are written)
    pub out: Vec<u8>,
}

impl Judged {
    pub fn new(plan: &Plan) -> Judged {
        Judged {
            agg: Aggregate::new(plan),
            lines: 0,
            rows: Vec::new(),
            offers: Vec::new(),
            out: Vec::new(),
        }
    }

    fn clear(&mut self) {
        self.agg.clear();
        self.lines = 0;
        self.rows.clear();
        self.offers.clear();
        self.out.clear();
    }
}

/// A worker's buffers, kept from record to record and chunk to chunk.
#[derive(Default)]
pub(super) struct Scratch {
    spare: Vec<&'static [u8]>,
    text: Vec<u8>,
    pieces: Vec<input::Piece>,
    row: Vec<u8>,
    facts: Facts,
}

/// An emptied vector of fields, its allocation kept for fields that borrow something else.
fn recycle<'b>(mut v: Vec<&[u8]>) -> Vec<&'b [u8]> {
    v.clear();
    v.into_iter().map(|_| &b""[..]).collect()
}

/// What a worker works with: the same for every chunk.
pub(super) struct Job<'a, 'p> {
    pub plan: &'a Plan<'p>,
    pub cols: &'a Columns,
    pub index: &'a SharedIndex,
    /// write the per-case lines
    pub writing: bool,
}

/// Judge every record of chunk `seq` into `j` (cleared first). A record is numbered by its
/// first line.
pub(super) fn judge_chunk(job: &Job, seq: u64, chunk: &[u8], j: &mut Judged, s: &mut Scratch) {
    let (plan, cols) = (job.plan, job.cols);
    j.clear();
    let mut recs = input::records(chunk);
    for rec in recs.by_ref() {
        j.agg.rows += 1;
        let mut fields = recycle(std::mem::take(&mut s.spare));
        input::split(
            rec.text,
            rec.quoted,
            &mut s.text,
            &mut s.pieces,
            &mut fields,
        );
        #[cfg(test)]
        tests::maybe_fail(&fields);
        match judge_row_in(plan, cols, &fields, &mut s.facts) {
            Ok(v) => {
                if job.writing {
                    per_case::write_row(&mut j.out, plan, &fields, cols, &v);
                }
                let tally = Tally::of(&v);
                j.agg.accepted += 1;
                j.agg.apply(&tally, true);
                j.offers.push(Offer {
                    key: duplicates::key(cols.id_of(&fields)),
                    pos: duplicates::position(seq, rec.line),
                    row: duplicates::row_hash_in(&fields, &mut s.row),
                    later: false,
                });
                j.rows.push(Accepted {
                    line: rec.line,
                    rec: rec.start,
                    out_end: j.out.len(),
                    tally,
                });
            }
            Err(reason) => j.agg.reject(rec.line, reason),
        }
        s.spare = recycle(fields);
    }
    j.lines = recs.lines();
    job.index.offer_all(&mut j.offers);
}

/// The id of the record that starts at `rec` in `chunk`, as text (for a duplicate's reason).
pub(super) fn id_at(chunk: &[u8], rec: usize, cols: &Columns) -> String {
    let Some(r) = input::records(chunk.get(rec..).unwrap_or(b"")).next() else {
        return String::new();
    };
    let (mut text, mut pieces, mut fields) = (Vec::new(), Vec::new(), Vec::new());
    input::split(r.text, r.quoted, &mut text, &mut pieces, &mut fields);
    input::text(cols.id_of(&fields), cols.latin).into_owned()
}

#[cfg(test)]
pub(super) mod tests {
    /// A row whose id is this makes the worker that judges it panic, so that a test can check
    /// that a failed worker stops the audit with an error rather than leaving its counts out.
    pub const FAIL: &[u8] = b"__redress_test_worker_failure__";

    pub fn maybe_fail(fields: &[&[u8]]) {
        if fields.first() == Some(&FAIL) {
            panic!("a worker failed on purpose (test)");
        }
    }
}
