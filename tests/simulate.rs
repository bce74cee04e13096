//! Every case fixture in `fixtures/cases/` runs through its policy, and every expectation in
//! it (worked out by hand from the source document and a calendar) must hold.

mod common;

use std::path::Path;

use redress::simulate::{fixture, simulate};

fn run(path: &Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let rel = common::relative(path);
    let file = redress::source::SourceFile::new(&rel, text.as_str());
    let render =
        |d: &redress::diagnostic::Diagnostic| redress::render::human::render(&file, d, false);
    let fx = fixture::parse(&rel, &text).map_err(|d| render(&d))?;
    let policy_file = redress::source::load(&fx.policy_path)
        .map_err(|_| format!("cannot load {}", fx.policy_path.display()))?;
    let policy = redress::compile(&policy_file)
        .map_err(|_| format!("{} does not compile", fx.policy_path.display()))?;
    let timeline = simulate(&policy, &fx.case).map_err(|e| e.to_string())?;
    let mismatches = fixture::compare(&fx, &timeline);
    if mismatches.is_empty() {
        Ok(())
    } else {
        Err(mismatches.iter().map(render).collect::<Vec<_>>().join("\n"))
    }
}

#[test]
fn case_fixtures_hold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/cases");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    let mut failures = Vec::new();
    for p in &paths {
        if let Err(e) = run(p) {
            failures.push(format!("{}:\n{e}", common::relative(p).display()));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} fixtures fail:\n\n{}",
        failures.len(),
        paths.len(),
        failures.join("\n\n")
    );
}
