//! `ibcf run` end to end on a hand-built plan (the part after loading), and
//! the CLI's handling of a scenario that cannot be loaded.

use ibcf::cli::{RunArgs, ScenarioArgs};
use ibcf::commands::run::execute;
use ibcf::scenario::testkit;
use std::path::{Path, PathBuf};

fn args(out: &Path, force: bool, trials: Option<u64>) -> RunArgs {
    RunArgs {
        scenario: ScenarioArgs {
            scenario: PathBuf::from("unused"),
            set: Vec::new(),
        },
        trials,
        seed: Some(3),
        threads: Some(2),
        out: Some(out.to_path_buf()),
        force,
        quiet: true,
        no_report: true,
        checks: Default::default(),
    }
}

#[test]
fn writes_every_data_file_and_refuses_to_overwrite_without_force() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("rich");
    execute(testkit::rich_plan(50), &args(&out, false, Some(120))).expect("first run");
    for f in [
        "summary.json",
        "councils.csv",
        "national.csv",
        "paths.csv",
        "comparison.csv",
        "scenario.toml",
        "explain.txt",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("read"))
            .expect("json");
    assert_eq!(summary["manifest"]["trials"], 120);
    assert_eq!(summary["manifest"]["seed"], 3);
    assert_eq!(
        summary["options"][0]["reviewed_histogram"]
            .as_array()
            .map(Vec::len),
        Some(10)
    );
    assert_eq!(summary["convergence"].as_array().map(Vec::len), Some(12));
    let councils = std::fs::read_to_string(out.join("councils.csv")).expect("read");
    assert_eq!(councils.lines().count(), 1 + 3 * 9);
    assert!(councils.starts_with("option,code,name,region,allocation,p_review,p_review_se,"));

    let e = execute(testkit::rich_plan(50), &args(&out, false, None)).expect_err("exists");
    assert_eq!(e.code, 2);
    assert!(e.message.contains("--force"), "{}", e.message);
    execute(testkit::rich_plan(50), &args(&out, true, Some(60))).expect("forced");
    let s = std::fs::read_to_string(out.join("summary.json")).expect("read");
    assert!(s.contains("\"trials\": 60"));
    // Only the output folder remains: no temporary siblings.
    assert_eq!(std::fs::read_dir(root.path()).expect("ls").count(), 1);
}

#[test]
fn zero_trials_is_an_input_error() {
    let root = tempfile::tempdir().expect("dir");
    let e = execute(
        testkit::rich_plan(50),
        &args(&root.path().join("x"), false, Some(0)),
    )
    .expect_err("refused");
    assert_eq!(e.code, 2);
    assert!(e.message.contains("--trials"));
}

#[test]
fn unloadable_scenario_exits_2_naming_it() {
    let out = assert_cmd::cargo::cargo_bin_cmd!("ibcf")
        .args(["run", "no/such/scenario.toml", "--quiet"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/scenario.toml"), "{err}");
}

/// An approximate noise sampler is named in the manifest; exact runs say
/// nothing (so their files are as before).
#[test]
fn manifest_names_an_approximate_sampler() {
    let root = tempfile::tempdir().expect("dir");
    let read = |dir: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join("summary.json")).expect("read"))
            .expect("json")
    };
    let exact = root.path().join("exact");
    execute(testkit::rich_plan(50), &args(&exact, false, Some(60))).expect("runs");
    assert!(read(&exact)["manifest"].get("noise_sampler").is_none());
    let approx = root.path().join("approx");
    let mut plan = testkit::rich_plan(50);
    plan.noise_sampler = ibcf::scenario::plan::NoiseSampler::NormalPoisson;
    execute(plan, &args(&approx, false, Some(60))).expect("runs");
    assert_eq!(read(&approx)["manifest"]["noise_sampler"], "normal_poisson");
}
