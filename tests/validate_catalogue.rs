//! The validation catalogue: each case copies the tutorial scenario into a
//! temporary folder, makes one edit, runs `ibcf validate` and asserts the
//! message (file, position, key path, council, hint). None may panic.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

fn tutorial() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir") {
        let e = e.expect("entry");
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// A copy of the tutorial with `edits` applied: (file, old text, new text).
fn edited(edits: &[(&str, &str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&tutorial(), dir.path());
    for (file, old, new) in edits {
        let p = dir.path().join(file);
        let text = std::fs::read_to_string(&p).expect("read");
        assert!(
            text.contains(old),
            "fixture edit: `{old}` not found in {file}"
        );
        std::fs::write(&p, text.replacen(old, new, 1)).expect("write");
    }
    dir
}

fn append(dir: &TempDir, file: &str, line: &str) {
    let p = dir.path().join(file);
    let mut text = std::fs::read_to_string(&p).expect("read");
    text.push_str(line);
    std::fs::write(&p, text).expect("write");
}

/// Runs `ibcf validate DIR [args]`, returns (exit code, stdout, stderr).
fn validate(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("ibcf")
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(dir)
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

/// Asserts exit 2 and every expected fragment in stderr.
fn fails_with(dir: &Path, args: &[&str], expect: &[&str]) -> String {
    let (code, _, err) = validate(dir, args);
    assert!(!err.contains("panicked"), "panic:\n{err}");
    assert_eq!(code, 2, "expected exit 2, stderr:\n{err}");
    for e in expect {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    err
}

fn case(edits: &[(&str, &str, &str)], expect: &[&str]) -> String {
    let dir = edited(edits);
    fails_with(dir.path(), &[], expect)
}

const TOML: &str = "scenario.toml";
const HIST: &str = "data/history.csv";
const COUNCILS: &str = "data/councils.csv";

#[test]
fn tutorial_is_valid() {
    let (code, out, err) = validate(&tutorial(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ok: ") && out.contains("5 councils, 8 criteria, 3 options"),
        "{out}"
    );
}

#[test]
fn toml_syntax_error() {
    case(
        &[(TOML, "schema = 1", "schema = = 1")],
        &["TOML syntax error", "scenario.toml:22:"],
    );
}

#[test]
fn unknown_key_with_suggestion() {
    case(
        &[(TOML, "volatility = 0.1 ", "volatilty = 0.1 ")],
        &[
            "trajectory.volatilty: unknown key `volatilty`",
            "did you mean `volatility`?",
            "scenario.toml:70:1",
        ],
    );
}

#[test]
fn wrong_type() {
    case(
        &[(TOML, "trials = 20_000", "trials = \"many\"")],
        &["simulation.trials: expected a whole number, found a string"],
    );
}

#[test]
fn schema_missing_or_unsupported() {
    case(
        &[(TOML, "schema = 1\n", "")],
        &["missing `schema`", "schema = 1"],
    );
    case(
        &[(TOML, "schema = 1", "schema = 2")],
        &["unsupported schema 2"],
    );
}

#[test]
fn malformed_months() {
    case(
        &[(
            TOML,
            "first_month = \"2017-08\"",
            "first_month = \"2017-13\"",
        )],
        &["simulation.first_month: `2017-13` is not a month"],
    );
    case(
        &[(TOML, "month = \"2017-09\"", "month = \"Sept 2017\"")],
        &["`Sept 2017` is not a month", "YYYY-MM"],
    );
}

#[test]
fn last_month_before_first() {
    case(
        &[(TOML, "last_month = \"2017-11\"", "last_month = \"2017-07\"")],
        &["simulation.last_month: last_month 2017-07 is before first_month 2017-08"],
    );
}

#[test]
fn missing_data_file_shows_written_and_resolved_path() {
    let dir = edited(&[(
        TOML,
        "history = \"data/history.csv\"",
        "history = \"data/nope.csv\"",
    )]);
    let resolved = dir.path().join("data/nope.csv");
    fails_with(
        dir.path(),
        &[],
        &[
            "data.history",
            "`data/nope.csv`",
            &resolved.display().to_string(),
        ],
    );
}

#[test]
fn csv_missing_column() {
    case(
        &[(HIST, "asc_days,both_days", "asc_days,both")],
        &["missing column `both_days`", "history.csv:1:1"],
    );
}

#[test]
fn csv_non_numeric_cell() {
    case(
        &[(HIST, "E99000001,2016-01,740,", "E99000001,2016-01,abc,")],
        &[
            "row 2, column 3 (`nhs_days`): `abc` is not a number",
            "council E99000001",
            "history.csv:2:19",
        ],
    );
}

#[test]
fn csv_negative_delayed_days() {
    case(
        &[(HIST, "E99000001,2016-01,740,", "E99000001,2016-01,-5,")],
        &[
            "delayed days cannot be negative, got -5",
            "council E99000001",
        ],
    );
}

#[test]
fn csv_duplicate_code_month_row() {
    let dir = edited(&[]);
    append(&dir, HIST, "E99000002,2017-03,1,1,1\n");
    fails_with(
        dir.path(),
        &[],
        &[
            "duplicate row for council E99000002 and month 2017-03",
            "council E99000002",
        ],
    );
}

#[test]
fn csv_bom_and_crlf_are_accepted() {
    let dir = edited(&[]);
    for f in [COUNCILS, HIST, "data/targets.csv"] {
        let p = dir.path().join(f);
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("write");
    }
    let (code, _, err) = validate(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn duplicate_council_code() {
    let dir = edited(&[]);
    append(&dir, COUNCILS, "E99000003,Copy,South East,1000,1\n");
    fails_with(
        dir.path(),
        &[],
        &[
            "duplicate council code `E99000003` (first on row 4)",
            "row 7",
        ],
    );
}

#[test]
fn council_in_history_or_targets_not_in_councils() {
    let dir = edited(&[]);
    append(&dir, HIST, "E99000009,2017-03,1,1,1\n");
    append(&dir, "data/targets.csv", "E99000008,asc,2017-09,3.0\n");
    fails_with(
        dir.path(),
        &[],
        &[
            "council `E99000009` is not in the councils file",
            "council `E99000008` is not in the councils file",
            "targets.csv",
        ],
    );
}

#[test]
fn population_not_positive_and_allocation_negative() {
    case(
        &[(COUNCILS, ",250000,", ",0,")],
        &[
            "population_18plus must be above 0, got 0",
            "council E99000001",
        ],
    );
    case(
        &[(COUNCILS, ",8500000,", ",-1,")],
        &[
            "allocation (pounds) must be 0 or more, got -1",
            "council E99000001",
        ],
    );
}

#[test]
fn lacking_history_for_the_month_before_first_month() {
    case(
        &[(HIST, "E99000003,2017-07,", "E99000003,2015-07,")],
        &[
            "no history for 2017-07 (the month before first_month) for council(s) E99000003",
            "simulation.first_month",
        ],
    );
}

#[test]
fn lacking_history_for_a_month_a_criterion_reads() {
    case(
        &[(HIST, "E99000002,2016-11,", "E99000002,2015-11,")],
        &[
            "criteria.worse_than_last_year.reference",
            "no history for 2016-11..2016-11",
            "E99000002",
        ],
    );
}

#[test]
fn correlation_out_of_range_or_summing_above_one() {
    case(
        &[(TOML, "national = 0.3", "national = 1.3")],
        &["trajectory.correlation.national: national must be between 0 and 1, got 1.3"],
    );
    case(
        &[(TOML, "national = 0.3", "national = 0.7")],
        &["correlation shares sum to 1.1", "above 1"],
    );
}

#[test]
fn negative_volatility_and_bad_dispersion_and_jump_probability() {
    case(
        &[(TOML, "volatility = 0.1 ", "volatility = -0.1 ")],
        &["trajectory.volatility: volatility must be 0 or more, got -0.1"],
    );
    case(
        &[(TOML, "dispersion = 20.0", "dispersion = 0.0")],
        &["trajectory.dispersion: dispersion must be above 0, got 0"],
    );
    case(
        &[(TOML, "probability = 0.02", "probability = 1.5")],
        &["trajectory.jump.probability: probability must be between 0 and 1, got 1.5"],
    );
}

#[test]
fn unknown_metric() {
    case(
        &[(
            TOML,
            "metric = \"asc\"\nmonth = \"2017-11\"\nthreshold",
            "metric = \"acs\"\nmonth = \"2017-11\"\nthreshold",
        )],
        &[
            "criteria.high_asc_rate.metric: unknown metric `acs`",
            "did you mean `asc`?",
        ],
    );
}

#[test]
fn criterion_kind_unknown_or_missing_key() {
    case(
        &[(TOML, "kind = \"above_rate\"", "kind = \"above_rat\"")],
        &[
            "unknown criterion kind `above_rat`",
            "did you mean `above_rate`?",
        ],
    );
    case(
        &[(TOML, "threshold = 10.0", "")],
        &["criteria.high_asc_rate: missing required key `threshold`"],
    );
}

#[test]
fn missed_target_without_targets_for_some_councils_lists_them() {
    case(
        &[(
            TOML,
            "[[targets.rule]]\nmetric = \"asc\"",
            "[[targets.unused]]\nmetric = \"asc\"",
        )],
        &[
            "no `asc` target for 2017-09 for council(s) E99000001, E99000004, E99000005",
            "criteria.missed_september",
        ],
    );
}

#[test]
fn rule_syntax_error_points_inside_the_rule() {
    let err = case(
        &[(
            TOML,
            "rule = \"gap_sept or high_asc_rate\"",
            "rule = \"gap_sept or (high_asc_rate\"",
        )],
        &["option[withhold-graduated].rule: in rule, column 27", "`)`"],
    );
    // The caret sits in the file at the rule's column 27: 8 + 27 = column 35 of line 199.
    assert!(err.contains("scenario.toml:199:35"), "{err}");
}

#[test]
fn rule_naming_an_unknown_criterion() {
    case(
        &[(
            TOML,
            "rule = \"gap_sept or high_asc_rate\"",
            "rule = \"gap_sep or high_asc_rate\"",
        )],
        &[
            "unknown criterion `gap_sep`",
            "did you mean `gap_sept`?",
            "scenario.toml:199:9",
        ],
    );
}

#[test]
fn at_least_larger_than_its_list() {
    case(
        &[(TOML, "at_least(2,", "at_least(4,")],
        &["at_least(4, ...) lists only 3 criteria"],
    );
}

#[test]
fn duplicate_option_id() {
    case(
        &[(
            TOML,
            "id = \"withhold-graduated\"",
            "id = \"conditions-33\"",
        )],
        &["duplicate option id `conditions-33`"],
    );
}

#[test]
fn share_outside_zero_one() {
    case(
        &[(TOML, "share = 0.33", "share = 1.33")],
        &["option[conditions-33].share: share must be between 0 and 1, got 1.33"],
    );
}

#[test]
fn graduated_points_not_increasing() {
    case(
        &[(
            TOML,
            "[[0.0, 0.05], [1.0, 0.30]]",
            "[[1.0, 0.05], [0.5, 0.30]]",
        )],
        &["option[withhold-graduated].graduated.points[1]: gaps must increase: 0.5 follows 1"],
    );
}

#[test]
fn set_on_unknown_key_and_unknown_option() {
    let dir = edited(&[]);
    fails_with(
        dir.path(),
        &[
            "--set",
            "trajectory.volatilty=0.2",
            "--set",
            "option.conditions-34.share=0.5",
        ],
        &[
            "unknown key `volatilty`",
            "did you mean `volatility`?",
            "--set trajectory.volatilty=0.2:1:12",
            "did you mean `conditions-33`?",
        ],
    );
}

#[test]
fn set_overrides_a_value() {
    let dir = edited(&[]);
    fails_with(
        dir.path(),
        &["--set", "option.conditions-33.share=1.5"],
        &["option[conditions-33].share: share must be between 0 and 1, got 1.5"],
    );
    let (code, _, err) = validate(dir.path(), &["--set", "trajectory.volatility=0.2"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let err = case(
        &[
            (TOML, "share = 0.33", "share = 1.33"),
            (TOML, "dispersion = 20.0", "dispersion = -1.0"),
            (HIST, "E99000001,2016-01,740,", "E99000001,2016-01,x,"),
        ],
        &[
            "share must be between 0 and 1",
            "dispersion must be above 0",
            "`x` is not a number",
        ],
    );
    assert!(err.contains("3 problem(s) found"), "{err}");
}
