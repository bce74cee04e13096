//! `redress lsp`: a language server over standard input and output, for editors.
//!
//! It speaks the Language Server Protocol through `lsp-server` and `lsp-types` (the pair
//! rust-analyzer is built on). Every open policy is analysed in memory with [`crate::analyse`],
//! the same pipeline as `check`, so an editor shows the same codes, messages and help; named
//! source documents resolve relative to the policy's own file. On top of that it offers hovers
//! (a timescale's due date for the sample complaint and the Code provision that judges it; a
//! diagnostic's `explain` text), go-to-definition and find-references for stage, track and
//! class names, completion, quick fixes for every "did you mean", and the document's outline.
//!
//! Positions are in UTF-16 code units, as the protocol requires; [`position`] is the one place
//! byte offsets and protocol positions meet.

pub mod actions;
pub mod complete;
pub mod hover;
pub mod names;
pub mod position;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Exit,
    Notification as NotificationTrait, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    Request as RequestTrait,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentSymbol, DocumentSymbolParams,
    DocumentSymbolResponse, GotoDefinitionParams, GotoDefinitionResponse, Hover, HoverContents,
    HoverParams, HoverProviderCapability, InitializeResult, Location, MarkupContent, MarkupKind,
    NumberOrString, OneOf, PositionEncodingKind, PublishDiagnosticsParams, ReferenceParams,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit,
    Url, WorkspaceEdit,
};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{self, LoadError, SourceFile};
use crate::span::Span;
use crate::syntax::ast;
use crate::Analysis;
use names::{NameKind, Occurrence};
use position::LineIndex;

/// One open policy: its text, its analysis, and where its names are.
struct Doc {
    version: i32,
    path: PathBuf,
    /// The text as the editor has it; every position is converted against it.
    text: String,
    analysis: Analysis,
    index: LineIndex,
    /// The syntax tree, when the current text parses.
    ast: Option<ast::Policy>,
    occurrences: Vec<Occurrence>,
    /// Names for completion, from the last text that parsed (kept while the author types).
    names: complete::Names,
}

impl Doc {
    fn text(&self) -> &str {
        &self.text
    }

    fn update(&mut self, text: String, version: i32) {
        self.index = LineIndex::new(&text);
        // The same refusals as `check` (a file too large, a NUL byte), then the same pipeline.
        self.analysis = match source::from_bytes(&self.path, text.as_bytes()) {
            Ok(file) => {
                self.ast = crate::syntax::parse(&file).ok();
                crate::analyse(file)
            }
            Err(LoadError::Content(file, d)) => {
                self.ast = None;
                Analysis {
                    file,
                    policy: None,
                    diagnostics: vec![*d],
                }
            }
            // Not reached (nothing is read from disk here): the text is analysed as it is.
            Err(LoadError::Io(_)) => {
                let file = SourceFile::new(self.path.clone(), text.clone());
                self.ast = crate::syntax::parse(&file).ok();
                crate::analyse(file)
            }
        };
        self.occurrences = self
            .ast
            .as_ref()
            .map(names::occurrences)
            .unwrap_or_default();
        if self.ast.is_some() {
            self.names = complete::Names {
                stages: names::declared(&self.occurrences, NameKind::Stage),
                tracks: names::declared(&self.occurrences, NameKind::Track),
                classes: names::declared(&self.occurrences, NameKind::Class),
            };
        }
        self.text = text;
        self.version = version;
    }

    fn open(uri: &Url, text: String, version: i32) -> Doc {
        // A document that is not a file (an unsaved buffer) is analysed under its URI's path:
        // a source document it names is then not found, which `check` says.
        let path = uri
            .to_file_path()
            .unwrap_or_else(|()| PathBuf::from(uri.path()));
        let mut doc = Doc {
            version,
            path: path.clone(),
            text: String::new(),
            analysis: Analysis {
                file: SourceFile::new(path, ""),
                policy: None,
                diagnostics: Vec::new(),
            },
            index: LineIndex::new(""),
            ast: None,
            occurrences: Vec::new(),
            names: complete::Names::default(),
        };
        doc.update(text, version);
        doc
    }

    fn offset(&self, p: lsp_types::Position) -> usize {
        self.index.offset(self.text(), p)
    }

    fn range(&self, s: Span) -> lsp_types::Range {
        self.index.range(self.text(), s)
    }

