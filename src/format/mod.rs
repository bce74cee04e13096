//! `redress fmt`: one canonical layout for policy files, comments kept.
//!
//! The syntax tree decides the layout: which lines there are (a statement's head, each of its
//! `cite` clauses, a block's header and its closing `}`), how deep each is indented and where
//! blank lines go. The words on each line are the author's tokens, in order, joined by single
//! spaces (none before `,`, none around the `.` of `one.response`), so keywords stay as written
//! (`1 month` or `1 months`, `of` or `from`) and quoted texts are written back from their value.
//!
//! The grammar skips comments, so they are recovered from the text between the tokens and
//! attached to a line: a comment on a line of its own goes before the next line (at that line's
//! indentation), a comment after the last word of a line stays at the end of it, and a comment
//! in the middle of a line that the formatter joins (`respond # why\n within ...`) moves to a
//! line of its own just before it. Every comment is kept, in its order.
//!
//! Layout:
//! - two spaces of indentation per block; one statement per line;
//! - each `cite` on a line of its own, indented two more than its statement;
//! - one blank line before and after each `calendar`, `stage` and `escalate` block; elsewhere
//!   the author's blank lines are kept, several in a row becoming one; none just inside a
//!   block's braces and none inside a statement;
//! - two spaces before a comment that ends a line; no trailing white space; `\n` line ends and
//!   a final line break.
//!
//! The result is checked before it is handed back: the same tokens, the same comments, and a
//! text that parses. Formatting a formatted file changes nothing.

mod command;
mod lex;

pub(crate) use command::fmt;
pub use command::{temporary_path, write_atomically};

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use crate::span::Span;
use crate::syntax::{self, ast};
use lex::{Kind, Tok};

/// Why a file was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The file does not parse: its diagnostics.
    Parse(Vec<Diagnostic>),
    /// The formatter would have changed the file's tokens or comments (a bug in redress); the
    /// file is left alone.
    Internal(String),
}

/// The canonical layout of a policy file.
///
/// ```
/// use redress::source::SourceFile;
///
/// let text = "policy \"Example\" { track general   ombudsman lgsco # the only one\n\
///             route one stage one role stage-1 { respond within 10 working days\n\
///             of receipt cite \"2.1\" \"ten working days\" } }";
/// let out = redress::format::format(&SourceFile::new("x.policy", text)).unwrap();
/// assert_eq!(out, "\
/// policy \"Example\" {
///   track general ombudsman lgsco  # the only one
///   route one
///
///   stage one role stage-1 {
///     respond within 10 working days of receipt
///       cite \"2.1\" \"ten working days\"
///   }
/// }
/// ");
/// ```
pub fn format(file: &SourceFile) -> Result<String, FormatError> {
    let ast = syntax::parse_all(file).map_err(FormatError::Parse)?;
    let text: &str = &file.text;
    let out = print(text, &ast);
    verify(file, &out)?;
    Ok(out)
}

/// How a line of output is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// `policy "..." {`, `stage one ... {`: a block's header with its `{`
    Open,
    /// a block's `}`
    Close,
    /// a statement's head (everything before its first `cite`)
    Head,
    /// one `cite` clause
    Cite,
}

/// One line of output as the syntax tree sees it: where its first token is.
#[derive(Clone, Debug)]
struct Unit {
    start: usize,
    depth: usize,
    role: Role,
    /// A block of the policy starts here: a blank line before it (and its comments).
    block_start: bool,
    /// The first line after a block of the policy: a blank line before it (and its comments).
    after_block: bool,
}

impl Unit {
    fn new(start: usize, depth: usize, role: Role) -> Self {
        Unit {
            start,
            depth,
            role,
            block_start: false,
            after_block: false,
        }
    }
}

/// Collects the units of a policy in the order of the text.
struct Layout<'a> {
    /// The starts of the tokens that are not comments, in order.
    code: &'a [usize],
    units: Vec<Unit>,
    /// The last item was a block: the next unit gets a blank line before it.
    after_block: bool,
}

