//! Provenance: what each verdict rests on, so that a council (or the Ombudsman) can check it
//! against the policy without re-running redress. Three things: the statements of the policy
//! the verdict reads (where each is written, what it is limited to, the clauses it cites), the
//! track whose route and rules were read, and, where the policy leaves a timescale's start or
//! unit unstated, each reading with its own verdict.
//!
//! Kept beside [`super::ProvisionResult`] rather than in it, and joined to each provision only
//! when the assessment is serialised: the JSON gains a `provenance` object per provision, and
//! code that builds a `ProvisionResult` by hand keeps compiling.

use serde::ser::SerializeMap;
use serde::Serialize;

use super::{Assessment, Comply, Evidence, ProvisionResult};
use crate::ir;
use crate::span::Span;

/// A statement of the policy a verdict rests on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// Where the statement is written in the policy file.
    pub span: Span,
    /// The track the statement is limited to (its `for`); none: every track.
    #[serde(rename = "for")]
    pub track: Option<String>,
    /// The class it is limited to (its `when`); none: every case.
    #[serde(rename = "when")]
    pub class: Option<String>,
    /// The clauses of the source its citations quote.
    pub clauses: Vec<String>,
}

/// One statement with its citations: what a rule hands to a verdict.
#[derive(Clone, Debug)]
pub struct Ground {
    pub statement: Statement,
    pub evidence: Vec<Evidence>,
}

/// A statement and its citations, for a verdict that rests on it.
pub fn ground<T>(r: &ir::Rule<T>) -> Ground {
    let evidence = cites(r);
    let mut clauses: Vec<String> = Vec::new();
    for e in &evidence {
        if !clauses.contains(&e.clause) {
            clauses.push(e.clause.clone());
        }
    }
    Ground {
        statement: Statement {
            span: r.span,
            track: r.track.as_ref().map(|t| t.value.clone()),
            class: r.class.as_ref().map(|c| c.value.clone()),
            clauses,
        },
        evidence,
    }
}

/// The policy's citations for a rule.
pub fn cites<T>(r: &ir::Rule<T>) -> Vec<Evidence> {
    r.cites
        .iter()
        .map(|c| Evidence {
            clause: match &c.document {
                Some(d) => format!("{} ({})", c.clause.value, d.value),
                None => c.clause.value.clone(),
            },
            phrase: c.phrase.value.clone(),
        })
        .collect()
}

/// One way of reading a timescale the policy leaves open (no start event, or "days" with no
/// unit), and what the provision's verdict is on that reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ReadingResult {
    /// "counted from receipt", "counted from the acknowledgement, \"10 days\" as calendar days"
    pub reading: String,
    /// Whether this is the reading redress's deadlines use (the schedule core's: a window with
    /// no start event counts from the stage's own start, a bare "days" is working days).
    pub schedule: bool,
    pub comply: Comply,
    pub explanation: String,
}

/// What one provision's verdict rests on.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Provenance {
    /// The track whose route and rules were read; none when no track was assessed.
    pub track: Option<String>,
    /// The statements read, in the order the verdict uses them.
    pub statements: Vec<Statement>,
    /// Each reading of a timescale the policy leaves open, with its verdict; empty when the
    /// policy states the start and the unit of every timescale the verdict reads.
    pub readings: Vec<ReadingResult>,
}

/// The statements of some grounds, each once, in order.
pub fn statements(grounds: &[Ground]) -> Vec<Statement> {
    let mut out: Vec<Statement> = Vec::new();
    for g in grounds {
        if !out.contains(&g.statement) {
            out.push(g.statement.clone());
        }
    }
    out
}

/// The citations of some grounds, each once, in order.
pub fn evidence(grounds: &[Ground]) -> Vec<Evidence> {
    let mut out: Vec<Evidence> = Vec::new();
    for e in grounds.iter().flat_map(|g| &g.evidence) {
        if !out.contains(e) {
            out.push(e.clone());
        }
    }
    out
}

/// A provision as serialised: its result with its provenance beside the other fields.
struct WithProvenance<'a> {
    result: &'a ProvisionResult,
    provenance: Option<&'a Provenance>,
}

impl Serialize for WithProvenance<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.result;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("id", &r.id)?;
        m.serialize_entry("section", &r.section)?;
        m.serialize_entry("level", &r.level)?;
        m.serialize_entry("requirement", &r.requirement)?;
        m.serialize_entry("comply", &r.comply)?;
        m.serialize_entry("evidence", &r.evidence)?;
        m.serialize_entry("explanation", &r.explanation)?;
        if let Some(p) = self.provenance {
            m.serialize_entry("provenance", p)?;
        }
        m.end()
    }
}

/// The assessment as serialised: every field of [`Assessment`], with each provision's
/// provenance inside the provision.
impl Serialize for Assessment {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let provisions: Vec<WithProvenance> = self
            .provisions
            .iter()
            .enumerate()
            .map(|(i, result)| WithProvenance {
                result,
                provenance: self.provenance.get(i),
            })
            .collect();
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("code", &self.code)?;
        m.serialize_entry("code_title", &self.code_title)?;
        m.serialize_entry("policy", &self.policy)?;
        m.serialize_entry("track", &self.track)?;
        m.serialize_entry("as_of", &self.as_of)?;
        m.serialize_entry("provisions", &provisions)?;
        m.serialize_entry("summary", &self.summary)?;
        m.serialize_entry("unencoded", &self.unencoded)?;
        m.end()
    }
}
