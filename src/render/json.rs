//! Diagnostics for machines: the JSON shape documented in the README.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use crate::span::Span;

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: Severity,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub span: Span,
    pub message: String,
    pub label: String,
    pub help: String,
}

pub fn diagnostic(file: &SourceFile, d: &Diagnostic) -> JsonDiagnostic {
    let (line, column) = file.line_col(d.span.offset);
    JsonDiagnostic {
        code: d.code.name,
        severity: d.severity(),
        file: file.name(),
        line,
        column,
        span: d.span,
        message: d.message.clone(),
        label: d.label.clone(),
        help: d.help.clone(),
    }
}

#[derive(Serialize, Default)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Serialize)]
pub struct CheckReport {
    pub diagnostics: Vec<JsonDiagnostic>,
    pub summary: Summary,
}
