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
//! route, and each row fills the core's [`Facts`] and asks for the due dates, so the work per
//! row is a few calendar look-ups. The export is read in large chunks cut at line ends; the
//! chunks of a batch are judged on one thread per core and their counts merged, so memory
//! stays constant however long the file is.

use std::io::{Read, Write};

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::ir;
use crate::schedule::{self, Facts, Schedule, ScheduleError, StageFacts, StageStart, WindowOf};
use crate::source::SourceFile;

pub mod duplicates;
pub mod input;

pub use input::{Located, Mapping};

/// At most this many formal stages are audited (`s1_*` to `s3_*`).
pub const MAX_STAGES: usize = 3;
/// Rejected rows listed in the report; the rest are only counted.
pub const REJECTED_LISTED: usize = 1000;
/// Working days to respond are kept in a histogram of this many buckets (the last holds
/// everything at or beyond it), so the percentiles need constant memory.
const HIST: usize = 512;
/// Bytes read per chunk.
const CHUNK: usize = 8 << 20;

/// The rule of one step for one case class, compiled.
enum Choice {
    /// the policy gives no rule for this step
    NoRule,
    Plan(schedule::Plan),
    /// every rule of the step depends on a class, and the row gives none that matches
    NeedsClass,
}

/// One formal stage of one track's route, compiled once per case class: `ack[c]` and
/// `resp[c]` for class `c` (0 = a row with no class, `i` = the policy's `i`-th class).
struct FormalStage {
    /// The stage's position on the track's route (its index in [`Facts::stages`]).
    pos: usize,
    name: String,
    ack: Vec<Choice>,
    resp: Vec<Choice>,
}

/// One track: its route's length and its formal stages by number.
struct TrackPlan {
    route_len: usize,
    /// `formal[n - 1]`: formal stage `n`, when the route has one.
    formal: [Option<FormalStage>; MAX_STAGES],
    /// How many formal stages the route has.
    count: usize,
}

/// A policy reduced for auditing: built once, shared by every worker.
pub struct Plan<'p> {
    pub policy: String,
    /// Track names in the policy's order ([`ir::IMPLICIT_TRACK`] when the policy declares none).
    pub tracks: Vec<String>,
    /// What a row's track cell may say, lower case: each track's name and its aliases
    /// (`alias "HRA"`), with the track's index. Lowering refuses an alias that is another
    /// track's name or alias, so a cell names one track at most.
    track_keys: Vec<(String, usize)>,
    /// Stage column groups (`s1_*` ...): the most formal stages any track has.
    pub columns: usize,
    per_track: Vec<TrackPlan>,
    /// A policy with no tracks takes every row, whatever its `track` says.
    open_tracks: bool,
    /// The policy's case classes, which a `class` column names (see [`Choice`]).
    pub classes: Vec<String>,
    schedule: Schedule<'p>,
}

