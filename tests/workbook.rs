//! Workbook exports (`.xlsx`, `.ods`): the CSV each sheet becomes, written out by hand from the
//! cells fixtures/audit/workbook/make-workbooks.py puts in them; the audit of that CSV, worked
//! by hand; and the coded errors of a workbook that cannot be read.
//!
//! Calendar used by hand (England and Wales, 2026): no bank holidays between 1 June and
//! 30 August. Working days counted from Mon 1 Jun 2026 (= w0):
//!   Jun 2 w1, 3 w2, 4 w3, 5 w4 | 8 w5 ... 12 w9 | 15 w10 ... 19 w14 | 22 w15 ... 26 w19 |
//!   29 w20, 30 w21, Jul 1 w22, 2 w23, 3 w24 | 6 w25 ... 10 w29 | 13 w30 ... 17 w34 |
//!   20 w35 ... 24 w39 | 27 w40, 28 w41, 29 w42.
//! N working days after a working day wK is w(K+N); days to respond = wEnd - wStart.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use redress::audit::workbook::{self, BadCell, BadValue, Unreadable, WorkbookError};
use redress::audit::{audit_export, report, Export, Mapping, Plan, Report, StageReport};
use redress::source::SourceFile;

const DIR: &str = "fixtures/audit/workbook";

fn path(name: &str) -> std::path::PathBuf {
    Path::new(DIR).join(name)
}

fn csv(name: &str, sheet: Option<&str>) -> String {
    String::from_utf8(workbook::to_csv(&path(name), sheet).unwrap()).unwrap()
}

/// The sheet `Complaints` of kingston-export.xlsx and .ods, cell by cell: the numeric
/// `Reference` without `.0`; date cells as ISO, with the time when it is not midnight; the
/// text date `19/06/2026` (row 8) as typed; the blank row 5 an empty line, so line N is row N;
/// the comma in `O'Neill, C.` and the quotes in row 4's note quoted; row 9's two-line note on
/// one line.
const COMPLAINTS: &str = "\
Reference,Date received,Service area,Officer,Stage 1 acknowledged,Stage 1 response sent,Stage 1 extension (working days),Stage 2 requested,Stage 2 acknowledged,Stage 2 response sent,Notes
240101,2026-06-01 10:00,General,A. Patel,2026-06-03,2026-06-22,,,,,on time; responded on the last day
240102,2026-06-01,Housing,B. Jones,2026-06-09,2026-06-16,,,,,acknowledged and responded a day late
240103,2026-06-01 09:30,General,A. Patel,2026-06-02,2026-06-26,5,,,,\"extended by 5 working days, \"\"agreed\"\" with the resident\"

240104,2026-06-05 18:30,HOUSING,B. Jones,2026-06-15,2026-06-23,,,,,Friday evening receipt
240105,2026-06-01 10:00,Housing,B. Jones,2026-06-03,2026-06-15,,2026-07-01,2026-07-02,2026-07-28,both stages
240106,19/06/2026,general,A. Patel,2026-06-24,,,,,,date received typed as text
240107,2026-06-01,General,\"O'Neill, C.\",2026-06-04,,,,,,response pending: chasing the service
240108,2026-06-01,Social services,D. Ahmed,,,,,,,not a track of the policy
240109,2026-06-10,General,A. Patel,,2026-06-05,,,,,response dated before receipt
";

#[test]
fn xlsx_and_ods_give_the_csv_written_by_hand() {
    let xlsx = csv("kingston-export.xlsx", None);
    let ods = csv("kingston-export.ods", None);
    assert_eq!(xlsx, COMPLAINTS);
    assert_eq!(ods, COMPLAINTS);
    assert_eq!(xlsx, ods);
    // Row 2's cells stored last to first: read whole instead of streamed, to the same CSV.
    assert_eq!(csv("out-of-order.xlsx", None), COMPLAINTS);
    // Line N of the CSV is row N of the sheet: row 5 blank, row 10 `240108`.
    assert_eq!(COMPLAINTS.lines().nth(4), Some(""));
    assert!(COMPLAINTS.lines().nth(9).unwrap().starts_with("240108,"));
}

