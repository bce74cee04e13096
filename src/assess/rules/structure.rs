//! Structure: how many stages, who decides stage 2, where the complaint goes last.

use super::{
    any_stage_words, cites, needed, route_cites, route_list, stage_or_no, stage_words, verdict,
    Comply, Context, Evidence, Verdict,
};
use crate::ir::{HandlerDuty, Vocabulary};

/// Exactly two formal stages and nothing before them: more is never acceptable; one denies
/// the resident a stage 2 (HO) or falls short of the Code's process (LGSCO); an early-resolution
/// step is a named step before the two stages, which both Codes rule out.
pub(super) fn stage_count(cx: &Context) -> Verdict {
    let ev = route_cites(cx);
    if cx.route.stages.is_empty() {
        return verdict(
            Comply::No,
            ev,
            format!("the track `{}` has no route, so no stages.", cx.track),
        );
    }
    let list = route_list(cx);
    let early = cx.route.early_stages();
    let formal = cx.route.formal_stages().len();
    if !early.is_empty() {
        let names: Vec<&str> = early.iter().map(|s| s.display_name()).collect();
        return verdict(
            Comply::No,
            ev,
            format!(
                "{} steps ({list}): {} before stage 1 is a named step outside the Code's two stages, which the Code does not allow.",
                early.len() + formal,
                names.join(" and ")
            ),
        );
    }
    match formal {
        2 => verdict(Comply::Yes, ev, format!("two stages: {list}.")),
        0 => verdict(Comply::No, ev, "the route has no formal stage.".into()),
        1 if cx.is_housing() => verdict(Comply::No, ev, format!("one stage ({list}); the Code requires a stage 2 when the resident is still dissatisfied.")),
        1 => verdict(Comply::Partial, ev, format!("one stage ({list}); the Code describes two.")),
        n => verdict(Comply::No, ev, format!("{n} stages ({list}); the Code allows no more than two.")),
    }
}

/// Stage 2 follows stage 1 for a dissatisfied complainant and is the final response: a route
/// with a stage after stage 2 makes stage 2 not final.
pub(super) fn stage2_final(cx: &Context) -> Verdict {
    let s1 = match stage_or_no(cx, 1) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let s2 = match stage_or_no(cx, 2) {
        Ok(s) => s,
        Err(v) => return v,
    };
    if let Some(after) = cx.route.next(&s2.name.value) {
        return verdict(
            Comply::No,
            route_cites(cx),
            format!(
                "{} is not the final response: the route goes on to {}; the Code allows two stages.",
                stage_words(cx, 2),
                any_stage_words(after)
            ),
        );
    }
    if let Some(r) = s1.ends_early.iter().find(|r| r.applies_to(cx.track)) {
        let comply = if cx.is_housing() {
            Comply::No
        } else {
            Comply::Partial
        };
        return verdict(
            comply,
            cites(r),
            format!("the council may make its {} response final, so a dissatisfied complainant can be denied stage 2.", stage_words(cx, 1)),
        );
    }
    if let Some(r) = s1.skippable.iter().find(|r| r.applies_to(cx.track)) {
        return verdict(
            Comply::Partial,
            cites(r),
            format!(
                "the council may skip {} and treat the first review as stage 2, so a complainant may get only one, final, response.",
                stage_words(cx, 1)
            ),
        );
    }
    if let Some(r) = s2
        .start_by_agreement
        .iter()
        .find(|r| r.applies_to(cx.track))
    {
        return verdict(
            Comply::Partial,
            cites(r),
            format!(
                "a complaint may start at {} by agreement with the complainant, skipping {}, so a complainant who agrees gets only one, final, response.",
                stage_words(cx, 2),
                stage_words(cx, 1)
            ),
        );
    }
    let last = cx.route.stages.len();
    verdict(
        Comply::Yes,
        Vec::new(),
        format!(
            "{} follows {} and is the last internal stage ({last} in all).",
            stage_words(cx, 2),
            stage_words(cx, 1)
        ),
    )
}

