//! Readings of a stage timescale the policy leaves open, and the one rule that turns the
//! verdicts on them into the provision's verdict.
//!
//! A timescale can leave two things open: its start event ("within 10 working days", of
//! what?) and its unit ("10 days", working or calendar?). redress's deadlines take one reading
//! of each (the schedule core's: the stage's own start, working days) and say so. A Code
//! verdict must not rest on that choice alone, so each reading is judged on its own:
//! every reading meets the Code -> `yes`, naming the readings; none does -> `no`; they
//! differ -> `partial`. A timescale that leaves nothing open has one reading and keeps its
//! verdict as it is.
//!
//! The readings of a start: an acknowledgement counts from the stage's own start (receipt at
//! stage 1, the escalation request at stage 2; nothing else can start it). A response counts
//! from the stage's own start or from its acknowledgement. The readings of a unit: a bare
//! "days" is working or calendar days, unless the policy's `days mean` says which.

use super::provenance::ReadingResult;
use super::{Comply, Context};
use crate::ir::{self, Duration, Event, Unit};

/// What a stage timescale counts from, in the Codes' terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum From {
    /// The Code's own start for the stage: receipt (stage 1) or the escalation request
    /// (stage 2).
    StageStart,
    /// The stage's acknowledgement.
    Acknowledgement,
    /// Another event the policy names.
    Other(Event),
    /// The deadline an extension extends.
    Deadline,
}

/// Which kind of stage timescale: it decides which starts a timescale with none can have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Acknowledge,
    Respond,
}

/// The Code's start event for stage `n`, in words.
pub fn start_words(n: u8) -> &'static str {
    if n == 1 {
        "receipt"
    } else {
        "the escalation request"
    }
}

/// One reading of one term of a timescale.
#[derive(Clone, Debug)]
pub struct TermReading {
    pub from: From,
    /// The duration as the policy writes it.
    pub duration: Duration,
    /// The unit on this reading.
    pub unit: Unit,
    /// The most working days the term can span on this reading.
    pub wd: u32,
    /// How this reading fills in what the policy leaves open ("counted from receipt",
    /// "\"10 days\" as calendar days"); none when the policy leaves nothing open.
    pub label: Option<String>,
    /// The policy gives no start event.
    pub start_open: bool,
    /// The policy says "days" without saying working or calendar days.
    pub unit_open: bool,
    /// The reading redress's deadlines use.
    pub schedule: bool,
}

impl TermReading {
    /// "10 working days of receipt", with the most working days a longer unit spans.
    pub fn words(&self, from: &str) -> String {
        format!("{} of {from}{}", self.duration, self.span_note())
    }

    /// " (at most 8 working days)" for a reading in a unit other than working days, "as
    /// calendar days" too where the policy's unit is open.
    pub fn span_note(&self) -> String {
        match self.unit {
            Unit::WorkingDays => String::new(),
            _ if self.unit_open => {
                format!(" (as calendar days, at most {} working days)", self.wd)
            }
            _ => format!(" (at most {} working days)", self.wd),
        }
    }
}

/// The most working days `amount` of `unit` can span: a week holds 5, seven calendar days
/// hold 5, a month (at most 31 days) holds at most 23.
pub fn max_working_days(amount: u32, unit: Unit) -> u32 {
    let of_days = |days: u32| (days / 7).saturating_mul(5) + (days % 7).min(5);
    match unit {
        Unit::WorkingDays | Unit::Days => amount,
        Unit::CalendarDays => of_days(amount),
        Unit::Weeks => amount.saturating_mul(5),
        Unit::Months => of_days(amount.saturating_mul(31)),
    }
}

/// The units a duration can be read in, the schedule core's first.
pub fn units(d: &Duration, plain: Option<Unit>) -> Vec<(Unit, bool, bool)> {
    // (unit, schedule's reading, the unit is open)
    match (d.unit, plain) {
        (Unit::Days, Some(u)) => vec![(u, true, false)],
        (Unit::Days, None) => vec![
            (Unit::WorkingDays, true, true),
            (Unit::CalendarDays, false, true),
        ],
        (u, _) => vec![(u, true, false)],
    }
}

/// The starts a term of stage `n` can count from, the schedule core's first (with whether the
/// start is open).
fn starts(e: &Event, n: u8, kind: Kind) -> Vec<(From, bool, bool)> {
    match (e, kind) {
        (Event::Unstated, Kind::Acknowledge) => vec![(From::StageStart, true, true)],
        (Event::Unstated, Kind::Respond) => vec![
            (From::StageStart, true, true),
            (From::Acknowledgement, false, true),
        ],
        (Event::Receipt, _) if n == 1 => vec![(From::StageStart, true, false)],
        (Event::Escalation, _) if n == 2 => vec![(From::StageStart, true, false)],
        (Event::Acknowledgement, Kind::Respond) => vec![(From::Acknowledgement, true, false)],
        (other, _) => vec![(From::Other(other.clone()), true, false)],
    }
}

/// Every reading of one term of a timescale at the Code's stage `n`.
pub fn of_term(cx: &Context, term: &ir::Term, n: u8, kind: Kind) -> Vec<TermReading> {
    let d = term.duration;
    let mut out = Vec::new();
    for (from, s_sched, s_open) in starts(&term.from.value, n, kind) {
        for &(unit, u_sched, u_open) in &units(&d, cx.policy.plain_days()) {
            let mut parts = Vec::new();
            if s_open {
                parts.push(format!("counted from {}", from_words(&from, n)));
            }
            if u_open {
                parts.push(format!("\"{d}\" as {}", unit_words(unit)));
            }
            out.push(TermReading {
                from: from.clone(),
                duration: d,
                unit,
                wd: max_working_days(d.amount, unit),
                label: (!parts.is_empty()).then(|| parts.join(", ")),
                start_open: s_open,
                unit_open: u_open,
                schedule: s_sched && u_sched,
            });
        }
    }
    out
}

