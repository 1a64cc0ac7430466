//! The validation catalogue, TOML side: each case copies the tutorial
//! scenario into a temporary folder, makes one edit, runs `ibcf validate` and
//! asserts the message (file, position, key path, council, hint). None may
//! panic. Data-file cases are in `validate_data.rs`.

#[path = "fixtures/catalogue_support.rs"]
mod support;

use support::*;

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
        &["criteria.high_asc_rate.threshold: missing required key `threshold`"],
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

#[test]
fn several_scenarios_each_reported() {
    let broken = edited(&[(TOML, "share = 0.33", "share = 2.0")]);
    let out = assert_cmd::cargo::cargo_bin_cmd!("ibcf")
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(tutorial())
        .arg(broken.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stdout.contains("ok: ") && stdout.contains("tutorial"),
        "{stdout}"
    );
    assert!(
        stderr.contains("share must be between 0 and 1, got 2"),
        "{stderr}"
    );
    assert!(stderr.contains("1 problem(s) found"), "{stderr}");
}

#[test]
fn missing_top_level_key_names_its_path() {
    case(
        &[(TOML, "name = \"tutorial\"", "")],
        &["name: missing required key `name`"],
    );
}

// ---- One mistake, one error: problems that follow from a refused row ----

/// A copy of `scenarios/november-2017` with `edit` applied to its councils file.
fn november_with_councils(edit: impl FnOnce(&str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017");
    copy_dir(&from, dir.path());
    let p = dir.path().join("data/councils.csv");
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, edit(&text)).expect("write");
    dir
}

/// The README's own advice: add `asc_budget,reserves` to the header and fill
/// them for one council. The other rows leave the optional cells off the
/// end: they are blank, not errors (it gave 502 problems before).
#[test]
fn optional_columns_added_to_the_header_and_filled_for_one_row() {
    let dir = november_with_councils(|t| {
        let t = t.replacen(
            "code,name,region,population_18plus,allocation",
            "code,name,region,population_18plus,allocation,asc_budget,reserves",
            1,
        );
        t.replacen(
            "E06000001,Hartlepool,North East,72819,1128723",
            "E06000001,Hartlepool,North East,72819,1128723,30000000,9000000",
            1,
        )
    });
    let (code, out, err) = validate(dir.path(), &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("ok: ") && out.contains("151 councils"),
        "{out}"
    );
}

/// A required cell left off every row: one error, then one line for the
/// rest, and nothing about the councils as missing from the other files.
#[test]
fn every_row_short_of_a_required_cell_gives_one_error_and_a_count() {
    let dir = november_with_councils(|t| {
        let mut lines = t.lines();
        let head = lines.next().unwrap_or_default().to_string();
        let body: Vec<String> = lines
            .map(|l| l.rsplit_once(',').map_or(l, |x| x.0).to_string())
            .collect();
        format!("{head}\n{}\n", body.join("\n"))
    });
    let err = fails_with(
        dir.path(),
        &[],
        &[
            "row 2 has 4 cell(s) but the header names 5",
            "and 150 more row(s) with 4 cell(s) (rows 3–152)",
            "2 problem(s) found",
        ],
    );
    assert!(!err.contains("is not in the councils file"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
    assert!(!err.contains("no councils listed"), "{err}");
    assert!(
        err.lines().count() < 40,
        "{} lines:\n{err}",
        err.lines().count()
    );
}

/// One bad number cell: that error alone; the council's rows in the
/// history and targets files are not reported as unknown.
#[test]
fn one_bad_number_cell_gives_one_error() {
    let err = case(
        &[(
            COUNCILS,
            "Eastmere,East of England,600000,",
            "Eastmere,East of England,6OO000,",
        )],
        &[
            "row 3, column 4 (`population_18plus`)",
            "council E99000002",
            "1 problem(s) found",
            "note: ",
        ],
    );
    assert!(!err.contains("is not in the councils file"), "{err}");
    assert!(!err.contains("did you mean"), "{err}");
}

/// A negative population: that error alone, as above.
#[test]
fn a_negative_population_gives_one_error() {
    let err = case(
        &[(
            COUNCILS,
            "Eastmere,East of England,600000,",
            "Eastmere,East of England,-600000,",
        )],
        &[
            "population_18plus must be above 0, got -600000",
            "1 problem(s) found",
        ],
    );
    assert!(!err.contains("is not in the councils file"), "{err}");
}

/// Many cells with the same mistake in one column: the first in full, then
/// a count.
#[test]
fn the_same_mistake_down_a_column_is_counted_not_repeated() {
    let dir = november_with_councils(|t| {
        let mut lines = t.lines();
        let head = lines.next().unwrap_or_default().to_string();
        let body: Vec<String> = lines
            .map(|l| match l.rsplit_once(',') {
                Some((a, b)) => format!("{a},£{b}"),
                None => l.to_string(),
            })
            .collect();
        format!("{head}\n{}\n", body.join("\n"))
    });
    let err = fails_with(
        dir.path(),
        &[],
        &[
            "has a currency sign",
            "and 150 more cell(s) in column `allocation` with the same problem (rows 3–152)",
            "2 problem(s) found",
        ],
    );
    assert!(!err.contains("is not in the councils file"), "{err}");
}
