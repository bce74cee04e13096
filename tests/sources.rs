//! Sources as authors keep them: a Word `.docx` read directly, text saved as Windows-1252
//! transcoded (with a warning), and what is not text refused with a coded error that says what
//! to save instead. Each document is made here, byte by byte, so the test shows exactly what
//! redress was given.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use common::TempDir;
use redress::document::{ReadAs, SourceDocument};
use redress::source::SourceFile;

const TRANSCODED: &str = "redress::check::source_transcoded";
const NOT_TEXT: &str = "redress::check::source_not_text";
const NOT_FOUND: &str = "redress::check::citation_not_found";

/// A `.docx` as Word writes one: the three parts Word needs, then `word/document.xml` with the
/// given body, deflated.
fn docx(body: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                .to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                .to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
    ];
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The draft's text as Word stores it: the citation of stage 1 is split over three runs (a word
/// in bold, a spell-check mark), its apostrophe is curly, and a heading and a tab sit between.
const DRAFT_BODY: &str = r#"<w:p><w:r><w:t>Example Borough Council: complaints procedure</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>1.</w:t></w:r><w:r><w:tab/><w:t>Stage 1</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">We will </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>acknowledge</w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t xml:space="preserve"> your complaint within 5 working days</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> of receiving it.</w:t></w:r></w:p>
<w:p><w:r><w:t>You will have the Council’s response within 10 working days of the acknowledgement &amp; we will tell you if it will take longer.</w:t></w:r><w:del w:id="1" w:author="A"><w:r><w:delText>fifteen working days</w:delText></w:r></w:del></w:p>"#;

fn policy(source: &str, cites: &[&str]) -> String {
    let cites: String = cites
        .iter()
        .map(|c| format!("      cite \"1\" \"{c}\"\n"))
        .collect();
    format!(
        "policy \"Example Borough Council\" {{\n  source \"{source}\"\n  track general ombudsman lgsco\n  \
         route one\n  stage one \"Stage 1\" role stage-1 {{\n    acknowledge within 5 working days of receipt\n\
         {cites}    respond within 10 working days of acknowledgement\n  }}\n}}\n"
    )
}

fn codes(path: &Path) -> Vec<&'static str> {
    let a = redress::analyse(SourceFile::new(
        path,
        std::fs::read_to_string(path).unwrap(),
    ));
    a.diagnostics.iter().map(|d| d.code.name).collect()
}

fn diagnostic(path: &Path, code: &str) -> redress::diagnostic::Diagnostic {
    let a = redress::analyse(SourceFile::new(
        path,
        std::fs::read_to_string(path).unwrap(),
    ));
    a.diagnostics
        .into_iter()
        .find(|d| d.code.name == code)
        .unwrap_or_else(|| panic!("no {code} for {}", path.display()))
}

#[test]
fn a_docx_is_read_directly_and_its_citations_match() {
    let dir = TempDir::new("docx");
    let source = dir.file("draft.docx", docx(DRAFT_BODY));

    // Paragraphs become lines, runs are joined, tracked deletions and tab stops are not text.
    let doc = SourceDocument::read(source.clone());
    assert_eq!(
        doc.text(),
        Some(
            "Example Borough Council: complaints procedure\n\
             1.\tStage 1\n\
             We will acknowledge your complaint within 5 working days of receiving it.\n\
             You will have the Council\u{2019}s response within 10 working days of the \
             acknowledgement & we will tell you if it will take longer.\n"
        )
    );
    assert!(matches!(
        doc,
        SourceDocument::Loaded {
            read_as: ReadAs::Docx,
            ..
        }
    ));

    // A phrase Word split over three runs, and one with the curly apostrophe typed straight.
    let good = dir.file(
        "good.policy",
        policy(
            "draft.docx",
            &[
                "acknowledge your complaint within 5 working days of receiving it",
                "the Council's response within 10 working days of the acknowledgement & we will tell you",
            ],
        ),
    );
    assert_eq!(codes(&good), Vec::<&str>::new());

    // The text is really checked: the deleted wording is not in it, nor is a misquote.
    let bad = dir.file(
        "bad.policy",
        policy(
            "draft.docx",
            &[
                "fifteen working days",
                "acknowledge complaints within 5 days",
            ],
        ),
    );
    assert_eq!(codes(&bad), vec![NOT_FOUND, NOT_FOUND]);

    // From the command line, as an author would run it.
    let o = Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(["check", good.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).contains("clean"));
}

