//! The errors `redress measures` can refuse its command line with, each a coded diagnostic
//! pointed at the value it is about (exit 2). An export whose header cannot be used is the
//! audit's own error (`redress::audit::*`), since the export is read as `audit` reads it.

use crate::diagnostic::{Code, Severity};

pub const NOT_A_YEAR: Code = Code {
    name: "redress::measures::not_a_year",
    severity: Severity::Error,
    summary: "`--year` does not name a reporting year",
    doc: "The regulator's measures are reported for a year that runs from 1 April to 31 March. \
     `--year` names it by the calendar year it starts in (`2026` is 1 April 2026 to 31 March \
     2027), or as `2026/27`, `2026-27` or `2026/2027`. A value whose second year does not \
     follow the first (`2026/28`) spans two years, not one.\n\nHow to fix: give the year the \
     reporting year starts in, `--year 2026`.",
};
pub const YEAR_OUT_OF_RANGE: Code = Code {
    name: "redress::measures::year_out_of_range",
    severity: Severity::Error,
    summary: "`--year` is outside the years redress has bank holidays for",
    doc: "Working days are counted on the policy's calendar, and redress holds the bank holidays \
     of 2018 to 2030 only; a reporting year outside them cannot be counted.\n\nHow to fix: \
     give a year from 2018/19 to 2029/30.",
};
pub const NO_HOMES: Code = Code {
    name: "redress::measures::no_homes",
    severity: Severity::Error,
    summary: "`--homes 0`: CH01 is per 1,000 homes",
    doc:
        "CH01 divides the complaints received by the number of homes the landlord owns; with none \
     there is nothing to divide by. A landlord that files CH01 owns social housing.\n\nHow to \
     fix: give the number of homes owned at the end of the year (the relevant social housing \
     stock), or leave `--homes` out to have the counts without the rate.",
};
pub const NO_HOUSING_TRACK: Code = Code {
    name: "redress::measures::no_housing_track",
    severity: Severity::Error,
    summary: "the policy has no track that goes to the Housing Ombudsman",
    doc:
        "CH01 and CH02 measure housing complaints: the complaints of the tracks whose Ombudsman is \
     the Housing Ombudsman (`ombudsman housing-ombudsman`). The policy given has none, so \
     every complaint in the export would be left out and the measures would be empty.\n\nHow \
     to fix: give the council's housing policy, or the policy file whose housing track \
     declares `ombudsman housing-ombudsman`.",
};
pub const OUT_NAMES_THE_CHART: Code = Code {
    name: "redress::measures::out_names_the_chart",
    severity: Severity::Error,
    summary: "`--out` ends in `.svg`, the name the annual report's chart is written to",
    doc: "`--report annual --format md --out FILE` writes the report to FILE and its chart beside \
     it with the extension `.svg`, linked from the report. When FILE itself ends in `.svg` \
     the chart would overwrite the report.\n\nHow to fix: name the report `FILE.md`.",
};

/// Every code `redress measures` can refuse its command line with, for the registry.
pub const CODES: &[&Code] = &[
    &NOT_A_YEAR,
    &YEAR_OUT_OF_RANGE,
    &NO_HOMES,
    &NO_HOUSING_TRACK,
    &OUT_NAMES_THE_CHART,
];
