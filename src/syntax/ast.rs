//! The syntax tree: what the author wrote, in the shape they wrote it, with a span on every
//! node. It decides nothing: vocabulary words stay words and names stay unresolved, so that
//! lowering can judge them and point at them.

use crate::span::{Span, Spanned};

pub type Word = Spanned<String>;

#[derive(Clone, Debug)]
pub struct Policy {
    pub name: Word,
    pub items: Vec<Item>,
    pub span: Span,
}

/// A citation: the clause of the source document and a short verbatim phrase from it.
#[derive(Clone, Debug)]
pub struct Cite {
    /// The named document (`cite standards "..." "..."`); none = the main source.
    pub document: Option<Word>,
    pub clause: Word,
    pub phrase: Word,
    pub span: Span,
}

/// Every statement: its content, an optional `for TRACK` and `when CLASS`, and its citations.
#[derive(Clone, Debug)]
pub struct Stmt<T> {
    pub kind: T,
    pub span: Span,
    pub for_track: Option<Word>,
    pub when_class: Option<Word>,
    pub cites: Vec<Cite>,
}

#[derive(Clone, Debug)]
pub enum Item {
    Source(Stmt<Source>),
    Version(Stmt<Word>),
    Draft(Stmt<()>),
    Effective(Stmt<Word>),
    /// A date (`2025-03-01`) or a month (`2025-03`).
    Reviewed(Stmt<Word>),
    Class(Stmt<Class>),
    Route(Stmt<Vec<Word>>),
    Prefer(Stmt<(Word, Word)>),
    Unencoded(Stmt<Word>),
    Calendar(CalendarBlock),
    Track(Stmt<Track>),
    Accept(Stmt<Window>),
    Exclude(Stmt<Exclude>),
    Pause(Stmt<Word>),
    Stage(StageBlock),
    Escalate(EscalateBlock),
    Wait(Stmt<Wait>),
}

#[derive(Clone, Debug)]
pub struct Source {
    /// `source standards "..."`; none = the main document.
    pub id: Option<Word>,
    pub path: Word,
}

#[derive(Clone, Debug)]
pub struct Class {
    pub name: Word,
    pub label: Option<Word>,
}

#[derive(Clone, Debug)]
pub struct CalendarBlock {
    pub items: Vec<Stmt<CalendarItem>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum CalendarItem {
    Region(Word),
    Week(Word, Word),
    Hours(Word, Word),
    OutOfHours(Word),
    PlainDays(Spanned<Unit>),
    Closed {
        from: Word,
        to: Option<Word>,
        label: Option<Word>,
    },
}

#[derive(Clone, Debug)]
pub struct Track {
    pub name: Word,
    pub label: Option<Word>,
    pub ombudsman: Option<Word>,
    /// `alias "HRA", "Housing"`: other names a case export gives the track.
    pub aliases: Vec<Word>,
}

#[derive(Clone, Debug)]
pub struct Exclude {
    pub kind: Word,
    pub label: Option<Word>,
    pub refer: Option<Word>,
}

#[derive(Clone, Debug)]
pub struct StageBlock {
    pub name: Word,
    pub title: Option<Word>,
    pub role: Option<Word>,
    pub items: Vec<StageItem>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum StageItem {
    Acknowledge(Stmt<Window>),
    Respond(Stmt<Window>),
    Milestone(Stmt<(Word, Window)>),
    Extend(Stmt<Vec<Spanned<ExtendOption>>>),
    Pause(Stmt<Word>),
    Handler(Stmt<Vec<HandlerPart>>),
    Includes(Stmt<Includes>),
    Skippable(Stmt<()>),
    EndsEarly(Stmt<()>),
    StartByAgreement(Stmt<()>),
    Unencoded(Stmt<Word>),
}

#[derive(Clone, Debug)]
pub enum ExtendOption {
    UpTo(Duration),
    WithoutLimit,
    GoodReason,
    Once,
    ByAgreement,
    /// `tell reasons and new-date [if "condition"]`
    Tell(Vec<Word>, Option<Word>),
}

#[derive(Clone, Debug)]
pub enum HandlerPart {
    Role(Word),
    SeniorTo(Word),
    Not(Word),
    Duty(Word),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Letter {
    Acknowledgement,
    Response,
}

#[derive(Clone, Debug)]
pub struct Includes {
    pub letter: Spanned<Letter>,
    pub items: Vec<Word>,
}

#[derive(Clone, Debug)]
pub struct EscalateBlock {
    pub from: Word,
    pub to: Word,
    pub items: Vec<EscalateItem>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum EscalateItem {
    Within(Stmt<Window>),
    Reasons(Stmt<Word>),
    Refuse(Stmt<Vec<RefuseGround>>),
    NewIssues(Stmt<Word>),
    Automatic(Stmt<()>),
    Unencoded(Stmt<Word>),
}

#[derive(Clone, Debug)]
pub enum RefuseGround {
    /// a vocabulary word (`excluded`, an exclusion kind)
    Word(Word),
    /// the council's own words
    Stated(Word),
}

#[derive(Clone, Debug)]
pub struct Wait {
    pub duration: Duration,
    pub after: Event,
    pub ombudsman: Word,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Combinator {
    Later,
    Earlier,
}

/// `within 10 working days of receipt`, `within later of A and B, discretion`.
#[derive(Clone, Debug)]
pub struct Window {
    pub combinator: Option<Spanned<Combinator>>,
    pub terms: Vec<Term>,
    pub discretion: Option<Span>,
    /// `, lapses`: the complaint is treated as resolved when the window passes unused.
    pub lapses: Option<Span>,
    pub span: Span,
}

/// One `DURATION [of EVENT]`.
#[derive(Clone, Debug)]
pub struct Term {
    pub duration: Duration,
    pub event: Option<Event>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Duration {
    pub amount: Word,
    pub unit: Spanned<Unit>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    WorkingDays,
    CalendarDays,
    /// "days" with no qualifier, exactly as too many sources write it.
    Days,
    Weeks,
    Months,
}

#[derive(Clone, Debug)]
pub enum Event {
    /// `one.response`, `two.acknowledgement`
    Stage { stage: Word, kind: Word, span: Span },
    /// `occurrence or awareness`
    OccurrenceOrAwareness(Span),
    /// `receipt`, `escalation`, ... (checked against the vocabulary when lowered)
    Word(Word),
}

impl Event {
    pub fn span(&self) -> Span {
        match self {
            Event::Stage { span, .. } => *span,
            Event::OccurrenceOrAwareness(span) => *span,
            Event::Word(w) => w.span,
        }
    }
}
