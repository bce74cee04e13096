//! `redress measures`: the Regulator of Social Housing's two Tenant Satisfaction Measures about
//! complaints, worked from a case-management export for one reporting year (1 April to
//! 31 March):
//!
//! - **CH01**, complaints relative to the size of the landlord: stage 1 and stage 2 complaints
//!   received in the year, each per 1,000 homes (with `--homes`);
//! - **CH02**, complaints responded to within the Complaint Handling Code's timescales: of the
//!   stage 1 (and, separately, stage 2) complaints responded to in the year, the proportion
//!   responded to within the Housing Ombudsman Code's timescales.
//!
//! The export is read through the audit's reader ([`crate::audit::input`]: the same header
//! resolution, column mapping, quoting, line ends and text encodings) and every row is judged
//! by the audit ([`crate::audit::judge_row`]), so a row the audit rejects is rejected here for
//! the same reason. Only cases on tracks whose Ombudsman is the Housing Ombudsman count: the
//! measures are housing measures. "Stage 1" and "stage 2" are the stages whose roles are
//! `stage-1` and `stage-2` on the case's track, as everywhere.
//!
//! The Code's timescales, not the policy's, decide CH02 (they differ, for instance, where a
//! policy counts its response from receipt). They are compiled as windows of the schedule core
//! ([`crate::schedule`]) and counted on the policy's calendar (its region's bank holidays, its
//! closure days, its office hours for what arrives after closing): see [`CodeWindows`].
//! docs/measures.md says which published paragraphs this follows and which readings it takes.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::audit::{self, input, Export, Located, Plan};
use crate::ir::{self, Combine, Ombudsman, Unit};
use crate::schedule::{self, Facts, PlanTerm, Schedule, StageFacts, StageStart, Start};

/// HO Code 6.2 and 6.11: a stage 1 complaint, and a stage 2 escalation request, acknowledged
/// within 5 working days.
pub const CODE_ACK_WD: u32 = 5;
/// HO Code 6.3: the stage 1 response within 10 working days of the acknowledgement.
pub const CODE_S1_RESPONSE_WD: u32 = 10;
/// HO Code 6.14: the stage 2 response within 20 working days of the acknowledgement.
pub const CODE_S2_RESPONSE_WD: u32 = 20;
/// HO Code 6.4: a stage 1 extension of no more than 10 working days without good reason.
pub const CODE_S1_EXTENSION_WD: u32 = 10;
/// HO Code 6.15: a stage 2 extension of no more than 20 working days without good reason.
pub const CODE_S2_EXTENSION_WD: u32 = 20;
/// Rejected rows and duplicate ids listed in the report; the rest are only counted.
pub const LISTED: usize = 20;

/// A reporting year: 1 April of `first` to 31 March of the next year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Year {
    pub first: i32,
}

impl Year {
    /// `2026` (the year that starts on 1 April 2026), `2026/27`, `2026-27` or `2026/2027`.
    pub fn parse(s: &str) -> Option<Year> {
        let s = s.trim();
        let (a, b) = match s.split_once(['/', '-']) {
            Some((a, b)) => (a, Some(b)),
            None => (s, None),
        };
        if a.len() != 4 || !a.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let first: i32 = a.parse().ok()?;
        if let Some(b) = b {
            if !b.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            let next = first + 1;
            let ok = match b.len() {
                2 => b.parse::<i32>().ok()? == next % 100,
                4 => b.parse::<i32>().ok()? == next,
                _ => false,
            };
            if !ok {
                return None;
            }
        }
        Year::from_first(first)
    }

    pub fn from_first(first: i32) -> Option<Year> {
        // Both ends must be dates chrono can hold.
        NaiveDate::from_ymd_opt(first.checked_add(1)?, 3, 31)?;
        NaiveDate::from_ymd_opt(first, 4, 1)?;
        Some(Year { first })
    }

    /// 1 April.
    pub fn start(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.first, 4, 1).unwrap_or(NaiveDate::MIN)
    }

    /// 31 March of the next year.
    pub fn end(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.first + 1, 3, 31).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start() <= d && d <= self.end()
    }

    /// `2026/27`.
    pub fn label(&self) -> String {
        format!("{}/{:02}", self.first, (self.first + 1).rem_euclid(100))
    }
}

