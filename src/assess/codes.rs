//! The Complaint Handling Codes and the devolved Ombudsmen's model procedures as data:
//! `data/codes/*.toml`, compiled in. Each provision says which assessment rule (if any) can
//! decide it from a policy; the rest need evidence from practice.
//!
//! This module is also the one place that says which Code applies to a track's Ombudsman (the
//! data's `applies_to`) and what each Code sets at its two stages, so that `assess` judges a
//! track against its own nation's rules and `check` quotes them, never another nation's.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ir::{Ombudsman, Vocabulary};

/// The Codes redress knows, by id, with their data. English Codes first, then the model
/// procedures of Scotland, Northern Ireland and Wales.
const DATA: [(&str, &str); 5] = [
    ("ho-2024", include_str!("../../data/codes/ho-2024.toml")),
    (
        "lgsco-2024",
        include_str!("../../data/codes/lgsco-2024.toml"),
    ),
    ("spso-mchp", include_str!("../../data/codes/spso-mchp.toml")),
    (
        "nipso-mchp",
        include_str!("../../data/codes/nipso-mchp.toml"),
    ),
    ("psow-mccp", include_str!("../../data/codes/psow-mccp.toml")),
];

/// The Codes redress knows, by id (the order of [`DATA`]).
pub const IDS: &[&str] = &[
    "ho-2024",
    "lgsco-2024",
    "spso-mchp",
    "nipso-mchp",
    "psow-mccp",
];

#[derive(Clone, Debug, Deserialize)]
struct Raw {
    code: RawMeta,
    provision: Vec<Provision>,
}

#[derive(Clone, Debug, Deserialize)]
struct RawMeta {
    id: String,
    title: String,
    in_force: toml::value::Datetime,
    applies_to: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Code {
    pub id: String,
    pub title: String,
    pub in_force: NaiveDate,
    /// The Ombudsman whose tracks this Code applies to, as the policy language writes it
    /// (`housing-ombudsman`, `lgsco`, `spso`, `nipso`, `psow`).
    pub applies_to: String,
    pub provisions: Vec<Provision>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Provision {
    pub id: String,
    pub section: String,
    pub level: String,
    pub requirement: String,
    pub checkable: String,
    pub rule: Option<String>,
    /// Where in the published text the provision is (a Part and a heading), for the model
    /// procedures, whose paragraph numbers differ between sectors: their `id` is redress's own
    /// numbering. None for the English Codes, whose `id` is the Code's own paragraph number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// V (read in a page reproducing the text), S (secondary source) or R (recalled).
    pub verified: String,
}

/// A Code by id, parsed once per process: `compare` and `site` ask for the same Codes once
/// per policy and track. The data is compiled in, so failure is a bug in the data, reported as
/// a message rather than a panic.
pub fn load(id: &str) -> Result<&'static Code, String> {
    static CACHE: [OnceLock<Result<Code, String>>; DATA.len()] =
        [const { OnceLock::new() }; DATA.len()];
    let Some((cell, (_, text))) = CACHE.iter().zip(DATA.iter()).find(|(_, (k, _))| *k == id) else {
        return Err(format!("no Code `{id}`; the Codes are {}", IDS.join(", ")));
    };
    cell.get_or_init(|| parse(id, text))
        .as_ref()
        .map_err(Clone::clone)
}

fn parse(id: &str, text: &str) -> Result<Code, String> {
    let raw: Raw =
        toml::from_str(text).map_err(|e| format!("the data for `{id}` is broken: {e}"))?;
    let in_force = NaiveDate::parse_from_str(&raw.code.in_force.to_string(), "%Y-%m-%d")
        .map_err(|e| format!("the data for `{id}` has a bad in_force date: {e}"))?;
    Ok(Code {
        id: raw.code.id,
        title: raw.code.title,
        in_force,
        applies_to: raw.code.applies_to,
        provisions: raw.provision,
    })
}

/// The Code that applies to tracks going to an Ombudsman: the one whose `applies_to` names it.
/// Every Ombudsman of the policy language has exactly one (a test holds the data to that).
pub fn for_ombudsman(o: Ombudsman) -> Result<&'static Code, String> {
    for id in IDS {
        let code = load(id)?;
        if code.applies_to == o.word() {
            return Ok(code);
        }
    }
    Err(format!("no Code applies to the {}", ombudsman_name(o)))
}

/// An Ombudsman's full name, as a Code's reader knows it.
pub fn ombudsman_name(o: Ombudsman) -> &'static str {
    match o {
        Ombudsman::Lgsco => "Local Government and Social Care Ombudsman",
        Ombudsman::HousingOmbudsman => "Housing Ombudsman",
        Ombudsman::Spso => "Scottish Public Services Ombudsman",
        Ombudsman::Nipso => "Northern Ireland Public Services Ombudsman",
        Ombudsman::Psow => "Public Services Ombudsman for Wales",
    }
}

