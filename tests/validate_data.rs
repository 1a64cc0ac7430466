//! The validation catalogue, data side: CSV files and history coverage.
//! Each case edits a copy of the tutorial and asserts the message (file, row
//! and column, council code, hint). None may panic.

#[path = "fixtures/catalogue_support.rs"]
mod support;

use support::*;

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
    append(&dir, COUNCILS, "E99000003,Copy,South East,1000,1,,\n");
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
fn csv_short_row_and_missing_month() {
    let dir = edited(&[]);
    append(&dir, HIST, "E99000002,,1,2,3\nE99000002,2015-01,1\n");
    fails_with(
        dir.path(),
        &[],
        &[
            "the month is missing",
            "has 3 cell(s) but the header names 5",
            "council E99000002",
        ],
    );
}
