//! `redress fmt`: the canonical layout (snapshots, read them), and its two promises checked on
//! every policy in the repository and on generated variants of them: formatting twice gives
//! what formatting once gives, and a formatted policy compiles to the same IR.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use serde_json::Value;

use common::TempDir;
use redress::format::{format, FormatError};
use redress::source::SourceFile;

// ---------------------------------------------------------------- helpers

fn fmt(text: &str) -> String {
    match format(&SourceFile::new("input.policy", text)) {
        Ok(out) => out,
        Err(FormatError::Parse(ds)) => panic!("does not parse: {}", ds[0].message),
        Err(FormatError::Internal(m)) => panic!("{m}"),
    }
}

/// Drop every `span`, `offset` and `length` key, at any depth: what is left is what the
/// policy means, not where it was written.
fn strip_spans(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| !matches!(k.as_str(), "span" | "offset" | "length"));
            map.values_mut().for_each(strip_spans);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

/// The compiled IR without positions; for a policy that does not lower, its diagnostics'
/// codes and messages (positions dropped too), which formatting must not change either.
fn meaning(path: &Path, text: &str) -> Value {
    let mut v = match redress::compile(&SourceFile::new(path, text)) {
        Ok(ir) => serde_json::to_value(&ir).unwrap(),
        Err(ds) => Value::Array(
            ds.iter()
                .map(|d| serde_json::json!({"code": d.code.name, "message": d.message}))
                .collect(),
        ),
    };
    strip_spans(&mut v);
    v
}

fn parses(text: &str) -> bool {
    redress::syntax::parse(&SourceFile::new("x.policy", text)).is_ok()
}

/// Every policy file in the repository: the seed policies, the test corpus and the check
/// fixtures (those that do not parse included; callers skip them).
fn corpus() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in ["policies", "fixtures/policies", "tests/checks"] {
        collect(&root.join(dir), &mut files);
    }
    files.sort();
    files
        .into_iter()
        .filter_map(|p| {
            let text = String::from_utf8(std::fs::read(&p).ok()?).ok()?;
            Some((common::relative(&p), text))
        })
        .collect()
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "policy") {
            out.push(p);
        }
    }
}

/// The corpus files that parse, read once.
fn parsing_corpus() -> &'static [(PathBuf, String)] {
    static FILES: std::sync::OnceLock<Vec<(PathBuf, String)>> = std::sync::OnceLock::new();
    FILES.get_or_init(|| corpus().into_iter().filter(|(_, t)| parses(t)).collect())
}

/// A small lexer of its own (not the formatter's): the text cut into tokens, comments
/// included, and the white space before each.
fn tokens(text: &str) -> Vec<(String, String)> {
    let b: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let ws_start = i;
        while i < b.len() && matches!(b[i], ' ' | '\t' | '\r' | '\n' | '\u{FEFF}') {
            i += 1;
        }
        let ws: String = b[ws_start..i].iter().collect();
        if i >= b.len() {
            break;
        }
        let start = i;
        match b[i] {
            '#' => {
                while i < b.len() && b[i] != '\n' {
                    i += 1;
                }
            }
            '"' => {
                i += 1;
                while i < b.len() && b[i] != '"' && b[i] != '\n' {
                    if b[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
            }
            '-' if b.get(i + 1) == Some(&'>') => i += 2,
            c if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':') => {
                while i < b.len()
                    && (b[i].is_ascii_alphanumeric() || matches!(b[i], '-' | '_' | ':'))
                {
                    i += 1;
                }
            }
            _ => i += 1,
        }
        let i_end = i.min(b.len());
        out.push((ws, b[start..i_end].iter().collect()));
        i = i_end;
    }
    out
}

fn is_comment(tok: &str) -> bool {
    tok.starts_with('#')
}

fn comments(text: &str) -> Vec<String> {
    tokens(text)
        .into_iter()
        .filter(|(_, t)| is_comment(t))
        .map(|(_, t)| t.trim_end().to_string())
        .collect()
}

