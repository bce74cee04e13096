//! ## What it finds
//! A rule limited with `when CLASS` to a case class that no `class` statement declares.
//!
//! ## Why it matters
//! A rule `when` an undeclared class applies to no case at all: the timescale the source gives
//! for complex complaints, say, silently drops out, and those complaints get the general rule.
//! It is almost always a misspelt class name, or a `class` statement left out.
//!
//! ## Example
//! ```text
//! class complex "Complex complaints" cite "4.2" "for complex cases"
//! stage one "Stage 1" role stage-1 {
//!   respond within 20 working days of receipt
//!   respond within 60 working days of receipt when compex     # no class `compex`
//! }
//! ```
//!
//! ## How to fix
//! Correct the name after `when` to a declared class (names are case-sensitive), or declare the
//! class with the words the source uses: `class NAME "label" cite "..." "..."`.
//!
//! ## Code provision
//! None: this is about the encoding, not the Codes.

use crate::check::{all_rules, Context};
use crate::diagnostic::{Code, Diagnostic, Severity};

pub const CODE: Code = Code {
    name: "redress::check::unknown_class",
    severity: Severity::Error,
    summary: "a rule limited to a case class the policy does not declare",
    doc: include_str!("unknown_class.rs"),
};

pub fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let declared: Vec<&str> = cx
        .policy
        .classes
        .iter()
        .map(|c| c.value.name.value.as_str())
        .collect();
    for rule in all_rules(cx.policy) {
        let Some(class) = rule.class else { continue };
        if declared.contains(&class.value.as_str()) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &CODE,
                format!("there is no case class `{}`", class.value),
                class.span,
                "unknown class",
                help(&class.value, &declared),
            )
            .with_draft_help(help(&class.value, &declared).replace(
                " citing the words the source uses for these complaints",
                " saying which complaints it covers",
            )),
        );
    }
}

fn help(found: &str, declared: &[&str]) -> String {
    if declared.is_empty() {
        return format!(
            "this policy declares no case classes: add `class {found} \"label\"` citing the words the source uses for these complaints"
        );
    }
    let list = declared
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let near = declared
        .iter()
        .map(|n| (strsim::damerau_levenshtein(found, n), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n);
    match near {
        Some(near) => format!("did you mean `{near}`? The classes declared are {list}"),
        None => format!("the classes declared are {list}; use one of those or declare `{found}`"),
    }
}
