//! The comparison table as Markdown (docs/comparison.md), as HTML (a wide table for a desktop
//! screen and a card per row for a phone; the page around them is the site's, in
//! `crate::site::comparison`), as CSV and as JSON.
//!
//! Every string in a table comes from a policy, so each output escapes it by the rules of its
//! format: [`escape`] for HTML, [`markdown_text`] and [`markdown_code`] for Markdown, the CSV
//! writer's quoting for CSV.

use std::fmt::Write;
use std::path::PathBuf;

use super::assessment::escape;
use crate::compare::{Column, Comparison, Row};

fn cell<'a>(row: &'a Row, key: &str) -> &'a str {
    row.cells.get(key).map(String::as_str).unwrap_or("")
}

/// Text from a policy made inert in Markdown, for a table cell or a line of prose: `&`, `<` and
/// `>` become entities (so `<script>` is shown, never run, by any renderer), the characters
/// Markdown acts on inline get a backslash (`|` would end a table cell, a backtick open code,
/// `*`, `_` and `~` emphasis, `[` and `]` a link, `\` escape the next character), and a line
/// break becomes a space (it would end the table row). The one escaper of Markdown text: every
/// Markdown output should use it.
pub fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '~' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text shown as code in Markdown (a path, a command): inside a code span nothing is markup,
/// so the span's fence is one backtick longer than the longest run in the text, with a space
/// inside it where the text begins or ends with a backtick. For prose, not a table cell (where
/// a `|` would end the cell even in code).
pub fn markdown_code(s: &str) -> String {
    let text = s.replace(['\n', '\r'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Where a comparison comes from: the paths it read, as the user gave them, and the command
/// that makes it again. docs/comparison.md once always said `policies/` and the command that
/// refreshes it, whatever paths were compared.
#[derive(Clone, Debug)]
pub struct Provenance {
    pub paths: Vec<String>,
    pub command: String,
}

/// The folder `compare` reads when it is given no path.
const DEFAULT_FOLDER: &str = "policies/";

impl Provenance {
    /// The `redress compare` command with the paths and options given (the default paths when
    /// none were), each word quoted for a POSIX shell where it needs it.
    pub fn of_compare(
        paths: &[PathBuf],
        received: Option<&str>,
        allow_errors: bool,
        format: &str,
    ) -> Self {
        let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        let mut words = vec!["redress".to_string(), "compare".to_string()];
        words.extend(paths.iter().map(|p| shell_word(p)));
        if let Some(r) = received {
            words.extend(["--received".to_string(), shell_word(r)]);
        }
        if allow_errors {
            words.push("--allow-errors".into());
        }
        words.extend(["--format".to_string(), format.to_string()]);
        Provenance {
            paths: if paths.is_empty() {
                vec![DEFAULT_FOLDER.to_string()]
            } else {
                paths
            },
            command: words.join(" "),
        }
    }
}

impl Provenance {
    /// The paths as a list in words, each shown by `each`: "`a`, `b` and `c`".
    pub fn paths_in_words(&self, each: impl Fn(&str) -> String) -> String {
        let items: Vec<String> = self.paths.iter().map(|p| each(p)).collect();
        match items.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

/// A word as a POSIX shell reads it back: as it is when it holds only characters no shell
/// treats specially, else in single quotes.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@,+=%".contains(c));
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// What the stage, "Rules not encoded" and "Version" columns mean, for the text above a table.
pub fn column_notes(c: &Comparison) -> String {
    format!(
        "Stage 1 and stage 2 are the stages a track's own route gives those roles, whatever the \
         order of the policy file; \"-\" marks a stage the track's route does not have. \"Rules \
         not encoded\" counts the rules of the council's text that the policy records as beyond \
         the policy language, for that track. \"Version\" says, where two versions of one \
         council's policy are compared, which is in force on {}.",
        c.received.format("%-d %B %Y")
    )
}

/// What the latest dates assume, for the text above a table.
pub fn latest_dates_note(c: &Comparison) -> String {
    format!(
        "WD = working days. \"? (start not stated)\" and \"unit not stated\" are the councils' \
         own ambiguities, kept visible. The latest dates follow a complaint received {} if the \
         council takes every day it allows itself and uses every extension, with the \
         complainant escalating on the day of each response.",
        c.received.format("%A %-d %B %Y at %H:%M")
    )
}

pub fn markdown(c: &Comparison, from: &Provenance) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Council complaint policies compared\n");
    let _ = writeln!(
        out,
        "Generated by redress from {} with\n{}:\ndo not edit by hand; run that command again to \
         refresh it.\n",
        from.paths_in_words(markdown_code),
        markdown_code(&from.command)
    );
    let _ = writeln!(out, "{}\n", latest_dates_note(c));
    let _ = writeln!(out, "{}\n", column_notes(c));
    let _ = write!(out, "| Council | Track |");
    for col in &c.columns {
        let _ = write!(out, " {} |", markdown_text(&col.title));
    }
    let _ = writeln!(out);
    let _ = writeln!(out, "|---|---|{}", "---|".repeat(c.columns.len()));
    for r in &c.rows {
        let _ = write!(
            out,
            "| {} | {} |",
            markdown_text(&r.policy),
            markdown_text(&r.track)
        );
        for col in &c.columns {
            let _ = write!(out, " {} |", markdown_text(cell(r, &col.key)));
        }
        let _ = writeln!(out);
    }
    out
}

/// The columns whose words are long lists, which the stylesheet gives more room.
const LONG: [&str; 2] = ["early", "exclusions"];

/// The table alone, for a wide screen: a caption, column headers and a row header per council
/// and track, which `link` makes a link to that council's page where it gives one.
pub fn html_table(c: &Comparison, link: &dyn Fn(usize) -> Option<String>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<table id=\"comparison\">\n<caption>Complaint policies compared: one row per council and track \
         (latest dates for a complaint received {})</caption>",
        escape(&c.received.format("%-d %B %Y at %H:%M").to_string())
    );
    let _ = write!(
        out,
        "<thead><tr><th scope=\"col\">Council</th><th scope=\"col\">Track</th>"
    );
    for col in &c.columns {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&col.title));
    }
    let _ = writeln!(out, "</tr></thead>\n<tbody>");
    for (i, r) in c.rows.iter().enumerate() {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td>",
            council(r, link(i)),
            escape(&r.track)
        );
        for col in &c.columns {
            let class = if LONG.contains(&col.key.as_str()) {
                " class=\"long\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", escape(cell(r, &col.key)));
        }
        let _ = writeln!(out, "</tr>");
    }
    let _ = writeln!(out, "</tbody>\n</table>");
    out
}

