//! The per-row verdict of `redress audit`: rows per second on an in-memory export of 100,000
//! rows (Kingston's policy, two stages, both tracks), generated here with a fixed xorshift so
//! every run judges the same rows.
//!
//! Run: `cargo bench --bench audit`. Throughput is set to the row count, so criterion reports
//! rows per second ("elem/s"): `one thread` is the per-row work alone (parse, deadlines,
//! verdicts, counts); `one thread, cases out` adds writing the per-case CSV; `all cores` is
//! the whole engine as `redress audit` runs it.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use redress::audit::{audit, Plan};
use redress::source::SourceFile;

const ROWS: usize = 100_000;

struct XorShift(u64);

impl XorShift {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn export() -> Vec<u8> {
    let mut r = XorShift(0x9e37_79b9_7f4a_7c15);
    let base = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    let day = |d: u64| base.checked_add_days(Days::new(d)).unwrap_or(base);
    let mut s = String::from(
        "id,track,received,s1_acknowledged,s1_extension_wd,s1_responded,s2_requested,s2_acknowledged,s2_extension_wd,s2_responded\n",
    );
    for i in 0..ROWS {
        let rec = r.next(600);
        let track = if r.next(2) == 0 { "general" } else { "housing" };
        let hour = 7 + r.next(13);
        let ack = rec + r.next(8);
        let ext = ["", "", "", "5", "10"]
            .get(r.next(5) as usize)
            .copied()
            .unwrap_or("");
        let resp = rec + r.next(30);
        let responded = r.next(10) < 9;
        s.push_str(&format!(
            "C{i},{track},{}T{hour:02}:15,{},{ext},",
            day(rec),
            day(ack)
        ));
        if responded {
            s.push_str(&day(resp).to_string());
        }
        if responded && r.next(10) < 3 {
            let q = resp + r.next(30);
            s.push_str(&format!(
                ",{}T{hour:02}:00,{},,{}\n",
                day(q),
                day(q + r.next(6)),
                day(q + r.next(40))
            ));
        } else {
            s.push_str(",,,,\n");
        }
    }
    s.into_bytes()
}

fn bench(c: &mut Criterion) {
    let text = std::fs::read_to_string("policies/kingston.policy").unwrap_or_default();
    let Ok(policy) = redress::compile(&SourceFile::new("kingston.policy", text)) else {
        return;
    };
    let plan = Plan::new(&policy);
    let csv = export();
    let mut g = c.benchmark_group("audit");
    g.throughput(Throughput::Elements(ROWS as u64));
    g.sample_size(20);
    g.bench_function("one thread", |b| {
        b.iter(|| audit(&plan, &mut black_box(&csv[..]), None, 1, 0).map(|a| a.accepted))
    });
    g.bench_function("one thread, cases out", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(csv.len());
            let a = audit(&plan, &mut black_box(&csv[..]), Some(&mut out), 1, 0);
            (a.map(|a| a.accepted), out.len())
        })
    });
    g.bench_function("all cores", |b| {
        b.iter(|| audit(&plan, &mut black_box(&csv[..]), None, 0, 1 << 20).map(|a| a.accepted))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