impl Layout<'_> {
    fn push(&mut self, mut unit: Unit) {
        unit.after_block = std::mem::take(&mut self.after_block);
        self.units.push(unit);
    }

    fn stmt<T>(&mut self, s: &ast::Stmt<T>, depth: usize) {
        self.push(Unit::new(s.span.offset, depth, Role::Head));
        for c in &s.cites {
            self.push(Unit::new(c.span.offset, depth + 1, Role::Cite));
        }
    }

    /// A block's header, its statements (by `inner`) and its `}`, with blank lines around it.
    fn block(&mut self, span: Span, depth: usize, inner: impl FnOnce(&mut Self)) {
        let mut open = Unit::new(span.offset, depth, Role::Open);
        open.block_start = true;
        self.push(open);
        inner(self);
        // The `}` is the last token that starts inside the block's span.
        let end = span.end();
        let close = self
            .code
            .partition_point(|&s| s < end)
            .checked_sub(1)
            .and_then(|i| self.code.get(i))
            .copied()
            .unwrap_or(span.offset);
        self.push(Unit::new(close, depth, Role::Close));
        self.after_block = true;
    }

    fn item(&mut self, item: &ast::Item) {
        use ast::Item;
        match item {
            Item::Source(s) => self.stmt(s, 1),
            Item::Version(s) | Item::Effective(s) | Item::Reviewed(s) | Item::Unencoded(s) => {
                self.stmt(s, 1)
            }
            Item::Pause(s) => self.stmt(s, 1),
            Item::Draft(s) => self.stmt(s, 1),
            Item::Class(s) => self.stmt(s, 1),
            Item::Route(s) => self.stmt(s, 1),
            Item::Prefer(s) => self.stmt(s, 1),
            Item::Track(s) => self.stmt(s, 1),
            Item::Accept(s) => self.stmt(s, 1),
            Item::Exclude(s) => self.stmt(s, 1),
            Item::Wait(s) => self.stmt(s, 1),
            Item::Calendar(b) => self.block(b.span, 1, |l| {
                for s in &b.items {
                    l.stmt(s, 2);
                }
            }),
            Item::Stage(b) => self.block(b.span, 1, |l| {
                for s in &b.items {
                    l.stage_item(s);
                }
            }),
            Item::Escalate(b) => self.block(b.span, 1, |l| {
                for s in &b.items {
                    l.escalate_item(s);
                }
            }),
        }
    }

    fn stage_item(&mut self, item: &ast::StageItem) {
        use ast::StageItem as S;
        match item {
            S::Acknowledge(s) | S::Respond(s) => self.stmt(s, 2),
            S::Milestone(s) => self.stmt(s, 2),
            S::Extend(s) => self.stmt(s, 2),
            S::Pause(s) | S::Unencoded(s) => self.stmt(s, 2),
            S::Handler(s) => self.stmt(s, 2),
            S::Includes(s) => self.stmt(s, 2),
            S::Skippable(s) | S::EndsEarly(s) | S::StartByAgreement(s) => self.stmt(s, 2),
        }
    }

    fn escalate_item(&mut self, item: &ast::EscalateItem) {
        use ast::EscalateItem as E;
        match item {
            E::Within(s) => self.stmt(s, 2),
            E::Reasons(s) | E::NewIssues(s) | E::Unencoded(s) => self.stmt(s, 2),
            E::Refuse(s) => self.stmt(s, 2),
            E::Automatic(s) => self.stmt(s, 2),
        }
    }
}

/// Whether a line break is wanted before a line: the author's, or one the layout decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Blank {
    /// a blank line if the author left one
    Keep(bool),
    Force,
    Never,
}

struct Line {
    depth: usize,
    text: String,
    blank: Blank,
}

const INDENT: &str = "  ";

/// The comments that belong to one unit.
#[derive(Default, Clone)]
struct Comments {
    /// on lines of their own before it
    leading: Vec<Tok>,
    /// between its first and last tokens
    inner: Vec<Tok>,
    /// after its last token, on the same line
    trailing: Option<Tok>,
}

