//! What a reader sees in the charts and the stress page (issue 24): option
//! names under the options-compared bars never run together, a chart's
//! subtitle stays inside the chart, the tornado's ticks never repeat, and
//! the stress page's cost sentence names options by their labels and money
//! by what the action does with it (README, "What the money figure means").
//! Labels' boxes are estimated from their font size (tests/support/svg_text.rs).

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

#[path = "support/svg_text.rs"]
mod svg_text;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

fn ibcf(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .args(args)
        .args(["--quiet", "--out"])
        .arg(dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ibcf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn option_names_under_the_bars_never_run_together() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("run");
    // Five options with long ids ("october-whole-system", "withhold-redistribute").
    ibcf(&dir, &["run", "scenarios/november-2017", "--trials", "200"]);
    let svg = fs::read_to_string(dir.join("plots/options_compared.svg")).unwrap();
    let bad = svg_text::collisions(&svg);
    assert!(bad.is_empty(), "options_compared: {bad:#?}");
    // Every id is still there, whole or wrapped after a hyphen.
    let (_, labels) = svg_text::labels(&svg);
    let text: String = labels.iter().map(|l| l.text.as_str()).collect();
    for id in [
        "october-letter",
        "october-whole-system",
        "withhold-redistribute",
    ] {
        assert!(text.contains(id), "{id} missing");
    }
}

#[test]
fn the_sweep_heat_map_subtitle_fits_the_chart() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sweep");
    ibcf(
        &dir,
        &[
            "sweep",
            "scenarios/november-2017",
            "--vary",
            "option.december-33.share=0.1,0.33",
            "--vary",
            "trajectory.pull=0,0.3",
            "--trials",
            "50",
        ],
    );
    let svg = fs::read_to_string(dir.join("plots/sweep.svg")).unwrap();
    let bad = svg_text::collisions(&svg);
    assert!(bad.is_empty(), "sweep: {bad:#?}");
    let (_, labels) = svg_text::labels(&svg);
    let subtitle: String = labels
        .iter()
        .filter(|l| l.x == 16.0 && l.y > 30.0 && l.y < 100.0)
        .map(|l| l.text.clone())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(subtitle.ends_with("same seed"), "{subtitle}");
}

#[test]
fn tornado_ticks_never_repeat_on_one_axis() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("sens");
    // A tiny range: every bar is short, so the ticks are close together.
    ibcf(
        &dir,
        &[
            "sensitivity",
            "scenarios/tutorial",
            "--range",
            "trajectory.pull=0.1:0.102",
            "--samples",
            "4",
            "--bootstrap",
            "20",
            "--trials",
            "100",
        ],
    );
    let svg = fs::read_to_string(dir.join("plots/tornado.svg")).unwrap();
    let (width, labels) = svg_text::labels(&svg);
    // x-axis ticks: centred labels on one line of one panel column.
    let mut axes: BTreeMap<(i64, bool), Vec<String>> = BTreeMap::new();
    for l in labels.iter().filter(|l| l.anchor == "middle" && !l.rotated) {
        if l.text.contains('—') {
            continue; // a panel's caption
        }
        axes.entry((l.y.round() as i64, l.x < width / 2.0))
            .or_default()
            .push(l.text.clone());
    }
    assert!(axes.len() >= 2, "no tick rows found: {axes:?}");
    for (at, ticks) in &axes {
        let mut unique = ticks.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(
            unique.len(),
            ticks.len(),
            "repeated ticks at {at:?}: {ticks:?}"
        );
    }
}

#[test]
fn stress_cost_sentence_names_option_labels_and_the_money_by_action() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("st");
    ibcf(
        &dir,
        &[
            "stress",
            "scenarios/tutorial",
            "--council",
            "E99000002",
            "--set",
            "consequences.avoidable=0.25",
            "--trials",
            "200",
        ],
    );
    let html = fs::read_to_string(dir.join("stress.html")).unwrap();
    let start = html.find("Hitting the target:").expect("cost sentence");
    let sentence = &html[start..start + html[start..].find("</p>").unwrap()];
    let scenario = fs::read_to_string("scenarios/tutorial/scenario.toml").unwrap();
    let toml: toml::Value = toml::from_str(&scenario).unwrap();
    let options = toml["option"].as_array().unwrap();
    assert!(options.len() >= 2);
    for o in options {
        let id = o["id"].as_str().unwrap();
        assert!(
            !sentence.contains(&format!("under {id}")),
            "{id}: an id in {sentence}"
        );
        let label = o["label"].as_str().unwrap();
        let short = label.split([':', ',']).next().unwrap().trim();
        assert!(sentence.contains(short), "{short:?} not in {sentence}");
    }
    assert!(!sentence.contains("at risk"), "{sentence}");
    assert!(sentence.contains("(money under conditions)") || sentence.contains("(money withheld)"));
}
