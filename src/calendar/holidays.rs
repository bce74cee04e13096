//! Bank holidays compiled into the binary, one list per GOV.UK region, from the facts in
//! `data/bank-holidays/` (a copy of the project's reference data; see its README upstream for
//! sources). A row is a day the holiday is actually taken, always Monday to Friday.

use chrono::NaiveDate;

use crate::ir::Region;

const ENGLAND_AND_WALES: &str = include_str!("../../data/bank-holidays/england-and-wales.csv");
const SCOTLAND: &str = include_str!("../../data/bank-holidays/scotland.csv");
const NORTHERN_IRELAND: &str = include_str!("../../data/bank-holidays/northern-ireland.csv");

/// The first and last day the bank-holiday data covers. Outside them redress refuses to count
/// working days rather than guess.
pub const FIRST: (i32, u32, u32) = (2018, 1, 1);
pub const LAST: (i32, u32, u32) = (2030, 12, 31);

/// The bank holidays of a region, with their titles, in date order.
pub fn bank_holidays(region: Region) -> Vec<(NaiveDate, &'static str)> {
    let text = match region {
        Region::EnglandAndWales => ENGLAND_AND_WALES,
        Region::Scotland => SCOTLAND,
        Region::NorthernIreland => NORTHERN_IRELAND,
    };
    text.lines()
        .skip(1)
        .filter_map(|line| {
            let (date, title) = line.split_once(',')?;
            let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
            Some((date, title.trim()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn every_row_parses_and_counts_match_the_reference() {
        // Row counts from the reference README: 107, 121, 133.
        assert_eq!(bank_holidays(Region::EnglandAndWales).len(), 107);
        assert_eq!(bank_holidays(Region::Scotland).len(), 121);
        assert_eq!(bank_holidays(Region::NorthernIreland).len(), 133);
    }

    #[test]
    fn regional_differences_are_there() {
        let ew = bank_holidays(Region::EnglandAndWales);
        let sc = bank_holidays(Region::Scotland);
        let ni = bank_holidays(Region::NorthernIreland);
        let has = |v: &[(NaiveDate, &str)], x| v.iter().any(|(y, _)| *y == x);
        // Scotland only: the 2026 World Cup day and 2nd January.
        assert!(has(&sc, d(2026, 6, 15)) && !has(&ew, d(2026, 6, 15)));
        assert!(has(&sc, d(2025, 1, 2)) && !has(&ew, d(2025, 1, 2)));
        // Easter Monday outside Scotland.
        assert!(has(&ew, d(2026, 4, 6)) && !has(&sc, d(2026, 4, 6)));
        // Northern Ireland: St Patrick's Day.
        assert!(has(&ni, d(2026, 3, 17)) && !has(&ew, d(2026, 3, 17)));
        // Boxing Day 2026 is a Saturday: the substitute is Monday 28 December.
        assert!(has(&ew, d(2026, 12, 28)) && !has(&ew, d(2026, 12, 26)));
    }
}
