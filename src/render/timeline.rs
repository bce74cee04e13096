//! Timelines and deadlines as text for a complaints officer: each deadline, what it is counted
//! from, the clause it rests on, and the days it skipped.

use std::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};

use crate::simulate::deadlines::{Deadline, DeadlineStatus, Report, Who};
use crate::simulate::{Decision, Status, StepKind, Timeline};

fn step_name(k: StepKind) -> &'static str {
    match k {
        StepKind::Acknowledge => "acknowledgement due",
        StepKind::Respond => "response due",
        StepKind::Milestone => "milestone due",
        StepKind::Escalate => "escalation request by",
        StepKind::Ombudsman => "Ombudsman from",
    }
}

/// A step's name, with a milestone's own label.
fn step_words(k: StepKind, label: Option<&str>) -> String {
    match (k, label) {
        (StepKind::Milestone, Some(l)) => format!("\"{l}\" due"),
        _ => step_name(k).to_string(),
    }
}

fn status_text(s: Status, late_by: Option<i64>) -> String {
    match (s, late_by) {
        (Status::OnTime, _) => "on time".into(),
        (Status::Late, Some(n)) => {
            format!("LATE by {n} working day{}", if n == 1 { "" } else { "s" })
        }
        (Status::Late, None) => "LATE".into(),
        (Status::Pending, _) => "not yet done".into(),
        (Status::Open, _) => "open".into(),
        (Status::Lapsed, _) => "lapsed: treated as resolved".into(),
    }
}

/// Who, which track, and when the complaint counts as received.
fn header(
    out: &mut String,
    policy: &str,
    track: &str,
    received: NaiveDateTime,
    effective: NaiveDateTime,
) {
    let _ = writeln!(out, "{policy} - track `{track}`");
    let _ = writeln!(out, "Received {}", received.format("%a %d %b %Y %H:%M"));
    if effective != received {
        let _ = writeln!(
            out,
            "  counts as received {}",
            effective.format("%a %d %b %Y %H:%M")
        );
    }
}

/// The readings redress took where the policy is silent or ambiguous.
fn readings(out: &mut String, assumptions: &[String]) {
    if !assumptions.is_empty() {
        let _ = writeln!(
            out,
            "\nReadings taken where the policy is silent or ambiguous:"
        );
        for a in assumptions {
            let _ = writeln!(out, "  - {a}");
        }
    }
}

/// The whole timeline, as `redress explain FIXTURE` prints it.
pub fn timeline(t: &Timeline) -> String {
    let mut out = String::new();
    header(
        &mut out,
        &t.policy,
        &t.track,
        t.received,
        t.effective_received,
    );
    let decision = match t.acceptance.decision {
        Decision::Accepted => "accepted",
        Decision::Discretion => "only at the council's discretion",
        Decision::Refused => "refused",
        Decision::Unknown => "cannot be decided",
    };
    let _ = writeln!(out, "Acceptance: {decision} - {}", t.acceptance.reason);
    for s in &t.steps {
        let _ = writeln!(out);
        let stage = if s.step == StepKind::Ombudsman {
            match t.ombudsman {
                Some(o) => format!("Ombudsman ({o})"),
                None => "Ombudsman".into(),
            }
        } else {
            s.stage_title
                .clone()
                .unwrap_or_else(|| format!("stage {}", s.stage))
        };
        match s.due {
            Some(d) => {
                let _ = writeln!(
                    out,
                    "{stage}: {} {}",
                    step_words(s.step, s.label.as_deref()),
                    d.format("%a %d %b %Y")
                );
            }
            None if s.step == StepKind::Ombudsman => {
                let _ = writeln!(out, "{stage}: not yet");
            }
            None => {
                let _ = writeln!(
                    out,
                    "{stage}: {} not yet known",
                    step_words(s.step, s.label.as_deref())
                );
            }
        }
        let _ = writeln!(out, "  counted: {}", s.basis);
        for (clause, phrase) in &s.cites {
            let _ = writeln!(out, "  rule: clause {clause}, \"{phrase}\"");
        }
        if let Some(done) = s.done {
            let _ = writeln!(
                out,
                "  done: {} - {}",
                done.format("%a %d %b %Y"),
                status_text(s.status, s.late_by)
            );
        } else if s.step != StepKind::Ombudsman {
            let _ = writeln!(out, "  {}", status_text(s.status, s.late_by));
        }
        if !s.skipped.is_empty() {
            let days: Vec<String> = s
                .skipped
                .iter()
                .map(|d| format!("{} ({})", d.date.format("%a %d %b"), d.reason))
                .collect();
            let _ = writeln!(out, "  skipped: {}", days.join(", "));
        }
    }
    readings(&mut out, &t.assumptions);
    out
}

