//! What an audit counts: per formal stage and track, the cases received, acknowledged and
//! answered on time or late, pending, extended and escalated, and a histogram of working days
//! to respond; the rows read, accepted and rejected; the duplicate ids. A row adds its
//! `Tally` (a few bytes, worked out once by the worker that judged it), so the merger can
//! take a duplicate's share back out without judging the row again.

use serde::Serialize;

use super::{Plan, RowVerdict, MAX_STAGES, REJECTED_LISTED};

/// Working days to respond are kept in a histogram of this many buckets (the last holds
/// everything at or beyond it), so the percentiles need constant memory.
pub(super) const HIST: usize = 512;

/// Counts for one stage and track.
#[derive(Clone, Debug)]
pub struct Counts {
    pub received: u64,
    pub ack_on_time: u64,
    pub ack_late: u64,
    pub resp_on_time: u64,
    pub resp_late: u64,
    pub pending: u64,
    pub extended: u64,
    /// cases of this stage that asked to go to the next
    pub escalated: u64,
    hist: Box<[u64; HIST]>,
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            received: 0,
            ack_on_time: 0,
            ack_late: 0,
            resp_on_time: 0,
            resp_late: 0,
            pending: 0,
            extended: 0,
            escalated: 0,
            hist: Box::new([0; HIST]),
        }
    }
}

impl Counts {
    fn clear(&mut self) {
        for c in [
            &mut self.received,
            &mut self.ack_on_time,
            &mut self.ack_late,
            &mut self.resp_on_time,
            &mut self.resp_late,
            &mut self.pending,
            &mut self.extended,
            &mut self.escalated,
        ] {
            *c = 0;
        }
        self.hist.fill(0);
    }

    fn merge(&mut self, o: &Counts) {
        self.received += o.received;
        self.ack_on_time += o.ack_on_time;
        self.ack_late += o.ack_late;
        self.resp_on_time += o.resp_on_time;
        self.resp_late += o.resp_late;
        self.pending += o.pending;
        self.extended += o.extended;
        self.escalated += o.escalated;
        for (a, b) in self.hist.iter_mut().zip(o.hist.iter()) {
            *a += b;
        }
    }

    /// The nearest-rank percentile of working days to respond (None without responses).
    pub fn percentile(&self, p: u64) -> Option<u64> {
        let n: u64 = self.hist.iter().sum();
        if n == 0 {
            return None;
        }
        let rank = (n * p).div_ceil(100).max(1);
        let mut seen = 0;
        for (i, c) in self.hist.iter().enumerate() {
            seen += c;
            if seen >= rank {
                return Some(i as u64);
            }
        }
        None
    }
}

/// A rejected row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub line: u64,
    pub reason: String,
}

/// A row whose id an earlier accepted row has (see [`super::duplicates`]): one of the first
/// [`DUPLICATES_LISTED`] examples the report shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Duplicate {
    pub id: String,
    /// the duplicate row's line (rejected)
    pub line: u64,
    /// the line of the row with the id that is counted
    pub first_line: u64,
    /// the two rows differ (not a plain copy)
    pub conflict: bool,
}

/// Duplicate ids listed in the report as examples; the rest are only counted (every one is
/// also among the rejected rows, listed up to [`REJECTED_LISTED`]).
pub const DUPLICATES_LISTED: usize = 20;

/// Everything counted over some rows.
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    pub rows: u64,
    pub accepted: u64,
    /// rows rejected, duplicates included
    pub rejected: u64,
    /// the first [`REJECTED_LISTED`] rejected rows, in file order
    pub rejected_rows: Vec<Rejected>,
    /// rows rejected because an earlier accepted row has their id
    pub duplicates: u64,
    /// those of them that differ from the row that is counted
    pub conflicts: u64,
    /// the first [`DUPLICATES_LISTED`] duplicates, in file order
    pub duplicate_rows: Vec<Duplicate>,
    /// `counts[stage][track]`
    pub counts: Vec<Vec<Counts>>,
    /// the export was read as Windows-1252 (see [`super::input`])
    pub latin: bool,
}

impl Aggregate {
    pub fn new(plan: &Plan) -> Aggregate {
        Aggregate {
            counts: (0..plan.columns)
                .map(|_| plan.tracks.iter().map(|_| Counts::default()).collect())
                .collect(),
            ..Aggregate::default()
        }
    }

