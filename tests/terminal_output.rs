//! What `ibcf run` and `ibcf sweep` print on the default scenario (issue
//! 24): no line wider than 120 characters (the sweep's money headings made
//! lines of 250+), options that share one rule share one top-10 list, and
//! the run says its speed in trials/s.

mod common;
use common::split::ibcf;

const WIDTH: usize = 120;

fn too_wide(what: &str, text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.chars().count() > WIDTH)
        .map(|l| format!("{what} ({} chars): {l}", l.chars().count()))
        .collect()
}

fn run_default(tmp: &std::path::Path) -> (String, String) {
    let out = tmp.join("run").display().to_string();
    let (code, stdout, stderr) = ibcf(&[
        "run",
        "scenarios/november-2017",
        "--trials",
        "400",
        "--no-report",
        "--out",
        &out,
    ]);
    assert_eq!(code, 0, "{stderr}");
    (stdout, stderr)
}

#[test]
fn run_and_sweep_lines_fit_in_120_characters() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (stdout, stderr) = run_default(tmp.path());
    let mut wide = too_wide("run stdout", &stdout);
    wide.extend(too_wide("run stderr", &stderr));
    let out = tmp.path().join("sweep").display().to_string();
    let (code, sw_out, sw_err) = ibcf(&[
        "sweep",
        "scenarios/november-2017",
        "--vary",
        "trajectory.pull=0.05,0.15",
        "--trials",
        "200",
        "--out",
        &out,
    ]);
    assert_eq!(code, 0, "{sw_err}");
    wide.extend(too_wide("sweep stdout", &sw_out));
    wide.extend(too_wide("sweep stderr", &sw_err));
    assert!(wide.is_empty(), "{}", wide.join("\n"));
    // The money figure's name moved from the headings to a footnote.
    assert!(
        sw_out.contains("funding under conditions or moved between councils"),
        "{sw_out}"
    );
}

/// december-33, december-cap-10 and withhold-redistribute share one rule:
/// one list for the three, named as the maps name them; october-letter,
/// october-whole-system and december-funnel each have their own rule.
#[test]
fn options_sharing_a_rule_share_one_top_ten_list() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (stdout, _) = run_default(tmp.path());
    let heads: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("Most likely to be reviewed under"))
        .collect();
    assert_eq!(heads.len(), 4, "{heads:#?}");
    assert!(
        heads.iter().any(|h| h
            .contains("options december-33, december-cap-10, withhold-redistribute (same rule)")),
        "{heads:#?}"
    );
}

/// The run's last lines say how fast it ran, in trials per second.
#[test]
fn the_run_reports_trials_per_second() {
    let tmp = tempfile::tempdir().expect("tmp");
    let (stdout, stderr) = run_default(tmp.path());
    let all = format!("{stdout}{stderr}");
    let tail: Vec<&str> = all.lines().rev().take(3).collect();
    let line = tail
        .iter()
        .find(|l| l.contains("trials/s"))
        .unwrap_or_else(|| panic!("no trials/s in the last lines:\n{all}"));
    let rate: String = line
        .split("trials/s")
        .next()
        .unwrap_or_default()
        .split_whitespace()
        .last()
        .unwrap_or_default()
        .replace(',', "");
    let rate: f64 = rate
        .parse()
        .unwrap_or_else(|_| panic!("no number before trials/s: {line}"));
    assert!(rate > 0.0, "{line}");
}