/// One formal stage's Code timescales, compiled as the schedule core's windows over a frame of
/// one stage: the acknowledgement within 5 working days of the stage's start (receipt, or the
/// escalation request), the response within N working days of the acknowledgement, counted
/// from the actual acknowledgement when there is one and from its deadline when there is none
/// (the project's convention 5).
pub struct CodeWindows {
    pub ack: schedule::Plan,
    pub response: schedule::Plan,
    /// the longest extension the Code allows without good reason
    pub extension_cap: u32,
}

fn window(start: Start, amount: u32) -> schedule::Plan {
    schedule::Plan {
        combine: Combine::Single,
        terms: vec![PlanTerm {
            start,
            unit: Unit::WorkingDays,
            amount,
            duration: ir::Duration {
                amount,
                unit: Unit::WorkingDays,
                span: crate::span::Span::default(),
            },
            readings: Vec::new(),
            what: None,
            own_stage: None,
        }],
        discretion: false,
        lapses: false,
    }
}

impl CodeWindows {
    /// Formal stage `n` (1 or 2).
    pub fn stage(n: u8) -> CodeWindows {
        let (resp, cap) = if n == 1 {
            (CODE_S1_RESPONSE_WD, CODE_S1_EXTENSION_WD)
        } else {
            (CODE_S2_RESPONSE_WD, CODE_S2_EXTENSION_WD)
        };
        CodeWindows {
            ack: window(Start::StageStart(0), CODE_ACK_WD),
            response: window(
                Start::Acknowledgement {
                    stage: 0,
                    or_due: true,
                },
                resp,
            ),
            extension_cap: cap,
        }
    }
}

/// One stage of one case judged against the Code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeVerdict {
    pub ack_due: NaiveDate,
    /// the response deadline, extension (up to the Code's cap) included
    pub response_due: NaiveDate,
    /// the extension was longer than the Code allows without good reason
    pub extension_over_cap: bool,
}

/// The Code's deadlines for a stage that started on `start` (as the policy's calendar counts
/// it), was acknowledged on `acknowledged` and extended by `extension_wd` working days.
///
/// An acknowledgement later than the Code's deadline does not move the response deadline
/// later: the response counts from the earlier of the acknowledgement and its deadline.
pub fn code_deadlines(
    sched: &Schedule,
    w: &CodeWindows,
    start: NaiveDate,
    how: StageStart,
    acknowledged: Option<NaiveDate>,
    extension_wd: u32,
) -> Result<Option<CodeVerdict>, schedule::ScheduleError> {
    let mut facts = Facts {
        stages: vec![StageFacts::default()],
        ..Facts::default()
    };
    facts.update(0, |s| s.start = Some((start, how)));
    let Some(ack_due) = sched.due_date(&w.ack, &facts)? else {
        return Ok(None);
    };
    facts.update(0, |s| {
        s.ack_due = Some(ack_due);
        s.acknowledged = acknowledged.map(|a| a.min(ack_due));
    });
    let Some(mut due) = sched.due_date(&w.response, &facts)? else {
        return Ok(None);
    };
    let allowed = extension_wd.min(w.extension_cap);
    if allowed > 0 {
        due = sched.extend(due, allowed)?;
    }
    Ok(Some(CodeVerdict {
        ack_due,
        response_due: due,
        extension_over_cap: extension_wd > w.extension_cap,
    }))
}

/// One stage's measures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct StageMeasures {
    /// the formal stage (its role), 1 or 2
    pub stage: u8,
    /// CH01's numerator: complaints received at this stage in the year
    pub received: u64,
    /// CH01: `received / homes * 1000` (with `--homes`)
    pub per_1000_homes: Option<f64>,
    /// CH02's denominator: complaints responded to at this stage in the year
    pub responded: u64,
    /// CH02's numerator: of those, responded to within the Code's timescales
    pub within_code: u64,
    /// CH02: `within_code / responded` as a percentage (none with no responses)
    pub percent_within_code: Option<f64>,
    /// responses in the year whose case had an extension
    pub extended: u64,
    /// ... of which longer than the Code allows without good reason (counted up to the cap)
    pub extension_over_code: u64,
    /// responses in the year on time by the policy's own timescales (as `audit` judges them)
    pub within_policy: u64,
}

/// A row left out, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub line: u64,
    pub reason: String,
}

