//! How an export goes through the audit: read in chunks cut at record boundaries, judged by
//! long-lived workers, merged in file order.
//!
//! ```text
//!            chunks (seq, bytes)              judged chunks (seq, ...)
//!  reader ──── bounded channel ────► N workers ──── channel ────► merger / writer
//!    ▲                                                                  │
//!    └──────────────────── the chunk's buffers, for reuse ──────────────┘
//! ```
//!
//! - **One reader** fills a chunk with at least `chunk_size` bytes and cuts it after its last
//!   whole record ([`input::last_boundary`], quote-aware), carrying the rest to the next.
//! - **N workers**, started once, take chunks from one bounded channel and judge them
//!   ([`chunk::judge_chunk`]): counts, per-case lines, and each accepted row offered to the
//!   shared duplicate index ([`SharedIndex`], sharded, one lock per shard per chunk), which
//!   answers "an earlier row has this id" at once, or "not so far".
//! - **The merger** puts the judged chunks back in file order (by sequence number). When it
//!   takes a chunk, every chunk before it has been offered, so the index's answers for the
//!   chunk's ids are final ([`duplicates`]: the first accepted row wins, whatever order the
//!   chunks were judged in). For each duplicate it takes the row's tally back out of the
//!   counts, lists it, and skips its per-case line; then it adds the chunk's counts and
//!   writes its per-case lines.
//!
//! The reader and the merger are the calling thread, taking turns: the `Read` and `Write` the
//! caller lends are not `Send`, and both jobs are light next to judging (copying bytes; the
//! merger touches the index only for duplicates). Memory is flat in the row count: a fixed
//! set of `2N + 1` chunk buffers goes round (a chunk is read only into a buffer the merger has
//! given back), so at most that many chunks are in flight, whatever the speed of each worker;
//! only the duplicate index grows, by one entry per distinct id. Buffers are reused, so a long
//! export costs no fresh memory (and no page faults) per chunk.
//!
//! One thread (`threads == 1`) does the same work without the channels: read, judge, merge.
//! A worker that fails (a bug: judging never panics on input) stops the audit with
//! [`AuditError::Worker`], never with the counts of the chunks it did not finish left out.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};

use super::chunk::{self, Job, Judged, Scratch};
use super::duplicates::{self, SharedIndex};
use super::{
    cases_header, header_columns, input, Aggregate, AuditError, Columns, Duplicate, Export, Plan,
    Rejected, DUPLICATES_LISTED, REJECTED_LISTED,
};

/// Bytes read per chunk, unless the caller says otherwise.
pub(super) const CHUNK: usize = 2 << 20;
/// Bytes read before the first row to tell the export's encoding (see [`input`]), unless
/// the caller sets the chunk size.
const SNIFF: usize = 8 << 20;

/// A chunk buffer and what was judged of it; `2N + 1` of them go round.
struct Slot {
    seq: u64,
    bytes: Vec<u8>,
    judged: Judged,
}

/// A judged chunk back from a worker, or what stopped the worker.
type Done = Result<Slot, String>;

/// The export after its header, cut into chunks of whole records.
struct Chunks<'r> {
    input: &'r mut dyn Read,
    /// bytes read past the last cut, from `at` on: the start of the next chunk
    carry: Vec<u8>,
    at: usize,
    eof: bool,
    size: usize,
}

impl Chunks<'_> {
    /// Fill `buf` with the next chunk: at least `size` bytes unless the input ends, cut after
    /// its last whole record (a record longer than that reads on). False when nothing is left.
    fn next_into(&mut self, buf: &mut Vec<u8>) -> std::io::Result<bool> {
        buf.clear();
        let pending = self.carry.get(self.at..).unwrap_or(b"");
        // The head start read to tell the encoding is handed out a chunk at a time.
        if let Some(i) = pending
            .get(..self.size)
            .filter(|_| pending.len() > self.size)
            .and_then(input::last_boundary)
        {
            buf.extend_from_slice(pending.get(..i).unwrap_or(b""));
            self.at += i;
            return Ok(true);
        }
        buf.extend_from_slice(pending);
        self.carry.clear();
        self.at = 0;
        if self.carry.capacity() > self.size {
            // that head start's memory, no longer needed
            self.carry = Vec::new();
        }
        let mut want = self.size;
        while !self.eof {
            let before = buf.len();
            input::fill(self.input, buf, want.max(before))?;
            if buf.len() < want.max(before) {
                self.eof = true;
                break;
            }
            if let Some(i) = input::last_boundary(buf) {
                self.carry.extend_from_slice(buf.get(i..).unwrap_or(b""));
                buf.truncate(i);
                break;
            }
            want = buf.len() + self.size;
        }
        Ok(!buf.is_empty())
    }
}

