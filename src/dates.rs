//! The one grammar for dates that users type or files carry: command-line flags, case
//! fixtures, closures files and audit exports all read dates here, so that a value accepted in
//! one place is accepted in every other (`2026-06-01 18:30` was once refused by `deadlines`
//! and accepted in an audit CSV).
//!
//! Accepted:
//!
//! - ISO: `YYYY-MM-DD`, optionally followed by `T` or a space and a time;
//! - UK day/month/year, as case-management systems and spreadsheets export them:
//!   `DD/MM/YYYY` or `D/M/YYYY` (`19/06/2026`, `5/1/2026`), optionally followed by a space and
//!   a time (`05/01/2026 14:30`).
//!
//! A time is `HH:MM` or `H:MM`, optionally with `:SS`. A bare date is taken as noon: inside any
//! office hours, so a bare date never moves to the next working day.
//!
//! The order of a slashed date is always day, month, year, as in the UK: US order
//! (`06/19/2026`) is NOT accepted, and a date such as `01/05/2026` is 1 May, never 5 January.
//! Two-digit years (`05/01/26`) are refused: they cannot be told from other orders.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// What the grammar accepts, for error messages.
pub const DATETIME_FORMS: &str =
    "a date (YYYY-MM-DD, or DD/MM/YYYY in UK order) or a date and time \
     (YYYY-MM-DDTHH:MM, YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM)";

/// A date or a date and time, as text.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    parse_datetime_bytes(s.as_bytes())
}

/// A date alone (`YYYY-MM-DD` or `DD/MM/YYYY`), with no time.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    match date_part(b) {
        Some((d, n)) if n == b.len() => Some(d),
        _ => None,
    }
}

/// Digits as a number: at least `min` and at most `max` of them, from the start of `f`.
/// Returns the value and how many digits were read.
#[inline]
fn digits(f: &[u8], min: usize, max: usize) -> Option<(u32, usize)> {
    let mut v = 0u32;
    let mut n = 0;
    for &b in f.iter().take(max) {
        if !b.is_ascii_digit() {
            break;
        }
        v = v * 10 + u32::from(b - b'0');
        n += 1;
    }
    (n >= min).then_some((v, n))
}

/// The date at the start of `f` and how many bytes it takes.
#[inline]
fn date_part(f: &[u8]) -> Option<(NaiveDate, usize)> {
    if f.get(4) == Some(&b'-') {
        // ISO: YYYY-MM-DD, exactly.
        if f.get(7) != Some(&b'-') {
            return None;
        }
        let (y, 4) = digits(f, 4, 4)? else {
            return None;
        };
        let (m, 2) = digits(f.get(5..)?, 2, 2)? else {
            return None;
        };
        let (d, 2) = digits(f.get(8..)?, 2, 2)? else {
            return None;
        };
        return Some((NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?, 10));
    }
    // UK: D/M/YYYY with one or two digits of day and month.
    let (d, nd) = digits(f, 1, 2)?;
    if f.get(nd) != Some(&b'/') {
        return None;
    }
    let rest = f.get(nd + 1..)?;
    let (m, nm) = digits(rest, 1, 2)?;
    if rest.get(nm) != Some(&b'/') {
        return None;
    }
    let rest = rest.get(nm + 1..)?;
    let (y, 4) = digits(rest, 4, 4)? else {
        return None;
    };
    if rest.get(4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)?;
    Some((date, nd + 1 + nm + 1 + 4))
}

/// `H:MM` or `HH:MM`, optionally `:SS`, filling all of `f`.
#[inline]
fn time_part(f: &[u8]) -> Option<NaiveTime> {
    let (h, nh) = digits(f, 1, 2)?;
    if f.get(nh) != Some(&b':') {
        return None;
    }
    let (m, 2) = digits(f.get(nh + 1..)?, 2, 2)? else {
        return None;
    };
    let mut n = nh + 3;
    let s = if f.get(n) == Some(&b':') {
        let (s, 2) = digits(f.get(n + 1..)?, 2, 2)? else {
            return None;
        };
        n += 3;
        s
    } else {
        0
    };
    if n != f.len() {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, s)
}

