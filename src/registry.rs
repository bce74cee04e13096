//! The one table of every diagnostic code redress can emit. A test walks it to make sure each
//! code has documentation, a fixture and snapshots; `redress explain` reads it.

use crate::check;
use crate::diagnostic::{codes, Code};

pub fn all() -> Vec<&'static Code> {
    let mut v: Vec<&'static Code> = vec![
        &codes::PARSE_SYNTAX,
        &codes::PARSE_EMPTY,
        &codes::PARSE_NOT_UTF8,
        &codes::PARSE_BINARY,
        &codes::PARSE_TOO_LARGE,
        &codes::PARSE_TOO_COMPLEX,
        &codes::LOWER_UNKNOWN_WORD,
        &codes::LOWER_INVALID_VALUE,
        &codes::LOWER_DUPLICATE_SETTING,
        &codes::LOWER_CONTRADICTORY,
        &crate::lower::ALIAS_COLLISION,
    ];
    v.extend(check::CHECKS.iter().map(|c| c.code));
    v.push(&crate::document::SOURCE_TRANSCODED);
    v.push(&crate::document::SOURCE_NOT_TEXT);
    v.push(&crate::simulate::fixture::FIXTURE_INVALID);
    v.push(&crate::simulate::fixture::MISMATCH);
    v.extend(crate::simulate::deadlines::CODES.iter().copied());
    v.extend(crate::audit::input::CODES.iter().copied());
    v.extend(crate::audit::workbook::CODES.iter().copied());
    v.extend(crate::audit::as_of::CODES.iter().copied());
    v.extend(crate::render::assessment::CODES.iter().copied());
    v.extend(crate::site::output::CODES.iter().copied());
    v.extend(crate::measures::codes::CODES.iter().copied());
    v
}

/// Look a code up by its full name or its last part (`unknown_stage`).
pub fn find(name: &str) -> Option<&'static Code> {
    all()
        .into_iter()
        .find(|c| c.name == name || c.name.rsplit("::").next() == Some(name))
}

/// The command that regenerates `docs/checks.md`; the page and its test both name it.
pub const MARKDOWN_COMMAND: &str = "cargo run -- explain --format markdown > docs/checks.md";

/// The GitHub anchor of a heading that is a code name: `redress::check::unknown_stage` becomes
/// `redresscheckunknown_stage` (punctuation other than `-` and `_` is dropped).
fn anchor(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// A code's documentation with its headings moved down two levels (`##` to `####`) so they
/// nest under the code's own heading. Lines inside fenced blocks are policy text, whose `#`
/// starts a comment, and are left alone.
pub(crate) fn demoted(doc: &str) -> String {
    let mut in_fence = false;
    let mut out = Vec::new();
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            out.push(line.to_string());
        } else if !in_fence && line.starts_with('#') {
            out.push(format!("##{line}"));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

/// One code's section of the generated page.
pub fn markdown_section(code: &Code) -> String {
    format!(
        "## {}\n\n**{}**: {}\n\n{}\n",
        code.name,
        code.severity,
        code.summary,
        demoted(&code.documentation())
    )
}

/// The page `docs/checks.md`: a table of every code, then each code's documentation.
pub fn markdown() -> String {
    let codes = all();
    let mut out = String::new();
    out.push_str("# Diagnostic codes\n\n");
    out.push_str(&format!(
        "Every diagnostic redress can give, with its severity and documentation (the text \
         `redress explain CODE` prints). This page is generated: do not edit it by hand, but \
         change the documentation in the source and run `{MARKDOWN_COMMAND}`.\n\n"
    ));
    out.push_str("| Code | Severity | Summary |\n| --- | --- | --- |\n");
    for c in &codes {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            c.name,
            anchor(c.name),
            c.severity,
            c.summary.replace('|', "\\|")
        ));
    }
    for c in &codes {
        out.push('\n');
        out.push_str(&markdown_section(c));
    }
    out
}
