//! Timescales: acknowledgement, response and extension at each stage, compared as deadlines.

use super::{
    by_class, cites, needed, per_class, silent, single_term, stage_or_no, stage_words, verdict,
    Comply, Context, Verdict,
};
use crate::ir::{self, Duration, Event, ExtensionLimit, Notice, Unit};

/// The most working days a duration can span, and whether its unit is a guess.
/// Calendar days and weeks hold at most as many working days as their days (5 a week); a month
/// at most 23.
fn max_working_days(d: &Duration, plain: Option<Unit>) -> (u32, bool) {
    match d.unit {
        Unit::WorkingDays | Unit::CalendarDays => (d.amount, false),
        Unit::Days => (d.amount, plain.is_none()),
        Unit::Weeks => (d.amount.saturating_mul(5), false),
        Unit::Months => (d.amount.saturating_mul(23), false),
    }
}

fn ambiguity(amb: bool, d: &Duration) -> String {
    if amb {
        format!(" The policy says \"{d}\" without saying working or calendar days; read as working days.")
    } else {
        String::new()
    }
}

/// Acknowledgement: 5 working days from receipt (stage 1) or from the escalation request (stage 2).
pub(super) fn acknowledgement(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let event_words = if n == 1 {
        "receipt"
    } else {
        "the escalation request"
    };
    per_class(by_class(&stage.acknowledge, cx), |r| acknowledgement_rule(cx, n, r)).unwrap_or_else(|| {
        silent(
            Vec::new(),
            format!("the policy sets no acknowledgement timescale at {}; the Code requires 5 working days from {event_words}", stage_words(cx, n)),
        )
    })
}

/// One acknowledgement rule against the Code's 5 working days.
fn acknowledgement_rule(cx: &Context, n: u8, rule: &ir::Rule<ir::Window>) -> Verdict {
    let (code_event, event_words) = if n == 1 {
        (Event::Receipt, "receipt")
    } else {
        (Event::Escalation, "the escalation request")
    };
    let term = match single_term(rule, "acknowledgement window") {
        Ok(t) => t,
        Err(v) => return v,
    };
    let ev = cites(rule);
    let (wd, amb) = max_working_days(&term.duration, cx.policy.plain_days());
    let d = term.duration;
    let from = &term.from.value;
    let (comply, text) = if *from == code_event {
        if wd <= 5 {
            (
                if amb { Comply::Partial } else { Comply::Yes },
                format!("{d} of {event_words}, against the Code's 5 working days."),
            )
        } else {
            (
                Comply::No,
                format!("{d} of {event_words} is longer than the Code's 5 working days."),
            )
        }
    } else if *from == Event::Unstated {
        (
            Comply::Partial,
            format!(
                "{d}, but the policy gives no start event; counted from {event_words} it {} the Code's 5 working days.",
                if wd <= 5 { "meets" } else { "exceeds" }
            ),
        )
    } else {
        (
            Comply::Partial,
            format!(
                "{d} of {}, where the Code counts 5 working days from {event_words}.",
                from.describe()
            ),
        )
    };
    verdict(comply, ev, format!("{text}{}", ambiguity(amb, &d)))
}

/// Response: 10 working days from the stage 1 acknowledgement, 20 from the stage 2 one. The
/// acknowledgement itself may take 5, so a policy counting from receipt (or the escalation
/// request) is compared by deadline: N <= base always meets the Code, base < N <= base + 5 only
/// when the acknowledgement is late, more never.
pub(super) fn response(cx: &Context, n: u8) -> Verdict {
    let base = if n == 1 { 10 } else { 20 };
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    per_class(by_class(&stage.respond, cx), |r| response_rule(cx, n, r)).unwrap_or_else(|| {
        silent(
            Vec::new(),
            format!("the policy sets no response timescale at {}; the Code requires {base} working days from the acknowledgement", stage_words(cx, n)),
        )
    })
}

/// One response rule against the Code's deadline.
fn response_rule(cx: &Context, n: u8, rule: &ir::Rule<ir::Window>) -> Verdict {
    let base = if n == 1 { 10 } else { 20 };
    let (start_event, start_words) = if n == 1 {
        (Event::Receipt, "receipt")
    } else {
        (Event::Escalation, "the escalation request")
    };
    let term = match single_term(rule, "response window") {
        Ok(t) => t,
        Err(v) => return v,
    };
    let ev = cites(rule);
    let (wd, amb) = max_working_days(&term.duration, cx.policy.plain_days());
    let d = term.duration;
    let from_receipt = |wd: u32| -> (Comply, String) {
        if wd <= base {
            (Comply::Yes, format!("{d} of {start_words} ends no later than the Code's deadline ({base} working days from an acknowledgement that cannot come before {start_words})."))
        } else if wd <= base + 5 {
            (Comply::Partial, format!(
                "{d} of {start_words} meets the Code only when the acknowledgement takes at least {} working days; acknowledged on the day of {start_words}, the Code's deadline is {base} working days after it.",
                wd - base
            ))
        } else {
            (Comply::No, format!("{d} of {start_words} is later than the Code's latest deadline ({start_words} + 5 + {base} working days)."))
        }
    };
    let (comply, text) = match &term.from.value {
        Event::Acknowledgement => {
            if wd <= base {
                (
                    Comply::Yes,
                    format!("{d} of the acknowledgement, against the Code's {base} working days."),
                )
            } else {
                (
                    Comply::No,
                    format!(
                        "{d} of the acknowledgement is longer than the Code's {base} working days."
                    ),
                )
            }
        }
        e if *e == start_event => from_receipt(wd),
        Event::Unstated => {
            let (_, if_start) = from_receipt(wd);
            let from_ack = if wd <= base { "meets" } else { "exceeds" };
            (Comply::Partial, format!(
                "{d} with no start event in the policy. Read from {start_words}: {if_start} Read from the acknowledgement it {from_ack} the Code's {base} working days."
            ))
        }
        other => (
            Comply::Partial,
            format!(
                "{d} of {}; the Code counts {base} working days from the acknowledgement.",
                other.describe()
            ),
        ),
    };
    let comply = if amb && comply == Comply::Yes {
        Comply::Partial
    } else {
        comply
    };
    verdict(comply, ev, format!("{text}{}", ambiguity(amb, &d)))
}

