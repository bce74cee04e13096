//! The closed vocabularies of the language. Each enum lists its words once, in `WORDS`, so that
//! lowering, error messages, suggestions and the documentation all read the same list.

use serde::{Deserialize, Serialize};

/// A vocabulary: enum values that are written as fixed kebab-case words.
pub trait Vocabulary: Sized + Copy + 'static {
    /// What the vocabulary is called in messages ("exclusion kind").
    const WHAT: &'static str;
    const WORDS: &'static [(&'static str, Self)];

    fn from_word(w: &str) -> Option<Self> {
        Self::WORDS.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
    }

    fn word(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::WORDS
            .iter()
            .find(|(_, v)| *v == self)
            .map(|(k, _)| *k)
            .unwrap_or("?")
    }
}

macro_rules! vocabulary {
    ($(#[$m:meta])* $name:ident, $what:literal { $($(#[$vm:meta])* $variant:ident = $word:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum $name { $($(#[$vm])* $variant),* }
        impl Vocabulary for $name {
            const WHAT: &'static str = $what;
            const WORDS: &'static [(&'static str, Self)] = &[$(($word, $name::$variant)),*];
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

vocabulary!(
    /// Bank-holiday regions, as GOV.UK divides them.
    Region, "region" {
        EnglandAndWales = "england-and-wales",
        Scotland = "scotland",
        NorthernIreland = "northern-ireland",
    }
);

vocabulary!(
    /// Where a complaint goes after the council's last stage.
    Ombudsman, "Ombudsman" {
        /// Local Government and Social Care Ombudsman (England)
        Lgsco = "lgsco",
        /// Housing Ombudsman Service (England, social landlords)
        HousingOmbudsman = "housing-ombudsman",
        /// Scottish Public Services Ombudsman
        Spso = "spso",
        /// Northern Ireland Public Services Ombudsman
        Nipso = "nipso",
        /// Public Services Ombudsman for Wales
        Psow = "psow",
    }
);

vocabulary!(
    /// Why a matter is not taken as a complaint.
    ExclusionKind, "exclusion kind" {
        ServiceRequest = "service-request",
        StatutoryAppeal = "statutory-appeal",
        StatutoryProcedure = "statutory-procedure",
        LegalProceedings = "legal-proceedings",
        PreviouslyConsidered = "previously-considered",
        CouncillorConduct = "councillor-conduct",
        Employment = "employment",
        InsuranceClaim = "insurance-claim",
        CompensationOnly = "compensation-only",
        ConsultationResponse = "consultation-response",
        Anonymous = "anonymous",
        OtherOrganisation = "other-organisation",
        PolicyDisagreement = "policy-disagreement",
        Other = "other",
    }
);

vocabulary!(
    /// Events a timescale can be counted from.
    EventWord, "start event" {
        Receipt = "receipt",
        Acknowledgement = "acknowledgement",
        Escalation = "escalation",
        Occurrence = "occurrence",
        Awareness = "awareness",
        FinalResponse = "final-response",
    }
);

vocabulary!(
    /// Which of a stage's letters a `STAGE.KIND` event names.
    StageEventKind, "stage event" {
        Acknowledgement = "acknowledgement",
        Response = "response",
        /// the stage's acknowledgement deadline ("a further 10 days" after it)
        AcknowledgementDue = "acknowledgement-due",
        /// the stage's response deadline
        ResponseDue = "response-due",
    }
);

vocabulary!(
    /// What a stage is in the Complaint Handling Codes' terms. The Codes' "stage 1" and
    /// "stage 2" are roles, never positions in the file or in a route.
    Role, "stage role" {
        /// an informal, first-contact or early-resolution step before the formal stages
        EarlyResolution = "early-resolution",
        Stage1 = "stage-1",
        Stage2 = "stage-2",
        Stage3 = "stage-3",
    }
);

impl Role {
    /// The formal stage number (1 to 3), or none for an early-resolution step.
    pub fn formal_number(self) -> Option<u8> {
        match self {
            Role::EarlyResolution => None,
            Role::Stage1 => Some(1),
            Role::Stage2 => Some(2),
            Role::Stage3 => Some(3),
        }
    }
}

vocabulary!(
    /// What a complainant is told when a response is extended.
    Notice, "notice" {
        Reasons = "reasons",
        NewDate = "new-date",
        Ombudsman = "ombudsman",
    }
);

vocabulary!(
    /// What an acknowledgement or response letter states.
    ContentItem, "letter content" {
        Reference = "reference",
        Process = "process",
        DueDate = "due-date",
        Handler = "handler",
        Definition = "definition",
        OutcomeSought = "outcome-sought",
        Responsibility = "responsibility",
        Clarification = "clarification",
        Stage = "stage",
        Decision = "decision",
        Reasons = "reasons",
        Remedy = "remedy",
        OutstandingActions = "outstanding-actions",
        Escalation = "escalation",
        Final = "final",
        Ombudsman = "ombudsman",
    }
);

vocabulary!(
    /// Duties of whoever handles a stage, beyond a named role.
    HandlerDuty, "handler duty" {
        /// independent of the matter complained about
        Independent = "independent",
    }
);

vocabulary!(
    /// Why a stage's timer may stop.
    PauseReason, "pause reason" {
        AwaitingInformation = "awaiting-information",
    }
);

vocabulary!(
    /// Whether a complainant must say why they escalate.
    Reasons, "escalation reasons rule" {
        Required = "required",
        Invited = "invited",
        NotRequired = "not-required",
    }
);

vocabulary!(
    /// What happens to a complaint that arrives out of hours.
    OutOfHours, "out-of-hours rule" {
        NextWorkingDay = "next-working-day",
        SameDay = "same-day",
    }
);

vocabulary!(
    Weekday, "day of the week" {
        Monday = "monday",
        Tuesday = "tuesday",
        Wednesday = "wednesday",
        Thursday = "thursday",
        Friday = "friday",
        Saturday = "saturday",
        Sunday = "sunday",
    }
);
