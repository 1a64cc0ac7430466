//! `ibcf design` end to end on the tutorial: every variant's figures in
//! design.csv are identical to a separate `ibcf run --set …` of that
//! variant with the same seed (national.csv for reviewed and funding; the
//! library's run for the fairness figures); a key that changes the
//! simulated paths is refused (exit 2, the key named); design.html, in a
//! real browser, has one point per variant × option and a click shows a
//! council list.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

mod cdp;
#[path = "support/skip.rs"]
mod skip;

use assert_cmd::cargo::cargo_bin_cmd;
use ibcf::format::{money, num};
use ibcf::scenario;
use std::collections::HashMap;
use std::path::Path;

const TUTORIAL: &str = "scenarios/tutorial";
const TRIALS: &str = "600";
const SEED: &str = "77";
const VARY: [&str; 2] = [
    "criteria.high_asc_rate.threshold=9,14",
    "option.conditions-33.rule=missed_september,missed_september and worse_than_feb",
];

fn design(out: &Path) {
    let mut cmd = cargo_bin_cmd!("ibcf");
    cmd.args(["design", TUTORIAL, "--trials", TRIALS, "--seed", SEED, "-q"]);
    for v in VARY {
        cmd.args(["--vary", v]);
    }
    let o = cmd.arg("--out").arg(out).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let head: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            head.iter()
                .cloned()
                .zip(rec.iter().map(str::to_string))
                .collect()
        })
        .collect()
}

#[test]
fn every_variant_equals_a_separate_run_with_the_same_seed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d");
    design(&out);
    let rows = read_csv(&out.join("design.csv"));
    assert_eq!(rows.len(), 5 * 3, "scenario + 4 variants, 3 options each");
    let mut settings: Vec<String> = rows.iter().map(|r| r["settings"].clone()).collect();
    settings.dedup();
    assert_eq!(settings.len(), 5);
    for s in &settings {
        let sets: Vec<String> = match s.as_str() {
            "(scenario)" => Vec::new(),
            // Each setting is `key=value`, keys starting at `criteria.` / `option.`.
            _ => split_sets(s),
        };
        let run_dir = dir.path().join(format!("run{}", sets.len() + s.len()));
        let mut cmd = cargo_bin_cmd!("ibcf");
        cmd.args([
            "run", TUTORIAL, "--trials", TRIALS, "--seed", SEED, "-q", "--out",
        ]);
        cmd.arg(&run_dir);
        for x in &sets {
            cmd.args(["--set", x]);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let national = read_csv(&run_dir.join("national.csv"));
        let mut plan = scenario::load(Path::new(TUTORIAL), &sets).unwrap();
        plan.trials = TRIALS.parse().unwrap();
        plan.seed = SEED.parse().unwrap();
        let res = ibcf::engine::run(&plan, &ibcf::engine::RunConfig::default()).unwrap();
        for row in rows.iter().filter(|r| &r["settings"] == s) {
            let id = &row["option"];
            let fig = |f: &str| {
                national
                    .iter()
                    .find(|n| &n["option"] == id && n["figure"] == f)
                    .unwrap()
                    .clone()
            };
            let (rc, fa) = (fig("reviewed_count"), fig("funding_at_risk"));
            assert_eq!(row["reviewed_mean"], rc["mean"], "{s} {id}");
            assert_eq!(row["reviewed_se"], rc["se"], "{s} {id}");
            assert_eq!(row["funding_mean"], fa["mean"], "{s} {id}");
            assert_eq!(row["funding_se"], fa["se"], "{s} {id}");
            let o = plan.options.iter().position(|x| &x.id == id).unwrap();
            let f = &res.options[o].fairness;
            let pairs = [
                ("rightly_reviewed", f.rightly_reviewed, false),
                ("wrongly_reviewed", f.wrongly_reviewed, false),
                ("wrongly_spared", f.wrongly_spared, false),
                ("wrong_funding", f.wrong_funding, true),
            ];
            for (name, sm, is_money) in pairs {
                let fmt = |x: f64| if is_money { money(x) } else { num(x) };
                assert_eq!(
                    row[&format!("{name}_mean")],
                    fmt(sm.mean),
                    "{s} {id} {name}"
                );
                assert_eq!(row[&format!("{name}_se")], fmt(sm.se), "{s} {id} {name}");
            }
        }
    }
    // The frontier column is consistent: a dominated row names a row on it.
    let on: Vec<String> = rows
        .iter()
        .filter(|r| r["on_frontier"] == "true")
        .map(|r| format!("{}:{}", r["variant"], r["option"]))
        .collect();
    assert!(!on.is_empty());
    for r in rows.iter().filter(|r| r["on_frontier"] == "false") {
        assert!(on.contains(&r["dominated_by"]), "{r:?}");
    }
}

/// `a=1 b=x y` → ["a=1", "b=x y"]: a new pair starts at a known key prefix.
fn split_sets(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in s.split(' ') {
        let starts = w.starts_with("criteria.") || w.starts_with("option.");
        match (starts && w.contains('='), out.last_mut()) {
            (false, Some(last)) => {
                last.push(' ');
                last.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
    }
    out
}

#[test]
fn a_key_that_changes_the_paths_is_refused() {
    for key in [
        "trajectory.pull=0,0.2",
        "targets.rule.0.reduction=0.5",
        "simulation.trials=5,6",
    ] {
        let out = cargo_bin_cmd!("ibcf")
            .args(["design", TUTORIAL, "--vary", key, "--out"])
            .arg(tempfile::tempdir().unwrap().path().join("d"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{key}");
        let err = String::from_utf8_lossy(&out.stderr);
        let k = key.split('=').next().unwrap();
        assert!(err.contains(k) && err.contains("ibcf sweep"), "{err}");
    }
}

#[test]
fn design_html_shows_a_variants_councils_on_click() {
    let Some(chrome) = cdp::chromium() else {
        skip::skip("`chromium` is not installed (CI installs it and fails without it)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("d");
    design(&out);
    let mut b = cdp::Browser::launch(&chrome);
    b.viewport(1200, 900, false);
    b.open(&format!("file://{}", out.join("design.html").display()));
    b.wait_for("document.querySelectorAll('.pt').length > 0");
    let n = b.eval("document.querySelectorAll('#frontier circle.pt').length");
    assert_eq!(n, serde_json::json!(15), "one point per variant × option");
    assert_eq!(
        b.eval("document.getElementById('detail').hidden"),
        serde_json::json!(true)
    );
    b.eval("document.querySelector('.pt[data-row=\"4\"]').dispatchEvent(new MouseEvent('click', {bubbles: true}))");
    let shown = b.eval("!document.getElementById('detail').hidden");
    assert_eq!(shown, serde_json::json!(true), "{:?}", b.errors());
    let rows = b.eval("document.querySelectorAll('#councils tbody tr').length");
    assert_eq!(rows, serde_json::json!(5), "the tutorial's five councils");
    let coloured = b.eval(
        "[...document.querySelectorAll('#map .hex')].filter(h => h.getAttribute('fill') !== '#e8e8e8').length",
    );
    assert!(coloured.as_u64().is_some(), "{coloured}");
    let chosen = b.eval("document.getElementById('chosen').textContent");
    assert!(chosen.as_str().unwrap().contains("Variant 1"), "{chosen}");
    assert!(b.errors().is_empty(), "{:?}", b.errors());
}