/// Extension: at most 10 working days (stage 1) or 20 (stage 2) without good reason, with the
/// reasons explained.
pub(super) fn extension(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    per_class(by_class(&stage.extensions, cx), |r| {
        extension_rule(cx, n, r)
    })
    .unwrap_or_else(|| {
        needed(&format!(
            "the policy does not say whether or how the {} response may be extended",
            stage_words(cx, n)
        ))
    })
}

/// One extension rule against the Code's cap.
fn extension_rule(cx: &Context, n: u8, rule: &ir::Rule<ir::Extension>) -> Verdict {
    let cap = if n == 1 { 10 } else { 20 };
    let ev = cites(rule);
    let e = &rule.value;
    let reasons = e.tell.contains(&Notice::Reasons);
    let reasons_text = if reasons {
        "the reasons are explained"
    } else {
        "the policy does not say the reasons are explained"
    };
    match e.limit {
        ExtensionLimit::UpTo { duration } => {
            let (wd, amb) = max_working_days(&duration, cx.policy.plain_days());
            if wd > cap {
                verdict(Comply::No, ev, format!("up to {duration}, more than the Code's {cap} working days."))
            } else {
                let comply = if amb || !reasons { Comply::Partial } else { Comply::Yes };
                verdict(
                    comply,
                    ev,
                    format!("up to {duration} (the Code: at most {cap} working days without good reason); {reasons_text}.{}", ambiguity(amb, &duration)),
                )
            }
        }
        ExtensionLimit::WithoutLimit => verdict(
            Comply::No,
            ev,
            format!("the policy allows an extension without limit; the Code allows at most {cap} working days without good reason."),
        ),
        ExtensionLimit::Unstated => verdict(
            Comply::Partial,
            ev,
            format!("the policy allows an extension but states no limit; the Code allows at most {cap} working days without good reason; {reasons_text}."),
        ),
    }
}

/// Telling the complainant the Ombudsman's details when extending.
pub(super) fn extension_ombudsman(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    per_class(by_class(&stage.extensions, cx), |rule| {
        let e = &rule.value;
        if e.tell.contains(&Notice::Ombudsman) {
            return verdict(
                Comply::Yes,
                cites(rule),
                "an extension notice gives the Ombudsman's details.".into(),
            );
        }
        let conditions: Vec<String> = e
            .tell_if
            .iter()
            .filter(|c| c.notice == Notice::Ombudsman)
            .map(|c| format!("\"{}\"", c.condition))
            .collect();
        if conditions.is_empty() {
            verdict(
                Comply::No,
                cites(rule),
                format!(
                    "the policy does not say an extension notice at {} gives the Ombudsman's details.",
                    stage_words(cx, n)
                ),
            )
        } else {
            verdict(
                Comply::Partial,
                cites(rule),
                format!(
                    "an extension notice at {} gives the Ombudsman's details only if {}; the Code requires them with every extension notice.",
                    stage_words(cx, n),
                    conditions.join(" or if ")
                ),
            )
        }
    })
    .unwrap_or_else(|| {
        needed(&format!(
            "the policy does not say how the {} response may be extended",
            stage_words(cx, n)
        ))
    })
}

/// When a response will be late: a new date and reasons (LGSCO); agreed update intervals (HO).
pub(super) fn update_when_late(cx: &Context) -> Verdict {
    let rules: Vec<&ir::Rule<ir::Extension>> = cx
        .route
        .stages
        .iter()
        .flat_map(|s| by_class(&s.extensions, cx))
        .map(|(_, r)| r)
        .collect();
    if rules.is_empty() {
        return needed("the policy does not say what happens when a response will be late");
    }
    let ev = rules.iter().flat_map(|r| cites(r)).collect();
    let new_date = rules
        .iter()
        .all(|r| r.value.tell.contains(&Notice::NewDate));
    let reasons = rules
        .iter()
        .all(|r| r.value.tell.contains(&Notice::Reasons));
    match (new_date, reasons, cx.is_housing()) {
        (true, _, true) => verdict(Comply::Partial, ev, "the complainant is told the new date, but the policy does not say how often they will be updated (the Code: agree it with them).".into()),
        (true, true, false) => verdict(Comply::Yes, ev, "the complainant is told the new date and the reasons for the delay.".into()),
        (true, false, false) => verdict(Comply::Partial, ev, "the complainant is told the new date but the policy does not say they are told why.".into()),
        (false, _, _) => verdict(Comply::No, ev, "the policy does not say the complainant is told when the late response will come, at every stage.".into()),
    }
}