/// The measures for one policy, export and year.
#[derive(Clone, Debug, Serialize)]
pub struct Measures {
    pub policy: String,
    /// `2026/27`
    pub year: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub homes: Option<u64>,
    /// the tracks whose Ombudsman is the Housing Ombudsman: the only ones counted
    pub tracks: Vec<String>,
    pub rows: u64,
    pub accepted: u64,
    pub rejected: u64,
    /// accepted rows on other tracks (not counted)
    pub not_housing: u64,
    /// rows whose id an earlier row has (not counted again)
    pub duplicates: u64,
    pub duplicate_ids: Vec<String>,
    pub stages: Vec<StageMeasures>,
    /// the first rejected rows, with their line numbers
    pub rejected_rows: Vec<Rejected>,
    /// how the readings were taken, in words
    pub readings: Vec<String>,
    pub encoding: &'static str,
}

/// Why the measures could not be worked out.
#[derive(Debug)]
pub enum MeasuresError {
    /// The policy has no track whose Ombudsman is the Housing Ombudsman.
    NoHousingTrack { tracks: Vec<String> },
    /// The export's header or the column mapping cannot be used (coded diagnostics).
    Input(Vec<Located>),
}

impl std::fmt::Display for MeasuresError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MeasuresError::NoHousingTrack { tracks } => write!(
                f,
                "the policy has no track whose Ombudsman is the Housing Ombudsman (its tracks: {}); CH01 and CH02 are measures of housing complaints",
                tracks.join(", ")
            ),
            MeasuresError::Input(es) => {
                let ms: Vec<&str> = es.iter().map(|e| e.diagnostic.message.as_str()).collect();
                write!(f, "{}", ms.join("; "))
            }
        }
    }
}

/// Work out CH01 and CH02 for `year` from an export held in `bytes`.
pub fn measure(
    policy: &ir::Policy,
    export: &Export,
    bytes: &[u8],
    year: Year,
    homes: Option<u64>,
) -> Result<Measures, MeasuresError> {
    let plan = Plan::new(policy);
    let housing: Vec<bool> = plan
        .tracks
        .iter()
        .map(|t| policy.ombudsman_of(t) == Some(Ombudsman::HousingOmbudsman))
        .collect();
    if !housing.iter().any(|&h| h) {
        return Err(MeasuresError::NoHousingTrack {
            tracks: plan.tracks.clone(),
        });
    }
    let sched = Schedule::new(policy);
    let code = [CodeWindows::stage(1), CodeWindows::stage(2)];

    // The header, as `audit` reads it.
    let mut buf = bytes;
    let bom = buf.starts_with(b"\xef\xbb\xbf");
    if bom {
        buf = buf.get(3..).unwrap_or(&[]);
    }
    let latin = !bom && input::looks_latin(buf);
    let head = input::record(buf, true).unwrap_or(input::Rec {
        end: 0,
        next: 0,
        lines: 0,
        quoted: false,
    });
    let header_text = input::text(buf.get(..head.end).unwrap_or(b""), latin).into_owned();
    let cols =
        crate::audit::header_columns(export, &header_text, latin).map_err(MeasuresError::Input)?;

    let mut m = Measures {
        policy: plan.policy.clone(),
        year: year.label(),
        from: year.start(),
        to: year.end(),
        homes,
        tracks: plan
            .tracks
            .iter()
            .zip(&housing)
            .filter(|(_, &h)| h)
            .map(|(t, _)| t.clone())
            .collect(),
        rows: 0,
        accepted: 0,
        rejected: 0,
        not_housing: 0,
        duplicates: 0,
        duplicate_ids: Vec::new(),
        stages: vec![
            StageMeasures {
                stage: 1,
                ..StageMeasures::default()
            },
            StageMeasures {
                stage: 2,
                ..StageMeasures::default()
            },
        ],
        rejected_rows: Vec::new(),
        readings: readings(&sched),
        encoding: if latin { "windows-1252" } else { "utf-8" },
    };
    let mut seen: HashSet<Vec<u8>> = HashSet::new();
    let mut scratch = Vec::new();
    let mut ranges = Vec::new();
    let mut line_no = head.lines.max(1);
    let mut pos = head.next;
    while let Some(rest) = buf.get(pos..).filter(|r| !r.is_empty()) {
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
        m.rows += 1;
        let fields: Vec<&[u8]> = if rec.quoted {
            input::split_quoted(line, &mut scratch, &mut ranges);
            ranges
                .iter()
                .map(|&(a, z)| scratch.get(a..z).unwrap_or(b""))
                .collect()
        } else {
            line.split(|&b| b == b',').collect()
        };
        let reject = |m: &mut Measures, reason: String| {
            m.rejected += 1;
            if m.rejected_rows.len() < LISTED {
                m.rejected_rows.push(Rejected {
                    line: first_line,
                    reason,
                });
            }
        };
        let v = match audit::judge_row(&plan, &cols, &fields) {
            Ok(v) => v,
            Err(reason) => {
                reject(&mut m, reason);
                continue;
            }
        };
        // The Code's deadlines for the case's stages 1 and 2, before anything is counted, so
        // that a case the calendar cannot count is rejected whole.
        let mut judged: [Option<(audit::StageVerdict, Option<CodeVerdict>)>; 2] = [None, None];
        let mut failed = None;
        if housing.get(v.track).copied().unwrap_or(false) {
            for (k, slot) in judged.iter_mut().enumerate() {
                let Some(s) = v.stages.get(k).filter(|s| s.started) else {
                    continue;
                };
                let Some(start) = s.start else { continue };
                let how = if k == 0 {
                    StageStart::Receipt
                } else {
                    StageStart::Escalation
                };
                let w = code.get(k).unwrap_or(&code[0]);
                match code_deadlines(&sched, w, start, how, s.acknowledged, s.extension_wd) {
                    Ok(c) => *slot = Some((*s, c)),
                    Err(e) => failed = Some(format!("stage {}: {e}", k + 1)),
                }
            }
        }
        if let Some(reason) = failed {
            reject(&mut m, reason);
            continue;
        }
        m.accepted += 1;
        if !housing.get(v.track).copied().unwrap_or(false) {
            m.not_housing += 1;
            continue;
        }
        // A case is counted once: the first row with its id (see docs/measures.md).
        let id = cols.id_of(&fields);
        if !seen.insert(id.to_vec()) {
            m.duplicates += 1;
            if m.duplicate_ids.len() < LISTED {
                m.duplicate_ids.push(input::text(id, latin).into_owned());
            }
            continue;
        }
        for (k, j) in judged.iter().enumerate() {
            let (Some((s, c)), Some(out)) = (j, m.stages.get_mut(k)) else {
                continue;
            };
            if s.start.is_some_and(|d| year.contains(d)) {
                out.received += 1;
            }
            let Some(r) = s.responded.filter(|&r| year.contains(r)) else {
                continue;
            };
            out.responded += 1;
            if c.is_some_and(|c| r <= c.response_due) {
                out.within_code += 1;
            }
            if s.extension_wd > 0 {
                out.extended += 1;
            }
            if c.is_some_and(|c| c.extension_over_cap) {
                out.extension_over_code += 1;
            }
            if s.resp_on_time == Some(true) {
                out.within_policy += 1;
            }
        }
    }
    for s in &mut m.stages {
        s.per_1000_homes = homes
            .filter(|&h| h > 0)
            .map(|h| s.received as f64 * 1000.0 / h as f64);
        s.percent_within_code =
            (s.responded > 0).then(|| s.within_code as f64 * 100.0 / s.responded as f64);
    }
    Ok(m)
}