impl<'p> Plan<'p> {
    pub fn new(policy: &'p ir::Policy) -> Plan<'p> {
        let schedule = Schedule::new(policy);
        let open_tracks = policy.tracks.is_empty();
        let classes: Vec<String> = policy
            .classes
            .iter()
            .map(|c| c.value.name.value.clone())
            .collect();
        let tracks: Vec<String> = policy.case_tracks().iter().map(|s| s.to_string()).collect();
        let track_keys: Vec<(String, usize)> = tracks
            .iter()
            .enumerate()
            .flat_map(|(i, name)| {
                let aliases = policy.track(name).map_or(&[][..], |t| &t.aliases[..]);
                std::iter::once(name.as_str())
                    .chain(aliases.iter().map(|a| a.value.trim()))
                    .map(move |k| (k.to_lowercase(), i))
            })
            .collect();
        let per_track: Vec<TrackPlan> = tracks
            .iter()
            .map(|track| {
                let route = policy.route(track);
                // One compiled choice per class (none first), so a row's class picks its rule
                // with a look-up: the choice itself is ir::select's, as everywhere.
                let compile = |rules: &[ir::Rule<ir::Window>], of: WindowOf| -> Vec<Choice> {
                    let none: &[String] = &[];
                    std::iter::once(none)
                        .chain(classes.iter().map(std::slice::from_ref))
                        .map(
                            |cs| match ir::select(rules, track, cs, &policy.preferences) {
                                Some(r) => Choice::Plan(schedule.plan(&route, of, &r.value)),
                                None if rules.iter().any(|r| r.applies_to(track)) => {
                                    Choice::NeedsClass
                                }
                                None => Choice::NoRule,
                            },
                        )
                        .collect()
                };
                let formal = [1u8, 2, 3].map(|n| {
                    let stage = route.formal(n)?;
                    let pos = route.position(&stage.name.value)?;
                    Some(FormalStage {
                        pos,
                        name: stage.name.value.clone(),
                        ack: compile(&stage.acknowledge, WindowOf::Acknowledge(pos)),
                        resp: compile(&stage.respond, WindowOf::Respond(pos)),
                    })
                });
                TrackPlan {
                    route_len: route.stages.len(),
                    count: formal.iter().filter(|f| f.is_some()).count(),
                    formal,
                }
            })
            .collect();
        let columns = per_track
            .iter()
            .flat_map(|t| t.formal.iter().enumerate())
            .filter(|(_, f)| f.is_some())
            .map(|(k, _)| k + 1)
            .max()
            .unwrap_or(0);
        Plan {
            policy: policy.name.value.clone(),
            tracks,
            track_keys,
            columns,
            per_track,
            open_tracks,
            classes,
            schedule,
        }
    }

    fn formal(&self, track: usize, k: usize) -> Option<&FormalStage> {
        self.per_track.get(track)?.formal.get(k)?.as_ref()
    }

    /// The track a row's track cell names: a track's name or one of its aliases, ignoring
    /// case (any track when the policy declares none).
    fn track_index(&self, t: &[u8], latin: bool) -> Option<usize> {
        if self.open_tracks {
            return Some(0);
        }
        if t.is_ascii() {
            return self
                .track_keys
                .iter()
                .find(|(k, _)| k.as_bytes().eq_ignore_ascii_case(t))
                .map(|&(_, i)| i);
        }
        let cell = input::text(t, latin).to_lowercase();
        self.track_keys
            .iter()
            .find(|(k, _)| *k == cell)
            .map(|&(_, i)| i)
    }

    /// A compiled window's due date for what is known so far (none without a rule, or while
    /// one of its start events has not happened); an error when the rule depends on a class
    /// the row does not give.
    fn due(
        &self,
        rule: Option<&Choice>,
        facts: &Facts,
        what: &str,
        stage: usize,
    ) -> Result<Option<NaiveDate>, String> {
        match rule {
            Some(Choice::Plan(p)) => self.schedule.due_date(p, facts).map_err(|e| e.to_string()),
            Some(Choice::NeedsClass) => Err(format!(
                "the policy sets the stage {stage} {what} timescale by case class ({}); the row gives none that it names (a `class` column)",
                self.classes.join(", ")
            )),
            Some(Choice::NoRule) | None => Ok(None),
        }
    }

    /// The class index of a row's `class` cell: 0 for none.
    fn class_index(&self, f: &[u8], latin: bool) -> Result<usize, String> {
        let f = f.trim_ascii();
        if f.is_empty() {
            return Ok(0);
        }
        self.classes
            .iter()
            .position(|c| c.as_bytes().eq_ignore_ascii_case(f))
            .map(|i| i + 1)
            .ok_or_else(|| {
                format!(
                    "class `{}` is not one the policy declares ({})",
                    show(f, latin),
                    if self.classes.is_empty() {
                        "it declares none".to_string()
                    } else {
                        self.classes.join(", ")
                    }
                )
            })
    }
}

/// One stage of one row, parsed.
#[derive(Clone, Copy, Default)]
struct StageCols {
    requested: Option<NaiveDateTime>,
    acknowledged: Option<NaiveDate>,
    extension: u32,
    responded: Option<NaiveDate>,
}

/// One stage of one row, judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageVerdict {
    pub started: bool,
    pub ack_due: Option<NaiveDate>,
    pub ack_on_time: Option<bool>,
    pub resp_due: Option<NaiveDate>,
    pub resp_on_time: Option<bool>,
    /// working days from the stage's start to the response
    pub wd_to_respond: Option<i64>,
    /// The dates the row gives, as judged (for `redress measures`): the day the stage counts
    /// from (receipt or the escalation request, after office hours), its acknowledgement and
    /// response, and its extension in working days.
    pub start: Option<NaiveDate>,
    pub acknowledged: Option<NaiveDate>,
    pub responded: Option<NaiveDate>,
    pub extension_wd: u32,
}

