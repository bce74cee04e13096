//! Timescales: acknowledgement, response and extension at each stage, compared as deadlines
//! with the figures of the Code assessed (`Code::stage`, the one place that holds them).
//! Where a timescale leaves its start or its unit open, each reading is judged on its own and
//! the verdicts combined by the one rule in [`crate::assess::readings`].

use super::{
    by_class, ground, per_class, silent, stage_or_no, stage_words, verdict, Comply, Context,
    Ground, Verdict,
};
use crate::assess::codes::{self, StageTimescales, Timescale};
use crate::assess::readings::{self, start_words, From, Judged, Kind, TermReading};
use crate::ir::{self, ExtensionLimit, Notice, Unit};

/// What the Code sets at its stage `n`, or the verdict for a Code redress has no figures for.
fn figures(cx: &Context, n: u8) -> Result<StageTimescales, Verdict> {
    cx.code.stage(n).ok_or_else(|| {
        verdict(
            Comply::EvidenceNeeded,
            Vec::new(),
            format!(
                "redress holds no timescales of the {} for stage {n}; compare by hand",
                cx.code.title
            ),
        )
    })
}

/// Where a Code's timescale counts from, in the readings' terms.
fn code_from(t: &Timescale) -> From {
    match t.from {
        "acknowledgement" => From::Acknowledgement,
        _ => From::StageStart,
    }
}

/// "10 working days from the acknowledgement", "20 working days from the escalation request".
fn code_words(t: &Timescale, n: u8) -> String {
    let from = match code_from(t) {
        From::Acknowledgement => "the acknowledgement",
        _ => start_words(n),
    };
    format!("{} from {from}", wd(t.working_days))
}

/// A window judged term by term and reading by reading, as one verdict.
fn judge_window(
    cx: &Context,
    rule: &ir::Rule<ir::Window>,
    n: u8,
    kind: Kind,
    keep: impl Fn(&TermReading) -> bool,
    judge: impl Fn(&TermReading) -> (Comply, String),
) -> Judged {
    let terms: Vec<Judged> = rule
        .value
        .terms
        .iter()
        .map(|t| {
            let judged = readings::of_term(cx, t, n, kind)
                .into_iter()
                .filter(|r| keep(r))
                .map(|r| {
                    let (c, text) = judge(&r);
                    (r, c, text)
                })
                .collect();
            readings::combine(judged)
        })
        .collect();
    readings::window(&rule.value, terms)
}

fn from_judged(j: Judged, grounds: Vec<Ground>) -> Verdict {
    Verdict {
        readings: j.readings,
        ..verdict(j.comply, grounds, j.explanation)
    }
}

/// Acknowledgement against the Code's timescale from the stage's start (the English Codes: 5
/// working days from receipt at stage 1, from the escalation request at stage 2). A Code that
/// sets none at the stage (the devolved models' stage 1) leaves it not applicable.
pub(super) fn acknowledgement(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let Some(code) = (match figures(cx, n) {
        Ok(f) => f.acknowledge,
        Err(v) => return v,
    }) else {
        return verdict(
            Comply::NotApplicable,
            Vec::new(),
            format!("the {} sets no acknowledgement at stage {n}", cx.code.title),
        );
    };
    per_class(
        by_class(&stage.acknowledge, cx),
        |_, r| {
            let j = judge_window(
                cx,
                r,
                n,
                Kind::Acknowledge,
                |_| true,
                |t| ack_reading(n, t, &code),
            );
            from_judged(j, vec![ground(r)])
        },
        || {
            silent(
                Vec::new(),
                &format!(
                    "when {} is acknowledged; the Code requires {}",
                    stage_words(cx, n),
                    code_words(&code, n)
                ),
            )
        },
    )
}

