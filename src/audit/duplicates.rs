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
//! First-wins is chosen because it can be decided in one pass in file order, whatever the
//! number of threads: the kept row never changes once claimed. The index holds a 128-bit
//! hash of each id (xxh3; the chance of two different ids sharing one among ten million is
//! about 10^-25), the line that claimed it and a hash of that row: 32 bytes per distinct case,
//! the one part of an audit whose memory grows with the file.

use std::collections::HashMap;

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

/// The ids claimed so far, in file order.
#[derive(Debug, Default)]
pub struct IdIndex {
    seen: HashMap<u128, (u64, u64)>,
}

/// A row's fields hashed as one value (for telling a plain copy from a conflict). Each field
/// is trimmed, so a copy re-saved with padded cells is still a copy.
pub fn row_hash(fields: &[&[u8]]) -> u64 {
    let mut bytes = Vec::with_capacity(fields.iter().map(|f| f.len() + 1).sum());
    for f in fields {
        bytes.extend_from_slice(f.trim_ascii());
        bytes.push(0x1f);
    }
    // Trailing empty fields are the same row as fields left off.
    while bytes.ends_with(&[0x1f, 0x1f]) {
        bytes.pop();
    }
    xxh3_64(&bytes)
}

impl IdIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Claim `id` (untrimmed is fine) for the accepted row at `line` whose fields hash to
    /// `row` ([`row_hash`]). Call only for accepted rows, in file order.
    pub fn claim(&mut self, id: &[u8], line: u64, row: u64) -> Claim {
        let key = xxh3_128(id.trim_ascii());
        match self.seen.get(&key) {
            Some(&(first_line, first_row)) => Claim::Duplicate {
                first_line,
                conflict: first_row != row,
            },
            None => {
                self.seen.insert(key, (line, row));
                Claim::First
            }
        }
    }

    /// Distinct ids claimed.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

/// The rejection reason of a duplicate row, in one wording for every command.
pub fn reason(id: &str, first_line: u64, conflict: bool) -> String {
    if conflict {
        format!(
            "duplicate id `{id}`: line {first_line} has the same id with different dates; that \
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
}
