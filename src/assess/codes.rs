//! The Complaint Handling Codes as data: `data/codes/*.toml`, compiled in. Each provision says
//! which assessment rule (if any) can decide it from a policy; the rest need evidence from
//! practice.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

const HO_2024: &str = include_str!("../../data/codes/ho-2024.toml");
const LGSCO_2024: &str = include_str!("../../data/codes/lgsco-2024.toml");

/// The Codes redress knows, by id.
pub const IDS: &[&str] = &["ho-2024", "lgsco-2024"];

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
    /// The Ombudsman whose tracks this Code applies to (`housing-ombudsman` or `lgsco`).
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
    pub verified: String,
}

/// A Code by id, parsed once per process: `compare` and `site` ask for the same Codes once
/// per policy and track. The data is compiled in, so failure is a bug in the data, reported as
/// a message rather than a panic.
pub fn load(id: &str) -> Result<&'static Code, String> {
    static HO: OnceLock<Result<Code, String>> = OnceLock::new();
    static LGSCO: OnceLock<Result<Code, String>> = OnceLock::new();
    let cell = match id {
        "ho-2024" => &HO,
        "lgsco-2024" => &LGSCO,
        other => {
            return Err(format!(
                "no Code `{other}`; the Codes are {}",
                IDS.join(", ")
            ))
        }
    };
    cell.get_or_init(|| parse(id))
        .as_ref()
        .map_err(Clone::clone)
}

fn parse(id: &str) -> Result<Code, String> {
    let text = match id {
        "ho-2024" => HO_2024,
        "lgsco-2024" => LGSCO_2024,
        other => {
            return Err(format!(
                "no Code `{other}`; the Codes are {}",
                IDS.join(", ")
            ))
        }
    };
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

/// An Ombudsman's full name, as a Code's reader knows it.
pub fn ombudsman_name(o: crate::ir::Ombudsman) -> &'static str {
    use crate::ir::Ombudsman;
    match o {
        Ombudsman::Lgsco => "Local Government and Social Care Ombudsman",
        Ombudsman::HousingOmbudsman => "Housing Ombudsman",
        Ombudsman::Spso => "Scottish Public Services Ombudsman",
        Ombudsman::Nipso => "Northern Ireland Public Services Ombudsman",
        Ombudsman::Psow => "Public Services Ombudsman for Wales",
    }
}
