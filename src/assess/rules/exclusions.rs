//! Access: the time limit for complaining, exclusions, and refusing or conditioning escalation.

use super::{
    cites, needed, silent, single_term, stage_or_no, stage_words, verdict, Comply, Context, Verdict,
};
use crate::ir::{self, Event, ExclusionKind, Reasons, RefusalGround, Unit};

/// At least 12 months from the issue or from the complainant becoming aware of it, with
/// discretion for older complaints.
pub(super) fn acceptance_window(cx: &Context) -> Verdict {
    let Some(rule) = ir::rule_for(&cx.policy.acceptance, Some(cx.track)) else {
        return verdict(
            Comply::Yes,
            Vec::new(),
            "the policy sets no time limit, so it turns no complaint away for its age.".into(),
        );
    };
    let term = match single_term(rule, "time limit") {
        Ok(t) => t,
        Err(v) => return v,
    };
    let ev = cites(rule);
    let w = &rule.value;
    let d = term.duration;
    let months = match d.unit {
        Unit::Months => Some(d.amount),
        _ => None,
    };
    let Some(m) = months else {
        return verdict(
            Comply::Partial,
            ev,
            format!("a limit of {d}; the Code's is 12 months, so compare by hand."),
        );
    };
    if m < 12 {
        return verdict(
            Comply::No,
            ev,
            format!("{d} is shorter than the Code's 12 months."),
        );
    }
    let mut gaps = Vec::new();
    match &term.from.value {
        Event::Awareness | Event::OccurrenceOrAwareness => {}
        Event::Occurrence => gaps.push("it counts from the matter occurring only, where the Code also counts from when the complainant became aware of it"),
        Event::Unstated => gaps.push("the policy does not say what the time limit counts from"),
        _ => gaps.push("it counts from an event the Code does not use"),
    }
    if !w.discretion {
        gaps.push("the policy allows no discretion for older complaints");
    }
    let from = term.from.value.describe();
    if gaps.is_empty() {
        verdict(
            Comply::Yes,
            ev,
            format!("{d} of {from}, with discretion for older complaints."),
        )
    } else {
        verdict(
            Comply::Partial,
            ev,
            format!("{d} of {from}; but {}.", gaps.join("; and ")),
        )
    }
}

/// The policy lists when a complaint will not be accepted. Under the HO Code the acceptable
/// examples are legal proceedings filed at court and matters already considered (the age limit
/// is the acceptance window); others must each be justified as fair and reasonable.
pub(super) fn exclusions(cx: &Context) -> Verdict {
    let listed: Vec<_> = cx
        .policy
        .exclusions
        .iter()
        .filter(|e| e.applies_to(cx.track))
        .collect();
    if listed.is_empty() {
        return silent(
            Vec::new(),
            "the policy lists no circumstances in which a complaint is not accepted.".into(),
        );
    }
    let ev = listed.iter().flat_map(|e| cites(e)).collect();
    let words: Vec<String> = listed
        .iter()
        .map(|e| e.value.kind.value.to_string())
        .collect();
    if !cx.is_housing() {
        return verdict(
            Comply::Yes,
            ev,
            format!(
                "the policy sets out {} exclusions: {}.",
                listed.len(),
                words.join(", ")
            ),
        );
    }
    let acceptable = [
        ExclusionKind::LegalProceedings,
        ExclusionKind::PreviouslyConsidered,
    ];
    let extra: Vec<String> = listed
        .iter()
        .filter(|e| !acceptable.contains(&e.value.kind.value))
        .map(|e| e.value.kind.value.to_string())
        .collect();
    if extra.is_empty() {
        verdict(
            Comply::Yes,
            ev,
            format!(
                "the exclusions ({}) are among the Code's examples.",
                words.join(", ")
            ),
        )
    } else {
        verdict(
            Comply::Partial,
            ev,
            format!(
                "beyond the Code's examples the policy excludes: {}. Each must be fair and reasonable and considered case by case, not applied as a blanket rule.",
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
        return needed("the policy does not say on what grounds an escalation may be refused");
    }
    let ev = refuse.iter().flat_map(|r| cites(r)).collect();
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
        verdict(
            Comply::No,
            Vec::new(),
            format!(
                "the policy states no escalation into {}.",
                stage_words(cx, 2)
            ),
        )
    })
}

/// A complainant must not be required to give reasons for escalating.
pub(super) fn escalation_reasons(cx: &Context) -> Verdict {
    let esc = match escalation_or_no(cx) {
        Ok(e) => e,
        Err(v) => return v,
    };
    let Some(r) = esc.reasons_for(cx.track) else {
        return needed(
            "the policy does not say whether a complainant must give reasons to escalate",
        );
    };
    match r.value {
        Reasons::Required => verdict(Comply::No, cites(r), "the policy requires the complainant to say why they escalate; the Code forbids requiring reasons.".into()),
        Reasons::Invited => verdict(Comply::Yes, cites(r), "the policy invites reasons but does not require them.".into()),
        Reasons::NotRequired => verdict(Comply::Yes, cites(r), "the policy says reasons are not required.".into()),
    }
}
