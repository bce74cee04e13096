//! redress never panics on user input, and hostile input comes back quickly as a coded
//! diagnostic. No test here measures time: each only has to finish.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use std::path::Path;

use proptest::prelude::*;
use redress::source::{self, LoadError, MAX_POLICY_BYTES};
use redress::{registry, Analysis};

const KINGSTON: &str = include_str!("../policies/kingston.policy");

fn analyse(text: impl AsRef<[u8]>) -> Analysis {
    common::analyse_bytes(Path::new("input.policy"), text.as_ref())
}

/// Every diagnostic is registered, lies within the text it is about, and says something.
fn assert_well_formed(a: &Analysis) {
    let len = a.file.text.len();
    let codes: Vec<&str> = registry::all().iter().map(|c| c.name).collect();
    for d in &a.diagnostics {
        assert!(
            codes.contains(&d.code.name),
            "unregistered code {}",
            d.code.name
        );
        let spans = std::iter::once(d.span).chain(d.related.iter().map(|(s, _)| *s));
        for s in spans {
            assert!(
                s.end() <= len,
                "{}: span {s:?} lies outside the text ({len} bytes)",
                d.code.name
            );
            assert!(
                a.file.text.is_char_boundary(s.offset) && a.file.text.is_char_boundary(s.end()),
                "{}: span {s:?} splits a character",
                d.code.name
            );
        }
        assert!(
            !d.message.trim().is_empty(),
            "{}: empty message",
            d.code.name
        );
        assert!(!d.help.trim().is_empty(), "{}: empty help", d.code.name);
    }
    // Rendering must not panic either, whatever the spans. Every diagnostic goes through the
    // JSON renderer; the first and last few through the (slower) human one.
    assert!(common::json(a).get("diagnostics").is_some());
    let n = a.diagnostics.len();
    for (i, d) in a.diagnostics.iter().enumerate() {
        if i < 20 || i + 20 >= n {
            let text = redress::render::human::render(&a.file, d, false);
            assert!(text.contains(d.code.name), "{text}");
        }
    }
    if a.policy.is_none() {
        assert!(
            a.errors() > 0,
            "no policy and no error: {:?}",
            a.diagnostics
        );
    }
}

/// The codes of an analysis, after checking it is well formed.
fn codes(a: &Analysis) -> Vec<&'static str> {
    assert_well_formed(a);
    a.diagnostics.iter().map(|d| d.code.name).collect()
}

fn assert_code(a: &Analysis, code: &str) {
    let got = codes(a);
    assert!(got.contains(&code), "expected {code}, got {got:?}");
}

/// A small valid policy, for building larger ones.
fn policy_with(body: &str) -> String {
    format!("policy \"Example Borough Council\" {{\n  track general ombudsman lgsco\n{body}}}\n")
}

#[test]
fn empty_file() {
    assert_code(&analyse(""), "redress::parse::empty");
}

#[test]
fn only_comments() {
    assert_code(
        &analyse("# a comment\n# another\n   # indented\n"),
        "redress::parse::empty",
    );
}

#[test]
fn only_whitespace() {
    assert_code(&analyse("  \n\t\r\n   \n"), "redress::parse::empty");
}

#[test]
fn byte_order_mark() {
    assert_code(&analyse("\u{FEFF}"), "redress::parse::empty");
    let a = analyse(format!("\u{FEFF}{KINGSTON}"));
    assert_well_formed(&a);
    assert!(
        a.policy.is_some(),
        "a BOM before a valid policy: {:?}",
        codes(&a)
    );
}

#[test]
fn nul_bytes() {
    assert_code(&analyse(b"policy \"x\" {\0}"), "redress::parse::binary");
    assert_code(&analyse(b"\0"), "redress::parse::binary");
    // A NUL after bytes that are not UTF-8 either (a word-processor file).
    assert_code(
        &analyse(b"PK\x03\x04\xff\xfe\x00\x00"),
        "redress::parse::binary",
    );
}

