//! ## What it finds
//! A document name that no `source NAME "path"` declares: in a citation
//! (`cite standards "clause" "phrase"`) or in `prefer A over B`. The name `main` always means
//! the main source (`source "path"`, with no name).
//!
//! ## Why it matters
//! A citation of an undeclared document cannot be checked against anything, so the rule it
//! supports is taken on trust; a `prefer` naming one cannot decide between the council's
//! documents, so a disagreement it was meant to settle is left as a conflict. It is almost
//! always a misspelt name or a `source` statement left out.
//!
//! ## Example
//! ```text
//! source "sources/policy.txt"
//! source standards "sources/service-standards.txt"
//! prefer main over standrads                        # no document `standrads`
//! ```
//!
//! ## How to fix
//! Correct the name to a declared document (names are case-sensitive), or declare it:
//! `source NAME "sources/file.txt"` with a plain-text copy of the council's document.
//!
//! ## Code provision
//! None: this is about the faithfulness of the encoding.

use crate::check::{all_rules, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ir::{Name, MAIN_DOCUMENT};

pub const CODE: Code = Code {
    name: "redress::check::unknown_document",
    severity: Severity::Error,
    summary: "a citation or `prefer` naming a document no `source` declares",
    doc: include_str!("unknown_document.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let p = cx.policy;
    let declared: Vec<&str> = p
        .documents
        .iter()
        .map(|d| d.value.id.value.as_str())
        .collect();
    let mut names: Vec<&Name> = Vec::new();
    for rule in all_rules(p) {
        names.extend(rule.cites.iter().filter_map(|c| c.document.as_ref()));
    }
    for pref in &p.preferences {
        names.push(&pref.value.preferred);
        names.push(&pref.value.over);
    }
    names.sort_by_key(|n| n.span);
    for n in names {
        if n.value == MAIN_DOCUMENT || declared.contains(&n.value.as_str()) {
            continue;
        }
        out.push(Diagnostic::new(
            &CODE,
            format!("there is no document `{}`", n.value),
            n.span,
            "unknown document",
            help(&n.value, &declared),
        ));
    }
}

fn help(found: &str, declared: &[&str]) -> String {
    let mut all = vec![MAIN_DOCUMENT];
    all.extend(declared);
    let list = all
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let near = all
        .iter()
        .filter(|n| **n != found)
        .map(|n| (strsim::damerau_levenshtein(found, n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n);
    let declare = format!(
        "declare it with `source {found} \"sources/FILE.txt\"` and a plain-text copy of that document"
    );
    match near {
        Some(near) => format!("did you mean `{near}`? The documents are {list}; or {declare}"),
        None => format!("the documents are {list} (`main` is the main source); or {declare}"),
    }
}
