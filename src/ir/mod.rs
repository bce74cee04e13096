//! The typed model of one council's policy: what every later stage (check, simulate, assess,
//! compare) reads. Vocabulary words are enums, numbers are numbers, dates are dates; names of
//! stages and tracks stay as written (with spans) so that checks can report the ones that do
//! not resolve. Everything is serde-serialisable: `redress ir FILE --format json` prints it.

pub mod vocab;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::span::{Span, Spanned};
pub use vocab::*;

pub type Name = Spanned<String>;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Policy {
    pub name: Name,
    pub source: Option<Rule<String>>,
    pub version: Option<Rule<String>>,
    pub reviewed: Option<Rule<NaiveDate>>,
    pub calendar: Calendar,
    pub tracks: Vec<Rule<Track>>,
    pub acceptance: Vec<Rule<Window>>,
    pub exclusions: Vec<Rule<Exclusion>>,
    pub stages: Vec<Stage>,
    pub escalations: Vec<Escalation>,
    pub ombudsman_waits: Vec<Rule<OmbudsmanWait>>,
    pub span: Span,
}

/// A stated rule: its content, the track it is limited to (none = every track), the
/// citations that justify it, and where it was written.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rule<T> {
    pub value: T,
    pub track: Option<Name>,
    pub cites: Vec<Citation>,
    pub span: Span,
}

