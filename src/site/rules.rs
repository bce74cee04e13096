//! The Rules section of a policy's page: every rule the policy states, in words, with the
//! clause and phrase of the source document that each one rests on. Every string that comes
//! from the policy goes through `escape`.

use std::fmt::Write;

use super::{escape, text};
use crate::ir::{
    self, Combine, Event, ExtensionLimit, HandlerDuty, LetterKind, Ombudsman, RefusalGround, Unit,
    Vocabulary,
};

/// The Ombudsman's full name.
pub(super) fn ombudsman_name(o: Ombudsman) -> &'static str {
    match o {
        Ombudsman::Lgsco => "Local Government and Social Care Ombudsman",
        Ombudsman::HousingOmbudsman => "Housing Ombudsman",
        Ombudsman::Spso => "Scottish Public Services Ombudsman",
        Ombudsman::Nipso => "Northern Ireland Public Services Ombudsman",
        Ombudsman::Psow => "Public Services Ombudsman for Wales",
    }
}

/// How a citation names its place in the source: "Clause 3.2" for a number, else the
/// section's own heading.
pub(super) fn clause_label(clause: &str) -> String {
    if clause.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Clause {clause}")
    } else {
        clause.to_string()
    }
}

fn duration(d: &ir::Duration, plain: Option<Unit>) -> String {
    match (d.unit, plain) {
        (Unit::Days, Some(u)) => format!(
            "{} (the policy says days mean {})",
            d,
            match u {
                Unit::WorkingDays => "working days",
                _ => "calendar days",
            }
        ),
        (Unit::Days, None) => format!("{d} (working or calendar days: not stated)"),
        _ => d.to_string(),
    }
}

fn event(e: &Event) -> String {
    match e {
        Event::Unstated => "(no start event stated)".into(),
        e => format!("of {}", e.describe()),
    }
}

/// A window in words, as plain text (escaped later).
fn window(w: &ir::Window, plain: Option<Unit>) -> String {
    let terms: Vec<String> = w
        .terms
        .iter()
        .map(|t| format!("{} {}", duration(&t.duration, plain), event(&t.from.value)))
        .collect();
    let body = match w.combine {
        Combine::Single => format!("within {}", terms.join(" and ")),
        Combine::Later => format!("within the later of {}", terms.join(" and ")),
        Combine::Earlier => format!("within the earlier of {}", terms.join(" and ")),
    };
    if w.discretion {
        format!("{body}, with discretion to go beyond it for good reason")
    } else {
        body
    }
}

fn extension(e: &ir::Extension, plain: Option<Unit>) -> String {
    let mut s = match e.limit {
        ExtensionLimit::UpTo { duration: d } => {
            format!(
                "The response may be extended by up to {}",
                duration(&d, plain)
            )
        }
        ExtensionLimit::WithoutLimit => "The response may be extended without limit".into(),
        ExtensionLimit::Unstated => {
            "The response may be extended; the policy states no limit".into()
        }
    };
    if e.more_with_good_reason {
        s.push_str(", and longer with good reason");
    }
    if e.once {
        s.push_str(", once");
    }
    if e.by_agreement {
        s.push_str(", by agreement with the complainant");
    }
    if !e.tell.is_empty() {
        let words: Vec<&str> = e.tell.iter().map(|n| n.word()).collect();
        let _ = write!(s, "; the complainant is told: {}", words.join(", "));
    }
    s
}

fn handler(h: &ir::Handler) -> String {
    let mut parts = Vec::new();
    match &h.role {
        Some(r) => parts.push(format!("Handled by: {r}")),
        None => parts.push("Handled by: (no role named)".into()),
    }
    for d in &h.duties {
        parts.push(match d {
            HandlerDuty::Independent => "independent of the matter complained about".into(),
        });
    }
    if h.not_subject {
        parts.push("not the person the complaint is about".into());
    }
    if h.senior_to_subject {
        parts.push("senior to the person the complaint is about".into());
    }
    for n in &h.not_same_as {
        parts.push(format!("not the handler of stage `{}`", n.value));
    }
    for n in &h.senior_to {
        parts.push(format!("senior to the handler of stage `{}`", n.value));
    }
    parts.join("; ")
}