#[test]
fn a_named_document_may_be_a_docx_too() {
    let dir = TempDir::new("docx-named");
    dir.file(
        "main.txt",
        "Example Borough Council\n1. We reply within 10 working days.\n",
    );
    dir.file("standards.docx", docx(DRAFT_BODY));
    let p = dir.file(
        "p.policy",
        "policy \"Example Borough Council\" {\n  source \"main.txt\"\n  source standards \"standards.docx\"\n  \
         track general ombudsman lgsco\n  route one\n  stage one \"Stage 1\" role stage-1 {\n    \
         acknowledge within 5 working days of receipt\n    respond within 10 working days of acknowledgement\n      cite \"1\" \"We reply within 10 working days.\"\n      \
         cite standards \"1\" \"the Council’s response within 10 working days\"\n  }\n}\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
}

#[test]
fn a_windows_1252_source_is_transcoded_with_a_warning_and_its_apostrophe_matches() {
    let dir = TempDir::new("cp1252");
    // "the Council’s response – within 10 working days" with Word's 1252 apostrophe and dash.
    dir.file(
        "draft.txt",
        b"Example Borough Council\n1. Stage 1\nYou will have the Council\x92s response \x96 within 10 working days.\n".as_slice(),
    );
    let p = dir.file(
        "p.policy",
        policy(
            "draft.txt",
            &["the Council\u{2019}s response \u{2013} within 10 working days"],
        ),
    );
    assert_eq!(codes(&p), vec![TRANSCODED]);
    let d = diagnostic(&p, TRANSCODED);
    assert_eq!(
        d.message,
        "the source document `draft.txt` is not UTF-8; read as Windows-1252 (line 3 has byte \
         0x92, read as `\u{2019}`)"
    );
    assert!(d.help.starts_with("save it as UTF-8 to silence this"));

    // The same bytes, read as they were before: the apostrophe was lost and the citation "not
    // found". Now a wrong phrase is still reported, beside the warning.
    let wrong = dir.file(
        "wrong.policy",
        policy("draft.txt", &["the Council\u{2019}s reply"]),
    );
    assert_eq!(codes(&wrong), vec![TRANSCODED, NOT_FOUND]);

    // Saved again as UTF-8, the warning goes.
    dir.file(
        "draft.txt",
        "Example Borough Council\n1. Stage 1\nYou will have the Council\u{2019}s response \u{2013} within 10 working days.\n",
    );
    assert_eq!(codes(&p), Vec::<&str>::new());
}

#[test]
fn what_is_not_text_is_refused_with_what_to_do() {
    let dir = TempDir::new("not-text");
    let cases: &[(&str, &[u8], &str, &str)] = &[
        (
            "a.pdf",
            b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n",
            "it is a PDF",
            "copy the text",
        ),
        (
            "a.doc",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00",
            "Word 97-2003 document (.doc) or a password-protected",
            "save an unprotected copy as a Word Document (.docx)",
        ),
        (
            "a.txt",
            b"\xFF\xFEE\x00x\x00",
            "saved as UTF-16",
            "save it as UTF-8",
        ),
        (
            "b.txt",
            b"Example\nit\x81s\n",
            "line 2 has byte 0x81, which is a character neither in UTF-8 nor in Windows-1252",
            "save it as UTF-8",
        ),
        (
            "a.rtf",
            b"{\\rtf1\\ansi Example}",
            "Rich Text (RTF)",
            "Word Document (.docx)",
        ),
        (
            "a.odt",
            &[],
            "no `word/document.xml`",
            "as a Word Document (.docx)",
        ),
        (
            "c.docx",
            b"PK\x03\x04broken",
            "damaged .docx",
            "save it again",
        ),
        (
            "d.docx",
            b"Example Borough Council",
            "named .docx but is not a Word document",
            "save it as a Word Document",
        ),
    ];
    for (name, bytes, reason, help) in cases {
        let bytes: Vec<u8> = if *name == "a.odt" {
            // An OpenDocument file: a zip, but without Word's part.
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"<office:document-content/>").unwrap();
            zip.finish().unwrap().into_inner()
        } else {
            bytes.to_vec()
        };
        dir.file(name, &bytes);
        let p = dir.file(
            "p.policy",
            policy(name, &["acknowledge your complaint within 5 working days"]),
        );
        // One error, and the citation is not reported as missing: nothing could be checked.
        assert_eq!(codes(&p), vec![NOT_TEXT], "{name}");
        let d = diagnostic(&p, NOT_TEXT);
        assert!(d.message.contains(reason), "{name}: {}", d.message);
        assert!(d.help.contains(help), "{name}: {}", d.help);
        assert!(
            d.help
                .ends_with("until then no citation of it can be checked"),
            "{name}"
        );
    }
}

