//! `scenario::load` on the tutorial and on layered fixtures: the compiled
//! plan is checked against values computed independently from the CSV files.

use ibcf::Month;
use ibcf::scenario::plan::{Action, CriterionKind, RedistributeTo, Share, Stream};
use ibcf::scenario::{self, plan::Plan};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tutorial() -> PathBuf {
    root().join("scenarios/tutorial")
}

fn load(path: &Path, sets: &[&str]) -> Plan {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    match scenario::load(path, &sets) {
        Ok(p) => p,
        Err(d) => panic!("did not load:\n{}", d.render()),
    }
}

fn m(s: &str) -> Month {
    s.parse().expect("month")
}

/// (nhs, asc, both) delayed days for one council and month, read straight from the CSV.
fn csv_days(code: &str, month: &str) -> [f64; 3] {
    let text = std::fs::read_to_string(tutorial().join("data/history.csv")).expect("csv");
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("{code},{month},")))
        .expect("row");
    let f: Vec<f64> = line
        .split(',')
        .skip(2)
        .map(|x| x.parse().expect("num"))
        .collect();
    [f[0], f[1], f[2]]
}

fn csv_population(code: &str) -> f64 {
    let text = std::fs::read_to_string(tutorial().join("data/councils.csv")).expect("csv");
    let line = text.lines().find(|l| l.starts_with(code)).expect("row");
    line.split(',').nth(3).expect("col").parse().expect("num")
}

#[test]
fn tutorial_compiles_to_a_consistent_plan() {
    let p = load(&tutorial(), &[]);
    p.check().expect("plan invariants");
    assert_eq!(p.name, "tutorial");
    assert_eq!(p.councils.len(), 5);
    assert_eq!(p.regions.len(), 4);
    assert_eq!(p.trials, 20_000);
    assert_eq!(p.seed, 20_171_010);
    assert_eq!(p.councils.allocation_pence[0], 8_500_000 * 100);
    assert_eq!(p.councils.asc_budget_pence[0], Some(76_500_000 * 100));
    assert_eq!((p.first_sim, p.last_sim), (m("2017-08"), m("2017-11")));
    assert_eq!(p.history.last(), m("2017-07"));
    assert_eq!(p.history.first, m("2016-01"));
    assert_eq!(p.provenance.notes.len(), 2);
    assert_eq!(p.provenance.sha256.len(), 64);
}

#[test]
fn rates_are_days_per_day_per_100k_adults() {
    let p = load(&tutorial(), &[]);
    for (code, month) in [
        ("E99000002", "2017-03"),
        ("E99000004", "2016-02"),
        ("E99000005", "2017-07"),
    ] {
        let i = p.councils.index_of(code).expect("council");
        let days = csv_days(code, month);
        let mo = m(month);
        for s in Stream::ALL {
            let want = days[s as usize] / f64::from(mo.days()) / csv_population(code) * 100_000.0;
            let got = p.history.rate(i, mo, s).expect("rate");
            assert!(
                (got - want).abs() < 1e-12,
                "{code} {month} {s:?}: {got} vs {want}"
            );
        }
    }
}

#[test]
fn history_is_truncated_before_first_month() {
    let p = load(&tutorial(), &["simulation.first_month=2017-05"]);
    assert_eq!(p.history.last(), m("2017-04"));
    assert_eq!(p.first_sim, m("2017-05"));
    assert!(p.history.rate(0, m("2017-05"), Stream::Asc).is_none());
    p.check().expect("invariants");
}

#[test]
fn target_rule_fills_councils_without_a_csv_target() {
    let p = load(&tutorial(), &[]);
    let s = p
        .targets
        .iter()
        .position(|t| p.metrics[t.metric].name == "asc" && t.month == m("2017-09"))
        .expect("series");
    let series = &p.targets[s];
    let east = p.councils.index_of("E99000002").expect("council");
    assert_eq!(series.rate[east], 4.5, "CSV target kept");
    for code in ["E99000001", "E99000004", "E99000005"] {
        let i = p.councils.index_of(code).expect("council");
        let b = csv_days(code, "2017-02")[1] / 28.0 / csv_population(code) * 100_000.0;
        let want = (b * (1.0 - 0.667)).max(b.min(2.6));
        assert!(
            (series.rate[i] - want).abs() < 1e-12,
            "{code}: {} vs {want}",
            series.rate[i]
        );
        assert!((p.provenance.target_origins[s].baseline[i] - b).abs() < 1e-12);
    }
    assert!(p.provenance.target_origins[s].baseline[east].is_nan());
}

