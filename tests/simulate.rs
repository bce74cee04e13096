//! Every case fixture in `fixtures/cases/` runs through its policy, and every expectation in
//! it (worked out by hand from the source document and a calendar) must hold.

mod common;

use std::path::Path;

use redress::simulate::fixture;

#[test]
fn case_fixtures_hold() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<_> = std::fs::read_dir(root.join("fixtures/cases"))
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "toml"));
    paths.sort();
    assert!(
        paths.len() >= 40,
        "expected at least 40 case fixtures, found {}",
        paths.len()
    );
    let mut failures = Vec::new();
    for p in &paths {
        let run = fixture::run(&common::relative(p)).unwrap_or_else(|e| panic!("{e}"));
        if !run.diagnostics.is_empty() {
            let text: Vec<String> = run
                .diagnostics
                .iter()
                .map(|d| redress::render::human::render(&run.file, d, false))
                .collect();
            failures.push(format!(
                "{}:\n{}",
                common::relative(p).display(),
                text.join("\n")
            ));
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

/// What a failing fixture looks like to its author: a wrong deadline, a step the fixture forgot,
/// and a fixture that names a track the policy does not have.
#[test]
fn mismatches_point_into_the_fixture() {
    let dir = std::env::temp_dir().join(format!("redress-sim-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("policies/canterbury.policy");
    let fixture = format!(
        "policy = {:?}\ntrack = \"general\"\nreceived = \"2026-11-23T10:00\"\n\n[expect]\nacceptance = \"accepted\"\n\n\
         [[expect.steps]]\nstage = \"one\"\nstep = \"acknowledge\"\ndue = \"2026-11-27\"\nstatus = \"pending\"\n",
        policy.display().to_string()
    );
    let path = dir.join("wrong.toml");
    std::fs::write(&path, &fixture).unwrap();
    let rendered = |path: &Path| -> String {
        let run = fixture::run(path).unwrap();
        let text: Vec<String> = run
            .diagnostics
            .iter()
            .map(|d| {
                redress::render::human::render(&run.file, d, false)
                    .replace(&policy.display().to_string(), "POLICY")
                    .replace(&dir.display().to_string(), "DIR")
            })
            .collect();
        text.join("\n")
    };
    insta::assert_snapshot!("mismatch", rendered(&path));

    let bad_track = fixture.replace("track = \"general\"", "track = \"housin\"");
    std::fs::write(&path, bad_track).unwrap();
    insta::assert_snapshot!("invalid_fixture", rendered(&path));
    let _ = std::fs::remove_dir_all(&dir);
}
