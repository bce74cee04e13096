//! The Complaint Handling Code verdicts that change. Each Code is assessed on every track both
//! policies have that goes, on either side, to the Ombudsman the Code covers (with no
//! `--as-of`: the Code assumed in force, as `assess` does without one). A side on which the
//! track goes elsewhere has every provision `not-applicable`.

use super::{ReasonChange, VerdictChange};
use crate::assess::{self, codes, Comply, ProvisionResult};
use crate::ir;

/// Each provision's verdict and explanation for one side, or why the Code cannot be assessed.
fn provisions(
    p: &ir::Policy,
    code: &assess::Code,
    track: &str,
) -> Result<Vec<ProvisionResult>, String> {
    if assess::tracks_for(p, code).contains(&track) {
        return assess::assess(p, code, Some(track), None).map(|a| a.provisions);
    }
    let goes_to = p
        .ombudsman_of(track)
        .map(|o| format!("goes to the {}", codes::ombudsman_name(o)))
        .unwrap_or_else(|| "names no Ombudsman".into());
    let why = format!(
        "track `{track}` {goes_to}, so the {} does not apply",
        code.title
    );
    Ok(code
        .provisions
        .iter()
        .map(|x| ProvisionResult {
            id: x.id.clone(),
            section: x.section.clone(),
            level: x.level.clone(),
            requirement: x.requirement.clone(),
            comply: Comply::NotApplicable,
            evidence: Vec::new(),
            explanation: why.clone(),
        })
        .collect())
}

/// Two explanations that say the same words in another order (a list of exclusions written
/// in a different order) say the same thing.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        let mut v: Vec<String> = s
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| ",.;:()".contains(c)).to_string())
            .collect();
        v.sort();
        v
    };
    a == b || words(a) == words(b)
}

pub(super) fn diff(
    old: &ir::Policy,
    new: &ir::Policy,
    tracks: &[String],
) -> (Vec<VerdictChange>, Vec<ReasonChange>, Vec<String>) {
    let mut verdicts = Vec::new();
    let mut reasons = Vec::new();
    let mut notes = Vec::new();
    for id in codes::IDS {
        let code = match codes::load(id) {
            Ok(c) => c,
            Err(e) => {
                notes.push(e);
                continue;
            }
        };
        let applies: Vec<&String> = tracks
            .iter()
            .filter(|t| {
                assess::tracks_for(old, code).contains(&t.as_str())
                    || assess::tracks_for(new, code).contains(&t.as_str())
            })
            .collect();
        for track in applies {
            let (a, b) = match (provisions(old, code, track), provisions(new, code, track)) {
                (Ok(a), Ok(b)) => (a, b),
                (a, b) => {
                    for e in [a.err(), b.err()].into_iter().flatten() {
                        notes.push(format!("{id} on track `{track}` not assessed: {e}"));
                    }
                    continue;
                }
            };
            for n in &b {
                let Some(o) = a.iter().find(|o| o.id == n.id) else {
                    continue;
                };
                if o.comply != n.comply {
                    verdicts.push(VerdictChange {
                        code: code.id.clone(),
                        track: track.clone(),
                        provision: n.id.clone(),
                        section: n.section.clone(),
                        level: n.level.clone(),
                        requirement: n.requirement.clone(),
                        old: o.comply,
                        new: n.comply,
                        old_explanation: o.explanation.clone(),
                        new_explanation: n.explanation.clone(),
                    });
                } else if !same_words(&o.explanation, &n.explanation) {
                    reasons.push(ReasonChange {
                        code: code.id.clone(),
                        track: track.clone(),
                        provision: n.id.clone(),
                        comply: n.comply,
                        old_explanation: o.explanation.clone(),
                        new_explanation: n.explanation.clone(),
                    });
                }
            }
        }
    }
    (verdicts, reasons, notes)
}
