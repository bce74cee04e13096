//! Structure: how many stages, who decides stage 2, where the complaint goes last.

use super::{
    any_stage_words, ground, one, route_grounds, route_list, silent, stage_or_no, stage_words,
    verdict, Comply, Context, Verdict,
};
use crate::ir::{HandlerDuty, Vocabulary};

/// The Code's two stages and nothing else: HO 5.2 and LGSCO 5.2 rule out named steps before or
/// beside them (a "stage 0", an informal or early-resolution step), HO 5.3 any process of more
/// than two stages. Both read the same route the same way, so one rule decides all three: a
/// route with a step before stage 1 or a stage after stage 2 is `no`; two stages are `yes`; one
/// stage adds no step and is not more than two, so it is `yes` here too, and the missing stage
/// 2 is the stage 2 provisions' `no` (HO 6.10, LGSCO 6.9), not this one's. The devolved models
/// require exactly two stages (3.1 of each), so under them one stage is `no` here.
pub(super) fn stage_count(cx: &Context) -> Verdict {
    let ev = route_grounds(cx);
    if cx.route.stages.is_empty() {
        return silent(
            ev,
            &format!(
                "which stages a complaint on track `{}` goes through",
                cx.track
            ),
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
        2 => verdict(Comply::Yes, ev, format!("two stages: {list}, and no other step.")),
        1 if cx.code.requires_two_stages() => verdict(
            Comply::No,
            ev,
            format!("one stage ({list}); the {} requires two stages, a frontline stage 1 and a stage 2 investigation.", cx.code.title),
        ),
        1 => verdict(
            Comply::Yes,
            ev,
            format!("one stage ({list}): no step before or beside it, and not more than two. The missing stage 2 is judged where the Code requires it."),
        ),
        n => verdict(Comply::No, ev, format!("{n} stages ({list}); the Code allows no more than two.")),
    }
}

/// Stage 2 follows stage 1 for a dissatisfied complainant and is the final response (HO 6.10,
/// LGSCO 6.9). The Codes allow two stages, so stage 2 is final only when nothing follows it
/// on the route: a route with a stage after stage 2 fails, and so does a route with no stage
/// 2 (a one-stage route gives a dissatisfied complainant nowhere to go). A step before stage 1
/// does not make stage 2 less final; it is judged under the provisions on named steps.
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
            route_grounds(cx),
            format!(
                "{} is not the final response: the route goes on to {}; the Code allows two stages, and the second is final.",
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
            vec![ground(r)],
            format!("the council may make its {} response final, so a dissatisfied complainant can be denied stage 2.", stage_words(cx, 1)),
        );
    }
    if let Some(r) = s1.skippable.iter().find(|r| r.applies_to(cx.track)) {
        return verdict(
            Comply::Partial,
            vec![ground(r)],
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
            vec![ground(r)],
            format!(
                "a complaint may start at {} by agreement with the complainant, skipping {}, so a complainant who agrees gets only one, final, response.",
                stage_words(cx, 2),
                stage_words(cx, 1)
            ),
        );
    }
    verdict(
        Comply::Yes,
        route_grounds(cx),
        format!(
            "{} follows {} and nothing follows it on the track's route, so it is the final response.",
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
    let Some(h2) = one(&s2.handlers, cx) else {
        return silent(
            Vec::new(),
            "who decides stage 2, or that it is someone other than stage 1's decision-maker",
        );
    };
    let s1_name = &s1.name.value;
    let ev = vec![ground(h2)];
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
    let h1 = one(&s1.handlers, cx);
    match (h1.and_then(|h| h.value.role.clone()), &h2.value.role) {
        (Some(a), Some(b)) if a != *b => {
            let mut ev = ev;
            ev.extend(h1.map(ground));
            verdict(
                Comply::Partial,
                ev,
                format!("the policy names different roles (stage 1: {a}; stage 2: {b}) but does not say the decision-maker must be a different person."),
            )
        }
        _ => silent(
            ev,
            "that the stage 2 decision-maker is someone other than stage 1's",
        ),
    }
}

/// Independence and conflicts of interest: a stated duty is partial evidence; the rest is
/// practice.
pub(super) fn independence(cx: &Context) -> Verdict {
    let mut ev = Vec::new();
    let mut said = Vec::new();
    for s in &cx.route.stages {
        let Some(h) = one(&s.handlers, cx) else {
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
            ev.push(ground(h));
        }
    }
    if said.is_empty() {
        silent(
            Vec::new(),
            "that the handler at any stage is independent of the matter; show how conflicts of interest are handled in practice",
        )
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
        return silent(
            Vec::new(),
            &format!("which Ombudsman complaints on track `{}` go to", cx.track),
        );
    };
    let mut ev = vec![ground(track)];
    let Some(o) = &track.value.ombudsman else {
        return silent(ev, "which Ombudsman complaints on this track go to");
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
            ev.push(ground(w));
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