impl<T> Rule<T> {
    /// Does this rule apply to `track`? A rule with no `for` applies to every track.
    pub fn applies_to(&self, track: &str) -> bool {
        self.track.as_ref().is_none_or(|t| t.value == track)
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Citation {
    pub clause: Name,
    pub phrase: Name,
    pub span: Span,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Calendar {
    pub region: Option<Rule<Region>>,
    /// First and last working day of the week (default Monday to Friday).
    pub week: Option<Rule<(Weekday, Weekday)>>,
    /// Office hours: open at `.0`, closed from `.1` (not inclusive).
    pub hours: Option<Rule<(NaiveTime, NaiveTime)>>,
    pub out_of_hours: Option<Rule<OutOfHours>>,
    /// What the source means by a bare "days", when it says so.
    pub plain_days: Option<Rule<Unit>>,
    pub closures: Vec<Rule<Closure>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Closure {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Track {
    pub name: Name,
    pub label: Option<String>,
    pub ombudsman: Option<Spanned<Ombudsman>>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Exclusion {
    pub kind: Spanned<ExclusionKind>,
    pub label: Option<String>,
    pub refer: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Stage {
    pub name: Name,
    pub title: Option<String>,
    pub acknowledge: Vec<Rule<Window>>,
    pub respond: Vec<Rule<Window>>,
    pub extensions: Vec<Rule<Extension>>,
    pub pauses: Vec<Rule<PauseReason>>,
    pub handler: Option<Rule<Handler>>,
    pub letters: Vec<Rule<Letter>>,
    pub skippable: Vec<Rule<()>>,
    pub ends_early: Vec<Rule<()>>,
    pub span: Span,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Extension {
    pub limit: ExtensionLimit,
    /// "no more than N without good reason": a longer extension is possible with one.
    pub more_with_good_reason: bool,
    /// "a single extension"
    pub once: bool,
    /// agreed with the complainant
    pub by_agreement: bool,
    pub tell: Vec<Notice>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum ExtensionLimit {
    UpTo {
        duration: Duration,
    },
    WithoutLimit,
    /// The source allows an extension but gives no limit and does not say there is none.
    Unstated,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Handler {
    pub role: Option<String>,
    pub duties: Vec<HandlerDuty>,
    /// not the person the complaint is about
    pub not_subject: bool,
    /// senior to the person the complaint is about
    pub senior_to_subject: bool,
    /// a different person from the handler of these stages
    pub not_same_as: Vec<Name>,
    /// senior to the handler of these stages
    pub senior_to: Vec<Name>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Letter {
    pub letter: LetterKind,
    pub items: Vec<ContentItem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LetterKind {
    Acknowledgement,
    Response,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Escalation {
    pub from: Name,
    pub to: Name,
    pub windows: Vec<Rule<Window>>,
    pub reasons: Option<Rule<Reasons>>,
    pub refuse: Vec<Rule<Vec<RefusalGround>>>,
    /// New issues raised with the request start a fresh complaint at this stage.
    pub new_issues_start: Option<Rule<Name>>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalGround {
    /// any ground on which a complaint would not be accepted
    Excluded,
    Kind(ExclusionKind),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OmbudsmanWait {
    pub duration: Duration,
    pub after: Spanned<Event>,
    pub ombudsman: Spanned<Ombudsman>,
}

/// A time window: one term, or the later / earlier of several.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Window {
    pub combine: Combine,
    pub terms: Vec<Term>,
    /// The council may accept or act outside the window with good reason.
    pub discretion: bool,
    pub span: Span,
}

impl Window {
    /// The single term of a plain window (the first of a combined one).
    pub fn first(&self) -> Option<&Term> {
        self.terms.first()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Combine {
    Single,
    Later,
    Earlier,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Term {
    pub duration: Duration,
    pub from: Spanned<Event>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    WorkingDays,
    CalendarDays,
    /// "days" with no qualifier: read through `calendar.plain_days` when the policy has one.
    Days,
    Weeks,
    Months,
}

impl Unit {
    pub fn describe(self, n: u32) -> String {
        let plural = n != 1;
        let s = match (self, plural) {
            (Unit::WorkingDays, true) => "working days",
            (Unit::WorkingDays, false) => "working day",
            (Unit::CalendarDays, true) => "calendar days",
            (Unit::CalendarDays, false) => "calendar day",
            (Unit::Days, true) => "days",
            (Unit::Days, false) => "day",
            (Unit::Weeks, true) => "weeks",
            (Unit::Weeks, false) => "week",
            (Unit::Months, true) => "months",
            (Unit::Months, false) => "month",
        };
        format!("{n} {s}")
    }

    /// Calendar-based units (calendar days, weeks, months), as opposed to working days.
    pub fn is_calendar(self) -> bool {
        matches!(self, Unit::CalendarDays | Unit::Weeks | Unit::Months)
    }
}

impl std::fmt::Display for Duration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.unit.describe(self.amount))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "event", content = "stage")]
pub enum Event {
    /// the complaint was received
    Receipt,
    /// this stage's acknowledgement was sent
    Acknowledgement,
    /// the request to escalate into this stage was received
    Escalation,
    /// the matter complained about happened
    Occurrence,
    /// the complainant became aware of it
    Awareness,
    /// whichever is later of occurrence and awareness
    OccurrenceOrAwareness,
    /// the council's final response, at whichever stage it came
    FinalResponse,
    /// the named stage's response
    StageResponse(Name),
    /// the named stage's acknowledgement
    StageAcknowledgement(Name),
    /// the source gives no start event
    Unstated,
}

impl Event {
    pub fn describe(&self) -> String {
        match self {
            Event::Receipt => "receipt of the complaint".into(),
            Event::Acknowledgement => "the acknowledgement".into(),
            Event::Escalation => "the escalation request".into(),
            Event::Occurrence => "the matter occurring".into(),
            Event::Awareness => "the complainant becoming aware".into(),
            Event::OccurrenceOrAwareness => "the later of occurrence and awareness".into(),
            Event::FinalResponse => "the final response".into(),
            Event::StageResponse(s) => format!("the stage `{}` response", s.value),
            Event::StageAcknowledgement(s) => format!("the stage `{}` acknowledgement", s.value),
            Event::Unstated => "an unstated event".into(),
        }
    }
}

/// The rule of one kind that applies to `track`: the first written `for` that track, else the
/// first with no `for`. With no tracks declared (`None`), the first rule with no `for`, or
/// failing that the first rule (its `for` names an unknown track, which unknown_track reports).
pub fn rule_for<'a, T>(rules: &'a [Rule<T>], track: Option<&str>) -> Option<&'a Rule<T>> {
    let unscoped = || rules.iter().find(|r| r.track.is_none());
    match track {
        Some(t) => rules
            .iter()
            .find(|r| r.track.as_ref().is_some_and(|n| n.value == t))
            .or_else(unscoped),
        None => unscoped().or_else(|| rules.first()),
    }
}

impl Policy {
    /// Names of the declared tracks, in order.
    pub fn track_names(&self) -> Vec<&str> {
        self.tracks
            .iter()
            .map(|t| t.value.name.value.as_str())
            .collect()
    }

    pub fn stage(&self, name: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.name.value == name)
    }

    /// Position of a stage in the order written (the first stage is where complaints start).
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name.value == name)
    }

    /// What a bare "days" means in this policy, if the policy says.
    pub fn plain_days(&self) -> Option<Unit> {
        self.calendar.plain_days.as_ref().map(|r| r.value)
    }
}
