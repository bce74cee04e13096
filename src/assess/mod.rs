//! Stage 5: a Complaint Handling Code self-assessment. For every provision of a Code, whether
//! the policy complies, the policy's own citations as evidence, and an explanation with the
//! numbers compared. Reads only the IR and the Code data. A provision the policy text cannot
//! decide (practice, publication) is `evidence-needed`, never a guess.
//!
//! Three rules hold for every provision (docs/assessment.md says why):
//! - a track is read through its own route and its own rules only ([`ir::select`],
//!   [`ir::Policy::route`]): nothing stated for another track is evidence for it;
//! - a policy that says nothing of what a provision asks gets `evidence-needed`, "the policy
//!   does not say ...", whichever the provision ([`rules`]);
//! - a timescale that leaves its start or unit open is judged on each reading, `partial` only
//!   when the readings disagree ([`readings`]).
//!
//! Every verdict carries its [`Provenance`]: the statements read, the track, the readings.

pub mod codes;
pub mod provenance;
mod readings;
mod rules;

pub use provenance::{Provenance, ReadingResult, Statement};
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
    /// How far the verdict is from compliance, for taking the worst (or best) of several:
    /// `no`, then `partial`, then `evidence-needed`, then `yes`.
    pub(crate) fn severity(self) -> u8 {
        match self {
            Comply::No => 4,
            Comply::Partial => 3,
            Comply::EvidenceNeeded => 2,
            Comply::Yes => 1,
            Comply::NotApplicable => 0,
        }
    }

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

/// What a rule decides for one provision, with what it rests on.
#[derive(Clone, Debug)]
pub struct Verdict {
    pub comply: Comply,
    /// The statements read, each with its citations.
    pub grounds: Vec<provenance::Ground>,
    pub explanation: String,
    /// Each reading of a timescale the policy leaves open, with its verdict.
    pub readings: Vec<ReadingResult>,
    /// The verdict rests on the policy saying nothing of the kind (no timescale, no
    /// exclusions): an `unencoded` rule near it may be the missing rule.
    pub silent: bool,
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

/// A self-assessment. Serialised with each provision's [`Provenance`] inside the provision
/// (see [`provenance`]).
#[derive(Clone, Debug)]
pub struct Assessment {
    pub code: String,
    pub code_title: String,
    pub policy: String,
    /// The track assessed; none when the Code applies to no track of the policy.
    pub track: Option<String>,
    pub as_of: Option<NaiveDate>,
    pub provisions: Vec<ProvisionResult>,
    pub summary: Summary,
    /// The rules of the policy's source, for this track, that redress could not encode: listed
    /// so that a reader checks them by hand.
    pub unencoded: Vec<Unencoded>,
    /// What each provision's verdict rests on, in the order of `provisions`.
    pub provenance: Vec<Provenance>,
}

/// A rule of the source the policy records as `unencoded`, with where it is stated.
#[derive(Clone, Debug, Serialize)]
pub struct Unencoded {
    /// "the policy as a whole", "stage `one` (Stage 1)", "the escalation from stage `one` to
    /// stage `two`".
    pub place: String,
    /// The rule in the policy author's words.
    pub text: String,
    pub evidence: Vec<Evidence>,
}

/// What the rules see: the policy read for one track, through that track's route. The Codes'
/// "stage 1" and "stage 2" are the stages whose roles are `stage-1` and `stage-2` on this
/// route, never positions in the file: an early-resolution step before them is not stage 1.
pub struct Context<'a> {
    pub policy: &'a ir::Policy,
    pub track: &'a str,
    pub code: &'a Code,
    /// The stages a complaint on this track passes through, in order.
    pub route: ir::Route<'a>,
}

impl<'a> Context<'a> {
    /// The Codes' stage `n` (1 or 2): the route's stage with role `stage-n`.
    pub fn formal(&self, n: u8) -> Option<&'a ir::Stage> {
        self.route.formal(n)
    }

    /// The escalation into the Codes' stage `n` on this route (from the stage before it).
    pub fn escalation_into(&self, n: u8) -> Option<&'a ir::Escalation> {
        let to = self.formal(n)?;
        self.route.escalation_into(self.policy, &to.name.value)
    }

    pub fn is_housing(&self) -> bool {
        self.code.applies_to == "housing-ombudsman"
    }
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

/// The Ombudsmen of Scotland, Northern Ireland and Wales: neither English Code covers a track
/// that goes to one of them, so such a track is not applicable rather than a usage error.
fn outside_england(o: ir::Ombudsman) -> bool {
    matches!(
        o,
        ir::Ombudsman::Spso | ir::Ombudsman::Nipso | ir::Ombudsman::Psow
    )
}

/// "this Code does not cover the Scottish Public Services Ombudsman", when every declared
/// track goes to an Ombudsman outside England (none when a track goes to no Ombudsman).
fn not_covered(policy: &ir::Policy, tracks: &[&str]) -> Option<String> {
    let mut names: Vec<&str> = Vec::new();
    for t in tracks {
        let o = policy.ombudsman_of(t).filter(|o| outside_england(*o))?;
        let name = codes::ombudsman_name(o);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    (!names.is_empty()).then(|| format!("this Code does not cover the {}", names.join(" or the ")))
}

/// The rules of the source the policy could not encode that bear on a case on the route's
/// track: those of the policy itself, of the stages on the route and of the escalations
/// between them, each limited to the track or to none.
pub fn unencoded<'a>(
    policy: &'a ir::Policy,
    route: &ir::Route<'a>,
) -> Vec<(Place<'a>, &'a ir::Rule<String>)> {
    let t = route.track.as_str();
    let mut out: Vec<(Place, &ir::Rule<String>)> = policy
        .unencoded
        .iter()
        .filter(|r| r.applies_to(t))
        .map(|r| (Place::Policy, r))
        .collect();
    for s in &route.stages {
        if let Some(e) = route.escalation_into(policy, &s.name.value) {
            out.extend(
                e.unencoded
                    .iter()
                    .filter(|r| r.applies_to(t))
                    .map(|r| (Place::Escalation(e), r)),
            );
        }
        out.extend(
            s.unencoded
                .iter()
                .filter(|r| r.applies_to(t))
                .map(|r| (Place::Stage(s), r)),
        );
    }
    out
}