/// The short name a citation starts with: "HO 6.2", "SPSO model procedure, Part 3, ...".
fn short_name(o: Ombudsman) -> &'static str {
    match o {
        Ombudsman::Lgsco => "LGSCO",
        Ombudsman::HousingOmbudsman => "HO",
        Ombudsman::Spso => "SPSO",
        Ombudsman::Nipso => "NIPSO",
        Ombudsman::Psow => "PSOW",
    }
}

/// A timescale a Code sets, as `check` quotes it: so many working days from a start event
/// (written as the policy language writes it: `receipt`, `escalation`, `acknowledgement`),
/// and the provision that sets it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timescale {
    pub working_days: u32,
    pub from: &'static str,
    pub provision: &'static str,
}

impl Timescale {
    /// The timescale as a policy would write it: `respond within 10 working days of
    /// acknowledgement`.
    pub fn written(&self, verb: &str) -> String {
        format!(
            "{verb} within {} working days of {}",
            self.working_days, self.from
        )
    }
}

/// What a Code says about extending a stage's response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extension {
    /// No more than so many working days; under the English Codes more is allowed with good
    /// reason, under the devolved models it is the limit.
    UpTo {
        working_days: u32,
        unless_good_reason: bool,
        provision: &'static str,
    },
    /// No fixed limit: the complainant is told the reasons and a revised date.
    Revised { provision: &'static str },
    /// The Code says nothing about extending this stage.
    Unstated,
}

/// What a Code sets at one of its two stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StageTimescales {
    /// None where the Code sets no acknowledgement (the devolved models' first stage).
    pub acknowledge: Option<Timescale>,
    pub respond: Timescale,
    pub extension: Extension,
}

/// A Code's time limit for making a complaint: so many months from the matter or from the
/// complainant becoming aware of it, with discretion for older complaints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeLimit {
    pub months: u32,
    pub provision: &'static str,
}

