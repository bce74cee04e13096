//! The measures report (`redress measures`, without `--report annual`) as Markdown and HTML,
//! and the pieces the annual report ([`super::annual`]) shares with it: the figure cells and
//! the lists of readings and rejected rows. A rendering module: it is given [`Measures`] and
//! computes nothing.

use super::{long_date, thousands, two_places, Measures, StageMeasures};
use crate::render::assessment::escape;

/// CH01 for a stage in one cell: `4.00 (10 received; 2,500 homes)`, or what it needs.
pub fn ch01_cell(m: &Measures, s: &StageMeasures) -> String {
    match (m.homes, s.per_1000_homes) {
        (Some(h), Some(x)) => format!(
            "{} ({} received; {} homes)",
            two_places(x),
            s.received,
            thousands(h)
        ),
        _ => format!("needs --homes ({} received)", s.received),
    }
}

/// CH02 for a stage in one cell: `77.8% (7 of 9)`.
pub fn ch02_cell(s: &StageMeasures) -> String {
    match s.percent_within_code {
        Some(p) => format!("{} ({} of {})", percent(p), s.within_code, s.responded),
        None => "none responded to".into(),
    }
}

/// `77.8%`: one decimal place, as every report prints a rate.
pub fn percent(p: f64) -> String {
    format!("{p:.1}%")
}

/// The rejected rows listed (`line 15: ...`), and how many more were only counted.
pub fn rejected_items(m: &Measures) -> Vec<String> {
    let mut items: Vec<String> = m
        .rejected_rows
        .iter()
        .map(|r| format!("line {}: {}", r.line, r.reason))
        .collect();
    let listed = m.rejected_rows.len() as u64;
    if m.rejected > listed {
        items.push(format!("... and {} more", m.rejected - listed));
    }
    items
}

/// The rejected repeats in a clause: `1 row repeats the id of an earlier accepted row, which
/// is the one counted (1 differing from it): H4 (line 15)`. None without any.
pub fn duplicates_note(m: &Measures) -> Option<String> {
    let d = &m.duplicates;
    if d.count == 0 {
        return None;
    }
    let mut examples: Vec<String> = d
        .examples
        .iter()
        .map(|e| format!("{} (line {})", e.id, e.line))
        .collect();
    if d.examples_truncated {
        examples.push("...".into());
    }
    Some(format!(
        "{} the id of an earlier accepted row, which is the one counted ({} differing from it): {}",
        if d.count == 1 {
            "1 row repeats".to_string()
        } else {
            format!("{} rows repeat", d.count)
        },
        d.conflicts,
        examples.join(", ")
    ))
}

/// A Markdown bulleted list.
pub fn md_list(items: &[String]) -> String {
    items.iter().map(|i| format!("- {i}\n")).collect()
}

/// An HTML list, each item escaped.
pub fn html_list(items: &[String]) -> String {
    let mut out = String::from("<ul>\n");
    for i in items {
        out.push_str(&format!("<li>{}</li>\n", escape(i)));
    }
    out.push_str("</ul>\n");
    out
}

/// The rows of the measures table: measure, stage, figure, numerator, denominator.
fn table(m: &Measures) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    for s in &m.stages {
        let (figure, denominator) = match (m.homes, s.per_1000_homes) {
            (Some(h), Some(x)) => (two_places(x), format!("{} homes", thousands(h))),
            _ => ("needs --homes".to_string(), "-".to_string()),
        };
        rows.push([
            "CH01 complaints received per 1,000 homes".to_string(),
            format!("stage {}", s.stage),
            figure,
            format!("{} received", s.received),
            denominator,
        ]);
    }
    for s in &m.stages {
        rows.push([
            "CH02 responded to within the Code's timescales".to_string(),
            format!("stage {}", s.stage),
            s.percent_within_code
                .map(|p| format!("{p:.1}%"))
                .unwrap_or_else(|| "none responded to".into()),
            format!("{} within", s.within_code),
            format!("{} responded to", s.responded),
        ]);
    }
    rows
}

fn summary(m: &Measures) -> String {
    let mut s = format!(
        "Reporting year {} ({} to {}); tracks counted: {} (Housing Ombudsman). {} rows: {} accepted, {} rejected; {} on other tracks not counted",
        m.year,
        long_date(m.from),
        long_date(m.to),
        m.tracks.join(", "),
        m.rows,
        m.accepted,
        m.rejected,
        m.not_housing,
    );
    if let Some(d) = duplicates_note(m) {
        s.push_str(&format!("; of the rejected, {d}"));
    }
    if m.encoding != "utf-8" {
        s.push_str(&format!("; read as {} text", m.encoding));
    }
    s
}

fn notes(m: &Measures) -> Vec<String> {
    let mut n = Vec::new();
    if m.homes.is_none() {
        n.push("CH01 needs --homes: the number of homes the landlord owns (its relevant social housing stock at the end of the year).".to_string());
    }
    for s in &m.stages {
        n.push(format!(
            "Stage {}: by the policy's own timescales {} of the {} responses were on time; {} responses had an extension, {} longer than the Code allows without good reason (counted up to the Code's limit).",
            s.stage, s.within_policy, s.responded, s.extended, s.extension_over_code
        ));
    }
    n
}

pub fn markdown(m: &Measures) -> String {
    let mut out = format!(
        "# Complaint measures {}: {}\n\n{}.\n\n",
        m.year,
        m.policy,
        summary(m)
    );
    out.push_str("| measure | stage | figure | numerator | denominator |\n");
    out.push_str("|---|---|---:|---:|---:|\n");
    for r in table(m) {
        out.push_str(&format!("| {} |\n", r.join(" | ")));
    }
    out.push('\n');
    out.push_str(&md_list(&notes(m)));
    out.push_str("\n## Readings taken\n\n");
    out.push_str(&md_list(&m.readings));
    let rejected = rejected_items(m);
    if !rejected.is_empty() {
        out.push_str("\n## Rejected rows\n\n");
        out.push_str(&md_list(&rejected));
    }
    out
}

pub fn html(m: &Measures) -> String {
    let title = format!("Complaint measures {}: {}", m.year, m.policy);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>body{{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}}table{{border-collapse:collapse}}th,td{{border:1px solid #999;padding:.3rem .6rem;text-align:left}}td.n{{text-align:right}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p>{s}.</p>\n<table>\n<thead><tr><th scope=\"col\">measure</th><th scope=\"col\">stage</th><th scope=\"col\">figure</th><th scope=\"col\">numerator</th><th scope=\"col\">denominator</th></tr></thead>\n<tbody>\n",
        t = escape(&title),
        s = escape(&summary(m)),
    );
    for r in table(m) {
        let [a, b, c, d, e] = r.map(|x| escape(&x));
        out.push_str(&format!(
            "<tr><td>{a}</td><td>{b}</td><td class=\"n\">{c}</td><td class=\"n\">{d}</td><td class=\"n\">{e}</td></tr>\n"
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out.push_str(&html_list(&notes(m)));
    out.push_str("<h2>Readings taken</h2>\n");
    out.push_str(&html_list(&m.readings));
    let rejected = rejected_items(m);
    if !rejected.is_empty() {
        out.push_str("<h2>Rejected rows</h2>\n");
        out.push_str(&html_list(&rejected));
    }
    out.push_str("</body>\n</html>\n");
    out
}
