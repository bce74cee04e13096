//! Access: the time limit for complaining, exclusions, and refusing or conditioning escalation.

use super::{
    ground, one, silent, stage_or_no, stage_words, verdict, Comply, Context, Ground, ReadingResult,
    Verdict,
};
use crate::assess::readings::{self, max_working_days};
use crate::ir::{self, Event, ExclusionKind, Reasons, RefusalGround, Unit};
use chrono::{Months, NaiveDate};

/// How a time limit compares with the Code's own (`Code::time_limit`: 12 months under the
/// English Codes, 6 under the devolved models).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Length {
    /// at least the Code's months for every complaint
    AtLeast,
    /// shorter than the Code's months for every complaint
    Shorter,
    /// the Code's months or not, depending on the dates or the reading
    Depends,
}

/// The fewest and most calendar days `months` months span, over every start month of a
/// four-year (leap) cycle: 365 and 366 for 12 months, 181 and 184 for 6.
fn month_span(months: u32) -> (u32, u32) {
    let mut span = (u32::MAX, 0);
    for y in 2024..2028 {
        for m in 1..=12 {
            let Some(start) = NaiveDate::from_ymd_opt(y, m, 1) else {
                continue;
            };
            let Some(end) = start.checked_add_months(Months::new(months)) else {
                continue;
            };
            let days = u32::try_from((end - start).num_days()).unwrap_or(u32::MAX);
            span = (span.0.min(days), span.1.max(days));
        }
    }
    span
}

/// A time limit's length against the Code's `months`, on every reading of its unit. The months
/// span `month_span` calendar days; in working days at least their whole weeks' 5 days each,
/// less England and Wales's 8 bank holidays a year (pro rata, rounded up) and two spare days:
/// 250 for 12 months, 119 for 6.
fn length(d: &ir::Duration, months: u32, plain: Option<Unit>) -> Length {
    let (fewest, most) = month_span(months);
    let holidays = (8 * months).div_ceil(12);
    let fewest_wd = (fewest / 7 * 5).saturating_sub(holidays + 2);
    let one = |unit: Unit| -> Length {
        match unit {
            Unit::Months if d.amount >= months => Length::AtLeast,
            Unit::Months => Length::Shorter,
            Unit::Weeks | Unit::CalendarDays => {
                let days = match unit {
                    Unit::Weeks => d.amount.saturating_mul(7),
                    _ => d.amount,
                };
                if days >= most {
                    Length::AtLeast
                } else if days < fewest {
                    Length::Shorter
                } else {
                    Length::Depends
                }
            }
            Unit::WorkingDays | Unit::Days => {
                if d.amount > max_working_days(most, Unit::CalendarDays) {
                    Length::AtLeast
                } else if d.amount < fewest_wd {
                    Length::Shorter
                } else {
                    Length::Depends
                }
            }
        }
    };
    let units = readings::units(d, plain).into_iter().map(|(u, _, _)| u);
    let all: Vec<Length> = units.map(one).collect();
    if all.iter().all(|l| *l == Length::AtLeast) {
        Length::AtLeast
    } else if all.iter().all(|l| *l == Length::Shorter) {
        Length::Shorter
    } else {
        Length::Depends
    }
}

