//! `redress gen-cases`: a deterministic synthetic case-management export for benchmarks and
//! tests of `redress audit`.
//!
//! The columns are those `redress audit` reads: `id,track,received`, then per formal stage
//! `sN_acknowledged,sN_extension_wd,sN_responded` (and `sN_requested` first for every stage
//! after the first). `sN` is the row's track's formal stage N (role `stage-N` on its route), as
//! the audit reads it; a track with fewer formal stages than the policy's longest route leaves
//! the later columns empty. The mix, per row: about 1% bad rows (an unparseable date, a
//! response before receipt, an unknown track or a missing id, at random); of the rest, stage 1
//! acknowledged on time about 90% of the time, responded on time about 78% (about 10% with an
//! extension), pending about 9% (empty later columns); about 28% of responded cases escalate to
//! the next stage, and so on. About 15% of receipts and escalation requests carry a time, half
//! of those out of office hours; receipts fall on 2024-01-01 to 2029-06-30, so every later date
//! stays inside the calendar (2018-2030).
//!
//! "On time" and "late" are judged against the deadlines of the schedule core
//! ([`crate::schedule`]): the track's route, the rules chosen for the track, the policy's
//! office hours and calendar, exactly as the audit and the simulator count them. The
//! generator only picks dates around those deadlines.
//!
//! The generator is a small splitmix64 generator of its own: the same policy, row count and
//! seed always give the same bytes. It streams: memory does not grow with the row count.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use crate::ir;
use crate::schedule::{self, Facts, Schedule, StageFacts, StageStart, WindowOf};

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

/// The calendar's dates preformatted, so that writing a date is a table look-up.
struct DateText {
    first: NaiveDate,
    text: Vec<[u8; 10]>,
}

impl DateText {
    fn new(first: NaiveDate, last: NaiveDate) -> DateText {
        let n = (last - first).num_days().max(0) as usize + 1;
        let mut text = Vec::with_capacity(n);
        let mut d = first;
        for _ in 0..n {
            let mut t = [b'0'; 10];
            let s = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
            for (slot, b) in t.iter_mut().zip(s.bytes()) {
                *slot = b;
            }
            text.push(t);
            d = d.succ_opt().unwrap_or(d);
        }
        DateText { first, text }
    }

    fn date(&self, day: u32) -> NaiveDate {
        self.first
            .checked_add_days(chrono::Days::new(u64::from(day)))
            .unwrap_or(self.first)
    }

    fn index(&self, d: NaiveDate) -> u32 {
        (d - self.first).num_days().max(0) as u32
    }

    fn text(&self, d: NaiveDate) -> &[u8] {
        self.text
            .get(self.index(d) as usize)
            .map(|t| &t[..])
            .unwrap_or(b"")
    }
}

/// One formal stage of a track's route, with its acknowledgement and response rules compiled
/// by the schedule core.
struct StageGen {
    /// The stage's position on the route (its index in [`Facts::stages`]).
    pos: usize,
    ack: Option<schedule::Plan>,
    resp: Option<schedule::Plan>,
}

/// A track: its route's length and its formal stages in order (stage 1, 2, ...).
struct TrackGen<'a> {
    name: &'a str,
    route_len: usize,
    stages: Vec<StageGen>,
}

fn track_gen<'a>(policy: &'a ir::Policy, schedule: &Schedule, track: &'a str) -> TrackGen<'a> {
    let route = policy.route(track);
    let compile = |rules: &[ir::Rule<ir::Window>], of: WindowOf| {
        ir::select(rules, track, &[], &policy.preferences)
            .map(|r| schedule.plan(&route, of, &r.value))
    };
    let mut stages = Vec::new();
    // Formal stages 1, 2, 3 in order; a route with a gap stops at it (`check` reports it).
    for n in 1..=3u8 {
        let Some(stage) = route.formal(n) else { break };
        let Some(pos) = route.position(&stage.name.value) else {
            break;
        };
        stages.push(StageGen {
            pos,
            ack: compile(&stage.acknowledge, WindowOf::Acknowledge(pos)),
            resp: compile(&stage.respond, WindowOf::Respond(pos)),
        });
    }
    TrackGen {
        name: track,
        route_len: route.stages.len(),
        stages,
    }
}

