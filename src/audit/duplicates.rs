//! The one rule for a case id that appears on more than one row of an export (two exports
//! joined, a case re-exported after a correction). `audit`, `audit --as-of` and `measures`
//! all ask this index, so a case is counted once, the same way, everywhere.
//!
//! **The rule: the first accepted row wins.** Rows are taken in file order; the first row
//! with an id that is *accepted* (its dates read and its deadlines computed) claims the id.
//! A later row with the same id is a duplicate: it is rejected with the reason "duplicate of
//! line N" and counted among the rejected rows, so `rows = accepted + rejected` still holds,
//! and it is also counted on its own (`duplicates`, with the first examples). A row that is
//! rejected for its own faults claims nothing, so a corrected copy of a bad row further down
//! the file still counts.
//!
//! Ids are compared after trimming surrounding spaces, byte for byte and case-sensitively
//! (`CMP-1` and `cmp-1` are two cases: systems that differ only by case are rare, and
//! merging two real cases would lose one silently, where a reported duplicate is visible).
//! A duplicate whose row differs from the kept row (not a plain copy) is a *conflict*, counted
//! apart: the kept row may be the older state of the case, and the user should know.
//!
//! First-wins is chosen because it does not depend on the order in which rows are looked at,
//! only on their order in the file: the kept row is the accepted row with the id that comes
//! first, and a later one can never displace it. So the audit's workers can each offer their
//! chunk's rows to one shared index as they finish ([`SharedIndex::offer_all`]), in any order,
//! and the merger, which takes chunks in file order, reads off the same answer on one thread
//! or many (see `src/audit/reader.rs`).
//!
//! The index holds a 128-bit hash of each id (xxh3; the chance of two different ids sharing
//! one among ten million is about 10^-25), the position of the row that holds it so far and a
//! hash of that row: 32 bytes per distinct case, the one part of an audit whose memory grows
//! with the file. (Hash tables keep room spare, so in practice 37 to 74 bytes per case, and
//! more for a moment while a table grows: about 40 to 80 MB at a million distinct ids.)

use std::collections::{BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Mutex, MutexGuard};

use xxhash_rust::xxh3::{xxh3_128, xxh3_64};

/// What the index says of a row's id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Claim {
    /// The first accepted row with this id: count it.
    First,
    /// An earlier accepted row (at `first_line`) has this id: reject this row.
    Duplicate {
        first_line: u64,
        /// the two rows differ somewhere (not a plain copy)
        conflict: bool,
    },
}

/// Id key -> (position of the earliest row offered with it, that row's hash).
type Table = HashMap<u128, (u64, u64), BuildHasherDefault<KeyHasher>>;

/// The rule, for one row: offer the row at `pos` to `t`. True when a row before it already
/// has the id (a duplicate); false when it holds the id now, having displaced a later row if
/// one held it (pushed to `displaced`).
fn offer_to(t: &mut Table, key: u128, pos: u64, row: u64, displaced: &mut Vec<u64>) -> bool {
    match t.get_mut(&key) {
        None => {
            t.insert(key, (pos, row));
            false
        }
        Some(e) if e.0 < pos => true,
        Some(e) => {
            let (before, _) = std::mem::replace(e, (pos, row));
            if before != pos {
                displaced.push(before);
            }
            false
        }
    }
}

/// Shards of the shared index, picked by the top bits of the key, so that workers offering
/// rows at the same time seldom wait for one another.
const SHARDS: usize = 64;

fn shard_of(key: u128) -> usize {
    (key >> 122) as usize % SHARDS
}

/// A row offered to the [`SharedIndex`]: its id's [`key`], its [`position`], its
/// [`row_hash`]; `later` is the index's answer.
#[derive(Clone, Copy, Debug, Default)]
pub struct Offer {
    pub key: u128,
    pub pos: u64,
    pub row: u64,
    /// a row before it held the id when it was offered: a duplicate
    pub later: bool,
}

