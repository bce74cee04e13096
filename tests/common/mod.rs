//! Helpers shared by the integration tests.
#![allow(
    dead_code,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

pub mod run;

use std::path::{Path, PathBuf};

use redress::source::{self, LoadError, SourceFile};
use redress::{analyse, Analysis};

/// The path relative to the crate root, so snapshots do not depend on where the repo lives.
pub fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Analyse a file the way `redress check` does.
pub fn analyse_path(path: &Path) -> Analysis {
    let rel = relative(path);
    let bytes =
        std::fs::read(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    analyse_bytes(&rel, &bytes)
}

pub fn analyse_bytes(path: &Path, bytes: &[u8]) -> Analysis {
    match source::from_bytes(path, bytes) {
        Ok(file) => analyse(file),
        Err(LoadError::Content(file, d)) => Analysis {
            file,
            policy: None,
            diagnostics: vec![*d],
        },
        Err(LoadError::Io(e)) => panic!("{e}"),
    }
}

/// Every diagnostic rendered as the CLI prints it, without colour.
pub fn human(a: &Analysis) -> String {
    redress::cli::human_report(std::slice::from_ref(a), false)
}

/// The JSON the CLI prints for one file.
pub fn json(a: &Analysis) -> serde_json::Value {
    let report = redress::render::json::CheckReport {
        diagnostics: a
            .diagnostics
            .iter()
            .map(|d| redress::render::json::diagnostic(&a.file, d))
            .collect(),
        summary: redress::render::json::Summary {
            files: 1,
            errors: a.errors(),
            warnings: a.warnings(),
        },
    };
    serde_json::to_value(report).unwrap_or_default()
}

pub fn file_of(text: &str) -> SourceFile {
    SourceFile::new("input.policy", text)
}

/// A folder of its own under the system temp dir, removed when dropped. Named after the test
/// binary and the process, so suites running side by side never share one.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "redress-{}-{}-{name}",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    /// Write a file into the folder and return its path.
    pub fn file(&self, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The shipped policy files, sorted.
pub fn seed_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    files.sort();
    files
}

/// The shipped policies, compiled.
pub fn seed_policies() -> Vec<redress::ir::Policy> {
    seed_files()
        .iter()
        .map(|f| {
            redress::compile(&redress::source::load(f).ok().unwrap())
                .ok()
                .unwrap()
        })
        .collect()
}
