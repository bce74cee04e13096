//! The council's named documents (`source standards "..."`), read for the checks that look
//! phrases up in them. Not a check itself.
//!
//! A named document's path is relative to the policy file's folder, like the main source's.
//! The checks are not told that folder, so it is worked out from the main source: its path as
//! read is the folder joined with the path the policy gives. With no main source there is no
//! folder to read from, and named documents are not read (missing_source reports the policy).

use std::path::{Path, PathBuf};

use crate::check::Context;
use crate::document::{normalise, SourceDocument};
use crate::ir::{self, MAIN_DOCUMENT};

/// A named document, as read.
pub(crate) struct Named<'a> {
    pub rule: &'a ir::Rule<ir::Document>,
    pub document: SourceDocument,
}

/// Every named document of the policy, read from disk (the main source is `cx.document`).
pub(crate) fn named<'a>(cx: &Context<'a>) -> Vec<Named<'a>> {
    let folder = folder(cx);
    cx.policy
        .documents
        .iter()
        .map(|rule| Named {
            rule,
            document: match &folder {
                Some(dir) => read(dir.join(&rule.value.path)),
                None => SourceDocument::NotDeclared,
            },
        })
        .collect()
}

/// The document a citation is looked up in: the main source, a named document, or none when
/// the name is not declared (unknown_document reports that).
pub(crate) fn cited<'d>(
    cx: &'d Context,
    named: &'d [Named],
    citation: &ir::Citation,
) -> Option<&'d SourceDocument> {
    match citation.document.as_ref().map(|d| d.value.as_str()) {
        None | Some(MAIN_DOCUMENT) => Some(cx.document),
        Some(name) => named
            .iter()
            .find(|n| n.rule.value.id.value == name)
            .map(|n| &n.document),
    }
}

/// The policy file's folder: the main source's path as read, less the path the policy gives.
fn folder(cx: &Context) -> Option<PathBuf> {
    let source = cx.policy.source.as_ref()?;
    let read = match cx.document {
        SourceDocument::Loaded { path, .. } | SourceDocument::Unreadable { path, .. } => path,
        SourceDocument::NotDeclared => return None,
    };
    let given = Path::new(&source.value);
    if given.is_absolute() {
        return None;
    }
    let mut dir = read.as_path();
    for _ in given.components() {
        dir = dir.parent()?;
    }
    Some(dir.to_path_buf())
}

fn read(path: PathBuf) -> SourceDocument {
    match std::fs::read(&path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let normalised = normalise(&text);
            SourceDocument::Loaded {
                path,
                text,
                normalised,
            }
        }
        Err(e) => SourceDocument::Unreadable {
            path,
            error: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::folder;
    use crate::check::Context;
    use crate::document::SourceDocument;
    use crate::source::SourceFile;

    fn folder_of(source: &str, read: &str) -> Option<PathBuf> {
        let text = format!("policy \"Test\" {{ source \"{source}\" }}");
        let policy = match crate::compile(&SourceFile::new("test.policy", text)) {
            Ok(p) => p,
            Err(d) => panic!("fixture does not compile: {d:?}"),
        };
        let document = SourceDocument::Unreadable {
            path: PathBuf::from(read),
            error: String::new(),
        };
        folder(&Context {
            policy: &policy,
            document: &document,
        })
    }

    #[test]
    fn the_folder_is_the_main_source_path_less_what_the_policy_gives() {
        assert_eq!(
            folder_of("sources/a.txt", "policies/sources/a.txt").as_deref(),
            Some(Path::new("policies"))
        );
        assert_eq!(
            folder_of("../source.txt", "tests/checks/check/../source.txt").as_deref(),
            Some(Path::new("tests/checks/check"))
        );
        assert_eq!(folder_of("/abs/a.txt", "/abs/a.txt"), None);
    }
}
