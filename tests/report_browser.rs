//! report.html in a real browser: Debian's chromium, headless, renders the
//! fixture run's page to a non-blank PNG, and the page's script runs without
//! errors and fills the council table. Skips, loudly, only where chromium is
//! not installed (CI installs it: see .ci/run).

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

#[path = "support/skip.rs"]
mod skip;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use ibcf::report::render::render;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-output")
}

/// The chromium binary on PATH, if any.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        let out = Command::new("which").arg(name).output().ok()?;
        let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
        (out.status.success() && !path.is_empty()).then(|| PathBuf::from(path))
    })
}

/// Runs headless chromium on `page` with `extra` flags; kills it after 90 s.
/// Output goes to files, not pipes: the dumped DOM is larger than a pipe
/// buffer and would block chromium while we poll.
fn headless(chrome: &Path, page: &Path, extra: &[String]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let logs = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (logs.path().join("stdout"), logs.path().join("stderr"));
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
            "--hide-scrollbars",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::from(fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(90) {
            child.kill().unwrap();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    Output {
        status,
        stdout: fs::read(&out_path).unwrap(),
        stderr: fs::read(&err_path).unwrap(),
    }
}

/// Distinct council codes in the fixture's councils.csv (read independently of the loader).
fn council_count() -> usize {
    let mut reader = csv::Reader::from_path(fixture().join("councils.csv")).unwrap();
    let codes: BTreeSet<String> = reader
        .records()
        .map(|r| r.unwrap().get(1).unwrap().to_string())
        .collect();
    codes.len()
}

fn rendered_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    render(dir.path()).unwrap();
    dir
}

#[test]
fn report_loads_in_chromium_with_its_table_filled() {
    let Some(chrome) = chromium() else {
        skip::skip("report_loads_in_chromium: `chromium` is not installed (CI installs it)");
        return;
    };
    let dir = rendered_fixture();
    let page = dir.path().join("report.html");
    let out = headless(&chrome, &page, &["--dump-dom".to_string()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("data-ready=\"1\""), "script did not finish");
    assert!(
        !dom.contains("data-script-error=\""),
        "script error in page"
    );
    let rows = dom.matches("<tr class=\"c-row\"").count();
    assert_eq!(rows, council_count(), "council table rows");
    assert!(dom.contains(&format!("Showing {0} of {0} councils", council_count())));
    // The why_ tooltips are filled from councils.csv.
    assert!(dom.contains("title=\"When reviewed under this option — missed_september: "));
}

#[test]
fn report_screenshot_is_not_blank() {
    let Some(chrome) = chromium() else {
        skip::skip("report_screenshot_is_not_blank: `chromium` is not installed (CI installs it)");
        return;
    };
    let dir = rendered_fixture();
    let shot = dir.path().join("shot.png");
    let flags = [
        format!("--screenshot={}", shot.display()),
        "--window-size=1280,2000".to_string(),
    ];
    let out = headless(&chrome, &dir.path().join("report.html"), &flags);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    // A blank 1280x2000 white page compresses to under 10 kB; the rendered
    // report (text, cards, tables) is well over 100 kB.
    assert!(
        png.len() > 60_000,
        "screenshot looks blank: {} bytes",
        png.len()
    );
}
