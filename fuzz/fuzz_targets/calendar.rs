//! Arbitrary calendars (region, working week, closures) and arbitrary (date, n): the working-day
//! arithmetic every deadline rests on must be consistent with itself, and a date outside the
//! bank-holiday data must be an error, never a panic or a wrong date.
//!
//! The invariants, from the conventions in `src/calendar/mod.rs` (`between(a, b)` counts the
//! working days in `(a, b]`):
//! - `add(d, n)` is a working day on or after `d`, and `between(d, add(d, n)) == n`, except
//!   `n == 0` from a day off, which gives the next working day (1 working day later);
//! - from a working day, `sub(add(d, n), n) == d`;
//! - `sub(d, n)` is a working day `n` working days before the first working day on or after `d`
//!   (so `sub(d, 0)` from a day off is the next working day, after `d`);
//! - `between(a, b) == -between(b, a)`;
//! - `is_working_day(d)` exactly when `day_off(d)` gives no reason.
#![no_main]

use arbitrary::Arbitrary;
use chrono::{Days, NaiveDate};
use libfuzzer_sys::fuzz_target;
use redress::calendar::{CalendarSpec, Closure, WorkingCalendar};
use redress::ir::{Region, Vocabulary, Weekday};

#[derive(Arbitrary, Debug)]
struct Input {
    region: u8,
    week: (u8, u8),
    closures: Vec<(i32, u8)>,
    /// days from 2018-01-01 (the first day of the data); wide enough to go well past both ends
    day: i32,
    other: i32,
    n: u32,
    /// most counts are small (deadlines are weeks), but a raw u32 must not wrap
    raw_n: bool,
}

fn pick<T: Copy>(words: &[(&str, T)], i: u8) -> Option<T> {
    words
        .get(usize::from(i) % words.len().max(1))
        .map(|(_, v)| *v)
}

fn date(days: i32) -> Option<NaiveDate> {
    let origin = NaiveDate::from_ymd_opt(2018, 1, 1)?;
    // Keep to a few years either side of the data; chrono's own range is not under test.
    let days = days.rem_euclid(8 * 366 + 13 * 366) - 4 * 366;
    if days >= 0 {
        origin.checked_add_days(Days::new(days.unsigned_abs().into()))
    } else {
        origin.checked_sub_days(Days::new(days.unsigned_abs().into()))
    }
}

fuzz_target!(|input: Input| {
    let (Some(region), Some(lo), Some(hi)) = (
        pick(Region::WORDS, input.region),
        pick(Weekday::WORDS, input.week.0),
        pick(Weekday::WORDS, input.week.1),
    ) else {
        return;
    };
    let mut spec = CalendarSpec::new(region);
    spec.week = (lo, hi);
    for (start, len) in input.closures.iter().take(4) {
        let (Some(from), Some(to)) = (date(*start), date(start.saturating_add(i32::from(*len))))
        else {
            return;
        };
        spec.closures.push(Closure {
            from,
            to,
            label: "closed".into(),
        });
    }
    let cal = WorkingCalendar::new(&spec);
    let (Some(d), Some(other)) = (date(input.day), date(input.other)) else {
        return;
    };
    let n = if input.raw_n { input.n } else { input.n % 400 };

    // Working day or day off: one answer, from either question.
    if let Ok(working) = cal.is_working_day(d) {
        assert_eq!(
            working,
            cal.day_off(d).is_none(),
            "{d}: is_working_day vs day_off"
        );
    }
    let working = cal.is_working_day(d).unwrap_or(false);

    if let Ok(e) = cal.add_working_days(d, n) {
        assert!(e >= d, "add({d}, {n}) = {e} is before {d}");
        assert_eq!(
            cal.is_working_day(e).ok(),
            Some(true),
            "add({d}, {n}) = {e} is a day off"
        );
        let expected = if n == 0 && !working { 1 } else { i64::from(n) };
        assert_eq!(
            cal.working_days_between(d, e).ok(),
            Some(expected),
            "between({d}, add({d}, {n}) = {e})"
        );
        if working {
            assert_eq!(
                cal.sub_working_days(e, n).ok(),
                Some(d),
                "sub(add({d}, {n}), {n})"
            );
        }
    }

    if let Ok(s) = cal.sub_working_days(d, n) {
        // From a day off, `sub(d, 0)` is the next working day (after `d`): the count is
        // from the first working day on or after `d`, so only `n >= 1` or a working day
        // gives a date on or before `d`.
        if working || n > 0 {
            assert!(s <= d, "sub({d}, {n}) = {s} is after {d}");
        }
        assert_eq!(
            cal.is_working_day(s).ok(),
            Some(true),
            "sub({d}, {n}) = {s} is a day off"
        );
        // When the data holds no working day on or after `d` (closures to its end), `sub`
        // still answers, correctly: the count is of working days before that next one.
        let next = cal.next_working_day_on_or_after(d);
        if let Ok(next) = next {
            assert_eq!(
                cal.working_days_between(s, next).ok(),
                Some(i64::from(n)),
                "between(sub({d}, {n}) = {s}, {next})"
            );
        }
    }

    match (
        cal.working_days_between(d, other),
        cal.working_days_between(other, d),
    ) {
        (Ok(x), Ok(y)) => assert_eq!(x, -y, "between({d}, {other}) vs between({other}, {d})"),
        (Err(_), Err(_)) => {}
        (x, y) => panic!("between({d}, {other}) = {x:?} but between({other}, {d}) = {y:?}"),
    }

    // Outside the data every question is an error.
    if redress::calendar::covers(d).is_err() {
        assert!(cal.is_working_day(d).is_err());
        assert!(cal.add_working_days(d, n).is_err());
        assert!(cal.sub_working_days(d, n).is_err());
    }
});
