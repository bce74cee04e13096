//! The morning list as a team reads it: plain text, Markdown and a self-contained HTML page
//! (counts at the top, then what is overdue, then what falls due soon, then the rows that
//! could not be classed), and the per-case CSV that `--cases-out` writes (every row). The JSON
//! is the [`MorningList`] itself. Nothing here classes a case.

use chrono::NaiveDate;

use super::{day, working_days, Case, MorningList, Status};
use crate::render::assessment::{escape, html_text};

/// The statuses the reports list case by case; the others are counted (the CSV has them all).
const LISTED: [Status; 4] = [
    Status::Overdue,
    Status::DueSoon,
    Status::NotClassed,
    Status::Rejected,
];

fn title(l: &MorningList) -> String {
    format!("{}: complaints as of {}", l.policy, day(l.as_of))
}

fn rows_line(l: &MorningList) -> String {
    let mut s = format!(
        "{} rows: {} accepted, {} rejected",
        l.rows, l.accepted, l.rejected
    );
    if l.duplicates > 0 {
        s.push_str(&format!(
            " ({} of them {})",
            l.duplicates,
            if l.duplicates == 1 {
                "a duplicate id"
            } else {
                "duplicate ids"
            }
        ));
    }
    if l.encoding != "utf-8" {
        s.push_str(&format!(" (read as {} text)", l.encoding));
    }
    s
}

/// A status with its count, as the counts at the top say it.
fn count_words(l: &MorningList, s: Status) -> String {
    let n = l.counts.of(s);
    let what = match s {
        Status::Overdue => "overdue".to_string(),
        Status::DueSoon => format!(
            "due today or within {}",
            working_days(i64::from(l.due_within))
        ),
        Status::OnCourse => "on course".into(),
        Status::AwaitingResident => "awaiting the resident (nothing for the team to do)".into(),
        Status::ClosedLate => "closed late".into(),
        Status::ClosedOnTime => "closed on time".into(),
        Status::NotClassed => "not classed (listed below)".into(),
        Status::Rejected => "rejected rows (listed below)".into(),
    };
    format!("{n} {what}")
}

fn heading(l: &MorningList, s: Status) -> String {
    match s {
        Status::Overdue => "Overdue, most overdue first".into(),
        Status::DueSoon => format!(
            "Due today or within {}, soonest first",
            working_days(i64::from(l.due_within))
        ),
        Status::NotClassed => "Not classed".into(),
        _ => "Rejected rows".into(),
    }
}

fn opt_day(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_default()
}

/// The column that says how far off the due date is.
fn when(c: &Case) -> String {
    match (c.working_days_late, c.working_days_left) {
        (Some(n), _) => format!("{} overdue", working_days(n)),
        (None, Some(0)) => "due today".into(),
        (None, Some(n)) => format!("in {}", working_days(n)),
        (None, None) => String::new(),
    }
}

/// The cells of a listed case: for actions, id, track, next action, due, when; for the
/// others, line, id, why.
fn cells(c: &Case) -> Vec<String> {
    match c.status {
        Status::Overdue | Status::DueSoon => vec![
            c.id.clone(),
            c.track.clone().unwrap_or_default(),
            c.next_action.clone().unwrap_or_default(),
            opt_day(c.due),
            when(c),
        ],
        _ => vec![c.line.to_string(), c.id.clone(), c.detail.clone()],
    }
}

fn headings(s: Status) -> &'static [&'static str] {
    match s {
        Status::Overdue | Status::DueSoon => &["id", "track", "next action", "due", "when"],
        _ => &["line", "id", "why"],
    }
}

fn listed(l: &MorningList, s: Status) -> impl Iterator<Item = &Case> {
    l.cases.iter().filter(move |c| c.status == s)
}

/// Where the rest of the cases are.
const FOOTER: &str =
    "`--cases-out FILE` writes every case with its status, next action and due date; \
                      docs/daily.md says what each status means";

/// Plain text, columns padded; a case's detail on an indented line under it.
pub fn human(l: &MorningList) -> String {
    let mut out = format!("{}\n{}\n\n", title(l), rows_line(l));
    for s in Status::ALL {
        out.push_str(&format!("  {}\n", count_words(l, s)));
    }
    for s in LISTED {
        let cases: Vec<&Case> = listed(l, s).collect();
        if cases.is_empty() {
            continue;
        }
        out.push_str(&format!("\n{}\n", heading(l, s)));
        let rows: Vec<Vec<String>> = cases.iter().map(|c| cells(c)).collect();
        let head: Vec<String> = headings(s).iter().map(|h| h.to_string()).collect();
        let mut widths: Vec<usize> = head.iter().map(|h| h.chars().count()).collect();
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cs: &[String]| {
            let parts: Vec<String> = cs
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("  {}\n", parts.join("  ").trim_end())
        };
        out.push_str(&line(&head));
        for (c, r) in cases.iter().zip(&rows) {
            out.push_str(&line(r));
            if matches!(s, Status::Overdue | Status::DueSoon) && !c.detail.is_empty() {
                out.push_str(&format!("      {}\n", c.detail));
            }
        }
    }
    out.push_str(&format!("\n{FOOTER}.\n"));
    out
}

