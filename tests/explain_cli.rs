//! `ibcf explain`: the tutorial in plain English, checked for the facts a
//! policy officer would look for (counts, money, months, criteria, options).

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::PathBuf;

fn explain(args: &[&str]) -> (i32, String, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = cargo_bin_cmd!("ibcf")
        .current_dir(&root)
        .env("NO_COLOR", "1")
        .arg("explain")
        .args(args)
        .output()
        .expect("runs");
    let s = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        s(&out.stdout),
        s(&out.stderr),
    )
}

#[test]
fn tutorial_reads_in_plain_english() {
    let (code, out, err) = explain(&["scenarios/tutorial"]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "5 councils in 4 region(s), with a total 2018-19 iBCF allocation of £80,700,000.",
        "North West: 2 (Northbrook, Midtown)",
        "Observed: Jan 2016 to Jul 2017 (19 months of history).",
        "Simulated: Aug 2017 to Nov 2017 (4 months), 20,000 simulated futures",
        "volatility 0.1",
        "Override, nhs stream: drift -0.005.",
        "Override, council(s) E99000004 (all streams): drift 0.03.",
        "asc for Sep 2017: 5 of 5 councils have a target (2 from the targets file, 3 from a rule).",
        "missed_september: missed the asc target for Sep 2017 by more than 0%.",
        "gap_sept: the asc rate in Sep 2017 is more than 25% above the asc target for Sep 2017.",
        "is among the 2 highest of the 5 councils",
        "A council is formally reviewed when: missed_september and at least 2 of (bottom_quartile, worse_than_feb, trend_worse).",
        "Then: conditions attached to 33% of the allocation; the money stays with the council.",
        "at most £1,500,000 per council",
        "Councils, populations, allocations and delays are fictional",
    ] {
        assert!(out.contains(want), "missing `{want}` in:\n{out}");
    }
}

#[test]
fn explain_shows_set_overrides() {
    let (code, out, err) = explain(&["scenarios/tutorial", "--set", "trajectory.volatility=0.25"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("overridden on the command line: trajectory.volatility=0.25"),
        "{out}"
    );
    assert!(out.contains("volatility 0.25"), "{out}");
}

#[test]
fn explain_counts_cuts_against_the_rule_baseline() {
    // With a 70% cut and no floor every rule-made target is a cut of 70%.
    let (code, out, err) = explain(&[
        "scenarios/tutorial",
        "--set",
        "targets.rule.0.reduction=0.7",
        "--set",
        "targets.rule.0.floor=0.0",
    ]);
    assert_eq!(code, 0, "{err}");
    let line = out
        .lines()
        .find(|l| l.contains("asked to cut"))
        .expect("cut line");
    // The file targets (Eastmere 4.5, Southvale 3.0) are compared with Jul 2017.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial/data");
    let hist = std::fs::read_to_string(root.join("history.csv")).expect("csv");
    let pops = std::fs::read_to_string(root.join("councils.csv")).expect("csv");
    let jul_asc = |code: &str| -> f64 {
        let h = hist
            .lines()
            .find(|l| l.starts_with(&format!("{code},2017-07,")))
            .expect("row");
        let p = pops.lines().find(|l| l.starts_with(code)).expect("row");
        let days: f64 = h
            .split(',')
            .nth(3)
            .and_then(|x| x.parse().ok())
            .expect("days");
        let pop: f64 = p
            .split(',')
            .nth(3)
            .and_then(|x| x.parse().ok())
            .expect("pop");
        days / 31.0 / pop * 100_000.0
    };
    let cuts = [
        1.0 - 4.5 / jul_asc("E99000002"),
        1.0 - 3.0 / jul_asc("E99000003"),
        0.7,
        0.7,
        0.7,
    ];
    let n60 = cuts.iter().filter(|c| **c >= 0.6).count();
    let n50 = cuts.iter().filter(|c| **c >= 0.5).count();
    let hold = cuts.iter().filter(|c| **c <= 0.0).count();
    let want =
        format!("{n60} asked to cut by 60% or more, {n50} by 50% or more, {hold} only to hold");
    assert!(line.contains(&want), "want `{want}` in {line}");
}

#[test]
fn explain_of_a_broken_scenario_exits_2() {
    let (code, _, err) = explain(&["scenarios/tutorial", "--set", "simulation.trials=0"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("simulation.trials: must be between 1 and"),
        "{err}"
    );
}

/// The whole text, for review; the fingerprint line is left out so editing
/// the tutorial's comments does not churn the snapshot.
#[test]
fn tutorial_explain_snapshot() {
    let (code, out, err) = explain(&["scenarios/tutorial"]);
    assert_eq!(code, 0, "{err}");
    let text: Vec<&str> = out.lines().filter(|l| !l.contains("fingerprint")).collect();
    insta::assert_snapshot!(text.join("\n"));
}