fn refusal(grounds: &[RefusalGround]) -> String {
    let words: Vec<String> = grounds
        .iter()
        .map(|g| match g {
            RefusalGround::Excluded => {
                "any ground on which a complaint would not be accepted".into()
            }
            RefusalGround::Kind(k) => k.word().to_string(),
            RefusalGround::Stated(t) => format!("\"{t}\""),
        })
        .collect();
    format!("Escalation may be refused: {}", words.join(", "))
}

/// One rule as a list item: what it says, the track it is limited to, and its citations.
fn item<T>(out: &mut String, what: &str, rule: &ir::Rule<T>) {
    let scope = match &rule.track {
        Some(t) => format!(
            " <span class=\"scope\">(track <code>{}</code> only)</span>",
            escape(&t.value)
        ),
        None => String::new(),
    };
    let _ = write!(out, "<li><p class=\"rule\">{}{scope}</p>", text(what));
    if rule.cites.is_empty() {
        let _ = write!(out, "<p class=\"cite-none\">No citation.</p>");
    } else {
        let _ = write!(out, "<ul class=\"cites\">");
        for c in &rule.cites {
            let _ = write!(
                out,
                "<li>{}: <q>{}</q></li>",
                escape(&clause_label(&c.clause.value)),
                escape(&c.phrase.value)
            );
        }
        let _ = write!(out, "</ul>");
    }
    let _ = writeln!(out, "</li>");
}

/// A list of rules under an `<h3>`, or a line saying there are none.
fn group(out: &mut String, id: &str, title: &str, items: &str, none: &str) {
    let _ = writeln!(out, "<h3 id=\"{id}\">{}</h3>", text(title));
    if items.is_empty() {
        let _ = writeln!(out, "<p>{none}</p>");
    } else {
        let _ = writeln!(out, "<ul class=\"rules\">\n{items}</ul>");
    }
}