fn without_blank_lines(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Idempotence, the IR kept and every comment kept in order, for one input.
fn assert_promises(name: &str, original_meaning: &Value, text: &str) -> String {
    let once = format(&SourceFile::new(name, text))
        .unwrap_or_else(|e| panic!("{name} does not format: {e:?}\n{text}"));
    let twice = fmt(&once);
    assert_eq!(once, twice, "{name}: formatting twice differs\n{text}");
    assert_eq!(
        &meaning(Path::new(name), &once),
        original_meaning,
        "{name}: formatting changed the IR\n{text}"
    );
    assert_eq!(
        comments(&once),
        comments(text),
        "{name}: comments lost or reordered\n{text}"
    );
    once
}

// ---------------------------------------------------------------- the repository's files

#[test]
fn every_repository_policy_formats_idempotently_to_the_same_ir() {
    let files = parsing_corpus();
    // 5 seed policies, 15 test-corpus policies, 50-odd check fixtures.
    assert!(files.len() >= 60, "only {} policy files parse", files.len());
    for (path, text) in files {
        let name = path.display().to_string();
        assert_promises(&name, &meaning(path, text), text);
    }
}

#[test]
fn a_file_that_does_not_parse_is_a_parse_error() {
    let broken = "policy \"x\" {\n  stage one {\n    respond within ten working days\n  }\n}\n";
    match format(&SourceFile::new("broken.policy", broken)) {
        Err(FormatError::Parse(ds)) => {
            assert_eq!(ds[0].code.name, "redress::parse::syntax");
        }
        other => panic!("expected a parse error, got {other:?}"),
    }
}

// ---------------------------------------------------------------- generated variants

/// White space that may stand between two tokens; the first four have no line break.
const SPACES: &[&str] = &[
    " ",
    "  ",
    "\t",
    " \t ",
    "\n",
    "\n\n",
    "\r\n",
    "\n\n\n    ",
    "\n\t  ",
];

/// The text again with the white space between tokens chosen by `choices`: a line break
/// wherever one is needed (after a comment), the author's white space next to a comment
/// (which decides whether the comment ends a line or stands on its own), and nothing where
/// there was nothing (`one.response`, `x,`).
fn respace(text: &str, choices: &[u8]) -> String {
    let toks = tokens(text);
    let mut out = String::new();
    let mut prev_comment = false;
    for (n, (ws, tok)) in toks.iter().enumerate() {
        let c = choices.get(n % choices.len().max(1)).copied().unwrap_or(0) as usize;
        let ws = if n == 0 || ws.is_empty() || prev_comment || is_comment(tok) {
            ws.clone()
        } else {
            SPACES[c % SPACES.len()].to_string()
        };
        out.push_str(&ws);
        out.push_str(tok);
        prev_comment = is_comment(tok);
    }
    out.push('\n');
    out
}

/// The text with comments put in between tokens where `choices` says: some at the end of a
/// line, some on lines of their own, some in the middle of a statement.
fn add_comments(text: &str, choices: &[u8]) -> String {
    let toks = tokens(text);
    let mut out = String::new();
    let mut prev_comment = false;
    for (n, (ws, tok)) in toks.iter().enumerate() {
        let c = choices.get(n % choices.len().max(1)).copied().unwrap_or(0);
        // Never between `one` `.` `response` (no white space allowed there) or before the first
        // token's header comments.
        if n > 0 && !ws.is_empty() && c % 5 == 0 {
            if prev_comment {
                out.push('\n');
            }
            if c % 2 == 0 {
                out.push_str(&format!("  # note {n}"));
            } else {
                out.push_str(&format!("\n# note {n}"));
            }
            out.push('\n');
            out.push_str(if prev_comment { "" } else { "  " });
        } else {
            out.push_str(ws);
        }
        out.push_str(tok);
        prev_comment = is_comment(tok);
    }
    out.push('\n');
    out
}

fn case_strategy() -> impl Strategy<Value = (usize, Vec<u8>)> {
    (0usize..1000, prop::collection::vec(any::<u8>(), 1..64))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn respaced_variants_format_like_the_original((pick, choices) in case_strategy()) {
        let files = parsing_corpus();
        let (path, text) = &files[pick % files.len()];
        let variant = respace(text, &choices);
        prop_assert!(parses(&variant), "the generator broke {}:\n{}", path.display(), variant);
        let name = path.display().to_string();
        let once = assert_promises(&name, &meaning(path, text), &variant);
        // Blank lines follow the author; everything else is the same as the original's layout.
        prop_assert_eq!(without_blank_lines(&once), without_blank_lines(&fmt(text)));
    }

    #[test]
    fn commented_variants_keep_every_comment((pick, choices) in case_strategy()) {
        let files = parsing_corpus();
        let (path, text) = &files[pick % files.len()];
        let variant = add_comments(text, &choices);
        prop_assert!(parses(&variant), "the generator broke {}:\n{}", path.display(), variant);
        let name = path.display().to_string();
        assert_promises(&name, &meaning(path, text), &variant);
    }
}

#[test]
fn the_generators_make_the_changes_they_claim() {
    let text = "policy \"x\" { route one # why\n stage one { respond within 2 days of one.response, discretion } }";
    let respaced = respace(text, &[4, 0, 5, 1]);
    assert!(respaced.contains("one.response,"));
    assert!(respaced.contains(" # why\n"));
    assert_ne!(respaced, format!("{text}\n"));
    let commented = add_comments(text, &[0, 1, 5, 10]);
    assert!(commented.matches("# note").count() >= 2, "{commented}");
    assert!(parses(&commented), "{commented}");
}

// ---------------------------------------------------------------- the layout

/// Everything out of place: one-line blocks, statements run together, odd indentation, a
/// `cite` on the statement's line and one on a line of its own, comments at the ends of lines,
/// on lines of their own, inside a statement and before a `}`, several blank lines, tabs, CRLF.
const MESSY: &str = "\
# Header comment, kept above the policy.


policy   \"Example \\\"Borough\\\" Council\"{ # the council's name has quotes
\tsource \"source.txt\"  version \"2\" cite \"Front page\" \"Version 2\"
calendar { region england-and-wales   hours 09:00 to 17:00 } track general ombudsman lgsco
      track housing \"Housing\"
 ombudsman housing-ombudsman    # two tracks
   cite \"1.1\" \"housing complaints\"     # the cite's own comment



  route one , two
  # A comment on a line of its own, before a stage.
  stage one \"Stage 1\" role stage-1 {\r
    acknowledge within 5 working days of receipt cite \"2.1\" \"within 5 working days\"\r
    respond # a comment inside a statement
      within 10 working\tdays from acknowledgement for housing
      # a comment between a statement and its cite
      cite \"2.2\" \"10 working days\"
    extend up to 1 month, tell reasons and new-date if \"the case is complex\"
    # a comment before the closing brace
  }
  escalate one ->two{within later of 20 working days of one.response and 2 calendar months of one.response, discretion}
  stage two \"Stage 2\" role stage-2 { respond within 20 days }
  wait 8 weeks after two.response before housing-ombudsman
}   # after the policy's brace