fn council(r: &Row, href: Option<String>) -> String {
    match href {
        Some(href) => format!("<a href=\"{}\">{}</a>", escape(&href), escape(&r.policy)),
        None => escape(&r.policy),
    }
}

/// The same rows for a narrow screen: a card per council and track, headed at `level`, with
/// each column's title and words as a description list. A column the track's route does not
/// have ("-") is left out of its card.
pub fn html_cards(c: &Comparison, link: &dyn Fn(usize) -> Option<String>, level: u8) -> String {
    let mut out = String::from("<ul class=\"comparison-cards\">\n");
    for (i, r) in c.rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li class=\"card\">\n<h{level}>{}: track {}</h{level}>\n<dl>",
            council(r, link(i)),
            escape(&r.track)
        );
        for col in &c.columns {
            let words = cell(r, &col.key);
            if words == "-" {
                continue;
            }
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                escape(&col.title),
                escape(words)
            );
        }
        let _ = writeln!(out, "</dl>\n</li>");
    }
    out.push_str("</ul>\n");
    out
}

/// A column's headers in a spreadsheet: its parts', or its title.
fn csv_headers(col: &Column) -> Vec<String> {
    if col.parts.is_empty() {
        vec![col.title.clone()]
    } else {
        col.parts.clone()
    }
}

/// The comparison for a spreadsheet: the tables' column titles as headers, and one value to a
/// cell (a date in its own column, a Code's verdicts in a column each), from each column's
/// parts where it has them.
pub fn csv(c: &Comparison) -> Result<String, String> {
    let mut w = ::csv::Writer::from_writer(Vec::new());
    let mut header = vec!["Council".to_string(), "Track".to_string()];
    header.extend(c.columns.iter().flat_map(csv_headers));
    w.write_record(&header).map_err(|e| e.to_string())?;
    for r in &c.rows {
        let mut rec = vec![r.policy.clone(), r.track.clone()];
        for col in &c.columns {
            if col.parts.is_empty() {
                rec.push(cell(r, &col.key).to_string());
                continue;
            }
            match r.parts.get(&col.key) {
                Some(values) if values.len() == col.parts.len() => rec.extend(values.clone()),
                _ => {
                    return Err(format!(
                        "the values of column `{}` for {} (track `{}`) do not match its headers",
                        col.title, r.policy, r.track
                    ))
                }
            }
        }
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_text_leaves_nothing_active() {
        assert_eq!(
            markdown_text("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown_text("a | b"), "a \\| b");
        assert_eq!(
            markdown_text("`x` *y* _z_ ~w~"),
            "\\`x\\` \\*y\\* \\_z\\_ \\~w\\~"
        );
        assert_eq!(markdown_text("[a](b)"), "\\[a\\](b)");
        assert_eq!(markdown_text("a\\b"), "a\\\\b");
        assert_eq!(markdown_text("B & H"), "B &amp; H");
        assert_eq!(markdown_text("one\ntwo\r\n"), "one two  ");
    }

    #[test]
    fn markdown_code_fences_around_backticks() {
        assert_eq!(markdown_code("policies/"), "`policies/`");
        assert_eq!(markdown_code("a`b"), "``a`b``");
        assert_eq!(markdown_code("`a``"), "``` `a`` ```");
        assert_eq!(markdown_code("<script>"), "`<script>`");
    }

    #[test]
    fn shell_words_are_quoted_where_needed() {
        assert_eq!(
            shell_word("policies/kingston.policy"),
            "policies/kingston.policy"
        );
        assert_eq!(shell_word("2026-12-01T10:00"), "2026-12-01T10:00");
        assert_eq!(shell_word("my policies"), "'my policies'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
    }

    #[test]
    fn provenance_names_the_paths_and_the_command() {
        let p = Provenance::of_compare(&[], None, false, "md");
        assert_eq!(p.paths, ["policies/"]);
        assert_eq!(p.command, "redress compare --format md");
        let p = Provenance::of_compare(
            &[PathBuf::from("a b.policy"), PathBuf::from("c.policy")],
            Some("2027-01-04T09:00"),
            true,
            "html",
        );
        assert_eq!(p.paths, ["a b.policy", "c.policy"]);
        assert_eq!(
            p.command,
            "redress compare 'a b.policy' c.policy --received 2027-01-04T09:00 --allow-errors --format html"
        );
    }
}
