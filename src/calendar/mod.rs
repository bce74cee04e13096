//! Stage 4a: the working-day calendar. Deadlines in complaints policies are counted in working
//! days of a region (Monday to Friday less bank holidays, less a council's own closure days).
//! Counting is O(1): the calendar precomputes, for every day it covers, how many working days
//! come before it, and the list of working days in order, so adding N working days is two
//! array look-ups rather than a walk through N days.
//!
//! Conventions (the README repeats them; each has a test):
//! 1. a working day is a day of the policy's working week (default Monday to Friday) that is
//!    not a bank holiday of its region and not one of its closure days;
//! 2. office hours run from opening time up to but not including closing time (default
//!    09:00 to 17:00);
//! 3. a complaint received at or after closing time, or on a non-working day, counts as
//!    received at opening time on the next working day; one received before opening time on a
//!    working day counts as received that day;
//! 4. "within N working days of X": the day of X is day 0, the deadline is the N-th working
//!    day after it, and action on that day is in time; if X is a non-working day, the first
//!    working day after it is day 1;
//! 6. calendar-month windows: the same day of the month M months later, clamped to the end of
//!    a shorter month, not moved to a working day.
//!
//! Convention 5, which deadline a response counts from, belongs to the simulator.

pub mod holidays;

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, NaiveTime};

use crate::ir::{Region, Weekday};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CalendarError {
    /// The date lies outside the years the bank-holiday data covers.
    OutOfRange {
        date: NaiveDate,
        first: NaiveDate,
        last: NaiveDate,
    },
}

impl fmt::Display for CalendarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalendarError::OutOfRange { date, first, last } => write!(
                f,
                "{date} is outside the years redress has bank holidays for ({first} to {last}); \
                 it will not guess which days are working days"
            ),
        }
    }
}

impl std::error::Error for CalendarError {}

/// Whether `d` lies in the years the bank-holiday data covers: a date a command is given
/// (a sample complaint's receipt) is refused up front rather than reported inside a table.
pub fn covers(d: NaiveDate) -> Result<(), CalendarError> {
    let (fy, fm, fd) = holidays::FIRST;
    let (ly, lm, ld) = holidays::LAST;
    let first = NaiveDate::from_ymd_opt(fy, fm, fd).unwrap_or(NaiveDate::MIN);
    let last = NaiveDate::from_ymd_opt(ly, lm, ld).unwrap_or(NaiveDate::MAX);
    if d < first || d > last {
        return Err(CalendarError::OutOfRange {
            date: d,
            first,
            last,
        });
    }
    Ok(())
}

/// Why a day is not a working day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DayOff {
    Weekend,
    BankHoliday(String),
    Closure(String),
}

impl fmt::Display for DayOff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DayOff::Weekend => f.write_str("weekend"),
            DayOff::BankHoliday(t) => write!(f, "bank holiday: {t}"),
            DayOff::Closure(t) => write!(f, "office closed: {t}"),
        }
    }
}

/// A closure day range the policy (or the user) declares, inclusive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Closure {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub label: String,
}

/// Everything a calendar is built from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CalendarSpec {
    pub region: Region,
    /// first and last working weekday, inclusive
    pub week: (Weekday, Weekday),
    pub closures: Vec<Closure>,
}

impl CalendarSpec {
    pub fn new(region: Region) -> Self {
        CalendarSpec {
            region,
            week: (Weekday::Monday, Weekday::Friday),
            closures: Vec::new(),
        }
    }
}

pub struct WorkingCalendar {
    pub region: Region,
    first: NaiveDate,
    last: NaiveDate,
    /// `before[i]`: working days in `[first, first + i)`; one longer than the day count.
    before: Vec<u32>,
    /// `working[k]`: day index of the k-th working day (0-based).
    working: Vec<u32>,
    /// `working_dates[k]`: the k-th working day itself, so that the kernel never does date
    /// arithmetic on its way out.
    working_dates: Vec<NaiveDate>,
    /// `first.num_days_from_ce()` and the index of `last`: a day's index is one subtraction.
    first_ce: i32,
    last_index: i32,
    off: BTreeMap<NaiveDate, DayOff>,
}

