//! `redress measures POLICY CASES.csv --year 2026 [--homes N]`: the regulator's complaint
//! measures CH01 and CH02 for one reporting year (see `crate::measures` and docs/measures.md).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{load_policy, print_json, usage_error};
use crate::audit::Export;
use crate::measures::{long_date, measure, two_places, Measures, MeasuresError, Year};
use crate::render::assessment::escape;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum MeasuresFormat {
    Md,
    Html,
    Json,
}

/// The years redress has bank holidays for bound the reporting years it can count.
const FIRST_YEAR: i32 = 2018;
const LAST_YEAR: i32 = 2030;

pub(crate) fn measures(
    policy: &Path,
    cases: &Path,
    year: &str,
    homes: Option<u64>,
    columns: Option<&Path>,
    format: MeasuresFormat,
) -> ExitCode {
    let Some(year) = Year::parse(year) else {
        return usage_error(&format!(
            "--year `{year}` is not a reporting year: give the year it starts on 1 April (`2026`), or `2026/27`"
        ));
    };
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year.first) {
        return usage_error(&format!(
            "--year {}: redress has bank holidays for {FIRST_YEAR} to {LAST_YEAR} only",
            year.label()
        ));
    }
    if homes == Some(0) {
        return usage_error("--homes 0: CH01 is per 1,000 homes, so the landlord must own some");
    }
    let policy = match load_policy(policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mapping = match super::audit::load_mapping(columns, format == MeasuresFormat::Json) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let bytes = match std::fs::read(cases) {
        Ok(b) => b,
        Err(e) => return usage_error(&format!("cannot read {}: {e}", cases.display())),
    };
    let export = Export {
        name: cases.display().to_string(),
        mapping: mapping.as_ref(),
    };
    let m = match measure(&policy, &export, &bytes, year, homes) {
        Ok(m) => m,
        Err(MeasuresError::Input(es)) => {
            return super::audit::input_errors(&es, format == MeasuresFormat::Json)
        }
        Err(e) => return usage_error(&e.to_string()),
    };
    match format {
        MeasuresFormat::Json => print_json(&m),
        MeasuresFormat::Md => {
            let _ = write!(std::io::stdout(), "{}", markdown(&m));
            ExitCode::SUCCESS
        }
        MeasuresFormat::Html => {
            let _ = write!(std::io::stdout(), "{}", html(&m));
            ExitCode::SUCCESS
        }
    }
}

/// The rows of the measures table: measure, stage, figure, numerator, denominator.
fn table(m: &Measures) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    for s in &m.stages {
        let (figure, denominator) = match (m.homes, s.per_1000_homes) {
            (Some(h), Some(x)) => (two_places(x), format!("{h} homes")),
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
    if m.duplicates > 0 {
        s.push_str(&format!(
            "; {} {} counted once (first row kept): {}",
            m.duplicates,
            if m.duplicates == 1 {
                "repeated id"
            } else {
                "repeated ids"
            },
            m.duplicate_ids.join(", ")
        ));
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

pub(crate) fn markdown(m: &Measures) -> String {
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
    for n in notes(m) {
        out.push_str(&format!("- {n}\n"));
    }
    out.push_str("\n## Readings taken\n\n");
    for r in &m.readings {
        out.push_str(&format!("- {r}\n"));
    }
    if !m.rejected_rows.is_empty() {
        out.push_str("\n## Rejected rows\n\n");
        for r in &m.rejected_rows {
            out.push_str(&format!("- line {}: {}\n", r.line, r.reason));
        }
        if m.rejected > m.rejected_rows.len() as u64 {
            out.push_str(&format!(
                "- ... and {} more\n",
                m.rejected - m.rejected_rows.len() as u64
            ));
        }
    }
    out
}

pub(crate) fn html(m: &Measures) -> String {
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
    out.push_str("</tbody>\n</table>\n<ul>\n");
    for n in notes(m) {
        out.push_str(&format!("<li>{}</li>\n", escape(&n)));
    }
    out.push_str("</ul>\n<h2>Readings taken</h2>\n<ul>\n");
    for r in &m.readings {
        out.push_str(&format!("<li>{}</li>\n", escape(r)));
    }
    out.push_str("</ul>\n");
    if !m.rejected_rows.is_empty() {
        out.push_str("<h2>Rejected rows</h2>\n<ul>\n");
        for r in &m.rejected_rows {
            out.push_str(&format!(
                "<li>line {}: {}</li>\n",
                r.line,
                escape(&r.reason)
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
