//! The command line. Exit codes: 0 clean (warnings allowed), 1 errors (or warnings under
//! `--deny-warnings`), 2 usage or I/O error. Every command that prints takes `--format json`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

mod assess;
mod audit;
mod calendar;
mod compare;
mod diff;
mod gen_cases;
mod init;
mod measures;
mod simulate;
mod site;

use crate::render::{human, json};
use crate::source::{self, LoadError, SourceFile};
use crate::{analyse, registry, Analysis};

#[derive(Parser)]
#[command(
    name = "redress",
    version,
    about = "Compile and check UK council complaint-handling policies"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
}

/// `explain` has a format of its own: the generated documentation page is Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ExplainFormat {
    Human,
    Json,
    Markdown,
}

#[derive(Subcommand)]
enum Command {
    /// Check policy files for errors and questionable rules
    Check {
        /// Policy files or folders (searched for *.policy); default `policies/`
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Exit with status 1 on warnings too
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Print the compiled form (IR) of one policy
    Ir {
        file: PathBuf,
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Explain a diagnostic code (or list them all), or explain a case fixture's timeline
    Explain {
        /// a code (`redress::check::unknown_stage`, or just `unknown_stage`), or a case fixture (`*.toml`)
        code: Option<String>,
        /// `markdown` without a code prints the page docs/checks.md
        #[arg(long, value_enum, default_value = "human")]
        format: ExplainFormat,
    },
    /// Count working days: `calendar add` and `calendar between`
    Calendar {
        #[command(subcommand)]
        action: CalendarAction,
    },
    /// Run case fixtures through their policies and report every expectation that does not hold
    Simulate {
        /// Fixture files or folders (searched for *.toml); default `fixtures/cases/`
        fixtures: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// The side-by-side comparison table of policies (one row per policy and track)
    Compare {
        /// Policy files or folders; default `policies/`
        paths: Vec<PathBuf>,
        /// The complaint the latest-date columns follow (default 2026-12-01T10:00)
        #[arg(long)]
        received: Option<String>,
        /// Compare policies that have errors, with a warning on the output
        #[arg(long)]
        allow_errors: bool,
        #[arg(long, value_enum, default_value = "md")]
        format: compare::CompareFormat,
    },
    /// What a change to a policy does: rules, a sample complaint's due dates, Code verdicts
    Diff {
        /// The policy in force (or the earlier version)
        old: PathBuf,
        /// The draft (or the later version)
        new: PathBuf,
        /// The sample complaint the due dates follow (default 2026-12-01T10:00)
        #[arg(long)]
        received: Option<String>,
        /// Compare a policy that has errors, with a warning on the output
        #[arg(long)]
        allow_errors: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: diff::DiffFormat,
    },
    /// The published site: the comparison and a page per policy, as static HTML
    Site {
        /// Policy files or folders; default `policies/`
        paths: Vec<PathBuf>,
        /// The folder to write the site into (created if need be)
        #[arg(long)]
        out: PathBuf,
        /// The sample complaint the pages follow (default 2026-12-01T10:00)
        #[arg(long)]
        received: Option<String>,
        /// Publish policies that have errors, with a warning on their pages and the index
        #[arg(long)]
        allow_errors: bool,
        /// Write into a folder that holds files redress did not write (files named like the pages are replaced, others left)
        #[arg(long)]
        force: bool,
        /// `json` prints `{"out","files":[...],"removed":[...]}`
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// A Complaint Handling Code self-assessment of one policy
    Assess {
        policy: PathBuf,
        /// `ho-2024` (housing-landlord tracks) or `lgsco-2024` (the others)
        #[arg(long)]
        code: String,
        /// The track to assess (needed only when the Code applies to several)
        #[arg(long)]
        track: Option<String>,
        /// The date the assessment is made on, YYYY-MM-DD: a Code not yet in force is not applicable
        #[arg(long)]
        as_of: Option<String>,
        /// Assess a policy that has errors, with a warning on the output
        #[arg(long)]
        allow_errors: bool,
        /// The Ombudsman's own self-assessment form: its columns, rows to complete left empty
        #[arg(long)]
        form: bool,
        /// Last year's form (its JSON): carry the council's answers forward to rows to complete
        #[arg(long, requires = "form")]
        previous: Option<PathBuf>,
        /// `xlsx` is always the form, written to standard output (redirect it to a file)
        #[arg(long, value_enum, default_value = "md")]
        format: assess::AssessFormat,
    },
    /// Write a commented starting template for a new (draft) policy
    Init {
        /// The file to write, or a folder to write `NAME.policy` into; default the current folder
        path: Option<PathBuf>,
        /// The council's name
        #[arg(long)]
        name: Option<String>,
        /// `json` prints `{"file","name","todo"}`
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Judge a case-management export (CSV) against a policy: per-case verdicts and a report
    Audit {
        policy: PathBuf,
        /// The export (CSV, or a .xlsx/.ods workbook): a header, then `id,track,received,s1_acknowledged,...` rows
        cases: PathBuf,
        /// Write one row per case here (CSV): the verdicts per accepted case, or with `--as-of` every row's status, next action and due date
        #[arg(long)]
        cases_out: Option<PathBuf>,
        /// A column mapping (TOML): our field -> the export's header, `received = "Date received"`
        #[arg(long)]
        columns: Option<PathBuf>,
        /// The sheet of a workbook export (.xlsx, .xlsm, .xls, .ods) that holds the cases (default: the first visible sheet)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// Worker threads judging the export (default 0: one per core); for measuring, the result is the same
        #[arg(long)]
        threads: Option<usize>,
        /// The morning list: every case as it stands on this day (overdue, due soon, on course, awaiting the resident, closed), see docs/daily.md
        #[arg(long)]
        as_of: Option<String>,
        /// With `--as-of`: an action due within this many working days is `due soon` (default 5)
        #[arg(long, allow_hyphen_values = true)]
        due_within: Option<String>,
        /// With `--as-of`: exit 1 when any case is overdue (else the list exits 0)
        #[arg(long)]
        fail_on_overdue: bool,
        /// `html` (a page for the team) goes with `--as-of`
        #[arg(long, value_enum, default_value = "human")]
        format: audit::AuditFormat,
    },
    /// The regulator's complaint measures (CH01, CH02) for a reporting year, from an export
    Measures {
        policy: PathBuf,
        /// The export, as `audit` reads it
        cases: PathBuf,
        /// The reporting year: the year it starts on 1 April (`2026` is 1 April 2026 to 31 March 2027), or `2026/27`
        #[arg(long)]
        year: String,
        /// The homes the landlord owns, for CH01 (complaints per 1,000 homes)
        #[arg(long)]
        homes: Option<u64>,
        /// A column mapping (TOML): our field -> the export's header, as `audit --columns`
        #[arg(long)]
        columns: Option<PathBuf>,
        /// The sheet of a workbook export (.xlsx, .xlsm, .xls, .ods) that holds the cases (default: the first visible sheet)
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// `measures` (CH01 and CH02), or `annual`: the annual complaints performance and service improvement report
        #[arg(long, value_enum, default_value = "measures")]
        report: measures::MeasuresReport,
        #[arg(long, value_enum, default_value = "md")]
        format: measures::MeasuresFormat,
        /// Write the report here instead of standard output (an annual report in md also writes its chart beside it, as the same name ending .svg)
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// A deterministic synthetic case export (CSV) for benchmarks and tests of `audit`
    GenCases {
        policy: PathBuf,
        /// How many cases (rows after the header)
        #[arg(long)]
        rows: u64,
        /// The same seed always gives the same file
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Write here instead of standard output
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Rewrite policy files in the one canonical layout (comments kept), or `--check` them
    Fmt {
        /// Policy files or folders (searched for *.policy); default `policies/`
        paths: Vec<PathBuf>,
        /// Write nothing: list the files that would change and exit 1 if there are any
        #[arg(long)]
        check: bool,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// A language server over standard input and output, for editors (see editors/vscode/)
    Lsp,
    /// Every deadline that can be known for a complaint so far
    Deadlines {
        policy: PathBuf,
        /// When the complaint was received: YYYY-MM-DDTHH:MM (a bare date is taken as noon)
        #[arg(long)]
        received: String,
        /// The policy's track (default: its first)
        #[arg(long)]
        track: Option<String>,
        /// When each stage was acknowledged, in the order of the track's route (repeat for later stages)
        #[arg(long)]
        acknowledged: Vec<String>,
        /// When each stage responded, in the order of the track's route
        #[arg(long)]
        responded: Vec<String>,
        /// Working days each stage's response was extended by, in the order of the track's route
        #[arg(long)]
        extended: Vec<u32>,
        /// When escalation to the route's second (then third...) stage was requested
        #[arg(long)]
        escalated: Vec<String>,
        /// A class of the case (a complexity band, `complex`) that chooses `when` rules; repeatable
        #[arg(long = "class")]
        classes: Vec<String>,
        /// The day to judge the case on (YYYY-MM-DD): what is overdue then, and what falls due next
        #[arg(long)]
        as_of: Option<String>,
        /// Extra closure days: a CSV of `YYYY-MM-DD,title` lines (as `calendar --closures`)
        #[arg(long)]
        closures: Option<PathBuf>,
        /// `ics` writes an iCalendar file, one all-day event per deadline
        #[arg(long, value_enum, default_value = "human")]
        format: simulate::DeadlinesFormat,
    },
}

#[derive(Subcommand)]
enum CalendarAction {
    /// The due date N working days after a date (out-of-hours times count from the next working day)
    Add {
        #[arg(long)]
        region: String,
        /// YYYY-MM-DDTHH:MM, or YYYY-MM-DD (taken as noon)
        #[arg(long)]
        from: String,
        #[arg(long)]
        working_days: u32,
        /// Extra closure days: a CSV of `YYYY-MM-DD,title` lines
        #[arg(long)]
        closures: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Working days after FROM up to and including TO
    Between {
        #[arg(long)]
        region: String,
        from: String,
        to: String,
        #[arg(long)]
        closures: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
}

/// Read and compile a policy for a command that needs its IR. Diagnostics go to standard error
/// and the exit code is returned: 1 for a policy with errors, 2 for one that cannot be read.
pub(crate) fn load_policy(path: &Path) -> Result<crate::ir::Policy, ExitCode> {
    let src = match source::load(path) {
        Ok(s) => s,
        Err(LoadError::Io(e)) => return Err(usage_error(&e)),
        Err(LoadError::Content(f, d)) => {
            eprintln!("{}", human::render(&f, &d, false));
            return Err(ExitCode::from(1));
        }
    };
    crate::compile(&src).map_err(|ds| {
        for d in &ds {
            eprintln!(
                "{}",
                human::render(&src, d, std::io::stderr().is_terminal())
            );
        }
        eprintln!(
            "the policy has errors; `redress check {}` shows them",
            path.display()
        );
        ExitCode::from(1)
    })
}

/// Print a value as pretty JSON (exit 0), or say why it cannot be (exit 2).
/// The JSON form of `check`'s report, which every command that refuses a policy prints.
pub(crate) fn check_report(analyses: &[Analysis]) -> json::CheckReport {
    json::CheckReport {
        diagnostics: analyses
            .iter()
            .flat_map(|a| a.diagnostics.iter().map(|d| json::diagnostic(&a.file, d)))
            .collect(),
        summary: json::Summary {
            files: analyses.len(),
            errors: analyses.iter().map(Analysis::errors).sum(),
            warnings: analyses.iter().map(Analysis::warnings).sum(),
        },
    }
}

/// The diagnostics of policies a command refuses, as `check` prints them: JSON on standard
/// output under `--format json`, else text on standard error (the command's own output,
/// if any, stays clean).
pub(crate) fn print_refused(analyses: &[Analysis], json: bool) -> Result<(), ExitCode> {
    if json {
        let text = json_text(&check_report(analyses))?;
        let _ = std::io::stdout().write_all(text.as_bytes());
    } else {
        let text = human_report(analyses, std::io::stderr().is_terminal());
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    Ok(())
}

/// A report as pretty JSON with a final newline; a report that cannot be serialised (a bug, not
/// the user's doing) is an I/O-class error with exit 2, never an empty output and exit 0.
pub(crate) fn json_text<T: serde::Serialize>(v: &T) -> Result<String, ExitCode> {
    serde_json::to_string_pretty(v)
        .map(|t| t + "\n")
        .map_err(|e| usage_error(&format!("cannot print JSON: {e}")))
}

pub(crate) fn print_json<T: serde::Serialize>(v: &T) -> ExitCode {
    match serde_json::to_string_pretty(v) {
        Ok(text) => {
            let _ = writeln!(std::io::stdout(), "{text}");
            ExitCode::SUCCESS
        }
        Err(e) => usage_error(&format!("cannot print JSON: {e}")),
    }
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Check {
            paths,
            format,
            deny_warnings,
        } => check(paths, format, deny_warnings),
        Command::Ir { file, format } => ir(&file, format),
        Command::Explain { code, format } => match code.as_deref() {
            Some(c) if c.ends_with(".toml") || Path::new(c).is_file() => {
                simulate::explain_fixture(Path::new(c), format == ExplainFormat::Json)
            }
            code => explain(code, format),
        },
        Command::Calendar { action } => match action {
            CalendarAction::Add {
                region,
                from,
                working_days,
                closures,
                format,
            } => calendar::add(&region, &from, working_days, closures.as_deref(), format),
            CalendarAction::Between {
                region,
                from,
                to,
                closures,
                format,
            } => calendar::between(&region, &from, &to, closures.as_deref(), format),
        },
        Command::Simulate { fixtures, format } => simulate::simulate(fixtures, format),
        Command::Compare {
            paths,
            received,
            allow_errors,
            format,
        } => compare::compare(paths, received, allow_errors, format),
        Command::Diff {
            old,
            new,
            received,
            allow_errors,
            format,
        } => diff::diff(&old, &new, received, allow_errors, format),
        Command::Site {
            paths,
            out,
            received,
            allow_errors,
            force,
            format,
        } => site::run(
            paths,
            site::Options {
                out,
                received,
                allow_errors,
                force,
                format,
            },
        ),
        Command::Assess {
            policy,
            code,
            track,
            as_of,
            allow_errors,
            form,
            previous,
            format,
        } => assess::assess(
            &policy,
            &code,
            track.as_deref(),
            as_of.as_deref(),
            allow_errors,
            assess::Layout {
                form,
                previous: previous.as_deref(),
            },
            format,
        ),
        Command::Init { path, name, format } => {
            init::init(path.as_deref(), name.as_deref(), format)
        }
        Command::Audit {
            policy,
            cases,
            cases_out,
            columns,
            sheet,
            threads,
            as_of,
            due_within,
            fail_on_overdue,
            format,
        } => audit::audit(
            audit::AuditArgs {
                policy,
                cases,
                cases_out,
                columns,
                sheet,
                threads,
                as_of,
                due_within,
                fail_on_overdue,
            },
            format,
        ),
        Command::Measures {
            policy,
            cases,
            year,
            homes,
            columns,
            sheet,
            report,
            format,
            out,
        } => measures::measures(measures::MeasuresArgs {
            policy,
            cases,
            year,
            homes,
            columns,
            sheet,
            report,
            format,
            out,
        }),
        Command::GenCases {
            policy,
            rows,
            seed,
            out,
        } => gen_cases::gen_cases(&policy, rows, seed, out),
        Command::Fmt {
            paths,
            check,
            format,
        } => crate::format::fmt(paths, check, format),
        Command::Lsp => crate::lsp::run(),
        Command::Deadlines {
            policy,
            received,
            track,
            acknowledged,
            responded,
            extended,
            escalated,
            classes,
            as_of,
            closures,
            format,
        } => simulate::deadlines(
            simulate::DeadlineArgs {
                policy,
                received,
                track,
                acknowledged,
                responded,
                extended,
                escalated,
                classes,
                as_of,
                closures,
            },
            format,
        ),
    }
}

pub(crate) fn usage_error(msg: &str) -> ExitCode {
    eprintln!("error: {msg}");
    ExitCode::from(2)
}

/// Files as given, and folders expanded into the `*.EXT` files below them, sorted so output is
/// stable. A folder with none, or a path that does not exist, is a usage error.
pub(crate) fn files_with_extension(paths: &[PathBuf], ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, ext, &mut found, &mut Vec::new())
                .map_err(|e| format!("cannot read folder `{}`: {e}", p.display()))?;
            if found.is_empty() {
                return Err(format!("no .{ext} files in `{}`", p.display()));
            }
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(format!("`{}` does not exist", p.display()));
        }
    }
    Ok(out)
}

/// The policy files a command works on: the paths given (folders expanded), or `policies/`.
pub(crate) fn policy_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    if paths.is_empty() {
        files_with_extension(&[PathBuf::from("policies")], "policy")
    } else {
        files_with_extension(paths, "policy")
    }
}

/// Folders are followed through symlinks (a council may link its shared policies in), but a
/// folder already on the way down is not entered again: `inner/up -> ..` would loop forever.
/// `above` holds the canonical paths of the folders being walked.
fn walk(
    dir: &Path,
    ext: &str,
    out: &mut Vec<PathBuf>,
    above: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let here = std::fs::canonicalize(dir)?;
    if above.contains(&here) {
        return Ok(());
    }
    above.push(here);
    let mut entries: Vec<PathBuf> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        entries.push(entry?.path());
    }
    for path in entries {
        if path.is_dir() {
            walk(&path, ext, out, above)?;
        } else if path.is_file() && path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    above.pop();
    Ok(())
}

/// Load a file, turning content refusals into an analysis with one diagnostic.
fn load(path: &Path) -> Result<Analysis, String> {
    match source::load(path) {
        Ok(file) => Ok(analyse(file)),
        Err(LoadError::Io(msg)) => Err(msg),
        Err(LoadError::Content(file, d)) => Ok(Analysis {
            file,
            policy: None,
            diagnostics: vec![*d],
        }),
    }
}

fn check(paths: Vec<PathBuf>, format: Format, deny_warnings: bool) -> ExitCode {
    let files = match policy_files(&paths) {
        Ok(f) => f,
        Err(e) => return usage_error(&e),
    };
    let mut analyses = Vec::new();
    for f in &files {
        match load(f) {
            Ok(a) => analyses.push(a),
            Err(e) => return usage_error(&e),
        }
    }
    let errors: usize = analyses.iter().map(Analysis::errors).sum();
    let warnings: usize = analyses.iter().map(Analysis::warnings).sum();
    let out = match format {
        Format::Json => match json_text(&check_report(&analyses)) {
            Ok(t) => t,
            Err(code) => return code,
        },
        Format::Human => human_report(&analyses, std::io::stdout().is_terminal()),
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    if errors > 0 || (deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// How many diagnostics the human report draws per file. A real policy has a handful; a file
/// with thousands is broken throughout, and drawing each (miette re-reads the file for every
/// one) would take minutes. JSON output is never cut.
const MAX_SHOWN_PER_FILE: usize = 200;

/// Diagnostics file by file, then a line per file and a total a complaints officer can read.
pub fn human_report(analyses: &[Analysis], color: bool) -> String {
    let mut out = String::new();
    for a in analyses {
        for d in a.diagnostics.iter().take(MAX_SHOWN_PER_FILE) {
            out.push_str(&human::render(&a.file, d, color));
            out.push('\n');
        }
        if a.diagnostics.len() > MAX_SHOWN_PER_FILE {
            out.push_str(&format!(
                "... and {} more in {} (`--format json` lists them all)\n\n",
                a.diagnostics.len() - MAX_SHOWN_PER_FILE,
                a.file.name()
            ));
        }
    }
    out.push_str("Summary\n");
    for a in analyses {
        let name = a
            .policy
            .as_ref()
            .map(|p| format!(" ({})", p.name.value))
            .unwrap_or_default();
        let verdict = match (a.errors(), a.warnings()) {
            (0, 0) => "clean".to_string(),
            (e, w) => format!(
                "{}, {}",
                plural(e, "error", "errors"),
                plural(w, "warning", "warnings")
            ),
        };
        out.push_str(&format!("  {}{}: {}\n", a.file.name(), name, verdict));
    }
    let errors: usize = analyses.iter().map(Analysis::errors).sum();
    let warnings: usize = analyses.iter().map(Analysis::warnings).sum();
    out.push_str(&format!(
        "Checked {}: {}, {}.\n",
        plural(analyses.len(), "policy", "policies"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    ));
    if errors == 0 && warnings > 0 {
        // A council drafting its own policy is told about its draft, not about a document.
        let all_drafts = analyses
            .iter()
            .all(|a| a.policy.as_ref().is_some_and(|p| p.draft.is_some()));
        out.push_str(if all_drafts {
            "Warnings mark what your draft leaves ambiguous, stale or short of the Codes; \
             `redress explain CODE` says more.\n"
        } else {
            "Warnings mark what the source document leaves ambiguous, stale or questionable; \
             `redress explain CODE` says more.\n"
        });
    }
    out
}

fn ir(file: &Path, format: Format) -> ExitCode {
    let src = match source::load(file) {
        Ok(f) => f,
        Err(LoadError::Io(msg)) => return usage_error(&msg),
        Err(LoadError::Content(f, d)) => return print_failure(&f, vec![*d], format),
    };
    match crate::compile(&src) {
        Ok(policy) => match format {
            Format::Json => match serde_json::to_string_pretty(&policy) {
                Ok(text) => {
                    let _ = writeln!(std::io::stdout(), "{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => usage_error(&format!("cannot print the IR as JSON: {e}")),
            },
            Format::Human => {
                let received = crate::dates::parse_datetime(crate::compare::DEFAULT_RECEIVED)
                    .unwrap_or_default();
                let text = crate::render::policy_text::render(&policy, received);
                let _ = std::io::stdout().write_all(text.as_bytes());
                ExitCode::SUCCESS
            }
        },
        Err(diags) => print_failure(&src, diags, format),
    }
}

fn print_failure(
    file: &SourceFile,
    diags: Vec<crate::diagnostic::Diagnostic>,
    format: Format,
) -> ExitCode {
    let a = Analysis {
        file: file.clone(),
        policy: None,
        diagnostics: diags,
    };
    match format {
        Format::Json => {
            let report = json::CheckReport {
                diagnostics: a
                    .diagnostics
                    .iter()
                    .map(|d| json::diagnostic(&a.file, d))
                    .collect(),
                summary: json::Summary {
                    files: 1,
                    errors: a.errors(),
                    warnings: a.warnings(),
                },
            };
            match json_text(&report) {
                Ok(t) => {
                    let _ = std::io::stdout().write_all(t.as_bytes());
                }
                Err(code) => return code,
            }
        }
        Format::Human => eprint!(
            "{}",
            human_report(std::slice::from_ref(&a), std::io::stderr().is_terminal())
        ),
    }
    ExitCode::from(1)
}

fn explain(code: Option<&str>, format: ExplainFormat) -> ExitCode {
    let codes: Vec<_> = match code {
        Some(c) => match registry::find(c) {
            Some(code) => vec![code],
            None => {
                return usage_error(&format!(
                    "no diagnostic code `{c}`; `redress explain` lists them"
                ))
            }
        },
        None => registry::all(),
    };
    // Written in one piece, and a closed pipe (`redress explain | head`) is not an error.
    let out = match format {
        ExplainFormat::Markdown if code.is_some() => codes
            .iter()
            .map(|c| registry::markdown_section(c))
            .collect::<Vec<_>>()
            .join("\n"),
        ExplainFormat::Markdown => registry::markdown(),
        ExplainFormat::Json => {
            let v: Vec<_> = codes
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.name, "severity": c.severity, "summary": c.summary,
                        "documentation": c.documentation(),
                    })
                })
                .collect();
            match json_text(&v) {
                Ok(t) => t,
                Err(code) => return code,
            }
        }
        ExplainFormat::Human if code.is_some() => codes
            .iter()
            .map(|c| {
                format!(
                    "{} ({})\n{}\n\n{}\n",
                    c.name,
                    c.severity,
                    c.summary,
                    c.documentation()
                )
            })
            .collect(),
        ExplainFormat::Human => codes
            .iter()
            .map(|c| {
                format!(
                    "{:<50} {:<8} {}\n",
                    c.name,
                    c.severity.to_string(),
                    c.summary
                )
            })
            .collect(),
    };
    let _ = std::io::stdout().write_all(out.as_bytes());
    ExitCode::SUCCESS
}