fn weekday_number(w: Weekday) -> u32 {
    match w {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

impl WorkingCalendar {
    /// The calendar of `spec`, built once per process and shared: `compare` and `site` ask
    /// for the same few calendars dozens of times per run (one per policy, track and sample).
    pub fn shared(spec: &CalendarSpec) -> Arc<WorkingCalendar> {
        static BUILT: OnceLock<Mutex<HashMap<CalendarSpec, Arc<WorkingCalendar>>>> =
            OnceLock::new();
        let cache = BUILT.get_or_init(|| Mutex::new(HashMap::new()));
        // A poisoned lock only means another thread panicked while inserting; the map holds
        // whole calendars or nothing, so it is still sound to use.
        let mut map = cache.lock().unwrap_or_else(|p| p.into_inner());
        map.entry(spec.clone())
            .or_insert_with(|| Arc::new(WorkingCalendar::new(spec)))
            .clone()
    }

    pub fn new(spec: &CalendarSpec) -> Self {
        let (fy, fm, fd) = holidays::FIRST;
        let (ly, lm, ld) = holidays::LAST;
        let first = NaiveDate::from_ymd_opt(fy, fm, fd).unwrap_or(NaiveDate::MIN);
        let last = NaiveDate::from_ymd_opt(ly, lm, ld).unwrap_or(NaiveDate::MIN);
        let mut off = BTreeMap::new();
        for (date, title) in holidays::bank_holidays(spec.region) {
            off.insert(date, DayOff::BankHoliday(title.to_string()));
        }
        for c in &spec.closures {
            let mut d = c.from;
            while d <= c.to && d <= last {
                off.entry(d)
                    .or_insert_with(|| DayOff::Closure(c.label.clone()));
                match d.succ_opt() {
                    Some(n) => d = n,
                    None => break,
                }
            }
        }
        let (lo, hi) = (weekday_number(spec.week.0), weekday_number(spec.week.1));
        let days = (last - first).num_days().max(0) as usize + 1;
        let mut before = Vec::with_capacity(days + 1);
        let mut working = Vec::with_capacity(days);
        let mut d = first;
        for i in 0..days {
            before.push(working.len() as u32);
            let wd = d.weekday().num_days_from_monday();
            let in_week = wd >= lo && wd <= hi;
            if !in_week {
                off.entry(d).or_insert(DayOff::Weekend);
            } else if !off.contains_key(&d) {
                working.push(i as u32);
            }
            d = d.succ_opt().unwrap_or(d);
        }
        before.push(working.len() as u32);
        let working_dates = working
            .iter()
            .map(|&i| {
                first
                    .checked_add_days(Days::new(u64::from(i)))
                    .unwrap_or(last)
            })
            .collect();
        let first_ce = first.num_days_from_ce();
        WorkingCalendar {
            region: spec.region,
            first,
            last,
            before,
            working,
            working_dates,
            first_ce,
            last_index: last.num_days_from_ce() - first_ce,
            off,
        }
    }

    pub fn first(&self) -> NaiveDate {
        self.first
    }

    pub fn last(&self) -> NaiveDate {
        self.last
    }

    #[inline]
    fn index(&self, d: NaiveDate) -> Result<usize, CalendarError> {
        let i = d.num_days_from_ce() - self.first_ce;
        if i < 0 || i > self.last_index {
            return Err(CalendarError::OutOfRange {
                date: d,
                first: self.first,
                last: self.last,
            });
        }
        Ok(i as usize)
    }

    fn date_of(&self, index: u32) -> NaiveDate {
        self.first
            .checked_add_days(Days::new(u64::from(index)))
            .unwrap_or(self.last)
    }

    fn out_of_range_after(&self, d: NaiveDate) -> CalendarError {
        CalendarError::OutOfRange {
            date: d,
            first: self.first,
            last: self.last,
        }
    }

    /// Working days strictly before `d` (from the start of the data).
    fn rank(&self, d: NaiveDate) -> Result<u32, CalendarError> {
        let i = self.index(d)?;
        self.before
            .get(i)
            .copied()
            .ok_or_else(|| self.out_of_range_after(d))
    }

    pub fn is_working_day(&self, d: NaiveDate) -> Result<bool, CalendarError> {
        let i = self.index(d)?;
        let (a, b) = (self.before.get(i), self.before.get(i + 1));
        Ok(matches!((a, b), (Some(a), Some(b)) if b > a))
    }

    /// Why `d` is not a working day, if it is not.
    pub fn day_off(&self, d: NaiveDate) -> Option<&DayOff> {
        self.off.get(&d)
    }

    /// Convention 4: the N-th working day after `from` (day 0 is `from` itself; if `from` is
    /// not a working day, the first working day after it is day 1). N = 0 gives `from` when it
    /// is a working day, else the next working day.
    pub fn add_working_days(&self, from: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        // One index, one pair of adjacent look-ups: `before[i]` (the rank of `from`) indexes
        // the first working day on or after `from`, day 0 when `from` is a working day (then
        // `before[i + 1] > before[i]`), day 1 when it is not.
        let i = self.index(from)?;
        let (r, working) = match (self.before.get(i), self.before.get(i + 1)) {
            (Some(&a), Some(&b)) => (a, b > a),
            _ => return Err(self.out_of_range_after(from)),
        };
        // Saturating: a count past every working day the tables hold is out of range (the
        // error below), never a wrapped, earlier date.
        let k = if working {
            r.saturating_add(n)
        } else {
            r.saturating_add(n.saturating_sub(1))
        };
        match self.working_dates.get(k as usize) {
            Some(&d) => Ok(d),
            None => Err(self.out_of_range_after(self.last.succ_opt().unwrap_or(self.last))),
        }
    }

    /// The date N working days before `to`, on working days: undoes [`Self::add_working_days`]
    /// from a working day.
    pub fn sub_working_days(&self, to: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let r = self.rank(to)?;
        let k = r
            .checked_sub(n)
            .ok_or_else(|| self.out_of_range_after(self.first.pred_opt().unwrap_or(self.first)))?;
        match self.working.get(k as usize) {
            Some(&i) => Ok(self.date_of(i)),
            None => Err(self.out_of_range_after(to)),
        }
    }

    /// Working days after `a` up to and including `b` (negative when `b` is before `a`): how
    /// many working days `b` is past `a`, the inverse of [`Self::add_working_days`].
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> Result<i64, CalendarError> {
        let ia = self.index(a)?;
        let ib = self.index(b)?;
        let after = |i: usize| self.before.get(i + 1).copied().map(i64::from);
        match (after(ia), after(ib)) {
            (Some(x), Some(y)) => Ok(y - x),
            _ => Err(self.out_of_range_after(b)),
        }
    }

    /// The first working day on or after `d`.
    pub fn next_working_day_on_or_after(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        let r = self.rank(d)?;
        match self.working.get(r as usize) {
            Some(&i) => Ok(self.date_of(i)),
            None => Err(self.out_of_range_after(d)),
        }
    }

    /// The days that are not working days in `(a, b]`, with the reason for each: what a
    /// deadline skipped.
    pub fn days_off_between(&self, a: NaiveDate, b: NaiveDate) -> Vec<(NaiveDate, &DayOff)> {
        match a.succ_opt() {
            Some(start) if start <= b => self.off.range(start..=b).map(|(d, o)| (*d, o)).collect(),
            _ => Vec::new(),
        }
    }

    /// Convention 3: when a complaint received at `at` counts as received, given office hours.
    pub fn effective_receipt(
        &self,
        at: NaiveDateTime,
        open: NaiveTime,
        close: NaiveTime,
    ) -> Result<NaiveDateTime, CalendarError> {
        let day = at.date();
        if self.is_working_day(day)? && at.time() < close {
            // In hours, or before opening on a working day: that day.
            return Ok(if at.time() < open {
                day.and_time(open)
            } else {
                at
            });
        }
        let next = self.add_working_days(day, 1)?;
        Ok(next.and_time(open))
    }
}

/// Convention 6: the same day of the month `m` months later, clamped to the end of a shorter
/// month, and not moved to a working day.
pub fn add_months(d: NaiveDate, m: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(m))
}

#[cfg(test)]
mod tests;
