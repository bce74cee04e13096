//! What the acknowledgement and response letters must say.

use super::{ground, silent, stage_or_no, stage_words, verdict, Comply, Context, Ground, Verdict};
use crate::ir::{ContentItem, LetterKind, Vocabulary};

/// Items a stage's letters of one kind state, for the track, with their citations.
fn items(cx: &Context, n: u8, kind: LetterKind) -> (Vec<ContentItem>, Vec<Ground>) {
    let Some(stage) = cx.formal(n) else {
        return (Vec::new(), Vec::new());
    };
    let mut out = Vec::new();
    let mut ev = Vec::new();
    for l in stage
        .letters
        .iter()
        .filter(|l| l.value.letter == kind && l.applies_to(cx.track))
    {
        out.extend(l.value.items.iter().copied());
        ev.push(ground(l));
    }
    (out, ev)
}

/// What the letters say about the complaint itself. HO 5.6: the acknowledgement at each stage
/// defines the complaint. HO 5.7: it says which parts the landlord is and is not responsible
/// for. LGSCO 6.7: the response is clear about that responsibility (so either letter counts).
pub(super) fn acknowledgement(cx: &Context, provision: &str) -> Verdict {
    let (wanted, kinds): (ContentItem, &[LetterKind]) = match (cx.code.id.as_str(), provision) {
        ("ho-2024", "5.7") => (ContentItem::Responsibility, &[LetterKind::Acknowledgement]),
        ("lgsco-2024", "6.7") => (
            ContentItem::Responsibility,
            &[LetterKind::Acknowledgement, LetterKind::Response],
        ),
        _ => (ContentItem::Definition, &[LetterKind::Acknowledgement]),
    };
    // The Code's two stages, as far as the track's route has them.
    let stages: Vec<u8> = [1, 2]
        .into_iter()
        .filter(|n| cx.formal(*n).is_some())
        .collect();
    let mut ev = Vec::new();
    let mut have = Vec::new();
    let mut said_anything = false;
    for &n in &stages {
        let mut found = false;
        for kind in kinds {
            let (its, e) = items(cx, n, *kind);
            said_anything |= !its.is_empty();
            found |= its.contains(&wanted);
            ev.extend(e);
        }
        if found {
            have.push(stage_words(cx, n));
        }
    }
    let (what, letters) = match wanted {
        ContentItem::Responsibility => (
            "which parts of the complaint the council is and is not responsible for",
            if kinds.len() > 1 {
                "letters"
            } else {
                "acknowledgements"
            },
        ),
        _ => ("the complaint definition", "acknowledgements"),
    };
    if have.len() == stages.len() && !stages.is_empty() {
        verdict(
            Comply::Yes,
            ev,
            format!("the {letters} state {what} at every stage."),
        )
    } else if !have.is_empty() {
        verdict(
            Comply::Partial,
            ev,
            format!("the {letters} state {what} only at {}.", have.join(" and ")),
        )
    } else if said_anything {
        silent(
            ev,
            &format!("that its {letters} state {what}: it lists what they say, without it; show template letters"),
        )
    } else {
        silent(
            ev,
            &format!("what its {letters} contain; show template letters"),
        )
    }
}

/// The response at the end of a stage confirms the stage, the complaint definition, the
/// decision, the reasons, any remedy, outstanding actions, and how to escalate (stage 1) or go
/// to the Ombudsman (stage 2, or a stage 1 that is the last stage of the track's route).
pub(super) fn response(cx: &Context, n: u8) -> Verdict {
    let stage = match stage_or_no(cx, n) {
        Ok(s) => s,
        Err(v) => return v,
    };
    // A stage 1 that ends the track's route is its final response: it points to the Ombudsman.
    let last = if n == 1 && cx.route.next(&stage.name.value).is_some() {
        ContentItem::Escalation
    } else {
        ContentItem::Ombudsman
    };
    let required = [
        ContentItem::Stage,
        ContentItem::Definition,
        ContentItem::Decision,
        ContentItem::Reasons,
        ContentItem::Remedy,
        ContentItem::OutstandingActions,
        last,
    ];
    let (have, ev) = items(cx, n, LetterKind::Response);
    if have.is_empty() {
        return silent(
            ev,
            &format!(
                "what the {} response contains; show template letters",
                stage_words(cx, n)
            ),
        );
    }
    let missing: Vec<&str> = required
        .iter()
        .filter(|i| !have.contains(i))
        .map(|i| i.word())
        .collect();
    if missing.is_empty() {
        verdict(
            Comply::Yes,
            ev,
            format!(
                "the {} response states all seven items the Code lists.",
                stage_words(cx, n)
            ),
        )
    } else {
        verdict(
            Comply::Partial,
            ev,
            format!(
                "the {} response does not state: {} ({} of 7 listed).",
                stage_words(cx, n),
                missing.join(", "),
                7 - missing.len()
            ),
        )
    }
}
