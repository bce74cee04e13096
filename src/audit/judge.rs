//! One row of an export judged against a [`Plan`]: its cells read (dates in the one date
//! grammar, the extension, the track and class), then each formal stage's acknowledgement and
//! response deadlines asked of the schedule core, and each actual date marked on time or
//! late. A row either yields a [`RowVerdict`] or the reason it is rejected; nothing here
//! counts, writes or knows about chunks.

use chrono::{NaiveDate, NaiveDateTime};

use crate::schedule::{Facts, ScheduleError, StageFacts, StageStart};

use super::{input, Columns, Plan, MAX_STAGES};

/// One stage of one row, parsed.
#[derive(Clone, Copy, Default)]
struct StageCols {
    requested: Option<NaiveDateTime>,
    acknowledged: Option<NaiveDate>,
    extension: u32,
    responded: Option<NaiveDate>,
}

/// One stage of one row, judged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StageVerdict {
    pub started: bool,
    pub ack_due: Option<NaiveDate>,
    pub ack_on_time: Option<bool>,
    pub resp_due: Option<NaiveDate>,
    pub resp_on_time: Option<bool>,
    /// working days from the stage's start to the response
    pub wd_to_respond: Option<i64>,
    /// The dates the row gives, as judged (for `redress measures`): the day the stage counts
    /// from (receipt or the escalation request, after office hours), its acknowledgement and
    /// response, and its extension in working days.
    pub start: Option<NaiveDate>,
    pub acknowledged: Option<NaiveDate>,
    pub responded: Option<NaiveDate>,
    pub extension_wd: u32,
}

/// A date cell in the one date grammar ([`crate::dates`]); `Ok(None)` for an empty field.
pub(super) fn parse_datetime(f: &[u8]) -> Result<Option<NaiveDateTime>, ()> {
    if f.trim_ascii().is_empty() {
        return Ok(None);
    }
    crate::dates::parse_datetime_bytes(f).map(Some).ok_or(())
}

pub(super) fn parse_extension(f: &[u8]) -> Result<u32, ()> {
    let f = f.trim_ascii();
    if f.is_empty() {
        return Ok(0);
    }
    if f.len() > 6 {
        return Err(());
    }
    let mut v = 0u32;
    for &b in f {
        if !b.is_ascii_digit() {
            return Err(());
        }
        v = v * 10 + u32::from(b - b'0');
    }
    Ok(v)
}

pub(super) fn show(f: &[u8], latin: bool) -> String {
    input::text(f.trim_ascii(), latin).into_owned()
}

/// A row's verdicts, or why it is rejected.
pub struct RowVerdict {
    pub track: usize,
    /// `stages[n - 1]`: the track's formal stage `n`.
    pub stages: [StageVerdict; MAX_STAGES],
    pub(super) extended: [bool; MAX_STAGES],
}

/// Judge one row given its fields.
pub fn judge_row(plan: &Plan, cols: &Columns, fields: &[&[u8]]) -> Result<RowVerdict, String> {
    judge_row_in(plan, cols, fields, &mut Facts::default())
}

