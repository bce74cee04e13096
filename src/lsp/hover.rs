//! What the server says when the pointer rests on something: a timescale's due date for the
//! sample complaint and the Code provision it is judged against, or a diagnostic's
//! explanation (the text `redress explain CODE` prints).

use chrono::{NaiveDate, NaiveDateTime};

use crate::assess::{self, codes};
use crate::diagnostic::Diagnostic;
use crate::ir::{self, Role, Rule, Stage, Vocabulary, Window};
use crate::simulate::last_day::last_day_walk_of_class;
use crate::simulate::{StepKind, Timeline};
use crate::span::Span;

/// The sample complaint every hover follows, as the site and `compare` do: received at 10:00 on
/// Tuesday 1 December 2026.
pub fn sample_received() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(10, 0, 0))
        .unwrap_or_default()
}

fn day(d: NaiveDate) -> String {
    d.format("%a %d %b %Y").to_string()
}

/// Does a span hold a byte offset? The end counts (a cursor just after a word is on it), and an
/// empty span holds its own offset.
pub fn holds(span: Span, offset: usize) -> bool {
    span.offset <= offset && offset <= span.end()
}

/// A diagnostic explained: its message and help, then the code's documentation.
pub fn diagnostic(d: &Diagnostic) -> String {
    let mut out = format!("**{}** `{}`: {}", d.severity(), d.code.name, d.message);
    if !d.help.is_empty() {
        out.push_str(&format!("\n\nhelp: {}", d.help));
    }
    let doc = crate::registry::find(d.code.name)
        .map(|c| c.documentation())
        .unwrap_or_else(|| d.code.documentation());
    out.push_str(&format!(
        "\n\n---\n\n`redress explain {}`\n\n{}: {}\n\n{}",
        d.code.name.rsplit("::").next().unwrap_or(d.code.name),
        d.code.severity,
        d.code.summary,
        crate::registry::demoted(&doc)
    ));
    out
}

/// Which step of a stage a timescale sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Acknowledge,
    Respond,
    /// the time limit to ask to escalate into the stage
    EscalateInto,
}

/// A timescale found under the cursor.
struct Found<'p> {
    rule: &'p Rule<Window>,
    /// The stage the timescale belongs to (for an escalation window, the stage escalated into).
    stage: &'p Stage,
    /// For an escalation window, the stage escalated from.
    from: Option<&'p str>,
    step: Step,
    /// Every rule of the same kind, for choosing which one a track's case follows.
    siblings: &'p [Rule<Window>],
}

fn find(policy: &ir::Policy, offset: usize) -> Option<Found<'_>> {
    for s in &policy.stages {
        for (rules, step) in [
            (&s.acknowledge, Step::Acknowledge),
            (&s.respond, Step::Respond),
        ] {
            if let Some(rule) = rules.iter().find(|r| holds(r.span, offset)) {
                return Some(Found {
                    rule,
                    stage: s,
                    from: None,
                    step,
                    siblings: rules,
                });
            }
        }
    }
    for e in &policy.escalations {
        if let Some(rule) = e.windows.iter().find(|r| holds(r.span, offset)) {
            let stage = policy.stage(&e.to.value)?;
            return Some(Found {
                rule,
                stage,
                from: Some(e.from.value.as_str()),
                step: Step::EscalateInto,
                siblings: &e.windows,
            });
        }
    }
    None
}

