//! Calendar arithmetic, each expected date worked out by hand from a printed calendar and the
//! GOV.UK bank-holiday lists; property tests compare the O(1) tables with a naive day-by-day walk.

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn cal(region: Region) -> WorkingCalendar {
    WorkingCalendar::new(&CalendarSpec::new(region))
}

fn ew() -> WorkingCalendar {
    cal(Region::EnglandAndWales)
}

#[test]
fn convention_1_weekends_and_bank_holidays_are_not_working_days() {
    let c = ew();
    assert!(c.is_working_day(d(2026, 11, 23)).unwrap()); // Monday
    assert!(!c.is_working_day(d(2026, 11, 21)).unwrap()); // Saturday
    assert!(!c.is_working_day(d(2026, 12, 25)).unwrap()); // Christmas Day, Friday
    assert!(!c.is_working_day(d(2026, 12, 28)).unwrap()); // Boxing Day substitute, Monday
    assert_eq!(
        c.day_off(d(2026, 12, 28)),
        Some(&DayOff::BankHoliday("Boxing Day (substitute day)".into()))
    );
}

#[test]
fn convention_4_day_of_event_is_day_zero() {
    let c = ew();
    // Monday 23 Nov 2026 + 5 working days = Monday 30 Nov.
    assert_eq!(
        c.add_working_days(d(2026, 11, 23), 5).unwrap(),
        d(2026, 11, 30)
    );
    // Friday 18 Dec 2026 + 5: Mon 21, Tue 22, Wed 23, Thu 24, (Fri 25, Sat, Sun, Mon 28 off), Tue 29.
    assert_eq!(
        c.add_working_days(d(2026, 12, 18), 5).unwrap(),
        d(2026, 12, 29)
    );
    // Thursday 2 April 2026 + 1: Good Friday 3rd and Easter Monday 6th are off: Tuesday 7th.
    assert_eq!(c.add_working_days(d(2026, 4, 2), 1).unwrap(), d(2026, 4, 7));
}

#[test]
fn convention_4_non_working_event_day_next_working_day_is_day_one() {
    let c = ew();
    // Saturday 21 Nov 2026: Monday 23rd is day 1, Friday 27th day 5.
    assert_eq!(
        c.add_working_days(d(2026, 11, 21), 1).unwrap(),
        d(2026, 11, 23)
    );
    assert_eq!(
        c.add_working_days(d(2026, 11, 21), 5).unwrap(),
        d(2026, 11, 27)
    );
    // Christmas Day 2026 (Friday): Tuesday 29th is day 1.
    assert_eq!(
        c.add_working_days(d(2026, 12, 25), 1).unwrap(),
        d(2026, 12, 29)
    );
    // Zero days from a non-working day: the next working day.
    assert_eq!(
        c.add_working_days(d(2026, 11, 21), 0).unwrap(),
        d(2026, 11, 23)
    );
}

#[test]
fn regions_differ() {
    // Friday 12 June 2026 + 1: Scotland has Monday 15 June off (World Cup), so Tuesday 16th.
    assert_eq!(
        cal(Region::Scotland)
            .add_working_days(d(2026, 6, 12), 1)
            .unwrap(),
        d(2026, 6, 16)
    );
    assert_eq!(
        ew().add_working_days(d(2026, 6, 12), 1).unwrap(),
        d(2026, 6, 15)
    );
    // Thursday 2 April 2026 + 1 in Scotland: Good Friday off, Easter Monday worked: Monday 6th.
    assert_eq!(
        cal(Region::Scotland)
            .add_working_days(d(2026, 4, 2), 1)
            .unwrap(),
        d(2026, 4, 6)
    );
    // Monday 16 March 2026 + 1 in Northern Ireland: St Patrick's Day off: Wednesday 18th.
    assert_eq!(
        cal(Region::NorthernIreland)
            .add_working_days(d(2026, 3, 16), 1)
            .unwrap(),
        d(2026, 3, 18)
    );
}

#[test]
fn closures_are_not_working_days() {
    let mut spec = CalendarSpec::new(Region::EnglandAndWales);
    spec.closures.push(Closure {
        from: d(2026, 12, 29),
        to: d(2026, 12, 31),
        label: "Christmas closure".into(),
    });
    let c = WorkingCalendar::new(&spec);
    // Thursday 24 Dec + 1: 25 (holiday), 28 (substitute), 29-31 (closed), Fri 1 Jan (holiday): Monday 4 Jan 2027.
    assert_eq!(
        c.add_working_days(d(2026, 12, 24), 1).unwrap(),
        d(2027, 1, 4)
    );
    assert_eq!(
        c.day_off(d(2026, 12, 30)),
        Some(&DayOff::Closure("Christmas closure".into()))
    );
}

