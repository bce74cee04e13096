//! The published site in a real browser: headless Chromium loads the index, the comparison
//! table it renders has a row per compared policy and track, each row's link leads to a page
//! that exists, and screenshots at desktop and phone width land in `target/artifacts/` for a
//! person to look at.
//!
//! Without Chromium on PATH the test is skipped, except in CI (`CI` set), where it fails: CI
//! must run it (`.ci/run` installs Chromium).
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use redress::compare::{compare, DEFAULT_RECEIVED};

mod common;
use common::TempDir;

/// No Chromium run may take longer than this; the test kills it and fails.
const TIMEOUT: Duration = Duration::from_secs(60);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `chromium`, then `chromium-browser`, on PATH.
fn find_chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Run Chromium headless on `url` with `extra` flags and a fresh profile; its standard output
/// and how long it took. Killed, and the test failed, after `TIMEOUT`. Standard output goes to
/// a file, not a pipe, so a helper process that outlives Chromium cannot hold the test up.
fn chromium(bin: &Path, extra: &[String], url: &str) -> (String, Duration) {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = TempDir::new(&format!("run-{}", RUNS.fetch_add(1, Ordering::Relaxed)));
    let profile = run.0.join("profile");
    let out_path = run.0.join("stdout.txt");
    let out = std::fs::File::create(&out_path).unwrap();
    let started = Instant::now();
    let mut child = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
    loop {
        match child.try_wait().unwrap() {
            Some(status) => {
                assert!(status.success(), "chromium {extra:?} failed: {status}");
                break;
            }
            None if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium {extra:?} did not finish within {TIMEOUT:?}; killed");
            }
            None => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    let took = started.elapsed();
    (std::fs::read_to_string(&out_path).unwrap(), took)
}

/// The rows of the comparison table's body, as the browser serialised them.
fn comparison_rows(dom: &str) -> Vec<&str> {
    let table = &dom[dom
        .find("<table id=\"comparison\"")
        .expect("no comparison table in the DOM")..];
    let start = table.find("<tbody>").expect("no tbody") + "<tbody>".len();
    let end = table.find("</tbody>").expect("no end of tbody");
    table[start..end]
        .split("<tr")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap_or(""))
        .collect()
}

fn href(row: &str) -> Option<&str> {
    let i = row.find("href=\"")? + "href=\"".len();
    row[i..].split('"').next()
}

fn screenshot(bin: &Path, url: &str, file: &Path, size: &str) -> Duration {
    let _ = std::fs::remove_file(file);
    let (_, took) = chromium(
        bin,
        &[
            format!("--screenshot={}", file.display()),
            format!("--window-size={size}"),
        ],
        url,
    );
    let bytes =
        std::fs::read(file).unwrap_or_else(|e| panic!("no screenshot at {}: {e}", file.display()));
    assert!(bytes.len() > 1000, "{} is nearly empty", file.display());
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "{} is not a PNG",
        file.display()
    );
    took
}

#[test]
fn the_site_renders_in_chromium() {
    let Some(bin) = find_chromium() else {
        if std::env::var_os("CI").is_some() {
            panic!(
                "chromium is not on PATH (looked for `chromium` and `chromium-browser`), and CI \
                 is set: CI must run the browser test; install it with `apt-get install chromium`"
            );
        }
        println!("skipping browser test: chromium not installed (apt-get install chromium)");
        return;
    };

    let site = TempDir::new("site");
    let mut files: Vec<_> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "policy"))
        .collect();
    files.sort();
    let received = redress::simulate::fixture::parse_datetime(DEFAULT_RECEIVED).unwrap();
    redress::site::build(&files, &site.0, received).unwrap();
    let policies: Vec<_> = files
        .iter()
        .map(|f| {
            redress::compile(&redress::source::load(f).ok().unwrap())
                .ok()
                .unwrap()
        })
        .collect();
    let expected = compare(&policies, received).rows.len();

    let index = site.0.join("index.html");
    let url = format!("file://{}", index.display()).replace(' ', "%20");

    // The DOM as the browser built it: a row per compared policy and track, each linking to a
    // page that was written.
    let (dom, dom_took) = chromium(&bin, &["--dump-dom".to_string()], &url);
    assert!(
        dom.contains("<h1>Council complaint policies compared</h1>"),
        "the DOM is not the index: {}",
        dom.chars().take(500).collect::<String>()
    );
    let rows = comparison_rows(&dom);
    assert_eq!(rows.len(), expected, "comparison rows in the DOM");
    for row in &rows {
        let target = href(row).unwrap_or_else(|| panic!("a row without a link: {row}"));
        assert!(
            site.0.join(target).is_file(),
            "a row links to {target}, which was not written"
        );
    }

    // Screenshots for a person to look at: desktop and phone width.
    let artifacts = root().join("target/artifacts");
    std::fs::create_dir_all(&artifacts).unwrap();
    let desktop = screenshot(&bin, &url, &artifacts.join("site-index.png"), "1280,1600");
    let phone = screenshot(
        &bin,
        &url,
        &artifacts.join("site-index-phone.png"),
        "390,844",
    );
    println!(
        "chromium: dump-dom {dom_took:.2?}, desktop screenshot {desktop:.2?}, phone screenshot \
         {phone:.2?}; screenshots in {}",
        artifacts.display()
    );
}