/// The judged chunks, taken in file order: the duplicate rule, the counts, the per-case lines.
struct Merger<'a, 'w> {
    cols: &'a Columns,
    index: &'a SharedIndex,
    total: Aggregate,
    /// lines before the next chunk
    line_base: u64,
    /// lines before each chunk merged so far, by sequence number (a duplicate's first row
    /// is in one of them)
    bases: Vec<u64>,
    out: Option<&'w mut dyn Write>,
}

impl Merger<'_, '_> {
    /// Take chunk `seq` (the next in file order): every chunk before it is merged, so the
    /// index's answer for each of its ids is final ([`SharedIndex::first`]).
    fn take(&mut self, seq: u64, bytes: &[u8], j: &mut Judged) -> std::io::Result<()> {
        let base = self.line_base;
        self.bases.push(base);
        // Rows the index let hold their id until an earlier chunk, judged after theirs,
        // offered the same id: duplicates after all.
        let displaced = self
            .index
            .take_displaced(duplicates::position(seq, 0)..duplicates::position(seq + 1, 0));
        // The duplicates' rejections, to be put among the chunk's own in line order.
        let mut dups: Vec<Rejected> = Vec::new();
        // How much of the chunk's per-case output is written (a duplicate's line is skipped).
        let mut written = 0;
        let mut row_start = 0;
        for (r, o) in j.rows.iter().zip(&j.offers) {
            if o.later || displaced.binary_search(&o.pos).is_ok() {
                let (first, first_row) = self.index.first(o.key).unwrap_or((o.pos, o.row));
                let (first_seq, first_rel) = duplicates::chunk_line(first);
                let first_line = usize::try_from(first_seq)
                    .ok()
                    .and_then(|i| self.bases.get(i))
                    .map_or(0, |b| b + first_rel);
                let conflict = first_row != o.row;
                j.agg.apply(&r.tally, false);
                j.agg.accepted = j.agg.accepted.saturating_sub(1);
                j.agg.rejected += 1;
                j.agg.duplicates += 1;
                j.agg.conflicts += u64::from(conflict);
                let id = chunk::id_at(bytes, r.rec, self.cols);
                if dups.len() < REJECTED_LISTED {
                    dups.push(Rejected {
                        line: r.line,
                        reason: duplicates::reason(&id, first_line, conflict),
                    });
                }
                if j.agg.duplicate_rows.len() < DUPLICATES_LISTED {
                    j.agg.duplicate_rows.push(Duplicate {
                        id,
                        line: r.line,
                        first_line,
                        conflict,
                    });
                }
                if let Some(w) = self.out.as_mut() {
                    w.write_all(j.out.get(written..row_start).unwrap_or(b""))?;
                }
                written = r.out_end;
            }
            row_start = r.out_end;
        }
        if let Some(w) = self.out.as_mut() {
            w.write_all(j.out.get(written..).unwrap_or(b""))?;
        }
        if !dups.is_empty() {
            let own = std::mem::take(&mut j.agg.rejected_rows);
            j.agg.rejected_rows = merge_by_line(own, dups);
        }
        self.total.merge(&j.agg, base);
        self.line_base += j.lines;
        Ok(())
    }
}

/// Two lists of rejected rows, each in line order, as one in line order, cut at the cap.
fn merge_by_line(a: Vec<Rejected>, b: Vec<Rejected>) -> Vec<Rejected> {
    let mut out = Vec::with_capacity((a.len() + b.len()).min(REJECTED_LISTED));
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    while out.len() < REJECTED_LISTED {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x.line < y.line,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out
}

/// Judge a chunk, a panic turned into its message.
fn judge_guarded(job: &Job, slot: &mut Slot, scratch: &mut Scratch) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(|| {
        chunk::judge_chunk(job, slot.seq, &slot.bytes, &mut slot.judged, scratch)
    }))
    .map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into())
    })
}

