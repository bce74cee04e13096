//! The Rules section of a policy's page: every rule the policy states, in words, with the
//! clause and phrase of the source document that each one rests on. Every string that comes
//! from the policy goes through `escape`.

use std::fmt::Write;

use super::{escape, text};
use crate::assess::codes;
use crate::ir::{
    self, Combine, Event, ExtensionLimit, HandlerDuty, LetterKind, Ombudsman, RefusalGround, Role,
    Unit, Vocabulary,
};

/// The Ombudsman's full name.
pub(super) fn ombudsman_name(o: Ombudsman) -> &'static str {
    codes::ombudsman_name(o)
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
    let mut out = body;
    if w.discretion {
        out.push_str(", with discretion to go beyond it for good reason");
    }
    if w.lapses {
        out.push_str(
            "; if the complainant does not act within it, the complaint is treated as resolved",
        );
    }
    out
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
    for c in &e.tell_if {
        let _ = write!(
            s,
            "; only if \"{}\", the complainant is told: {}",
            c.condition,
            c.notice.word()
        );
    }
    s
}

/// A role in words: "formal stage 1", "early resolution, before the formal stages".
fn role(r: Role) -> &'static str {
    match r {
        Role::EarlyResolution => "early resolution, before the formal stages",
        Role::Stage1 => "formal stage 1",
        Role::Stage2 => "formal stage 2",
        Role::Stage3 => "formal stage 3",
    }
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

/// One rule as a list item: what it says, the track and case class it is limited to, and its
/// citations.
fn item<T>(out: &mut String, what: &str, rule: &ir::Rule<T>) {
    let limits: Vec<String> = [
        rule.track
            .as_ref()
            .map(|t| format!("track <code>{}</code>", escape(&t.value))),
        rule.class
            .as_ref()
            .map(|c| format!("class <code>{}</code>", escape(&c.value))),
    ]
    .into_iter()
    .flatten()
    .collect();
    let scope = if limits.is_empty() {
        String::new()
    } else {
        format!(" <span class=\"scope\">({} only)</span>", limits.join(", "))
    };
    item_as(out, &format!("{}{scope}", text(what)), rule);
}