/// At least the Code's months (12 under HO 2.3 and LGSCO 2.2, 6 under SPSO 2.4, NIPSO 2.3 and
/// PSOW 2.2) from the issue or from the complainant becoming aware of it, with discretion for
/// older complaints. A policy with no time limit says nothing of it: evidence-needed, as
/// every silence.
pub(super) fn acceptance_window(cx: &Context) -> Verdict {
    let Some(months) = cx.code.time_limit().map(|t| t.months) else {
        return verdict(
            Comply::EvidenceNeeded,
            Vec::new(),
            format!(
                "redress holds no time limit for complaining of the {}; compare by hand",
                cx.code.title
            ),
        );
    };
    let Some(rule) = one(&cx.policy.acceptance, cx) else {
        return silent(
            Vec::new(),
            &format!("how long a complainant has to complain; the Code expects complaints to be accepted for {months} months from the issue or from the complainant becoming aware of it"),
        );
    };
    let w = &rule.value;
    let ev = vec![ground(rule)];
    // Each term's length and start; `later of` runs to the longest, `earlier of` the shortest.
    let judged: Vec<(Comply, String)> = w.terms.iter().map(|t| term(cx, t, months)).collect();
    let readings = w
        .terms
        .iter()
        .filter(|t| t.from.value == Event::Unstated)
        .flat_map(|t| unstated_readings(&t.duration))
        .collect();
    let pick = match w.combine {
        ir::Combine::Earlier => judged.iter().max_by_key(|(c, _)| c.severity()),
        _ => judged.iter().min_by_key(|(c, _)| c.severity()),
    };
    let Some((comply, text)) = pick.cloned() else {
        return silent(ev, "how long a complainant has to complain");
    };
    let text = match (w.combine, judged.len()) {
        (ir::Combine::Single, _) | (_, 0..=1) => text,
        (c, n) => {
            let later = c == ir::Combine::Later;
            let terms: Vec<String> = w
                .terms
                .iter()
                .map(|t| format!("{} of {}", t.duration, t.from.value.describe()))
                .collect();
            format!(
                "the {} of {n} periods ({}), so it meets the Code when {} of them does: {}",
                if later { "later" } else { "earlier" },
                terms.join("; "),
                if later { "any one" } else { "every one" },
                text.trim_end_matches('.')
            )
        }
    };
    let v = if comply == Comply::No {
        verdict(Comply::No, ev, sentence_end(&text))
    } else if !w.discretion {
        verdict(
            Comply::Partial,
            ev,
            format!(
                "{}; but the policy does not say an older complaint may be accepted with discretion.",
                text.trim_end_matches('.')
            ),
        )
    } else if comply == Comply::Yes {
        verdict(
            Comply::Yes,
            ev,
            format!(
                "{}, with discretion for older complaints.",
                text.trim_end_matches('.')
            ),
        )
    } else {
        verdict(comply, ev, sentence_end(&text))
    };
    Verdict { readings, ..v }
}

/// The readings of a time limit with no start event: from the complainant becoming aware, as
/// the Code also counts, or from the matter occurring only. redress's deadlines take neither
/// (the limit cannot be dated).
fn unstated_readings(d: &ir::Duration) -> Vec<ReadingResult> {
    vec![
        ReadingResult {
            reading: "counted from the complainant becoming aware".into(),
            schedule: false,
            comply: Comply::Yes,
            explanation: format!("{d} of the complainant becoming aware, as the Code counts."),
        },
        ReadingResult {
            reading: "counted from the matter occurring".into(),
            schedule: false,
            comply: Comply::Partial,
            explanation: format!("{d} of the matter occurring, shorter than the Code's where the complainant became aware of it later."),
        },
    ]
}

fn sentence_end(s: &str) -> String {
    format!("{}.", s.trim_end_matches('.'))
}

/// One term of a time limit: its length against the Code's `months` and its start against the Code's
/// "from the issue or from awareness" (the later of the two). A limit with no start event is
/// read from each: from awareness it meets the Code, from the issue alone it does not.
fn term(cx: &Context, t: &ir::Term, months: u32) -> (Comply, String) {
    let d = t.duration;
    match length(&d, months, cx.policy.plain_days()) {
        Length::Shorter => {
            return (
                Comply::No,
                format!("{d} is shorter than the Code's {months} months."),
            )
        }
        Length::Depends => {
            return (
                Comply::Partial,
                format!("{d} is {months} months for some complaints and shorter for others."),
            )
        }
        Length::AtLeast => {}
    }
    match &t.from.value {
        Event::Awareness | Event::OccurrenceOrAwareness => (
            Comply::Yes,
            format!("{d} of {}", t.from.value.describe()),
        ),
        Event::Occurrence => (
            Comply::Partial,
            format!("{d} of the matter occurring; but it counts from the matter occurring only, where the Code also counts from when the complainant became aware of it"),
        ),
        Event::Unstated => (
            Comply::Partial,
            format!("{d}, and the policy gives no start event. Whether it meets the Code depends on the reading. Counted from the complainant becoming aware: it meets the Code. Counted from the matter occurring: it falls short where the complainant became aware of it later"),
        ),
        other => (
            Comply::Partial,
            format!("{d} of {}, an event the Code does not count from", other.describe()),
        ),
    }
}