#[test]
fn criteria_and_options_are_compiled_by_index() {
    let p = load(&tutorial(), &[]);
    let idx = |n: &str| {
        p.criteria
            .iter()
            .position(|c| c.name == n)
            .expect("criterion")
    };
    let CriterionKind::MissedTarget { target, tolerance } =
        p.criteria[idx("missed_september")].kind
    else {
        panic!("kind")
    };
    assert_eq!(tolerance, 0.0);
    assert_eq!(p.targets[target].month, m("2017-09"));
    assert_eq!(p.criteria[idx("bottom_quartile")].average, 3);
    assert_eq!(
        p.criteria[idx("trend_worse")].kind,
        CriterionKind::TrendWorse { window: 3 }
    );
    let o = &p.options[1];
    assert_eq!(o.action, Action::Withhold);
    assert_eq!(o.cap_pence, Some(150_000_000));
    assert_eq!(
        o.share,
        Share::Graduated {
            criterion: idx("gap_sept"),
            points: vec![(0.0, 0.05), (1.0, 0.3)]
        }
    );
    assert_eq!(
        p.options[2].redistribute_to,
        RedistributeTo::MetTarget {
            criterion: idx("missed_september")
        }
    );
    assert_eq!(p.options[0].redistribute_to, RedistributeTo::NotReviewed);
}

#[test]
fn trajectories_apply_stream_then_council_overrides() {
    let p = load(&tutorial(), &[]);
    let west = p.councils.index_of("E99000004").expect("council");
    let north = p.councils.index_of("E99000001").expect("council");
    assert_eq!(p.trajectory(north, Stream::Asc).drift, -0.01);
    assert_eq!(p.trajectory(north, Stream::Nhs).drift, -0.005);
    assert_eq!(p.trajectory(west, Stream::Nhs).drift, 0.03);
    assert_eq!(p.trajectory(west, Stream::Both).volatility, 0.1);
    assert_eq!(p.trajectory(north, Stream::Asc).seasonality[0], 0.08);
    assert_eq!(p.trajectory(north, Stream::Asc).correlation.national, 0.3);
}

#[test]
fn set_overrides_change_values_and_the_fingerprint() {
    let a = load(&tutorial(), &[]);
    let b = load(
        &tutorial(),
        &[
            "trajectory.volatility=0.2",
            "option.conditions-33.share=0.5",
        ],
    );
    assert_eq!(b.trajectory(0, Stream::Asc).volatility, 0.2);
    assert_eq!(b.options[0].share, Share::Flat(0.5));
    assert_ne!(a.provenance.sha256, b.provenance.sha256);
    assert_eq!(
        a.provenance.sha256,
        load(&tutorial(), &[]).provenance.sha256
    );
    assert_eq!(b.provenance.overrides.len(), 2);
}

#[test]
fn extends_merges_tables_and_replaces_arrays() {
    let p = load(&root().join("tests/fixtures/extends/child.toml"), &[]);
    assert_eq!(p.title, "Tutorial, stricter gap, one option");
    assert_eq!(p.trials, 500);
    assert_eq!(p.seed, 20_171_010, "kept from the base");
    let gap = p
        .criteria
        .iter()
        .find(|c| c.name == "gap_sept")
        .expect("criterion");
    assert!(matches!(gap.kind, CriterionKind::GapAbove { threshold, .. } if threshold == 0.5));
    assert_eq!(p.options.len(), 1, "[[option]] replaced, not appended");
    assert_eq!(
        p.options[0].label, "withhold-10",
        "label defaults to the id"
    );
    assert_eq!(p.provenance.sources.len(), 2);
    assert!(
        p.provenance.sources[0]
            .0
            .ends_with("scenarios/tutorial/scenario.toml")
    );
}

#[test]
fn defaults_apply_when_keys_are_absent() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(tutorial().join("scenario.toml")).expect("toml");
    let text = text
        .replace("trials = 20_000", "")
        .replace("seed = 20171010", "");
    let text = text.replace("data/", &format!("{}/data/", tutorial().display()));
    let f = dir.path().join("s.toml");
    std::fs::write(&f, text).expect("write");
    let p = load(&f, &[]);
    assert_eq!((p.trials, p.seed), (10_000, 1));
}

#[test]
fn extends_cycle_is_an_error() {
    let path = root().join("tests/fixtures/invalid/extends-cycle/a.toml");
    let err = scenario::load(&path, &[]).expect_err("cycle");
    let text = err.render();
    assert!(text.contains("`extends` cycle"), "{text}");
    assert!(text.contains("a.toml") && text.contains("b.toml"), "{text}");
}

#[test]
fn a_folder_without_scenario_toml_is_an_error() {
    let path = root().join("tests/fixtures/invalid/no-scenario");
    let text = scenario::load(&path, &[]).expect_err("missing").render();
    assert!(text.contains("scenario.toml"), "{text}");
    assert!(text.contains("cannot read scenario file"), "{text}");
}