#[test]
fn a_sheet_by_name() {
    for name in ["kingston-export.xlsx", "kingston-export.ods"] {
        assert_eq!(
            csv(name, Some("Officers")),
            "Officer,Team\nA. Patel,Corporate\nB. Jones,Housing\n",
            "{name}"
        );
        // Sheet names, like headers, match ignoring case and surrounding spaces.
        assert_eq!(csv(name, Some(" complaints ")), COMPLAINTS, "{name}");
        assert_eq!(csv(name, Some("Complaints")), COMPLAINTS, "{name}");
    }
}

#[test]
fn a_time_of_day_is_written_as_one() {
    // Sheet `Times`: 10:30 and 16:45 typed as times (Excel: a day fraction formatted `hh:mm`;
    // OpenDocument: `PT10H30M00S`), which no reading makes a date.
    for name in ["odd-cells.xlsx", "odd-cells.ods"] {
        assert_eq!(
            csv(name, Some("Times")),
            "Reference,Time received\n1,10:30\n2,16:45\n",
            "{name}"
        );
    }
}

fn compile(policy: &str) -> redress::ir::Policy {
    let text = std::fs::read_to_string(policy).unwrap();
    redress::compile(&SourceFile::new(policy, text)).unwrap()
}

/// The report's table, a row per stage and track: (stage, track, received, ack on time, ack
/// late, resp on time, resp late, pending, extended, median WD, p90 WD, escalated).
type Line<'r> = (
    usize,
    &'r str,
    [u64; 7],
    Option<u64>,
    Option<u64>,
    Option<u64>,
);

fn table(r: &Report) -> Vec<Line<'_>> {
    r.stages
        .iter()
        .map(|s: &StageReport| {
            (
                s.stage,
                s.track.as_str(),
                [
                    s.received,
                    s.ack_on_time,
                    s.ack_late,
                    s.resp_on_time,
                    s.resp_late,
                    s.pending,
                    s.extended,
                ],
                s.median_wd_to_respond,
                s.p90_wd_to_respond,
                s.escalated,
            )
        })
        .collect()
}