#[test]
fn convention_2_and_3_out_of_hours_receipt() {
    let c = ew();
    let (open, close) = (t(9, 0), t(17, 0));
    let at = |y, m, day, h, min| d(y, m, day).and_time(t(h, min));
    // Friday 16:59 is in hours.
    assert_eq!(
        c.effective_receipt(at(2026, 11, 20, 16, 59), open, close)
            .unwrap(),
        at(2026, 11, 20, 16, 59)
    );
    // Friday 17:00 is closing time, not in hours: Monday 09:00.
    assert_eq!(
        c.effective_receipt(at(2026, 11, 20, 17, 0), open, close)
            .unwrap(),
        at(2026, 11, 23, 9, 0)
    );
    // Tuesday 08:00, before opening on a working day: that day.
    assert_eq!(
        c.effective_receipt(at(2026, 11, 24, 8, 0), open, close)
            .unwrap(),
        at(2026, 11, 24, 9, 0)
    );
    // Saturday noon: Monday 09:00.
    assert_eq!(
        c.effective_receipt(at(2026, 11, 21, 12, 0), open, close)
            .unwrap(),
        at(2026, 11, 23, 9, 0)
    );
    // Christmas Eve 2026 (Thursday) 17:30: Tuesday 29 December 09:00.
    assert_eq!(
        c.effective_receipt(at(2026, 12, 24, 17, 30), open, close)
            .unwrap(),
        at(2026, 12, 29, 9, 0)
    );
}

#[test]
fn convention_6_calendar_months_clamp_and_do_not_move() {
    assert_eq!(add_months(d(2026, 1, 31), 1), Some(d(2026, 2, 28)));
    assert_eq!(add_months(d(2024, 1, 31), 1), Some(d(2024, 2, 29)));
    assert_eq!(add_months(d(2026, 8, 31), 3), Some(d(2026, 11, 30)));
    // 21 Nov 2026 + 1 month = Monday 21 Dec; 24 Oct 2026 + 3 months = Sunday 24 Jan 2027, kept.
    assert_eq!(add_months(d(2026, 10, 24), 3), Some(d(2027, 1, 24)));
}

#[test]
fn counting_between_and_back() {
    let c = ew();
    assert_eq!(
        c.working_days_between(d(2026, 12, 18), d(2026, 12, 29))
            .unwrap(),
        5
    );
    assert_eq!(
        c.working_days_between(d(2026, 12, 29), d(2026, 12, 18))
            .unwrap(),
        -5
    );
    assert_eq!(
        c.working_days_between(d(2026, 11, 23), d(2026, 11, 23))
            .unwrap(),
        0
    );
    assert_eq!(
        c.sub_working_days(d(2026, 12, 29), 5).unwrap(),
        d(2026, 12, 18)
    );
}

#[test]
fn dates_outside_the_data_are_refused() {
    let c = ew();
    assert!(matches!(
        c.add_working_days(d(2031, 1, 2), 1),
        Err(CalendarError::OutOfRange { .. })
    ));
    assert!(matches!(
        c.add_working_days(d(2017, 12, 29), 1),
        Err(CalendarError::OutOfRange { .. })
    ));
    // Running off the end of the data is refused too, not clamped.
    assert!(c.add_working_days(d(2030, 12, 30), 5).is_err());
    let msg = c
        .add_working_days(d(2031, 1, 2), 1)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("2031-01-02") && msg.contains("2018-01-01") && msg.contains("2030-12-31"),
        "{msg}"
    );
}

/// The obvious implementation, for comparison: walk day by day.
fn naive_add(c: &WorkingCalendar, from: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = from;
    let mut count = 0;
    if n == 0 {
        while !c.is_working_day(day).ok()? {
            day = day.succ_opt()?;
        }
        return Some(day);
    }
    while count < n {
        day = day.succ_opt()?;
        if c.is_working_day(day).ok()? {
            count += 1;
        }
    }
    Some(day)
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..4000).prop_map(|i| d(2018, 1, 1) + chrono::Days::new(i))
}

fn any_region() -> impl Strategy<Value = Region> {
    prop_oneof![
        Just(Region::EnglandAndWales),
        Just(Region::Scotland),
        Just(Region::NorthernIreland)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn adding_lands_on_a_working_day_and_matches_the_naive_walk(r in any_region(), from in any_date(), n in 0u32..300) {
        let c = cal(r);
        let fast = c.add_working_days(from, n).unwrap();
        prop_assert!(c.is_working_day(fast).unwrap());
        prop_assert_eq!(Some(fast), naive_add(&c, from, n));
    }

    #[test]
    fn adding_a_then_b_is_adding_a_plus_b_from_a_working_day(r in any_region(), from in any_date(), a in 0u32..200, b in 0u32..200) {
        let c = cal(r);
        let start = c.next_working_day_on_or_after(from).unwrap();
        let two_steps = c.add_working_days(c.add_working_days(start, a).unwrap(), b).unwrap();
        prop_assert_eq!(two_steps, c.add_working_days(start, a + b).unwrap());
    }

    #[test]
    fn counting_back_undoes_adding(r in any_region(), from in any_date(), n in 0u32..300) {
        let c = cal(r);
        let start = c.next_working_day_on_or_after(from).unwrap();
        let there = c.add_working_days(start, n).unwrap();
        prop_assert_eq!(c.sub_working_days(there, n).unwrap(), start);
        prop_assert_eq!(c.working_days_between(from, c.add_working_days(from, n.max(1)).unwrap()).unwrap(), i64::from(n.max(1)));
    }
}

#[test]
fn a_count_past_the_tables_is_out_of_range_not_a_wrapped_date() {
    let cal = WorkingCalendar::new(&CalendarSpec::new(Region::EnglandAndWales));
    let from = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    assert!(cal.add_working_days(from, u32::MAX).is_err());
    assert!(cal.add_working_days(from, u32::MAX - 1).is_err());
    // A Saturday start takes the other branch.
    let sat = NaiveDate::from_ymd_opt(2026, 6, 6).unwrap();
    assert!(cal.add_working_days(sat, u32::MAX).is_err());
}