/// A Markdown table cell: pipes escaped, line breaks as spaces.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

pub fn markdown(l: &MorningList) -> String {
    let mut out = format!("# {}\n\n{}.\n\n", md_cell(&title(l)), rows_line(l));
    for s in Status::ALL {
        out.push_str(&format!("- {}\n", md_cell(&count_words(l, s))));
    }
    for s in LISTED {
        let cases: Vec<&Case> = listed(l, s).collect();
        if cases.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {}\n\n", heading(l, s)));
        let mut head: Vec<&str> = headings(s).to_vec();
        let action = matches!(s, Status::Overdue | Status::DueSoon);
        if action {
            head.push("detail");
        }
        out.push_str(&format!("| {} |\n", head.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(head.len())));
        for c in cases {
            let mut r = cells(c);
            if action {
                r.push(c.detail.clone());
            }
            let r: Vec<String> = r.iter().map(|x| md_cell(x)).collect();
            out.push_str(&format!("| {} |\n", r.join(" | ")));
        }
    }
    out.push_str(&format!("\n{FOOTER}.\n"));
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:72rem;margin:1rem auto;padding:0 1rem;color:#111;background:#fff;line-height:1.4}\
table{border-collapse:collapse;width:100%;margin-bottom:1.5rem}\
th,td{border:1px solid #bbb;padding:.3rem .6rem;text-align:left;vertical-align:top}\
th{background:#eee}\
ul.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0}\
ul.counts li{border:1px solid #bbb;border-radius:.3rem;padding:.4rem .7rem}\
ul.counts li.overdue{border-color:#a00;background:#fee}\
ul.counts li.due-soon{border-color:#a60;background:#fff4e0}\
.detail{color:#444;font-size:.9em}";

/// A page a team leader can open from a file: no script, no external request, every text
/// escaped.
pub fn html(l: &MorningList) -> String {
    let t = escape(&title(l));
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{t}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{t}</h1>\n\
         <p>{}.</p>\n<ul class=\"counts\">\n",
        escape(&rows_line(l))
    );
    for s in Status::ALL {
        let class = serde_json::to_value(s)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        out.push_str(&format!(
            "<li class=\"{}\">{}</li>\n",
            escape(&class),
            escape(&count_words(l, s))
        ));
    }
    out.push_str("</ul>\n");
    for s in LISTED {
        let cases: Vec<&Case> = listed(l, s).collect();
        if cases.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<h2>{}</h2>\n<table>\n<thead><tr>",
            escape(&heading(l, s))
        ));
        for h in headings(s) {
            out.push_str(&format!("<th scope=\"col\">{}</th>", escape(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        let action = matches!(s, Status::Overdue | Status::DueSoon);
        for c in cases {
            out.push_str("<tr>");
            for (i, x) in cells(c).iter().enumerate() {
                // The next action carries the case's detail under it.
                if action && i == 2 && !c.detail.is_empty() {
                    out.push_str(&format!(
                        "<td>{}<div class=\"detail\">{}</div></td>",
                        html_text(x),
                        html_text(&c.detail)
                    ));
                } else {
                    // Reasons mark values as `this`: code on the page, escaped first.
                    out.push_str(&format!("<td>{}</td>", html_text(x)));
                }
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n");
    }
    let footer = html_text(FOOTER);
    out.push_str(&format!("<p>{footer}.</p>\n</main>\n</body>\n</html>\n"));
    out
}

/// The per-case CSV: every row of the export, in the list's order.
pub fn csv(l: &MorningList) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "line",
        "track",
        "status",
        "next_action",
        "stage",
        "due",
        "working_days_late",
        "working_days_left",
        "detail",
    ])?;
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    for c in &l.cases {
        w.write_record([
            c.id.as_str(),
            &c.line.to_string(),
            c.track.as_deref().unwrap_or(""),
            c.status.words(),
            c.next_action.as_deref().unwrap_or(""),
            &c.stage.map(|n| n.to_string()).unwrap_or_default(),
            &c.due.map(|d| d.to_string()).unwrap_or_default(),
            &num(c.working_days_late),
            &num(c.working_days_left),
            &c.detail,
        ])?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}