impl Code {
    /// The Ombudsman this Code applies to.
    pub fn ombudsman(&self) -> Option<Ombudsman> {
        Ombudsman::from_word(&self.applies_to)
    }

    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.provisions.iter().find(|p| p.id == id)
    }

    /// Whether this is a devolved Ombudsman's model procedure rather than an English Code: its
    /// ids are redress's numbering, so a reader is pointed to its Parts and headings.
    pub fn is_model_procedure(&self) -> bool {
        self.provisions.iter().any(|p| p.source.is_some())
    }

    /// How a message cites a provision: "HO 6.2"; "LGSCO 6.14 [number unverified]" for a
    /// paragraph number not yet checked against the Code's text; "SPSO model procedure, Part
    /// 3, Stage 2: Timelines" for a model procedure, whose own numbering redress does not use.
    pub fn cite(&self, id: &str) -> String {
        let short = self.ombudsman().map(short_name).unwrap_or("the Code");
        let Some(p) = self.provision(id) else {
            return format!("{short} {id}");
        };
        match &p.source {
            Some(source) => {
                let place = source.split(" (").next().unwrap_or(source);
                format!("{short} model procedure, {place}")
            }
            None if p.verified == "R" => format!("{short} {id} [number unverified]"),
            None => format!("{short} {id}"),
        }
    }

    /// The time limit for complaining the Code expects a policy to accept at least: 12 months
    /// under the English Codes (HO 2.3, LGSCO 2.2), 6 under the devolved models (SPSO 2.4,
    /// NIPSO 2.3, PSOW 2.2). The one place `acceptance-window` and `exclusions` read it;
    /// `tests/codes_data.rs` holds it to the provision's requirement.
    pub fn time_limit(&self) -> Option<TimeLimit> {
        let t = |months, provision| Some(TimeLimit { months, provision });
        match self.id.as_str() {
            "ho-2024" => t(12, "2.3"),
            "lgsco-2024" => t(12, "2.2"),
            "spso-mchp" => t(6, "2.4"),
            "nipso-mchp" => t(6, "2.3"),
            "psow-mccp" => t(6, "2.2"),
            _ => None,
        }
    }

    /// Whether the Code requires exactly two stages, so a one-stage route breaks it. The
    /// devolved models do (SPSO, NIPSO and PSOW 3.1: "two stages ... and no other"); the English
    /// Codes only forbid a step before stage 1 or a third stage, and judge a missing stage 2
    /// under their stage 2 provisions.
    pub fn requires_two_stages(&self) -> bool {
        self.is_model_procedure()
    }

    /// Whether an extension notice must give the complainant the new date: under the HO Code
    /// (6.4, and 6.15 "as at stage 1") and the devolved models (SPSO 3.4/3.10, NIPSO
    /// 3.3/3.11, PSOW 3.6); the LGSCO Code asks only for the reasons.
    pub fn extension_needs_new_date(&self) -> bool {
        self.applies_to == "housing-ombudsman" || self.is_model_procedure()
    }

    /// What the Code sets at its stage `n` (1 or 2). The figures are the provisions'
    /// (`tests/codes_data.rs` holds each to its provision's requirement); the assessment rules
    /// and the checks read them here.
    pub fn stage(&self, n: u8) -> Option<StageTimescales> {
        let t = |working_days, from, provision| Timescale {
            working_days,
            from,
            provision,
        };
        let up_to = |working_days, unless_good_reason, provision| Extension::UpTo {
            working_days,
            unless_good_reason,
            provision,
        };
        let s = |acknowledge, respond, extension| {
            Some(StageTimescales {
                acknowledge,
                respond,
                extension,
            })
        };
        match (self.id.as_str(), n) {
            ("ho-2024", 1) => s(
                Some(t(5, "receipt", "6.2")),
                t(10, "acknowledgement", "6.3"),
                up_to(10, true, "6.4"),
            ),
            ("ho-2024", 2) => s(
                Some(t(5, "escalation", "6.11")),
                t(20, "acknowledgement", "6.14"),
                up_to(20, true, "6.15"),
            ),
            ("lgsco-2024", 1) => s(
                Some(t(5, "receipt", "6.2")),
                t(10, "acknowledgement", "6.3"),
                up_to(10, true, "6.4"),
            ),
            ("lgsco-2024", 2) => s(
                Some(t(5, "escalation", "6.10")),
                t(20, "acknowledgement", "6.13"),
                up_to(20, true, "6.14"),
            ),
            ("spso-mchp", 1) => s(None, t(5, "receipt", "3.3"), up_to(5, false, "3.4")),
            ("spso-mchp", 2) => s(
                Some(t(3, "escalation", "3.7")),
                t(20, "escalation", "3.9"),
                Extension::Revised { provision: "3.10" },
            ),
            ("nipso-mchp", 1) => s(None, t(5, "receipt", "3.2"), up_to(5, false, "3.3")),
            ("nipso-mchp", 2) => s(
                Some(t(3, "escalation", "3.8")),
                t(20, "escalation", "3.10"),
                Extension::Revised { provision: "3.11" },
            ),
            ("psow-mccp", 1) => s(None, t(10, "receipt", "3.2"), Extension::Unstated),
            ("psow-mccp", 2) => s(
                Some(t(5, "escalation", "3.4")),
                t(20, "escalation", "3.5"),
                Extension::Revised { provision: "3.6" },
            ),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]

    use super::*;

    fn code(id: &str) -> &'static Code {
        load(id).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn ids_and_data_agree() {
        let data: Vec<&str> = DATA.iter().map(|(id, _)| *id).collect();
        assert_eq!(data, IDS);
        for id in IDS {
            assert_eq!(code(id).id, *id, "the data for `{id}` names another id");
        }
        assert!(load("ho-2020").is_err());
    }

    #[test]
    fn every_ombudsman_has_its_own_code() {
        // One Code per Ombudsman: the mapping used by `assess` and `check`.
        let expect = [
            (Ombudsman::HousingOmbudsman, "ho-2024"),
            (Ombudsman::Lgsco, "lgsco-2024"),
            (Ombudsman::Spso, "spso-mchp"),
            (Ombudsman::Nipso, "nipso-mchp"),
            (Ombudsman::Psow, "psow-mccp"),
        ];
        for (o, id) in expect {
            let c = for_ombudsman(o).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(c.id, id);
            assert_eq!(c.ombudsman(), Some(o));
            let others = IDS
                .iter()
                .filter(|i| code(i).applies_to == o.word())
                .count();
            assert_eq!(others, 1, "{o}: more than one Code");
        }
    }

    #[test]
    fn citations_name_the_codes_own_place() {
        let ho = code("ho-2024");
        assert_eq!(ho.cite("6.2"), "HO 6.2");
        assert!(!ho.is_model_procedure());
        let lg = code("lgsco-2024");
        assert_eq!(lg.cite("6.3"), "LGSCO 6.3");
        // 6.14's number was recalled, not read in the Code (see data/codes/lgsco-2024.toml).
        assert_eq!(lg.cite("6.14"), "LGSCO 6.14 [number unverified]");
        let spso = code("spso-mchp");
        assert!(spso.is_model_procedure());
        assert_eq!(
            spso.cite("3.7"),
            "SPSO model procedure, Part 3, Stage 2: Acknowledging the complaint"
        );
    }

    #[test]
    fn stage_figures() {
        let spso = code("spso-mchp").stage(1);
        assert_eq!(spso.and_then(|s| s.acknowledge), None);
        assert_eq!(
            code("spso-mchp")
                .stage(2)
                .map(|s| s.respond.written("respond")),
            Some("respond within 20 working days of escalation".to_string())
        );
        assert_eq!(code("ho-2024").stage(3), None);
    }
}