/// The ids of an export's accepted rows, offered by any number of threads in any order.
/// A row is known by its *position*, any number that grows in file order (the audit uses its
/// chunk's sequence number and its line in the chunk, [`position`]).
pub struct SharedIndex {
    shards: [Mutex<Table>; SHARDS],
    /// Positions of rows that held an id until an earlier row with it was offered after them
    /// (their chunks were judged out of order): duplicates after all.
    displaced: Mutex<BTreeSet<u64>>,
}

impl Default for SharedIndex {
    fn default() -> Self {
        SharedIndex {
            shards: std::array::from_fn(|_| Mutex::default()),
            displaced: Mutex::default(),
        }
    }
}

/// A lock whose holder panicked is still good here: every update is one map operation.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The position of the row at `line` (counted from 1) of chunk `seq`: ordered as the file is.
/// A chunk holds far fewer than 2^32 lines (it is a few megabytes, plus one record).
pub fn position(seq: u64, line: u64) -> u64 {
    (seq << 32) | line.min(u64::from(u32::MAX))
}

/// The chunk and line of a [`position`].
pub fn chunk_line(pos: u64) -> (u64, u64) {
    (pos >> 32, pos & u64::from(u32::MAX))
}

impl SharedIndex {
    pub fn new() -> Self {
        Self::default()
    }

    fn shard(&self, i: usize) -> MutexGuard<'_, Table> {
        lock(self.shards.get(i).unwrap_or_else(|| {
            let [first, ..] = &self.shards;
            first
        }))
    }

    /// Offer a chunk's accepted rows, in file order, setting each one's `later`. False means
    /// the row holds its id for now: it is a duplicate after all if its position is later
    /// among [`SharedIndex::take_displaced`]. The rows are taken shard by shard, each shard
    /// locked once: a lock per row would make every table write wait for its cache miss.
    pub fn offer_all(&self, rows: &mut [Offer]) {
        let mut by_shard: Vec<Vec<usize>> = vec![Vec::new(); SHARDS];
        for (i, r) in rows.iter().enumerate() {
            if let Some(v) = by_shard.get_mut(shard_of(r.key)) {
                v.push(i);
            }
        }
        let mut displaced = Vec::new();
        for (s, idx) in by_shard.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            let mut t = self.shard(s);
            for &i in idx {
                if let Some(r) = rows.get_mut(i) {
                    r.later = offer_to(&mut t, r.key, r.pos, r.row, &mut displaced);
                }
            }
        }
        if !displaced.is_empty() {
            lock(&self.displaced).extend(displaced);
        }
    }

    /// The earliest row offered with `key`: its position and row hash. Once every row before
    /// some row R has been offered, and R too, this is final for R's id.
    pub fn first(&self, key: u128) -> Option<(u64, u64)> {
        self.shard(shard_of(key)).get(&key).copied()
    }

    /// The displaced positions in `range`, taken out of the index's list, in order.
    pub fn take_displaced(&self, range: std::ops::Range<u64>) -> Vec<u64> {
        let mut d = lock(&self.displaced);
        let taken: Vec<u64> = d.range(range).copied().collect();
        for p in &taken {
            d.remove(p);
        }
        taken
    }

    /// Distinct ids offered.
    pub fn len(&self) -> usize {
        self.shards.iter().map(|s| lock(s).len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The ids claimed so far by a single pass in file order (`measures`, `audit --as-of`): the
/// same rule as the [`SharedIndex`], one table, a row's line as its position.
#[derive(Default)]
pub struct IdIndex {
    table: Table,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.len())
    }
}

/// The keys are xxh3 hashes already: the table takes their low bits as they are rather than
/// hash them again (SipHash would cost as much as the rest of the merge).
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxh3_64(bytes);
    }

    fn write_u128(&mut self, k: u128) {
        self.0 = k as u64;
    }
}

/// The index key of an id: its 128-bit hash, after trimming surrounding spaces.
pub fn key(id: &[u8]) -> u128 {
    xxh3_128(id.trim_ascii())
}

/// A row's fields hashed as one value (for telling a plain copy from a conflict). Each field
/// is trimmed, so a copy re-saved with padded cells is still a copy.
pub fn row_hash(fields: &[&[u8]]) -> u64 {
    row_hash_in(fields, &mut Vec::new())
}