#[test]
fn the_audit_of_a_workbook_by_hand() {
    // Kingston: acknowledge 5 WD, respond 15 WD (housing 10) at stage one; acknowledge 5 WD,
    // respond 15 WD (housing 20) at stage two; each counts from the stage's start (receipt; the
    // escalation request). No office hours: 09:00-17:00, after hours the next working day; a
    // bare date is noon.
    let policy = compile("policies/kingston.policy");
    let plan = Plan::new(&policy);
    let columns = "fixtures/audit/workbook/kingston-columns.toml";
    let mapping = Mapping::parse(SourceFile::new(
        columns,
        std::fs::read_to_string(columns).unwrap(),
    ))
    .unwrap();
    for name in ["kingston-export.xlsx", "kingston-export.ods"] {
        let bytes = workbook::to_csv(&path(name), None).unwrap();
        let export = Export {
            name: path(name).display().to_string(),
            mapping: Some(&mapping),
        };
        let mut out = Vec::new();
        let agg = audit_export(&plan, &export, &mut &bytes[..], Some(&mut out), 1, 0).unwrap();
        let r = report(&plan, &agg);
        // 240101: w0 10:00; ack due w5 Jun 8 (sent Jun 3); response due w15 Jun 22 (sent Jun 22).
        // 240102 housing, a date cell at midnight, so a bare date: ack due Jun 8, sent Jun 9:
        //   late; response 10 WD = w10 Jun 15, sent Jun 16: late.
        // 240103: response w15 Jun 22 extended by the numeric 5 WD = w20 Jun 29; sent Jun 26.
        // 240104 `HOUSING`, Fri 5 Jun 18:30, after hours -> Mon 8 Jun (w5): ack due w10 Jun 15
        //   (sent Jun 15); response w15 Jun 22, sent Jun 23: late.
        // 240105 housing: ack Jun 3, response due w10 Jun 15 (sent Jun 15); stage two requested
        //   Wed 1 Jul (w22, noon): ack due w27 Jul 8 (sent Jul 2); response 20 WD = w42 Jul 29
        //   (sent Jul 28).
        // 240106: the text date `19/06/2026`, read as the CSV reader reads it: Fri 19 Jun (w14)
        //   noon; ack due w19 Fri 26 Jun (sent Jun 24); response due w29 Fri 10 Jul, pending.
        // 240107: ack due Jun 8 (sent Jun 4); response due Jun 22, pending.
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\
id,track,s1_ack_due,s1_ack_on_time,s1_resp_due,s1_resp_on_time,s2_ack_due,s2_ack_on_time,s2_resp_due,s2_resp_on_time
240101,general,2026-06-08,true,2026-06-22,true,,,,
240102,housing,2026-06-08,false,2026-06-15,false,,,,
240103,general,2026-06-08,true,2026-06-29,true,,,,
240104,housing,2026-06-15,true,2026-06-22,false,,,,
240105,housing,2026-06-08,true,2026-06-15,true,2026-07-08,true,2026-07-29,true
240106,general,2026-06-26,true,2026-07-10,,,,,
240107,general,2026-06-08,true,2026-06-22,,,,,
",
            "{name}"
        );
        // Nine cases (rows 2-4 and 6-11; row 5 is blank and not a row): seven accepted, and
        // the rows the sheet numbers 10 and 11 rejected.
        assert_eq!((r.rows, r.accepted, r.rejected), (9, 7, 2), "{name}");
        let rej: Vec<(u64, &str)> = r
            .rejected_rows
            .iter()
            .map(|x| (x.line, x.reason.as_str()))
            .collect();
        assert_eq!(
            rej,
            vec![
                (10, "unknown track `Social services`"),
                (11, "stage 1 response before receipt"),
            ],
            "{name}"
        );
        assert_eq!(r.encoding, "utf-8");
        // Stage one general: 240101 240103 240106 240107; all four acks on time; responses
        // 240101 240103 on time, 240106 240107 pending; 240103 extended; days to respond 15
        // (w0 to w15) and 19 (w0 to w19 Jun 26): median (rank 1 of 2) 15, p90 (rank 2) 19;
        // none escalated.
        // Stage one housing: 240102 240104 240105; acks 240102 late, the others on time;
        // responses 240102 240104 late, 240105 on time; days 11 (w0 to w11 Jun 16), 11 (w5 to
        // w16 Jun 23), 10 (w0 to w10): sorted 10 11 11, median (rank 2) 11, p90 (rank 3) 11;
        // 240105 escalated.
        // Stage two (the last, so no escalation): none general; housing 240105, on time both,
        // w22 Jul 1 to w41 Jul 28 = 19 days.
        assert_eq!(
            table(&r),
            vec![
                (
                    1,
                    "general",
                    [4, 4, 0, 2, 0, 2, 1],
                    Some(15),
                    Some(19),
                    Some(0)
                ),
                (
                    1,
                    "housing",
                    [3, 2, 1, 1, 2, 0, 0],
                    Some(11),
                    Some(11),
                    Some(1)
                ),
                (2, "general", [0, 0, 0, 0, 0, 0, 0], None, None, None),
                (
                    2,
                    "housing",
                    [1, 1, 0, 1, 0, 0, 0],
                    Some(19),
                    Some(19),
                    None
                ),
            ],
            "{name}"
        );
    }
}

