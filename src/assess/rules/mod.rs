//! The rules that decide provisions from a policy. Each provision in the Code data names its
//! rule; provisions without one need evidence from practice or publication.

mod content;
mod exclusions;
mod structure;
mod timescales;

use super::provenance::{ground, Ground};
use super::{Comply, Context, Place, Provision, ReadingResult, Verdict};
use crate::ir;

/// Every rule id the Code data may name.
pub const RULES: &[&str] = &[
    "stage-count",
    "s1-ack",
    "s1-response",
    "s1-extension",
    "extension-ombudsman",
    "s2-ack",
    "s2-response",
    "s2-extension",
    "acceptance-window",
    "exclusions",
    "escalation-refusal",
    "escalation-reasons",
    "different-handler",
    "independence",
    "ack-content",
    "s1-response-content",
    "s2-response-content",
    "stage2-final",
    "ombudsman-route",
    "update-when-late",
];

/// Decide one provision for the context's track. `gaps` are the track's unencoded rules: a
/// verdict that rests on the policy saying nothing of the kind (no response timescale at a
/// stage, no exclusions) names an unencoded rule that stands where the provision looks, since
/// the missing rule may be that one, and cites it.
pub(super) fn decide(p: &Provision, cx: &Context, gaps: &[(Place, &ir::Rule<String>)]) -> Verdict {
    let v = decide_from_rules(p, cx);
    if !v.silent {
        return v;
    }
    let Some(rule) = p.rule.as_deref() else {
        return v;
    };
    let near: Vec<&ir::Rule<String>> = gaps
        .iter()
        .filter(|(place, _)| touches(rule, *place))
        .map(|(_, r)| *r)
        .collect();
    if near.is_empty() {
        return v;
    }
    let said: Vec<String> = near.iter().map(|r| format!("\"{}\"", r.value)).collect();
    let mut grounds = v.grounds;
    grounds.extend(near.iter().map(|r| ground(r)));
    Verdict {
        grounds,
        explanation: format!(
            "{} But the policy records a rule redress could not encode that may bear on this: {}; check it by hand.",
            sentence(&v.explanation),
            said.join("; ")
        ),
        ..v
    }
}

/// The explanation as a sentence ending in a full stop.
fn sentence(s: &str) -> String {
    let mut out = s.trim_end().to_string();
    if !out.ends_with('.') {
        out.push('.');
    }
    if let Some(first) = out.get(..1) {
        let upper = first.to_uppercase();
        out.replace_range(..1, &upper);
    }
    out
}

/// The Code's stage a provision is about: 2 under a "stage 2" heading, else 1.
fn code_stage(p: &Provision) -> u8 {
    if p.section.to_lowercase().contains("stage 2") {
        2
    } else {
        1
    }
}

/// Whether an unencoded rule stated at `place` may be the missing rule for the provision
/// decided by `rule`: a formal stage's own unencoded rules for its acknowledgement and
/// response timescales, the policy's for its exclusions.
fn touches(rule: &str, place: Place) -> bool {
    let stage = |k: u8| matches!(place, Place::Stage(s) if s.formal_number() == Some(k));
    match rule {
        "s1-ack" | "s1-response" => stage(1),
        "s2-ack" | "s2-response" => stage(2),
        "exclusions" => matches!(place, Place::Policy),
        _ => false,
    }
}