/// [`row_hash`] with the caller's buffer, reused from row to row.
pub fn row_hash_in(fields: &[&[u8]], bytes: &mut Vec<u8>) -> u64 {
    bytes.clear();
    for f in fields {
        bytes.extend_from_slice(f.trim_ascii());
        bytes.push(0x1f);
    }
    // Trailing empty fields are the same row as fields left off.
    while bytes.ends_with(&[0x1f, 0x1f]) {
        bytes.pop();
    }
    xxh3_64(bytes)
}

impl IdIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Claim `id` (untrimmed is fine) for the accepted row at `line` whose fields hash to
    /// `row` ([`row_hash`]). Call only for accepted rows, in file order.
    pub fn claim(&mut self, id: &[u8], line: u64, row: u64) -> Claim {
        self.claim_key(key(id), line, row)
    }

    /// [`IdIndex::claim`] by the id's [`key`], hashed beforehand.
    pub fn claim_key(&mut self, key: u128, line: u64, row: u64) -> Claim {
        // In file order no row is ever displaced.
        if !offer_to(&mut self.table, key, line, row, &mut Vec::new()) {
            return Claim::First;
        }
        let (first_line, first_row) = self.table.get(&key).copied().unwrap_or((line, row));
        Claim::Duplicate {
            first_line,
            conflict: first_row != row,
        }
    }

    /// Distinct ids claimed.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
}

/// The rejection reason of a duplicate row, in one wording for every command.
pub fn reason(id: &str, first_line: u64, conflict: bool) -> String {
    if conflict {
        format!(
            "duplicate id `{id}`: line {first_line} has the same id and other cells differ; that \
             first row is the one counted"
        )
    } else {
        format!("duplicate id `{id}`: a copy of line {first_line}, which is counted")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_accepted_row_wins_and_copies_are_told_from_conflicts() {
        let mut ix = IdIndex::new();
        let a: [&[u8]; 3] = [b"C-1", b"housing", b"2026-06-01"];
        let copy: [&[u8]; 5] = [b" C-1 ", b"housing ", b"2026-06-01", b"", b""];
        let other: [&[u8]; 3] = [b"C-1", b"housing", b"2026-06-02"];
        assert_eq!(ix.claim(a[0], 2, row_hash(&a)), Claim::First);
        assert_eq!(
            ix.claim(copy[0], 5, row_hash(&copy)),
            Claim::Duplicate {
                first_line: 2,
                conflict: false
            }
        );
        assert_eq!(
            ix.claim(other[0], 9, row_hash(&other)),
            Claim::Duplicate {
                first_line: 2,
                conflict: true
            }
        );
        // Case matters: a different id.
        assert_eq!(ix.claim(b"c-1", 11, 0), Claim::First);
        assert_eq!(ix.len(), 2);
    }

    #[test]
    fn rows_offered_out_of_order_give_the_file_order_answer() {
        // Positions 30, 10, 20 and 5 with one id, offered in that order (as workers finishing
        // chunks out of order would): 30 holds it, then 10 displaces it, 20 comes after 10,
        // and 5 displaces 10. In file order 5 is first; 10, 20 and 30 are duplicates.
        let ix = SharedIndex::new();
        let k = key(b"C-1");
        let offer = |pos, row| {
            let mut r = [Offer {
                key: k,
                pos,
                row,
                later: false,
            }];
            ix.offer_all(&mut r);
            r[0].later
        };
        assert!(!offer(30, 1));
        assert!(!offer(10, 1));
        assert!(offer(20, 2));
        assert!(!offer(5, 3));
        assert_eq!(ix.first(k), Some((5, 3)));
        assert_eq!(ix.take_displaced(0..100), vec![10, 30]);
        assert_eq!(ix.take_displaced(0..100), Vec::<u64>::new());
        // Positions keep file order across chunks.
        assert!(position(1, 1) > position(0, u64::MAX));
        assert!(position(2, 7) < position(2, 8));
    }
}