#[test]
fn durations_and_errors_are_named_by_cell() {
    // Row 2 of sheet `Complaints`: C2 10:30 a time of day (fine), D2 a duration of 36 hours,
    // E2 `#N/A`. Excel keeps `#N/A` as a formula's error; OpenDocument as text, which the CSV
    // reader then judges like any text.
    let e = workbook::to_csv(&path("odd-cells.xlsx"), None).unwrap_err();
    let WorkbookError::Cells {
        sheet, cells, more, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert_eq!(sheet, "Complaints");
    assert_eq!(
        cells,
        &vec![
            BadCell {
                cell: "D2".into(),
                value: BadValue::Duration("36:00".into())
            },
            BadCell {
                cell: "E2".into(),
                value: BadValue::Error("#N/A".into())
            },
        ]
    );
    assert_eq!(*more, 0);
    let located = e.located();
    assert_eq!(
        messages(&located),
        vec![
            (
                "unusable_cell",
                "cell `D2` of sheet `Complaints` holds a duration (`36:00`), not a date"
                    .to_string()
            ),
            (
                "unusable_cell",
                "cell `E2` of sheet `Complaints` holds the error `#N/A` of a formula".to_string()
            ),
        ]
    );
    insta::assert_snapshot!("unusable_cell", rendered(&located));

    let e = workbook::to_csv(&path("odd-cells.ods"), None).unwrap_err();
    let WorkbookError::Cells { cells, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        cells,
        &vec![BadCell {
            cell: "D2".into(),
            value: BadValue::Duration("36:00".into())
        }]
    );
}

#[test]
fn a_sheet_the_workbook_does_not_have() {
    for name in ["kingston-export.xlsx", "kingston-export.ods"] {
        let e = workbook::to_csv(&path(name), Some("Cases 2026")).unwrap_err();
        let WorkbookError::NoSuchSheet { asked, sheets, .. } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(asked, "Cases 2026");
        assert_eq!(sheets, &vec!["Complaints".to_string(), "Officers".into()]);
        let l = e.located();
        assert_eq!(l[0].diagnostic.code.name, "redress::audit::no_such_sheet");
        assert_eq!(
            l[0].diagnostic.help,
            "the workbook's sheets are `Complaints`, `Officers`"
        );
        let l = workbook::to_csv(&path(name), Some("Complaint"))
            .unwrap_err()
            .located();
        assert_eq!(
            l[0].diagnostic.help,
            "did you mean `Complaints`? The workbook's sheets are `Complaints`, `Officers`"
        );
        if name.ends_with("xlsx") {
            insta::assert_snapshot!("no_such_sheet", rendered(&l));
        }
    }
}

#[test]
fn files_that_are_not_workbooks() {
    // CSV text saved as .xlsx.
    let e = workbook::to_csv(&path("not-a-workbook.xlsx"), None).unwrap_err();
    assert!(
        matches!(
            &e,
            WorkbookError::Unreadable {
                why: Unreadable::NotAWorkbook { text: true },
                ..
            }
        ),
        "{e:?}"
    );
    let l = e.located();
    assert_eq!(
        messages(&l),
        vec![(
            "workbook_unreadable",
            "`fixtures/audit/workbook/not-a-workbook.xlsx` is named as a workbook but holds text"
                .to_string()
        )]
    );
    insta::assert_snapshot!("workbook_unreadable", rendered(&l));
    // A workbook cut short.
    let e = workbook::to_csv(&path("truncated.xlsx"), None).unwrap_err();
    assert!(
        matches!(
            &e,
            WorkbookError::Unreadable {
                why: Unreadable::Damaged(_),
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        messages(&e.located()),
        vec![(
            "workbook_unreadable",
            "the workbook `fixtures/audit/workbook/truncated.xlsx` is damaged and cannot be read"
                .to_string()
        )]
    );
    // Saved with a password.
    let e = workbook::to_csv(&path("password-protected.ods"), None).unwrap_err();
    let l = e.located();
    assert_eq!(
        messages(&l),
        vec![(
            "workbook_unreadable",
            "the workbook `fixtures/audit/workbook/password-protected.ods` is protected by a password"
                .to_string()
        )]
    );
    // No file at all: an I/O error, which the command line reports as for a CSV export.
    let e = workbook::to_csv(&path("absent.xlsx"), None).unwrap_err();
    assert!(matches!(e, WorkbookError::Io(_)), "{e:?}");
    assert!(e.located().is_empty());
}

fn messages(l: &[redress::audit::Located]) -> Vec<(&str, String)> {
    l.iter()
        .map(|e| {
            (
                e.diagnostic.code.name.rsplit("::").next().unwrap(),
                e.diagnostic.message.clone(),
            )
        })
        .collect()
}

fn rendered(l: &[redress::audit::Located]) -> String {
    l.iter()
        .map(|e| redress::render::human::render(&e.file, &e.diagnostic, false))
        .collect::<Vec<_>>()
        .join("\n")
}