/// Audit a whole export; see [`super::audit_export`].
pub(super) fn run(
    plan: &Plan,
    export: &Export,
    input: &mut dyn Read,
    mut cases_out: Option<&mut dyn Write>,
    threads: usize,
    chunk_size: usize,
) -> Result<Aggregate, AuditError> {
    let threads = if threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        threads
    };
    let size = if chunk_size == 0 { CHUNK } else { chunk_size };
    // The first bytes decide the text encoding (see `input`); then the header, the first
    // record, is read whole (it may need more than a chunk).
    let mut buf = Vec::new();
    let head = if chunk_size == 0 {
        SNIFF
    } else {
        size.max(1 << 16)
    };
    input::fill(input, &mut buf, head)?;
    let mut eof = buf.len() < head;
    let bom = buf.starts_with(b"\xef\xbb\xbf");
    if bom {
        buf.drain(..3);
    }
    let latin = !bom && input::looks_latin(&buf);
    let rec = loop {
        if let Some(r) = input::record(&buf, eof) {
            break r;
        }
        let before = buf.len();
        input::fill(input, &mut buf, before + size)?;
        eof = buf.len() < before + size;
    };
    let header_text = input::text(buf.get(..rec.end).unwrap_or(b""), latin).into_owned();
    let cols = header_columns(export, &header_text, latin).map_err(AuditError::Input)?;
    if let Some(w) = cases_out.as_mut() {
        w.write_all(&cases_header(plan))?;
    }
    let index = SharedIndex::new();
    let job = Job {
        plan,
        cols: &cols,
        index: &index,
        writing: cases_out.is_some(),
    };
    let mut chunks = Chunks {
        input,
        carry: buf,
        at: rec.next,
        eof,
        size,
    };
    let mut merger = Merger {
        cols: &cols,
        index: &index,
        total: Aggregate::new(plan),
        line_base: rec.lines.max(1),
        bases: Vec::new(),
        out: cases_out,
    };
    merger.total.latin = latin;
    let new_slot = || Slot {
        seq: 0,
        bytes: Vec::new(),
        judged: Judged::new(plan),
    };
    if threads <= 1 {
        let (mut slot, mut scratch) = (new_slot(), Scratch::default());
        while chunks.next_into(&mut slot.bytes)? {
            judge_guarded(&job, &mut slot, &mut scratch).map_err(AuditError::Worker)?;
            merger.take(slot.seq, &slot.bytes, &mut slot.judged)?;
            slot.seq += 1;
        }
        return Ok(merger.total);
    }
    let mut free: Vec<Slot> = (0..2 * threads + 1).map(|_| new_slot()).collect();
    let (work_tx, work_rx) = mpsc::sync_channel::<Slot>(free.len());
    let (done_tx, done_rx) = mpsc::sync_channel::<Done>(free.len());
    let work_rx = Mutex::new(work_rx);
    std::thread::scope(|s| {
        // Owned by this closure, so that leaving it early (an error) hangs up on the workers,
        // which then stop, before the scope waits for them.
        let (work_tx, done_rx) = (work_tx, done_rx);
        for _ in 0..threads {
            let (work_rx, done_tx, job) = (&work_rx, done_tx.clone(), &job);
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    // The lock is held only to take a chunk off the channel.
                    let next = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(mut slot) = next else { return };
                    let done = judge_guarded(job, &mut slot, &mut scratch).map(|()| slot);
                    if done_tx.send(done).is_err() {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let mut sent = 0u64;
        let mut merged = 0u64;
        let mut reading = true;
        let mut waiting: BTreeMap<u64, Slot> = BTreeMap::new();
        loop {
            // Keep every free buffer filled and queued while there is input.
            while reading {
                let Some(mut slot) = free.pop() else { break };
                if !chunks.next_into(&mut slot.bytes)? {
                    reading = false;
                    break;
                }
                slot.seq = sent;
                sent += 1;
                if work_tx.send(slot).is_err() {
                    return Err(AuditError::Worker("every worker has stopped".into()));
                }
            }
            if !reading && merged == sent {
                break;
            }
            let mut slot = match done_rx.recv() {
                Ok(Ok(slot)) => slot,
                Ok(Err(message)) => return Err(AuditError::Worker(message)),
                Err(_) => return Err(AuditError::Worker("every worker has stopped".into())),
            };
            if slot.seq != merged {
                waiting.insert(slot.seq, slot);
                continue;
            }
            // This chunk and any that were waiting for it, in order.
            loop {
                merger.take(slot.seq, &slot.bytes, &mut slot.judged)?;
                merged += 1;
                free.push(slot);
                match waiting.remove(&merged) {
                    Some(next) => slot = next,
                    None => break,
                }
            }
        }
        Ok(())
    })?;
    Ok(merger.total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn kingston() -> crate::ir::Policy {
        let text = std::fs::read_to_string("policies/kingston.policy").unwrap_or_default();
        crate::compile(&SourceFile::new("kingston.policy", text))
            .unwrap_or_else(|_| panic!("kingston.policy compiles"))
    }

    #[test]
    fn a_failed_worker_stops_the_audit_with_an_error() {
        let policy = kingston();
        let plan = Plan::new(&policy);
        let mut csv = b"id,track,received\n".to_vec();
        for i in 0..50 {
            csv.extend_from_slice(format!("K{i},general,2026-06-01\n").as_bytes());
        }
        csv.extend_from_slice(chunk::tests::FAIL);
        csv.extend_from_slice(b",general,2026-06-01\nK99,general,2026-06-01\n");
        for (threads, size) in [(1, 0), (2, 0), (2, 1), (3, 64)] {
            let mut out = Vec::new();
            match super::super::audit(&plan, &mut &csv[..], Some(&mut out), threads, size) {
                Err(AuditError::Worker(m)) => assert!(m.contains("on purpose"), "{m}"),
                Err(e) => panic!("threads {threads} chunk {size}: {e}"),
                Ok(a) => panic!("threads {threads} chunk {size}: counted {} rows", a.rows),
            }
        }
    }

    /// Chunks judged in reverse order (as workers finishing out of order would) and merged in
    /// file order give the one-thread answer: rows that held an id until an earlier chunk
    /// offered it are duplicates after all.
    #[test]
    fn chunks_judged_out_of_order_merge_to_the_file_order_answer() {
        let policy = kingston();
        let plan = Plan::new(&policy);
        let header = "id,track,received,s1_acknowledged";
        let cols = header_columns(&Export::default(), header, false)
            .unwrap_or_else(|_| panic!("the header resolves"));
        // Chunk 0: A (line 2), B (3). Chunk 1: B again (4), A with another date (5), C (6).
        // Chunk 2: C again (7).
        let chunks: [&[u8]; 3] = [
            b"A,general,2026-06-01\nB,general,2026-06-01\n",
            b"B,general,2026-06-01\nA,general,2026-06-02\nC,general,2026-06-01\n",
            b"C,general,2026-06-01,2026-06-02\n",
        ];
        let index = SharedIndex::new();
        let job = Job {
            plan: &plan,
            cols: &cols,
            index: &index,
            writing: true,
        };
        let mut slots: Vec<Slot> = chunks
            .iter()
            .enumerate()
            .map(|(i, c)| Slot {
                seq: i as u64,
                bytes: c.to_vec(),
                judged: Judged::new(&plan),
            })
            .collect();
        let mut scratch = Scratch::default();
        for slot in slots.iter_mut().rev() {
            judge_guarded(&job, slot, &mut scratch).unwrap_or_else(|e| panic!("{e}"));
        }
        let mut out = Vec::new();
        let mut merger = Merger {
            cols: &cols,
            index: &index,
            total: Aggregate::new(&plan),
            line_base: 1,
            bases: Vec::new(),
            out: Some(&mut out),
        };
        for slot in &mut slots {
            merger
                .take(slot.seq, &slot.bytes, &mut slot.judged)
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let t = merger.total;
        // A, B, C counted; B (line 4) a copy of line 3, A (5) a conflict with line 2, C (7) a
        // conflict with line 6 (it has an acknowledgement).
        assert_eq!((t.rows, t.accepted, t.rejected), (6, 3, 3));
        assert_eq!((t.duplicates, t.conflicts), (3, 2));
        let d: Vec<(&str, u64, u64, bool)> = t
            .duplicate_rows
            .iter()
            .map(|d| (d.id.as_str(), d.line, d.first_line, d.conflict))
            .collect();
        assert_eq!(
            d,
            vec![("B", 4, 3, false), ("A", 5, 2, true), ("C", 7, 6, true)]
        );
        let ids: Vec<&str> = std::str::from_utf8(&out)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split(',').next())
            .collect();
        assert_eq!(ids, vec!["A", "B", "C"]);
        assert!(index.take_displaced(0..u64::MAX).is_empty());
    }

    #[test]
    fn rejections_merge_in_line_order_up_to_the_cap() {
        let r = |line| Rejected {
            line,
            reason: String::new(),
        };
        let lines = |v: Vec<Rejected>| v.iter().map(|x| x.line).collect::<Vec<_>>();
        assert_eq!(
            lines(merge_by_line(
                vec![r(2), r(5), r(9)],
                vec![r(3), r(4), r(11)]
            )),
            vec![2, 3, 4, 5, 9, 11]
        );
        let many: Vec<Rejected> = (0..REJECTED_LISTED as u64).map(|i| r(2 * i + 1)).collect();
        let merged = merge_by_line(many, vec![r(2)]);
        assert_eq!(merged.len(), REJECTED_LISTED);
        assert_eq!(lines(merged).get(..3), Some(&[1, 2, 3][..]));
    }
}
