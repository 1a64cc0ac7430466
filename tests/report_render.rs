//! `ibcf report` on the hand-made fixture run folder: every chart is written
//! in both formats, the page is self-contained, every run-folder string is
//! escaped, and broken folders fail with exit 2 naming the file.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use ibcf::report::render::render;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-output")
}

/// A fresh copy of the fixture folder, optionally edited.
fn copy_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    dir
}

fn edit(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} does not contain {from:?}");
    fs::write(&path, text.replace(from, to)).unwrap();
}

fn option_ids(dir: &Path) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("summary.json")).unwrap()).unwrap();
    v["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_plot_is_written_as_svg_and_png() {
    let dir = copy_fixture();
    render(dir.path()).unwrap();
    let mut stems = vec![
        "options_compared".to_string(),
        "funding_at_risk".to_string(),
        "councils_reviewed".to_string(),
        "fan_charts".to_string(),
    ];
    stems.extend(
        option_ids(dir.path())
            .iter()
            .map(|id| format!("review_probability_{id}")),
    );
    assert_eq!(stems.len(), 7, "fixture has three options");
    for stem in stems {
        let svg = fs::read_to_string(dir.path().join(format!("plots/{stem}.svg"))).unwrap();
        assert!(
            svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
            "{stem}.svg"
        );
        assert!(svg.contains("<text"), "{stem}.svg has no text");
        let png = fs::read(dir.path().join(format!("plots/{stem}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{stem}.png is not a PNG");
        assert!(
            png.len() > 10_000,
            "{stem}.png is suspiciously small: {} bytes",
            png.len()
        );
    }
}

#[test]
fn charts_name_the_councils_and_units() {
    let dir = copy_fixture();
    render(dir.path()).unwrap();
    let svg = fs::read_to_string(
        dir.path()
            .join("plots/review_probability_conditions-33.svg"),
    )
    .unwrap();
    // The most likely council under this option in the fixture's councils.csv.
    assert!(svg.contains("Hampshire"));
    let fans = fs::read_to_string(dir.path().join("plots/fan_charts.svg")).unwrap();
    assert!(fans.contains("100,000 aged 18+"));
    let money = fs::read_to_string(dir.path().join("plots/funding_at_risk.svg")).unwrap();
    assert!(money.contains("£m"));
}

#[test]
fn page_is_self_contained() {
    let dir = copy_fixture();
    render(dir.path()).unwrap();
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    for bad in ["http://", "https://", " src=", "<link", "@import", "url("] {
        assert!(!html.contains(bad), "report.html contains {bad:?}");
    }
    let svgs = html.matches("<svg ").count();
    assert_eq!(svgs, 9, "one inline SVG per chart, plus the two maps");
    assert!(html.contains("<style>") && html.contains("<script>"));
    // The manifest's hash is shown.
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    let sha = v["manifest"]["scenario_sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert!(html.contains(sha));
}

#[test]
fn run_folder_strings_are_escaped() {
    let dir = copy_fixture();
    let evil = "<script>alert(1)</script> & Sons";
    edit(dir.path(), "councils.csv", "Hampshire", evil);
    edit(
        dir.path(),
        "summary.json",
        "(test fixture)",
        "<img onerror=x>",
    );
    edit(
        dir.path(),
        "scenario.toml",
        "# --set",
        "# </pre><script>x()</script> --set",
    );
    edit(
        dir.path(),
        "explain.txt",
        "Criteria:",
        "Criteria <b>bold</b>:",
    );
    render(dir.path()).unwrap();
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(!html.contains("<script>alert"), "council name not escaped");
    assert!(!html.contains("<img"), "title not escaped");
    assert!(!html.contains("<script>x()"), "scenario text not escaped");
    assert!(!html.contains("<b>bold"), "explain text not escaped");
    assert!(html.contains("&lt;img onerror=x&gt;"));
    assert!(html.contains("&lt;/pre&gt;&lt;script&gt;x()"));
    // In the script's JSON data the name is kept, with `<` written as \u003c.
    assert!(html.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 Sons"));
    // Only our two script elements exist.
    assert_eq!(html.matches("<script").count(), 2);
}

#[test]
fn missing_file_is_an_input_error_naming_it() {
    let dir = copy_fixture();
    fs::remove_file(dir.path().join("paths.csv")).unwrap();
    let err = render(dir.path()).unwrap_err();
    assert!(err.is_input(), "{err}");
    assert!(err.to_string().contains("paths.csv"), "{err}");
}

#[test]
fn bad_number_names_file_line_and_column() {
    let dir = copy_fixture();
    edit(dir.path(), "councils.csv", ",0.5875,", ",zero,");
    let err = render(dir.path()).unwrap_err();
    assert!(err.is_input(), "{err}");
    let message = err.to_string();
    assert!(message.contains("councils.csv:2:"), "{message}");
    assert!(
        message.contains("`p_review`") && message.contains("zero"),
        "{message}"
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let dir = copy_fixture();
    edit(
        dir.path(),
        "summary.json",
        "\"seed\": 7,",
        "\"seed\": \"seven\",",
    );
    let err = render(dir.path()).unwrap_err();
    assert!(err.is_input(), "{err}");
    let message = err.to_string();
    assert!(message.contains("summary.json:"), "{message}");
    assert!(
        message.contains("seed") || message.contains("invalid type"),
        "{message}"
    );
}

#[test]
fn cli_report_rerenders_and_fails_cleanly() {
    let dir = copy_fixture();
    cargo_bin_cmd!("ibcf")
        .arg("report")
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("report.html").is_file());
    let missing = dir.path().join("no-such-run");
    cargo_bin_cmd!("ibcf")
        .arg("report")
        .arg(&missing)
        .assert()
        .code(2);
}

fn rewrite_json(dir: &Path, f: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join("summary.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    f(&mut v);
    fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// Rewrites councils.csv, keeping rows for which `keep` holds and passing
/// each kept row through `change` (header → index map given).
fn rewrite_councils(
    dir: &Path,
    keep: impl Fn(&csv::StringRecord) -> bool,
    change: impl Fn(&mut Vec<String>, &csv::StringRecord),
) {
    let path = dir.join("councils.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap())
        .filter(|r| keep(r))
        .map(|r| {
            let mut v: Vec<String> = r.iter().map(str::to_string).collect();
            change(&mut v, &headers);
            v
        })
        .collect();
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&headers).unwrap();
    for r in rows {
        w.write_record(&r).unwrap();
    }
    w.flush().unwrap();
}

#[test]
fn single_option_run_without_comparison_renders() {
    let dir = copy_fixture();
    let first = option_ids(dir.path())[0].clone();
    rewrite_json(dir.path(), |v| {
        v["options"].as_array_mut().unwrap().truncate(1);
        v["convergence"]
            .as_array_mut()
            .unwrap()
            .retain(|c| c["option"] == first.as_str());
    });
    rewrite_councils(dir.path(), |r| &r[0] == first.as_str(), |_, _| {});
    fs::remove_file(dir.path().join("comparison.csv")).unwrap();
    render(dir.path()).unwrap();
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert_eq!(html.matches("<svg ").count(), 7, "five charts and two maps");
    assert!(!html.contains("Differences between options (paired"));
}

#[test]
fn options_sharing_a_rule_share_one_probability_chart_and_map() {
    let dir = copy_fixture();
    let ids = option_ids(dir.path());
    // Make the last option a second copy of the first: same rule, same futures.
    let twin = ids[2].clone();
    rewrite_json(dir.path(), |v| {
        let first = v["options"][0].clone();
        let o = &mut v["options"][2];
        o["rule"] = first["rule"].clone();
        o["reviewed_count"] = first["reviewed_count"].clone();
    });
    let path = dir.path().join("councils.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&headers).unwrap();
    for r in rows.iter().filter(|r| &r[0] != twin.as_str()) {
        w.write_record(r).unwrap();
    }
    for r in rows.iter().filter(|r| r[0] == ids[0]) {
        let mut v: Vec<&str> = r.iter().collect();
        v[0] = &twin;
        w.write_record(&v).unwrap();
    }
    w.flush().unwrap();
    render(dir.path()).unwrap();
    let plots = dir.path().join("plots");
    let first = &ids[0];
    assert!(
        plots
            .join(format!("review_probability_{first}.svg"))
            .is_file()
    );
    assert!(plots.join(format!("map_review_{first}.png")).is_file());
    assert!(
        !plots
            .join(format!("review_probability_{twin}.svg"))
            .exists()
    );
    assert!(!plots.join(format!("map_review_{twin}.png")).exists());
    assert!(plots.join(format!("map_money_{twin}.png")).is_file());
    let html = fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(
        html.contains(&format!(
            "<code>{first}</code>, <code>{twin}</code> share one rule"
        )),
        "the page does not say which options share the chart"
    );
}

#[test]
fn run_where_nobody_is_ever_reviewed_renders() {
    let dir = copy_fixture();
    rewrite_json(dir.path(), |v| {
        for o in v["options"].as_array_mut().unwrap() {
            let trials = 2000;
            let n = o["reviewed_histogram"].as_array().unwrap().len();
            let mut h = vec![serde_json::json!(0); n];
            h[0] = serde_json::json!(trials);
            o["reviewed_histogram"] = serde_json::Value::Array(h);
            o["funding_histogram"] = serde_json::json!({"edges": [0.0, 0.0], "counts": [trials]});
            for fig in ["reviewed_count", "funding_at_risk"] {
                for (_, x) in o[fig].as_object_mut().unwrap().iter_mut() {
                    *x = serde_json::json!(0.0);
                }
            }
        }
    });
    rewrite_councils(
        dir.path(),
        |_| true,
        |row, h| {
            for (i, name) in h.iter().enumerate() {
                if [
                    "p_review",
                    "p_review_se",
                    "expected_at_risk",
                    "expected_net_change",
                ]
                .contains(&name)
                {
                    row[i] = "0".to_string();
                }
                if name.starts_with("why_") {
                    row[i] = String::new();
                }
            }
        },
    );
    render(dir.path()).unwrap();
    let svg = fs::read_to_string(
        dir.path()
            .join("plots/review_probability_conditions-33.svg"),
    )
    .unwrap();
    assert!(svg.contains("No council was reviewed"));
    assert!(dir.path().join("plots/funding_at_risk.png").is_file());
}