fn slice<'t>(text: &'t str, t: &Tok) -> &'t str {
    text.get(t.start..t.end).unwrap_or("")
}

fn comment_text<'t>(text: &'t str, t: &Tok) -> &'t str {
    slice(text, t).trim_end()
}

/// A token as printed: quoted texts re-escaped, everything else as written.
fn token_text(text: &str, t: &Tok) -> String {
    match t.kind {
        Kind::Str => lex::requote(slice(text, t)),
        _ => slice(text, t).to_string(),
    }
}

/// A blank line in the author's text just before `pos`.
fn blank_before(text: &str, pos: usize) -> bool {
    let before = text.get(..pos).unwrap_or("");
    let gap = before.len() - before.trim_end_matches(lex::is_space).len();
    before
        .get(before.len() - gap..)
        .is_some_and(|g| g.matches('\n').count() >= 2)
}

fn print(text: &str, policy: &ast::Policy) -> String {
    let toks = lex::lex(text);
    let code: Vec<usize> = toks
        .iter()
        .filter(|t| t.kind != Kind::Comment)
        .map(|t| t.start)
        .collect();
    let (Some(&first), Some(&last)) = (code.first(), code.last()) else {
        return String::new();
    };
    let mut layout = Layout {
        code: &code,
        units: Vec::new(),
        after_block: false,
    };
    layout.push(Unit::new(first, 0, Role::Open));
    for item in &policy.items {
        layout.item(item);
    }
    layout.push(Unit::new(last, 0, Role::Close));
    let mut units = layout.units;
    // The tree gives units in the order of the text; make sure of it, and of one per start.
    units.sort_by_key(|u| u.start);
    units.dedup_by_key(|u| u.start);

    let (words, comments, tail) = attach(text, &toks, &units);

    let mut lines: Vec<Line> = Vec::new();
    let mut after_open = false;
    for ((unit, words), comments) in units.iter().zip(&words).zip(comments) {
        if words.is_empty() {
            continue;
        }
        let group_start = lines.len();
        let lead_depth = match unit.role {
            Role::Close => unit.depth + 1,
            _ => unit.depth,
        };
        for c in &comments.leading {
            lines.push(Line {
                depth: lead_depth,
                text: comment_text(text, c).to_string(),
                blank: Blank::Keep(blank_before(text, c.start)),
            });
        }
        // Comments inside the line go before it; the last of them (or the one after it) ends it.
        let mut moved = comments.inner;
        moved.extend(comments.trailing);
        let trailing = moved.pop();
        let mut blank = Blank::Keep(blank_before(text, unit.start));
        for c in &moved {
            lines.push(Line {
                depth: unit.depth,
                text: comment_text(text, c).to_string(),
                blank,
            });
            blank = Blank::Keep(false);
        }
        let mut line = String::new();
        let mut prev: Option<&str> = None;
        for t in words {
            let s = slice(text, t);
            if let Some(p) = prev {
                if !(s == "," || s == "." || p == ".") {
                    line.push(' ');
                }
            }
            line.push_str(&token_text(text, t));
            prev = Some(s);
        }
        if let Some(c) = trailing {
            line.push_str("  ");
            line.push_str(comment_text(text, &c));
        }
        lines.push(Line {
            depth: unit.depth,
            text: line,
            blank: match unit.role {
                Role::Close => Blank::Never,
                _ => blank,
            },
        });
        let group = lines.get_mut(group_start..).unwrap_or_default();
        if unit.role == Role::Cite {
            // No blank line inside a statement.
            for l in group.iter_mut() {
                l.blank = Blank::Never;
            }
        } else if (unit.block_start || unit.after_block)
            && !group.iter().any(|l| l.blank == Blank::Keep(true))
        {
            // A blank line between a block and what is next to it, unless the author put
            // one among the comments in between.
            if let Some(l) = group.first_mut().filter(|l| l.blank != Blank::Never) {
                l.blank = Blank::Force;
            }
        }
        // Nothing blank just after a `{`.
        if after_open {
            if let Some(l) = group.first_mut() {
                l.blank = Blank::Never;
            }
        }
        after_open = unit.role == Role::Open;
    }
    for c in &tail {
        lines.push(Line {
            depth: 0,
            text: comment_text(text, c).to_string(),
            blank: Blank::Keep(blank_before(text, c.start)),
        });
    }

    let mut out = String::new();
    for l in lines {
        let blank = match l.blank {
            _ if out.is_empty() => false,
            Blank::Never => false,
            Blank::Force => true,
            Blank::Keep(b) => b,
        };
        if blank {
            out.push('\n');
        }
        for _ in 0..l.depth {
            out.push_str(INDENT);
        }
        out.push_str(&l.text);
        out.push('\n');
    }
    out
}