/// Where an unencoded rule is stated.
#[derive(Clone, Copy, Debug)]
pub enum Place<'a> {
    Policy,
    Stage(&'a ir::Stage),
    Escalation(&'a ir::Escalation),
}

impl Place<'_> {
    /// "the policy as a whole", "stage `one` (Stage 1)", "the escalation from stage `one` to
    /// stage `two`".
    pub fn describe(&self) -> String {
        match self {
            Place::Policy => "the policy as a whole".into(),
            Place::Stage(s) => match &s.title {
                Some(t) => format!("stage `{}` ({t})", s.name.value),
                None => format!("stage `{}`", s.name.value),
            },
            Place::Escalation(e) => format!(
                "the escalation from stage `{}` to stage `{}`",
                e.from.value, e.to.value
            ),
        }
    }
}

/// A provision's result and its provenance, for the track assessed.
fn result(p: &Provision, v: Verdict, track: Option<&str>) -> (ProvisionResult, Provenance) {
    let provenance = Provenance {
        track: track.map(str::to_string),
        statements: provenance::statements(&v.grounds),
        readings: v.readings,
    };
    let r = ProvisionResult {
        id: p.id.clone(),
        section: p.section.clone(),
        level: p.level.clone(),
        requirement: p.requirement.clone(),
        comply: v.comply,
        evidence: provenance::evidence(&v.grounds),
        explanation: v.explanation,
    };
    (r, provenance)
}

/// Assess `policy` against `code` for one track. `track` may be omitted when the Code applies to
/// exactly one track of the policy (or to none: then every provision is not applicable). A
/// track that goes to the Ombudsman of Scotland, Northern Ireland or Wales is not applicable:
/// neither English Code covers it.
pub fn assess(
    policy: &ir::Policy,
    code: &Code,
    track: Option<&str>,
    as_of: Option<NaiveDate>,
) -> Result<Assessment, String> {
    let applicable = tracks_for(policy, code);
    // The track assessed, and why the Code does not apply to it (if it does not).
    let (track, outside): (Option<&str>, Option<String>) = match track {
        Some(t) => {
            if policy.tracks.iter().all(|x| x.value.name.value != t) {
                return Err(format!(
                    "the policy has no track `{t}` (it has: {})",
                    policy.track_names().join(", ")
                ));
            }
            if applicable.contains(&t) {
                (Some(t), None)
            } else if let Some(why) = not_covered(policy, &[t]) {
                (Some(t), Some(why))
            } else {
                return Err(format!(
                    "track `{t}` does not go to the {} route that {} covers; the tracks it covers here: {}",
                    code.applies_to,
                    code.id,
                    if applicable.is_empty() { "none".to_string() } else { applicable.join(", ") }
                ));
            }
        }
        None => match applicable.as_slice() {
            [] => (None, not_covered(policy, &policy.track_names())),
            [one] => (Some(*one), None),
            many => {
                return Err(format!(
                    "{} applies to several tracks of this policy ({}); choose one with --track",
                    code.id,
                    many.join(", ")
                ))
            }
        },
    };
    let not_applicable = |why: String| -> Vec<(ProvisionResult, Provenance)> {
        code.provisions
            .iter()
            .map(|p| {
                result(
                    p,
                    Verdict {
                        comply: Comply::NotApplicable,
                        grounds: Vec::new(),
                        explanation: why.clone(),
                        readings: Vec::new(),
                        silent: false,
                    },
                    track,
                )
            })
            .collect()
    };
    let mut unencoded_rules = Vec::new();
    let judged = match (track, as_of, outside) {
        (_, Some(d), _) if d < code.in_force => not_applicable(format!(
            "the {} applies from {}; the assessment date is {d}",
            code.title, code.in_force
        )),
        (_, _, Some(why)) => not_applicable(why),
        (None, _, None) => not_applicable(format!(
            "no track of this policy goes to the {}, so the {} does not apply to it",
            code.ombudsman().map_or_else(
                || code.applies_to.clone(),
                |o| codes::ombudsman_name(o).to_string()
            ),
            code.title
        )),
        (Some(t), _, None) => {
            let cx = Context {
                policy,
                track: t,
                code,
                route: policy.route(t),
            };
            let gaps = unencoded(policy, &cx.route);
            unencoded_rules = gaps
                .iter()
                .map(|(place, r)| Unencoded {
                    place: place.describe(),
                    text: r.value.clone(),
                    evidence: provenance::cites(r),
                })
                .collect();
            code.provisions
                .iter()
                .map(|p| result(p, rules::decide(p, &cx, &gaps), Some(t)))
                .collect()
        }
    };
    let (provisions, provenance): (Vec<ProvisionResult>, Vec<Provenance>) =
        judged.into_iter().unzip();
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
        unencoded: unencoded_rules,
        provenance,
    })
}