#[test]
fn a_named_document_that_is_not_text_is_reported_at_its_own_statement() {
    let dir = TempDir::new("not-text-named");
    dir.file("main.txt", "Example Borough Council\n");
    dir.file("standards.pdf", b"%PDF-1.4\n".as_slice());
    let p = dir.file(
        "p.policy",
        "policy \"Example Borough Council\" {\n  source \"main.txt\"\n  source standards \"standards.pdf\"\n}\n",
    );
    let d = diagnostic(&p, NOT_TEXT);
    assert!(d
        .message
        .starts_with("the document `standards` (`standards.pdf`) is not text"));
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text[d.span.offset..].starts_with("source standards"));
}

// `redress init`: where an author drafting a policy of their own starts ------------------------

fn redress_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn init_writes_a_draft_that_checks_with_a_warning_for_each_todo_and_no_error() {
    let dir = TempDir::new("init");
    let o = redress_in(
        &dir.0,
        &["init", ".", "--name", "Borsetshire \"North\" Council"],
    );
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let file = dir.0.join("borsetshire-north-council.policy");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(String::from_utf8_lossy(&o.stdout).starts_with(
        "Wrote ./borsetshire-north-council.policy: a draft complaints policy for Borsetshire \
         \"North\" Council, with the Codes' timescales.\nFill in the 4 places marked TODO"
    ));

    // `check`: no error, and one warning for each place marked TODO: the source document it
    // asks for, and each rule it asks the author to write, recorded as `unencoded`.
    let o = redress_in(
        &dir.0,
        &[
            "check",
            "borsetshire-north-council.policy",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["errors"], 0);
    let codes: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "redress::check::missing_source",
            "redress::check::unencoded_rule",
            "redress::check::unencoded_rule",
            "redress::check::unencoded_rule",
        ]
    );
    assert_eq!(v["summary"]["warnings"], text.matches("TODO:").count());
    for d in &v["diagnostics"].as_array().unwrap()[1..] {
        assert!(d["message"].as_str().unwrap().contains("\"TODO: "), "{d}");
    }

    // What it states: a draft, the Codes' two stages on every track's route, one escalation.
    let policy = redress::compile(&SourceFile::new(&file, text.as_str())).unwrap();
    assert_eq!(policy.name.value, "Borsetshire \"North\" Council");
    assert!(policy.draft.is_some());
    assert_eq!(policy.case_tracks(), ["general", "housing"]);
    for track in ["general", "housing"] {
        let route = policy.route(track);
        let one = route.formal(1).unwrap();
        let two = route.formal(2).unwrap();
        assert!(route.formal(3).is_none());
        let amount =
            |r: &[redress::ir::Rule<redress::ir::Window>]| r[0].value.terms[0].duration.amount;
        assert_eq!((amount(&one.acknowledge), amount(&one.respond)), (5, 10));
        assert_eq!((amount(&two.acknowledge), amount(&two.respond)), (5, 20));
    }
    assert_eq!(policy.escalations.len(), 1);

    // Self-assessed against both Codes, nothing the template states fails.
    for (code, track) in [("ho-2024", "housing"), ("lgsco-2024", "general")] {
        let o = redress_in(
            &dir.0,
            &[
                "assess",
                "borsetshire-north-council.policy",
                "--code",
                code,
                "--track",
                track,
                "--format",
                "json",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{code}: {o:?}");
        let a: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(a["summary"]["no"], 0, "{code}");
    }

    // It never overwrites: the same name again is a usage error, and the file is untouched.
    std::fs::write(&file, "edited by the author").unwrap();
    let o = redress_in(&dir.0, &["init", "--name", "Borsetshire \"North\" Council"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "edited by the author"
    );

    // A file path of one's own (its folder made), with JSON output; the default name.
    let o = redress_in(&dir.0, &["init", "drafts/ours.policy", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["file"], "drafts/ours.policy");
    assert_eq!(v["name"], "Example Borough Council");
    assert_eq!(v["todo"], 4);
    assert!(dir.0.join("drafts/ours.policy").exists());
    let o = redress_in(&dir.0, &["init", "x.policy", "--name", "two\nlines"]);
    assert_eq!(o.status.code(), Some(2));
}

// Whatever the bytes, reading a source never panics -------------------------------------------

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn any_bytes_are_read_or_refused(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        // As plain text: read (UTF-8, or Windows-1252 byte by byte) or refused, and the text
        // has a replacement character only where the bytes spelled one (EF BF BD).
        let doc = SourceDocument::from_bytes("s.txt".into(), &bytes);
        if let Some(text) = doc.text() {
            let spelled = bytes.windows(3).filter(|w| w == b"\xEF\xBF\xBD").count();
            proptest::prop_assert_eq!(text.matches(char::REPLACEMENT_CHARACTER).count(), spelled);
        }
        let _ = SourceDocument::from_bytes("s.docx".into(), &bytes);
        // The same bytes as the tail of a zip archive's signature, and as Word's text part.
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend(&bytes);
        let _ = SourceDocument::from_bytes("s.docx".into(), &zipped);
        let body = String::from_utf8_lossy(&bytes).replace('\0', "");
        let _ = SourceDocument::from_bytes("s.docx".into(), &docx(&format!("<w:p><w:r><w:t>{body}</w:t></w:r></w:p>")));
    }

    #[test]
    fn text_with_high_bytes_is_read_as_windows_1252_unless_a_byte_means_nothing_there(
        bytes in proptest::collection::vec(
            proptest::prop_oneof![0x20u8..0x7F, 0x80u8..=0xFF, proptest::strategy::Just(b'\n')],
            1..200,
        )
    ) {
        let doc = SourceDocument::from_bytes("s.txt".into(), &bytes);
        let undefined = [0x81u8, 0x8D, 0x8F, 0x90, 0x9D];
        match (&doc, std::str::from_utf8(&bytes)) {
            (SourceDocument::Loaded { read_as: ReadAs::Utf8, .. }, Ok(_)) => {}
            (SourceDocument::Loaded { read_as: ReadAs::Windows1252 { .. }, text, .. }, utf8) => {
                // Valid UTF-8 is read as Windows-1252 only when it spells a C1 control.
                if let Ok(t) = utf8 {
                    let c1 = t.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c));
                    proptest::prop_assert!(c1);
                }
                // Every character is printable text: nothing C1, nothing lost.
                proptest::prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
            }
            (SourceDocument::NotText { reason, .. }, _) => {
                proptest::prop_assert!(bytes.iter().any(|b| undefined.contains(b)), "{}", reason);
            }
            (other, _) => proptest::prop_assert!(false, "{:?}", other),
        }
    }
}
