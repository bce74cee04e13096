//! ## What it finds
//! A track whose Ombudsman belongs to another nation than the policy's calendar region: the
//! Scottish Public Services Ombudsman (`spso`) without `region scotland`, the Northern Ireland
//! Public Services Ombudsman (`nipso`) without `region northern-ireland`, or an English or
//! Welsh Ombudsman (`lgsco`, `housing-ombudsman`, `psow`) with `region scotland` or
//! `region northern-ireland`. A policy with no region is reported only for `spso` and `nipso`,
//! whose bank holidays are not England's.
//!
//! ## Why it matters
//! The Ombudsman and the bank holidays both follow the nation the council is in. When they
//! disagree one of them is wrong: either a complainant is sent to an Ombudsman who cannot look
//! at the complaint, or every working-day deadline skips the wrong bank holidays (St Andrew's
//! Day, the Twelfth of July, the Scottish August holiday).
//!
//! ## Example
//! ```text
//! calendar { region england-and-wales }
//! track general "Complaints" ombudsman spso        # a Scottish council?
//! ```
//!
//! ## How to fix
//! Check both against the source: a Scottish council has `region scotland` and
//! `ombudsman spso`, a Northern Irish one `region northern-ireland` and `ombudsman nipso`, a
//! Welsh one `region england-and-wales` and `ombudsman psow`. If the source really names an
//! Ombudsman of another nation, keep it and let this warning stand.
//!
//! ## Code provision
//! None directly: the SPSO's and NIPSO's model complaints handling procedures apply in their
//! nations, the Codes of the Housing Ombudsman and the LGSCO in England.

use crate::check::Context;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Ombudsman, Region};

pub const CODE: Code = Code {
    name: "redress::check::ombudsman_region",
    severity: Severity::Warning,
    summary: "an Ombudsman of another nation than the calendar's region",
    doc: include_str!("ombudsman_region.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let region = p.calendar.region.as_ref();
    for t in p.tracks.iter().map(|t| &t.value) {
        let Some(o) = &t.ombudsman else { continue };
        let home = home_region(o.value);
        let r = region.map(|r| r.value);
        let wrong = match (o.value, r) {
            (Ombudsman::Spso | Ombudsman::Nipso, None) => true,
            (_, None) => false,
            (_, Some(r)) => r != home,
        };
        if !wrong {
            continue;
        }
        let stated = match r {
            Some(r) => format!("the calendar's region is `{r}`"),
            None => "the calendar states no region".to_string(),
        };
        let d = Diagnostic::new(
            &CODE,
            format!(
                "track `{}` goes to the {}, but {stated}",
                t.name.value,
                full_name(o.value)
            ),
            o.span,
            format!("an Ombudsman for `{home}`"),
            format!(
                "check both against the source: an Ombudsman for this track and bank holidays \
                 from the same nation (`region {home}` with `ombudsman {}`); if the source \
                 really says this, keep it and let this warning stand",
                o.value
            ),
        )
        .with_draft_help(format!(
            "change your draft so that the Ombudsman and the bank holidays come from the same \
             nation (`region {home}` with `ombudsman {}`)",
            o.value
        ));
        out.push(match region {
            Some(r) => d.with_related(r.span, "region stated here"),
            None => d,
        });
    }
}

/// The region whose bank holidays go with an Ombudsman (Wales shares England's).
fn home_region(o: Ombudsman) -> Region {
    match o {
        Ombudsman::Spso => Region::Scotland,
        Ombudsman::Nipso => Region::NorthernIreland,
        Ombudsman::Lgsco | Ombudsman::HousingOmbudsman | Ombudsman::Psow => Region::EnglandAndWales,
    }
}

fn full_name(o: Ombudsman) -> &'static str {
    match o {
        Ombudsman::Lgsco => "Local Government and Social Care Ombudsman",
        Ombudsman::HousingOmbudsman => "Housing Ombudsman",
        Ombudsman::Spso => "Scottish Public Services Ombudsman",
        Ombudsman::Nipso => "Northern Ireland Public Services Ombudsman",
        Ombudsman::Psow => "Public Services Ombudsman for Wales",
    }
}
