//! The deadline calculator's answer as an iCalendar file (RFC 5545) that Outlook, Google
//! Calendar and Apple Calendar import: one all-day event per deadline.
//!
//! What the RFC asks and this writes: CRLF line endings (3.1); lines folded at 75 octets, a
//! continuation starting with one space, never inside a UTF-8 character (3.1); `\`, `;`, `,`
//! and newlines escaped in text values (3.3.11); each VEVENT with a UID and a DTSTAMP (3.6.1).
//! The DTSTAMP is the complaint's receipt, not the clock, so the same case always gives the
//! same file; the UID is built from the policy, the track, the receipt and the step, so that
//! importing the file again updates the events instead of duplicating them.

use std::fmt::Write;

use crate::simulate::deadlines::{Deadline, DeadlineStatus, Report};
use crate::simulate::StepKind;

/// Escape a TEXT value (RFC 5545 3.3.11).
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets (RFC 5545 3.1), ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            // The space that starts a continuation line counts towards its 75 octets.
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// Letters, digits and `-` from `s`, for a UID.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn step_slug(d: &Deadline) -> String {
    let kind = match d.step {
        StepKind::Acknowledge => "acknowledge",
        StepKind::Respond => "respond",
        StepKind::Milestone => "milestone",
        StepKind::Escalate => "escalate",
        StepKind::Ombudsman => "ombudsman",
    };
    match &d.label {
        Some(l) => format!("{kind}-{}", slug(l)),
        None => kind.to_string(),
    }
}

/// "Stage 1 response due", as the event's title starts.
fn title(d: &Deadline) -> String {
    let stage = d.stage.clone().unwrap_or_default();
    match (d.step, &d.label) {
        (StepKind::Acknowledge, _) => format!("{stage} acknowledgement due"),
        (StepKind::Respond, _) => format!("{stage} response due"),
        (StepKind::Milestone, Some(l)) => format!("{stage} \"{l}\" due"),
        (StepKind::Milestone, None) => format!("{stage} milestone due"),
        (StepKind::Escalate, _) => format!("{stage} escalation request deadline"),
        (StepKind::Ombudsman, _) => "Ombudsman may be asked from".to_string(),
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Where the deadline stood when the file was made, in words.
fn status(d: &Deadline) -> Option<String> {
    let done = d.done.map(|x| x.format("%a %d %b %Y").to_string());
    Some(match (d.status, done) {
        (DeadlineStatus::OnTime, Some(x)) => format!("Done {x}: on time."),
        (DeadlineStatus::Late, Some(x)) => {
            let n = d.late_by.unwrap_or(0);
            format!("Done {x}: late by {n} working day{}.", plural(n))
        }
        (DeadlineStatus::Overdue, _) => {
            let n = d.late_by.unwrap_or(0);
            format!("Overdue by {n} working day{} on the day judged.", plural(n))
        }
        (DeadlineStatus::Closed, _) => "The window closed with no request.".into(),
        (DeadlineStatus::Lapsed, _) => {
            "The window closed unused: the complaint is treated as resolved.".into()
        }
        _ => return None,
    })
}

/// The whole calendar.
pub fn deadlines(r: &Report) -> String {
    let mut out = String::new();
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//redress//deadline calculator//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!(
            "X-WR-CALNAME:{}",
            text(&format!(
                "{} - complaint received {}",
                r.policy,
                r.received.format("%Y-%m-%d %H:%M")
            ))
        ),
    );
    let stamp = r.received.format("%Y%m%dT%H%M%SZ").to_string();
    let case = format!(
        "{}-{}-{}",
        slug(&r.policy),
        slug(&r.track),
        r.received.format("%Y%m%dT%H%M%S")
    );
    let mut uids: Vec<String> = Vec::new();
    for d in &r.deadlines {
        line(&mut out, "BEGIN:VEVENT");
        let mut uid = match d.stage_id.as_deref() {
            Some(stage) => format!("{case}-{}-{}", slug(stage), step_slug(d)),
            None => format!("{case}-{}", step_slug(d)),
        };
        // A route that passes a stage twice has the same step twice: number the repeat.
        let seen = uids.iter().filter(|u| **u == uid).count();
        uids.push(uid.clone());
        if seen > 0 {
            uid = format!("{uid}-{}", seen + 1);
        }
        line(&mut out, &format!("UID:{uid}@redress"));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(
            &mut out,
            &format!("DTSTART;VALUE=DATE:{}", d.due.format("%Y%m%d")),
        );
        if let Some(end) = d.due.succ_opt() {
            line(
                &mut out,
                &format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
            );
        }
        line(
            &mut out,
            &format!("SUMMARY:{}", text(&format!("{} - {}", title(d), r.policy))),
        );
        let mut description = format!(
            "Counted: {}.\nTrack `{}`; complaint received {}.",
            d.basis,
            r.track,
            r.received.format("%a %d %b %Y %H:%M")
        );
        if let Some(s) = status(d) {
            let _ = write!(description, "\n{s}");
        }
        line(&mut out, &format!("DESCRIPTION:{}", text(&description)));
        line(&mut out, "TRANSP:TRANSPARENT");
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_a_character() {
        let mut out = String::new();
        // 74 ASCII octets then a 2-octet character: it does not fit on the first line.
        let content = format!("{}é{}", "a".repeat(74), "b".repeat(80));
        line(&mut out, &content);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines.first().map(|l| l.len()), Some(74));
        assert!(lines.iter().all(|l| l.len() <= 75), "{lines:?}");
        assert!(lines.get(1).is_some_and(|l| l.starts_with(" é")));
        // Unfolding gives the content back.
        assert_eq!(out.replace("\r\n ", "").trim_end(), content);
    }

    #[test]
    fn escapes_text() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }
}
