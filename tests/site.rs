//! `redress site`: the published site is complete (every link resolves), accessible in the
//! ways a test can see (one h1, headings in order, captions, scoped headers, language,
//! viewport), self-contained (no script, no external resource) and escapes every string that
//! comes from a policy. And its folder is safe: a manifest of what was written, old pages
//! removed, never written through a link or into a folder redress did not write.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use redress::compare::{compare, DEFAULT_RECEIVED};
use redress::site::output::{Refusal, MANIFEST};
use redress::site::BuildError;

mod common;
use common::{seed_files, TempDir};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn received() -> chrono::NaiveDateTime {
    redress::simulate::fixture::parse_datetime(DEFAULT_RECEIVED).unwrap()
}

/// The values of every `name="..."` attribute in a page.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    html.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &html[i + key.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// The comparison table's body.
fn comparison_tbody(index: &str) -> &str {
    let table = &index[index
        .find("<table id=\"comparison\"")
        .expect("comparison table")..];
    let start = table.find("<tbody>").expect("tbody") + "<tbody>".len();
    let end = table.find("</tbody>").expect("end of tbody");
    &table[start..end]
}

/// The levels of the headings, in document order.
fn heading_levels(html: &str) -> Vec<u8> {
    let bytes = html.as_bytes();
    html.match_indices("<h")
        .filter_map(|(i, _)| {
            let d = *bytes.get(i + 2)?;
            let after = *bytes.get(i + 3)?;
            ((b'1'..=b'6').contains(&d) && (after == b'>' || after == b' ')).then_some(d - b'0')
        })
        .collect()
}