/// The header line for a policy with `stages` formal stages (at least one).
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

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Write `rows` synthetic cases for `policy` (header first) to `out`, deterministic for `seed`.
pub fn generate<W: Write>(policy: &ir::Policy, rows: u64, seed: u64, out: W) -> io::Result<()> {
    let mut out = io::BufWriter::with_capacity(1 << 16, out);
    let schedule = Schedule::new(policy);
    let cal = &schedule.cal;
    let days = DateText::new(cal.first(), cal.last());
    let tracks: Vec<TrackGen> = policy
        .case_tracks()
        .into_iter()
        .map(|t| track_gen(policy, &schedule, t))
        .collect();
    let stages = tracks
        .iter()
        .map(|t| t.stages.len())
        .max()
        .unwrap_or(0)
        .max(1);
    // Working days added to pick a date: an error only past the calendar's last year, which
    // receipts up to mid-2029 do not reach.
    let add = |d: NaiveDate, n: u32| cal.add_working_days(d, n).map_err(other);
    let between = |a: NaiveDate, b: NaiveDate| -> io::Result<u32> {
        Ok(u32::try_from(cal.working_days_between(a, b).map_err(other)?.max(0)).unwrap_or(0))
    };
    let start = days.index(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or(days.first));
    let end = days.index(NaiveDate::from_ymd_opt(2029, 6, 30).unwrap_or(days.first));
    let span = end.saturating_sub(start) + 1;

    writeln!(out, "{}", header(stages))?;
    let mut rng = Rng(seed ^ 0x5eed_ca5e);
    let mut line: Vec<u8> = Vec::with_capacity(256);
    let mut facts = Facts::default();
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
        let Some(track) = tracks.get(t) else { continue };
        if bad == 3 {
            line.extend_from_slice(b"parking");
        } else {
            line.extend_from_slice(track.name.as_bytes());
        }
        line.push(b',');
        // received: a day, sometimes with a time (half of those out of hours); a bare date is
        // noon, as the audit reads it
        let recv = days.date(start + rng.below(span));
        let with_time = rng.pct(15);
        let mut at = recv.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
        if with_time {
            let hh = if rng.pct(50) {
                rng.range(9, 16)
            } else if rng.pct(50) {
                rng.range(17, 23)
            } else {
                rng.range(0, 8)
            };
            let mm = rng.below(60);
            at = recv.and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap_or(NaiveTime::MIN));
        }
        if bad == 1 {
            line.extend_from_slice(b"2025-02-30");
        } else {
            line.extend_from_slice(days.text(recv));
            if with_time {
                write!(line, "T{:02}:{:02}", at.hour(), at.minute())?;
            }
        }
        let received = schedule.effective(at).map_err(other)?.date();
        facts.received = Some(received);
        facts.stages.clear();
        facts.stages.resize(track.route_len, StageFacts::default());
        // stages
        let mut last_response: Option<NaiveDate> = None;
        let mut open = true;
        for s in 0..stages {
            let stage = track.stages.get(s).filter(|_| open);
            let Some(stage) = stage else {
                // not escalated, pending, or a stage the track does not have: empty cells
                line.extend_from_slice(if s > 0 { b",,,," } else { b",,," });
                continue;
            };
            let (stage_start, how, escalation) = if s == 0 {
                if stage.pos == 0 {
                    (received, StageStart::Receipt, None)
                } else {
                    (received, StageStart::ReceiptAfterSkip, Some(received))
                }
            } else {
                // escalation: about 28% of responded cases
                let requested = match last_response {
                    Some(r) if rng.pct(28) => Some(add(r, rng.range(1, 25))?),
                    _ => None,
                };
                line.push(b',');
                let Some(q) = requested else {
                    open = false;
                    line.extend_from_slice(b",,,");
                    continue;
                };
                line.extend_from_slice(days.text(q));
                let mut q_at =
                    q.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN));
                if rng.pct(15) {
                    let hh = if rng.pct(50) {
                        rng.range(9, 16)
                    } else {
                        rng.range(17, 23)
                    };
                    let mm = rng.below(60);
                    q_at = q.and_time(NaiveTime::from_hms_opt(hh, mm, 0).unwrap_or(NaiveTime::MIN));
                    write!(line, "T{hh:02}:{mm:02}")?;
                }
                let eff = schedule.effective(q_at).map_err(other)?.date();
                (eff, StageStart::Escalation, Some(eff))
            };
            if let Some(f) = facts.stages.get_mut(stage.pos) {
                f.start = Some((stage_start, how));
                f.escalation = escalation;
            }
            // acknowledgement: ~90% on time, ~7% late, ~3% not yet; against the core's
            // deadline (5 working days when the policy sets none for the track)
            let ack_due = match &stage.ack {
                Some(p) => schedule.due_date(p, &facts).map_err(other)?,
                None => None,
            };
            let ack_aim = match ack_due {
                Some(d) => d,
                None => add(stage_start, 5)?,
            };
            let ack_roll = rng.below(100);
            let ack = if ack_roll < 90 {
                let n = between(stage_start, ack_aim)?;
                Some(add(stage_start, rng.range(0, n))?)
            } else if ack_roll < 97 {
                Some(add(ack_aim, rng.range(1, 5))?)
            } else {
                None
            };
            line.push(b',');
            if let Some(a) = ack {
                line.extend_from_slice(days.text(a));
            }
            if let Some(f) = facts.stages.get_mut(stage.pos) {
                f.acknowledged = ack;
                f.ack_due = ack_due;
            }
            // response: around the core's deadline, extended by the extension's working days
            // (10 working days a stage from the acknowledgement when the policy sets none)
            let resp_roll = rng.below(100);
            let ext = if resp_roll < 10 { rng.range(1, 10) } else { 0 };
            line.push(b',');
            if ext > 0 {
                write!(line, "{ext}")?;
            }
            let resp_due = match &stage.resp {
                Some(p) => schedule.due_date(p, &facts).map_err(other)?,
                None => None,
            };
            let base = ack.unwrap_or(ack_aim);
            // The extended deadline is the core's (convention 5); with no response rule the
            // aim is an arbitrary synthetic date, not a deadline.
            let resp_aim = match resp_due {
                Some(d) => schedule.extend(d, ext).map_err(other)?,
                None => add(base, 10 * (s as u32 + 1) + ext)?,
            };
            let resp = if ack.is_none() || resp_roll >= 94 {
                None // pending
            } else if resp_roll < 80 {
                let n = between(base, resp_aim)?;
                Some(add(base, rng.range(1, n.max(1)))?)
            } else {
                Some(add(resp_aim, rng.range(1, 15))?)
            };
            line.push(b',');
            if bad == 2 && s == 0 {
                // a bad row: the response dated before the receipt
                let back = rng.range(3, 30);
                let before = recv
                    .checked_sub_days(chrono::Days::new(u64::from(back)))
                    .unwrap_or(recv);
                line.extend_from_slice(days.text(before));
            } else if let Some(r) = resp {
                line.extend_from_slice(days.text(r));
            }
            if let Some(f) = facts.stages.get_mut(stage.pos) {
                f.response_due = resp_due;
                f.responded = resp;
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
    use crate::source::SourceFile;

    /// Stage two is written before stage one: the columns follow the roles on the route.
    fn policy() -> ir::Policy {
        let text = r#"
policy "Example" {
  track general ombudsman lgsco
  track housing ombudsman housing-ombudsman
  route one, two
  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }
  escalate one -> two {
    within 20 working days of one.response
  }
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of acknowledgement
  }
}"#;
        crate::compile(&SourceFile::new("example.policy", text)).unwrap()
    }

    fn run(rows: u64, seed: u64) -> Vec<u8> {
        let mut out = Vec::new();
        generate(&policy(), rows, seed, &mut out).unwrap();
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

    /// The generator aims at the core's deadlines, so the audit (which counts with the same
    /// core) finds the mix the generator intends: about 90% of acknowledgements on time.
    #[test]
    fn the_audit_sees_the_intended_mix() {
        let p = policy();
        let csv = run(20_000, 5);
        let plan = crate::audit::Plan::new(&p);
        let agg = crate::audit::audit(&plan, &mut &csv[..], None, 1, 0).unwrap();
        let r = crate::audit::report(&plan, &agg);
        assert!(
            (0.003..0.02).contains(&(r.rejected as f64 / r.rows as f64)),
            "{}",
            r.rejected
        );
        for s in r.stages.iter().filter(|s| s.stage == 1) {
            let acked = (s.ack_on_time + s.ack_late) as f64;
            let on_time = s.ack_on_time as f64 / acked;
            assert!((0.88..0.95).contains(&on_time), "{}: {on_time}", s.track);
            let answered = (s.resp_on_time + s.resp_late) as f64;
            let on_time = s.resp_on_time as f64 / answered;
            assert!((0.80..0.90).contains(&on_time), "{}: {on_time}", s.track);
        }
    }

    /// A one-stage track beside a two-stage one: its `s2_*` cells stay empty, and a policy
    /// with no tracks writes the implicit track's name.
    #[test]
    fn one_stage_track_and_no_tracks() {
        let text = r#"
policy "Example" {
  track general ombudsman lgsco
  track asc ombudsman lgsco
  route one, two
  route one for asc
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of acknowledgement
  }
  escalate one -> two {
    within 20 working days of one.response
  }
  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }
}"#;
        let p = crate::compile(&SourceFile::new("example.policy", text)).unwrap();
        let mut out = Vec::new();
        generate(&p, 5_000, 2, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let rows: Vec<Vec<&str>> = out
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        let asc: Vec<&Vec<&str>> = rows.iter().filter(|r| r[1] == "asc").collect();
        assert!(asc.len() > 2_000);
        assert!(asc
            .iter()
            .all(|r| r.len() == 10 && r[6..].iter().all(|c| c.is_empty())));
        assert!(rows.iter().any(|r| r[1] == "general" && !r[6].is_empty()));

        let text = r#"
policy "No tracks" {
  route one
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of receipt
  }
}"#;
        let p = crate::compile(&SourceFile::new("example.policy", text)).unwrap();
        let mut out = Vec::new();
        generate(&p, 100, 2, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("id,track,received,s1_acknowledged,s1_extension_wd,s1_responded\n"));
        assert!(out.lines().skip(1).all(|l| {
            let t = l.split(',').nth(1).unwrap_or("");
            t == ir::IMPLICIT_TRACK || t == "parking"
        }));
    }
}
