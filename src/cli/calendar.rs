//! `redress calendar add` and `redress calendar between`: the working-day calendar on its own.

use std::path::Path;
use std::process::ExitCode;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

use super::{print_json, usage_error, Format};
use crate::calendar::{CalendarSpec, Closure, WorkingCalendar};
use crate::ir::{Region, Vocabulary};

pub(crate) fn region(word: &str) -> Result<Region, String> {
    Region::from_word(word).ok_or_else(|| {
        let all: Vec<&str> = Region::WORDS.iter().map(|(w, _)| *w).collect();
        format!(
            "`{word}` is not a region; the regions are {}",
            all.join(", ")
        )
    })
}

/// A user's extra closure days: one `YYYY-MM-DD,title` a line (the bank-holiday file format;
/// a `date,title` header and blank lines are allowed).
pub(crate) fn closures(path: &Path) -> Result<Vec<Closure>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    // Spreadsheets save CSV with a byte-order mark; it is not part of the first date.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        let first_field = line.split(',').next().unwrap_or("").trim();
        let header = i == 0 && first_field.eq_ignore_ascii_case("date");
        if line.is_empty() || line.starts_with('#') || header {
            continue;
        }
        let (date, title) = line.split_once(',').unwrap_or((line, "closure day"));
        let d = crate::dates::parse_date(date).ok_or_else(|| {
            format!(
                "{}:{}: `{}` is not a date (write YYYY-MM-DD,title)",
                path.display(),
                i + 1,
                date.trim()
            )
        })?;
        out.push(Closure {
            from: d,
            to: d,
            label: title.trim().to_string(),
        });
    }
    Ok(out)
}

fn calendar(region_word: &str, closures_file: Option<&Path>) -> Result<WorkingCalendar, String> {
    let mut spec = CalendarSpec::new(region(region_word)?);
    if let Some(f) = closures_file {
        spec.closures = closures(f)?;
    }
    Ok(WorkingCalendar::new(&spec))
}

pub(crate) fn datetime(s: &str) -> Result<NaiveDateTime, String> {
    crate::dates::parse_datetime(s)
        .ok_or_else(|| format!("`{s}` is not {}", crate::dates::DATETIME_FORMS))
}

/// A sample complaint's receipt (`compare`, `site --received`): a date and time inside the
/// calendar's years.
pub(crate) fn received(s: &str) -> Result<NaiveDateTime, String> {
    let at = datetime(s)?;
    crate::calendar::covers(at.date()).map_err(|e| e.to_string())?;
    Ok(at)
}

#[derive(Serialize)]
struct Added {
    region: Region,
    from: NaiveDateTime,
    effective_from: NaiveDateTime,
    working_days: u32,
    due: NaiveDate,
}

/// Why `calendar add` gives no date.
enum Refusal {
    Usage(String),
    /// More working days than the calendar holds (`redress::calendar::overflow`).
    Overflow {
        most: u32,
        first: NaiveDate,
        last: NaiveDate,
    },
}

impl From<String> for Refusal {
    fn from(e: String) -> Self {
        Refusal::Usage(e)
    }
}

/// `--working-days` beyond the calendar: a coded error pointed at the number, exit 2. (It
/// once wrapped round as a 32-bit count to a date before the start.)
fn overflow(
    region: &str,
    from: &str,
    n: u32,
    most: u32,
    (first, last): (NaiveDate, NaiveDate),
    format: Format,
) -> ExitCode {
    let mut text = format!("redress calendar add --region {region} --from {from} --working-days ");
    let start = text.len();
    text.push_str(&n.to_string());
    let span = crate::span::Span::new(start, text.len());
    text.push('\n');
    let file = crate::source::SourceFile::new("command line", text);
    let d = crate::diagnostic::Diagnostic::new(
        &crate::simulate::deadlines::OVERFLOW,
        format!(
            "{n} working days is more than the {most} working days redress's calendar holds \
             ({first} to {last})"
        ),
        span,
        "too many working days",
        "give a number of working days that ends inside the calendar's years",
    );
    match format {
        Format::Json => {
            let _ = print_json(&crate::render::json::CheckReport {
                diagnostics: vec![crate::render::json::diagnostic(&file, &d)],
                summary: crate::render::json::Summary {
                    files: 0,
                    errors: 1,
                    warnings: 0,
                },
            });
        }
        Format::Human => {
            use std::io::IsTerminal;
            let color = std::io::stderr().is_terminal();
            eprintln!("{}", crate::render::human::render(&file, &d, color));
        }
    }
    ExitCode::from(2)
}