#[test]
fn invalid_utf8() {
    assert_code(
        &analyse(b"policy \"Caf\xe9\" {}"),
        "redress::parse::not_utf8",
    );
    assert_code(&analyse(b"\xff"), "redress::parse::not_utf8");
    // A multi-byte character cut short at the end of the file.
    assert_code(&analyse(b"policy \"\xe2\x80"), "redress::parse::not_utf8");
    // Several bad bytes on one line, and more lines after.
    assert_code(
        &analyse(b"# \x80\x81\x82 here\npolicy \"x\" {}\n"),
        "redress::parse::not_utf8",
    );
}

#[test]
fn every_truncation_of_kingston() {
    let boundaries = KINGSTON
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(KINGSTON.len()));
    for end in boundaries {
        let a = analyse(&KINGSTON[..end]);
        assert_well_formed(&a);
        if end < KINGSTON.trim_end().len() {
            assert!(a.policy.is_none(), "a truncated policy parsed (at {end})");
        }
    }
}

#[test]
fn too_large() {
    let big = vec![b'#'; 2 * 1024 * 1024];
    match source::from_bytes(Path::new("big.policy"), &big) {
        Err(LoadError::Content(file, d)) => {
            assert_eq!(d.code.name, "redress::parse::too_large");
            assert!(d.span.end() <= file.text.len());
        }
        _ => panic!("a 2 MiB file was accepted"),
    }
    assert_code(&analyse(&big), "redress::parse::too_large");
    // One byte over the limit is refused too; the limit itself is not.
    let over = vec![b' '; MAX_POLICY_BYTES + 1];
    assert_code(&analyse(&over), "redress::parse::too_large");
}

#[test]
fn twenty_thousand_stages_just_under_the_limit() {
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&format!(
            "stage s{i}{{respond within 9 weeks of receipt}}\n"
        ));
    }
    let text = policy_with(&body);
    assert!(text.len() < MAX_POLICY_BYTES, "{} bytes", text.len());
    let a = analyse(&text);
    assert_well_formed(&a);
    assert!(a.policy.is_some(), "{:?}", codes(&a).first());
    assert_eq!(a.policy.as_ref().map(|p| p.stages.len()), Some(20_000));
}

#[test]
fn deeply_nested_braces() {
    let text = format!("policy \"x\" {}", "{".repeat(100_000));
    let got = codes(&analyse(&text));
    assert!(!got.is_empty());
    let text = format!("policy \"x\" {{ stage one {}", "{".repeat(100_000));
    assert!(!codes(&analyse(&text)).is_empty());
    // Only braces, and braces that close.
    assert!(!codes(&analyse("{".repeat(100_000))).is_empty());
    let balanced = format!("{}{}", "{".repeat(50_000), "}".repeat(50_000));
    assert!(!codes(&analyse(&balanced)).is_empty());
}

#[test]
fn very_long_lines() {
    // A valid policy on one line, a long comment, a long quoted text and a long unquoted word.
    let one_line = KINGSTON
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join(" ");
    let a = analyse(&one_line);
    assert_well_formed(&a);
    assert!(a.policy.is_some(), "{:?}", codes(&a));

    let long = "x".repeat(400_000);
    let a = analyse(format!("# {long}\n{KINGSTON}"));
    assert!(a.policy.is_some(), "{:?}", codes(&a));
    let a = analyse(policy_with(&format!("  stage one \"{long}\" {{ }}\n")));
    assert_well_formed(&a);
    assert_code(
        &analyse(policy_with(&format!("  stage one \"{long} {{ }}\n"))),
        "redress::parse::syntax",
    );
    assert_code(
        &analyse(policy_with(&format!("  {long}\n"))),
        "redress::parse::syntax",
    );
    assert_code(
        &analyse(policy_with(&format!(
            "  stage {long} {{ respond within 1{long} }}\n"
        ))),
        "redress::parse::syntax",
    );
}

/// A runaway token must not become a runaway message.
#[test]
fn long_tokens_are_shortened_in_messages() {
    let long = "x".repeat(100_000);
    for text in [
        policy_with(&format!("  {long}\n")),
        policy_with(&format!("  track a ombudsman {long}\n")),
        policy_with(&format!(
            "  stage one {{ respond within {} days }}\n",
            "9".repeat(100_000)
        )),
    ] {
        let a = analyse(&text);
        assert!(!a.diagnostics.is_empty());
        for d in &a.diagnostics {
            assert!(
                d.message.len() < 300,
                "{}: {} bytes",
                d.code.name,
                d.message.len()
            );
        }
    }
}