fn decide_from_rules(p: &Provision, cx: &Context) -> Verdict {
    if p.level == "none" {
        return verdict(
            Comply::NotApplicable,
            Vec::new(),
            "introductory text; the Code does not assess it".into(),
        );
    }
    let Some(rule) = p.rule.as_deref() else {
        return needed(match p.checkable.as_str() {
            "practice" => "a policy text cannot show this; it needs evidence from practice (case records, letters, training, reports)",
            "publication" => "this needs the council's published documents (website, annual report, governance papers), not the policy's rules",
            "timescale" => "redress does not yet compare this timescale with the policy's; compare the policy's figure with the Code's by hand",
            _ => "redress's policy language does not record this; check the policy text and template letters",
        });
    };
    let stage_n = code_stage(p);
    match rule {
        "stage-count" => structure::stage_count(cx),
        "stage2-final" => structure::stage2_final(cx),
        "different-handler" => structure::different_handler(cx),
        "independence" => structure::independence(cx),
        "ombudsman-route" => structure::ombudsman_route(cx),
        "s1-ack" => timescales::acknowledgement(cx, 1),
        "s2-ack" => timescales::acknowledgement(cx, 2),
        "s1-response" => timescales::response(cx, 1),
        "s2-response" => timescales::response(cx, 2),
        "s1-extension" => timescales::extension(cx, 1),
        "s2-extension" => timescales::extension(cx, 2),
        "extension-ombudsman" => timescales::extension_ombudsman(cx, stage_n),
        "update-when-late" => timescales::update_when_late(cx),
        "acceptance-window" => exclusions::acceptance_window(cx),
        "exclusions" => exclusions::exclusions(cx),
        "escalation-refusal" => exclusions::escalation_refusal(cx),
        "escalation-reasons" => exclusions::escalation_reasons(cx),
        "ack-content" => content::acknowledgement(cx, &p.id),
        "s1-response-content" => content::response(cx, 1),
        "s2-response-content" => content::response(cx, 2),
        other => needed(&format!(
            "redress has no assessment named `{other}`; this provision needs evidence"
        )),
    }
}

fn verdict(comply: Comply, grounds: Vec<Ground>, explanation: String) -> Verdict {
    Verdict {
        comply,
        grounds,
        explanation,
        readings: Vec::new(),
        silent: false,
    }
}

/// The one verdict for a policy that says nothing of what a provision asks: `evidence-needed`,
/// "the policy does not say ...". Silence is neither compliance nor a breach: the council's
/// practice, letters or other documents may do what the policy does not write down, so only
/// they can show it. Every rule that finds nothing to judge ends here, so that a silent policy
/// is treated one way under every provision of every Code.
fn silent(grounds: Vec<Ground>, what: &str) -> Verdict {
    Verdict {
        silent: true,
        ..verdict(
            Comply::EvidenceNeeded,
            grounds,
            format!("the policy does not say {what}"),
        )
    }
}

/// A provision a policy text cannot decide (practice, publication).
fn needed(why: &str) -> Verdict {
    verdict(Comply::EvidenceNeeded, Vec::new(), why.to_string())
}

/// The statement of the track's route: what the verdicts on its stages rest on.
fn route_grounds(cx: &Context) -> Vec<Ground> {
    cx.route.rule.map(ground).into_iter().collect()
}

/// The rules of one kind that a case on the track can meet: the one for a case with no class,
/// then the one for each declared class where that differs, each with the class it is for.
/// A policy whose rules of this kind all have `when` has no rule for a case without a class.
fn by_class<'a, T>(
    rules: &'a [ir::Rule<T>],
    cx: &Context<'a>,
) -> Vec<(Option<&'a ir::Class>, &'a ir::Rule<T>)> {
    let prefs = &cx.policy.preferences;
    let mut out: Vec<(Option<&ir::Class>, &ir::Rule<T>)> = Vec::new();
    if let Some(r) = ir::select(rules, cx.track, &[], prefs) {
        out.push((None, r));
    }
    for c in &cx.policy.classes {
        let class = std::slice::from_ref(&c.value.name.value);
        if let Some(r) = ir::select(rules, cx.track, class, prefs) {
            if !out.iter().any(|(_, x)| std::ptr::eq(*x, r)) {
                out.push((Some(&c.value), r));
            }
        }
    }
    out
}

/// The one rule of a kind for a case on the track with no class (see [`ir::select`]).
fn one<'a, T>(rules: &'a [ir::Rule<T>], cx: &Context) -> Option<&'a ir::Rule<T>> {
    ir::select(rules, cx.track, &[], &cx.policy.preferences)
}