/// Column positions, found by name in the header.
#[derive(Clone, Debug, Default)]
pub struct Columns {
    width: usize,
    id: usize,
    track: usize,
    received: usize,
    /// the case's class (a complexity band), when the export has one
    class: Option<usize>,
    requested: [Option<usize>; MAX_STAGES],
    acknowledged: [Option<usize>; MAX_STAGES],
    extension: [Option<usize>; MAX_STAGES],
    responded: [Option<usize>; MAX_STAGES],
    /// the file is Windows-1252 text (see [`input`])
    latin: bool,
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

/// Everything counted over some rows.
#[derive(Clone, Debug, Default)]
pub struct Aggregate {
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// the first [`REJECTED_LISTED`] rejected rows
    pub rejected_rows: Vec<Rejected>,
    /// `counts[stage][track]`
    pub counts: Vec<Vec<Counts>>,
    /// the export was read as Windows-1252 (see [`input`])
    pub latin: bool,
}

impl Aggregate {
    fn new(plan: &Plan) -> Aggregate {
        Aggregate {
            counts: (0..plan.columns)
                .map(|_| plan.tracks.iter().map(|_| Counts::default()).collect())
                .collect(),
            ..Aggregate::default()
        }
    }

    /// Add a later chunk's counts; its line numbers are shifted by `line_base`.
    fn merge(&mut self, o: Aggregate, line_base: u64) {
        self.rows += o.rows;
        self.accepted += o.accepted;
        self.rejected += o.rejected;
        for r in o.rejected_rows {
            if self.rejected_rows.len() >= REJECTED_LISTED {
                break;
            }
            self.rejected_rows.push(Rejected {
                line: r.line + line_base,
                reason: r.reason,
            });
        }
        for (a, b) in self.counts.iter_mut().zip(o.counts.iter()) {
            for (x, y) in a.iter_mut().zip(b.iter()) {
                x.merge(y);
            }
        }
    }
}

/// A date cell in the one date grammar ([`crate::dates`]); `Ok(None)` for an empty field.
fn parse_datetime(f: &[u8]) -> Result<Option<NaiveDateTime>, ()> {
    if f.trim_ascii().is_empty() {
        return Ok(None);
    }
    crate::dates::parse_datetime_bytes(f).map(Some).ok_or(())
}

fn parse_extension(f: &[u8]) -> Result<u32, ()> {
    let f = f.trim_ascii();
    if f.is_empty() {
        return Ok(0);
    }
    if f.len() > 6 {
        return Err(());
    }
    let mut v = 0u32;
    for &b in f {
        if !b.is_ascii_digit() {
            return Err(());
        }
        v = v * 10 + u32::from(b - b'0');
    }
    Ok(v)
}

fn show(f: &[u8], latin: bool) -> String {
    input::text(f.trim_ascii(), latin).into_owned()
}

/// A row's verdicts, or why it is rejected.
pub struct RowVerdict {
    pub track: usize,
    /// `stages[n - 1]`: the track's formal stage `n`.
    pub stages: [StageVerdict; MAX_STAGES],
    extended: [bool; MAX_STAGES],
}

/// Judge one row given its fields.
pub fn judge_row(plan: &Plan, cols: &Columns, fields: &[&[u8]]) -> Result<RowVerdict, String> {
    judge_row_in(plan, cols, fields, &mut Facts::default())
}

/// [`judge_row`] with the caller's [`Facts`], reused from row to row.
fn judge_row_in(
    plan: &Plan,
    cols: &Columns,
    fields: &[&[u8]],
    facts: &mut Facts,
) -> Result<RowVerdict, String> {
    // A short row (trailing fields left off, as spreadsheets write them) reads them as empty.
    if fields.len() > cols.width {
        return Err(format!(
            "too many fields: {} fields, the header has {}",
            fields.len(),
            cols.width
        ));
    }
    let field =
        |i: Option<usize>| -> &[u8] { i.and_then(|i| fields.get(i)).copied().unwrap_or(b"") };
    if field(Some(cols.id)).trim_ascii().is_empty() {
        return Err("missing id".into());
    }
    let track_f = field(Some(cols.track)).trim_ascii();
    let track = plan
        .track_index(track_f, cols.latin)
        .ok_or_else(|| format!("unknown track `{}`", show(track_f, cols.latin)))?;
    let date_in =
        |i: Option<usize>, name: &str, k: usize| -> Result<Option<NaiveDateTime>, String> {
            let f = field(i);
            parse_datetime(f).map_err(|_| {
                let col = if name.is_empty() {
                    "received".to_string()
                } else {
                    format!("s{}_{name}", k + 1)
                };
                format!("unparseable date `{}` in `{col}`", show(f, cols.latin))
            })
        };
    let received_at =
        date_in(Some(cols.received), "", 0)?.ok_or_else(|| "missing received date".to_string())?;
    let received_raw = received_at.date();
    let class = plan.class_index(field(cols.class), cols.latin)?;
    let nst = plan.columns.min(MAX_STAGES);
    let mut sc = [StageCols::default(); MAX_STAGES];
    for (k, s) in sc.iter_mut().enumerate().take(nst) {
        let g = |a: &[Option<usize>; MAX_STAGES]| a.get(k).copied().flatten();
        let n = k + 1;
        if plan.formal(track, k).is_none() {
            // The track has no formal stage n: its cells must stay empty.
            let filled = [
                &cols.requested,
                &cols.acknowledged,
                &cols.extension,
                &cols.responded,
            ]
            .iter()
            .any(|a| !field(g(a)).trim_ascii().is_empty());
            if filled {
                return Err(format!(
                    "track `{}` has no stage {n}, but its `s{n}_*` columns are filled",
                    show(track_f, cols.latin)
                ));
            }
            continue;
        }
        s.requested = if k == 0 {
            None
        } else {
            date_in(g(&cols.requested), "requested", k)?
        };
        s.acknowledged = date_in(g(&cols.acknowledged), "acknowledged", k)?.map(|d| d.date());
        s.responded = date_in(g(&cols.responded), "responded", k)?.map(|d| d.date());
        let ef = field(g(&cols.extension));
        s.extension = parse_extension(ef).map_err(|_| {
            format!(
                "extension `{}` in `s{n}_extension_wd` is not a number of working days",
                show(ef, cols.latin)
            )
        })?;
        if s.responded.is_some_and(|d| d < received_raw) {
            return Err(format!("stage {n} response before receipt"));
        }
        if s.acknowledged.is_some_and(|d| d < received_raw) {
            return Err(format!("stage {n} acknowledgement before receipt"));
        }
        if s.requested.is_some_and(|d| d.date() < received_raw) {
            return Err(format!("stage {n} escalation request before receipt"));
        }
    }
    let err = |e: ScheduleError| e.to_string();
    let sched = &plan.schedule;
    let received = sched.effective(received_at).map_err(err)?.date();
    let mut out = RowVerdict {
        track,
        stages: [StageVerdict::default(); MAX_STAGES],
        extended: [false; MAX_STAGES],
    };
    // The facts of the track's route, filled stage by stage in route order as the simulator
    // fills them: what a stage's rules may count from is what happened before them.
    let route_len = plan.per_track.get(track).map_or(0, |t| t.route_len);
    facts.received = Some(received);
    facts.occurred = None;
    facts.aware = None;
    facts.final_response = None;
    facts.stages.clear();
    facts.stages.resize(route_len, StageFacts::default());
    for k in 0..nst {
        let (Some(s), Some(v), Some(f)) = (sc.get(k), out.stages.get_mut(k), plan.formal(track, k))
        else {
            continue;
        };
        // Formal stage 1 starts at receipt: at the route's first stage, or after the
        // early-resolution steps before it (not audited), as a complaint that skipped them.
        // A later stage starts with the request to escalate into it.
        let (start, how, escalation) = if k == 0 {
            if f.pos == 0 {
                (received, StageStart::Receipt, None)
            } else {
                (received, StageStart::ReceiptAfterSkip, Some(received))
            }
        } else {
            match s.requested {
                Some(r) => {
                    let d = sched.effective(r).map_err(err)?.date();
                    (d, StageStart::Escalation, Some(d))
                }
                None => continue,
            }
        };
        v.started = true;
        (v.start, v.acknowledged) = (Some(start), s.acknowledged);
        (v.responded, v.extension_wd) = (s.responded, s.extension);
        if let Some(st) = facts.stages.get_mut(f.pos) {
            st.start = Some((start, how));
            st.escalation = escalation;
            st.acknowledged = s.acknowledged;
        }
        let ack_due = plan.due(f.ack.get(class), facts, "acknowledgement", k + 1)?;
        v.ack_due = ack_due;
        v.ack_on_time = s.acknowledged.map(|a| ack_due.is_none_or(|d| a <= d));
        if let Some(st) = facts.stages.get_mut(f.pos) {
            st.ack_due = ack_due;
        }
        let mut resp_due = plan.due(f.resp.get(class), facts, "response", k + 1)?;
        if s.extension > 0 {
            // Convention 5: an extension of E working days counts from the deadline it
            // extends, as the simulator applies it.
            if let Some(d) = resp_due {
                resp_due = Some(sched.extend(d, s.extension).map_err(err)?);
            }
            if let Some(e) = out.extended.get_mut(k) {
                *e = true;
            }
        }
        v.resp_due = resp_due;
        v.resp_on_time = s.responded.map(|a| resp_due.is_none_or(|d| a <= d));
        if let Some(r) = s.responded {
            v.wd_to_respond = Some(sched.working_days_between(start, r).map_err(err)?);
        }
        if let Some(st) = facts.stages.get_mut(f.pos) {
            st.response_due = resp_due;
            st.responded = s.responded;
        }
    }
    Ok(out)
}

fn count(agg: &mut Aggregate, v: &RowVerdict) {
    let n = v.stages.len();
    for k in 0..n {
        let Some(s) = v.stages.get(k) else { continue };
        if !s.started {
            continue;
        }
        let next_started = v.stages.get(k + 1).is_some_and(|n| n.started);
        let Some(c) = agg.counts.get_mut(k).and_then(|t| t.get_mut(v.track)) else {
            continue;
        };
        c.received += 1;
        match s.ack_on_time {
            Some(true) => c.ack_on_time += 1,
            Some(false) => c.ack_late += 1,
            None => {}
        }
        match s.resp_on_time {
            Some(true) => c.resp_on_time += 1,
            Some(false) => c.resp_late += 1,
            None => c.pending += 1,
        }
        if v.extended.get(k).copied().unwrap_or(false) {
            c.extended += 1;
        }
        if next_started {
            c.escalated += 1;
        }
        if let Some(w) = s.wd_to_respond {
            let b = (w.max(0) as usize).min(HIST - 1);
            if let Some(h) = c.hist.get_mut(b) {
                *h += 1;
            }
        }
    }
}

fn push_csv_field(out: &mut Vec<u8>, f: &[u8]) {
    if f.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in f {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(f);
    }
}

fn push_date(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    let Some(d) = d else { return };
    let y = d.year().clamp(0, 9999) as u32;
    let (m, day) = (d.month(), d.day());
    let dig = |v: u32| b'0' + (v % 10) as u8;
    out.extend_from_slice(&[
        dig(y / 1000),
        dig(y / 100),
        dig(y / 10),
        dig(y),
        b'-',
        dig(m / 10),
        dig(m),
        b'-',
        dig(day / 10),
        dig(day),
    ]);
}

fn push_bool(out: &mut Vec<u8>, b: Option<bool>) {
    match b {
        Some(true) => out.extend_from_slice(b"true"),
        Some(false) => out.extend_from_slice(b"false"),
        None => {}
    }
}

/// The header of the per-case output for a plan.
pub fn cases_header(plan: &Plan) -> Vec<u8> {
    let mut h = String::from("id,track");
    for k in 1..=plan.columns {
        h.push_str(&format!(
            ",s{k}_ack_due,s{k}_ack_on_time,s{k}_resp_due,s{k}_resp_on_time"
        ));
    }
    h.push('\n');
    h.into_bytes()
}

fn write_row(out: &mut Vec<u8>, plan: &Plan, fields: &[&[u8]], cols: &Columns, v: &RowVerdict) {
    let cell = |i: usize| {
        input::text(
            fields.get(i).copied().unwrap_or(b"").trim_ascii(),
            cols.latin,
        )
    };
    push_csv_field(out, cell(cols.id).as_bytes());
    out.push(b',');
    // The policy's own name for the track (`Housing` and `HRA` are `housing`); a policy with
    // no tracks takes the cell as it is.
    match plan.tracks.get(v.track).filter(|_| !plan.open_tracks) {
        Some(t) => push_csv_field(out, t.as_bytes()),
        None => push_csv_field(out, cell(cols.track).as_bytes()),
    }
    for s in v.stages.iter().take(plan.columns) {
        out.push(b',');
        push_date(out, s.ack_due);
        out.push(b',');
        push_bool(out, s.ack_on_time);
        out.push(b',');
        push_date(out, s.resp_due);
        out.push(b',');
        push_bool(out, s.resp_on_time);
    }
    out.push(b'\n');
}

/// An emptied vector of fields, its allocation kept for fields that borrow something else.
fn recycle<'b>(mut v: Vec<&[u8]>) -> Vec<&'b [u8]> {
    v.clear();
    v.into_iter().map(|_| &b""[..]).collect()
}

/// Judge every record of a chunk (whole records only, see [`input`]). Line numbers in the
/// result are relative: the chunk's first line is 1, and a record is numbered by its first
/// line. Returns the counts and the number of line ends in the chunk.
fn process_chunk(
    plan: &Plan,
    cols: &Columns,
    chunk: &[u8],
    out: Option<&mut Vec<u8>>,
) -> (Aggregate, u64) {
    let mut agg = Aggregate::new(plan);
    let mut sink = Vec::new();
    let writing = out.is_some();
    let out = match out {
        Some(o) => o,
        None => &mut sink,
    };
    let mut spare: Vec<&[u8]> = Vec::with_capacity(cols.width + 2);
    let mut scratch: Vec<u8> = Vec::new();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut facts = Facts::default();
    let mut line_no = 0u64;
    let mut pos = 0usize;
    while let Some(rest) = chunk.get(pos..).filter(|r| !r.is_empty()) {
        let Some(rec) = input::record(rest, true) else {
            break;
        };
        let line = rest.get(..rec.end).unwrap_or(b"");
        let first_line = line_no + 1;
        line_no += rec.lines;
        pos += rec.next.max(1);
        if line.trim_ascii().is_empty() {
            continue;
        }
        agg.rows += 1;
        let mut fields = recycle(std::mem::take(&mut spare));
        if rec.quoted {
            input::split_quoted(line, &mut scratch, &mut ranges);
            fields.extend(
                ranges
                    .iter()
                    .map(|&(a, z)| scratch.get(a..z).unwrap_or(b"")),
            );
        } else {
            fields.extend(line.split(|&b| b == b','));
        }
        let verdict = judge_row_in(plan, cols, &fields, &mut facts);
        if let (Ok(v), true) = (&verdict, writing) {
            write_row(out, plan, &fields, cols, v);
        }
        spare = recycle(fields);
        match verdict {
            Ok(v) => {
                agg.accepted += 1;
                count(&mut agg, &v);
            }
            Err(reason) => {
                agg.rejected += 1;
                if agg.rejected_rows.len() < REJECTED_LISTED {
                    agg.rejected_rows.push(Rejected {
                        line: first_line,
                        reason,
                    });
                }
            }
        }
    }
    (agg, line_no)
}

/// Read until `buf` holds `want` bytes or the input ends.
fn fill(input: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<()> {
    while buf.len() < want {
        let start = buf.len();
        buf.resize(want, 0);
        let n = loop {
            match input.read(buf.get_mut(start..).unwrap_or(&mut [])) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    buf.truncate(start);
                    return Err(e);
                }
            }
        };
        buf.truncate(start + n);
        if n == 0 {
            break;
        }
    }
    Ok(())
}

