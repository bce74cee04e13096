//! Timelines and deadlines as text for a complaints officer: each deadline, what it is counted
//! from, the clause it rests on, and the days it skipped.

use std::fmt::Write;

use chrono::NaiveDateTime;

use crate::simulate::deadlines::Report;
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

/// The deadline calculator's answer.
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
        let _ = writeln!(
            out,
            "{:<12} {:<22} {}   ({})",
            stage,
            step_words(d.step, d.label.as_deref()),
            d.due.format("%a %d %b %Y"),
            d.basis
        );
    }
    readings(&mut out, &r.assumptions);
    out
}
