//! `ibcf sweep` over keys that only decide runs on one simulation
//! (`analysis::sweep::shared`): the same sweep forced through one engine
//! run per point gives the same files byte for byte (the default scenario:
//! `[consequences]` trade-off columns, redistributing options, P95 and ES95
//! included), the shared path simulates each trial once (the engine's trial
//! counter, not a timer), keys that change the simulated paths keep the
//! per-point path, and a split rule-only sweep merges to the unsplit one.

mod common;
use common::split::{assert_same_folder, files, ok};
use ibcf::analysis::RunSettings;
use ibcf::analysis::sweep::shared::{Method, method};
use ibcf::analysis::sweep::{self, folder, grid::parse_vary};
use ibcf::engine::trials_simulated;
use std::path::Path;

const DEFAULT: &str = "scenarios/november-2017";
const TRIALS: u64 = 240;
const VARY: [&str; 3] = [
    "criteria.missed_september.tolerance=0,0.25",
    "option.december-33.share=0.1,0.33",
    "option.withhold-redistribute.rule=missed_september,missed_september and bottom_quartile",
];

fn rs() -> RunSettings {
    RunSettings {
        trials: Some(TRIALS),
        seed: Some(19),
        threads: None,
    }
}

/// The only test in this binary that runs the engine in-process, so the
/// process-wide trial counter counts its passes alone.
#[test]
fn a_rule_only_sweep_equals_the_per_point_sweep_and_simulates_once() {
    let vary: Vec<_> = VARY.iter().map(|v| parse_vary(v).expect("vary")).collect();
    assert_eq!(method(&vary), Method::OneSimulation);
    let path = Path::new(DEFAULT);
    let size = sweep::grid_size(&vary).expect("size");
    assert_eq!(size, 8);
    let run = |m: Method| {
        let before = trials_simulated();
        let (head, points) =
            sweep::run_points_by(m, path, &[], &vary, &rs(), 0..size, &|_, _| {}).expect("sweep");
        let simulated = trials_simulated() - before;
        (sweep::assemble(&vary, head, points), simulated)
    };
    let (shared, once) = run(Method::OneSimulation);
    let (per_point, each) = run(Method::PerPoint);
    assert_eq!(once, TRIALS, "one simulation pass");
    assert_eq!(each, TRIALS * size as u64, "one pass per point");
    assert!(shared.points.iter().all(|p| p.trade_off.is_some()));
    assert_eq!(shared, per_point);
    let tmp = tempfile::tempdir().expect("tmp");
    let (a, b) = (tmp.path().join("shared"), tmp.path().join("per-point"));
    for (dir, s) in [(&a, &shared), (&b, &per_point)] {
        std::fs::create_dir_all(dir).expect("mkdir");
        folder::write(dir, s).expect("write");
    }
    let n = assert_same_folder(&a, &b);
    assert!(n >= 2, "csv and txt (three keys: no chart) ({n})");
    let csv = String::from_utf8(files(&a)[Path::new("sweep.csv")].clone()).expect("utf8");
    assert!(csv.contains("funding_es95") && csv.contains("beds_freed_mean"));
    // `sweep::run`, as `ibcf sweep` calls it, takes the shared path.
    let before = trials_simulated();
    let whole = sweep::run(path, &[], &vary, &rs(), &|_, _| {}).expect("run");
    assert_eq!(trials_simulated() - before, TRIALS);
    assert_eq!(whole, shared);
    // A shard of the points on the shared path: the same points.
    let (_, part) = sweep::run_points(path, &[], &vary, &rs(), 3..6, &|_, _| {}).expect("part");
    assert_eq!(part, shared.points[3..6].to_vec());
}

#[test]
fn keys_that_change_the_simulated_paths_keep_one_run_per_point() {
    let with = |keys: &[&str]| {
        let v: Vec<_> = keys.iter().map(|k| parse_vary(k).expect("vary")).collect();
        method(&v)
    };
    assert_eq!(with(&["trajectory.pull=0,0.1"]), Method::PerPoint);
    assert_eq!(
        with(&["option.december-33.share=0.1,0.33", "trajectory.pull=0,0.1"]),
        Method::PerPoint
    );
    assert_eq!(with(&["simulation.trials=10,20"]), Method::PerPoint);
    assert_eq!(
        with(&["fairness.intent=missed_september"]),
        Method::OneSimulation
    );
    assert_eq!(
        with(&["criteria.bottom_quartile.month=2017-10,2017-11"]),
        Method::OneSimulation
    );
}

#[test]
fn a_split_rule_only_sweep_merges_to_the_unsplit_sweep() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut base = vec![
        "sweep", DEFAULT, "--trials", "120", "--seed", "4", "--quiet",
    ];
    for v in &VARY[..2] {
        base.extend(["--vary", v]);
    }
    let full = tmp.path().join("full").display().to_string();
    let mut a = base.clone();
    a.extend(["--out", &full]);
    ok(&a);
    let parts = tmp.path().join("parts").display().to_string();
    for k in ["1/3", "2/3", "3/3"] {
        let mut a = base.clone();
        a.extend(["--shard", k, "--out", &parts]);
        ok(&a);
    }
    let merged = tmp.path().join("merged").display().to_string();
    ok(&["merge", &parts, "--out", &merged]);
    assert!(assert_same_folder(Path::new(&full), Path::new(&merged)) >= 4);
}
