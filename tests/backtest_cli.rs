//! `ibcf backtest` end to end on the tutorial scenario: files written,
//! rolling origins summarised, same seed → same numbers, bad input refused
//! with exit code 2 and nothing written.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::Path;

fn backtest(out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("ibcf")
        .args(["backtest", "scenarios/tutorial", "--trials", "200", "--out"])
        .arg(out)
        .args(extra)
        .assert()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn rolling_origins_write_every_file_and_repeat_exactly() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("bt");
    backtest(&out, &["--at", "2016-09..2017-01", "--every", "2"]).success();
    for f in [
        "coverage.csv",
        "scores.csv",
        "pit.csv",
        "criteria.csv",
        "origins.csv",
        "forecasts.csv",
        "backtest.html",
        "plots/pit_histogram.svg",
        "plots/pit_histogram.png",
        "plots/coverage_by_horizon.png",
        "plots/criteria_predicted_vs_actual.svg",
        "plots/coverage_by_origin.svg",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let origins = read(&out.join("origins.csv"));
    let rows: Vec<&str> = origins.lines().skip(1).collect();
    assert_eq!(rows.len(), 3, "{origins}");
    assert!(rows[0].starts_with("2016-09,5,") && rows[2].starts_with("2017-01,5,"));
    // 5 councils × 4 metrics × 4 months per origin, and pooled rows.
    assert!(rows[0].starts_with("2016-09,5,80,"), "{}", rows[0]);
    let coverage = read(&out.join("coverage.csv"));
    assert!(
        coverage.lines().any(|l| l.starts_with("all,total,4,15,")),
        "{coverage}"
    );
    let html = read(&out.join("backtest.html"));
    assert!(html.contains("<svg") && !html.contains("src=\"http"));
    // Same seed, same numbers.
    let again = root.path().join("bt2");
    backtest(&again, &["--at", "2016-09..2017-01", "--every", "2"]).success();
    assert_eq!(origins, read(&again.join("origins.csv")));
    assert_eq!(
        read(&out.join("forecasts.csv")),
        read(&again.join("forecasts.csv"))
    );
}

#[test]
fn bad_origins_and_existing_folders_are_input_errors() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("bt");
    backtest(&out, &["--at", "2014-01"])
        .code(2)
        .stderr(predicates::str::contains("outside the scenario's history"));
    assert!(!out.exists(), "nothing half-written");
    backtest(&out, &["--at", "2017-07"])
        .code(2)
        .stderr(predicates::str::contains("no actual data after 2017-07"));
    backtest(&out, &["--at", "Sept"])
        .code(2)
        .stderr(predicates::str::contains("error: --at"));
    backtest(&out, &["--at", "2016-12", "--horizon", "0"])
        .code(2)
        .stderr(predicates::str::contains(
            "error: --horizon must be at least 1 month",
        ));
    let missing = root.path().join("missing.csv");
    let missing = missing.to_str().expect("utf-8 path");
    backtest(&out, &["--at", "2016-12", "--actual", missing])
        .code(2)
        .stderr(predicates::str::contains("error: cannot read"));
    std::fs::create_dir_all(&out).expect("mkdir");
    backtest(&out, &["--at", "2016-12", "--no-report"])
        .code(2)
        .stderr(predicates::str::contains("--force"));
    backtest(&out, &["--at", "2016-12", "--no-report", "--force"]).success();
    assert!(out.join("criteria.csv").is_file() && !out.join("backtest.html").exists());
}

#[test]
fn actual_file_scores_months_after_the_scenario_history() {
    let root = tempfile::tempdir().expect("dir");
    let hist = read(Path::new("scenarios/tutorial/data/history.csv"));
    let mut later = hist.clone();
    for line in hist.lines().filter(|l| l.contains(",2017-07,")) {
        later.push_str(&line.replace(",2017-07,", ",2017-08,"));
        later.push('\n');
    }
    let actual = root.path().join("later.csv");
    std::fs::write(&actual, later).expect("write");
    let out = root.path().join("bt");
    cargo_bin_cmd!("ibcf")
        .args([
            "backtest",
            "scenarios/tutorial",
            "--trials",
            "100",
            "--at",
            "2017-07",
        ])
        .args(["--horizon", "1", "--no-report", "--out"])
        .arg(&out)
        .arg("--actual")
        .arg(&actual)
        .assert()
        .success();
    let f = read(&out.join("forecasts.csv"));
    let rows: Vec<&str> = f.lines().skip(1).collect();
    assert_eq!(rows.len(), 5 * 4, "{f}");
    assert!(rows.iter().all(|r| r.contains(",2017-08,")));
}

/// The default scenario's review decisions replayed at one origin: one row
/// per option with the shifted decision month, pooled rows, and the same
/// numbers on a second run.
#[test]
fn decisions_are_replayed_with_shifted_months_and_repeat_exactly() {
    let root = tempfile::tempdir().expect("dir");
    let run = |name: &str| {
        let out = root.path().join(name);
        cargo_bin_cmd!("ibcf")
            .args(["backtest", "scenarios/november-2017", "--at", "2016-03"])
            .args(["--trials", "100", "--no-report", "--out"])
            .arg(&out)
            .assert()
            .success()
            .stdout(predicates::str::contains("review decisions"));
        read(&out.join("decisions.csv"))
    };
    let d = run("a");
    let rows: Vec<&str> = d.lines().skip(1).collect();
    assert_eq!(rows.len(), 12, "{d}");
    for id in [
        "october-letter",
        "october-whole-system",
        "december-33",
        "december-funnel",
        "december-cap-10",
        "withhold-redistribute",
    ] {
        assert!(
            rows.iter()
                .any(|r| r.starts_with(&format!("2016-03,{id},2016-07,151,"))),
            "{id}: {d}"
        );
        assert!(rows.iter().any(|r| r.starts_with(&format!("all,{id},"))));
    }
    assert_eq!(d, run("b"));
}

/// Every file of a folder, by name (sorted), as bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read"))
        })
        .collect();
    out.sort();
    out
}

/// The default scenario at one origin (forecasts, criteria and the replayed
/// decisions): every file written is the same, byte for byte, on 1, 2 and
/// 3 threads; `-q` prints nothing.
#[test]
fn threads_do_not_change_a_single_byte() {
    let root = tempfile::tempdir().expect("dir");
    let run = |threads: &str| {
        let out = root.path().join(format!("bt{threads}"));
        cargo_bin_cmd!("ibcf")
            .args(["backtest", "scenarios/november-2017", "--at", "2016-03"])
            .args(["--trials", "100", "--no-report", "-q", "--threads", threads])
            .arg("--out")
            .arg(&out)
            .assert()
            .success()
            .stdout("");
        files(&out)
    };
    let one = run("1");
    for f in ["forecasts.csv", "criteria.csv", "decisions.csv"] {
        assert!(one.iter().any(|(name, _)| name == f), "{f} missing");
    }
    // 100 trials on 3 threads: chunks of 34, 34 and 32.
    for threads in ["2", "3"] {
        let other = run(threads);
        assert_eq!(other.len(), one.len());
        for ((fa, a), (fb, b)) in one.iter().zip(&other) {
            assert_eq!(fa, fb);
            assert!(a == b, "{fa} differs with --threads {threads}");
        }
    }
}

#[test]
fn zero_threads_is_an_input_error() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("bt");
    backtest(&out, &["--at", "2016-12", "--threads", "0"])
        .code(2)
        .stderr(predicates::str::contains(
            "error: --threads must be at least 1 (or left out for all cores)",
        ));
    assert!(!out.exists(), "nothing written");
}