    fn diagnostic(&self, uri: &Url, d: &Diagnostic) -> lsp_types::Diagnostic {
        let mut message = d.message.clone();
        if !d.help.is_empty() {
            message.push_str(&format!("\nhelp: {}", d.help));
        }
        let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
        if !d.label.is_empty() {
            related.push(DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), self.range(d.span)),
                message: d.label.clone(),
            });
        }
        related.extend(
            d.related
                .iter()
                .map(|(s, label)| DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), self.range(*s)),
                    message: label.clone(),
                }),
        );
        lsp_types::Diagnostic {
            range: self.range(d.span),
            severity: Some(match d.severity() {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(d.code.name.to_string())),
            source: Some("redress".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..lsp_types::Diagnostic::default()
        }
    }
}

/// The server's state: the open documents.
struct Server<'c> {
    connection: &'c Connection,
    docs: HashMap<Url, Doc>,
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".into()]),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Run the server on standard input and output until the client says `exit`. The exit code is
/// 0 after `shutdown` then `exit`, 1 when the client leaves without `shutdown` (as the protocol
/// asks), 2 when the connection itself fails.
pub fn run() -> ExitCode {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(&connection);
    drop(connection);
    // A broken message ends the reading thread with the cause, which says more than the
    // closed channel the main loop then sees.
    match (served, io_threads.join()) {
        (_, Err(e)) => {
            eprintln!("error: redress lsp: {e}");
            ExitCode::from(2)
        }
        (Err(e), Ok(())) => {
            eprintln!("error: redress lsp: {e}");
            ExitCode::from(2)
        }
        (Ok(code), Ok(())) => code,
    }
}

fn serve(connection: &Connection) -> Result<ExitCode, String> {
    let (id, _params) = connection.initialize_start().map_err(|e| {
        if e.channel_is_disconnected() {
            "the input ended before the editor sent `initialize` (this command is run by an \
             editor's language client, not by hand; see editors/vscode/README.md)"
                .to_string()
        } else {
            e.to_string()
        }
    })?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "redress".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let mut server = Server {
        connection,
        docs: HashMap::new(),
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(ExitCode::SUCCESS);
                }
                server.request(req);
            }
            Message::Notification(n) if n.method == Exit::METHOD => {
                return Ok(ExitCode::from(1));
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    // The client went away without `shutdown` and `exit`.
    Ok(ExitCode::from(1))
}

fn params<P: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<P, String> {
    serde_json::from_value(v).map_err(|e| format!("invalid parameters: {e}"))
}

