//! `docs/language.md` is the reference for the policy language; these tests keep it true.
//!
//! Every fenced block tagged `redress` in it is a complete policy that must parse and lower,
//! and whose citations must be found in the source it names. Every vocabulary word must appear
//! in the text in backticks, and every construct of the language (and every vocabulary word)
//! must be used by at least one of those compiled examples, so the reference cannot fall behind
//! the language. Fragments and examples of mistakes belong in `text` blocks, which are not
//! compiled.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use redress::document::SourceDocument;
use redress::ir::{self, Vocabulary};
use redress::source::SourceFile;
use redress::Analysis;

const DOC: &str = "docs/language.md";

fn doc_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC)
}

fn doc_text() -> Result<String, String> {
    std::fs::read_to_string(doc_path()).map_err(|e| format!("cannot read {DOC}: {e}"))
}

/// One ```redress block: the line of its opening fence (1-based) and its text, padded with
/// blank lines so that line numbers in diagnostics are line numbers in the document.
struct Block {
    line: usize,
    text: String,
}

fn redress_blocks(doc: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, Vec<&str>)> = None;
    for (i, line) in doc.lines().enumerate() {
        let fence = line.trim_start();
        match &mut open {
            None if fence
                .strip_prefix("```redress")
                .is_some_and(|rest| rest.trim().is_empty()) =>
            {
                open = Some((i, Vec::new()));
            }
            None => {}
            Some((start, body)) if fence.starts_with("```") => {
                let text = format!("{}{}\n", "\n".repeat(*start + 1), body.join("\n"));
                blocks.push(Block {
                    line: *start + 1,
                    text,
                });
                open = None;
            }
            Some((_, body)) => body.push(line),
        }
    }
    match open {
        Some((start, _)) => Err(format!(
            "{DOC}:{}: a ```redress block is never closed",
            start + 1
        )),
        None => Ok(blocks),
    }
}

fn source_file(block: &Block) -> SourceFile {
    SourceFile::new(DOC, block.text.as_str())
}

/// The rendered diagnostics, as `redress check` would print them.
fn render(file: SourceFile, diagnostics: Vec<redress::diagnostic::Diagnostic>) -> String {
    let a = Analysis {
        file,
        policy: None,
        diagnostics,
    };
    redress::cli::human_report(std::slice::from_ref(&a), false)
}

/// Every example, compiled; or every failure, rendered as `redress check` prints it.
fn compiled_examples() -> Result<Vec<ir::Policy>, String> {
    let doc = doc_text()?;
    let blocks = redress_blocks(&doc)?;
    if blocks.len() < 20 {
        return Err(format!(
            "{DOC} has only {} ```redress blocks; has the fence tag changed?",
            blocks.len()
        ));
    }
    let mut ok = Vec::new();
    let mut failures = Vec::new();
    for b in &blocks {
        let file = source_file(b);
        match redress::compile(&file) {
            Ok(p) => ok.push(p),
            Err(diags) => failures.push(format!(
                "the example at {DOC}:{} does not compile:\n{}",
                b.line,
                render(file, diags)
            )),
        }
    }
    if failures.is_empty() {
        Ok(ok)
    } else {
        Err(failures.join("\n"))
    }
}

#[test]
fn every_redress_block_parses_and_lowers() {
    if let Err(e) = compiled_examples() {
        panic!("{e}");
    }
}