/// One reading of an acknowledgement timescale against the Code's, which counts from the
/// stage's own start.
fn ack_reading(n: u8, t: &TermReading, code: &Timescale) -> (Comply, String) {
    let start = start_words(n);
    let cwd = code.working_days;
    match &t.from {
        From::StageStart if t.wd <= cwd => (
            Comply::Yes,
            format!("{}, against the Code's {}.", t.words(start), wd(cwd)),
        ),
        From::StageStart => (
            Comply::No,
            format!("{} is longer than the Code's {}.", t.words(start), wd(cwd)),
        ),
        From::Acknowledgement => (
            Comply::Partial,
            format!(
                "{}, where the Code counts {}.",
                t.words("the acknowledgement"),
                code_words(code, n)
            ),
        ),
        From::Other(_) | From::Deadline => (
            Comply::Partial,
            format!(
                "{}, where the Code counts {}.",
                t.words(&readings::from_words(&t.from, n)),
                code_words(code, n)
            ),
        ),
    }
}

/// The latest acknowledgement at the stage that keeps both the policy and the Code, for a case
/// of `class`: the most working days the policy's acknowledgement timescale spans from the
/// stage's start on any reading, and never more than the Code's own acknowledgement timescale
/// (a later acknowledgement breaks the Code's acknowledgement provision, so cannot make a
/// response meet the response provision). Unknown when neither sets one.
struct AckLimit<'a> {
    days: Option<u32>,
    /// The policy's acknowledgement rule, when it is what sets the limit.
    rule: Option<&'a ir::Rule<ir::Window>>,
}

fn ack_limit<'a>(
    cx: &Context<'a>,
    stage: &'a ir::Stage,
    n: u8,
    class: Option<&ir::Class>,
    code: Option<&Timescale>,
) -> AckLimit<'a> {
    let classes: Vec<String> = class.map(|c| c.name.value.clone()).into_iter().collect();
    let rule = ir::select(
        &stage.acknowledge,
        cx.track,
        &classes,
        &cx.policy.preferences,
    );
    let policy = rule.and_then(|r| {
        let w = &r.value;
        let term = w
            .terms
            .first()
            .filter(|_| w.combine == ir::Combine::Single)?;
        readings::of_term(cx, term, n, Kind::Acknowledge)
            .iter()
            .filter(|t| t.from == From::StageStart)
            .map(|t| t.wd)
            .max()
    });
    let code = code.map(|c| c.working_days);
    match (policy, code) {
        (Some(p), Some(c)) if p < c => AckLimit {
            days: Some(p),
            rule,
        },
        (Some(p), None) => AckLimit {
            days: Some(p),
            rule,
        },
        (_, c) => AckLimit {
            days: c,
            rule: None,
        },
    }
}

/// Response against the Code's timescale (the English Codes: 10 working days from the stage 1
/// acknowledgement, 20 from the stage 2 one). A policy counting from another event than the
/// Code is compared by deadline: the acknowledgement comes no earlier than the stage's start
/// and no later than the policy's own acknowledgement limit (never later than the Code's), so
/// for the English Codes N <= base from receipt always meets the Code, base < N <= base +
/// limit only when the acknowledgement is late enough, more never.
pub(super) fn response(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    let code = match figures(cx, n) {
        Ok(f) => f,
        Err(v) => return v,
    };
    per_class(
        by_class(&stage.respond, cx),
        |class, r| {
            let limit = ack_limit(cx, stage, n, class, code.acknowledge.as_ref());
            // With no acknowledgement at the stage, in the policy or the Code (the devolved
            // models' stage 1), a response with no start can only count from the stage's start.
            let no_ack = code.acknowledge.is_none() && limit.rule.is_none();
            let j = judge_window(
                cx,
                r,
                n,
                Kind::Respond,
                |t| !(no_ack && t.start_open && t.from == From::Acknowledgement),
                |t| response_reading(n, t, &code.respond, &limit),
            );
            let mut grounds = vec![ground(r)];
            // The policy's acknowledgement limit is evidence when it decides a reading.
            if j.comply != Comply::Yes && counts_from_start(&r.value, n) {
                grounds.extend(limit.rule.map(ground));
            }
            from_judged(j, grounds)
        },
        || {
            silent(
                Vec::new(),
                &format!(
                    "when {} is answered; the Code requires {}",
                    stage_words(cx, n),
                    code_words(&code.respond, n)
                ),
            )
        },
    )
}