impl Server<'_> {
    fn send(&self, m: Message) {
        // A closed connection ends the main loop on the next read; nothing to do here.
        let _ = self.connection.sender.send(m);
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            HoverRequest::METHOD => params(req.params).map(|p| to_json(self.hover(p))),
            GotoDefinition::METHOD => params(req.params).map(|p| to_json(self.definition(p))),
            References::METHOD => params(req.params).map(|p| to_json(self.references(p))),
            Completion::METHOD => params(req.params).map(|p| to_json(self.completion(p))),
            DocumentSymbolRequest::METHOD => params(req.params).map(|p| to_json(self.symbols(p))),
            CodeActionRequest::METHOD => params(req.params).map(|p| to_json(self.actions(p))),
            other => {
                self.respond_error(
                    id,
                    ErrorCode::MethodNotFound,
                    format!("redress lsp does not handle `{other}`"),
                );
                return;
            }
        };
        match result {
            Ok(v) => self.send(Message::Response(Response::new_ok(id, v))),
            Err(e) => self.respond_error(id, ErrorCode::InvalidParams, e),
        }
    }

    fn respond_error(&self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Message::Response(Response::new_err(
            id,
            code as i32,
            message,
        )));
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = params::<DidOpenTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    let doc = Doc::open(&uri, p.text_document.text, p.text_document.version);
                    self.docs.insert(uri.clone(), doc);
                    self.publish(&uri);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = params::<DidChangeTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.docs.get_mut(&uri) {
                        let mut text = doc.text().to_string();
                        for change in p.content_changes {
                            match change.range {
                                // Full sync is what the server asks for; a ranged change is
                                // applied all the same.
                                Some(r) => {
                                    let ix = LineIndex::new(&text);
                                    let s = ix.span(&text, r);
                                    if text.is_char_boundary(s.offset)
                                        && text.is_char_boundary(s.end())
                                        && s.end() <= text.len()
                                    {
                                        text.replace_range(s.offset..s.end(), &change.text);
                                    }
                                }
                                None => text = change.text,
                            }
                        }
                        doc.update(text, p.text_document.version);
                        self.publish(&uri);
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = params::<DidCloseTextDocumentParams>(n.params) {
                    let uri = p.text_document.uri;
                    self.docs.remove(&uri);
                    let clear = PublishDiagnosticsParams {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    };
                    self.send(Message::Notification(Notification::new(
                        PublishDiagnostics::METHOD.into(),
                        clear,
                    )));
                }
            }
            _ => {}
        }
    }

    fn publish(&self, uri: &Url) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let diagnostics = doc
            .analysis
            .diagnostics
            .iter()
            .map(|d| doc.diagnostic(uri, d))
            .collect();
        let p = PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: Some(doc.version),
        };
        self.send(Message::Notification(Notification::new(
            PublishDiagnostics::METHOD.into(),
            p,
        )));
    }

    fn hover(&self, p: HoverParams) -> Option<Hover> {
        let doc = self
            .docs
            .get(&p.text_document_position_params.text_document.uri)?;
        let offset = doc.offset(p.text_document_position_params.position);
        let mut parts = Vec::new();
        let mut range = None;
        for d in &doc.analysis.diagnostics {
            if hover::holds(d.span, offset) {
                parts.push(hover::diagnostic(d));
                range.get_or_insert(doc.range(d.span));
            }
        }
        if let Some(policy) = &doc.analysis.policy {
            if let Some(t) = hover::timescale(policy, doc.text(), offset) {
                parts.push(t);
            }
        }
        if parts.is_empty() {
            return None;
        }
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: parts.join("\n\n---\n\n"),
            }),
            range,
        })
    }

    fn definition(&self, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
        let uri = &p.text_document_position_params.text_document.uri;
        let doc = self.docs.get(uri)?;
        let offset = doc.offset(p.text_document_position_params.position);
        let o = names::at(&doc.occurrences, offset)?;
        let locations: Vec<Location> = names::declarations(&doc.occurrences, o.kind, &o.name)
            .into_iter()
            .map(|d| Location::new(uri.clone(), doc.range(d.span)))
            .collect();
        match locations.len() {
            0 => None,
            1 => locations
                .into_iter()
                .next()
                .map(GotoDefinitionResponse::Scalar),
            _ => Some(GotoDefinitionResponse::Array(locations)),
        }
    }

    fn references(&self, p: ReferenceParams) -> Option<Vec<Location>> {
        let uri = &p.text_document_position.text_document.uri;
        let doc = self.docs.get(uri)?;
        let offset = doc.offset(p.text_document_position.position);
        let o = names::at(&doc.occurrences, offset)?;
        Some(
            names::references(
                &doc.occurrences,
                o.kind,
                &o.name,
                p.context.include_declaration,
            )
            .into_iter()
            .map(|r| Location::new(uri.clone(), doc.range(r.span)))
            .collect(),
        )
    }

    fn completion(&self, p: CompletionParams) -> Option<CompletionResponse> {
        let doc = self.docs.get(&p.text_document_position.text_document.uri)?;
        let offset = doc.offset(p.text_document_position.position);
        Some(CompletionResponse::Array(complete::complete(
            doc.text(),
            offset,
            &doc.names,
        )))
    }

    fn symbols(&self, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
        let doc = self.docs.get(&p.text_document.uri)?;
        let ast = doc.ast.as_ref()?;
        let root = names::outline(ast, doc.text());
        Some(DocumentSymbolResponse::Nested(vec![to_symbol(doc, root)]))
    }

    fn actions(&self, p: CodeActionParams) -> Option<Vec<CodeActionOrCommand>> {
        let uri = &p.text_document.uri;
        let doc = self.docs.get(uri)?;
        let want = doc.index.span(doc.text(), p.range);
        let mut out = Vec::new();
        for d in &doc.analysis.diagnostics {
            let meets = d.span.offset <= want.end() && want.offset <= d.span.end();
            if !meets {
                continue;
            }
            let fixes = actions::fixes(d, doc.text());
            let single = fixes.len() == 1;
            for fix in fixes {
                let edit = TextEdit {
                    range: doc.range(d.span),
                    new_text: fix.clone(),
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!(
                        "Replace `{}` with `{fix}`",
                        doc.text().get(d.span.offset..d.span.end()).unwrap_or("")
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![doc.diagnostic(uri, d)]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(single),
                    ..CodeAction::default()
                }));
            }
        }
        Some(out)
    }
}

fn to_json<T: serde::Serialize>(v: T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be written, as `None`
fn to_symbol(doc: &Doc, s: names::Symbol) -> DocumentSymbol {
    let children: Vec<DocumentSymbol> = s.children.into_iter().map(|c| to_symbol(doc, c)).collect();
    DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: s.kind,
        tags: None,
        deprecated: None,
        range: doc.range(s.span),
        selection_range: doc.range(s.selection),
        children: (!children.is_empty()).then_some(children),
    }
}