/// Conventions 2 to 4: an out-of-hours `from` counts from the next working day at 09:00; the
/// due date is the N-th working day after the effective day. A bare date is taken as noon.
pub(crate) fn add(
    region: &str,
    from: &str,
    n: u32,
    closures: Option<&Path>,
    format: Format,
) -> ExitCode {
    let result = (|| {
        let cal = calendar(region, closures)?;
        let most = crate::simulate::deadlines::max_working_days(&cal);
        if n > most {
            return Err(Refusal::Overflow {
                most,
                first: cal.first(),
                last: cal.last(),
            });
        }
        let from = datetime(from)?;
        let open = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default();
        let close = NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default();
        let effective_from = cal
            .effective_receipt(from, open, close)
            .map_err(|e| Refusal::Usage(e.to_string()))?;
        let due = cal
            .add_working_days(effective_from.date(), n)
            .map_err(|e| Refusal::Usage(e.to_string()))?;
        Ok::<_, Refusal>(Added {
            region: cal.region,
            from,
            effective_from,
            working_days: n,
            due,
        })
    })();
    let a = match result {
        Ok(a) => a,
        Err(Refusal::Usage(e)) => return usage_error(&e),
        Err(Refusal::Overflow { most, first, last }) => {
            return overflow(region, from, n, most, (first, last), format)
        }
    };
    match format {
        Format::Json => print_json(&a),
        Format::Human => {
            if a.effective_from != a.from {
                println!(
                    "{} is outside office hours (09:00 to 17:00 on a working day): it counts from {}",
                    a.from.format("%a %d %b %Y %H:%M"),
                    a.effective_from.format("%a %d %b %Y %H:%M")
                );
            }
            println!(
                "{} working day{} after {} ({}): {}",
                a.working_days,
                if a.working_days == 1 { "" } else { "s" },
                a.effective_from.format("%a %d %b %Y"),
                a.region,
                a.due.format("%a %d %b %Y")
            );
            ExitCode::SUCCESS
        }
    }
}

#[derive(Serialize)]
struct Between {
    region: Region,
    from: NaiveDate,
    to: NaiveDate,
    working_days: i64,
}

/// Working days after `from` up to and including `to`.
pub(crate) fn between(
    region: &str,
    from: &str,
    to: &str,
    closures: Option<&Path>,
    format: Format,
) -> ExitCode {
    let result = (|| {
        let cal = calendar(region, closures)?;
        let from = datetime(from)?.date();
        let to = datetime(to)?.date();
        if to < from {
            return Err(format!(
                "the last day ({to}) is before the first ({from}): give the earlier date first"
            ));
        }
        let n = cal
            .working_days_between(from, to)
            .map_err(|e| e.to_string())?;
        Ok::<_, String>(Between {
            region: cal.region,
            from,
            to,
            working_days: n,
        })
    })();
    let b = match result {
        Ok(b) => b,
        Err(e) => return usage_error(&e),
    };
    match format {
        Format::Json => print_json(&b),
        Format::Human => {
            println!(
                "{} working day{} from {} to {} ({}): counted after the first day, up to and including the last",
                b.working_days,
                if b.working_days == 1 { "" } else { "s" },
                b.from.format("%a %d %b %Y"),
                b.to.format("%a %d %b %Y"),
                b.region
            );
            ExitCode::SUCCESS
        }
    }
}
