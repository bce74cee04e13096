//! The one grammar for dates that users type or files carry: command-line flags, case
//! fixtures, closures files and audit exports all read dates here, so that a value accepted in
//! one place is accepted in every other (`2026-06-01 18:30` was once refused by `deadlines`
//! and accepted in an audit CSV).
//!
//! Accepted: `YYYY-MM-DD`, and `YYYY-MM-DD` followed by `T` or a space and `HH:MM`, optionally
//! `:SS`. A bare date is taken as noon: inside any office hours, so a bare date never moves to
//! the next working day.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// What the grammar accepts, for error messages.
pub const DATETIME_FORMS: &str =
    "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM or YYYY-MM-DD HH:MM)";

/// A date or a date and time, as text.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    parse_datetime_bytes(s.as_bytes())
}

/// A date alone (`YYYY-MM-DD`).
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    if b.len() != 10 {
        return None;
    }
    parse_datetime_bytes(b).map(|d| d.date())
}

/// The same grammar over bytes, for the audit's hot loop (no allocation, no UTF-8 check).
pub fn parse_datetime_bytes(f: &[u8]) -> Option<NaiveDateTime> {
    let f = f.trim_ascii();
    let num = |s: Option<&[u8]>| -> Option<u32> {
        let s = s?;
        let mut v = 0u32;
        for &b in s {
            if !b.is_ascii_digit() {
                return None;
            }
            v = v * 10 + u32::from(b - b'0');
        }
        Some(v)
    };
    if f.get(4) != Some(&b'-') || f.get(7) != Some(&b'-') {
        return None;
    }
    let y = i32::try_from(num(f.get(0..4))?).ok()?;
    let date = NaiveDate::from_ymd_opt(y, num(f.get(5..7))?, num(f.get(8..10))?)?;
    let time = match f.len() {
        10 => NaiveTime::from_hms_opt(12, 0, 0),
        16 | 19 => {
            if !matches!(f.get(10), Some(b'T' | b' ')) || f.get(13) != Some(&b':') {
                return None;
            }
            let s = if f.len() == 19 {
                if f.get(16) != Some(&b':') {
                    return None;
                }
                num(f.get(17..19))?
            } else {
                0
            };
            NaiveTime::from_hms_opt(num(f.get(11..13))?, num(f.get(14..16))?, s)
        }
        _ => None,
    };
    Some(date.and_time(time?))
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
    fn the_forms_it_refuses() {
        for s in [
            "",
            "2026-6-1",
            "2026-02-30",
            "2026-06-01T25:00",
            "2026-06-01T18",
            "01/06/2026",
            "2026-06-01X18:30",
            "2026-06-01T18:30:1",
            "+2026-06-01",
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
