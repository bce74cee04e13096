//! The per-case output (`--cases-out`): one CSV line per accepted row, its deadlines and
//! on-time verdicts, written by the workers into their chunk's buffer so the merger only
//! copies bytes. The formatting is by hand (dates as ten digits), as it runs once per row.

use chrono::{Datelike, NaiveDate};

use super::{input, Columns, Plan, RowVerdict};

pub(super) fn push_csv_field(out: &mut Vec<u8>, f: &[u8]) {
    if f.iter().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
        out.push(b'"');
        for &b in f {
            if b == b'"' {
                out.push(b'"');
            }
            out.push(b);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(f);
    }
}

pub(super) fn push_date(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    let Some(d) = d else { return };
    let y = d.year().clamp(0, 9999) as u32;
    let (m, day) = (d.month(), d.day());
    let dig = |v: u32| b'0' + (v % 10) as u8;
    out.extend_from_slice(&[
        dig(y / 1000),
        dig(y / 100),
        dig(y / 10),
        dig(y),
        b'-',
        dig(m / 10),
        dig(m),
        b'-',
        dig(day / 10),
        dig(day),
    ]);
}

pub(super) fn push_bool(out: &mut Vec<u8>, b: Option<bool>) {
    match b {
        Some(true) => out.extend_from_slice(b"true"),
        Some(false) => out.extend_from_slice(b"false"),
        None => {}
    }
}

/// The header of the per-case output for a plan.
pub fn cases_header(plan: &Plan) -> Vec<u8> {
    let mut h = String::from("id,track");
    for k in 1..=plan.columns {
        h.push_str(&format!(
            ",s{k}_ack_due,s{k}_ack_on_time,s{k}_resp_due,s{k}_resp_on_time"
        ));
    }
    h.push('\n');
    h.into_bytes()
}

/// One accepted row's line of the per-case output.
pub(super) fn write_row(
    out: &mut Vec<u8>,
    plan: &Plan,
    fields: &[&[u8]],
    cols: &Columns,
    v: &RowVerdict,
) {
    let cell = |i: usize| {
        input::text(
            fields.get(i).copied().unwrap_or(b"").trim_ascii(),
            cols.latin,
        )
    };
    push_csv_field(out, cell(cols.id).as_bytes());
    out.push(b',');
    // The policy's own name for the track (`Housing` and `HRA` are `housing`); a policy with
    // no tracks takes the cell as it is.
    match plan.tracks.get(v.track).filter(|_| !plan.open_tracks) {
        Some(t) => push_csv_field(out, t.as_bytes()),
        None => push_csv_field(out, cell(cols.track).as_bytes()),
    }
    for s in v.stages.iter().take(plan.columns) {
        out.push(b',');
        push_date(out, s.ack_due);
        out.push(b',');
        push_bool(out, s.ack_on_time);
        out.push(b',');
        push_date(out, s.resp_due);
        out.push(b',');
        push_bool(out, s.resp_on_time);
    }
    out.push(b'\n');
}
