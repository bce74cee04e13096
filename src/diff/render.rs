//! A diff as text for a terminal, Markdown for a committee paper, HTML for the web (every string
//! escaped). JSON is the [`Diff`] itself.

use std::fmt::Write;

use super::{About, Change, Cite, DateMove, Diff, RuleChange, Stated, Walk};
use crate::render::assessment::escape;

fn about(a: &About) -> String {
    let mut s = a.policy.clone();
    if let Some(v) = &a.version {
        let _ = write!(s, ", version {v}");
    }
    if let Some(e) = a.effective {
        let _ = write!(s, ", effective {e}");
    }
    s
}

fn change_word(c: Change) -> &'static str {
    match c {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

fn cite(c: &Cite) -> String {
    match &c.document {
        Some(d) => format!("cite {d} \"{}\" \"{}\"", c.clause, c.phrase),
        None => format!("cite \"{}\" \"{}\"", c.clause, c.phrase),
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn rule_counts(d: &Diff) -> String {
    let n = |c: Change| d.rules.iter().filter(|r| r.change == c).count();
    format!(
        "{} changed, {} added, {} removed",
        n(Change::Changed),
        n(Change::Added),
        n(Change::Removed)
    )
}

/// "5 working days earlier", "new", "no longer due".
fn moved(m: &DateMove) -> String {
    match (m.old, m.new, m.working_days) {
        (Some(_), Some(_), Some(n)) if n < 0 => {
            format!(
                "{} earlier",
                count(n.unsigned_abs() as usize, "working day", "working days")
            )
        }
        (Some(_), Some(_), Some(n)) if n > 0 => {
            format!("{} later", count(n as usize, "working day", "working days"))
        }
        (Some(_), Some(_), Some(_)) => "0 working days (both on non-working days)".into(),
        (Some(_), Some(_), None) => "not counted (outside the calendar's years)".into(),
        (None, Some(_), _) => "new: the old policy gives no such date".into(),
        (Some(_), None, _) => "gone: the new policy gives no such date".into(),
        (None, None, _) => String::new(),
    }
}

fn date(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.format("%a %d %b %Y").to_string())
        .unwrap_or_else(|| "-".into())
}

/// The walks of one track that have moves, in order.
fn groups(d: &Diff) -> Vec<(&str, Walk, Vec<&DateMove>)> {
    let mut out: Vec<(&str, Walk, Vec<&DateMove>)> = Vec::new();
    for m in &d.dates {
        match out.last_mut() {
            Some((t, w, v)) if *t == m.track && *w == m.walk => v.push(m),
            _ => out.push((m.track.as_str(), m.walk, vec![m])),
        }
    }
    out
}

fn side_word(s: Option<super::Which>) -> &'static str {
    match s {
        Some(super::Which::Old) => "on the old policy",
        Some(super::Which::New) => "on the new policy",
        None => "on either policy",
    }
}

fn no_differences() -> &'static str {
    "No differences: the two policies state the same rules, so a sample complaint's due dates \
     and the Code verdicts are the same."
}

// ---------------------------------------------------------------------------------------------
// Text

fn human_stated(out: &mut String, label: &str, s: &Stated) {
    let head = format!("           {label}, line {}: ", s.line);
    let pad = " ".repeat(head.chars().count());
    if s.cites.is_empty() {
        let _ = writeln!(out, "{}", head.trim_end_matches([' ', ':']));
    }
    for (i, c) in s.cites.iter().enumerate() {
        let lead = if i == 0 { &head } else { &pad };
        let _ = writeln!(out, "{lead}{}", cite(c));
    }
}

/// The rule and what changed, without repeating "added" or "removed" after the marker.
fn headline(r: &RuleChange) -> String {
    let stated = match r.change {
        Change::Changed => return format!("{}: {}", r.subject, r.summary),
        Change::Added => r.new.as_ref(),
        Change::Removed => r.old.as_ref(),
    };
    match stated.map(|s| s.words.as_str()) {
        Some(w) if !w.is_empty() => format!("{}: {w}", r.subject),
        _ => r.subject.clone(),
    }
}

