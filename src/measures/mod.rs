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
//! the same reason, and a repeated case id is settled by the audit's one rule
//! ([`crate::audit::duplicates`]: the first accepted row wins, a later one is rejected). Only cases on tracks whose Ombudsman is the Housing Ombudsman count: the
//! measures are housing measures. "Stage 1" and "stage 2" are the stages whose roles are
//! `stage-1` and `stage-2` on the case's track, as everywhere.
//!
//! The Code's timescales, not the policy's, decide CH02 (they differ, for instance, where a
//! policy counts its response from receipt). They are compiled as windows of the schedule core
//! ([`crate::schedule`]) and counted on the policy's calendar (its region's bank holidays, its
//! closure days, its office hours for what arrives after closing): see [`CodeWindows`].
//! docs/measures.md says which published paragraphs this follows and which readings it takes.
//!
//! [`annual`] builds the Housing Ombudsman's annual complaints report on these figures.

pub mod annual;
pub mod codes;
pub mod render;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::audit::duplicates::{self, Claim, IdIndex};
use crate::audit::{
    self, input, Duplicate, DuplicateReport, Export, Located, Plan, DUPLICATES_LISTED,
};
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
/// Rejected rows listed in the report; the rest are only counted.
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

    /// The month of the year a day falls in: 0 for April to 11 for March (none outside the
    /// year).
    pub fn month_of(&self, d: NaiveDate) -> Option<usize> {
        if !self.contains(d) {
            return None;
        }
        usize::try_from((d.month0() + 9) % 12).ok()
    }

    /// The first day of month `i` of the year (0 = April).
    pub fn month_start(&self, i: usize) -> Option<NaiveDate> {
        let i = u32::try_from(i).ok().filter(|&i| i < 12)?;
        let (y, m) = if i < 9 {
            (self.first, i + 4)
        } else {
            (self.first.checked_add(1)?, i - 8)
        };
        NaiveDate::from_ymd_opt(y, m, 1)
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
    /// stages started on or before the last day of the year and not responded to by then
    /// (whatever year they started in): the cases carried into the next year
    pub open_at_year_end: u64,
    /// CH02 month by month, April to March: the responses sent in each month
    pub months: Vec<MonthMeasures>,
}

/// One month of one stage: the responses sent in it, and how many were within the Code's
/// timescales.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MonthMeasures {
    /// `2026-04`
    pub month: String,
    pub responded: u64,
    pub within_code: u64,
    /// none in a month with no responses (a gap, never 0 %)
    pub percent_within_code: Option<f64>,
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
    /// rows whose id an earlier accepted row has: rejected, and reported as `audit` reports
    /// them ([`crate::audit::duplicates`]: the first accepted row wins)
    pub duplicates: DuplicateReport,
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
        duplicates: DuplicateReport {
            count: 0,
            conflicts: 0,
            examples: Vec::new(),
            examples_truncated: false,
        },
        stages: [1, 2]
            .map(|stage| StageMeasures {
                stage,
                months: (0..12)
                    .map(|i| MonthMeasures {
                        month: year
                            .month_start(i)
                            .map(|d| d.format("%Y-%m").to_string())
                            .unwrap_or_default(),
                        ..MonthMeasures::default()
                    })
                    .collect(),
                ..StageMeasures::default()
            })
            .to_vec(),
        rejected_rows: Vec::new(),
        readings: readings(&sched),
        encoding: if latin { "windows-1252" } else { "utf-8" },
    };
    let mut ids = IdIndex::new();
    let body = buf.get(head.next.min(buf.len())..).unwrap_or(&[]);
    let header_lines = head.lines.max(1);
    let mut scratch = Vec::new();
    let mut pieces = Vec::new();
    for rec in input::records(body) {
        let first_line = header_lines + rec.line;
        m.rows += 1;
        let mut fields: Vec<&[u8]> = Vec::new();
        input::split(rec.text, rec.quoted, &mut scratch, &mut pieces, &mut fields);
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
        // A case is counted once, by the audit's rule: the first accepted row with its id
        // wins, and a later row with the same id is rejected (see `audit::duplicates`).
        let id = cols.id_of(&fields);
        if let Claim::Duplicate {
            first_line: kept,
            conflict,
        } = ids.claim(id, first_line, duplicates::row_hash(&fields))
        {
            let id = input::text(id, latin).into_owned();
            reject(&mut m, duplicates::reason(&id, kept, conflict));
            let d = &mut m.duplicates;
            d.count += 1;
            d.conflicts += u64::from(conflict);
            if d.examples.len() < DUPLICATES_LISTED {
                d.examples.push(Duplicate {
                    id,
                    line: first_line,
                    first_line: kept,
                    conflict,
                });
            } else {
                d.examples_truncated = true;
            }
            continue;
        }
        m.accepted += 1;
        if !housing.get(v.track).copied().unwrap_or(false) {
            m.not_housing += 1;
            continue;
        }
        for (k, j) in judged.iter().enumerate() {
            let (Some((s, c)), Some(out)) = (j, m.stages.get_mut(k)) else {
                continue;
            };
            if s.start.is_some_and(|d| year.contains(d)) {
                out.received += 1;
            }
            // Open at the year's end: started by then, not yet answered by then.
            if s.start.is_some_and(|d| d <= year.end())
                && s.responded.is_none_or(|r| r > year.end())
            {
                out.open_at_year_end += 1;
            }
            let Some(r) = s.responded.filter(|&r| year.contains(r)) else {
                continue;
            };
            let within = c.is_some_and(|c| r <= c.response_due);
            out.responded += 1;
            if within {
                out.within_code += 1;
            }
            if let Some(month) = year.month_of(r).and_then(|i| out.months.get_mut(i)) {
                month.responded += 1;
                month.within_code += u64::from(within);
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
        s.percent_within_code = percent(s.within_code, s.responded);
        for month in &mut s.months {
            month.percent_within_code = percent(month.within_code, month.responded);
        }
    }
    Ok(m)
}

/// `part` of `whole` as a percentage; none of nothing.
fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
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
    r.push(
        "a late acknowledgement shortens the time left to respond but does not by itself make a response late: CH02 measures responses"
            .to_string(),
    );
    r.push(
        "CH01 is printed to two decimal places and CH02 to one, each with its numerator and denominator; JSON holds them unrounded"
            .to_string(),
    );
    r
}

/// `2,500`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `12.35`: two decimal places.
pub fn two_places(x: f64) -> String {
    format!("{x:.2}")
}

/// `1 April 2026`.
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), d.format("%B"), d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2500), "2,500");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
