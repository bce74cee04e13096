//! Case fixtures: TOML files in `fixtures/cases/`, one case each, naming a policy, what
//! happened, and the outcome worked out by hand. `redress simulate` runs the case and reports
//! every expectation that does not hold, pointing into the fixture.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;
use toml::Spanned;

use super::case::{Case, CaseEvent, EventKind};
use super::engine::{Decision, Status, StepKind, Timeline};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{ExclusionKind, Vocabulary};
use crate::span::Span;

pub const FIXTURE_INVALID: Code = Code {
    name: "redress::simulate::invalid_fixture",
    severity: Severity::Error,
    summary: "a case fixture that cannot be read",
    doc: "The fixture is not valid TOML, misses a required field (`policy`, `track`, `received`), \
          has a date that is not YYYY-MM-DD or YYYY-MM-DDTHH:MM, or names an event kind, stage, \
          track or exclusion the policy does not have.\n\nHow to fix: follow the fixture format in \
          docs/simulation.md (section \"Fixture format\").",
};

pub const MISMATCH: Code = Code {
    name: "redress::simulate::mismatch",
    severity: Severity::Error,
    summary: "a case's expected outcome does not hold",
    doc: "The fixture says what should happen (a deadline, whether a step was on time, whether \
          the complaint was accepted); the policy, run through the calendar, says otherwise.\n\n\
          How to fix: recompute the expectation by hand from the policy and a calendar. If the \
          fixture is right, the policy encoding or redress is wrong.",
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFixture {
    pub policy: Spanned<String>,
    pub track: Spanned<String>,
    pub received: Spanned<String>,
    pub occurred: Option<Spanned<String>>,
    pub aware: Option<Spanned<String>>,
    pub as_of: Option<Spanned<String>>,
    pub excluded: Option<Spanned<String>>,
    #[serde(default)]
    pub classes: Vec<String>,
    #[serde(default)]
    pub events: Vec<Spanned<RawEvent>>,
    pub expect: Spanned<RawExpect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub stage: Spanned<String>,
    pub kind: Spanned<String>,
    pub at: Spanned<String>,
    pub working_days: Option<u32>,
    pub reason: Option<String>,
    pub outcome: Option<String>,
    #[serde(default)]
    pub ends_process: bool,
    /// a milestone's label
    pub label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExpect {
    pub effective_received: Option<Spanned<String>>,
    pub acceptance: Option<Spanned<String>>,
    pub ombudsman_from: Option<Spanned<String>>,
    #[serde(default)]
    pub steps: Vec<Spanned<RawStep>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStep {
    pub stage: Option<String>,
    pub step: String,
    /// a date, or "none" when the deadline cannot be computed yet
    pub due: Option<String>,
    pub status: Option<String>,
    pub late_by: Option<i64>,
    /// a milestone's label
    pub label: Option<String>,
}

fn span_of<T>(s: &Spanned<T>) -> Span {
    let r = s.span();
    Span::new(r.start, r.end)
}

fn invalid(span: Span, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(&FIXTURE_INVALID, message, span, "here", help)
}

/// Dates in fixtures follow the one date grammar of [`crate::dates`].
pub use crate::dates::parse_datetime;

// A `Diagnostic` (with its optional draft help) is just at clippy's "large error" size; these
// run once per fixture field, so boxing it would buy nothing.
#[allow(clippy::result_large_err)]
fn date(s: &Spanned<String>) -> Result<NaiveDate, Diagnostic> {
    crate::dates::parse_date(s.get_ref()).ok_or_else(|| {
        invalid(
            span_of(s),
            format!("`{}` is not a date", s.get_ref()),
            "write dates as YYYY-MM-DD",
        )
    })
}

#[allow(clippy::result_large_err)]
fn datetime(s: &Spanned<String>) -> Result<NaiveDateTime, Diagnostic> {
    parse_datetime(s.get_ref()).ok_or_else(|| {
        invalid(
            span_of(s),
            format!("`{}` is not a date or date and time", s.get_ref()),
            "write YYYY-MM-DD, or YYYY-MM-DDTHH:MM (or YYYY-MM-DD HH:MM) for a time of day; a bare date is taken as noon",
        )
    })
}

pub struct Fixture {
    pub raw: RawFixture,
    pub policy_path: PathBuf,
    pub case: Case,
}

#[allow(clippy::result_large_err)]
pub fn parse(path: &Path, text: &str) -> Result<Fixture, Diagnostic> {
    let raw: RawFixture = toml::from_str(text).map_err(|e| {
        let span = e
            .span()
            .map(|r| Span::new(r.start, r.end))
            .unwrap_or_default();
        invalid(
            span,
            e.message().to_string(),
            "see the fixture format in docs/simulation.md (section \"Fixture format\")",
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let policy_path = dir.join(raw.policy.get_ref());
    let received = datetime(&raw.received)?;
    let occurred = raw.occurred.as_ref().map(date).transpose()?;
    let aware = raw.aware.as_ref().map(date).transpose()?;
    let as_of = raw.as_of.as_ref().map(date).transpose()?;
    let excluded = match &raw.excluded {
        None => None,
        Some(s) => Some(ExclusionKind::from_word(s.get_ref()).ok_or_else(|| {
            invalid(
                span_of(s),
                format!("`{}` is not an exclusion kind", s.get_ref()),
                "use a word from docs/language.md",
            )
        })?),
    };
    let mut events = Vec::new();
    for e in &raw.events {
        let ev = e.get_ref();
        let kind = match ev.kind.get_ref().as_str() {
            "acknowledged" => EventKind::Acknowledged,
            "extended" => EventKind::Extended {
                working_days: ev.working_days.ok_or_else(|| {
                    invalid(span_of(e), "an `extended` event needs `working_days`".into(), "add `working_days = N`")
                })?,
                reason: ev.reason.clone(),
            },
            "paused" => EventKind::Paused,
            "resumed" => EventKind::Resumed,
            "responded" => EventKind::Responded { outcome: ev.outcome.clone(), ends_process: ev.ends_process },
            "escalation-requested" => EventKind::EscalationRequested,
            "escalation-refused" => EventKind::EscalationRefused,
            "skipped" => EventKind::Skipped,
            "milestone" => EventKind::Milestone {
                label: ev.label.clone().ok_or_else(|| {
                    invalid(span_of(e), "a `milestone` event needs `label`".into(), "add `label = \"...\"`, the milestone's text in the policy")
                })?,
            },
            other => {
                return Err(invalid(
                    span_of(&ev.kind),
                    format!("`{other}` is not an event kind"),
                    "event kinds: acknowledged, extended, paused, resumed, responded, milestone, escalation-requested, escalation-refused, skipped",
                ))
            }
        };
        events.push(CaseEvent {
            stage: ev.stage.get_ref().clone(),
            kind,
            at: datetime(&ev.at)?,
        });
    }
    let case = Case {
        track: raw.track.get_ref().clone(),
        received,
        occurred,
        aware,
        excluded,
        as_of,
        classes: raw.classes.clone(),
        events,
    };
    Ok(Fixture {
        raw,
        policy_path,
        case,
    })
}

fn step_word(k: StepKind) -> &'static str {
    match k {
        StepKind::Acknowledge => "acknowledge",
        StepKind::Respond => "respond",
        StepKind::Milestone => "milestone",
        StepKind::Escalate => "escalate",
        StepKind::Ombudsman => "ombudsman",
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::OnTime => "on-time",
        Status::Late => "late",
        Status::Pending => "pending",
        Status::Open => "open",
        Status::Lapsed => "lapsed",
    }
}

fn decision_word(d: Decision) -> &'static str {
    match d {
        Decision::Accepted => "accepted",
        Decision::Discretion => "discretion",
        Decision::Refused => "refused",
        Decision::Unknown => "unknown",
    }
}

/// Every expectation in the fixture that the timeline does not meet, and every step the
/// timeline has that the fixture does not expect (a fixture states the whole outcome).
pub fn compare(fx: &Fixture, t: &Timeline) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let expect = fx.raw.expect.get_ref();
    let mismatch = |span: Span, what: String, expected: &str, got: &str| {
        Diagnostic::new(
            &MISMATCH,
            format!("{what}: expected {expected}, redress computes {got}"),
            span,
            format!("expected {expected}"),
            "recompute this by hand from the policy and a calendar; `redress explain FIXTURE` shows the working",
        )
    };
    if let Some(e) = &expect.effective_received {
        let got = t.effective_received.format("%Y-%m-%dT%H:%M").to_string();
        if parse_datetime(e.get_ref()).map(|x| x.format("%Y-%m-%dT%H:%M").to_string())
            != Some(got.clone())
        {
            out.push(mismatch(
                span_of(e),
                "effective receipt".into(),
                e.get_ref(),
                &got,
            ));
        }
    }
    if let Some(e) = &expect.acceptance {
        let got = decision_word(t.acceptance.decision);
        if e.get_ref() != got {
            out.push(mismatch(
                span_of(e),
                "acceptance".into(),
                e.get_ref(),
                &format!("{got} ({})", t.acceptance.reason),
            ));
        }
    }
    let ombudsman_due = t
        .steps
        .iter()
        .find(|s| s.step == StepKind::Ombudsman)
        .and_then(|s| s.due);
    if let Some(e) = &expect.ombudsman_from {
        let got = ombudsman_due
            .map(|d| d.to_string())
            .unwrap_or_else(|| "none".into());
        if *e.get_ref() != got {
            out.push(mismatch(
                span_of(e),
                "Ombudsman eligibility".into(),
                e.get_ref(),
                &got,
            ));
        }
    }
    let mut matched = vec![false; t.steps.len()];
    for e in &expect.steps {
        let want = e.get_ref();
        let found = t.steps.iter().enumerate().find(|(i, s)| {
            !matched.get(*i).copied().unwrap_or(true)
                && step_word(s.step) == want.step
                && (s.step == StepKind::Ombudsman || Some(&s.stage) == want.stage.as_ref())
                && (want.label.is_none() || s.label == want.label)
        });
        let Some((i, got)) = found else {
            out.push(Diagnostic::new(
                &MISMATCH,
                format!(
                    "expected {} `{}` step{}, but the timeline has none",
                    if want.step.starts_with(['a', 'e', 'o']) {
                        "an"
                    } else {
                        "a"
                    },
                    want.step,
                    want.stage
                        .as_ref()
                        .map(|s| format!(" at stage `{s}`"))
                        .unwrap_or_default()
                ),
                span_of(e),
                "this step",
                "check the stage name and the events that lead to this stage",
            ));
            continue;
        };
        if let Some(m) = matched.get_mut(i) {
            *m = true;
        }
        let what = format!(
            "stage `{}` {}",
            want.stage.as_deref().unwrap_or(""),
            want.step
        );
        if let Some(d) = &want.due {
            let g = got
                .due
                .map(|x| x.to_string())
                .unwrap_or_else(|| "none".into());
            if *d != g {
                out.push(mismatch(
                    span_of(e),
                    format!("{what} deadline"),
                    d,
                    &format!("{g} ({})", got.basis),
                ));
            }
        }
        if let Some(s) = &want.status {
            if s != status_word(got.status) {
                out.push(mismatch(
                    span_of(e),
                    format!("{what} status"),
                    s,
                    status_word(got.status),
                ));
            }
        }
        if want.late_by.is_some() && want.late_by != got.late_by {
            let f = |x: Option<i64>| {
                x.map(|n| format!("{n} working days late"))
                    .unwrap_or_else(|| "not late".into())
            };
            out.push(mismatch(
                span_of(e),
                format!("{what} lateness"),
                &f(want.late_by),
                &f(got.late_by),
            ));
        }
    }
    for (i, s) in t.steps.iter().enumerate() {
        if !matched.get(i).copied().unwrap_or(true) {
            out.push(Diagnostic::new(
                &MISMATCH,
                format!(
                    "the timeline has {} `{}` step{} (due {}) that the fixture does not expect",
                    if matches!(
                        s.step,
                        StepKind::Acknowledge | StepKind::Escalate | StepKind::Ombudsman
                    ) {
                        "an"
                    } else {
                        "a"
                    },
                    step_word(s.step),
                    if s.stage.is_empty() {
                        String::new()
                    } else {
                        format!(" at stage `{}`", s.stage)
                    },
                    s.due
                        .map(|d| d.to_string())
                        .unwrap_or_else(|| "none".into())
                ),
                span_of(&fx.raw.expect),
                "expectations",
                "a fixture states the whole outcome: add an `[[expect.steps]]` entry for it",
            ));
        }
    }
    out
}

/// A fixture run: its file (for rendering), what went wrong, and the timeline when there is one.
pub struct Run {
    pub file: crate::source::SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    pub timeline: Option<Timeline>,
}

/// Read a fixture, compile its policy, simulate and compare. Every failure is a diagnostic
/// pointing into the fixture; only an unreadable fixture file is an I/O error.
pub fn run(path: &Path) -> Result<Run, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let file = crate::source::SourceFile::new(path, text.as_str());
    let fail = |d: Diagnostic| Run {
        file: file.clone(),
        diagnostics: vec![d],
        timeline: None,
    };
    let fx = match parse(path, &text) {
        Ok(fx) => fx,
        Err(d) => return Ok(fail(d)),
    };
    let policy_span = span_of(&fx.raw.policy);
    let policy = match crate::source::load(&fx.policy_path) {
        Ok(src) => crate::compile(&src).map_err(|_| {
            invalid(
                policy_span,
                format!("the policy `{}` has errors", fx.raw.policy.get_ref()),
                "run `redress check` on the policy and fix its errors first",
            )
        }),
        Err(_) => Err(invalid(
            policy_span,
            format!("cannot read the policy `{}`", fx.policy_path.display()),
            "the path is relative to the fixture's folder",
        )),
    };
    let policy = match policy {
        Ok(p) => p,
        Err(d) => return Ok(fail(d)),
    };
    match super::engine::simulate(&policy, &fx.case) {
        Ok(t) => {
            let diagnostics = compare(&fx, &t);
            Ok(Run {
                file,
                diagnostics,
                timeline: Some(t),
            })
        }
        Err(e) => {
            let span = match e {
                super::engine::SimError::UnknownTrack { .. } => span_of(&fx.raw.track),
                _ => Span::default(),
            };
            Ok(fail(invalid(span, e.to_string(), "the case must use the policy's own track and stage names and dates from 2018 to 2030")))
        }
    }
}
