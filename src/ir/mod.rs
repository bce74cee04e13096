//! The typed model of one council's policy: what every later stage (check, simulate, assess,
//! compare) reads. Vocabulary words are enums, numbers are numbers, dates are dates; names of
//! stages and tracks stay as written (with spans) so that checks can report the ones that do
//! not resolve. Everything is serde-serialisable: `redress ir FILE --format json` prints it.

pub mod route;
pub mod vocab;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::span::{Span, Spanned};
pub use route::Route;
pub use vocab::*;

pub type Name = Spanned<String>;

/// The name of the one track of a policy that declares none. Every command that needs a track
/// name for such a policy uses this one, so that `general`, `""` and "no track" never drift.
pub const IMPLICIT_TRACK: &str = "general";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Policy {
    pub name: Name,
    /// The main source document.
    pub source: Option<Rule<String>>,
    /// Other documents of the council's, cited by name (`source standards "..."`).
    pub documents: Vec<Rule<Document>>,
    pub version: Option<Rule<String>>,
    /// The policy is a draft its author is still writing (not a transcription of a published
    /// document): help texts then speak to the author.
    #[serde(default)]
    pub draft: Option<Rule<()>>,
    /// The date this version takes effect.
    pub effective: Option<Rule<NaiveDate>>,
    pub reviewed: Option<Rule<ReviewDate>>,
    pub calendar: Calendar,
    pub tracks: Vec<Rule<Track>>,
    /// Case classes a rule can be limited to with `when` (complexity bands, "complex cases").
    pub classes: Vec<Rule<Class>>,
    /// Each track's ordered stages; a route with no `for` serves every track without its own.
    pub routes: Vec<Rule<Vec<Name>>>,
    /// Where the council's documents disagree, which one the policy follows.
    pub preferences: Vec<Rule<Preference>>,
    /// Rules of the source the language cannot say, recorded so that they stay visible.
    pub unencoded: Vec<Rule<String>>,
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
    /// The case class the rule is limited to (`when complex`); none = every case.
    pub class: Option<Name>,
    pub cites: Vec<Citation>,
    pub span: Span,
}

impl<T> Rule<T> {
    /// Does this rule apply to `track`? A rule with no `for` applies to every track.
    pub fn applies_to(&self, track: &str) -> bool {
        self.track.as_ref().is_none_or(|t| t.value == track)
    }

    /// The documents this rule's citations come from (`None` = the main source).
    pub fn documents(&self) -> impl Iterator<Item = Option<&str>> {
        self.cites
            .iter()
            .map(|c| c.document.as_ref().map(|d| d.value.as_str()))
    }
}

/// A further source document, cited by its name.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Document {
    pub id: Name,
    pub path: String,
}

/// `prefer A over B`: where documents A and B disagree, the policy follows A.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Preference {
    pub preferred: Name,
    pub over: Name,
}

/// The name a `prefer` or a `cite` uses for the main source document.
pub const MAIN_DOCUMENT: &str = "main";

/// A review date as precise as the source gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "precision", content = "date")]
pub enum ReviewDate {
    Day(NaiveDate),
    /// the first of the month the source names ("reviewed March 2025")
    Month(NaiveDate),
}

impl ReviewDate {
    /// "2025-03-01", or "March 2025" when the source gives only the month.
    pub fn describe(&self) -> String {
        match self {
            ReviewDate::Day(d) => d.to_string(),
            ReviewDate::Month(d) => d.format("%B %Y").to_string(),
        }
    }