/// The same grammar over bytes, for the audit's hot loop (no allocation, no UTF-8 check).
pub fn parse_datetime_bytes(f: &[u8]) -> Option<NaiveDateTime> {
    let f = f.trim_ascii();
    let (date, n) = date_part(f)?;
    let iso = f.get(4) == Some(&b'-');
    let time = match f.get(n) {
        None => NaiveTime::from_hms_opt(12, 0, 0)?,
        Some(b' ') => time_part(f.get(n + 1..)?)?,
        Some(b'T') if iso => time_part(f.get(n + 1..)?)?,
        Some(_) => return None,
    };
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> Option<String> {
        parse_datetime(s).map(|d| d.format("%Y-%m-%d %H:%M:%S").to_string())
    }

    #[test]
    fn the_forms_it_accepts() {
        assert_eq!(dt("2026-06-01").as_deref(), Some("2026-06-01 12:00:00"));
        assert_eq!(
            dt("2026-06-01T18:30").as_deref(),
            Some("2026-06-01 18:30:00")
        );
        assert_eq!(
            dt("2026-06-01 18:30").as_deref(),
            Some("2026-06-01 18:30:00")
        );
        assert_eq!(
            dt("2026-06-01 18:30:15").as_deref(),
            Some("2026-06-01 18:30:15")
        );
        assert_eq!(dt(" 2026-06-01 ").as_deref(), Some("2026-06-01 12:00:00"));
    }

    #[test]
    fn uk_dates_day_first() {
        // Friday 19 June 2026; Monday 5 January 2026.
        assert_eq!(dt("19/06/2026").as_deref(), Some("2026-06-19 12:00:00"));
        assert_eq!(
            dt("05/01/2026 14:30").as_deref(),
            Some("2026-01-05 14:30:00")
        );
        assert_eq!(dt("5/1/2026").as_deref(), Some("2026-01-05 12:00:00"));
        assert_eq!(dt("5/1/2026 9:05").as_deref(), Some("2026-01-05 09:05:00"));
        assert_eq!(
            dt("31/12/2026 23:59:59").as_deref(),
            Some("2026-12-31 23:59:59")
        );
        // 29 February exists in 2028, not in 2027.
        assert_eq!(dt("29/02/2028").as_deref(), Some("2028-02-29 12:00:00"));
        assert_eq!(dt("29/02/2027"), None);
        // Day first, always: 01/05 is 1 May.
        assert_eq!(dt("01/05/2026").as_deref(), Some("2026-05-01 12:00:00"));
        assert_eq!(
            parse_date("19/06/2026"),
            NaiveDate::from_ymd_opt(2026, 6, 19)
        );
        assert_eq!(parse_date("19/06/2026 10:00"), None);
    }

    #[test]
    fn the_forms_it_refuses() {
        for s in [
            "",
            "2026-6-1",
            "2026-02-30",
            "2026-06-01T25:00",
            "2026-06-01T18",
            "2026-06-01X18:30",
            "2026-06-01T18:30:1",
            "+2026-06-01",
            // US order: there is no 19th month.
            "06/19/2026",
            "12/25/2026 10:00",
            // two-digit years, missing parts, other separators
            "05/01/26",
            "05/01/20266",
            "5/2026",
            "005/01/2026",
            "05-01-2026",
            "05.01.2026",
            "05/01/2026T14:30",
            "05/01/2026 14",
            "05/01/2026 14:3",
            "05/01/2026 24:00",
            "05/01/2026  14:30",
            "31/04/2026",
            "0/1/2026",
        ] {
            assert_eq!(dt(s), None, "{s}");
        }
        assert_eq!(parse_date("2026-06-01T10:00"), None);
        assert_eq!(
            parse_date("2026-06-01"),
            NaiveDate::from_ymd_opt(2026, 6, 1)
        );
    }
}