/// Why an audit could not run.
#[derive(Debug)]
pub enum AuditError {
    Io(std::io::Error),
    /// The export's header (or the column mapping) cannot be used: coded diagnostics, each
    /// with the file it points into.
    Input(Vec<Located>),
}

impl std::fmt::Display for AuditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AuditError::Io(e) => write!(f, "{e}"),
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

/// [`audit`] of an export read as `export` says (its name, its column mapping).
pub fn audit_export(
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
    let chunk_size = if chunk_size == 0 { CHUNK } else { chunk_size };
    // The first chunk decides the text encoding (see `input`); then the header, the first
    // record, is read whole (it may need more than a chunk).
    let mut buf = Vec::new();
    fill(input, &mut buf, chunk_size.max(1 << 16))?;
    let mut eof = buf.len() < chunk_size.max(1 << 16);
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
        fill(input, &mut buf, before + chunk_size)?;
        eof = buf.len() < before + chunk_size;
    };
    let header_text = input::text(buf.get(..rec.end).unwrap_or(b""), latin).into_owned();
    let cols = header_columns(export, &header_text, latin).map_err(AuditError::Input)?;
    if let Some(w) = cases_out.as_mut() {
        w.write_all(&cases_header(plan))?;
    }
    let mut total = Aggregate::new(plan);
    total.latin = latin;
    // Lines before the next chunk (the header's).
    let mut line_base = rec.lines.max(1);
    let mut carry = buf.split_off(rec.next.min(buf.len()));
    let mut done = false;
    while !done {
        // A batch: one chunk per thread, each cut after its last whole record.
        let mut chunks: Vec<Vec<u8>> = Vec::with_capacity(threads);
        while chunks.len() < threads && !done {
            let mut b = std::mem::take(&mut carry);
            let mut want = chunk_size;
            loop {
                if eof {
                    done = true;
                    break;
                }
                let before = b.len();
                fill(input, &mut b, want.max(before))?;
                if b.len() < want.max(before) {
                    eof = true;
                    done = true;
                    break;
                }
                // Cut after the last record end; a record longer than the chunk reads on.
                if let Some(i) = input::last_boundary(&b) {
                    carry = b.split_off(i);
                    break;
                }
                want = b.len() + chunk_size;
            }
            if !b.is_empty() {
                chunks.push(b);
            }
        }
        let writing = cases_out.is_some();
        let results: Vec<(Aggregate, u64, Vec<u8>)> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|c| {
                    let cols = &cols;
                    s.spawn(move || {
                        let mut out = Vec::new();
                        let (agg, ends) = process_chunk(plan, cols, c, writing.then_some(&mut out));
                        (agg, ends, out)
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join()
                        .unwrap_or_else(|_| (Aggregate::new(plan), 0, Vec::new()))
                })
                .collect()
        });
        for (agg, ends, out) in results {
            if let Some(w) = cases_out.as_mut() {
                w.write_all(&out)?;
            }
            total.merge(agg, line_base);
            line_base += ends;
        }
    }
    Ok(total)
}