fn human_rule(out: &mut String, r: &RuleChange) {
    let _ = writeln!(out, "  {:<8} {}", change_word(r.change), headline(r));
    if let Some(s) = &r.old {
        human_stated(out, "old", s);
    }
    if let Some(s) = &r.new {
        human_stated(out, "new", s);
    }
}

/// The diff for a terminal.
pub fn human(d: &Diff) -> String {
    let mut out = String::new();
    for w in &d.warnings {
        let _ = writeln!(out, "WARNING: {w}");
    }
    if !d.warnings.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "old: {} ({})", about(&d.old), d.old.file);
    let _ = writeln!(out, "new: {} ({})", about(&d.new), d.new.file);
    out.push('\n');
    if !d.has_differences() {
        let _ = writeln!(out, "{}", no_differences());
        for n in &d.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        return out;
    }
    let _ = writeln!(out, "Rules: {}", rule_counts(d));
    for r in &d.rules {
        human_rule(&mut out, r);
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "Due dates of a sample complaint received {} (the council acting on the last day each \
         rule allows, the complainant escalating on the day of each response)",
        d.received.format("%a %d %b %Y %H:%M")
    );
    if d.dates.is_empty() {
        let _ = writeln!(
            out,
            "  none moves on {}",
            if d.tracks.is_empty() {
                "any track (the policies share no track)".to_string()
            } else {
                format!("track {}", d.tracks.join(", track "))
            }
        );
    }
    for (track, walk, moves) in groups(d) {
        let _ = writeln!(out, "  track {track}, {}:", walk.describe());
        let width = moves
            .iter()
            .map(|m| m.step.chars().count())
            .max()
            .unwrap_or(0);
        for m in moves {
            let _ = writeln!(
                out,
                "    {:<width$}  {} -> {}  {}",
                m.step,
                date(m.old),
                date(m.new),
                moved(m)
            );
        }
    }
    for n in &d.date_notes {
        let _ = writeln!(
            out,
            "  track {}, {}: not walked {}: {}",
            n.track,
            n.walk.describe(),
            side_word(n.side),
            n.why
        );
    }
    out.push('\n');
    let _ = writeln!(out, "Complaint Handling Code verdicts that change");
    if d.verdicts.is_empty() {
        let _ = writeln!(out, "  none");
    }
    for v in &d.verdicts {
        let _ = writeln!(
            out,
            "  {} {} ({}), track {}: {} -> {}",
            v.code,
            v.provision,
            v.level,
            v.track,
            v.old.word(),
            v.new.word()
        );
        let _ = writeln!(out, "      {}", v.requirement);
        let _ = writeln!(out, "      old: {}", v.old_explanation);
        let _ = writeln!(out, "      new: {}", v.new_explanation);
    }
    if !d.reasons.is_empty() {
        let _ = writeln!(out, "  Same verdict, different reasons:");
        for r in &d.reasons {
            let _ = writeln!(
                out,
                "    {} {}, track {}: {} on both sides",
                r.code,
                r.provision,
                r.track,
                r.comply.word()
            );
            let _ = writeln!(out, "        old: {}", r.old_explanation);
            let _ = writeln!(out, "        new: {}", r.new_explanation);
        }
    }
    for n in &d.notes {
        let _ = writeln!(out, "Note: {n}");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Markdown

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_stated(out: &mut String, label: &str, s: &Stated) {
    if s.cites.is_empty() {
        let _ = writeln!(out, "  - {label} (line {})", s.line);
        return;
    }
    let cites = s
        .cites
        .iter()
        .map(|c| format!("`{}`", cite(c).replace('`', "'")))
        .collect::<Vec<_>>()
        .join("; ");
    let _ = writeln!(out, "  - {label} (line {}): {cites}", s.line);
}

/// The diff as Markdown.
pub fn markdown(d: &Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Changes to {}\n", d.new.policy);
    for w in &d.warnings {
        let _ = writeln!(out, "> **Warning:** {w}\n");
    }
    let _ = writeln!(out, "- Old: {} (`{}`)", about(&d.old), d.old.file);
    let _ = writeln!(out, "- New: {} (`{}`)\n", about(&d.new), d.new.file);
    if !d.has_differences() {
        let _ = writeln!(out, "{}", no_differences());
        for n in &d.notes {
            let _ = writeln!(out, "\nNote: {n}");
        }
        return out;
    }
    let _ = writeln!(out, "## Rules\n\n{}.\n", rule_counts(d));
    for r in &d.rules {
        let _ = writeln!(out, "- **{}** {}", change_word(r.change), headline(r));
        if let Some(s) = &r.old {
            md_stated(&mut out, "old", s);
        }
        if let Some(s) = &r.new {
            md_stated(&mut out, "new", s);
        }
    }
    let _ = writeln!(
        out,
        "\n## Due dates of a sample complaint\n\nReceived {}; the council acts on the last day \
         each rule allows and the complainant escalates on the day of each response.\n",
        d.received.format("%a %d %b %Y %H:%M")
    );
    if d.dates.is_empty() {
        let _ = writeln!(out, "No due date moves.\n");
    } else {
        let _ = writeln!(out, "| Track | Walk | Step | Old | New | Moves |");
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for m in &d.dates {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md_cell(&m.track),
                m.walk.describe(),
                md_cell(&m.step),
                date(m.old),
                date(m.new),
                moved(m)
            );
        }
        out.push('\n');
    }
    for n in &d.date_notes {
        let _ = writeln!(
            out,
            "- Track {}, {}: not walked {}: {}",
            n.track,
            n.walk.describe(),
            side_word(n.side),
            n.why
        );
    }
    if !d.date_notes.is_empty() {
        out.push('\n');
    }
    let _ = writeln!(out, "## Complaint Handling Code verdicts that change\n");
    if d.verdicts.is_empty() {
        let _ = writeln!(out, "None.\n");
    } else {
        let _ = writeln!(
            out,
            "| Code | Track | Provision | Requirement | Old | New | Why |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for v in &d.verdicts {
            let _ = writeln!(
                out,
                "| {} | {} | {} ({}) | {} | {} | {} | Old: {} New: {} |",
                v.code,
                md_cell(&v.track),
                v.provision,
                v.level,
                md_cell(&v.requirement),
                v.old.word(),
                v.new.word(),
                md_cell(&v.old_explanation),
                md_cell(&v.new_explanation)
            );
        }
        out.push('\n');
    }
    if !d.reasons.is_empty() {
        let _ = writeln!(out, "Same verdict, different reasons:\n");
        for r in &d.reasons {
            let _ = writeln!(
                out,
                "- {} {}, track {} ({} on both sides): Old: {} New: {}",
                r.code,
                r.provision,
                r.track,
                r.comply.word(),
                r.old_explanation,
                r.new_explanation
            );
        }
        out.push('\n');
    }
    for n in &d.notes {
        let _ = writeln!(out, "Note: {n}\n");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTML

fn html_stated(s: Option<&Stated>) -> String {
    let Some(s) = s else {
        return "-".into();
    };
    let mut out = format!("line {}", s.line);
    if !s.words.is_empty() {
        let _ = write!(out, ": {}", escape(&s.words));
    }
    for c in &s.cites {
        let _ = write!(out, "<br><code>{}</code>", escape(&cite(c)));
    }
    out
}

/// The diff as a standalone HTML page.
pub fn html(d: &Diff) -> String {
    let mut out = String::new();
    let title = format!("Changes to {}", d.new.policy);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>\nbody{{font-family:sans-serif;max-width:70rem;margin:1rem auto;padding:0 1rem}}\n\
         table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:.3rem;text-align:left;vertical-align:top}}\n\
         .warning{{border:3px solid #b00;padding:.5rem;font-weight:bold}}\n</style>\n</head>\n<body>\n<h1>{t}</h1>",
        t = escape(&title)
    );
    for w in &d.warnings {
        let _ = writeln!(out, "<p class=\"warning\">Warning: {}</p>", escape(w));
    }
    let _ = writeln!(
        out,
        "<ul>\n<li>Old: {} (<code>{}</code>)</li>\n<li>New: {} (<code>{}</code>)</li>\n</ul>",
        escape(&about(&d.old)),
        escape(&d.old.file),
        escape(&about(&d.new)),
        escape(&d.new.file)
    );
    if !d.has_differences() {
        let _ = writeln!(out, "<p>{}</p>", escape(no_differences()));
    } else {
        let _ = writeln!(
            out,
            "<h2>Rules</h2>\n<p>{}.</p>\n<table>\n<thead><tr><th scope=\"col\">Change</th>\
             <th scope=\"col\">Rule</th><th scope=\"col\">What changed</th>\
             <th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead>\n<tbody>",
            rule_counts(d)
        );
        for r in &d.rules {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                change_word(r.change),
                escape(&r.subject),
                escape(&r.summary),
                html_stated(r.old.as_ref()),
                html_stated(r.new.as_ref())
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>");
        let _ = writeln!(
            out,
            "<h2>Due dates of a sample complaint</h2>\n<p>Received {}; the council acts on the \
             last day each rule allows and the complainant escalates on the day of each \
             response.</p>",
            d.received.format("%a %d %b %Y %H:%M")
        );
        if d.dates.is_empty() {
            let _ = writeln!(out, "<p>No due date moves.</p>");
        } else {
            let _ = writeln!(
                out,
                "<table>\n<thead><tr><th scope=\"col\">Track</th><th scope=\"col\">Walk</th>\
                 <th scope=\"col\">Step</th><th scope=\"col\">Old</th><th scope=\"col\">New</th>\
                 <th scope=\"col\">Moves</th></tr></thead>\n<tbody>"
            );
            for m in &d.dates {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape(&m.track),
                    m.walk.describe(),
                    escape(&m.step),
                    date(m.old),
                    date(m.new),
                    escape(&moved(m))
                );
            }
            let _ = writeln!(out, "</tbody>\n</table>");
        }
        for n in &d.date_notes {
            let _ = writeln!(
                out,
                "<p>Track {}, {}: not walked {}: {}</p>",
                escape(&n.track),
                n.walk.describe(),
                side_word(n.side),
                escape(&n.why)
            );
        }
        let _ = writeln!(out, "<h2>Complaint Handling Code verdicts that change</h2>");
        if d.verdicts.is_empty() {
            let _ = writeln!(out, "<p>None.</p>");
        } else {
            let _ = writeln!(
                out,
                "<table>\n<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Track</th>\
                 <th scope=\"col\">Provision</th><th scope=\"col\">Requirement</th>\
                 <th scope=\"col\">Old</th><th scope=\"col\">New</th></tr></thead>\n<tbody>"
            );
            for v in &d.verdicts {
                let _ = writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><th scope=\"row\">{} ({})</th><td>{}</td>\
                     <td>{}: {}</td><td>{}: {}</td></tr>",
                    escape(&v.code),
                    escape(&v.track),
                    escape(&v.provision),
                    escape(&v.level),
                    escape(&v.requirement),
                    v.old.word(),
                    escape(&v.old_explanation),
                    v.new.word(),
                    escape(&v.new_explanation)
                );
            }
            let _ = writeln!(out, "</tbody>\n</table>");
        }
        if !d.reasons.is_empty() {
            let _ = writeln!(out, "<p>Same verdict, different reasons:</p>\n<ul>");
            for r in &d.reasons {
                let _ = writeln!(
                    out,
                    "<li>{} {}, track {} ({} on both sides): Old: {} New: {}</li>",
                    escape(&r.code),
                    escape(&r.provision),
                    escape(&r.track),
                    r.comply.word(),
                    escape(&r.old_explanation),
                    escape(&r.new_explanation)
                );
            }
            let _ = writeln!(out, "</ul>");
        }
    }
    for n in &d.notes {
        let _ = writeln!(out, "<p>Note: {}</p>", escape(n));
    }
    let _ = writeln!(out, "</body>\n</html>");
    out
}