# and a last word
";

#[test]
fn messy_layout() {
    let out = fmt(MESSY);
    insta::assert_snapshot!("messy", out);
    assert_eq!(fmt(&out), out);
    assert_eq!(
        meaning(Path::new("x.policy"), &out),
        meaning(Path::new("x.policy"), MESSY)
    );
}

/// Part of policies/kingston.policy as it was written by hand: citations lined up on the
/// statement's line, comments lined up at the end of lines.
const KINGSTON: &str = r#"policy "Royal Borough of Kingston upon Thames" {
  calendar {
    region england-and-wales      # a London borough; the document names no region
  }
  exclude service-request        cite "2.0" "A routine first-time request for a service"
  exclude compensation-only      cite "2.0" "A request for compensation only"
  exclude legal-proceedings "in court or already heard by a court or tribunal"
    cite "2.0" "Issues that are in court or have already been heard by a court or a tribunal"
  exclude statutory-appeal       cite "2.0" "where a statutory right of appeal exists"
  # 1.0 also encourages "resolution at the first point of contact" before stage one; it sets no
  # timescale for it, so it is not a stage of the route.

  route one, two
    cite "1.0" "there is a two stage complaints process to follow"
}
"#;

#[test]
fn kingston_excerpt() {
    insta::assert_snapshot!("kingston_excerpt", fmt(KINGSTON));
}