/// Verdicts on the rules of one kind for each class (see [`by_class`]), as one: the worst
/// verdict, every rule's statements, and each explanation under the class it is for. A single
/// rule for every case keeps its verdict as it is. When only classes have a rule, a case with
/// no class meets the policy's silence, and `silence` is that case's verdict.
fn per_class<T>(
    rules: Vec<(Option<&ir::Class>, &ir::Rule<T>)>,
    judge: impl Fn(Option<&ir::Class>, &ir::Rule<T>) -> Verdict,
    silence: impl FnOnce() -> Verdict,
) -> Verdict {
    let mut verdicts: Vec<(Option<&ir::Class>, Verdict)> =
        rules.into_iter().map(|(c, r)| (c, judge(c, r))).collect();
    match verdicts.as_slice() {
        [] => return silence(),
        [(None, _)] => {
            if let Some((_, v)) = verdicts.pop() {
                return v;
            }
        }
        _ => {}
    }
    if !verdicts.iter().any(|(c, _)| c.is_none()) {
        verdicts.insert(0, (None, silence()));
    }
    let comply = verdicts
        .iter()
        .map(|(_, v)| v.comply)
        .max_by_key(|c| c.severity())
        .unwrap_or(Comply::EvidenceNeeded);
    let quiet = verdicts
        .iter()
        .filter(|(_, v)| v.comply == comply)
        .all(|(_, v)| v.silent);
    let mut grounds = Vec::new();
    let mut readings = Vec::new();
    let mut parts = Vec::new();
    for (c, v) in verdicts {
        let who = match c {
            None => "A case with no class".to_string(),
            Some(c) => match &c.label {
                Some(l) => format!("Class `{}` ({l})", c.name.value),
                None => format!("Class `{}`", c.name.value),
            },
        };
        parts.push(format!("{who}: {}", sentence(&v.explanation)));
        grounds.extend(v.grounds);
        readings.extend(v.readings.into_iter().map(|r| ReadingResult {
            reading: format!("{}, {}", who.to_lowercase(), r.reading),
            ..r
        }));
    }
    Verdict {
        comply,
        grounds,
        explanation: parts.join(" "),
        readings,
        silent: quiet,
    }
}

/// The Code's stage `n` on the track's route, or the verdict for a route without it.
fn stage_or_no<'a>(cx: &Context<'a>, n: u8) -> Result<&'a ir::Stage, Verdict> {
    cx.formal(n)
        .ok_or_else(|| match cx.route.stages.is_empty() {
            true => silent(
                Vec::new(),
                &format!(
                    "which stages a complaint on track `{}` goes through",
                    cx.track
                ),
            ),
            false => verdict(Comply::No, route_grounds(cx), no_stage(cx, n)),
        })
}

/// Why the track has no stage `n`, in the route's own terms.
fn no_stage(cx: &Context, n: u8) -> String {
    let formal = cx.route.formal_stages();
    let count = match formal.len() {
        0 => "no formal stage".to_string(),
        1 => "one stage".to_string(),
        k => format!("{k} stages"),
    };
    format!(
        "the route of track `{}` has {count} ({}), so there is no stage {n}",
        cx.track,
        route_list(cx)
    )
}

/// The route's stages in order, by title: "Early resolution, then Stage 1".
fn route_list(cx: &Context) -> String {
    cx.route
        .stages
        .iter()
        .map(|s| s.display_name())
        .collect::<Vec<_>>()
        .join(", then ")
}

/// "stage 1" / "stage 2" in messages, with the policy's own title.
fn stage_words(cx: &Context, n: u8) -> String {
    match cx.formal(n).and_then(|s| s.title.clone()) {
        Some(t) => format!("stage {n} (\"{t}\")"),
        None => format!("stage {n}"),
    }
}

/// A stage of the route in messages: "stage 1 (\"Stage 1\")", or for a step before the
/// formal stages "the early-resolution step (\"Early resolution\")".
fn any_stage_words(s: &ir::Stage) -> String {
    let title = s
        .title
        .as_ref()
        .map(|t| format!(" (\"{t}\")"))
        .unwrap_or_default();
    match s.formal_number() {
        Some(n) => format!("stage {n}{title}"),
        None => format!("the early-resolution step `{}`{title}", s.name.value),
    }
}