pub(super) fn section(p: &ir::Policy) -> String {
    let plain = p.plain_days();
    let mut out = String::new();

    let mut items = String::new();
    for t in &p.tracks {
        let v = &t.value;
        let mut s = format!("`{}`", v.name.value);
        if let Some(l) = &v.label {
            let _ = write!(s, " ({l})");
        }
        match &v.ombudsman {
            Some(o) => {
                let _ = write!(s, ": then the {}", ombudsman_name(o.value));
            }
            None => s.push_str(": no Ombudsman named"),
        }
        item(&mut items, &s, t);
    }
    group(
        &mut out,
        "rules-tracks",
        "Tracks",
        &items,
        "The policy declares no tracks: one process for every complaint.",
    );

    let mut items = String::new();
    let c = &p.calendar;
    if let Some(r) = &c.region {
        let region = match r.value {
            ir::Region::EnglandAndWales => "England and Wales",
            ir::Region::Scotland => "Scotland",
            ir::Region::NorthernIreland => "Northern Ireland",
        };
        item(&mut items, &format!("Bank holidays: {region}"), r);
    }
    if let Some(w) = &c.week {
        item(
            &mut items,
            &format!("Working week: {} to {}", w.value.0.word(), w.value.1.word()),
            w,
        );
    }
    if let Some(h) = &c.hours {
        item(
            &mut items,
            &format!(
                "Office hours: {} to {}",
                h.value.0.format("%H:%M"),
                h.value.1.format("%H:%M")
            ),
            h,
        );
    }
    if let Some(o) = &c.out_of_hours {
        item(
            &mut items,
            &format!(
                "A complaint received out of hours counts as received {}",
                match o.value {
                    ir::OutOfHours::NextWorkingDay => "on the next working day",
                    ir::OutOfHours::SameDay => "on the same day",
                }
            ),
            o,
        );
    }
    if let Some(u) = &c.plain_days {
        item(
            &mut items,
            &format!(
                "A bare \"days\" means {}",
                match u.value {
                    Unit::WorkingDays => "working days",
                    _ => "calendar days",
                }
            ),
            u,
        );
    }
    for cl in &c.closures {
        let v = &cl.value;
        let mut s = format!("Closed {} to {}", v.from, v.to);
        if let Some(l) = &v.label {
            let _ = write!(s, " ({l})");
        }
        item(&mut items, &s, cl);
    }
    group(
        &mut out,
        "rules-calendar",
        "Calendar",
        &items,
        "The policy states no calendar.",
    );

    let mut items = String::new();
    for a in &p.acceptance {
        item(
            &mut items,
            &format!("A complaint is accepted {}", window(&a.value, plain)),
            a,
        );
    }
    group(
        &mut out,
        "rules-acceptance",
        "Time limit to complain",
        &items,
        "The policy states no time limit to complain.",
    );

    let mut items = String::new();
    for e in &p.exclusions {
        let v = &e.value;
        let mut s = format!("Not a complaint: {}", v.kind.value.word());
        if let Some(l) = &v.label {
            let _ = write!(s, " ({l})");
        }
        if let Some(r) = &v.refer {
            let _ = write!(s, "; referred to {r}");
        }
        item(&mut items, &s, e);
    }
    group(
        &mut out,
        "rules-exclusions",
        "Exclusions",
        &items,
        "The policy lists no exclusions.",
    );

    for (i, s) in p.stages.iter().enumerate() {
        let mut items = String::new();
        for r in &s.acknowledge {
            item(
                &mut items,
                &format!("Acknowledge {}", window(&r.value, plain)),
                r,
            );
        }
        for r in &s.respond {
            item(
                &mut items,
                &format!("Respond {}", window(&r.value, plain)),
                r,
            );
        }
        for r in &s.extensions {
            item(&mut items, &extension(&r.value, plain), r);
        }
        for r in &s.pauses {
            item(
                &mut items,
                &format!("The timescale pauses while: {}", r.value.word()),
                r,
            );
        }
        for h in &s.handlers {
            item(&mut items, &handler(&h.value), h);
        }
        for r in &s.letters {
            let which = match r.value.letter {
                LetterKind::Acknowledgement => "The acknowledgement",
                LetterKind::Response => "The response",
            };
            let words: Vec<&str> = r.value.items.iter().map(|x| x.word()).collect();
            item(
                &mut items,
                &format!("{which} includes: {}", words.join(", ")),
                r,
            );
        }
        for r in &s.skippable {
            item(&mut items, "This stage may be skipped", r);
        }
        for r in &s.ends_early {
            item(
                &mut items,
                "The council may end the process at this stage",
                r,
            );
        }
        let title = match &s.title {
            Some(t) => format!("Stage `{}`: {t}", s.name.value),
            None => format!("Stage `{}`", s.name.value),
        };
        group(
            &mut out,
            &format!("rules-stage-{}", i + 1),
            &title,
            &items,
            "The policy states no rules for this stage.",
        );
    }

    let mut esc = String::new();
    for e in &p.escalations {
        let mut items = String::new();
        for w in &e.windows {
            item(
                &mut items,
                &format!(
                    "The complainant may ask to escalate {}",
                    window(&w.value, plain)
                ),
                w,
            );
        }
        for r in &e.reasons {
            let s = match r.value {
                ir::Reasons::Required => "The complainant must say why they escalate",
                ir::Reasons::Invited => "The complainant is invited to say why they escalate",
                ir::Reasons::NotRequired => "The complainant need not say why they escalate",
            };
            item(&mut items, s, r);
        }
        for r in &e.refuse {
            item(&mut items, &refusal(&r.value), r);
        }
        for n in &e.new_issues_start {
            item(
                &mut items,
                &format!(
                    "New issues raised with the request start a fresh complaint at stage `{}`",
                    n.value.value
                ),
                n,
            );
        }
        let _ = writeln!(
            esc,
            "<li><p class=\"rule\">From stage <code>{}</code> to stage <code>{}</code></p>",
            escape(&e.from.value),
            escape(&e.to.value)
        );
        if items.is_empty() {
            let _ = writeln!(
                esc,
                "<p>No window, reasons or refusal grounds stated.</p></li>"
            );
        } else {
            let _ = writeln!(esc, "<ul class=\"rules\">\n{items}</ul></li>");
        }
    }
    let _ = writeln!(out, "<h3 id=\"rules-escalations\">Escalations</h3>");
    if esc.is_empty() {
        let _ = writeln!(out, "<p>The policy states no escalations.</p>");
    } else {
        let _ = writeln!(out, "<ul class=\"escalations\">\n{esc}</ul>");
    }

    let mut items = String::new();
    for w in &p.ombudsman_waits {
        let v = &w.value;
        item(
            &mut items,
            &format!(
                "The {} considers a complaint only {} after {}",
                ombudsman_name(v.ombudsman.value),
                duration(&v.duration, plain),
                v.after.value.describe()
            ),
            w,
        );
    }
    group(
        &mut out,
        "rules-waits",
        "Waits before the Ombudsman",
        &items,
        "The policy states no wait before the Ombudsman.",
    );
    out
}
