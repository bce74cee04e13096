//! `redress ir --format human`: a policy's compiled rules read as sentences, track by track,
//! for an author checking what redress understood. Every phrase comes from the comparison's
//! cells ([`crate::compare`]), so the words match the published tables; the IR itself (every
//! field, span and citation) is the JSON form.

use chrono::NaiveDateTime;

use crate::compare;
use crate::ir;

/// The columns that describe the rules; the sample dates and verdicts of the comparison belong
/// to other commands (`compare`, `assess`).
const SAMPLE_COLUMNS: [&str; 3] = ["final_response_by", "ombudsman_from", "code_compliance"];

pub fn render(policy: &ir::Policy, received: NaiveDateTime) -> String {
    let mut out = format!("{}\n", policy.name.value);
    if let Some(v) = &policy.version {
        out += &format!("  Version: {}\n", v.value);
    }
    if let Some(e) = &policy.effective {
        out += &format!("  In force from: {}\n", e.value.format("%-d %B %Y"));
    }
    if policy.draft.is_some() {
        out += "  A draft (not yet published)\n";
    }
    let c = compare::compare(std::slice::from_ref(policy), received);
    for row in &c.rows {
        out += &format!("\n  Track `{}`\n", row.track);
        for col in &c.columns {
            if SAMPLE_COLUMNS.contains(&col.key.as_str()) {
                continue;
            }
            match row.cells.get(&col.key) {
                Some(v) if !v.is_empty() && v != "-" => {
                    out += &format!("    {}: {v}\n", col.title);
                }
                _ => {}
            }
        }
    }
    out += "\nWD = working days. `--format json` prints the whole IR: every rule with its citations and spans.\n";
    out
}
