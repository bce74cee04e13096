//! Stage 5: a Complaint Handling Code self-assessment. For every provision of a Code, whether
//! the policy complies, the policy's own citations as evidence, and an explanation with the
//! numbers compared. Reads only the IR and the Code data. A provision the policy text cannot
//! decide (practice, publication) is `evidence-needed`, never a guess.

pub mod codes;
mod rules;

pub use rules::RULES;

use chrono::NaiveDate;
use serde::Serialize;

use crate::ir::{self, Vocabulary};
pub use codes::{Code, Provision};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comply {
    Yes,
    No,
    Partial,
    EvidenceNeeded,
    NotApplicable,
}

impl Comply {
    pub fn word(self) -> &'static str {
        match self {
            Comply::Yes => "yes",
            Comply::No => "no",
            Comply::Partial => "partial",
            Comply::EvidenceNeeded => "evidence-needed",
            Comply::NotApplicable => "not-applicable",
        }
    }
}

/// A citation from the policy that a verdict rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub clause: String,
    pub phrase: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Verdict {
    pub comply: Comply,
    pub evidence: Vec<Evidence>,
    pub explanation: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ProvisionResult {
    pub id: String,
    pub section: String,
    pub level: String,
    pub requirement: String,
    pub comply: Comply,
    pub evidence: Vec<Evidence>,
    pub explanation: String,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub yes: usize,
    pub no: usize,
    pub partial: usize,
    #[serde(rename = "evidence-needed")]
    pub evidence_needed: usize,
    #[serde(rename = "not-applicable")]
    pub not_applicable: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Assessment {
    pub code: String,
    pub code_title: String,
    pub policy: String,
    /// The track assessed; none when the Code applies to no track of the policy.
    pub track: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub provisions: Vec<ProvisionResult>,
    pub summary: Summary,
}

/// What the rules see: the policy read for one track, with its stages in the order a complaint
/// passes through them.
pub struct Context<'a> {
    pub policy: &'a ir::Policy,
    pub track: &'a str,
    pub code: &'a Code,
    /// The stages a complaint on this track passes through: the first stage, then each stage
    /// escalated to.
    pub path: Vec<&'a ir::Stage>,
}

impl<'a> Context<'a> {
    pub fn stage(&self, n: usize) -> Option<&'a ir::Stage> {
        self.path.get(n).copied()
    }

    /// The escalation out of stage `n` (0-based).
    pub fn escalation(&self, n: usize) -> Option<&'a ir::Escalation> {
        let from = self.stage(n)?;
        self.policy
            .escalations
            .iter()
            .find(|e| e.from.value == from.name.value)
    }

    pub fn is_housing(&self) -> bool {
        self.code.applies_to == "housing-ombudsman"
    }
}

fn path(policy: &ir::Policy) -> Vec<&ir::Stage> {
    let mut out: Vec<&ir::Stage> = Vec::new();
    let mut current = policy.stages.first();
    while let Some(s) = current {
        if out.iter().any(|x| x.name.value == s.name.value) {
            break; // a cycle; the checks report it
        }
        out.push(s);
        current = policy
            .escalations
            .iter()
            .find(|e| e.from.value == s.name.value)
            .and_then(|e| policy.stage(&e.to.value));
    }
    out
}

/// Which of the policy's tracks a Code applies to.
pub fn tracks_for<'a>(policy: &'a ir::Policy, code: &Code) -> Vec<&'a str> {
    policy
        .tracks
        .iter()
        .filter(|t| {
            t.value
                .ombudsman
                .as_ref()
                .is_some_and(|o| o.value.word() == code.applies_to)
        })
        .map(|t| t.value.name.value.as_str())
        .collect()
}

fn result(p: &Provision, v: Verdict) -> ProvisionResult {
    ProvisionResult {
        id: p.id.clone(),
        section: p.section.clone(),
        level: p.level.clone(),
        requirement: p.requirement.clone(),
        comply: v.comply,
        evidence: v.evidence,
        explanation: v.explanation,
    }
}

/// Assess `policy` against `code` for one track. `track` may be omitted when the Code applies to
/// exactly one track of the policy (or to none: then every provision is not applicable).
pub fn assess(
    policy: &ir::Policy,
    code: &Code,
    track: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<Assessment, String> {
    let applicable = tracks_for(policy, code);
    let track: Option<&str> = match track {
        Some(t) => {
            if policy.tracks.iter().all(|x| x.value.name.value != t) {
                return Err(format!(
                    "the policy has no track `{t}` (it has: {})",
                    policy.track_names().join(", ")
                ));
            }
            if !applicable.contains(&t) {
                return Err(format!(
                    "track `{t}` does not go to the {} route that {} covers; the tracks it covers here: {}",
                    code.applies_to,
                    code.id,
                    if applicable.is_empty() { "none".to_string() } else { applicable.join(", ") }
                ));
            }
            Some(t)
        }
        None => match applicable.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => {
                return Err(format!(
                    "{} applies to several tracks of this policy ({}); choose one with --track",
                    code.id,
                    many.join(", ")
                ))
            }
        },
    };
    let not_applicable = |why: String| -> Vec<ProvisionResult> {
        code.provisions
            .iter()
            .map(|p| {
                result(
                    p,
                    Verdict {
                        comply: Comply::NotApplicable,
                        evidence: Vec::new(),
                        explanation: why.clone(),
                    },
                )
            })
            .collect()
    };
    let provisions = match (track, as_of) {
        (_, Some(d)) if d < code.in_force => not_applicable(format!(
            "the {} applies from {}; the assessment date is {d}",
            code.title, code.in_force
        )),
        (None, _) => not_applicable(format!(
            "no track of this policy goes to the {}, so the {} does not apply to it",
            match code.applies_to.as_str() {
                "housing-ombudsman" => "Housing Ombudsman",
                _ => "Local Government and Social Care Ombudsman",
            },
            code.title
        )),
        (Some(t), _) => {
            let cx = Context {
                policy,
                track: t,
                code,
                path: path(policy),
            };
            code.provisions
                .iter()
                .map(|p| result(p, rules::decide(p, &cx)))
                .collect()
        }
    };
    let mut summary = Summary::default();
    for p in &provisions {
        match p.comply {
            Comply::Yes => summary.yes += 1,
            Comply::No => summary.no += 1,
            Comply::Partial => summary.partial += 1,
            Comply::EvidenceNeeded => summary.evidence_needed += 1,
            Comply::NotApplicable => summary.not_applicable += 1,
        }
    }
    Ok(Assessment {
        code: code.id.clone(),
        code_title: code.title.clone(),
        policy: policy.name.value.clone(),
        track: track.map(str::to_string),
        as_of,
        provisions,
        summary,
    })
}