fn working_days(n: i64) -> String {
    format!("{n} working day{}", if n == 1 { "" } else { "s" })
}

/// Where a deadline stands, in words: against its actual date, else against `--as-of`.
fn deadline_status(d: &Deadline) -> String {
    let on = |x: NaiveDate| x.format("%a %d %b %Y").to_string();
    match (d.status, d.done) {
        (DeadlineStatus::OnTime, Some(x)) => format!("on time (done {})", on(x)),
        (DeadlineStatus::Late, Some(x)) => format!(
            "LATE by {} (done {})",
            working_days(d.late_by.unwrap_or(0)),
            on(x)
        ),
        (DeadlineStatus::OnTime, None) => "on time".into(),
        (DeadlineStatus::Late, None) => "LATE".into(),
        (DeadlineStatus::Overdue, _) => match d.late_by {
            Some(n) if n > 0 => format!("OVERDUE by {}", working_days(n)),
            _ => "OVERDUE".into(),
        },
        (DeadlineStatus::Due, _) => match d.due_in {
            Some(0) => "due today".into(),
            Some(n) => format!("due in {}", working_days(n)),
            None => "not yet done".into(),
        },
        (DeadlineStatus::Pending, _) => "not yet done".into(),
        (DeadlineStatus::Open, _) if d.step == StepKind::Ombudsman => String::new(),
        (DeadlineStatus::Open, _) => match d.due_in {
            Some(0) => "open to the resident: closes today".into(),
            Some(n) => format!("open to the resident: closes in {}", working_days(n)),
            None => "open to the resident".into(),
        },
        (DeadlineStatus::Closed, _) => "closed: no request came".into(),
        (DeadlineStatus::Lapsed, _) => "lapsed: treated as resolved".into(),
    }
}

/// "Stage 1 response due", for the as-of summary.
fn deadline_words(d: &Deadline) -> String {
    format!(
        "{} {}",
        d.stage.clone().unwrap_or_else(|| "Ombudsman".into()),
        step_words(d.step, d.label.as_deref())
    )
}

/// The deadline calculator's answer: each deadline with where it stands, what it is counted
/// from, and with `--as-of` what is overdue that day and what falls due next.
pub fn deadlines(r: &Report) -> String {
    let mut out = String::new();
    header(
        &mut out,
        &r.policy,
        &r.track,
        r.received,
        r.effective_received,
    );
    let _ = writeln!(out);
    for d in &r.deadlines {
        let stage = d.stage.clone().unwrap_or_else(|| "Ombudsman".into());
        let line = format!(
            "{:<12} {:<22} {}   {}",
            stage,
            step_words(d.step, d.label.as_deref()),
            d.due.format("%a %d %b %Y"),
            deadline_status(d)
        );
        let _ = writeln!(out, "{}", line.trim_end());
        let _ = writeln!(out, "{:<12} ({})", "", d.basis);
    }
    if let Some(a) = r.as_of {
        let _ = writeln!(out, "\nAs of {}:", a.format("%a %d %b %Y"));
        let overdue: Vec<&Deadline> = r.overdue().collect();
        if overdue.is_empty() {
            let _ = writeln!(out, "  overdue: nothing");
        }
        for d in overdue {
            let by = match d.late_by {
                Some(n) if n > 0 => format!(", by {}", working_days(n)),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  overdue: {} {}{by}",
                deadline_words(d),
                d.due.format("%a %d %b %Y")
            );
        }
        match &r.next {
            Some(n) => {
                let what = format!(
                    "{} {}",
                    n.stage.clone().unwrap_or_default(),
                    step_words(n.step, n.label.as_deref())
                );
                let when = match n.due_in {
                    0 => "today".to_string(),
                    k => format!("in {}", working_days(k)),
                };
                let whose = match n.who {
                    Who::Council => "",
                    Who::Resident => " (the resident's right; nothing is due from the council)",
                };
                let _ = writeln!(
                    out,
                    "  next:    {what} {}, {when}{whose}",
                    n.due.format("%a %d %b %Y")
                );
            }
            None if r.overdue().next().is_some() => {
                let _ = writeln!(
                    out,
                    "  next:    nothing else falls due until what is overdue is done"
                );
            }
            None => {
                let _ = writeln!(out, "  next:    nothing more falls due");
            }
        }
    }
    readings(&mut out, &r.assumptions);
    out
}
