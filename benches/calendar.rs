//! Working-day offsets per second: redress's precomputed tables against the obvious day-by-day
//! loop, in the same run, on the same inputs (England and Wales, starts spread over 2018-2028,
//! offsets of 1 to 60 working days, the range complaints timescales live in).
//!
//! Run: `cargo bench --bench calendar`. Criterion reports time per batch and, because each
//! batch's throughput is set to its number of offsets, offsets per second ("elem/s").

use std::collections::HashSet;
use std::hint::black_box;

use chrono::{Datelike, Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use redress::calendar::{holidays, CalendarSpec, WorkingCalendar};
use redress::ir::Region;

/// The naive way: step one day at a time, skipping weekends and holidays.
fn naive_add(holidays: &HashSet<NaiveDate>, from: NaiveDate, n: u32) -> NaiveDate {
    let working = |d: NaiveDate| d.weekday().num_days_from_monday() < 5 && !holidays.contains(&d);
    let mut d = from;
    let mut left = n;
    if !working(d) && n > 0 {
        // the first working day after a non-working day is day 1
        while !working(d) {
            d = d + Days::new(1);
        }
        left -= 1;
    }
    while left > 0 {
        d = d + Days::new(1);
        if working(d) {
            left -= 1;
        }
    }
    d
}

fn inputs() -> Vec<(NaiveDate, u32)> {
    // A fixed pseudo-random sequence (no RNG dependency): a linear congruential generator.
    let start = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap_or_default();
    let mut x: u64 = 0x2545_f491;
    (0..10_000)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let day = (x >> 33) % 3_900;
            let n = 1 + ((x >> 17) % 60) as u32;
            (start + Days::new(day), n)
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let cal = WorkingCalendar::new(&CalendarSpec::new(Region::EnglandAndWales));
    let hols: HashSet<NaiveDate> = holidays::bank_holidays(Region::EnglandAndWales)
        .into_iter()
        .map(|(d, _)| d)
        .collect();
    let inputs = inputs();
    // Both must agree before either is timed.
    for &(d, n) in &inputs {
        assert_eq!(
            cal.add_working_days(d, n).ok(),
            Some(naive_add(&hols, d, n)),
            "{d} + {n}"
        );
    }
    let mut g = c.benchmark_group("add_working_days");
    g.throughput(Throughput::Elements(inputs.len() as u64));
    g.bench_function("tables (redress)", |b| {
        b.iter(|| {
            for &(d, n) in &inputs {
                black_box(cal.add_working_days(black_box(d), black_box(n)).ok());
            }
        })
    });
    g.bench_function("naive day-by-day loop", |b| {
        b.iter(|| {
            for &(d, n) in &inputs {
                black_box(naive_add(&hols, black_box(d), black_box(n)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