/// Line and column agree with counting from the top of the file, on every character boundary.
#[test]
fn line_and_column_are_right() {
    let text = format!("{KINGSTON}\n\u{FEFF}é “x” \r\n\tlast");
    let file = redress::source::SourceFile::new("x.policy", text.as_str());
    for (offset, _) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[start..].chars().count() + 1;
        assert_eq!(file.line_col(offset), (line, column), "at {offset}");
    }
    // Past the end, and inside a character: no panic, a position on the right line.
    assert_eq!(file.line_col(text.len() + 10), file.line_col(text.len()));
    let e = text.find('é').unwrap_or(0);
    assert_eq!(file.line_col(e + 1).0, file.line_col(e).0);
}

#[test]
fn huge_number() {
    let text = policy_with(
        "  stage one { respond within 99999999999999999999 working days of receipt }\n",
    );
    assert_code(&analyse(&text), "redress::lower::invalid_value");
    let digits = "9".repeat(100_000);
    let text = policy_with(&format!(
        "  stage one {{ respond within {digits} working days of receipt }}\n"
    ));
    assert_code(&analyse(&text), "redress::lower::invalid_value");
}

/// Found while writing these tests; kept so they stay fixed.
#[test]
fn regressions() {
    for text in [
        // A closing quote that is curly, then the end of the file.
        "policy \"x\u{201d}",
        // A full stop after a stage name at the very end.
        "policy \"x\" { stage one { respond within 1 working days of one.",
        // A top-level statement inside a block that was opened on the first line.
        "policy \"x\" { stage one { stage two { } } }",
        "{ stage",
        // `parse::empty` once pointed at the first byte of a BOM, splitting the character.
        "\u{FEFF}",
        "\u{FEFF}# only a comment\n",
    ] {
        assert_well_formed(&analyse(text));
    }
    // miette panicked ("Formatting argument out of range") on a label past column 65,535.
    let far = policy_with(&format!(
        "  track a \"{}\" ombudsman lgo\n",
        "x".repeat(70_000)
    ));
    let a = analyse(&far);
    assert_code(&a, "redress::lower::unknown_word");
    let shown = common::human(&a);
    assert!(shown.contains("the line is too long to show"), "{shown}");
}

/// A random edit of a valid policy: insert, delete or replace one character.
#[derive(Clone, Debug)]
enum Edit {
    Insert(usize, char),
    Delete(usize),
    Replace(usize, char),
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for e in edits {
        let n = chars.len();
        match *e {
            Edit::Insert(i, c) => chars.insert(i % (n + 1), c),
            Edit::Delete(i) if n > 0 => {
                chars.remove(i % n);
            }
            Edit::Replace(i, c) if n > 0 => chars[i % n] = c,
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Characters that matter to the grammar, and a few that do not belong in it.
fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '{', '}', '"', '\\', '#', '\n', ' ', '.', ',', '-', '>', ':', '0', '9', 'a', 'z', 'A',
            '\u{FEFF}', '\u{201c}', '\u{201d}', 'é', '\t', '\r', '\0',
        ]),
        any::<char>(),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Insert(i, c)),
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), interesting_char()).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in any::<String>()) {
        assert_well_formed(&analyse(&text));
    }

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        assert_well_formed(&analyse(&bytes));
    }

    #[test]
    fn random_grammar_soup_never_panics(
        words in prop::collection::vec(prop::sample::select(vec![
            "policy", "\"x\"", "{", "}", "stage", "one", "two", "escalate", "->", "within", "10",
            "working", "days", "of", "receipt", "one.response", "later", "earlier", "and", ",",
            "discretion", "for", "housing", "cite", "calendar", "region", "closed", "2024-02-30",
            "to", "hours", "09:00", "25:99", "extend", "up", "without", "limit", "track",
            "ombudsman", "lgsco", "\"", ".", "#", "\n",
        ]), 0..60)
    ) {
        assert_well_formed(&analyse(words.join(" ")));
    }

    #[test]
    fn mutations_of_kingston_never_panic(edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply(KINGSTON, &edits);
        assert_well_formed(&analyse(&text));
    }
}
