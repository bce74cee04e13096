//! The source document a policy encodes (a copy of the council's published text), as far as
//! checks need it: its text, and a normalised form for matching citation phrases.

use std::path::{Path, PathBuf};

use crate::ir;

#[derive(Clone, Debug)]
pub enum SourceDocument {
    /// The policy has no `source` statement.
    NotDeclared,
    /// The policy names a source that could not be read.
    Unreadable { path: PathBuf, error: String },
    Loaded {
        path: PathBuf,
        text: String,
        normalised: String,
    },
}

/// A further document of the council's (`source standards "..."`), as read.
#[derive(Clone, Debug)]
pub struct NamedDocument {
    pub id: String,
    pub document: SourceDocument,
}

impl SourceDocument {
    /// Find the document a policy names, relative to the policy file's folder.
    pub fn for_policy(policy_path: &Path, policy: &ir::Policy) -> SourceDocument {
        let Some(source) = &policy.source else {
            return SourceDocument::NotDeclared;
        };
        let dir = policy_path.parent().unwrap_or(Path::new("."));
        SourceDocument::read(dir.join(&source.value))
    }

    /// The further documents a policy names, each relative to the policy file's folder.
    pub fn named_for_policy(policy_path: &Path, policy: &ir::Policy) -> Vec<NamedDocument> {
        let dir = policy_path.parent().unwrap_or(Path::new("."));
        policy
            .documents
            .iter()
            .map(|d| NamedDocument {
                id: d.value.id.value.clone(),
                document: SourceDocument::read(dir.join(&d.value.path)),
            })
            .collect()
    }

    /// Read a document from disk (not valid UTF-8 is read lossily).
    pub fn read(path: PathBuf) -> SourceDocument {
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

    pub fn text(&self) -> Option<&str> {
        match self {
            SourceDocument::Loaded { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Does the phrase occur in the document, ignoring case, white space and quote style?
    pub fn contains(&self, phrase: &str) -> Option<bool> {
        match self {
            SourceDocument::Loaded { normalised, .. } => {
                Some(normalised.contains(&normalise(phrase)))
            }
            _ => None,
        }
    }
}

/// Lowercase, one space for any run of white space, straight quotes for curly ones. Sources are
/// extracted from web pages and PDFs, so line breaks and quote styles fall where they fall.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => '"',
            '\u{00A0}' => ' ',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn normalises_case_space_and_quotes() {
        assert_eq!(
            normalise("  The  Council\u{2019}s\n\t\u{201C}final\u{201D} Decision "),
            "the council's \"final\" decision"
        );
    }
}