    /// Empty the counts, keeping their allocations (a worker's aggregate is reused for each
    /// chunk it judges).
    pub(super) fn clear(&mut self) {
        self.rows = 0;
        self.accepted = 0;
        self.rejected = 0;
        self.rejected_rows.clear();
        self.duplicates = 0;
        self.conflicts = 0;
        self.duplicate_rows.clear();
        for c in self.counts.iter_mut().flatten() {
            c.clear();
        }
    }

    /// Add a later chunk's counts; its line numbers are shifted by `line_base`.
    pub(super) fn merge(&mut self, o: &Aggregate, line_base: u64) {
        self.rows += o.rows;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        let room = REJECTED_LISTED.saturating_sub(self.rejected_rows.len());
        self.rejected_rows
            .extend(o.rejected_rows.iter().take(room).map(|r| Rejected {
                line: r.line + line_base,
                reason: r.reason.clone(),
            }));
        self.duplicates += o.duplicates;
        self.conflicts += o.conflicts;
        let room = DUPLICATES_LISTED.saturating_sub(self.duplicate_rows.len());
        self.duplicate_rows
            .extend(o.duplicate_rows.iter().take(room).map(|d| Duplicate {
                line: d.line + line_base,
                ..d.clone()
            }));
        for (a, b) in self.counts.iter_mut().zip(o.counts.iter()) {
            for (x, y) in a.iter_mut().zip(b.iter()) {
                x.merge(y);
            }
        }
    }

    /// Count a rejected row (listed while there is room).
    pub(super) fn reject(&mut self, line: u64, reason: String) {
        self.rejected += 1;
        if self.rejected_rows.len() < REJECTED_LISTED {
            self.rejected_rows.push(Rejected { line, reason });
        }
    }

    /// Add an accepted row's tally (`add`), or take it back out (a row found to be a
    /// duplicate after its chunk was counted).
    pub(super) fn apply(&mut self, t: &Tally, add: bool) {
        let bump = |c: &mut u64| {
            *c = if add { *c + 1 } else { c.saturating_sub(1) };
        };
        for (k, s) in t.stages.iter().enumerate() {
            let Some(s) = s else { continue };
            let Some(c) = self
                .counts
                .get_mut(k)
                .and_then(|per_track| per_track.get_mut(t.track as usize))
            else {
                continue;
            };
            bump(&mut c.received);
            match s.ack {
                Some(true) => bump(&mut c.ack_on_time),
                Some(false) => bump(&mut c.ack_late),
                None => {}
            }
            match s.resp {
                Some(true) => bump(&mut c.resp_on_time),
                Some(false) => bump(&mut c.resp_late),
                None => bump(&mut c.pending),
            }
            if s.extended {
                bump(&mut c.extended);
            }
            if s.escalated {
                bump(&mut c.escalated);
            }
            if let Some(h) = s.days.and_then(|b| c.hist.get_mut(usize::from(b))) {
                bump(h);
            }
        }
    }
}

/// What one accepted row adds to the counts, worked out from its verdict once: the whole of
/// what a row counts for, so that adding and taking back out are the same sums.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Tally {
    track: u32,
    /// `Some` for each formal stage the case started
    stages: [Option<StageTally>; MAX_STAGES],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct StageTally {
    /// acknowledged on time (`Some(true)`), late, or not acknowledged
    ack: Option<bool>,
    /// answered on time, late, or pending (`None`)
    resp: Option<bool>,
    extended: bool,
    /// the case asked for the next stage
    escalated: bool,
    /// the histogram bucket of working days to respond
    days: Option<u16>,
}

impl Tally {
    pub(super) fn of(v: &RowVerdict) -> Tally {
        let mut t = Tally {
            track: u32::try_from(v.track).unwrap_or(u32::MAX),
            stages: [None; MAX_STAGES],
        };
        for (k, slot) in t.stages.iter_mut().enumerate() {
            let Some(s) = v.stages.get(k).filter(|s| s.started) else {
                continue;
            };
            *slot = Some(StageTally {
                ack: s.ack_on_time,
                resp: s.resp_on_time,
                extended: v.extended.get(k).copied().unwrap_or(false),
                escalated: v.stages.get(k + 1).is_some_and(|n| n.started),
                days: s
                    .wd_to_respond
                    .map(|w| u16::try_from(w.clamp(0, HIST as i64 - 1)).unwrap_or(0)),
            });
        }
        t
    }
}