/// The circumstances in which the policy does not accept a complaint on this track: its
/// exclusions, and its time limit for complaining, which the HO Code's 2.2 gives as its first
/// example. A service request is not among them: both Codes define it as something other than
/// a complaint (HO 1.4, LGSCO 1.2 and 1.6), so a policy that sends it elsewhere excludes
/// nothing the Code counts as a complaint.
struct Listed<'a> {
    exclusions: Vec<&'a ir::Rule<ir::Exclusion>>,
    time_limit: Option<&'a ir::Rule<ir::Window>>,
    service_requests: Vec<&'a ir::Rule<ir::Exclusion>>,
}

fn listed<'a>(cx: &Context<'a>) -> Listed<'a> {
    let (service_requests, exclusions) = cx
        .policy
        .exclusions
        .iter()
        .filter(|e| e.applies_to(cx.track))
        .partition(|e| e.value.kind.value == ExclusionKind::ServiceRequest);
    Listed {
        exclusions,
        time_limit: one(&cx.policy.acceptance, cx),
        service_requests,
    }
}

/// "a time limit of 12 months"
fn time_limit_words(r: &ir::Rule<ir::Window>) -> String {
    match r.value.terms.first() {
        Some(t) if r.value.combine == ir::Combine::Single => {
            format!("a time limit of {}", t.duration)
        }
        _ => "a time limit".into(),
    }
}

/// Whether a time limit is the Code's own example: at least the Code's months (12 under the
/// HO Code, whose 2.2 gives it as its first example).
fn at_least_code_limit(cx: &Context, r: &ir::Rule<ir::Window>) -> bool {
    let Some(months) = cx.code.time_limit().map(|t| t.months) else {
        return false;
    };
    r.value
        .terms
        .iter()
        .all(|t| length(&t.duration, months, cx.policy.plain_days()) == Length::AtLeast)
}

/// The policy lists when a complaint will not be accepted (HO 2.2, LGSCO 2.3). Under the HO
/// Code the examples are an issue over 12 months old, legal proceedings filed at court and
/// matters already considered; others must each be justified as fair and reasonable.
pub(super) fn exclusions(cx: &Context) -> Verdict {
    let l = listed(cx);
    let mut ev: Vec<Ground> = l.exclusions.iter().map(|e| ground(e)).collect();
    ev.extend(l.time_limit.map(ground));
    let service = if l.service_requests.is_empty() {
        String::new()
    } else {
        ev.extend(l.service_requests.iter().map(|e| ground(e)));
        " A service request is not a complaint under the Code, so sending one elsewhere is not counted as an exclusion.".to_string()
    };
    if l.exclusions.is_empty() && l.time_limit.is_none() {
        let mut v = silent(
            ev,
            "in which circumstances a complaint is not accepted or not escalated",
        );
        v.explanation.push_str(&service);
        return v;
    }
    let mut words: Vec<String> = l.time_limit.map(time_limit_words).into_iter().collect();
    words.extend(l.exclusions.iter().map(|e| e.value.kind.value.to_string()));
    if !cx.is_housing() {
        return verdict(
            Comply::Yes,
            ev,
            format!(
                "the policy sets out when a complaint is not accepted: {}.{service}",
                words.join(", ")
            ),
        );
    }
    let acceptable = [
        ExclusionKind::LegalProceedings,
        ExclusionKind::PreviouslyConsidered,
    ];
    let mut extra: Vec<String> = l
        .time_limit
        .filter(|r| !at_least_code_limit(cx, r))
        .map(|r| {
            format!(
                "{} (shorter than the Code's {} months)",
                time_limit_words(r),
                cx.code.time_limit().map_or(0, |t| t.months)
            )
        })
        .into_iter()
        .collect();
    extra.extend(
        l.exclusions
            .iter()
            .filter(|e| !acceptable.contains(&e.value.kind.value))
            .map(|e| e.value.kind.value.to_string()),
    );
    if extra.is_empty() {
        verdict(
            Comply::Yes,
            ev,
            format!(
                "the policy's exclusions ({}) are among the Code's examples.{service}",
                words.join(", ")
            ),
        )
    } else {
        verdict(
            Comply::Partial,
            ev,
            format!(
                "beyond the Code's examples the policy excludes: {}. Each must be fair and reasonable and considered case by case, not applied as a blanket rule.{service}",
                extra.join(", ")
            ),
        )
    }
}