/// "1 working day", "3 working days".
fn wd(n: u32) -> String {
    Unit::WorkingDays.describe(n)
}

/// Whether a term of the window counts (or may count) from the stage's own start.
fn counts_from_start(w: &ir::Window, n: u8) -> bool {
    w.terms.iter().any(|t| match &t.from.value {
        ir::Event::Unstated => true,
        ir::Event::Receipt => n == 1,
        ir::Event::Escalation => n == 2,
        _ => false,
    })
}

/// One reading of a response timescale against the Code's deadline. The two may count from
/// different events, the stage's start or its acknowledgement, which comes between the start
/// and the acknowledgement limit; a reading meets the Code when its deadline is no later than
/// the Code's on every acknowledgement in that range, fails when it is later on every one.
fn response_reading(
    n: u8,
    t: &TermReading,
    code: &Timescale,
    limit: &AckLimit,
) -> (Comply, String) {
    let cwd = code.working_days;
    let start = start_words(n);
    let who = if limit.rule.is_some() {
        "the policy"
    } else {
        "the Code"
    };
    match (&t.from, code_from(code)) {
        (From::Other(_) | From::Deadline, _) => (
            Comply::Partial,
            format!(
                "{}; the Code counts {}.",
                t.words(&readings::from_words(&t.from, n)),
                code_words(code, n)
            ),
        ),
        // Both from the same event: the numbers compare directly.
        (From::Acknowledgement, From::Acknowledgement) | (From::StageStart, From::StageStart) => {
            let from = if t.from == From::Acknowledgement { "the acknowledgement" } else { start };
            if t.wd <= cwd {
                (Comply::Yes, format!("{}, against the Code's {}.", t.words(from), wd(cwd)))
            } else {
                (Comply::No, format!("{} is longer than the Code's {}.", t.words(from), wd(cwd)))
            }
        }
        // From the start, where the Code counts from the acknowledgement.
        (From::StageStart, _) if t.wd <= cwd => (
            Comply::Yes,
            format!(
                "{} ends no later than the Code's deadline ({} from an acknowledgement that cannot come before {start}).",
                t.words(start),
                wd(cwd)
            ),
        ),
        (From::StageStart, _) => match limit.days {
            Some(a) if t.wd > cwd + a => (
                Comply::No,
                if limit.rule.is_some() {
                    format!(
                        "{} is later than the Code's deadline on every acknowledgement the policy allows: the policy acknowledges within {} of {start}, so the Code's deadline is at most {} after {start}.",
                        t.words(start),
                        wd(a),
                        wd(cwd + a)
                    )
                } else {
                    format!(
                        "{} is later than the Code's latest deadline ({start} + {a} + {cwd} working days).",
                        t.words(start)
                    )
                },
            ),
            a => (
                Comply::Partial,
                format!(
                    "{} meets the Code only when the acknowledgement takes at least {}{}; acknowledged on the day of {start}, the Code's deadline is {} after it.",
                    t.words(start),
                    wd(t.wd - cwd),
                    a.map(|a| format!(" ({who} allows up to {a})")).unwrap_or_default(),
                    wd(cwd)
                ),
            ),
        },
        // From the acknowledgement, where the Code counts from the start.
        (From::Acknowledgement, _) if t.wd > cwd => (
            Comply::No,
            format!(
                "{} is later than the Code's {} even when the acknowledgement is sent on the day of {start}.",
                t.words("the acknowledgement"),
                code_words(code, n)
            ),
        ),
        (From::Acknowledgement, _) => match limit.days {
            Some(a) if t.wd + a <= cwd => (
                Comply::Yes,
                format!(
                    "{} ends no later than the Code's {}: {who} acknowledges within {} of {start}.",
                    t.words("the acknowledgement"),
                    code_words(code, n),
                    wd(a)
                ),
            ),
            a => (
                Comply::Partial,
                format!(
                    "{} meets the Code's {} only when the acknowledgement is sent within {} of {start}{}.",
                    t.words("the acknowledgement"),
                    code_words(code, n),
                    wd(cwd - t.wd),
                    a.map(|a| format!(" ({who} allows up to {a})")).unwrap_or_default()
                ),
            ),
        },
    }
}

