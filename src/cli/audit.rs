//! `redress audit POLICY CASES.csv`: per-case verdicts and the performance report, or with
//! `--as-of DATE` the morning list (src/audit/as_of.rs).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;

use super::{load_policy, print_json, usage_error};
use crate::audit::{audit_export, report, AuditError, Export, Located, Mapping, Plan, Report};
use crate::diagnostic::{Code, Diagnostic};
use crate::render::{human as render_human, json};
use crate::source::SourceFile;
use crate::span::Span;

use crate::audit::as_of;
use crate::audit::workbook::{self, WorkbookError};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum AuditFormat {
    Human,
    Json,
    Md,
    /// a self-contained page (with `--as-of`)
    Html,
}

/// `redress audit`'s command line.
pub(crate) struct AuditArgs {
    pub policy: PathBuf,
    pub cases: PathBuf,
    pub cases_out: Option<PathBuf>,
    pub columns: Option<PathBuf>,
    pub sheet: Option<String>,
    pub threads: Option<usize>,
    pub as_of: Option<String>,
    pub due_within: Option<String>,
    pub fail_on_overdue: bool,
}

/// How many working days ahead "due soon" looks when `--due-within` is not given.
pub(crate) const DUE_WITHIN: u32 = 5;

pub(crate) fn audit(a: AuditArgs, format: AuditFormat) -> ExitCode {
    let policy = match load_policy(&a.policy) {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(errors) = misplaced_options(&a, format) {
        return refuse(&a, format, errors);
    }
    let opts = match &a.as_of {
        None => None,
        Some(date) => match morning_options(&policy, date, a.due_within.as_deref()) {
            Ok(o) => Some(o),
            Err(errors) => return refuse(&a, format, errors),
        },
    };
    let mapping = match load_mapping(a.columns.as_deref(), format == AuditFormat::Json) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let mut input = match open_export(&a.cases, a.sheet.as_deref(), format == AuditFormat::Json) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let export = Export {
        name: a.cases.display().to_string(),
        mapping: mapping.as_ref(),
    };
    if let Some(opts) = opts {
        return morning(&policy, &a, &export, &mut input, opts, format);
    }
    let plan = Plan::new(&policy);
    let mut out = match a.cases_out.as_deref() {
        None => None,
        Some(p) => match File::create(p) {
            Ok(f) => Some(BufWriter::with_capacity(1 << 20, f)),
            Err(e) => return usage_error(&format!("cannot write {}: {e}", p.display())),
        },
    };
    let agg = match audit_export(
        &plan,
        &export,
        &mut input,
        out.as_mut().map(|w| w as &mut dyn Write),
        a.threads.unwrap_or(0),
        0,
    ) {
        Ok(a) => a,
        Err(AuditError::Input(es)) => return input_errors(&es, format == AuditFormat::Json),
        Err(e) => return usage_error(&format!("{}: {e}", a.cases.display())),
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
        // `misplaced_options` refuses html without `--as-of`.
        AuditFormat::Md | AuditFormat::Html => {
            let _ = write!(std::io::stdout(), "{}", markdown(&r));
            ExitCode::SUCCESS
        }
    }
}

/// `--as-of`: the morning list, printed, and every row to `--cases-out`. Exit 0 (the list is
/// information, not a finding), or 1 under `--fail-on-overdue` when a case is overdue.
fn morning(
    policy: &crate::ir::Policy,
    a: &AuditArgs,
    export: &Export,
    input: &mut dyn std::io::Read,
    opts: as_of::Options,
    format: AuditFormat,
) -> ExitCode {
    let list = match as_of::morning_list(policy, export, input, opts) {
        Ok(l) => l,
        Err(AuditError::Input(es)) => return input_errors(&es, format == AuditFormat::Json),
        Err(e) => return usage_error(&format!("{}: {e}", a.cases.display())),
    };
    if let Some(p) = a.cases_out.as_deref() {
        let written = as_of::render::csv(&list)
            .map_err(|e| e.to_string())
            .and_then(|bytes| std::fs::write(p, bytes).map_err(|e| e.to_string()));
        if let Err(e) = written {
            return usage_error(&format!("cannot write {}: {e}", p.display()));
        }
    }
    let text = match format {
        AuditFormat::Json => match serde_json::to_string_pretty(&list) {
            Ok(t) => t + "\n",
            Err(e) => return usage_error(&format!("cannot print JSON: {e}")),
        },
        AuditFormat::Human => as_of::render::human(&list),
        AuditFormat::Md => as_of::render::markdown(&list),
        AuditFormat::Html => as_of::render::html(&list),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    if a.fail_on_overdue && list.counts.overdue > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A command-line value a diagnostic points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flag {
    AsOf,
    DueWithin,
    FailOnOverdue,
    Threads,
    Format,
}

/// One refusal of the command line: its code, the value it is about, and its words.
struct Refusal {
    code: &'static Code,
    flag: Flag,
    message: String,
    label: &'static str,
    help: String,
}

/// Options that need `--as-of` without it, or that do not go with it.
fn misplaced_options(a: &AuditArgs, format: AuditFormat) -> Option<Vec<Refusal>> {
    let need = |flag: Flag, what: &str| Refusal {
        code: &as_of::AS_OF_OPTION,
        flag,
        message: format!("{what} belongs to the morning list, which needs `--as-of DATE`"),
        label: "needs --as-of",
        help: "add `--as-of DATE` (the day the list is for), or leave the option out".into(),
    };
    let mut v = Vec::new();
    if a.as_of.is_none() {
        if a.due_within.is_some() {
            v.push(need(Flag::DueWithin, "`--due-within`"));
        }
        if a.fail_on_overdue {
            v.push(need(Flag::FailOnOverdue, "`--fail-on-overdue`"));
        }
        if format == AuditFormat::Html {
            v.push(need(Flag::Format, "`--format html`"));
        }
    } else if a.threads.is_some() {
        v.push(Refusal {
            code: &as_of::AS_OF_OPTION,
            flag: Flag::Threads,
            message: "`--threads` does not go with `--as-of`".into(),
            label: "not with --as-of",
            help: "the morning list reads the export once, in file order (the duplicate-id rule needs it); leave `--threads` out".into(),
        });
    }
    (!v.is_empty()).then_some(v)
}

/// The day and the "due soon" horizon, read and checked.
fn morning_options(
    policy: &crate::ir::Policy,
    date: &str,
    due_within: Option<&str>,
) -> Result<as_of::Options, Vec<Refusal>> {
    let mut v = Vec::new();
    let as_of = match crate::dates::parse_datetime(date) {
        None => {
            v.push(Refusal {
                code: &as_of::INVALID_AS_OF,
                flag: Flag::AsOf,
                message: format!("`{date}` is not a date"),
                label: "not a date",
                help: format!(
                    "give the day the list is for: {}",
                    crate::dates::DATETIME_FORMS
                ),
            });
            None
        }
        Some(d) if !as_of::Day::countable(policy, d.date()) => {
            v.push(Refusal {
                code: &as_of::INVALID_AS_OF,
                flag: Flag::AsOf,
                message: format!("`{date}` is outside the years redress can count working days in"),
                label: "outside 2018-2030",
                help: "redress has bank holidays for 2018 to 2030; give a day in those years"
                    .into(),
            });
            None
        }
        Some(d) => Some(d.date()),
    };
    let within = match due_within {
        None => Some(DUE_WITHIN),
        Some(s) => match s.trim().parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                v.push(Refusal {
                    code: &as_of::INVALID_AS_OF,
                    flag: Flag::DueWithin,
                    message: format!("`{s}` is not a number of working days"),
                    label: "not a whole number",
                    help: format!(
                        "give a whole number of working days, 0 or more (`--due-within {DUE_WITHIN}` is the default)"
                    ),
                });
                None
            }
        },
    };
    match (as_of, within) {
        (Some(as_of), Some(due_within)) if v.is_empty() => Ok(as_of::Options { as_of, due_within }),
        _ => Err(v),
    }
}

/// The command line as redress read it, for pointing a refusal at the value it is about.
fn command_line(a: &AuditArgs, format: AuditFormat) -> (SourceFile, Vec<(Flag, Span)>) {
    let mut text = format!("redress audit {} {}", a.policy.display(), a.cases.display());
    let mut spans = Vec::new();
    let mut flag = |text: &mut String, name: &str, value: Option<&str>, f: Flag| {
        let start = text.len() + 1;
        text.push_str(&format!(" --{name}"));
        if let Some(v) = value {
            text.push(' ');
            let at = text.len();
            text.push_str(v);
            spans.push((f, Span::new(at, text.len())));
        } else {
            spans.push((f, Span::new(start, text.len())));
        }
    };
    if let Some(v) = &a.as_of {
        flag(&mut text, "as-of", Some(v), Flag::AsOf);
    }
    if let Some(v) = &a.due_within {
        flag(&mut text, "due-within", Some(v), Flag::DueWithin);
    }
    if a.fail_on_overdue {
        flag(&mut text, "fail-on-overdue", None, Flag::FailOnOverdue);
    }
    if let Some(n) = a.threads {
        flag(&mut text, "threads", Some(&n.to_string()), Flag::Threads);
    }
    let name = format
        .to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default();
    flag(&mut text, "format", Some(&name), Flag::Format);
    text.push('\n');
    (SourceFile::new("command line", text), spans)
}

/// Refusals of the command line, each pointed at its value, as `check` prints diagnostics
/// (JSON on standard output with `--format json`); exit 2, nothing else printed.
fn refuse(a: &AuditArgs, format: AuditFormat, refusals: Vec<Refusal>) -> ExitCode {
    let (file, spans) = command_line(a, format);
    let es: Vec<Located> = refusals
        .into_iter()
        .map(|r| {
            let span = spans
                .iter()
                .find(|(f, _)| *f == r.flag)
                .map(|(_, s)| *s)
                .unwrap_or_default();
            Located {
                file: file.clone(),
                diagnostic: Diagnostic::new(r.code, r.message, span, r.label, r.help),
            }
        })
        .collect();
    input_errors(&es, format == AuditFormat::Json)
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
/// The export as the CSV reader reads it: a CSV file as it is; a workbook (`.xlsx`, `.xlsm`,
/// `.xls`, `.ods`) as the CSV of one sheet (src/audit/workbook.rs), so every rule of the reader
/// is the same for both. Shared by `audit` and `measures`. A file that cannot be read, and
/// `--sheet` with a CSV, are usage errors; a workbook that cannot be used gives its coded
/// diagnostics. All exit 2.
pub(crate) fn open_export(
    cases: &Path,
    sheet: Option<&str>,
    json: bool,
) -> Result<Box<dyn std::io::Read>, ExitCode> {
    if workbook::is_workbook(cases) {
        return match workbook::to_csv(cases, sheet) {
            Ok(bytes) => Ok(Box::new(std::io::Cursor::new(bytes))),
            Err(WorkbookError::Io(e)) => Err(usage_error(&format!(
                "cannot read {}: {e}",
                cases.display()
            ))),
            Err(e) => Err(input_errors(&e.located(), json)),
        };
    }
    if let Some(name) = sheet {
        return Err(usage_error(&format!(
            "--sheet `{name}`: {} is not a workbook (.xlsx, .xlsm, .xls or .ods); a CSV export has no sheets",
            cases.display()
        )));
    }
    match File::open(cases) {
        Ok(f) => Ok(Box::new(f)),
        Err(e) => Err(usage_error(&format!(
            "cannot read {}: {e}",
            cases.display()
        ))),
    }
}

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
    if let Some(d) = r.duplicates.summary() {
        out.push_str(&format!("{d}\n\n"));
    }
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
    if let Some(d) = r.duplicates.summary() {
        out.push_str(&format!("{d}.\n\n"));
    }
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