/// Escalation is refused only on the grounds on which a complaint would not be accepted.
pub(super) fn escalation_refusal(cx: &Context) -> Verdict {
    let esc = match escalation_or_no(cx) {
        Ok(e) => e,
        Err(v) => return v,
    };
    // Every `refuse if` for this track: the grounds of several statements add up.
    let refuse: Vec<_> = esc
        .refuse
        .iter()
        .filter(|r| r.applies_to(cx.track))
        .collect();
    if refuse.is_empty() {
        return silent(Vec::new(), "on what grounds an escalation may be refused");
    }
    let ev = refuse.iter().map(|r| ground(r)).collect();
    let listed: Vec<ExclusionKind> = cx
        .policy
        .exclusions
        .iter()
        .filter(|e| e.applies_to(cx.track))
        .map(|e| e.value.kind.value)
        .collect();
    let outside: Vec<String> = refuse
        .iter()
        .flat_map(|r| r.value.iter())
        .filter_map(|g| match g {
            RefusalGround::Excluded => None,
            RefusalGround::Kind(k) if listed.contains(k) => None,
            RefusalGround::Kind(k) => Some(k.to_string()),
            RefusalGround::Stated(t) => Some(format!("\"{t}\"")),
        })
        .collect();
    if outside.is_empty() {
        verdict(
            Comply::Yes,
            ev,
            "escalation may be refused only on the grounds on which a complaint is not accepted."
                .into(),
        )
    } else {
        verdict(
            Comply::Partial,
            ev,
            format!("escalation may also be refused for {}, which the policy does not list as an exclusion.", outside.join(", ")),
        )
    }
}

/// The escalation into stage 2 on the track's route, or the verdict for a route without one.
fn escalation_or_no<'a>(cx: &Context<'a>) -> Result<&'a ir::Escalation, Verdict> {
    stage_or_no(cx, 2)?;
    cx.escalation_into(2).ok_or_else(|| {
        silent(
            Vec::new(),
            &format!("how a complaint is escalated into {}", stage_words(cx, 2)),
        )
    })
}

/// A complainant must not be required to give reasons for escalating.
pub(super) fn escalation_reasons(cx: &Context) -> Verdict {
    let esc = match escalation_or_no(cx) {
        Ok(e) => e,
        Err(v) => return v,
    };
    let Some(r) = one(&esc.reasons, cx) else {
        return silent(
            Vec::new(),
            "whether a complainant must give reasons to escalate",
        );
    };
    let ev = vec![ground(r)];
    match r.value {
        Reasons::Required => verdict(Comply::No, ev, "the policy requires the complainant to say why they escalate; the Code forbids requiring reasons.".into()),
        Reasons::Invited => verdict(Comply::Yes, ev, "the policy invites reasons but does not require them.".into()),
        Reasons::NotRequired => verdict(Comply::Yes, ev, "the policy says reasons are not required.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Worked by hand: 12 months from the 1st span 365 days (a common year) or 366 (one with
    /// 29 February); 6 months span 181 (September to February, 30+31+30+31+31+28) to 184 (July
    /// to December, 31+31+30+31+30+31).
    #[test]
    fn month_spans() {
        assert_eq!(month_span(12), (365, 366));
        assert_eq!(month_span(6), (181, 184));
    }
}