/// The readings the measures take, in words (docs/measures.md gives the reasons).
fn readings(sched: &Schedule) -> Vec<String> {
    let mut r: Vec<String> = sched.readings.iter().map(|x| x.to_string()).collect();
    r.push(
        "CH01 counts a complaint in the year its stage was received: stage 1 by the day of receipt, stage 2 by the day of the escalation request, each after the policy's office hours (a complaint arriving after closing counts from the next working day)"
            .to_string(),
    );
    r.push(
        "CH02 counts a complaint in the year it was responded to at the stage; one not yet responded to is not counted"
            .to_string(),
    );
    r.push(format!(
        "CH02 uses the Housing Ombudsman Code's timescales, not the policy's: acknowledgement within {CODE_ACK_WD} working days of receipt or of the escalation request (6.2, 6.11); response within {CODE_S1_RESPONSE_WD} (stage 1, 6.3) or {CODE_S2_RESPONSE_WD} (stage 2, 6.14) working days of the acknowledgement, or of its deadline when it was later or is not recorded"
    ));
    r.push(format!(
        "an extension (`sN_extension_wd`) moves the Code's response deadline on by its working days, up to {CODE_S1_EXTENSION_WD} at stage 1 (6.4) and {CODE_S2_EXTENSION_WD} at stage 2 (6.15): the export cannot show the good reason the Code asks for a longer one"
    ));
    r
}

/// `12.35`: two decimal places.
pub fn two_places(x: f64) -> String {
    format!("{x:.2}")
}

/// `1 April 2026`.
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), d.format("%B"), d.year())
}
