//! The Sample complaint section: one complaint received at a fixed time, followed on each track
//! through every stage, the council acknowledging and responding on the last day each rule
//! allows and the complainant escalating on the day of each response. No extensions are taken,
//! so the dates are the policy's own deadlines.

use std::fmt::Write;

use chrono::NaiveDateTime;

use super::rules::{clause_label, ombudsman_name};
use super::{escape, scroll, text};
use crate::ir;
use crate::simulate::last_day::last_day_walk;
use crate::simulate::{DayOff, Decision, StepKind, Timeline};

/// The complaint's timeline on `track` (no extensions taken), or why it cannot be drawn.
pub(super) fn timeline(
    p: &ir::Policy,
    track: &str,
    received: NaiveDateTime,
) -> Result<Timeline, String> {
    last_day_walk(p, track, received, false).map(|w| w.timeline)
}

fn step_name(k: StepKind) -> &'static str {
    match k {
        StepKind::Acknowledge => "acknowledgement due",
        StepKind::Respond => "response due",
        StepKind::Milestone => "due",
        StepKind::Escalate => "escalation request by",
        StepKind::Ombudsman => "may consider it from",
    }
}

/// The days a deadline passed over: weekends counted, other days named with their reason.
fn skipped_days(days: &[DayOff]) -> String {
    let weekends = days
        .iter()
        .filter(|d| d.kind == crate::schedule::DayOffKind::Weekend)
        .count();
    let mut parts = Vec::new();
    if weekends > 0 {
        parts.push(format!(
            "{weekends} weekend day{}",
            if weekends == 1 { "" } else { "s" }
        ));
    }
    parts.extend(
        days.iter()
            .filter(|d| d.kind != crate::schedule::DayOffKind::Weekend)
            .map(|d| format!("{} ({})", d.date.format("%a %d %b %Y"), d.reason)),
    );
    if parts.is_empty() {
        "none".into()
    } else {
        parts.join("; ")
    }
}

fn render(out: &mut String, t: &Timeline, track_label: &str) {
    let _ = write!(
        out,
        "<p>Received {}",
        t.received.format("%a %d %b %Y at %H:%M")
    );
    if t.effective_received != t.received {
        let _ = write!(
            out,
            "; counts as received {}",
            t.effective_received.format("%a %d %b %Y at %H:%M")
        );
    }
    let decision = match t.acceptance.decision {
        Decision::Accepted => "accepted",
        Decision::Discretion => "only at the council's discretion",
        Decision::Refused => "refused",
        Decision::Unknown => "cannot be decided",
    };
    let _ = writeln!(
        out,
        ".</p>\n<p>Time limit to complain: {decision} ({}).</p>",
        text(&t.acceptance.reason)
    );
    let caption = format!("Sample complaint on {track_label}: deadlines");
    let mut table = String::new();
    let _ = writeln!(
        table,
        "<table>\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">Step</th>\
         <th scope=\"col\">Deadline</th><th scope=\"col\">Counted from</th>\
         <th scope=\"col\">Rule</th><th scope=\"col\">Days skipped</th></tr></thead>\n<tbody>",
        escape(&caption)
    );
    for s in &t.steps {
        let stage = if s.step == StepKind::Ombudsman {
            match t.ombudsman {
                Some(o) => ombudsman_name(o).to_string(),
                None => "Ombudsman".into(),
            }
        } else {
            s.stage_title
                .clone()
                .unwrap_or_else(|| format!("Stage {}", s.stage))
        };
        let due = match s.due {
            Some(d) => d.format("%a %d %b %Y").to_string(),
            None if s.step == StepKind::Ombudsman => "not yet".into(),
            None => "not known".into(),
        };
        let rule = if s.cites.is_empty() {
            "no citation".to_string()
        } else {
            s.cites
                .iter()
                .map(|(c, p)| format!("{}: <q>{}</q>", escape(&clause_label(c)), escape(p)))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        let skipped = skipped_days(&s.skipped);
        let _ = writeln!(
            table,
            "<tr><th scope=\"row\">{}: {}</th><td class=\"date\">{}</td><td>{}</td><td>{rule}</td><td>{}</td></tr>",
            escape(&stage),
            step_name(s.step),
            escape(&due),
            text(&s.basis),
            escape(&skipped)
        );
    }
    let _ = writeln!(table, "</tbody>\n</table>");
    out.push_str(&scroll(&caption, &table));
    if t.assumptions.is_empty() {
        let _ = writeln!(
            out,
            "<p>No readings taken: the policy states everything this timeline needs.</p>"
        );
    } else {
        let _ = writeln!(
            out,
            "<p>Readings taken where the policy is silent or ambiguous:</p>\n<ul>"
        );
        for a in &t.assumptions {
            let _ = writeln!(out, "<li>{}</li>", text(a));
        }
        let _ = writeln!(out, "</ul>");
    }
}

/// The section body: an `<h3>` per track with its timeline.
pub(super) fn section(p: &ir::Policy, received: NaiveDateTime) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<p>A complaint received {}, followed through every stage. The council acknowledges and \
         responds on the last day each rule allows, takes no extension, and the complainant \
         escalates on the day of each response. Each deadline says what it is counted from, the \
         clause it rests on and the days it skips.</p>",
        received.format("%A %d %B %Y at %H:%M")
    );
    let tracks: Vec<(String, Option<String>)> = if p.tracks.is_empty() {
        vec![("general".to_string(), None)]
    } else {
        p.tracks
            .iter()
            .map(|t| (t.value.name.value.clone(), t.value.label.clone()))
            .collect()
    };
    for (i, (track, label)) in tracks.iter().enumerate() {
        let heading = match label {
            Some(l) => format!("Track `{track}` ({l})"),
            None => format!("Track `{track}`"),
        };
        let _ = writeln!(out, "<h3 id=\"sample-{}\">{}</h3>", i + 1, text(&heading));
        match timeline(p, track, received) {
            Ok(t) => render(&mut out, &t, &format!("track {track}")),
            Err(e) => {
                let _ = writeln!(out, "<p>No timeline: {}.</p>", text(&e));
            }
        }
    }
    out
}
