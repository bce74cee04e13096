//! `redress lsp` driven as an editor drives it: the binary is spawned and spoken to in JSON-RPC
//! over its standard input and output. A policy with three errors (one after an emoji on its
//! line) is opened; the test checks the three diagnostics and their UTF-16 positions, a hover
//! with a due date, a definition, references, completion, the outline, and a quick fix that,
//! applied and sent back, leaves two errors. Then `shutdown` and `exit`.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// The source document the policy cites, beside it.
const SOURCE: &str = "Test Borough Council complaints procedure.\n\
                      1. We acknowledge complaints within 5 working days.\n";

/// Three errors: `tow` (line 11), `on` after an emoji (line 16), `housng` (line 18).
const POLICY: &str = r#"# A policy with three errors, for the language server's test.
policy "Test Borough Council" {
  source "t.txt"
  track general "Council services" ombudsman lgsco
  track housing "Housing landlord services" ombudsman housing-ombudsman
  route one, two
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
      cite "1" "We acknowledge complaints within 5 working days."
    respond within 10 working days of acknowledgement
  }
  escalate one -> tow {
    within 20 working days of one.response
  }
  stage two "Stage 2 – review" role stage-2 {
    acknowledge within 5 working days of escalation
    milestone "call you 📞" within 5 working days of on.response
    respond within 20 working days of acknowledgement
    respond within 15 working days of acknowledgement for housng
  }
}
"#;

const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications received while waiting for a response.
    notifications: Vec<Value>,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_redress"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn redress lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(m) = read_message(&mut r) {
                if tx.send(m).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming: rx,
            next_id: 0,
            notifications: Vec::new(),
        }
    }

    fn send(&mut self, v: Value) {
        let body = v.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self
                .incoming
                .recv_timeout(TIMEOUT)
                .expect("a response in time");
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                assert!(m.get("error").is_none(), "{method} failed: {m}");
                return m.get("result").cloned().unwrap_or(Value::Null);
            }
            self.notifications.push(m);
        }
    }

    /// The next diagnostics published for `uri` (waiting for them if need be).
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_ours = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.notifications.iter().position(is_ours) {
            let m = self.notifications.remove(i);
            return m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let m = self
                .incoming
                .recv_timeout(TIMEOUT)
                .expect("diagnostics in time");
            if is_ours(&m) {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.notifications.push(m);
        }
    }
}

/// The protocol position of the first occurrence of `needle` in `text`, counted in UTF-16
/// units with the standard library's encoder (independently of the server's conversion).
fn position_of(text: &str, needle: &str) -> Position {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let character = text[line_start..at].encode_utf16().count();
    (line as u64, character as u64)
}

/// A protocol position as (line, character).
type Position = (u64, u64);

fn start_of(d: &Value) -> Position {
    (
        d["range"]["start"]["line"].as_u64().unwrap_or(u64::MAX),
        d["range"]["start"]["character"]
            .as_u64()
            .unwrap_or(u64::MAX),
    )
}

fn end_of(d: &Value) -> Position {
    (
        d["range"]["end"]["line"].as_u64().unwrap_or(u64::MAX),
        d["range"]["end"]["character"].as_u64().unwrap_or(u64::MAX),
    )
}

fn pos(line: u64, character: u64) -> Value {
    json!({"line": line, "character": character})
}

/// Apply one text edit (UTF-16 positions) to `text`.
fn apply(text: &str, edit: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().expect("line") as usize;
        let ch = p["character"].as_u64().expect("character") as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = &text[line_start..];
        let mut units = 0;
        for (i, c) in line_text.char_indices() {
            if units >= ch {
                return line_start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let start = offset(&edit["range"]["start"]);
    let end = offset(&edit["range"]["end"]);
    format!(
        "{}{}{}",
        &text[..start],
        edit["newText"].as_str().expect("newText"),
        &text[end..]
    )
}

fn workdir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("t.txt"), SOURCE).expect("write source");
    dir
}

