//! Readings: what redress took where a policy is silent or ambiguous, and what it noticed
//! about a case against the policy. Typed, so that consumers (compare's worst case, the site's
//! sample) decide on the kind of reading, never on the wording of a sentence.

use serde::Serialize;

/// How a stage began, for the words of a deadline's basis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StageStart {
    /// the complaint's receipt (the first stage of the route)
    Receipt,
    /// receipt, at a stage entered because the earlier ones were skipped
    ReceiptAfterSkip,
    /// the request to escalate into the stage
    Escalation,
    /// the day after the previous stage's response deadline passed (`automatic if overdue`)
    Automatic,
}

impl StageStart {
    pub fn describe(self) -> &'static str {
        match self {
            StageStart::Receipt => "receipt",
            StageStart::ReceiptAfterSkip => "receipt (the earlier stage was skipped)",
            StageStart::Escalation => "the escalation request",
            StageStart::Automatic => "the day the complaint moved on by itself",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "reading")]
pub enum Reading {
    /// The policy names no bank-holiday region: England and Wales.
    RegionAssumed,
    /// The policy states no office hours: 09:00 to 17:00.
    OfficeHoursAssumed,
    /// A stage's timescale with no start event counts from the stage's own start.
    UnstatedStart { stage: String, from: StageStart },
    /// An escalation window with no start event counts from the previous stage's response.
    UnstatedEscalationStart { into: String, from_stage: String },
    /// A bare "days" is read as working days.
    BareDays { amount: u32 },
    /// The case pauses the timer but the policy allows no pause at this stage.
    PauseNotAllowed { stage: String },
    /// The case extends a deadline the policy gives no extension for.
    ExtensionNotStated { stage: String },
    /// The policy allows one extension; the case has more.
    ExtensionNotOnce { stage: String, count: usize },
    /// The extensions add up to more than the policy's limit.
    ExtensionOverLimit {
        stage: String,
        total: u32,
        limit: String,
        with_good_reason: bool,
    },
    /// The case ends the process at a stage the policy does not let end early.
    EndNotAllowed { stage: String },
    /// The case skips a stage the policy does not let be skipped.
    SkipNotAllowed { stage: String },
    /// The case was received before this version of the policy took effect.
    BeforeEffective { effective: chrono::NaiveDate },
}

impl std::fmt::Display for Reading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reading::RegionAssumed => {
                f.write_str("the policy names no bank-holiday region: England and Wales assumed")
            }
            Reading::OfficeHoursAssumed => {
                f.write_str("the policy states no office hours: 09:00 to 17:00 assumed")
            }
            Reading::UnstatedStart { stage, from } => write!(
                f,
                "stage `{stage}`: a timescale with no start event in the policy is counted from {}",
                from.describe()
            ),
            Reading::UnstatedEscalationStart { into, from_stage } => write!(
                f,
                "escalation into stage `{into}`: a window with no start event in the policy is counted from the stage `{from_stage}` response"
            ),
            Reading::BareDays { amount } => write!(
                f,
                "\"{amount} {}\" has no unit in the policy: read as working days",
                if *amount == 1 { "day" } else { "days" }
            ),
            Reading::PauseNotAllowed { stage } => write!(
                f,
                "stage `{stage}`: the case pauses the timer, but the policy does not allow pauses"
            ),
            Reading::ExtensionNotStated { stage } => write!(
                f,
                "stage `{stage}`: the case extends the deadline, but the policy states no extension"
            ),
            Reading::ExtensionNotOnce { stage, count } => write!(
                f,
                "stage `{stage}`: the policy allows one extension; the case has {count}"
            ),
            Reading::ExtensionOverLimit {
                stage,
                total,
                limit,
                with_good_reason,
            } => {
                if *with_good_reason {
                    write!(f, "stage `{stage}`: {total} working days of extension exceed {limit}; the policy allows more only with good reason")
                } else {
                    write!(f, "stage `{stage}`: {total} working days of extension exceed the policy's {limit}")
                }
            }
            Reading::EndNotAllowed { stage } => write!(
                f,
                "stage `{stage}`: the case ends the process here, but the policy does not allow that"
            ),
            Reading::SkipNotAllowed { stage } => write!(
                f,
                "stage `{stage}`: the case skips this stage, but the policy does not say it may be skipped (for this track and the case's classes)"
            ),
            Reading::BeforeEffective { effective } => write!(
                f,
                "the case was received before this version of the policy took effect ({effective}): an earlier version applied"
            ),
        }
    }
}

impl Reading {
    /// Whether this reading is about a start event the policy does not state.
    pub fn is_unstated_start(&self) -> bool {
        matches!(
            self,
            Reading::UnstatedStart { .. } | Reading::UnstatedEscalationStart { .. }
        )
    }
}
