//! `docs/checks.md` is generated from the registry of codes; this test fails when it is stale.

use std::path::Path;

use redress::registry;

#[test]
fn checks_page_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks.md");
    let expected = registry::markdown();
    let actual = std::fs::read_to_string(&path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if actual != expected {
        let first = actual
            .lines()
            .zip(expected.lines())
            .position(|(a, e)| a != e)
            .map(|i| i + 1)
            .unwrap_or_else(|| actual.lines().count().min(expected.lines().count()) + 1);
        let should = if actual.is_empty() {
            "exist"
        } else {
            "be regenerated"
        };
        assert!(
            actual == expected,
            "docs/checks.md should {should} (it first differs at line {first}); run\n\n    {}\n",
            registry::MARKDOWN_COMMAND
        );
    }
}

#[test]
fn checks_page_covers_every_code() {
    let page = registry::markdown();
    for c in registry::all() {
        assert!(
            page.contains(&format!("\n## {}\n", c.name)),
            "no section for {}",
            c.name
        );
    }
    // Headings inside a code's documentation nest under the code's own heading.
    assert!(!page.contains("\n## What it finds"), "an undemoted heading");
}
