//! `ibcf run --precision` and the caught-by-noise column, end to end on a
//! hand-built plan; the tool commands from the command line.

use assert_cmd::cargo::cargo_bin_cmd;
use ibcf::cli::{RunArgs, RunChecks, ScenarioArgs};
use ibcf::commands::run::execute;
use ibcf::scenario::testkit;
use std::path::{Path, PathBuf};

fn args(out: &Path, checks: RunChecks) -> RunArgs {
    RunArgs {
        scenario: ScenarioArgs {
            scenario: PathBuf::from("unused"),
            set: Vec::new(),
        },
        trials: Some(200),
        seed: Some(3),
        threads: Some(2),
        out: Some(out.to_path_buf()),
        force: true,
        quiet: true,
        no_report: true,
        checks,
    }
}

fn manifest(dir: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(dir.join("summary.json")).expect("summary");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["manifest"].clone()
}

fn header(dir: &Path) -> Vec<String> {
    let mut r = csv::Reader::from_path(dir.join("councils.csv")).expect("councils");
    r.headers()
        .expect("head")
        .iter()
        .map(String::from)
        .collect()
}

#[test]
fn precision_run_records_its_trials_and_reaches_the_target() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("p");
    let checks = RunChecks {
        precision: Some(0.03),
        ..RunChecks::default()
    };
    execute(testkit::rich_plan(1), &args(&out, checks.clone())).expect("run");
    let m = manifest(&out);
    let p = &m["precision"];
    assert_eq!(p["reached"], true);
    assert!(p["se"].as_f64().expect("se") <= 0.03);
    assert_eq!(
        p["steps"].as_array().expect("steps").last().expect("one")["trials"],
        m["trials"]
    );
    // Deterministic: the same flags give the same trial count and figures.
    let out2 = root.path().join("p2");
    execute(testkit::rich_plan(1), &args(&out2, checks)).expect("run");
    assert_eq!(manifest(&out2)["trials"], m["trials"]);
    let a = std::fs::read(out.join("councils.csv")).expect("a");
    let b = std::fs::read(out2.join("councils.csv")).expect("b");
    assert_eq!(a, b);
}

#[test]
fn noise_check_adds_its_column_unless_skipped() {
    let root = tempfile::tempdir().expect("dir");
    let on = root.path().join("on");
    execute(testkit::rich_plan(1), &args(&on, RunChecks::default())).expect("run");
    let head = header(&on);
    let k = head
        .iter()
        .position(|h| h == "p_review_without_noise")
        .expect("column");
    assert_eq!(head[k - 1], "p_review_se");
    let mut r = csv::Reader::from_path(on.join("councils.csv")).expect("read");
    for row in r.records() {
        let p: f64 = row.expect("row")[k].parse().expect("number");
        assert!((0.0..=1.0).contains(&p));
    }
    assert!(manifest(&on).get("precision").is_none());
    let off = root.path().join("off");
    let skip = RunChecks {
        no_noise_check: true,
        ..RunChecks::default()
    };
    execute(testkit::rich_plan(1), &args(&off, skip)).expect("run");
    assert!(!header(&off).iter().any(|h| h == "p_review_without_noise"));
}

#[test]
fn stress_refuses_an_unknown_council_and_a_bad_threshold() {
    let out = cargo_bin_cmd!("ibcf")
        .args([
            "stress",
            "scenarios/tutorial",
            "--council",
            "E99999999",
            "--out",
        ])
        .arg(tempfile::tempdir().expect("dir").path().join("s"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("E99999999"));
    let out = cargo_bin_cmd!("ibcf")
        .args([
            "stress",
            "scenarios/tutorial",
            "--council",
            "E10000018",
            "--threshold",
            "1.5",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn sweep_and_stress_write_their_folders() {
    let root = tempfile::tempdir().expect("dir");
    let sw = root.path().join("sweep");
    let st = cargo_bin_cmd!("ibcf")
        .args([
            "sweep",
            "scenarios/tutorial",
            "--vary",
            "trajectory.pull=0,0.3",
            "--trials",
            "200",
            "-q",
            "--out",
        ])
        .arg(&sw)
        .output()
        .expect("runs");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    for f in [
        "sweep.csv",
        "sweep.txt",
        "plots/sweep.svg",
        "plots/sweep.png",
    ] {
        assert!(sw.join(f).is_file(), "{f}");
    }
    let code = std::fs::read_to_string("scenarios/tutorial/data/councils.csv")
        .expect("councils")
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next().map(String::from))
        .expect("a code");
    let so = root.path().join("stress");
    let st = cargo_bin_cmd!("ibcf")
        .args([
            "stress",
            "scenarios/tutorial",
            "--council",
            &code,
            "--trials",
            "300",
            "-q",
            "--out",
        ])
        .arg(&so)
        .output()
        .expect("runs");
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    for f in [
        "stress.csv",
        "drivers.csv",
        "improvement.csv",
        "stress.html",
        "plots/improvement.png",
    ] {
        assert!(so.join(f).is_file(), "{f}");
    }
    let html = std::fs::read_to_string(so.join("stress.html")).expect("html");
    assert!(html.contains("<svg") && !html.contains("http://") && !html.contains("https://"));
}

#[test]
fn bad_precision_flags_are_input_errors() {
    for extra in [
        &["--precision", "0"][..],
        &["--precision", "0.01", "--precision-figure", "nonsense"][..],
    ] {
        let dir = tempfile::tempdir().expect("dir");
        let out = cargo_bin_cmd!("ibcf")
            .args(["run", "scenarios/tutorial", "-q", "--out"])
            .arg(dir.path().join("r"))
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("--precision"));
        assert!(!dir.path().join("r").exists());
    }
}