/// Every reading of a duration that counts from the deadline it extends (an extension): its
/// unit's readings only.
pub fn of_extension(cx: &Context, d: Duration) -> Vec<TermReading> {
    units(&d, cx.policy.plain_days())
        .into_iter()
        .map(|(unit, schedule, open)| TermReading {
            from: From::Deadline,
            duration: d,
            unit,
            wd: max_working_days(d.amount, unit),
            label: open.then(|| format!("\"{d}\" as {}", unit_words(unit))),
            start_open: false,
            unit_open: open,
            schedule,
        })
        .collect()
}

/// What a reading counts from, in words.
pub fn from_words(f: &From, n: u8) -> String {
    match f {
        From::StageStart => start_words(n).to_string(),
        From::Acknowledgement => "the acknowledgement".to_string(),
        From::Other(e) => e.describe(),
        From::Deadline => "the deadline it extends".to_string(),
    }
}

fn unit_words(u: Unit) -> &'static str {
    match u {
        Unit::CalendarDays => "calendar days",
        _ => "working days",
    }
}

/// The verdict on one term from the verdicts on its readings (see the module comment).
pub struct Judged {
    pub comply: Comply,
    pub explanation: String,
    pub readings: Vec<ReadingResult>,
}

/// Combine the verdicts on every reading of one term: all `yes` is `yes`, all `no` is `no`,
/// anything else `partial`. One reading with nothing open is that reading's verdict.
pub fn combine(judged: Vec<(TermReading, Comply, String)>) -> Judged {
    if let [(r, c, text)] = judged.as_slice() {
        if r.label.is_none() {
            return Judged {
                comply: *c,
                explanation: text.clone(),
                readings: Vec::new(),
            };
        }
    }
    let comply = if judged.is_empty() {
        Comply::EvidenceNeeded
    } else if judged.iter().all(|(_, c, _)| *c == Comply::Yes) {
        Comply::Yes
    } else if judged.iter().all(|(_, c, _)| *c == Comply::No) {
        Comply::No
    } else {
        Comply::Partial
    };
    let open = opening(&judged);
    let same = judged.windows(2).all(|w| match w {
        [(_, a, _), (_, b, _)] => a == b,
        _ => true,
    });
    let summary = match (judged.len(), comply) {
        (0 | 1, _) => String::new(),
        (_, Comply::Yes) => " It meets the Code on every reading.".to_string(),
        (_, Comply::No) => " It falls short of the Code on every reading.".to_string(),
        _ if same => " On every reading it meets the Code only in some cases.".to_string(),
        _ => " Whether it meets the Code depends on the reading.".to_string(),
    };
    let several = judged.len() > 1;
    let mut explanation = format!("{open}.{summary}");
    let mut readings = Vec::new();
    for (r, c, text) in judged {
        let label = r.label.clone().unwrap_or_default();
        let marked = if several && r.schedule {
            format!("{label} (as redress's deadlines count it)")
        } else {
            label.clone()
        };
        explanation.push_str(&format!(" {}: {text}", capitalised(&marked)));
        readings.push(ReadingResult {
            reading: label,
            schedule: r.schedule,
            comply: c,
            explanation: text,
        });
    }
    Judged {
        comply,
        explanation,
        readings,
    }
}

/// "Counted from receipt" from "counted from receipt".
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// What the policy leaves open, as the opening of the explanation: "10 working days, and the
/// policy gives no start event".
fn opening(judged: &[(TermReading, Comply, String)]) -> String {
    let Some((first, _, _)) = judged.first() else {
        return String::new();
    };
    let d = first.duration;
    match (first.start_open, first.unit_open) {
        (true, true) => format!(
            "\"{d}\", and the policy gives no start event and does not say working or calendar days"
        ),
        (true, false) => format!("{d}, and the policy gives no start event"),
        _ => format!("\"{d}\", and the policy does not say working or calendar days"),
    }
}

/// The verdict on a whole window from the verdicts on its terms: a plain window is its one
/// term; `later of` is met only when every term is (the later deadline is the longest);
/// `earlier of` when any term is (the earlier deadline is the shortest).
pub fn window(w: &ir::Window, terms: Vec<Judged>) -> Judged {
    let mut terms = terms;
    if terms.len() <= 1 || w.combine == ir::Combine::Single {
        return terms.pop().unwrap_or(Judged {
            comply: Comply::EvidenceNeeded,
            explanation: "the policy does not say how long the timescale is".into(),
            readings: Vec::new(),
        });
    }
    let later = w.combine == ir::Combine::Later;
    let severities = terms.iter().map(|t| t.comply);
    let pick = if later {
        severities.max_by_key(|c| c.severity())
    } else {
        severities.min_by_key(|c| c.severity())
    };
    let comply = pick.unwrap_or(Comply::Partial);
    let which = if later { "later" } else { "earlier" };
    let parts: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| format!("({}) {}", i + 1, t.explanation))
        .collect();
    Judged {
        comply,
        explanation: format!(
            "the {which} of {} deadlines, so it meets the Code when {} of them does: {}",
            terms.len(),
            if later { "every one" } else { "any one" },
            parts.join(" ")
        ),
        readings: terms.into_iter().flat_map(|t| t.readings).collect(),
    }
}