/// Extension: no longer than the Code's limit (the English Codes: 10 working days at stage 1,
/// 20 at stage 2, without good reason), with the reasons explained; under the HO Code the
/// resident is also told the new date (6.4, and 6.15 "as at stage 1"). The limit is judged on
/// every reading of its unit.
pub(super) fn extension(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    per_class(
        by_class(&stage.extensions, cx),
        |_, r| extension_rule(cx, n, r),
        || {
            silent(
                Vec::new(),
                &format!(
                    "whether or how the {} response may be extended",
                    stage_words(cx, n)
                ),
            )
        },
    )
}

/// One part of what the Code asks of a rule, as the policy states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Met,
    Broken,
    /// met on some readings only
    Depends,
    /// the policy does not say
    Unsaid,
}

/// Parts as one verdict: any broken -> `no`; all met -> `yes`; none said -> evidence-needed
/// (the silence rule); else `partial`.
fn parts_verdict(parts: &[Part]) -> Comply {
    if parts.contains(&Part::Broken) {
        Comply::No
    } else if parts.iter().all(|p| *p == Part::Met) {
        Comply::Yes
    } else if parts.iter().all(|p| *p == Part::Unsaid) {
        Comply::EvidenceNeeded
    } else {
        Comply::Partial
    }
}

/// One extension rule against the Code's cap and notices. A Code that fixes no cap (only a
/// revised date) leaves the limit unjudged.
fn extension_rule(cx: &Context, n: u8, rule: &ir::Rule<ir::Extension>) -> Verdict {
    let (cap, code_says) = match figures(cx, n).map(|f| f.extension) {
        Ok(codes::Extension::UpTo {
            working_days,
            unless_good_reason,
            ..
        }) => (
            Some(working_days),
            format!(
                "the Code allows at most {}{}",
                wd(working_days),
                if unless_good_reason {
                    " without good reason"
                } else {
                    ""
                }
            ),
        ),
        Ok(_) => (None, "the Code fixes no limit".to_string()),
        Err(v) => return v,
    };
    let ev = vec![ground(rule)];
    let e = &rule.value;
    let (limit, limit_text, readings) = match e.limit {
        ExtensionLimit::UpTo { duration } => {
            let judged: Vec<(TermReading, Comply, String)> = readings::of_extension(cx, duration)
                .into_iter()
                .map(|t| {
                    let (c, text) = match cap {
                        Some(cap) if t.wd > cap => (
                            Comply::No,
                            format!(
                                "up to {duration}{}, more than the Code's {}.",
                                t.span_note(),
                                wd(cap)
                            ),
                        ),
                        _ => (
                            Comply::Yes,
                            format!("up to {duration}{} ({code_says}).", t.span_note()),
                        ),
                    };
                    (t, c, text)
                })
                .collect();
            let j = readings::combine(judged);
            let part = match j.comply {
                Comply::Yes => Part::Met,
                Comply::No => Part::Broken,
                _ => Part::Depends,
            };
            (part, j.explanation, j.readings)
        }
        ExtensionLimit::WithoutLimit => (
            if cap.is_some() {
                Part::Broken
            } else {
                Part::Met
            },
            format!("the policy allows an extension without limit; {code_says}."),
            Vec::new(),
        ),
        ExtensionLimit::Unstated => (
            if cap.is_some() {
                Part::Unsaid
            } else {
                Part::Met
            },
            format!("the policy allows an extension but does not say for how long; {code_says}."),
            Vec::new(),
        ),
    };
    let mut parts = vec![limit];
    let mut notes = Vec::new();
    let told = |what: Notice| e.tell.contains(&what);
    parts.push(if told(Notice::Reasons) {
        notes.push("the reasons are explained");
        Part::Met
    } else {
        notes.push("the policy does not say the reasons are explained");
        Part::Unsaid
    });
    if cx.code.extension_needs_new_date() {
        let (told_new, unsaid_new) = if cx.is_housing() {
            (
                "the resident is told the new date",
                "the policy does not say the resident is told the new date",
            )
        } else {
            (
                "the complainant is told the new date",
                "the policy does not say the complainant is told the new date",
            )
        };
        parts.push(if told(Notice::NewDate) {
            notes.push(told_new);
            Part::Met
        } else {
            notes.push(unsaid_new);
            Part::Unsaid
        });
    }
    let comply = parts_verdict(&parts);
    let text = format!(
        "{} {}.",
        limit_text.trim_end(),
        super::sentence(&notes.join("; ")).trim_end_matches('.')
    );
    let v = match comply {
        Comply::EvidenceNeeded => silent(
            ev,
            &format!(
                "how long the {} response may be extended, or that the reasons are explained",
                stage_words(cx, n)
            ),
        ),
        c => verdict(c, ev, text),
    };
    Verdict { readings, ..v }
}