/// One stage and track of the report.
#[derive(Clone, Debug, Serialize)]
pub struct StageReport {
    /// The formal stage number (its role), never a position in the file.
    pub stage: usize,
    /// The name of the track's stage with that role.
    pub stage_name: String,
    pub track: String,
    pub received: u64,
    pub ack_on_time: u64,
    pub ack_late: u64,
    pub resp_on_time: u64,
    pub resp_late: u64,
    pub pending: u64,
    pub extended: u64,
    pub median_wd_to_respond: Option<u64>,
    pub p90_wd_to_respond: Option<u64>,
    /// cases of this stage that asked to go to the next (none at the last stage)
    pub escalated: Option<u64>,
    /// `escalated / received`
    pub escalation_rate: Option<f64>,
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

/// The report `redress audit` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub policy: String,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub stages: Vec<StageReport>,
    pub rejected_rows: Vec<Rejected>,
    pub rejected_rows_truncated: bool,
    /// how the export's text was read: `utf-8` or `windows-1252`
    pub encoding: &'static str,
}

pub fn report(plan: &Plan, agg: &Aggregate) -> Report {
    let mut stages = Vec::new();
    for (k, per_track) in agg.counts.iter().enumerate() {
        for (t, c) in per_track.iter().enumerate() {
            // Only the formal stages the track's route has.
            let (Some(f), Some(tp)) = (plan.formal(t, k), plan.per_track.get(t)) else {
                continue;
            };
            let last = k + 1 >= tp.count;
            stages.push(StageReport {
                stage: k + 1,
                stage_name: f.name.clone(),
                track: plan.tracks.get(t).cloned().unwrap_or_default(),
                received: c.received,
                ack_on_time: c.ack_on_time,
                ack_late: c.ack_late,
                resp_on_time: c.resp_on_time,
                resp_late: c.resp_late,
                pending: c.pending,
                extended: c.extended,
                median_wd_to_respond: c.percentile(50),
                p90_wd_to_respond: c.percentile(90),
                escalated: (!last).then_some(c.escalated),
                escalation_rate: (!last && c.received > 0)
                    .then(|| c.escalated as f64 / c.received as f64),
            });
        }
    }
    Report {
        policy: plan.policy.clone(),
        rows: agg.rows,
        accepted: agg.accepted,
        rejected: agg.rejected,
        stages,
        rejected_rows_truncated: agg.rejected > agg.rejected_rows.len() as u64,
        rejected_rows: agg.rejected_rows.clone(),
        encoding: if agg.latin { "windows-1252" } else { "utf-8" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse() {
        assert!(parse_datetime(b"").ok().flatten().is_none());
        assert!(parse_datetime(b"2026-02-30").is_err());
        assert!(parse_datetime(b"2026-13-01").is_err());
        assert!(parse_datetime(b"26-01-01").is_err());
        assert_eq!(
            parse_datetime(b"2026-06-01T18:30")
                .ok()
                .flatten()
                .map(|d| d.to_string()),
            Some("2026-06-01 18:30:00".to_string())
        );
        assert_eq!(
            parse_datetime(b"2026-06-01")
                .ok()
                .flatten()
                .map(|d| d.to_string()),
            Some("2026-06-01 12:00:00".to_string())
        );
    }
}
