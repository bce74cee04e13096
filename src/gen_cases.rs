//! `redress gen-cases`: a deterministic synthetic case-management export for benchmarks and
//! tests of `redress audit`.
//!
//! The columns are those `redress audit` reads: `id,track,received`, then per stage
//! `sN_acknowledged,sN_extension_wd,sN_responded` (and `sN_requested` first for every stage
//! after the first). The mix, per row: about 1% bad rows (an unparseable date, a response
//! before receipt, an unknown track or a missing id, at random); of the rest, stage 1 acknowledged
//! on time about 90% of the time, responded on time about 78% (about 10% with an extension),
//! pending about 9% (empty later columns); about 28% of responded cases escalate to the next
//! stage, and so on. About 15% of receipts and escalation requests carry a time, half of those
//! out of office hours; receipts fall on 2024-01-01 to 2029-06-30, so every later date stays
//! inside the calendar (2018-2030).
//!
//! The generator is a small splitmix64 generator of its own: the same policy, row count and
//! seed always give the same bytes. It streams: memory does not grow with the row count.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};

use crate::calendar::WorkingCalendar;
use crate::ir::{self, Unit};

/// splitmix64: tiny, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
    /// True with probability `pct` percent.
    fn pct(&mut self, pct: u32) -> bool {
        self.below(100) < pct
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
}

/// The working days of the calendar as day indices from its first day, with the dates
/// preformatted: every date the generator writes is a table look-up.
struct Days {
    first: NaiveDate,
    /// `rank[i]`: working days before day i.
    rank: Vec<u32>,
    working: Vec<u32>,
    is_working: Vec<bool>,
    text: Vec<[u8; 10]>,
}

impl Days {
    fn new(cal: &WorkingCalendar) -> Days {
        let first = cal.first();
        let n = (cal.last() - first).num_days().max(0) as usize + 1;
        let mut days = Days {
            first,
            rank: Vec::with_capacity(n),
            working: Vec::new(),
            is_working: Vec::with_capacity(n),
            text: Vec::with_capacity(n),
        };
        let mut d = first;
        for i in 0..n {
            let w = cal.is_working_day(d).unwrap_or(false);
            days.rank.push(days.working.len() as u32);
            if w {
                days.working.push(i as u32);
            }
            days.is_working.push(w);
            let mut t = [b'0'; 10];
            let s = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
            for (slot, b) in t.iter_mut().zip(s.bytes()) {
                *slot = b;
            }
            days.text.push(t);
            d = d.succ_opt().unwrap_or(d);
        }
        days
    }

    fn index(&self, y: i32, m: u32, d: u32) -> u32 {
        NaiveDate::from_ymd_opt(y, m, d)
            .map(|x| (x - self.first).num_days().max(0) as u32)
            .unwrap_or(0)
    }

    fn working(&self, day: u32) -> bool {
        self.is_working.get(day as usize).copied().unwrap_or(false)
    }

    /// Convention 4 on day indices (n >= 1 from a non-working day counts its next working
    /// day as day 1). Clamped to the last working day: never out of the table.
    fn add(&self, day: u32, n: u32) -> u32 {
        let r = self.rank.get(day as usize).copied().unwrap_or(0);
        let k = if self.working(day) {
            r + n
        } else {
            r + n.saturating_sub(1)
        };
        let k = (k as usize).min(self.working.len().saturating_sub(1));
        self.working.get(k).copied().unwrap_or(day)
    }

    /// The next working day on or after `day`.
    fn roll(&self, day: u32) -> u32 {
        if self.working(day) {
            day
        } else {
            self.add(day, 1)
        }
    }

    fn text(&self, day: u32) -> &[u8] {
        self.text.get(day as usize).map(|t| &t[..]).unwrap_or(b"")
    }
}

/// Per track and stage: the acknowledgement and response timescales, in working days, the
/// generator aims around (the policy's first term when it is in working days, else 5 and 10
/// per stage).
struct Aim {
    ack: u32,
    resp: u32,
}