#[test]
fn an_editor_session() {
    let dir = workdir("lsp-session");
    let path = dir.join("t.policy");
    std::fs::write(&path, POLICY).expect("write policy");
    let uri = format!("file://{}", path.display());

    let mut c = Client::start();
    let init = c.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert_eq!(init["serverInfo"]["name"], "redress");
    let caps = &init["capabilities"];
    for cap in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "completionProvider",
        "documentSymbolProvider",
        "codeActionProvider",
    ] {
        assert!(!caps[cap].is_null(), "{cap} not announced: {caps}");
    }
    assert_eq!(caps["positionEncoding"], "utf-16");
    c.notify("initialized", json!({}));

    // Open: three errors, at the right UTF-16 positions, and nothing else: the citation is found
    // in `t.txt`, read relative to the policy's own path (not the server's directory).
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "redress", "version": 1, "text": POLICY}}),
    );
    let diags = c.diagnostics(&uri);
    let summary: Vec<(String, Position, Position)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                start_of(d),
                end_of(d),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("redress::check::unknown_stage".into(), (11, 18), (11, 21)),
            ("redress::check::unknown_stage".into(), (16, 53), (16, 55)),
            ("redress::check::unknown_track".into(), (18, 58), (18, 64)),
        ],
        "{diags:#?}"
    );
    // The same positions, worked out with the standard library's UTF-16 encoder. On line 16 the
    // emoji is one character, four bytes and two UTF-16 units: `on` is at column 52 counted in
    // characters, 55 counted in bytes, and 53 in UTF-16 units.
    assert_eq!(position_of(POLICY, "tow {"), (11, 18));
    assert_eq!(position_of(POLICY, "on.response\n"), (16, 53));
    assert_eq!(position_of(POLICY, "housng"), (18, 58));
    let emoji_line = POLICY.lines().nth(16).unwrap_or("");
    let on = emoji_line.find("on.response").unwrap_or(0);
    assert_eq!(emoji_line[..on].chars().count(), 52);
    assert_eq!(on, 55);
    for d in &diags {
        assert_eq!(d["severity"], 1, "an error: {d}");
        assert_eq!(d["source"], "redress");
        assert!(
            d["message"].as_str().unwrap_or("").contains("did you mean"),
            "{d}"
        );
    }

    // Hover on stage one's response timescale: the sample complaint's due date and the Codes.
    let (line, _) = position_of(POLICY, "respond within 10");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(line, 6)}),
    );
    let text = hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    // Received Tue 1 Dec 2026 10:00; acknowledged on the last day, Tue 8 Dec (5 working days);
    // 10 working days from the acknowledgement is Tue 22 Dec.
    assert!(text.contains("due **Tue 22 Dec 2026**"), "{text}");
    assert!(
        text.contains("10 working days of the acknowledgement (2026-12-08)"),
        "{text}"
    );
    assert!(
        text.contains("Housing Ombudsman Complaint Handling Code 2024 **6.3**"),
        "{text}"
    );
    assert!(text.contains("**6.3** (should)"), "{text}");

    // Hover on a diagnostic: the code's explanation.
    let (line, ch) = position_of(POLICY, "tow {");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos(line, ch + 1)}),
    );
    let text = hover["contents"]["value"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(text.contains("redress::check::unknown_stage"), "{text}");
    assert!(text.contains("redress explain unknown_stage"), "{text}");
    assert!(text.contains("What it finds"), "{text}");

    // Go to definition: from `one` in `one.response` to `stage one`.
    let (line, ch) = position_of(POLICY, "one.response");
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos(line, ch + 1)}),
    );
    assert_eq!(def["uri"], uri);
    let (dl, dc) = position_of(POLICY, "one \"Stage 1\"");
    assert_eq!(start_of(&def), (dl, dc), "{def}");
    assert_eq!(end_of(&def), (dl, dc + 3), "{def}");

    // Find references of stage `one`: route, block, escalate, one.response (not `on`).
    let refs = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos(dl, dc),
               "context": {"includeDeclaration": true}}),
    );
    let lines: Vec<u64> = refs
        .as_array()
        .map(|a| a.iter().map(|r| start_of(r).0).collect())
        .unwrap_or_default();
    assert_eq!(lines, vec![5, 6, 11, 12], "{refs}");

    // Completion after `role`: the roles.
    let (line, ch) = position_of(POLICY, "stage-2 {");
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos(line, ch)}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(
        labels,
        vec!["early-resolution", "stage-1", "stage-2", "stage-3"]
    );

    // The outline: tracks, the route, stages with their roles, the escalation.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let root = &symbols[0];
    assert_eq!(root["name"], "policy \"Test Borough Council\"");
    let children: Vec<(String, String)> = root["children"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|s| {
                    (
                        s["name"].as_str().unwrap_or("").to_string(),
                        s["detail"].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        children,
        vec![
            (
                "track general".into(),
                "Council services · ombudsman lgsco".into()
            ),
            (
                "track housing".into(),
                "Housing landlord services · ombudsman housing-ombudsman".into()
            ),
            (
                "route one, two".into(),
                "every track without its own".into()
            ),
            ("stage one".into(), "role stage-1 · Stage 1".into()),
            ("escalate one -> tow".into(), "".into()),
            ("stage two".into(), "role stage-2 · Stage 2 – review".into()),
        ]
    );

    // The quick fix for `tow`: replace it with `two`.
    let (line, ch) = position_of(POLICY, "tow {");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": pos(line, ch), "end": pos(line, ch + 3)},
               "context": {"diagnostics": []}}),
    );
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["title"], "Replace `tow` with `two`");
    assert_eq!(action["isPreferred"], true);
    let edits = &action["edit"]["changes"][uri.as_str()];
    assert_eq!(edits.as_array().map(Vec::len), Some(1), "{action}");
    let fixed = apply(POLICY, &edits[0]);
    assert!(fixed.contains("escalate one -> two {"));

    // The quick fix for `on`, after the emoji: its edit's range is in UTF-16 units too.
    let (line, ch) = position_of(POLICY, "on.response\n");
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": pos(line, ch), "end": pos(line, ch)},
               "context": {"diagnostics": []}}),
    );
    let edit = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(start_of(edit), (16, 53));
    assert_eq!(
        apply(POLICY, edit).lines().nth(16),
        Some("    milestone \"call you 📞\" within 5 working days of one.response")
    );

    // Apply the first fix and send the new text: one error fewer.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"text": fixed}]}),
    );
    let diags = c.diagnostics(&uri);
    let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
    assert_eq!(
        codes,
        vec![
            "redress::check::unknown_stage",
            "redress::check::unknown_track"
        ],
        "{diags:#?}"
    );

    // Close: the diagnostics are cleared.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(&uri).is_empty());

    // Shutdown, then exit: status 0.
    let r = c.request("shutdown", Value::Null);
    assert!(r.is_null());
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_parse_error_is_a_diagnostic_and_exit_without_shutdown_is_status_1() {
    let dir = workdir("lsp-parse-error");
    let uri = format!("file://{}", dir.join("broken.policy").display());
    let mut c = Client::start();
    c.request("initialize", json!({"capabilities": {}}));
    c.notify("initialized", json!({}));
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "redress", "version": 1,
               "text": "policy \"£ Council\" {\n  stage one { respond within }\n}\n"}}),
    );
    let diags = c.diagnostics(&uri);
    assert!(!diags.is_empty());
    assert_eq!(diags[0]["code"], "redress::parse::syntax");
    // A text with a NUL byte is refused as `check` refuses the file.
    let nul = format!("file://{}", dir.join("nul.policy").display());
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": nul, "languageId": "redress", "version": 1,
               "text": "policy \"x\" {\u{0}}\n"}}),
    );
    let diags = c.diagnostics(&nul);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "redress::parse::binary");
    // Requests on a document that does not parse answer, with nothing.
    let def = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos(1, 9)}),
    );
    assert!(def.is_null());
    // An unknown request is an error response, not a crash.
    c.next_id += 1;
    let id = c.next_id;
    c.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/rename", "params": {}}));
    let reply = loop {
        let m = c.incoming.recv_timeout(TIMEOUT).expect("a reply");
        if m.get("id") == Some(&json!(id)) {
            break m;
        }
    };
    assert_eq!(reply["error"]["code"], -32601);
    c.notify("exit", Value::Null);
    let status = c.child.wait().expect("the server exits");
    assert_eq!(status.code(), Some(1));
}