/// [`judge_row`] with the caller's [`Facts`], reused from row to row.
pub(super) fn judge_row_in(
    plan: &Plan,
    cols: &Columns,
    fields: &[&[u8]],
    facts: &mut Facts,
) -> Result<RowVerdict, String> {
    // A short row (trailing fields left off, as spreadsheets write them) reads them as empty.
    if fields.len() > cols.width {
        return Err(format!(
            "too many fields: {} fields, the header has {}",
            fields.len(),
            cols.width
        ));
    }
    let field =
        |i: Option<usize>| -> &[u8] { i.and_then(|i| fields.get(i)).copied().unwrap_or(b"") };
    if field(Some(cols.id)).trim_ascii().is_empty() {
        return Err("missing id".into());
    }
    let track_f = field(Some(cols.track)).trim_ascii();
    let track = plan
        .track_index(track_f, cols.latin)
        .ok_or_else(|| format!("unknown track `{}`", show(track_f, cols.latin)))?;
    let date_in =
        |i: Option<usize>, name: &str, k: usize| -> Result<Option<NaiveDateTime>, String> {
            let f = field(i);
            parse_datetime(f).map_err(|_| {
                let col = if name.is_empty() {
                    "received".to_string()
                } else {
                    format!("s{}_{name}", k + 1)
                };
                format!("unparseable date `{}` in `{col}`", show(f, cols.latin))
            })
        };
    let received_at =
        date_in(Some(cols.received), "", 0)?.ok_or_else(|| "missing received date".to_string())?;
    let received_raw = received_at.date();
    let class = plan.class_index(field(cols.class), cols.latin)?;
    let nst = plan.columns.min(MAX_STAGES);
    let mut sc = [StageCols::default(); MAX_STAGES];
    for (k, s) in sc.iter_mut().enumerate().take(nst) {
        let g = |a: &[Option<usize>; MAX_STAGES]| a.get(k).copied().flatten();
        let n = k + 1;
        if plan.formal(track, k).is_none() {
            // The track has no formal stage n: its cells must stay empty.
            let filled = [
                &cols.requested,
                &cols.acknowledged,
                &cols.extension,
                &cols.responded,
            ]
            .iter()
            .any(|a| !field(g(a)).trim_ascii().is_empty());
            if filled {
                return Err(format!(
                    "track `{}` has no stage {n}, but its `s{n}_*` columns are filled",
                    show(track_f, cols.latin)
                ));
            }
            continue;
        }
        s.requested = if k == 0 {
            None
        } else {
            date_in(g(&cols.requested), "requested", k)?
        };
        s.acknowledged = date_in(g(&cols.acknowledged), "acknowledged", k)?.map(|d| d.date());
        s.responded = date_in(g(&cols.responded), "responded", k)?.map(|d| d.date());
        let ef = field(g(&cols.extension));
        s.extension = parse_extension(ef).map_err(|_| {
            format!(
                "extension `{}` in `s{n}_extension_wd` is not a number of working days",
                show(ef, cols.latin)
            )
        })?;
        if s.responded.is_some_and(|d| d < received_raw) {
            return Err(format!("stage {n} response before receipt"));
        }
        if s.acknowledged.is_some_and(|d| d < received_raw) {
            return Err(format!("stage {n} acknowledgement before receipt"));
        }
        if s.requested.is_some_and(|d| d.date() < received_raw) {
            return Err(format!("stage {n} escalation request before receipt"));
        }
    }
    let err = |e: ScheduleError| e.to_string();
    let sched = &plan.schedule;
    let received = sched.effective(received_at).map_err(err)?.date();
    let mut out = RowVerdict {
        track,
        stages: [StageVerdict::default(); MAX_STAGES],
        extended: [false; MAX_STAGES],
    };
    // The facts of the track's route, filled stage by stage in route order as the simulator
    // fills them: what a stage's rules may count from is what happened before them.
    let route_len = plan.per_track.get(track).map_or(0, |t| t.route_len);
    facts.received = Some(received);
    facts.occurred = None;
    facts.aware = None;
    facts.final_response = None;
    facts.stages.clear();
    facts.stages.resize(route_len, StageFacts::default());
    for k in 0..nst {
        let (Some(s), Some(v), Some(f)) = (sc.get(k), out.stages.get_mut(k), plan.formal(track, k))
        else {
            continue;
        };
        // Formal stage 1 starts at receipt: at the route's first stage, or after the
        // early-resolution steps before it (not audited), as a complaint that skipped them.
        // A later stage starts with the request to escalate into it.
        let (start, how, escalation) = if k == 0 {
            if f.pos == 0 {
                (received, StageStart::Receipt, None)
            } else {
                (received, StageStart::ReceiptAfterSkip, Some(received))
            }
        } else {
            match s.requested {
                Some(r) => {
                    let d = sched.effective(r).map_err(err)?.date();
                    (d, StageStart::Escalation, Some(d))
                }
                None => continue,
            }
        };
        v.started = true;
        (v.start, v.acknowledged) = (Some(start), s.acknowledged);
        (v.responded, v.extension_wd) = (s.responded, s.extension);
        if let Some(st) = facts.stages.get_mut(f.pos) {
            st.start = Some((start, how));
            st.escalation = escalation;
            st.acknowledged = s.acknowledged;
        }
        let ack_due = plan.due(f.ack.get(class), facts, "acknowledgement", k + 1)?;
        v.ack_due = ack_due;
        v.ack_on_time = s.acknowledged.map(|a| ack_due.is_none_or(|d| a <= d));
        if let Some(st) = facts.stages.get_mut(f.pos) {
            st.ack_due = ack_due;
        }
        let mut resp_due = plan.due(f.resp.get(class), facts, "response", k + 1)?;
        if s.extension > 0 {
            // Convention 5: an extension of E working days counts from the deadline it
            // extends, as the simulator applies it.
            if let Some(d) = resp_due {
                resp_due = Some(sched.extend(d, s.extension).map_err(err)?);
            }
            if let Some(e) = out.extended.get_mut(k) {
                *e = true;
            }
        }
        v.resp_due = resp_due;
        v.resp_on_time = s.responded.map(|a| resp_due.is_none_or(|d| a <= d));
        if let Some(r) = s.responded {
            v.wd_to_respond = Some(sched.working_days_between(start, r).map_err(err)?);
        }
        if let Some(st) = facts.stages.get_mut(f.pos) {
            st.response_due = resp_due;
            st.responded = s.responded;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse() {
        assert!(parse_datetime(b"").ok().flatten().is_none());
        assert!(parse_datetime(b"2026-02-30").is_err());
        assert!(parse_datetime(b"2026-13-01").is_err());
        assert!(parse_datetime(b"26-01-01").is_err());
        assert_eq!(
            parse_datetime(b"2026-06-01T18:30")
                .ok()
                .flatten()
                .map(|d| d.to_string()),
            Some("2026-06-01 18:30:00".to_string())
        );
        assert_eq!(
            parse_datetime(b"2026-06-01")
                .ok()
                .flatten()
                .map(|d| d.to_string()),
            Some("2026-06-01 12:00:00".to_string())
        );
    }
}