/// The hover of the timescale at `offset`, if there is one there.
pub fn timescale(policy: &ir::Policy, text: &str, offset: usize) -> Option<String> {
    let f = find(policy, offset)?;
    let classes: Vec<String> = f.rule.class.iter().map(|c| c.value.clone()).collect();
    let what = match f.step {
        Step::Acknowledge => "acknowledgement",
        Step::Respond => "response",
        Step::EscalateInto => "request to escalate",
    };
    let role = f.stage.role.as_ref().map(|r| r.value);
    let mut out = match (f.step, f.from) {
        (Step::EscalateInto, Some(from)) => format!(
            "**{what}** from stage `{from}` to stage `{}` ({})",
            f.stage.name.value,
            f.stage.display_name()
        ),
        _ => format!(
            "**{what}** at stage `{}` ({}){}",
            f.stage.name.value,
            f.stage.display_name(),
            role.map(|r| format!(", role `{}`", r.word()))
                .unwrap_or_default()
        ),
    };
    if let Some(c) = &f.rule.class {
        out.push_str(&format!(", for a case of class `{}`", c.value));
    }
    out.push_str(&format!(
        "\n\nA sample complaint received {}, each step taken on its last day:\n",
        sample_received().format("%a %d %b %Y %H:%M")
    ));

    // The tracks whose cases follow this very rule.
    let mut tracks = Vec::new();
    for t in policy.case_tracks() {
        let route = policy.route(t);
        let on_route = match f.from {
            Some(from) => route
                .previous(&f.stage.name.value)
                .is_some_and(|p| p.name.value == from),
            None => route.contains(&f.stage.name.value),
        };
        if !on_route {
            continue;
        }
        let chosen = ir::select(f.siblings, t, &classes, &policy.preferences);
        match chosen {
            Some(r) if std::ptr::eq(r, f.rule) => tracks.push(t),
            Some(r) => out.push_str(&format!(
                "- track `{t}`: follows the rule on line {}, not this one\n",
                line_of(text, r.span.offset)
            )),
            None => {}
        }
    }
    if tracks.is_empty() {
        out.push_str("- no track's complaint follows this rule (its stage is on no track's route, or the rule is for another track)\n");
    }
    for t in &tracks {
        out.push_str(&format!(
            "- track `{t}`: {}\n",
            due_line(policy, t, &classes, &f)
        ));
    }
    out.push_str(&provisions(policy, &tracks, role, f.step));
    Some(out)
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

/// "due **Tue 15 Dec 2026** (10 working days of the acknowledgement (2026-12-08))".
fn due_line(policy: &ir::Policy, track: &str, classes: &[String], f: &Found) -> String {
    let timeline = match sample_timeline(policy, track, classes) {
        Ok(t) => t,
        Err(e) => return format!("not computed: {e}"),
    };
    let kind = match f.step {
        Step::Acknowledge => StepKind::Acknowledge,
        Step::Respond => StepKind::Respond,
        Step::EscalateInto => StepKind::Escalate,
    };
    let step = timeline
        .steps
        .iter()
        .find(|s| s.stage == f.stage.name.value && s.step == kind);
    match step {
        Some(s) => match s.due {
            Some(d) => format!("due **{}** ({})", day(d), s.basis),
            None => format!("no date for the sample complaint: {}", s.basis),
        },
        None => "the sample complaint never reaches this step (an earlier stage ends it, or its start cannot be known)".into(),
    }
}

/// The sample complaint's timeline on `track`, for a case of these classes (a rule limited
/// with `when` is dated for a case of its class): the same walk the site and compare take.
fn sample_timeline(
    policy: &ir::Policy,
    track: &str,
    classes: &[String],
) -> Result<Timeline, String> {
    last_day_walk_of_class(policy, track, sample_received(), false, classes).map(|w| w.timeline)
}

/// The assessment rule of the Codes that judges a step of a formal stage.
fn code_rule(role: Option<Role>, step: Step) -> Option<&'static str> {
    match (role?.formal_number()?, step) {
        (1, Step::Acknowledge) => Some("s1-ack"),
        (1, Step::Respond) => Some("s1-response"),
        (2, Step::Acknowledge) => Some("s2-ack"),
        (2, Step::Respond) => Some("s2-response"),
        _ => None,
    }
}

