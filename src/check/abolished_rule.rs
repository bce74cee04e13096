//! ## What it finds
//! A `wait ... before housing-ombudsman` of any length: a rule that a resident must wait (for
//! example eight weeks after the final response) before the Housing Ombudsman will consider a
//! complaint. That waiting period, the "democratic filter", was abolished from 1 October 2022.
//! A wait before any other Ombudsman is not reported. The message names the tracks the wait
//! applies to (its `for`, or every track) that go to the Housing Ombudsman after the last stage
//! of their route.
//!
//! ## Why it matters
//! Since 1 October 2022 a resident may go to the Housing Ombudsman as soon as the landlord's
//! complaints process is exhausted, without waiting and without a referral from an MP,
//! councillor or tenant panel. A policy that still states the wait misleads residents into
//! delaying, or into thinking the Ombudsman will refuse them.
//!
//! ## Example
//! ```text
//! wait 8 weeks after final-response before housing-ombudsman
//! ```
//!
//! ## How to fix
//! Keep the statement: the encoding is faithful to what the council publishes, and this
//! warning is the finding. The council should update its policy to say that a resident may go
//! to the Housing Ombudsman as soon as its process is exhausted.
//!
//! ## Code provision
//! The Housing Ombudsman Scheme change of 1 October 2022, which removed the eight-week wait
//! (the "democratic filter" of Housing Act 1996 Schedule 2 paragraphs 7A-7C); HO 3.7 (tell
//! residents of their right to go to the Ombudsman, `data/codes/ho-2024.toml`).

use crate::check::timescale::tracks_phrase;
use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Ombudsman, Unit};

pub const CODE: Code = Code {
    name: "redress::check::abolished_rule",
    severity: Severity::Warning,
    summary: "a rule the Ombudsmen have abolished",
    doc: include_str!("abolished_rule.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    for r in &p.ombudsman_waits {
        let w = &r.value;
        if w.ombudsman.value != Ombudsman::HousingOmbudsman {
            continue;
        }
        let tracks: Vec<&str> = p
            .tracks
            .iter()
            .map(|t| &t.value)
            .filter(|t| {
                r.applies_to(&t.name.value)
                    && t.ombudsman
                        .as_ref()
                        .is_some_and(|o| o.value == Ombudsman::HousingOmbudsman)
            })
            .map(|t| t.name.value.as_str())
            .collect();
        let whose = if tracks.is_empty() || p.tracks.len() < 2 {
            String::new()
        } else {
            format!(" (for complaints on {})", tracks_phrase(&tracks))
        };
        out.push(
            Diagnostic::new(
                &CODE,
                format!(
                    "the Housing Ombudsman's {} wait{whose} was abolished on 1 October 2022",
                    adjective(w.duration.amount, w.duration.unit)
                ),
                w.duration.span,
                "no longer applies",
                "a resident may go to the Housing Ombudsman as soon as the council's complaints \
                 process is exhausted; the council should update its policy; keep this statement, \
                 which is faithful to the source, and let this warning stand",
            )
            .with_draft_help(
                "a resident may go to the Housing Ombudsman as soon as the council's complaints \
             process is exhausted: change your draft to drop this wait, and say instead that \
             the resident may go to the Ombudsman once they have the final response",
            ),
        );
    }
}

/// `eight-week`, `56-day`, `two-month`: a duration as a compound adjective.
fn adjective(amount: u32, unit: Unit) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    let n = usize::try_from(amount)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map(|w| w.to_string())
        .unwrap_or_else(|| amount.to_string());
    let unit = match unit {
        Unit::WorkingDays => "working-day",
        Unit::CalendarDays => "calendar-day",
        Unit::Days => "day",
        Unit::Weeks => "week",
        Unit::Months => "month",
    };
    format!("{n}-{unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjectives() {
        assert_eq!(adjective(8, Unit::Weeks), "eight-week");
        assert_eq!(adjective(56, Unit::Days), "56-day");
        assert_eq!(adjective(2, Unit::Months), "two-month");
        assert_eq!(adjective(40, Unit::WorkingDays), "40-working-day");
    }
}
