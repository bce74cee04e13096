//! `redress audit POLICY CASES.csv`: per-case verdicts and the performance report.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;

use super::{load_policy, print_json, usage_error};
use crate::audit::{audit_export, report, AuditError, Export, Located, Mapping, Plan, Report};
use crate::render::{human as render_human, json};
use crate::source::SourceFile;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    Human,
    Json,
    Md,
}

pub(crate) fn audit(
    policy: &Path,
    cases: &Path,
    cases_out: Option<&Path>,
    columns: Option<&Path>,
    threads: usize,
    format: AuditFormat,
) -> ExitCode {
    let policy = match load_policy(policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mapping = match load_mapping(columns, format == AuditFormat::Json) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let plan = Plan::new(&policy);
    let mut input = match File::open(cases) {
        Ok(f) => f,
        Err(e) => return usage_error(&format!("cannot read {}: {e}", cases.display())),
    };
    let mut out = match cases_out {
        None => None,
        Some(p) => match File::create(p) {
            Ok(f) => Some(BufWriter::with_capacity(1 << 20, f)),
            Err(e) => return usage_error(&format!("cannot write {}: {e}", p.display())),
        },
    };
    let export = Export {
        name: cases.display().to_string(),
        mapping: mapping.as_ref(),
    };
    let agg = match audit_export(
        &plan,
        &export,
        &mut input,
        out.as_mut().map(|w| w as &mut dyn Write),
        threads,
        0,
    ) {
        Ok(a) => a,
        Err(AuditError::Input(es)) => return input_errors(&es, format == AuditFormat::Json),
        Err(e) => return usage_error(&format!("{}: {e}", cases.display())),
    };
    if let Some(mut w) = out {
        if let Err(e) = w.flush() {
            return usage_error(&format!("cannot write the cases: {e}"));
        }
    }
    let r = report(&plan, &agg);
    match format {
        AuditFormat::Json => print_json(&r),
        AuditFormat::Human => {
            let _ = write!(std::io::stdout(), "{}", human(&r));
            ExitCode::SUCCESS
        }
        AuditFormat::Md => {
            let _ = write!(std::io::stdout(), "{}", markdown(&r));
            ExitCode::SUCCESS
        }
    }
}

/// The `--columns` mapping file, read and parsed: the one loader `audit` and `measures` share.
/// An unreadable file is a usage error; a bad mapping its coded diagnostics (exit 2).
pub(crate) fn load_mapping(
    columns: Option<&Path>,
    json: bool,
) -> Result<Option<Mapping>, ExitCode> {
    let Some(p) = columns else { return Ok(None) };
    let text = match std::fs::read(p) {
        Ok(b) => String::from_utf8_lossy(&b).into_owned(),
        Err(e) => return Err(usage_error(&format!("cannot read {}: {e}", p.display()))),
    };
    match Mapping::parse(SourceFile::new(p, text)) {
        Ok(m) => Ok(Some(m)),
        Err(es) => Err(input_errors(&es, json)),
    }
}

/// An export (or column mapping) that cannot be read: its coded diagnostics, as `check`
/// prints them (JSON on standard output when `json`), exit 2. Shared by `audit` and `measures`.
pub(crate) fn input_errors(es: &[Located], json: bool) -> ExitCode {
    if json {
        let report = json::CheckReport {
            diagnostics: es
                .iter()
                .map(|e| json::diagnostic(&e.file, &e.diagnostic))
                .collect(),
            summary: json::Summary {
                files: 1,
                errors: es.len(),
                warnings: 0,
            },
        };
        let _ = print_json(&report);
    } else {
        use std::io::IsTerminal;
        let color = std::io::stderr().is_terminal();
        for e in es {
            eprintln!("{}", render_human::render(&e.file, &e.diagnostic, color));
        }
    }
    ExitCode::from(2)
}

fn opt(v: Option<u64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

fn rate(v: Option<f64>) -> String {
    v.map(|v| format!("{:.1}%", v * 100.0))
        .unwrap_or_else(|| "-".into())
}

const HEADINGS: [&str; 12] = [
    "stage",
    "track",
    "received",
    "ack on time",
    "ack late",
    "resp on time",
    "resp late",
    "pending",
    "extended",
    "median WD",
    "p90 WD",
    "escalated",
];

/// What the table's columns mean. Stage numbers are roles, so a reader of a policy whose
/// route starts with early resolution is told that step is not in the table.
const FOOTNOTE: &str = "stage = the track's formal stage with that number (its role on the track's route; early resolution is not audited); WD = working days from the stage's start to the response; escalated = share of the stage's cases that asked for the next stage";

fn cells(r: &Report) -> Vec<Vec<String>> {
    r.stages
        .iter()
        .map(|s| {
            vec![
                format!("{} ({})", s.stage, s.stage_name),
                s.track.clone(),
                s.received.to_string(),
                s.ack_on_time.to_string(),
                s.ack_late.to_string(),
                s.resp_on_time.to_string(),
                s.resp_late.to_string(),
                s.pending.to_string(),
                s.extended.to_string(),
                opt(s.median_wd_to_respond),
                opt(s.p90_wd_to_respond),
                rate(s.escalation_rate),
            ]
        })
        .collect()
}

fn summary(r: &Report) -> String {
    let mut s = format!(
        "{} rows: {} accepted, {} rejected",
        r.rows, r.accepted, r.rejected
    );
    if r.encoding != "utf-8" {
        s.push_str(&format!(" (read as {} text)", r.encoding));
    }
    s
}

fn rejected_lines(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r
        .rejected_rows
        .iter()
        .map(|x| format!("line {}: {}", x.line, x.reason))
        .collect();
    if r.rejected_rows_truncated {
        v.push(format!(
            "... and {} more",
            r.rejected - r.rejected_rows.len() as u64
        ));
    }
    v
}

/// A plain table, columns padded.
pub(crate) fn human(r: &Report) -> String {
    let rows = cells(r);
    let mut widths: Vec<usize> = HEADINGS.iter().map(|h| h.len()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cs: &[String]| {
        let parts: Vec<String> = cs
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                if i < 2 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        format!("{}\n", parts.join("  ").trim_end())
    };
    let mut out = format!("audit of {} against `{}`\n\n", summary(r), r.policy);
    out.push_str(&line(
        &HEADINGS.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    ));
    for row in &rows {
        out.push_str(&line(row));
    }
    out.push_str(&format!("\n{FOOTNOTE}\n"));
    let rej = rejected_lines(r);
    if !rej.is_empty() {
        out.push_str("\nrejected rows:\n");
        for l in rej {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}

/// A Markdown table.
pub(crate) fn markdown(r: &Report) -> String {
    let mut out = format!("# Audit: {}\n\n{}.\n\n", r.policy, summary(r));
    out.push_str(&format!("| {} |\n", HEADINGS.join(" | ")));
    out.push_str(&format!(
        "|{}\n",
        HEADINGS
            .iter()
            .enumerate()
            .map(|(i, _)| if i < 2 { "---|" } else { "---:|" })
            .collect::<String>()
    ));
    for row in cells(r) {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out.push_str(&format!("\n{FOOTNOTE}.\n"));
    let rej = rejected_lines(r);
    if !rej.is_empty() {
        out.push_str("\n## Rejected rows\n\n");
        for l in rej {
            out.push_str(&format!("- {l}\n"));
        }
    }
    out
}