#[test]
fn a_formatted_file_is_left_as_it_is() {
    let canonical = "\
# A policy already in layout.
policy \"Example\" {
  source \"source.txt\"  # the main document

  track general ombudsman lgsco
  route one

  stage one role stage-1 {
    # no acknowledgement timescale
    respond within 10 working days of receipt
      cite \"2\" \"10 working days\"
      cite \"2\" \"of receipt\"  # both halves
  }
}
";
    assert_eq!(fmt(canonical), canonical);
}

#[test]
fn keywords_and_quoted_texts_stay_as_written() {
    let text =
        "policy \"A \\\\ B \\\"C\\\" “D”\" { accept within 1 month from occurrence or awareness\n\
                stage one role stage-1 { respond within 1 working day of receipt } }";
    let out = fmt(text);
    assert!(out.contains(r#"policy "A \\ B \"C\" “D”" {"#), "{out}");
    assert!(
        out.contains("accept within 1 month from occurrence or awareness"),
        "{out}"
    );
    assert!(
        out.contains("respond within 1 working day of receipt"),
        "{out}"
    );
}

// ---------------------------------------------------------------- the command

fn redress(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const UNFORMATTED: &str = "policy \"Example\" { track general ombudsman lgsco route one\n\
    stage one role stage-1 { respond within 10 working days of receipt } }\n";
const BROKEN: &str = "policy \"Example\" {\n  track general ombudsman\n}\n";

#[test]
fn check_lists_files_that_would_change_and_writes_nothing() {
    let dir = TempDir::new("fmt-check");
    dir.file("a.policy", UNFORMATTED);
    dir.file("b.policy", fmt(UNFORMATTED));
    let o = redress(&dir.0, &["fmt", "--check", "."]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    insta::assert_snapshot!("check_human", stdout(&o));
    assert_eq!(
        std::fs::read_to_string(dir.0.join("a.policy")).unwrap(),
        UNFORMATTED
    );

    let o = redress(&dir.0, &["fmt", "--check", "b.policy"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn fmt_rewrites_in_place() {
    let dir = TempDir::new("fmt-write");
    let a = dir.file("a.policy", UNFORMATTED);
    let o = redress(&dir.0, &["fmt", "a.policy"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "formatted a.policy\nChecked 1 file: 1 file reformatted, 0 files already formatted.\n"
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), fmt(UNFORMATTED));
    // No temporary file left behind.
    let names: Vec<_> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["a.policy"]);
    // A second run changes nothing and says so.
    let o = redress(&dir.0, &["fmt", "a.policy"]);
    assert_eq!(
        stdout(&o),
        "Checked 1 file: 0 files reformatted, 1 file already formatted.\n"
    );
}

#[test]
fn a_file_that_does_not_parse_is_reported_and_left_alone() {
    let dir = TempDir::new("fmt-broken");
    dir.file("a.policy", UNFORMATTED);
    let broken = dir.file("broken.policy", BROKEN);
    let o = redress(&dir.0, &["fmt", "."]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("redress::parse::syntax"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("broken.policy: not formatted: it does not parse"));
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), BROKEN);
    // The file that parses is still formatted.
    assert_eq!(
        std::fs::read_to_string(dir.0.join("a.policy")).unwrap(),
        fmt(UNFORMATTED)
    );
}

#[test]
fn json_report() {
    let dir = TempDir::new("fmt-json");
    dir.file("a.policy", UNFORMATTED);
    dir.file("b.policy", fmt(UNFORMATTED));
    dir.file("broken.policy", BROKEN);
    let o = redress(&dir.0, &["fmt", "--check", "--format", "json", "."]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    insta::assert_json_snapshot!("check_json", v);
}

#[test]
fn a_failed_write_is_an_error_and_the_file_is_untouched() {
    let dir = TempDir::new("fmt-fail");
    let a = dir.file("a.policy", UNFORMATTED);
    // A folder where the temporary file would go: the write fails, even for root.
    std::fs::create_dir(redress::format::temporary_path(&a)).unwrap();
    let o = redress(&dir.0, &["fmt", "a.policy"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).starts_with("error: cannot write `a.policy`"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), UNFORMATTED);
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let dir = TempDir::new("fmt-missing");
    let o = redress(&dir.0, &["fmt", "nowhere.policy"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(stderr(&o), "error: `nowhere.policy` does not exist\n");
}
