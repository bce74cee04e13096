//! `redress compare PATH...`: the comparison table, generated. Also the publishing gate that
//! `compare`, `site` and `assess` share: a policy with errors is not published unless the user
//! says `--allow-errors`, and then every output says so.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{policy_files, usage_error};
use crate::compare::{compare as build, Comparison, DEFAULT_RECEIVED};
use crate::diagnostic::Severity;
use crate::render::comparison::{self, Provenance};
use crate::source::{self, LoadError};
use crate::{ir, Analysis};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum CompareFormat {
    Md,
    Html,
    Csv,
    Json,
}

pub(crate) fn compare(
    paths: Vec<PathBuf>,
    received: Option<String>,
    allow_errors: bool,
    format: CompareFormat,
) -> ExitCode {
    let given = received;
    let received = match super::calendar::received(given.as_deref().unwrap_or(DEFAULT_RECEIVED)) {
        Ok(r) => r,
        Err(e) => return usage_error(&e),
    };
    let files = match policy_files(&paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let ps = match publishable(&files, allow_errors, format == CompareFormat::Json) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let policies: Vec<ir::Policy> = ps.iter().map(|p| p.policy.clone()).collect();
    let c = build(&policies, received);
    let stamps: Vec<&str> = ps.iter().filter_map(|p| p.stamp.as_deref()).collect();
    // The stamp of the policy each row comes from: `compare` gives a row per case track.
    let row_stamps: Vec<Option<&str>> = ps
        .iter()
        .flat_map(|p| std::iter::repeat_n(p.stamp.as_deref(), p.policy.case_tracks().len()))
        .collect();
    // `--allow-errors` is part of the command that makes the output again only when a policy
    // needed it: on clean policies the flag changes nothing, the provenance line included.
    let needed = allow_errors && !stamps.is_empty();
    let from = |word: &str| Provenance::of_compare(&paths, given.as_deref(), needed, word);
    let text = match format {
        CompareFormat::Md => markdown_banner(&stamps) + &comparison::markdown(&c, &from("md")),
        CompareFormat::Html => html_banner(
            &crate::site::comparison::page_alone(&c, &from("html")),
            &stamps,
        ),
        CompareFormat::Csv => {
            match comparison::csv(&c)
                .and_then(|t| csv_column(&t, |row| row_stamps.get(row).copied().flatten()))
            {
                Ok(t) => t,
                Err(e) => return usage_error(&e),
            }
        }
        CompareFormat::Json => match json_text(&c, &stamps, &row_stamps) {
            Ok(t) => t,
            Err(e) => return usage_error(&e),
        },
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

/// The comparison as JSON, with `warning` at the top and on each row of a policy with errors
/// when there are any.
fn json_text(
    c: &Comparison,
    stamps: &[&str],
    row_stamps: &[Option<&str>],
) -> Result<String, String> {
    let mut v = serde_json::to_value(c).map_err(|e| e.to_string())?;
    if !stamps.is_empty() {
        if let Some(obj) = v.as_object_mut() {
            obj.insert("warning".into(), stamps.join(" ").into());
        }
        if let Some(rows) = v.get_mut("rows").and_then(|r| r.as_array_mut()) {
            for (row, stamp) in rows.iter_mut().zip(row_stamps) {
                if let (Some(obj), Some(stamp)) = (row.as_object_mut(), stamp) {
                    obj.insert("warning".into(), (*stamp).into());
                }
            }
        }
    }
    serde_json::to_string_pretty(&v)
        .map(|t| t + "\n")
        .map_err(|e| e.to_string())
}

// Publishing safety ------------------------------------------------------------------------

/// A policy a publishing command may go on with.
pub(crate) struct Publishable {
    pub policy: ir::Policy,
    /// `this policy has errors: ...`, when it has errors (and so only under `--allow-errors`).
    pub stamp: Option<String>,
}

/// The gate of every command that publishes (`site`, `assess`, `compare`): each policy is
/// checked as `check` does, and one with errors is refused, its diagnostics printed as `check`
/// prints them (to standard error, or as `check`'s JSON report on standard output when
/// `json`), exit 1. Under `allow_errors` a policy with errors goes on, with the stamp every
/// output must show; one that does not compile has nothing to publish and is refused all the
/// same. A file that cannot be read is a usage error (exit 2).
pub(crate) fn publishable(
    files: &[PathBuf],
    allow_errors: bool,
    json: bool,
) -> Result<Vec<Publishable>, ExitCode> {
    let mut analyses: Vec<(PathBuf, Analysis)> = Vec::new();
    for f in files {
        let a = match source::load(f) {
            Ok(file) => crate::analyse(file),
            Err(LoadError::Io(e)) => return Err(usage_error(&e)),
            Err(LoadError::Content(file, d)) => Analysis {
                file,
                policy: None,
                diagnostics: vec![*d],
            },
        };
        analyses.push((f.clone(), a));
    }
    let uncompiled: Vec<PathBuf> = analyses
        .iter()
        .filter(|(_, a)| a.policy.is_none())
        .map(|(f, _)| f.clone())
        .collect();
    let any_errors = analyses.iter().any(|(_, a)| a.errors() > 0);
    if any_errors && (!allow_errors || !uncompiled.is_empty()) {
        let (bad, _): (Vec<Analysis>, Vec<Analysis>) = analyses
            .into_iter()
            .map(|(_, a)| a)
            .partition(|a| a.errors() > 0);
        super::print_refused(&bad, json)?;
        let names = |ps: &[PathBuf]| {
            ps.iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if allow_errors {
            eprintln!(
                "error: {} {} not compile, so there is nothing to publish for {}, even with \
                 --allow-errors",
                names(&uncompiled),
                if uncompiled.len() == 1 { "does" } else { "do" },
                if uncompiled.len() == 1 { "it" } else { "them" },
            );
        } else {
            let paths: Vec<String> = bad.iter().map(|a| a.file.name()).collect();
            eprintln!(
                "error: not published: {} {} errors. Fix them (`redress check {}` lists them), \
                 or pass --allow-errors to publish anyway with a warning on every output",
                paths
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if paths.len() == 1 { "has" } else { "have" },
                paths.join(" "),
            );
        }
        return Err(ExitCode::from(1));
    }
    let mut out = Vec::new();
    for (path, a) in analyses {
        let stamp = (a.errors() > 0).then(|| stamp(&path, &a));
        if let Some(s) = &stamp {
            eprintln!("warning: published with --allow-errors: {s}");
        }
        if let Some(policy) = a.policy {
            out.push(Publishable { policy, stamp });
        }
    }
    Ok(out)
}

/// What every output of a policy with errors says: which policy, how many errors of which
/// codes, and how to see them.
fn stamp(path: &Path, a: &Analysis) -> String {
    let mut codes: Vec<&str> = Vec::new();
    for d in &a.diagnostics {
        let name = d.code.name.rsplit("::").next().unwrap_or(d.code.name);
        if d.severity() == Severity::Error && !codes.contains(&name) {
            codes.push(name);
        }
    }
    let name = a
        .policy
        .as_ref()
        .map(|p| format!("{} ", p.name.value))
        .unwrap_or_default();
    let n = a.errors();
    format!(
        "this policy has errors: {name}(`{path}`) has {n} {} ({}), so what is shown for it may be \
         wrong; `redress check {path}` lists them",
        if n == 1 { "error" } else { "errors" },
        codes.join(", "),
        path = path.display(),
    )
}

/// A Markdown banner (a quoted warning per stamp) for the top of a document; empty for none.
pub(crate) fn markdown_banner(stamps: &[&str]) -> String {
    stamps
        .iter()
        .map(|s| format!("> **Warning**: {}\n\n", s.replace('\n', " ")))
        .collect()
}

/// The banner of a page, as HTML: a box with a warning per stamp.
pub(crate) fn html_banner_block(stamps: &[&str]) -> String {
    let mut out = String::from(
        "<div class=\"policy-errors severity-error\" role=\"note\" aria-label=\"Warning: policy errors\">\n",
    );
    for s in stamps {
        out.push_str(&format!(
            "<p><strong>Warning:</strong> {}</p>\n",
            crate::site::text(s)
        ));
    }
    out.push_str("</div>\n");
    out
}

/// `page` with the banner at the top of its `<main>` (or of its `<body>`, or of the text);
/// unchanged for no stamps.
pub(crate) fn html_banner(page: &str, stamps: &[&str]) -> String {
    if stamps.is_empty() {
        return page.to_string();
    }
    let block = html_banner_block(stamps);
    let at = ["<main", "<body"].iter().find_map(|tag| {
        let start = page.find(tag)?;
        let close = page.get(start..)?.find('>')?;
        let mut at = start + close + 1;
        if page.get(at..).is_some_and(|rest| rest.starts_with('\n')) {
            at += 1;
        }
        Some(at)
    });
    match at.and_then(|at| Some((page.get(..at)?, page.get(at..)?))) {
        Some((before, after)) => format!("{before}{block}{after}"),
        None => format!("{block}{page}"),
    }
}

/// A CSV with one more column, `warning`, holding `stamp(row)` for each data row (0-based, after
/// the header); unchanged when no row has a stamp.
pub(crate) fn csv_column<'s>(
    csv: &str,
    stamp: impl Fn(usize) -> Option<&'s str>,
) -> Result<String, String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let records: Vec<::csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let any = (0..records.len().saturating_sub(1)).any(|i| stamp(i).is_some());
    if !any {
        return Ok(csv.to_string());
    }
    let mut w = ::csv::Writer::from_writer(Vec::new());
    for (i, mut r) in records.into_iter().enumerate() {
        let cell = match i.checked_sub(1) {
            None => "warning",
            Some(row) => stamp(row).unwrap_or(""),
        };
        r.push_field(cell);
        w.write_record(&r).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}