fn pages(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_site_for_the_seed_policies_is_complete_and_self_contained() {
    let dir = TempDir::new("seeds");
    let files = seed_files();
    let written = redress::site::build(&files, &dir.0, received()).unwrap();
    // style.css, index.html, and a page per policy named after its file.
    assert_eq!(written.len(), files.len() + 2);
    for w in &written {
        assert!(w.is_file(), "{} was not written", w.display());
    }
    for name in [
        "style.css",
        "index.html",
        "kingston.html",
        "tameside.html",
        "brighton-and-hove.html",
    ] {
        assert!(dir.0.join(name).is_file(), "{name} missing");
    }

    // One comparison row per row of `compare`: 9 for the five seeds.
    let policies: Vec<_> = files
        .iter()
        .map(|f| {
            redress::compile(&redress::source::load(f).ok().unwrap())
                .ok()
                .unwrap()
        })
        .collect();
    let rows = compare(&policies, received()).rows.len();
    assert_eq!(rows, 9);
    let index = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
    let tbody = comparison_tbody(&index);
    assert_eq!(tbody.matches("<tr>").count(), rows);
    // Each row links to its council's page.
    let row_links: Vec<_> = attributes(tbody, "href");
    assert_eq!(row_links.len(), rows);
    assert!(row_links.contains(&"kingston.html"));
    // The same rows as cards for a phone, each headed and linked.
    assert_eq!(index.matches("<li class=\"card\">").count(), rows);
    assert!(index.contains(
        "<h3><a href=\"kingston.html\">Royal Borough of Kingston upon Thames</a>: track housing</h3>"
    ));

    let pages = pages(&dir.0);
    assert_eq!(pages.len(), files.len() + 1);
    well_formed(&dir.0, &pages);

    // A policy page has its sections in order.
    let kingston = std::fs::read_to_string(dir.0.join("kingston.html")).unwrap();
    let at = |s: &str| kingston.find(s).unwrap_or_else(|| panic!("no {s}"));
    let order = [
        "<h1>Royal Borough of Kingston upon Thames</h1>",
        "<h2 id=\"rules\">Rules</h2>",
        "<h2 id=\"diagnostics\">Diagnostics</h2>",
        "<h2 id=\"sample\">Sample complaint</h2>",
        "<h2 id=\"self-assessment\">Self-assessment</h2>",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    // Rules with citations, diagnostics with lines and codes, a timeline per track, and the
    // Code for each track.
    assert!(kingston.contains(
        "Clause 3.2: <q>Stage One complaints will be acknowledged within 5 working days</q>"
    ));
    assert!(kingston.contains("<code>redress::<wbr>check::<wbr>unstated_start</code>"));
    assert!(kingston.contains("Track <code>general</code> (Corporate complaints)"));
    assert!(kingston.contains("Track <code>housing</code> (Housing Landlord complaints)"));
    assert!(kingston.contains("Christmas Day"));
    assert!(kingston.contains("Housing Ombudsman Complaint Handling Code"));

    // The stylesheet asks for nothing from elsewhere.
    let css = std::fs::read_to_string(dir.0.join("style.css")).unwrap();
    assert!(!css.contains("url(") && !css.contains("@import"));
}

/// Every page is complete, accessible in the ways a test can see and self-contained: a
/// doctype, a language, a viewport, one h1, headings that never skip a level, a caption and a
/// labelled scroll container for every table, scoped header cells, unique ids, and links that
/// resolve to a written file or an id on the page.
fn well_formed(dir: &Path, pages: &[(PathBuf, String)]) {
    for (path, html) in pages {
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(html.starts_with("<!DOCTYPE html>"), "{name}: no doctype");
        assert!(html.contains("<html lang=\"en-GB\">"), "{name}: no lang");
        assert!(
            html.contains(
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            ),
            "{name}: no viewport meta"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{name}: not exactly one h1");
        assert!(!html.contains("<script"), "{name}: has a script");
        assert!(!html.contains(" style=\""), "{name}: has inline style");

        // Headings never skip a level on the way down.
        let levels = heading_levels(html);
        assert_eq!(levels.first(), Some(&1), "{name}: first heading is not h1");
        for pair in levels.windows(2) {
            assert!(
                pair[1] <= pair[0] + 1,
                "{name}: heading h{} follows h{}",
                pair[1],
                pair[0]
            );
        }

        // Ids are unique, so that every fragment link has one target.
        let ids = attributes(html, "id");
        let unique: std::collections::BTreeSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{name}: an id is used twice");

        // Tables: a caption each, every header cell scoped, each in a labelled scroll container.
        let tables = html.matches("<table").count();
        assert!(tables > 0, "{name}: no tables");
        assert_eq!(
            html.matches("<caption>").count(),
            tables,
            "{name}: captions"
        );
        assert_eq!(
            html.matches("<th").count() - html.matches("<thead").count(),
            html.matches("<th scope=\"").count(),
            "{name}: a header cell without scope"
        );
        assert_eq!(
            html.matches(
                "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-label=\""
            )
            .count(),
            tables,
            "{name}: a table outside a labelled scroll container"
        );

        // Every link resolves: to a written file, or to an id on the page.
        for href in attributes(html, "href") {
            assert!(
                !href.contains("://") && !href.starts_with("//"),
                "{name}: external link {href}"
            );
            match href.split_once('#') {
                Some(("", id)) => assert!(
                    html.contains(&format!(" id=\"{id}\"")),
                    "{name}: no id for #{id}"
                ),
                Some((file, _)) => assert!(dir.join(file).is_file(), "{name}: {href}"),
                None => assert!(dir.join(href).is_file(), "{name}: {href} not written"),
            }
        }
        let sources = attributes(html, "src");
        assert!(sources.is_empty(), "{name}: loads a resource: {sources:?}");
    }
}

#[test]
fn a_council_name_with_markup_is_shown_as_text() {
    let dir = TempDir::new("escape");
    let text = std::fs::read_to_string(root().join("policies/tameside.policy")).unwrap();
    let evil = text.replace(
        "Tameside Metropolitan Borough Council",
        "<script>alert(1)</script>",
    );
    assert_ne!(evil, text);
    let policy = dir.0.join("evil.policy");
    std::fs::write(&policy, evil).unwrap();
    std::fs::create_dir_all(dir.0.join("sources")).unwrap();
    std::fs::copy(
        root().join("policies/sources/tameside.txt"),
        dir.0.join("sources/tameside.txt"),
    )
    .unwrap();
    let out = dir.0.join("site");
    redress::site::build(&[policy], &out, received()).unwrap();
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for page in ["index.html", "evil.html"] {
        let html = std::fs::read_to_string(out.join(page)).unwrap();
        assert!(!html.contains("<script"), "{page}: the name became a tag");
        assert!(html.contains(escaped), "{page}: the name is not shown");
    }
    let page = std::fs::read_to_string(out.join("evil.html")).unwrap();
    assert!(page.contains(&format!("<h1>{escaped}</h1>")));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(&format!("<a href=\"evil.html\">{escaped}</a>")));
}

fn redress(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_redress"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

#[test]
fn the_site_command_prints_what_it_wrote_and_exits_by_the_usual_codes() {
    let dir = TempDir::new("cli");
    let out = dir.0.join("site");
    let out_arg = out.to_str().unwrap();
    let o = redress(&["site", "--out", out_arg]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let printed = String::from_utf8_lossy(&o.stdout);
    assert_eq!(printed.lines().count(), 7);
    assert!(printed.lines().all(|l| Path::new(l).is_file()), "{printed}");
    assert!(out.join("cambridge.html").is_file());

    // A policy that does not compile: its diagnostics, exit 1, nothing written.
    let bad = dir.0.join("bad.policy");
    std::fs::write(
        &bad,
        "policy \"Bad\" { stage one { respond within 5 working days of recieved } }",
    )
    .unwrap();
    let out2 = dir.0.join("site2");
    let o = redress(&[
        "site",
        bad.to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown_word"));
    assert!(!out2.exists());

    // Usage errors: a missing path, a bad date, no --out.
    let o = redress(&["site", "no/such/folder", "--out", out_arg]);
    assert_eq!(o.status.code(), Some(2));
    let o = redress(&["site", "--out", out_arg, "--received", "tomorrow"]);
    assert_eq!(o.status.code(), Some(2));
    let o = redress(&["site"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The policies of the test corpus, one per shape of route and construct.
fn corpus_files() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(root().join("fixtures/policies"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_site_for_the_corpus_is_complete() {
    // Every shape of route (one stage, three, an early-resolution step, no tracks), two dated
    // versions of one council and the other nations' Ombudsmen: the same guarantees as the seeds.
    let dir = TempDir::new("corpus");
    let mut files = seed_files();
    files.extend(corpus_files());
    let written = redress::site::build(&files, &dir.0, received()).unwrap();
    assert_eq!(written.len(), files.len() + 2);
    let pages = pages(&dir.0);
    well_formed(&dir.0, &pages);
    let index = std::fs::read_to_string(dir.0.join("index.html")).unwrap();
    let policies: Vec<_> = files
        .iter()
        .map(|f| {
            redress::compile(&redress::source::load(f).ok().unwrap())
                .ok()
                .unwrap()
        })
        .collect();
    let rows = compare(&policies, received()).rows.len();
    assert_eq!(comparison_tbody(&index).matches("<tr>").count(), rows);
    assert_eq!(attributes(comparison_tbody(&index), "href").len(), rows);
}

/// One policy with each construct of policy model 2 that the Rules section puts in words.
const CONSTRUCTS: &str = r#"policy "Constructs District Council" {
  source "sources/constructs.txt"
  source standards "sources/constructs-standards.txt"
  prefer main over standards
    cite "7.2" "this procedure applies"
  version "3.1"
  effective 2026-04-01
    cite "Front page" "from 1 April 2026"
  reviewed 2026-03
  track general "Corporate" ombudsman lgsco
  track asc "Adult social care" ombudsman lgsco
  track lettings "Lettings" ombudsman nipso
  class complex "Complex cases"
  route early, one, two for general
  route one for asc
  route one, two for lettings
  stage two "Stage 2" role stage-2 {
    respond within 20 working days of escalation
  }
  escalate one -> two {
    within 20 working days of one.response
    refuse if excluded, "a remedy has already been offered"
    automatic if overdue for lettings
    unencoded "A declined request is explained in writing"
  }
  stage one "Stage 1" role stage-1 {
    acknowledge within 5 working days of receipt
      cite standards "Complaints" "within 5 working days"
    respond within 10 working days of acknowledgement
    respond within 30 working days of receipt when complex
    milestone "contact to agree the complaint" within 3 working days of receipt
    extend up to 10 working days, tell reasons, tell ombudsman if "you are unhappy with the extension"
    may start here by agreement for general
  }
  escalate early -> one { within 10 working days of early.response, lapses }
  stage early "Early resolution" role early-resolution {
    respond within 2 working days of receipt
  }
  unencoded "Reasonable adjustments on request" for asc
    cite "8.1" "reasonable adjustments"
}"#;

#[test]
fn the_rules_section_says_each_construct_in_words() {
    let dir = TempDir::new("constructs");
    let policy = dir.0.join("constructs.policy");
    std::fs::write(&policy, CONSTRUCTS).unwrap();
    let out = dir.0.join("site");
    redress::site::build(std::slice::from_ref(&policy), &out, received()).unwrap();
    let pages = pages(&out);
    well_formed(&out, &pages);
    let page = std::fs::read_to_string(out.join("constructs.html")).unwrap();
    for phrase in [
        // The about line and the version.
        "; version 3.1; effective 2026-04-01; reviewed March 2026.",
        "This version takes effect on 1 April 2026",
        "Reviewed March 2026",
        // Documents and which one the policy follows.
        "Document <code>standards</code>: <code>sources/constructs-standards.txt</code>",
        "Where the documents disagree, the policy follows <code>main</code> over <code>standards</code>",
        "Complaints (standards): <q>within 5 working days</q>",
        // Each track's route, with roles, in route order whatever the order of the blocks.
        "Track <code>general</code>: Early resolution (early resolution, before the formal stages), then Stage 1 (formal stage 1), then Stage 2 (formal stage 2); then the Local Government and Social Care Ombudsman",
        "Track <code>asc</code>: Stage 1 (formal stage 1) only",
        "then the Northern Ireland Public Services Ombudsman",
        "<code>complex</code> (Complex cases)",
        // Stage rules.
        "Respond within 30 working days of receipt of the complaint <span class=\"scope\">(class <code>complex</code> only)</span>",
        "Milestone \"contact to agree the complaint\": within 3 working days of receipt of the complaint",
        "only if \"you are unhappy with the extension\", the complainant is told: ombudsman",
        "A complaint may start at this stage, skipping the earlier ones, by agreement with the complainant <span class=\"scope\">(track <code>general</code> only)</span>",
        "Role: formal stage 1; on the route of <code>general</code>, <code>asc</code>, <code>lettings</code>.",
        // Escalations.
        "if the complainant does not act within it, the complaint is treated as resolved",
        "moves to stage <code>two</code> by itself, with no request needed <span class=\"scope\">(track <code>lettings</code> only)</span>",
        "any ground on which a complaint would not be accepted, \"a remedy has already been offered\"",
        "Not encoded: \"A declined request is explained in writing\"",
        "Not encoded: \"Reasonable adjustments on request\" <span class=\"scope\">(track <code>asc</code> only)</span>",
        // The self-assessment of a one-stage track lists its unencoded rule; the Northern
        // Irish track is assessed against its own nation's model procedure, not an English Code.
        "Rules redress could not encode",
    ] {
        assert!(page.contains(&escape_quotes(phrase)), "missing: {phrase}");
    }
    assert!(page.contains("id=\"assessment-nipso-mchp-lettings\""));
    // Stages follow the routes: the early step first, although its block is written last.
    let at = |s: &str| page.find(s).unwrap_or_else(|| panic!("no {s}"));
    assert!(at("id=\"rules-stage-early\"") < at("id=\"rules-stage-one\""));
    assert!(at("id=\"rules-stage-one\"") < at("id=\"rules-stage-two\""));
}

/// The phrase as the page writes it: double quotes in text are escaped, markup is not.
fn escape_quotes(phrase: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in phrase.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(c);
            }
            '>' => {
                in_tag = false;
                out.push(c);
            }
            '"' if !in_tag => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

// The output folder ---------------------------------------------------------------------

/// `redress site` run in the repository (the seed policies by default), its output, and its
/// standard output and error as text.
fn site_cli(args: &[&str]) -> (Option<i32>, String, String) {
    let mut all = vec!["site"];
    all.extend_from_slice(args);
    let o = redress(&all);
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn manifest_files(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(MANIFEST)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["written_by"], "redress site");
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect()
}

fn seed(name: &str) -> PathBuf {
    root().join("policies").join(name)
}

#[test]
fn the_site_keeps_a_manifest_and_removes_its_own_stale_pages() {
    let dir = TempDir::new("stale");
    let out = dir.0.join("site");
    let both = [seed("kingston.policy"), seed("tameside.policy")];
    redress::site::build(&both, &out, received()).unwrap();
    assert_eq!(
        manifest_files(&out),
        ["index.html", "kingston.html", "style.css", "tameside.html"]
    );
    // A file of the user's own, which no manifest lists.
    std::fs::write(out.join("notes.txt"), "mine").unwrap();

    // Kingston dropped: its page goes, the user's file stays.
    let pages = redress::site::render(&[seed("tameside.policy")], received()).unwrap();
    let done = redress::site::write(&out, &pages, false).unwrap();
    assert_eq!(done.removed, [out.join("kingston.html")]);
    assert!(!out.join("kingston.html").exists());
    assert!(out.join("tameside.html").is_file());
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(
        manifest_files(&out),
        ["index.html", "style.css", "tameside.html"]
    );
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");

    // The command says what it removed, on standard error; standard output lists what it wrote.
    let out_arg = out.to_str().unwrap();
    let (code, stdout, stderr) = site_cli(&["policies/kingston.policy", "--out", out_arg]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(
        stderr.contains(&format!(
            "removed `{}`: an earlier run wrote it and this one did not",
            out.join("tameside.html").display()
        )),
        "{stderr}"
    );
    let (code, stdout, _) = site_cli(&[
        "policies/tameside.policy",
        "--out",
        out_arg,
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        v["removed"][0].as_str().unwrap(),
        out.join("kingston.html").to_str().unwrap()
    );
}

#[test]
fn a_symlinked_page_is_refused_and_its_target_untouched() {
    let dir = TempDir::new("symlink");
    let out = dir.0.join("site");
    let files = [seed("tameside.policy")];
    redress::site::build(&files, &out, received()).unwrap();
    // Someone has put a link where the index goes, to a file outside the folder.
    let victim = dir.file("victim.txt", "precious");
    std::fs::remove_file(out.join("index.html")).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("index.html")).unwrap();

    let before = std::fs::read_to_string(out.join("tameside.html")).unwrap();
    let err = redress::site::build(&files, &out, received()).unwrap_err();
    assert!(
        matches!(&err, BuildError::Output(Refusal::Symlink { path, .. }) if path == &out.join("index.html")),
        "{err:?}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    // Nothing was written: the refusal comes before any file.
    assert_eq!(
        std::fs::read_to_string(out.join("tameside.html")).unwrap(),
        before
    );

    // The command: a coded error pointed at `--out`, exit 2, even with --force.
    let out_arg = out.to_str().unwrap();
    let (code, stdout, stderr) = site_cli(&["policies/tameside.policy", "--out", out_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("redress::site::symlink"), "{stderr}");
    assert!(stderr.contains("is a symbolic link to"), "{stderr}");
    let pages = redress::site::render(&files, received()).unwrap();
    assert!(matches!(
        redress::site::write(&out, &pages, true),
        Err(Refusal::Symlink { .. })
    ));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");

    // A link in place of the manifest is refused too: the next run would write through it.
    std::fs::remove_file(out.join("index.html")).unwrap();
    std::fs::remove_file(out.join(MANIFEST)).unwrap();
    std::os::unix::fs::symlink(&victim, out.join(MANIFEST)).unwrap();
    assert!(matches!(
        redress::site::write(&out, &pages, true),
        Err(Refusal::Symlink { .. })
    ));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
}

#[test]
fn a_folder_redress_did_not_write_is_refused_unless_forced() {
    let dir = TempDir::new("foreign");
    let out = dir.0.join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("index.html"), "the council's own home page").unwrap();
    std::fs::write(out.join("logo.svg"), "<svg/>").unwrap();

    let out_arg = out.to_str().unwrap();
    let (code, stdout, stderr) = site_cli(&["--out", out_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.contains("redress::site::not_ours"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    // JSON: the diagnostic as `check` reports it, on standard output, pointed at `--out`.
    let (code, stdout, _) = site_cli(&["--out", out_arg, "--format", "json"]);
    assert_eq!(code, Some(2));
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "redress::site::not_ours");
    assert_eq!(d["file"], "command line");
    assert_eq!(
        d["message"].as_str().unwrap(),
        format!(
            "`{out_arg}` holds files that `redress site` did not write (`index.html`, for one)"
        )
    );
    assert_eq!(d["span"]["offset"], "redress site --out ".len());
    assert_eq!(d["span"]["length"], out_arg.len());
    assert_eq!(v["summary"]["errors"], 1);
    // Nothing was written.
    assert_eq!(
        std::fs::read_to_string(out.join("index.html")).unwrap(),
        "the council's own home page"
    );
    assert!(!out.join(MANIFEST).exists() && !out.join("style.css").exists());

    // An empty folder is fine: there is nothing in it to harm.
    let empty = dir.0.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    redress::site::build(&[seed("tameside.policy")], &empty, received()).unwrap();

    // Forced: the pages are written, same-named files replaced, the others left, and the
    // manifest lists only what redress wrote.
    let pages = redress::site::render(&[seed("tameside.policy")], received()).unwrap();
    let done = redress::site::write(&out, &pages, true).unwrap();
    assert_eq!(done.written.len(), 3);
    assert!(done.removed.is_empty());
    assert!(std::fs::read_to_string(out.join("index.html"))
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    assert_eq!(
        std::fs::read_to_string(out.join("logo.svg")).unwrap(),
        "<svg/>"
    );
    assert_eq!(
        manifest_files(&out),
        ["index.html", "style.css", "tameside.html"]
    );
    // From then on the folder is redress's: a plain run works.
    let (code, _, stderr) = site_cli(&["policies/tameside.policy", "--out", out_arg]);
    assert_eq!(code, Some(0), "{stderr}");
}

#[test]
fn a_manifest_naming_a_file_outside_the_folder_is_refused() {
    let dir = TempDir::new("manifest");
    let out = dir.0.join("site");
    std::fs::create_dir_all(&out).unwrap();
    let outside = dir.file("outside.txt", "keep me");
    std::fs::write(
        out.join(MANIFEST),
        r#"{"written_by": "redress site", "files": ["../outside.txt"]}"#,
    )
    .unwrap();
    let out_arg = out.to_str().unwrap();
    let (code, _, stderr) = site_cli(&["policies/tameside.policy", "--out", out_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("redress::site::bad_manifest"), "{stderr}");
    assert!(stderr.contains("it lists `../outside.txt`, which is not inside the folder"));
    assert!(!out.join("index.html").exists());
    // Forced, the manifest is not acted on: the file outside stays, and the run says so.
    let pages = redress::site::render(&[seed("tameside.policy")], received()).unwrap();
    let done = redress::site::write(&out, &pages, true).unwrap();
    assert!(done.manifest_ignored.is_some());
    assert!(done.removed.is_empty());
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    assert_eq!(
        manifest_files(&out),
        ["index.html", "style.css", "tameside.html"]
    );
    // Not JSON at all, or another program's file of that name: refused the same way.
    for text in ["not json", r#"{"written_by": "other", "files": []}"#] {
        std::fs::write(out.join(MANIFEST), text).unwrap();
        assert!(matches!(
            redress::site::write(&out, &pages, false),
            Err(Refusal::BadManifest { .. })
        ));
    }
}

#[test]
fn an_out_path_that_is_a_file_is_refused() {
    let dir = TempDir::new("not-a-folder");
    let file = dir.file("site", "a file");
    let (code, _, stderr) = site_cli(&["--out", file.to_str().unwrap()]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("redress::site::not_a_folder"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "a file");
}

/// Every `redress::site::` code is triggered above (the registry test exempts them from
/// needing a policy fixture because of this).
#[test]
fn every_site_code_is_tested_here() {
    let source = include_str!("site.rs");
    for c in redress::site::output::CODES {
        let quoted = format!("\"{}\"", c.name);
        assert!(
            source.contains(&format!("contains({quoted})"))
                || source.contains(&format!("], {quoted})")),
            "{} is not triggered here",
            c.name
        );
    }
}

/// `--force` on the command line: a foreign folder is written into, its other files kept.
#[test]
fn force_on_the_command_line_writes_into_a_foreign_folder() {
    let dir = TempDir::new("foreign-forced");
    let out = dir.0.join("public");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("logo.svg"), "<svg/>").unwrap();
    let out_arg = out.to_str().unwrap();
    let (code, _, stderr) = site_cli(&["policies/tameside.policy", "--out", out_arg]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, _, stderr) = site_cli(&["policies/tameside.policy", "--out", out_arg, "--force"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.join("index.html").exists());
    assert!(out.join(MANIFEST).exists());
    assert_eq!(
        std::fs::read_to_string(out.join("logo.svg")).unwrap(),
        "<svg/>"
    );
}