    /// The date itself (the first of the month for a month).
    pub fn date(&self) -> NaiveDate {
        match self {
            ReviewDate::Day(d) | ReviewDate::Month(d) => *d,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Class {
    pub name: Name,
    pub label: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Citation {
    /// The named document cited; none = the main source.
    pub document: Option<Name>,
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
    /// `alias "HRA", "Housing"`: other names a case export gives the track; `redress audit`
    /// matches a row's track against the name and these, ignoring case.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Name>,
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
    /// What the stage is in the Codes' terms; none when the policy does not say (an error).
    pub role: Option<Spanned<Role>>,
    pub acknowledge: Vec<Rule<Window>>,
    pub respond: Vec<Rule<Window>>,
    /// Further dated steps ("we will contact you within 5 working days to agree ...").
    pub milestones: Vec<Rule<Milestone>>,
    pub extensions: Vec<Rule<Extension>>,
    pub pauses: Vec<Rule<PauseReason>>,
    pub handlers: Vec<Rule<Handler>>,
    pub letters: Vec<Rule<Letter>>,
    pub skippable: Vec<Rule<()>>,
    pub ends_early: Vec<Rule<()>>,
    /// The complaint may start here, skipping earlier stages, by agreement with the complainant.
    pub start_by_agreement: Vec<Rule<()>>,
    pub unencoded: Vec<Rule<String>>,
    pub span: Span,
}

impl Stage {
    /// The formal stage number of the stage's role (none for early resolution or no role).
    pub fn formal_number(&self) -> Option<u8> {
        self.role.as_ref().and_then(|r| r.value.formal_number())
    }

    /// The stage's title as the policy gives it, else its name.
    pub fn display_name(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.name.value)
    }

    /// The handler of this stage for a case on `track`.
    pub fn handler(&self, track: &str) -> Option<&Rule<Handler>> {
        select(&self.handlers, track, &[], &[])
    }
}

impl Escalation {
    /// The rule on reasons for escalating, for a case on `track`.
    pub fn reasons_for(&self, track: &str) -> Option<&Rule<Reasons>> {
        select(&self.reasons, track, &[], &[])
    }

    /// Where new issues raised with the request start, for a case on `track`.
    pub fn new_issues_for(&self, track: &str) -> Option<&Rule<Name>> {
        select(&self.new_issues_start, track, &[], &[])
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Milestone {
    pub label: String,
    pub window: Window,
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
    /// What the complainant is always told.
    pub tell: Vec<Notice>,
    /// What the complainant is told only in a circumstance, in the council's words
    /// ("if you are unhappy with the extension").
    pub tell_if: Vec<ConditionalNotice>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConditionalNotice {
    pub notice: Notice,
    pub condition: String,
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
    pub reasons: Vec<Rule<Reasons>>,
    pub refuse: Vec<Rule<Vec<RefusalGround>>>,
    /// New issues raised with the request start a fresh complaint at this stage.
    pub new_issues_start: Vec<Rule<Name>>,
    /// A complaint not answered by the `from` stage's response deadline moves on by itself.
    pub automatic: Vec<Rule<()>>,
    pub unencoded: Vec<Rule<String>>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalGround {
    /// any ground on which a complaint would not be accepted
    Excluded,
    Kind(ExclusionKind),
    /// a ground in the council's own words ("a remedy has already been offered")
    Stated(String),
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
    /// When the window passes unused, the complaint is treated as resolved.
    #[serde(default)]
    pub lapses: bool,
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
    /// the named stage's response deadline ("a further 20 working days")
    StageResponseDue(Name),
    /// the named stage's acknowledgement deadline
    StageAcknowledgementDue(Name),
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
            Event::StageResponseDue(s) => format!("the stage `{}` response deadline", s.value),
            Event::StageAcknowledgementDue(s) => {
                format!("the stage `{}` acknowledgement deadline", s.value)
            }
            Event::Unstated => "an unstated event".into(),
        }
    }
}

/// The rule of one kind that applies to a case on `track` with no class; see [`select`].
/// `None` is the implicit track of a policy that declares none.
pub fn rule_for<'a, T>(rules: &'a [Rule<T>], track: Option<&str>) -> Option<&'a Rule<T>> {
    select(rules, track.unwrap_or(IMPLICIT_TRACK), &[], &[])
}

/// The rule of one kind that applies to a case on `track` with these classes. Among the rules
/// whose `for` is the track (or absent) and whose `when` is one of the classes (or absent), the
/// most specific wins: class and track, then class, then track, then neither. Among equally
/// specific rules, one citing a document that a `prefer` ranks lower gives way; else the first
/// written. This is the only place rules are chosen.
pub fn select<'a, T>(
    rules: &'a [Rule<T>],
    track: &str,
    classes: &[String],
    prefs: &[Rule<Preference>],
) -> Option<&'a Rule<T>> {
    let tier = |r: &Rule<T>| -> Option<u8> {
        let t = match &r.track {
            None => 0,
            Some(n) if n.value == track => 1,
            Some(_) => return None,
        };
        let c = match &r.class {
            None => 0,
            Some(n) if classes.contains(&n.value) => 2,
            Some(_) => return None,
        };
        Some(t + c)
    };
    let best = rules.iter().filter_map(tier).max()?;
    let candidates = rules.iter().filter(|r| tier(r) == Some(best));
    let outranked = |r: &Rule<T>| {
        prefs.iter().any(|p| {
            let cites = |doc: &str| r.documents().any(|d| d.unwrap_or(MAIN_DOCUMENT) == doc);
            cites(&p.value.over.value) && !cites(&p.value.preferred.value)
        })
    };
    let mut first = None;
    for r in candidates {
        if !outranked(r) {
            return Some(r);
        }
        first.get_or_insert(r);
    }
    first
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

    /// The tracks a case can be on: the declared ones, or the one implicit track.
    pub fn case_tracks(&self) -> Vec<&str> {
        let names = self.track_names();
        if names.is_empty() {
            vec![IMPLICIT_TRACK]
        } else {
            names
        }
    }

    /// Whether a case on `track` is possible under this policy.
    pub fn has_track(&self, track: &str) -> bool {
        self.case_tracks().contains(&track)
    }

    pub fn track(&self, name: &str) -> Option<&Track> {
        self.tracks
            .iter()
            .map(|t| &t.value)
            .find(|t| t.name.value == name)
    }

    /// The Ombudsman that comes after the track's last stage.
    pub fn ombudsman_of(&self, track: &str) -> Option<Ombudsman> {
        self.track(track)
            .and_then(|t| t.ombudsman.as_ref().map(|o| o.value))
    }

    /// The escalate block from one stage to another.
    pub fn escalation(&self, from: &str, to: &str) -> Option<&Escalation> {
        self.escalations
            .iter()
            .find(|e| e.from.value == from && e.to.value == to)
    }

    /// What a bare "days" means in this policy, if the policy says.
    pub fn plain_days(&self) -> Option<Unit> {
        self.calendar.plain_days.as_ref().map(|r| r.value)
    }
}