fn aim_of(stage: &ir::Stage, track: &str, index: usize) -> Aim {
    let amount = |rules: &[ir::Rule<ir::Window>], default: u32| {
        ir::rule_for(rules, Some(track))
            .and_then(|r| r.value.terms.first())
            .filter(|t| matches!(t.duration.unit, Unit::WorkingDays | Unit::Days))
            .map(|t| t.duration.amount.clamp(1, 60))
            .unwrap_or(default)
    };
    Aim {
        ack: amount(&stage.acknowledge, 5),
        resp: amount(&stage.respond, 10 * (index as u32 + 1)),
    }
}

/// The header line for a policy with `stages` stages (at least one).
pub fn header(stages: usize) -> String {
    let mut h = String::from("id,track,received");
    for s in 1..=stages.max(1) {
        if s > 1 {
            h.push_str(&format!(",s{s}_requested"));
        }
        h.push_str(&format!(
            ",s{s}_acknowledged,s{s}_extension_wd,s{s}_responded"
        ));
    }
    h
}

/// Write `rows` synthetic cases for `policy` (header first) to `out`, deterministic for `seed`.
pub fn generate<W: Write>(
    policy: &ir::Policy,
    cal: &WorkingCalendar,
    rows: u64,
    seed: u64,
    out: W,
) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let days = Days::new(cal);
    let tracks: Vec<&str> = policy
        .tracks
        .iter()
        .map(|t| t.value.name.value.as_str())
        .collect();
    let tracks = if tracks.is_empty() {
        vec!["general"]
    } else {
        tracks
    };
    let stages = policy.stages.len().max(1);
    let aims: Vec<Vec<Aim>> = tracks
        .iter()
        .map(|t| {
            (0..stages)
                .map(|i| match policy.stages.get(i) {
                    Some(s) => aim_of(s, t, i),
                    None => Aim { ack: 5, resp: 10 },
                })
                .collect()
        })
        .collect();
    let start = days.index(2024, 1, 1);
    let span = days.index(2029, 6, 30).saturating_sub(start) + 1;

    writeln!(out, "{}", header(stages))?;
    let mut rng = Rng(seed ^ 0x5eed_ca5e);
    let mut line: Vec<u8> = Vec::with_capacity(256);
    for row in 0..rows {
        line.clear();
        let bad = if rng.pct(1) { 1 + rng.below(4) } else { 0 };
        // id
        if bad != 4 {
            write!(line, "C{:08}", row + 1)?;
        }
        line.push(b',');
        // track
        let t = rng.below(tracks.len() as u32) as usize;
        if bad == 3 {
            line.extend_from_slice(b"parking");
        } else {
            line.extend_from_slice(tracks.get(t).copied().unwrap_or("general").as_bytes());
        }
        line.push(b',');
        // received: a day, sometimes with a time (half of those out of hours)
        let recv = start + rng.below(span);
        let with_time = rng.pct(15);
        let (mut eff, mut hh) = (days.roll(recv), 12);
        if with_time {
            hh = if rng.pct(50) {
                rng.range(9, 16)
            } else if rng.pct(50) {
                rng.range(17, 23)
            } else {
                rng.range(0, 8)
            };
            if days.working(recv) && hh >= 17 {
                eff = days.add(recv, 1);
            }
        }
        if bad == 1 {
            line.extend_from_slice(b"2025-02-30");
        } else {
            line.extend_from_slice(days.text(recv));
            if with_time {
                write!(line, "T{:02}:{:02}", hh, rng.below(60))?;
            }
        }
        // stages
        let mut stage_start = eff;
        let mut last_response: Option<u32> = None;
        for s in 0..stages {
            let aim = aims
                .get(t)
                .and_then(|a| a.get(s))
                .map_or((5, 10), |a| (a.ack, a.resp));
            if s > 0 {
                // escalation: about 25% of responded cases
                let requested = match last_response {
                    Some(r) if rng.pct(28) => Some(days.add(r, rng.range(1, 25))),
                    _ => None,
                };
                line.push(b',');
                match requested {
                    Some(q) => {
                        line.extend_from_slice(days.text(q));
                        stage_start = q;
                        if rng.pct(15) {
                            let hh = if rng.pct(50) {
                                rng.range(9, 16)
                            } else {
                                rng.range(17, 23)
                            };
                            if hh >= 17 {
                                stage_start = days.add(q, 1);
                            }
                            write!(line, "T{:02}:{:02}", hh, rng.below(60))?;
                        }
                    }
                    None => {
                        // not escalated (or the last stage is pending): this stage's
                        // other cells and every later stage's empty
                        line.extend_from_slice(b",,,");
                        for _ in s + 1..stages {
                            line.extend_from_slice(b",,,,");
                        }
                        break;
                    }
                }
            }
            // acknowledgement: ~90% on time, ~7% late, ~3% not yet
            let ack_roll = rng.below(100);
            let ack = if ack_roll < 90 {
                Some(days.add(stage_start, rng.range(0, aim.0)))
            } else if ack_roll < 97 {
                Some(days.add(stage_start, aim.0 + rng.range(1, 5)))
            } else {
                None
            };
            line.push(b',');
            if let Some(a) = ack {
                line.extend_from_slice(days.text(a));
            }
            // response: counted from the acknowledgement, else its deadline
            let base = ack.unwrap_or_else(|| days.add(stage_start, aim.0));
            let resp_roll = rng.below(100);
            let ext = if resp_roll < 10 { rng.range(1, 10) } else { 0 };
            line.push(b',');
            if ext > 0 {
                write!(line, "{ext}")?;
            }
            let resp = if ack.is_none() || resp_roll >= 94 {
                None // pending
            } else if resp_roll < 80 {
                Some(days.add(base, rng.range(1, aim.1 + ext)))
            } else {
                Some(days.add(base, aim.1 + ext + rng.range(1, 15)))
            };
            line.push(b',');
            if bad == 2 && s == 0 {
                // a bad row: the response dated before the receipt
                line.extend_from_slice(days.text(recv.saturating_sub(rng.range(3, 30))));
            } else if let Some(r) = resp {
                line.extend_from_slice(days.text(r));
            }
            last_response = resp;
        }
        line.push(b'\n');
        out.write_all(&line)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::CalendarSpec;
    use crate::source::SourceFile;

    fn policy() -> ir::Policy {
        let text = r#"
policy "Example" {
  track general ombudsman lgsco
  track housing ombudsman housing-ombudsman
  stage one "Stage 1" {
    acknowledge within 5 working days of receipt
    respond within 10 working days of acknowledgement
  }
  escalate one -> two {
    within 20 working days of one.response
  }
  stage two "Stage 2" {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }
}"#;
        crate::compile(&SourceFile::new("example.policy", text)).unwrap()
    }

    fn run(rows: u64, seed: u64) -> Vec<u8> {
        let cal = WorkingCalendar::new(&CalendarSpec::new(ir::Region::EnglandAndWales));
        let mut out = Vec::new();
        generate(&policy(), &cal, rows, seed, &mut out).unwrap();
        out
    }

    #[test]
    fn same_seed_same_bytes_other_seed_other_bytes() {
        assert_eq!(run(500, 7), run(500, 7));
        assert_ne!(run(500, 7), run(500, 8));
    }

    #[test]
    fn exact_row_count_and_column_count() {
        let out = String::from_utf8(run(2_000, 1)).unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2_001);
        assert_eq!(lines[0], "id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded");
        for l in &lines {
            assert_eq!(l.split(',').count(), 10, "{l}");
        }
        assert!(run(0, 1).iter().filter(|b| **b == b'\n').count() == 1);
    }

    #[test]
    fn the_mix_is_realistic() {
        let out = String::from_utf8(run(20_000, 3)).unwrap();
        let rows: Vec<Vec<&str>> = out
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let n = rows.len() as f64;
        let share =
            |f: &dyn Fn(&Vec<&str>) -> bool| rows.iter().filter(|r| f(r)).count() as f64 / n;
        let escalated = share(&|r| !r[6].is_empty());
        let pending = share(&|r| r[5].is_empty());
        let timed = share(&|r| r[2].contains('T'));
        let extended = share(&|r| !r[4].is_empty());
        let bad =
            share(&|r| r[0].is_empty() || r[1] == "parking" || r[2].starts_with("2025-02-30"));
        assert!((0.15..0.30).contains(&escalated), "{escalated}");
        assert!((0.03..0.15).contains(&pending), "{pending}");
        assert!((0.10..0.20).contains(&timed), "{timed}");
        assert!((0.05..0.15).contains(&extended), "{extended}");
        assert!((0.003..0.02).contains(&bad), "{bad}");
        for r in &rows {
            assert!(r[2].is_empty() || r[2] >= "2024" && r[2] < "2030");
        }
    }
}