/// The Code provisions a timescale is judged against, with each track's verdict.
fn provisions(policy: &ir::Policy, tracks: &[&str], role: Option<Role>, step: Step) -> String {
    let Some(rule) = code_rule(role, step) else {
        return match (step, role) {
            (Step::EscalateInto, _) => {
                "\nNo provision of the Complaint Handling Codes sets this time limit.\n".into()
            }
            (_, Some(Role::EarlyResolution)) => "\nAn early-resolution step is not the Codes' stage 1: no Code timescale judges it.\n".into(),
            _ => "\nThe Codes set timescales for the stages whose roles are `stage-1` and `stage-2`; this stage has neither role.\n".into(),
        };
    };
    let mut out = String::from("\nJudged against:\n");
    for id in codes::IDS {
        let Ok(code) = codes::load(id) else { continue };
        let Some(p) = code
            .provisions
            .iter()
            .find(|p| p.rule.as_deref() == Some(rule))
        else {
            continue;
        };
        out.push_str(&format!(
            "- {} **{}** ({}): {}\n",
            code.title, p.id, p.level, p.requirement
        ));
        let covered: Vec<&str> = tracks
            .iter()
            .copied()
            .filter(|t| {
                policy
                    .ombudsman_of(t)
                    .is_some_and(|o| o.word() == code.applies_to)
            })
            .collect();
        if covered.is_empty() {
            out.push_str(&format!(
                "  - applies to tracks whose Ombudsman is `{}`; no track following this rule has it\n",
                code.applies_to
            ));
        }
        for t in covered {
            let verdict = assess::assess(policy, code, Some(t), None)
                .ok()
                .and_then(|a| {
                    a.provisions
                        .into_iter()
                        .find(|r| r.id == p.id)
                        .map(|r| (r.comply.word(), r.explanation))
                });
            match verdict {
                Some((comply, why)) => out.push_str(&format!(
                    "  - track `{t}`: **{comply}** ({why}) (`redress assess --code {}`)\n",
                    code.id
                )),
                None => out.push_str(&format!("  - track `{t}`: not assessed\n")),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    const TEXT: &str = r#"policy "T" {
  track general ombudsman lgsco
  track housing ombudsman housing-ombudsman
  route one, two
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
    respond within 10 working days of acknowledgement
  }
  escalate one -> two {
    within 20 working days of one.response
  }
  stage two "Stage 2" role stage-2 {
    acknowledge within 5 working days of escalation
    respond within 20 working days of acknowledgement
  }
}"#;

    fn hover_at(needle: &str) -> String {
        let Ok(p) = crate::compile(&SourceFile::new("t.policy", TEXT)) else {
            return "does not compile".into();
        };
        let at = TEXT.find(needle).unwrap_or(0) + 2;
        timescale(&p, TEXT, at).unwrap_or_default()
    }

    #[test]
    fn a_stage_1_response_shows_its_due_date_and_both_codes() {
        let h = hover_at("respond within 10");
        // Received Tue 1 Dec; acknowledged on Tue 8 Dec (5 working days); 10 working days on.
        assert!(h.contains("due **Tue 22 Dec 2026**"), "{h}");
        assert!(
            h.contains("Housing Ombudsman Complaint Handling Code 2024 **6.3**"),
            "{h}"
        );
        assert!(h.contains("**6.3** (should)"), "{h}");
        assert!(h.contains("track `housing`: **yes**"), "{h}");
    }

    #[test]
    fn a_stage_2_acknowledgement_is_ho_6_11_and_lgsco_6_10() {
        let h = hover_at("acknowledge within 5 working days of escalation");
        assert!(h.contains("**6.11** (must)"), "{h}");
        assert!(h.contains("**6.10** (should)"), "{h}");
    }

    #[test]
    fn an_escalation_window_has_a_date_and_no_provision() {
        let h = hover_at("within 20 working days of one.response");
        assert!(h.contains("request to escalate"), "{h}");
        assert!(h.contains("due **"), "{h}");
        assert!(h.contains("No provision"), "{h}");
    }

    #[test]
    fn nothing_outside_a_timescale() {
        assert_eq!(hover_at("track general"), "");
    }
}