/// One rule as a list item, with `html` (already escaped) as what it says.
fn item_as<T>(out: &mut String, html: &str, rule: &ir::Rule<T>) {
    let _ = write!(out, "<li><p class=\"rule\">{html}</p>");
    if rule.cites.is_empty() {
        let _ = write!(out, "<p class=\"cite-none\">No citation.</p>");
    } else {
        let _ = write!(out, "<ul class=\"cites\">");
        for c in &rule.cites {
            let place = match &c.document {
                Some(d) => format!("{} ({})", clause_label(&c.clause.value), d.value),
                None => clause_label(&c.clause.value),
            };
            let _ = write!(
                out,
                "<li>{}: <q>{}</q></li>",
                escape(&place),
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

    out.push_str(&routes(p));

    let mut items = String::new();
    for c in &p.classes {
        let v = &c.value;
        let mut s = format!("`{}`", v.name.value);
        if let Some(l) = &v.label {
            let _ = write!(s, " ({l})");
        }
        s.push_str(": a rule limited to this class applies only to a case of this class");
        item(&mut items, &s, c);
    }
    group(
        &mut out,
        "rules-classes",
        "Case classes",
        &items,
        "The policy declares no case classes: every rule applies to every case on its track.",
    );

    out.push_str(&documents(p));

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

    for st in route_order(p) {
        out.push_str(&stage(p, st, plain));
    }

    out.push_str(&escalations(p, plain));

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

    let mut items = String::new();
    for r in &p.unencoded {
        item(&mut items, &format!("Not encoded: \"{}\"", r.value), r);
    }
    group(
        &mut out,
        "rules-unencoded",
        "Rules the policy language cannot state",
        &items,
        "The policy records no rule of the policy as a whole that the language cannot state.",
    );
    out
}

/// Each track's route: its stages in order, with their roles, then the Ombudsman.
fn routes(p: &ir::Policy) -> String {
    let mut items = String::new();
    for track in p.case_tracks() {
        let route = p.route(track);
        let who = if p.tracks.is_empty() {
            "Every complaint".to_string()
        } else {
            format!("Track `{track}`")
        };
        let steps: Vec<String> = route
            .stages
            .iter()
            .map(|s| {
                let r = s
                    .role
                    .as_ref()
                    .map(|r| role(r.value))
                    .unwrap_or("no role stated");
                format!("{} ({r})", s.display_name())
            })
            .collect();
        let mut what = match steps.as_slice() {
            [] => format!("{who}: no route stated"),
            [one] => format!("{who}: {one} only"),
            _ => format!("{who}: {}", steps.join(", then ")),
        };
        if let Some(o) = p.ombudsman_of(track) {
            let _ = write!(what, "; then the {}", ombudsman_name(o));
        }
        match route.rule {
            Some(r) => item_as(&mut items, &text(&what), r),
            None => {
                let _ = writeln!(
                    items,
                    "<li><p class=\"rule\">{}</p><p class=\"cite-none\">No route statement.</p></li>",
                    text(&what)
                );
            }
        }
    }
    let mut out = String::new();
    group(
        &mut out,
        "rules-routes",
        "Routes",
        &items,
        "The policy states no route.",
    );
    out
}

/// The version, its dates, the source documents the citations come from, and which document
/// the policy follows where they disagree.
fn documents(p: &ir::Policy) -> String {
    let mut items = String::new();
    if let Some(v) = &p.version {
        item(&mut items, &format!("Version {}", v.value), v);
    }
    if let Some(e) = &p.effective {
        item(
            &mut items,
            &format!(
                "This version takes effect on {}",
                e.value.format("%-d %B %Y")
            ),
            e,
        );
    }
    if let Some(r) = &p.reviewed {
        let when = match r.value {
            ir::ReviewDate::Day(d) => d.format("%-d %B %Y").to_string(),
            ir::ReviewDate::Month(_) => r.value.describe(),
        };
        item(&mut items, &format!("Reviewed {when}"), r);
    }
    if let Some(s) = &p.source {
        item(&mut items, &format!("Main document: `{}`", s.value), s);
    }
    for d in &p.documents {
        item(
            &mut items,
            &format!("Document `{}`: `{}`", d.value.id.value, d.value.path),
            d,
        );
    }
    for r in &p.preferences {
        item(
            &mut items,
            &format!(
                "Where the documents disagree, the policy follows `{}` over `{}`",
                r.value.preferred.value, r.value.over.value
            ),
            r,
        );
    }
    let mut out = String::new();
    group(
        &mut out,
        "rules-documents",
        "Version and documents",
        &items,
        "The policy names no source document.",
    );
    out
}

/// The stages in the order the tracks' routes give them (a stage shared by several routes once),
/// then any stage on no route.
fn route_order(p: &ir::Policy) -> Vec<&ir::Stage> {
    let mut out: Vec<&ir::Stage> = Vec::new();
    for route in p.routes_by_track() {
        for s in route.stages {
            if !out.iter().any(|x| x.name.value == s.name.value) {
                out.push(s);
            }
        }
    }
    for s in &p.stages {
        if !out.iter().any(|x| x.name.value == s.name.value) {
            out.push(s);
        }
    }
    out
}

/// The tracks whose route passes through `stage`.
fn tracks_through<'a>(p: &'a ir::Policy, stage: &str) -> Vec<&'a str> {
    p.case_tracks()
        .into_iter()
        .filter(|t| p.route(t).contains(stage))
        .collect()
}

/// One stage's rules under its own heading, with its role and the tracks that pass through it.
fn stage(p: &ir::Policy, s: &ir::Stage, plain: Option<Unit>) -> String {
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
    for r in &s.milestones {
        item(
            &mut items,
            &format!(
                "Milestone \"{}\": {}",
                r.value.label,
                window(&r.value.window, plain)
            ),
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
    for r in &s.start_by_agreement {
        item(
            &mut items,
            "A complaint may start at this stage, skipping the earlier ones, by agreement with the complainant",
            r,
        );
    }
    for r in &s.ends_early {
        item(
            &mut items,
            "The council may end the process at this stage",
            r,
        );
    }
    for r in &s.unencoded {
        item(&mut items, &format!("Not encoded: \"{}\"", r.value), r);
    }
    let title = match &s.title {
        Some(t) => format!("Stage `{}`: {t}", s.name.value),
        None => format!("Stage `{}`", s.name.value),
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h3 id=\"rules-stage-{}\">{}</h3>",
        escape(&s.name.value),
        text(&title)
    );
    let what = s
        .role
        .as_ref()
        .map(|r| format!("Role: {}", role(r.value)))
        .unwrap_or_else(|| "Role: not stated".into());
    let tracks = tracks_through(p, &s.name.value);
    let on = if tracks.is_empty() {
        "on no track's route".to_string()
    } else if p.tracks.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = tracks.iter().map(|t| format!("`{t}`")).collect();
        format!("on the route of {}", names.join(", "))
    };
    let note = if on.is_empty() {
        format!("{what}.")
    } else {
        format!("{what}; {on}.")
    };
    let _ = writeln!(out, "<p class=\"stage-role\">{}</p>", text(&note));
    if items.is_empty() {
        let _ = writeln!(out, "<p>The policy states no rules for this stage.</p>");
    } else {
        let _ = writeln!(out, "<ul class=\"rules\">\n{items}</ul>");
    }
    out
}

/// The escalate blocks in the order of the tracks' routes, then any on no route.
fn escalations(p: &ir::Policy, plain: Option<Unit>) -> String {
    let mut order: Vec<&ir::Escalation> = Vec::new();
    for route in p.routes_by_track() {
        for (_, _, e) in route.transitions(p) {
            if let Some(e) = e {
                if !order.iter().any(|x| std::ptr::eq(*x, e)) {
                    order.push(e);
                }
            }
        }
    }
    for e in &p.escalations {
        if !order.iter().any(|x| std::ptr::eq(*x, e)) {
            order.push(e);
        }
    }
    let mut esc = String::new();
    for e in order {
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
        for r in &e.automatic {
            item(
                &mut items,
                &format!(
                    "A complaint not answered by stage `{}`'s response deadline moves to stage `{}` by itself, with no request needed",
                    e.from.value, e.to.value
                ),
                r,
            );
        }
        for r in &e.unencoded {
            item(&mut items, &format!("Not encoded: \"{}\"", r.value), r);
        }
        let tracks: Vec<&str> = p
            .case_tracks()
            .into_iter()
            .filter(|t| {
                p.route(t)
                    .escalation_into(p, &e.to.value)
                    .is_some_and(|x| std::ptr::eq(x, e))
            })
            .collect();
        let on = if tracks.is_empty() {
            " (on no track's route)".to_string()
        } else if p.tracks.is_empty() {
            String::new()
        } else {
            let names: Vec<String> = tracks
                .iter()
                .map(|t| format!("<code>{}</code>", escape(t)))
                .collect();
            format!(" (tracks {})", names.join(", "))
        };
        let _ = writeln!(
            esc,
            "<li><p class=\"rule\">From stage <code>{}</code> to stage <code>{}</code>{on}</p>",
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
    let mut out = String::new();
    let _ = writeln!(out, "<h3 id=\"rules-escalations\">Escalations</h3>");
    if esc.is_empty() {
        let _ = writeln!(out, "<p>The policy states no escalations.</p>");
    } else {
        let _ = writeln!(out, "<ul class=\"escalations\">\n{esc}</ul>");
    }
    out
}