#[test]
fn every_citation_in_the_examples_is_in_its_source() {
    let doc = doc_text().unwrap_or_else(|e| panic!("{e}"));
    let blocks = redress_blocks(&doc).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for b in blocks {
        // An absolute path, so that `source "../policies/..."` resolves wherever the tests run.
        let file = SourceFile::new(doc_path(), b.text.as_str());
        let Ok(policy) = redress::compile(&file) else {
            continue; // reported by every_redress_block_parses_and_lowers
        };
        if policy.source.is_some() {
            if let SourceDocument::Unreadable { path, error } =
                SourceDocument::for_policy(&file.path, &policy)
            {
                failures.push(format!(
                    "the example at {DOC}:{} names a source that cannot be read ({}: {error})",
                    b.line,
                    path.display()
                ));
                continue;
            }
        }
        let a = redress::analyse(file);
        let bad: Vec<_> = a
            .diagnostics
            .iter()
            .filter(|d| d.code.name == "redress::check::citation_not_found")
            .cloned()
            .collect();
        if !bad.is_empty() {
            failures.push(format!(
                "the example at {DOC}:{} cites phrases its source does not contain:\n{}",
                b.line,
                render(a.file.clone(), bad)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn words<V: Vocabulary>() -> impl Iterator<Item = (&'static str, &'static str)> {
    V::WORDS.iter().map(|(w, _)| (V::WHAT, *w))
}

fn all_vocabulary() -> Vec<(&'static str, &'static str)> {
    let mut all = Vec::new();
    all.extend(words::<ir::Region>());
    all.extend(words::<ir::Ombudsman>());
    all.extend(words::<ir::ExclusionKind>());
    all.extend(words::<ir::ContentItem>());
    all.extend(words::<ir::Notice>());
    all.extend(words::<ir::HandlerDuty>());
    all.extend(words::<ir::PauseReason>());
    all.extend(words::<ir::EventWord>());
    all.extend(words::<ir::Reasons>());
    all.extend(words::<ir::OutOfHours>());
    all.extend(words::<ir::Role>());
    all.extend(words::<ir::StageEventKind>());
    all
}

#[test]
fn every_vocabulary_word_is_documented() {
    let doc = doc_text().unwrap_or_else(|e| panic!("{e}"));
    let missing: Vec<String> = all_vocabulary()
        .into_iter()
        .filter(|(_, w)| !doc.contains(&format!("`{w}`")))
        .map(|(what, w)| format!("{what} `{w}`"))
        .collect();
    assert!(
        missing.is_empty(),
        "{DOC} does not mention these words in backticks; document each with its meaning:\n  {}",
        missing.join("\n  ")
    );
}

/// What the compiled examples use, as `(what, word)` pairs and construct names.
#[derive(Default)]
struct Used {
    words: BTreeSet<(&'static str, &'static str)>,
    constructs: BTreeSet<&'static str>,
}

impl Used {
    fn word<V: Vocabulary + PartialEq>(&mut self, v: V) {
        self.words.insert((V::WHAT, v.word()));
    }

    fn construct(&mut self, name: &'static str, present: bool) {
        if present {
            self.constructs.insert(name);
        }
    }

    fn window(&mut self, r: &ir::Rule<ir::Window>) {
        let w = &r.value;
        self.construct("`for TRACK` on a window", r.track.is_some());
        self.construct("`when CLASS`", r.class.is_some());
        self.construct("`, lapses`", w.lapses);
        self.construct("`later of`", w.combine == ir::Combine::Later);
        self.construct("`earlier of`", w.combine == ir::Combine::Earlier);
        self.construct("`, discretion`", w.discretion);
        for t in &w.terms {
            self.duration(&t.duration);
            self.event(&t.from.value);
        }
    }

    fn duration(&mut self, d: &ir::Duration) {
        self.constructs.insert(match d.unit {
            ir::Unit::WorkingDays => "unit `working days`",
            ir::Unit::CalendarDays => "unit `calendar days`",
            ir::Unit::Days => "unit bare `days`",
            ir::Unit::Weeks => "unit `weeks`",
            ir::Unit::Months => "unit `months`",
        });
    }

    fn event(&mut self, e: &ir::Event) {
        let word = match e {
            ir::Event::Receipt => Some(ir::EventWord::Receipt),
            ir::Event::Acknowledgement => Some(ir::EventWord::Acknowledgement),
            ir::Event::Escalation => Some(ir::EventWord::Escalation),
            ir::Event::Occurrence => Some(ir::EventWord::Occurrence),
            ir::Event::Awareness => Some(ir::EventWord::Awareness),
            ir::Event::FinalResponse => Some(ir::EventWord::FinalResponse),
            ir::Event::OccurrenceOrAwareness => {
                self.constructs.insert("event `occurrence or awareness`");
                None
            }
            ir::Event::StageResponse(_) => {
                self.word(ir::StageEventKind::Response);
                self.constructs.insert("event `STAGE.response`");
                None
            }
            ir::Event::StageAcknowledgement(_) => {
                self.word(ir::StageEventKind::Acknowledgement);
                self.constructs.insert("event `STAGE.acknowledgement`");
                None
            }
            ir::Event::StageResponseDue(_) => {
                self.word(ir::StageEventKind::ResponseDue);
                self.constructs.insert("event `STAGE.response-due`");
                None
            }
            ir::Event::StageAcknowledgementDue(_) => {
                self.word(ir::StageEventKind::AcknowledgementDue);
                self.constructs.insert("event `STAGE.acknowledgement-due`");
                None
            }
            ir::Event::Unstated => {
                self.constructs.insert("a window with no start event");
                None
            }
        };
        if let Some(w) = word {
            self.word(w);
        }
    }

    fn policy(&mut self, p: &ir::Policy) {
        self.construct("`source`", p.source.is_some());
        self.construct("`source NAME`", !p.documents.is_empty());
        self.construct("`version`", p.version.is_some());
        self.construct("`effective`", p.effective.is_some());
        match p.reviewed.as_ref().map(|r| r.value) {
            Some(ir::ReviewDate::Day(_)) => self.construct("`reviewed`", true),
            Some(ir::ReviewDate::Month(_)) => self.construct("`reviewed YYYY-MM`", true),
            None => {}
        }
        self.construct("`prefer A over B`", !p.preferences.is_empty());
        self.construct("`unencoded` at the top level", !p.unencoded.is_empty());
        for r in &p.routes {
            self.constructs.insert("`route`");
            self.construct("`route ... for TRACK`", r.track.is_some());
        }
        for r in &p.classes {
            self.constructs.insert("`class`");
            self.construct("`class` with a label", r.value.label.is_some());
        }
        for r in redress::check::all_rules(p) {
            for c in r.cites {
                self.construct("`cite NAME`", c.document.is_some());
            }
        }
        self.calendar(&p.calendar);
        for t in &p.tracks {
            self.construct("`track` with a label", t.value.label.is_some());
            if let Some(o) = &t.value.ombudsman {
                self.word(o.value);
            }
        }
        for r in &p.acceptance {
            self.constructs.insert("`accept`");
            self.construct("`accept ... for TRACK`", r.track.is_some());
            self.window(r);
        }
        for r in &p.exclusions {
            let e = &r.value;
            self.word(e.kind.value);
            self.construct("`exclude ... for TRACK`", r.track.is_some());
            self.construct("`exclude` with a label", e.label.is_some());
            self.construct("`exclude ... refer`", e.refer.is_some());
        }
        for s in &p.stages {
            self.stage(s);
        }
        for e in &p.escalations {
            self.escalation(e);
        }
        for w in &p.ombudsman_waits {
            self.constructs.insert("`wait`");
            self.construct("`wait ... for TRACK`", w.track.is_some());
            self.word(w.value.ombudsman.value);
            self.duration(&w.value.duration);
            self.event(&w.value.after.value);
        }
    }

    fn calendar(&mut self, c: &ir::Calendar) {
        if let Some(r) = &c.region {
            self.word(r.value);
        }
        self.construct("`week`", c.week.is_some());
        self.construct("`hours`", c.hours.is_some());
        if let Some(r) = &c.out_of_hours {
            self.word(r.value);
        }
        match c.plain_days.as_ref().map(|r| r.value) {
            Some(ir::Unit::WorkingDays) => self.construct("`days mean working days`", true),
            Some(ir::Unit::CalendarDays) => self.construct("`days mean calendar days`", true),
            _ => {}
        }
        for r in &c.closures {
            let cl = &r.value;
            self.construct("`closed DATE`", cl.from == cl.to);
            self.construct("`closed DATE to DATE`", cl.from < cl.to);
            self.construct("`closed` with a label", cl.label.is_some());
        }
    }

    fn stage(&mut self, s: &ir::Stage) {
        self.construct("`stage` with a title", s.title.is_some());
        if let Some(r) = &s.role {
            self.word(r.value);
        }
        for r in &s.milestones {
            self.constructs.insert("`milestone`");
            self.construct("`milestone ... for TRACK`", r.track.is_some());
            let w = ir::Rule {
                value: r.value.window.clone(),
                track: r.track.clone(),
                class: r.class.clone(),
                cites: Vec::new(),
                span: r.span,
            };
            self.window(&w);
        }
        self.construct(
            "`may start here by agreement`",
            !s.start_by_agreement.is_empty(),
        );
        self.construct("`unencoded` in a stage", !s.unencoded.is_empty());
        for r in &s.acknowledge {
            self.constructs.insert("`acknowledge`");
            self.window(r);
        }
        for r in &s.respond {
            self.constructs.insert("`respond`");
            self.construct("`respond ... for TRACK`", r.track.is_some());
            self.window(r);
        }
        for r in &s.extensions {
            let e = &r.value;
            self.construct("`extend ... for TRACK`", r.track.is_some());
            match &e.limit {
                ir::ExtensionLimit::UpTo { duration } => {
                    self.constructs.insert("`extend up to`");
                    self.duration(duration);
                }
                ir::ExtensionLimit::WithoutLimit => self.construct("`extend without limit`", true),
                ir::ExtensionLimit::Unstated => {
                    self.construct("`extend` with no limit stated", true)
                }
            }
            self.construct("`more with good reason`", e.more_with_good_reason);
            self.construct("`once`", e.once);
            self.construct("`by agreement`", e.by_agreement);
            for n in &e.tell {
                self.word(*n);
            }
            for n in &e.tell_if {
                self.word(n.notice);
                self.construct("`tell ... if \"...\"`", true);
            }
        }
        for r in &s.pauses {
            self.word(r.value);
        }
        for h in &s.handlers {
            self.construct("`handler ... for TRACK`", h.track.is_some());
            let h = &h.value;
            self.construct("`handler \"role\"`", h.role.is_some());
            self.construct("`handler not subject`", h.not_subject);
            self.construct("`handler not STAGE`", !h.not_same_as.is_empty());
            self.construct("`handler senior to STAGE`", !h.senior_to.is_empty());
            for d in &h.duties {
                self.word(*d);
            }
        }
        for r in &s.letters {
            self.construct(
                "`acknowledgement includes`",
                r.value.letter == ir::LetterKind::Acknowledgement,
            );
            self.construct(
                "`response includes`",
                r.value.letter == ir::LetterKind::Response,
            );
            for i in &r.value.items {
                self.word(*i);
            }
        }
        self.construct("`may be skipped`", !s.skippable.is_empty());
        self.construct("`may end here`", !s.ends_early.is_empty());
    }

    fn escalation(&mut self, e: &ir::Escalation) {
        self.constructs.insert("`escalate A -> B`");
        for r in &e.windows {
            self.constructs.insert("`within` in an `escalate` block");
            self.window(r);
        }
        for r in &e.reasons {
            self.word(r.value);
            self.construct("`reasons ... for TRACK`", r.track.is_some());
        }
        for r in &e.refuse {
            for g in &r.value {
                match g {
                    ir::RefusalGround::Excluded => self.construct("`refuse if excluded`", true),
                    ir::RefusalGround::Kind(_) => {
                        self.construct("`refuse if` an exclusion kind", true)
                    }
                    ir::RefusalGround::Stated(_) => {
                        self.construct("`refuse if \"...\"` in the council's words", true)
                    }
                }
            }
        }
        self.construct("`new issues start`", !e.new_issues_start.is_empty());
        self.construct("`automatic if overdue`", !e.automatic.is_empty());
        self.construct(
            "`unencoded` in an `escalate` block",
            !e.unencoded.is_empty(),
        );
    }
}

/// Every construct the language has; each must be used by a compiled example.
const CONSTRUCTS: &[&str] = &[
    "`source`",
    "`source NAME`",
    "`cite NAME`",
    "`prefer A over B`",
    "`version`",
    "`effective`",
    "`reviewed`",
    "`reviewed YYYY-MM`",
    "`route`",
    "`route ... for TRACK`",
    "`class`",
    "`class` with a label",
    "`when CLASS`",
    "`unencoded` at the top level",
    "`unencoded` in a stage",
    "`unencoded` in an `escalate` block",
    "`week`",
    "`hours`",
    "`days mean working days`",
    "`days mean calendar days`",
    "`closed DATE`",
    "`closed DATE to DATE`",
    "`closed` with a label",
    "`track` with a label",
    "`accept`",
    "`accept ... for TRACK`",
    "`exclude ... for TRACK`",
    "`exclude` with a label",
    "`exclude ... refer`",
    "`stage` with a title",
    "`acknowledge`",
    "`respond`",
    "`milestone`",
    "`milestone ... for TRACK`",
    "`may start here by agreement`",
    "`respond ... for TRACK`",
    "`extend up to`",
    "`extend without limit`",
    "`extend` with no limit stated",
    "`extend ... for TRACK`",
    "`more with good reason`",
    "`once`",
    "`by agreement`",
    "`tell ... if \"...\"`",
    "`handler \"role\"`",
    "`handler ... for TRACK`",
    "`handler not subject`",
    "`handler not STAGE`",
    "`handler senior to STAGE`",
    "`acknowledgement includes`",
    "`response includes`",
    "`may be skipped`",
    "`may end here`",
    "`escalate A -> B`",
    "`within` in an `escalate` block",
    "`for TRACK` on a window",
    "`refuse if excluded`",
    "`refuse if` an exclusion kind",
    "`refuse if \"...\"` in the council's words",
    "`reasons ... for TRACK`",
    "`new issues start`",
    "`automatic if overdue`",
    "`wait`",
    "`wait ... for TRACK`",
    "`later of`",
    "`earlier of`",
    "`, discretion`",
    "`, lapses`",
    "unit `working days`",
    "unit `calendar days`",
    "unit bare `days`",
    "unit `weeks`",
    "unit `months`",
    "event `occurrence or awareness`",
    "event `STAGE.response`",
    "event `STAGE.acknowledgement`",
    "event `STAGE.response-due`",
    "event `STAGE.acknowledgement-due`",
    "a window with no start event",
];

#[test]
fn every_construct_and_word_has_a_compiled_example() {
    let mut used = Used::default();
    for p in compiled_examples().unwrap_or_else(|e| panic!("{e}")) {
        used.policy(&p);
    }
    let mut missing: Vec<String> = CONSTRUCTS
        .iter()
        .filter(|c| !used.constructs.contains(*c))
        .map(|c| c.to_string())
        .collect();
    missing.extend(
        all_vocabulary()
            .into_iter()
            .filter(|w| !used.words.contains(w))
            .map(|(what, w)| format!("{what} `{w}`")),
    );
    assert!(
        missing.is_empty(),
        "no ```redress example in {DOC} uses:\n  {}",
        missing.join("\n  ")
    );
}

#[test]
fn the_block_extractor_finds_blocks_and_keeps_line_numbers() {
    let doc = "intro\n```redress\npolicy \"A\" { }\n```\n```text\nnot this\n```\n";
    let blocks = redress_blocks(doc).unwrap_or_default();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].line, 2);
    assert_eq!(blocks[0].text.lines().nth(2), Some("policy \"A\" { }"));
    assert!(redress_blocks("```redress\npolicy \"A\" { }\n").is_err());
}
