//! The rules that decide provisions from a policy. Each provision in the Code data names its
//! rule; provisions without one need evidence from practice or publication.

mod content;
mod exclusions;
mod structure;
mod timescales;

use super::{Comply, Context, Evidence, Provision, Verdict};
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

pub fn decide(p: &Provision, cx: &Context) -> Verdict {
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
            _ => "redress's policy language does not record this; check the policy text and template letters",
        });
    };
    let stage_n = if p.section.to_lowercase().contains("stage 2") {
        1
    } else {
        0
    };
    match rule {
        "stage-count" => structure::stage_count(cx),
        "stage2-final" => structure::stage2_final(cx),
        "different-handler" => structure::different_handler(cx),
        "independence" => structure::independence(cx),
        "ombudsman-route" => structure::ombudsman_route(cx),
        "s1-ack" => timescales::acknowledgement(cx, 0),
        "s2-ack" => timescales::acknowledgement(cx, 1),
        "s1-response" => timescales::response(cx, 0),
        "s2-response" => timescales::response(cx, 1),
        "s1-extension" => timescales::extension(cx, 0),
        "s2-extension" => timescales::extension(cx, 1),
        "extension-ombudsman" => timescales::extension_ombudsman(cx, stage_n),
        "update-when-late" => timescales::update_when_late(cx),
        "acceptance-window" => exclusions::acceptance_window(cx),
        "exclusions" => exclusions::exclusions(cx),
        "escalation-refusal" => exclusions::escalation_refusal(cx),
        "escalation-reasons" => exclusions::escalation_reasons(cx),
        "ack-content" => content::acknowledgement(cx, &p.id),
        "s1-response-content" => content::response(cx, 0),
        "s2-response-content" => content::response(cx, 1),
        other => needed(&format!(
            "redress has no assessment named `{other}`; this provision needs evidence"
        )),
    }
}

fn verdict(comply: Comply, evidence: Vec<Evidence>, explanation: String) -> Verdict {
    Verdict {
        comply,
        evidence,
        explanation,
    }
}

fn needed(why: &str) -> Verdict {
    verdict(Comply::EvidenceNeeded, Vec::new(), why.to_string())
}

/// The policy's citations for a rule: the evidence a verdict rests on.
fn cites<T>(r: &ir::Rule<T>) -> Vec<Evidence> {
    r.cites
        .iter()
        .map(|c| Evidence {
            clause: c.clause.value.clone(),
            phrase: c.phrase.value.clone(),
        })
        .collect()
}

fn rule_for<'a, T>(rules: &'a [ir::Rule<T>], cx: &Context) -> Option<&'a ir::Rule<T>> {
    ir::rule_for(rules, Some(cx.track))
}

/// Stage `n` of the complaint's path, or the verdict for a policy without it.
fn stage_or_no<'a>(cx: &Context<'a>, n: usize) -> Result<&'a ir::Stage, Verdict> {
    cx.stage(n).ok_or_else(|| {
        verdict(
            Comply::No,
            Vec::new(),
            format!("the policy has no {}", stage_words(cx, n)),
        )
    })
}

/// The one timescale of a plain window, or the verdict for a combined one (`later of ...`),
/// which the rules do not compare.
fn single_term<'a>(rule: &'a ir::Rule<ir::Window>, what: &str) -> Result<&'a ir::Term, Verdict> {
    let w = &rule.value;
    w.terms
        .first()
        .filter(|_| w.combine == ir::Combine::Single)
        .ok_or_else(|| {
            verdict(
                Comply::Partial,
                cites(rule),
                format!("the {what} combines several timescales; compare it by hand"),
            )
        })
}

/// "stage 1" / "stage 2" in messages, with the policy's own title.
fn stage_words(cx: &Context, n: usize) -> String {
    match cx.stage(n).and_then(|s| s.title.clone()) {
        Some(t) => format!("stage {} (\"{t}\")", n + 1),
        None => format!("stage {}", n + 1),
    }
}
