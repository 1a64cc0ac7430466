//! The report's Fairness section in a real browser (headless chromium over
//! the DevTools protocol, offline), on a fresh run of the national scenario:
//! one table row and one chart point per option, each point placed where
//! summary.json's means put it (higher for more wrongly reviewed, further
//! right for more wrongly spared), the by-size table with the three
//! population thirds, and no console error. Skips (loudly) only outside CI
//! when chromium is missing.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

mod cdp;
#[path = "support/skip.rs"]
mod skip;

use assert_cmd::cargo::cargo_bin_cmd;
use cdp::{Browser, chromium};
use serde_json::Value;

#[test]
fn fairness_section_renders_a_row_and_a_point_per_option() {
    let Some(chrome) = chromium() else {
        skip::skip("`chromium` is not installed (CI installs it and fails without it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    cargo_bin_cmd!("ibcf")
        .args([
            "run",
            "scenarios/november-2017",
            "--trials",
            "300",
            "--quiet",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let summary: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let options = summary["options"].as_array().unwrap();
    let mut b = Browser::launch(&chrome);
    b.viewport(1280, 900, false);
    b.open(&format!("file://{}", out.join("report.html").display()));
    let heading = b.eval("document.querySelector('#fairness h2').textContent");
    assert_eq!(heading, Value::from("Fairness"));
    let rows = b.eval("document.querySelectorAll('#fairness-table tbody tr').length");
    assert_eq!(rows, Value::from(options.len()));
    // Each point: its option and its drawn centre.
    let points = b.eval(
        "Array.from(document.querySelectorAll('#fairness-chart .fair-point')).map(g => {\
           const c = g.querySelector('circle');\
           return [g.dataset.option, +c.getAttribute('cx'), +c.getAttribute('cy'),\
                   c.getBoundingClientRect().width];})",
    );
    let points = points.as_array().unwrap();
    assert_eq!(points.len(), options.len());
    let mean = |o: &Value, k: &str| o["fairness"][k]["mean"].as_f64().unwrap();
    for (p, o) in points.iter().zip(options) {
        assert_eq!(p[0], o["id"]);
        assert!(p[3].as_f64().unwrap() > 0.0, "point drawn: {p}");
    }
    // Placement agrees with the figures: order on each axis as in summary.json.
    for (pa, oa) in points.iter().zip(options) {
        for (pb, ob) in points.iter().zip(options) {
            let (xa, xb) = (pa[1].as_f64().unwrap(), pb[1].as_f64().unwrap());
            let (ya, yb) = (pa[2].as_f64().unwrap(), pb[2].as_f64().unwrap());
            if mean(oa, "wrongly_spared") < mean(ob, "wrongly_spared") {
                assert!(xa < xb, "x order: {pa} {pb}");
            }
            if mean(oa, "wrongly_reviewed") < mean(ob, "wrongly_reviewed") {
                assert!(ya > yb, "y order (SVG y grows down): {pa} {pb}");
            }
        }
    }
    let heads = b.eval("document.querySelectorAll('#fairness-size thead th').length");
    assert_eq!(
        heads,
        Value::from(5),
        "option + all councils + three thirds"
    );
    let visible = b.eval("document.getElementById('fairness').getBoundingClientRect().height");
    assert!(visible.as_f64().unwrap() > 200.0, "section has height");
    assert!(b.errors().is_empty(), "console errors: {:?}", b.errors());
}