/// Telling the complainant the Ombudsman's details when extending.
pub(super) fn extension_ombudsman(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    per_class(
        by_class(&stage.extensions, cx),
        |_, rule| {
            let e = &rule.value;
            if e.tell.contains(&Notice::Ombudsman) {
                return verdict(
                    Comply::Yes,
                    vec![ground(rule)],
                    "an extension notice gives the Ombudsman's details.".into(),
                );
            }
            let conditions: Vec<String> = e
                .tell_if
                .iter()
                .filter(|c| c.notice == Notice::Ombudsman)
                .map(|c| format!("\"{}\"", c.condition))
                .collect();
            if conditions.is_empty() {
                silent(
                    vec![ground(rule)],
                    &format!(
                        "that an extension notice at {} gives the Ombudsman's details",
                        stage_words(cx, n)
                    ),
                )
            } else {
                verdict(
                    Comply::Partial,
                    vec![ground(rule)],
                    format!(
                        "an extension notice at {} gives the Ombudsman's details only if {}; the Code requires them with every extension notice.",
                        stage_words(cx, n),
                        conditions.join(" or if ")
                    ),
                )
            }
        },
        || {
            silent(
                Vec::new(),
                &format!(
                    "how the {} response may be extended, or what an extension notice says",
                    stage_words(cx, n)
                ),
            )
        },
    )
}

/// When a response will be late. LGSCO 5.5: the individual is told when to expect it and why,
/// at every stage. HO 5.9: the landlord agrees with the resident how often it will update
/// them, which the policy language cannot state, so the policy is silent on it whatever its
/// extension notices say.
pub(super) fn update_when_late(cx: &Context) -> Verdict {
    let mut grounds = Vec::new();
    let mut parts = Vec::new();
    let mut said = Vec::new();
    for stage in cx.route.formal_stages() {
        let rules: Vec<&ir::Rule<ir::Extension>> = by_class(&stage.extensions, cx)
            .into_iter()
            .map(|(_, r)| r)
            .collect();
        grounds.extend(rules.iter().map(|r| ground(r)));
        // What every one of the stage's rules says the complainant is told.
        let always =
            |n: Notice| !rules.is_empty() && rules.iter().all(|r| r.value.tell.contains(&n));
        let told: Vec<&str> = [
            (Notice::NewDate, "the new date"),
            (Notice::Reasons, "the reasons"),
        ]
        .into_iter()
        .filter(|(n, _)| always(*n))
        .map(|(_, w)| w)
        .collect();
        let at = super::any_stage_words(stage);
        parts.push(match told.len() {
            2 => Part::Met,
            0 => Part::Unsaid,
            _ => Part::Depends,
        });
        said.push(match told.as_slice() {
            [] => format!("at {at} the policy does not say what the complainant is told"),
            t => format!("at {at} the complainant is told {}", t.join(" and ")),
        });
    }
    let said = said.join("; ");
    if cx.is_housing() {
        return silent(
            grounds,
            &format!(
                "that the landlord agrees with the resident how often it will update them when a response will be late ({said})"
            ),
        );
    }
    match parts_verdict(&parts) {
        Comply::EvidenceNeeded => silent(
            grounds,
            "what the complainant is told when a response will be late",
        ),
        c => verdict(c, grounds, format!("{said}.")),
    }
}
