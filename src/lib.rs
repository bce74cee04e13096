//! redress: a compiler and validator for UK council complaint-handling policies.
//!
//! The pipeline runs one way: `source` (read) -> `syntax` (parse) -> `lower` (IR) -> `check`
//! (diagnostics) -> `render` (text or JSON). Later stages (simulate, assess, compare) read only
//! the IR. A later stage never reaches back into the parser.

pub mod assess;
pub mod audit;
pub mod calendar;
pub mod check;
pub mod cli;
pub mod compare;
pub mod dates;
pub mod diagnostic;
pub mod diff;
pub mod document;
pub mod files;
pub mod format;
pub mod gen_cases;
pub mod ir;
pub mod lower;
pub mod lsp;
pub mod measures;
pub mod registry;
pub mod render;
pub mod schedule;
pub mod simulate;
pub mod site;
pub mod source;
pub mod span;
pub mod syntax;

use diagnostic::Diagnostic;
use document::SourceDocument;
use source::SourceFile;

/// Everything redress learns from one policy file.
pub struct Analysis {
    pub file: SourceFile,
    /// The IR, when the file parsed and lowered cleanly.
    pub policy: Option<ir::Policy>,
    /// Sorted by position in the file.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == diagnostic::Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == diagnostic::Severity::Warning)
            .count()
    }
}

/// Parse and lower only: the IR, or the diagnostics that stopped it.
///
/// ```
/// use redress::source::SourceFile;
///
/// let text = r#"
/// policy "Example Borough Council" {
///   track general ombudsman lgsco
///   route one
///   stage one "Stage 1" role stage-1 {
///     acknowledge within 5 working days of receipt
///     respond within 10 working days of acknowledgement
///   }
/// }"#;
/// let policy = redress::compile(&SourceFile::new("example.policy", text)).unwrap();
/// let stage_1 = policy.route("general").formal(1).unwrap();
/// assert_eq!(stage_1.respond[0].value.terms[0].duration.amount, 10);
///
/// // A misspelt start event is a coded diagnostic, not a panic.
/// let bad = text.replace("of receipt", "of recieved");
/// let diags = redress::compile(&SourceFile::new("example.policy", bad)).unwrap_err();
/// assert_eq!(diags[0].code.name, "redress::lower::unknown_word");
/// ```
pub fn compile(file: &SourceFile) -> Result<ir::Policy, Vec<Diagnostic>> {
    let ast = syntax::parse_all(file)?;
    lower::lower(&ast)
}

/// The whole `check` pipeline for one file already in memory.
pub fn analyse(file: SourceFile) -> Analysis {
    let (policy, mut diagnostics) = match compile(&file) {
        Ok(policy) => {
            let document = SourceDocument::for_policy(&file.path, &policy);
            let named = SourceDocument::named_for_policy(&file.path, &policy);
            let cx = check::Context {
                policy: &policy,
                document: &document,
                named: &named,
            };
            let mut diags = check::run(&cx);
            diags.extend(document::diagnostics(&policy, &document, &named));
            // A draft's author gets help that speaks to them, not to a transcriber.
            if policy.draft.is_some() {
                diags = diags.into_iter().map(Diagnostic::for_draft).collect();
            }
            (Some(policy), diags)
        }
        Err(diags) => (None, diags),
    };
    diagnostics.sort_by(|a, b| (a.span, a.code.name).cmp(&(b.span, b.code.name)));
    Analysis {
        file,
        policy,
        diagnostics,
    }
}
