//! Any bytes as a case fixture (TOML), and when it parses, the case simulated against a
//! shipped policy and compared with the fixture's expectations: what `redress simulate` does.
//!
//! `simulate::fixture::run` reads the fixture from disk, so this target runs the same public
//! steps on text in memory: `fixture::parse`, `simulate`, `fixture::compare`. The policy the
//! fixture names is looked up by file name among the shipped and fixture policies (compiled
//! once); a name that is none of them falls back to Canterbury, so every parsed fixture is
//! simulated.
#![no_main]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use redress::ir::Policy;
use redress::simulate::{fixture, simulate};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Every policy in `policies/` and `fixtures/policies/` that compiles, by file name.
fn policies() -> &'static HashMap<String, Policy> {
    static POLICIES: OnceLock<HashMap<String, Policy>> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let mut out = HashMap::new();
        for dir in ["policies", "fixtures/policies"] {
            let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.extension().is_none_or(|e| e != "policy") {
                    continue;
                }
                let Ok(file) = redress::source::load(&path) else {
                    continue;
                };
                if let (Ok(policy), Some(name)) = (redress::compile(&file), path.file_name()) {
                    out.insert(name.to_string_lossy().into_owned(), policy);
                }
            }
        }
        assert!(
            out.contains_key("canterbury.policy"),
            "policies/canterbury.policy must compile for this target"
        );
        out
    })
}

fuzz_target!(|data: &[u8]| {
    let map = policies();
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path: PathBuf = root().join("fixtures/cases/fuzz.toml");
    let Ok(fx) = fixture::parse(&path, text) else {
        return;
    };
    let named = fx
        .policy_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(policy) = map.get(&named).or_else(|| map.get("canterbury.policy")) else {
        return;
    };
    if let Ok(timeline) = simulate(policy, &fx.case) {
        let _ = fixture::compare(&fx, &timeline);
    }
});