/// The stage 2 decision is made by someone other than the stage 1 decision-maker.
pub(super) fn different_handler(cx: &Context) -> Verdict {
    let s1 = match stage_or_no(cx, 1) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let s2 = match stage_or_no(cx, 2) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let Some(h2) = s2.handler(cx.track) else {
        return needed("the policy does not say who handles stage 2");
    };
    let s1_name = &s1.name.value;
    let ev = cites(h2);
    if h2.value.not_same_as.iter().any(|n| &n.value == s1_name) {
        return verdict(
            Comply::Yes,
            ev,
            "stage 2 is handled by a different person from stage 1.".into(),
        );
    }
    if h2.value.senior_to.iter().any(|n| &n.value == s1_name) {
        return verdict(
            Comply::Yes,
            ev,
            "stage 2 is handled by someone senior to the stage 1 handler, so a different person."
                .into(),
        );
    }
    let r1 = s1.handler(cx.track).and_then(|h| h.value.role.clone());
    match (r1, &h2.value.role) {
        (Some(a), Some(b)) if a != *b => verdict(
            Comply::Partial,
            ev,
            format!("the policy names different roles (stage 1: {a}; stage 2: {b}) but does not say the decision-maker must be a different person."),
        ),
        _ => needed("the policy does not say the stage 2 decision-maker differs from stage 1's"),
    }
}

/// Independence and conflicts of interest: a stated duty is partial evidence; the rest is
/// practice.
pub(super) fn independence(cx: &Context) -> Verdict {
    let mut ev: Vec<Evidence> = Vec::new();
    let mut said = Vec::new();
    for s in &cx.route.stages {
        let Some(h) = s.handler(cx.track) else {
            continue;
        };
        let mut parts = Vec::new();
        if h.value.duties.contains(&HandlerDuty::Independent) {
            parts.push("independent of the matter");
        }
        if h.value.not_subject {
            parts.push("not the person complained about");
        }
        if h.value.senior_to_subject {
            parts.push("senior to the person complained about");
        }
        if !parts.is_empty() {
            said.push(format!(
                "at {} the handler is {}",
                any_stage_words(s),
                parts.join(", ")
            ));
            ev.extend(cites(h));
        }
    }
    if said.is_empty() {
        needed("the policy states no duty of independence; show how conflicts of interest are handled in practice")
    } else {
        verdict(
            Comply::Partial,
            ev,
            format!("the policy says: {}. A fair hearing and weighing the evidence need evidence from practice.", said.join("; ")),
        )
    }
}

/// The complainant is told of the right to go to the right Ombudsman, with no stale wait.
pub(super) fn ombudsman_route(cx: &Context) -> Verdict {
    let Some(track) = cx
        .policy
        .tracks
        .iter()
        .find(|t| t.value.name.value == cx.track)
    else {
        return verdict(
            Comply::No,
            Vec::new(),
            format!("the policy has no track `{}`.", cx.track),
        );
    };
    let mut ev = cites(track);
    let Some(o) = &track.value.ombudsman else {
        return verdict(
            Comply::No,
            ev,
            "the policy names no Ombudsman for this track.".into(),
        );
    };
    if o.value.word() != cx.code.applies_to {
        return verdict(
            Comply::No,
            ev,
            format!(
                "complaints on this track are sent to `{}`, not `{}`.",
                o.value, cx.code.applies_to
            ),
        );
    }
    let stale = cx
        .policy
        .ombudsman_waits
        .iter()
        .find(|w| w.applies_to(cx.track) && w.value.ombudsman.value == o.value);
    match stale {
        Some(w) => {
            ev.extend(cites(w));
            verdict(
                Comply::Partial,
                ev,
                format!(
                    "the policy names the {} but still says the complainant must wait {} after the final response: that wait was abolished on 1 October 2022.",
                    o.value, w.value.duration
                ),
            )
        }
        None => verdict(
            Comply::Yes,
            ev,
            format!(
                "the policy names the {} as the route after the last stage.",
                o.value
            ),
        ),
    }
}