/// Every token to its unit (the last whose start is at or before it), and every comment to the
/// unit it belongs with: the comments of each unit, and those after the policy's last `}`.
fn attach(text: &str, toks: &[Tok], units: &[Unit]) -> (Vec<Vec<Tok>>, Vec<Comments>, Vec<Tok>) {
    let mut words: Vec<Vec<Tok>> = vec![Vec::new(); units.len()];
    let mut comments: Vec<Comments> = vec![Comments::default(); units.len()];
    let mut tail: Vec<Tok> = Vec::new();
    let owner = |pos: usize| units.partition_point(|u| u.start <= pos).checked_sub(1);
    for t in toks.iter().filter(|t| t.kind != Kind::Comment) {
        if let Some(w) = owner(t.start).and_then(|i| words.get_mut(i)) {
            w.push(*t);
        }
    }
    let ends: Vec<usize> = words
        .iter()
        .zip(units)
        .map(|(w, u)| w.last().map_or(u.start, |t| t.end))
        .collect();
    for c in toks.iter().filter(|t| t.kind == Kind::Comment) {
        let Some(i) = owner(c.start) else {
            if let Some(first) = comments.first_mut() {
                first.leading.push(*c);
            }
            continue;
        };
        let end = ends.get(i).copied().unwrap_or(0);
        let same_line = !text.get(end..c.start).unwrap_or("\n").contains('\n');
        let target = if c.start < end {
            comments.get_mut(i).map(|x| &mut x.inner)
        } else if same_line {
            if let Some(x) = comments.get_mut(i) {
                x.trailing = Some(*c);
            }
            continue;
        } else {
            match comments.get_mut(i + 1) {
                Some(x) => Some(&mut x.leading),
                None => Some(&mut tail),
            }
        };
        if let Some(v) = target {
            v.push(*c);
        }
    }

    (words, comments, tail)
}

/// The formatted text has the same tokens and comments as the original, and parses.
fn verify(file: &SourceFile, out: &str) -> Result<(), FormatError> {
    let text: &str = &file.text;
    let shape = |text: &str| -> (Vec<String>, Vec<String>) {
        let toks = lex::lex(text);
        let code = toks
            .iter()
            .filter(|t| t.kind != Kind::Comment)
            .map(|t| token_text(text, t))
            .collect();
        let comments = toks
            .iter()
            .filter(|t| t.kind == Kind::Comment)
            .map(|t| comment_text(text, t).to_string())
            .collect();
        (code, comments)
    };
    let (code_in, comments_in) = shape(text);
    let (code_out, comments_out) = shape(out);
    if code_in != code_out {
        let at = code_in
            .iter()
            .zip(&code_out)
            .position(|(a, b)| a != b)
            .unwrap_or(code_in.len().min(code_out.len()));
        return Err(FormatError::Internal(format!(
            "formatting would change the policy's words (at word {}); the file is left as it is",
            at + 1
        )));
    }
    if comments_in != comments_out {
        return Err(FormatError::Internal(
            "formatting would lose or reorder a comment; the file is left as it is".into(),
        ));
    }
    syntax::parse(&SourceFile::new(file.path.clone(), out)).map_err(|d| {
        FormatError::Internal(format!(
            "the formatted text does not parse ({}); the file is left as it is",
            d.message
        ))
    })?;
    Ok(())
}
