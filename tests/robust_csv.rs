//! CSV as spreadsheets write it: each quirk is either accepted with a
//! defined meaning (same plan as the clean file) or refused naming the row,
//! the column and why. The table of decisions is in docs/SCENARIO_FORMAT.md.

use ibcf::scenario::plan::Plan;
use std::path::{Path, PathBuf};

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

/// The tutorial copied to a temp dir with `file` (under data/) replaced by
/// `edit(original text)`.
fn with_edit(file: &str, edit: impl Fn(&str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("data")).expect("mkdir");
    for f in [
        "scenario.toml",
        "data/councils.csv",
        "data/history.csv",
        "data/targets.csv",
    ] {
        let text = std::fs::read_to_string(tutorial().join(f)).expect("read");
        let bytes = if f == format!("data/{file}") {
            edit(&text)
        } else {
            text.into_bytes()
        };
        std::fs::write(dir.path().join(f), bytes).expect("write");
    }
    dir
}

fn load(dir: &Path) -> Result<Plan, String> {
    ibcf::scenario::load(dir, &[]).map_err(|d| d.render())
}

/// The parts of a plan that come from the CSV files.
fn data_of(p: &Plan) -> String {
    format!(
        "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
        p.councils, p.regions, p.history.first, p.history.n_months, p.history.rates, p.targets
    )
}

fn clean() -> String {
    data_of(&load(&tutorial()).expect("tutorial loads"))
}

const FILES: [&str; 3] = ["councils.csv", "history.csv", "targets.csv"];

#[test]
fn bom_and_crlf_give_the_same_plan() {
    let want = clean();
    for f in FILES {
        let bom = with_edit(f, |t| format!("\u{feff}{t}").into_bytes());
        assert_eq!(
            data_of(&load(bom.path()).expect("BOM accepted")),
            want,
            "{f}"
        );
        let crlf = with_edit(f, |t| t.replace('\n', "\r\n").into_bytes());
        assert_eq!(
            data_of(&load(crlf.path()).expect("CRLF accepted")),
            want,
            "{f}"
        );
    }
}

#[test]
fn quoted_fields_and_trailing_empty_lines_give_the_same_plan() {
    let want = clean();
    for f in FILES {
        let quoted = with_edit(f, |t| {
            let q: Vec<String> = t
                .lines()
                .map(|l| {
                    l.split(',')
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                })
                .collect();
            (q.join("\n") + "\n").into_bytes()
        });
        assert_eq!(data_of(&load(quoted.path()).expect("quoted")), want, "{f}");
        let trailing = with_edit(f, |t| format!("{t}\n\n,,,,\n  \n,,,,,,,\r\n").into_bytes());
        assert_eq!(
            data_of(&load(trailing.path()).expect("trailing")),
            want,
            "{f}"
        );
    }
}

#[test]
fn quoted_thousands_separators_are_numbers() {
    let want = clean();
    let d = with_edit("councils.csv", |t| {
        t.replace(",8500000,76500000,", ",\"8,500,000\",\"76,500,000.00\",")
            .into_bytes()
    });
    assert_eq!(data_of(&load(d.path()).expect("grouped thousands")), want);
    let d = with_edit("history.csv", |t| {
        t.replace(
            "E99000001,2016-01,740,1050,124",
            "E99000001,2016-01,740,\"1,050\",124",
        )
        .into_bytes()
    });
    assert_eq!(data_of(&load(d.path()).expect("grouped thousands")), want);
}

#[test]
fn unquoted_thousands_separator_is_refused_as_a_shifted_row() {
    let d = with_edit("history.csv", |t| {
        t.replace(
            "E99000001,2016-01,740,1050,124",
            "E99000001,2016-01,740,1,050,124",
        )
        .into_bytes()
    });
    let e = load(d.path()).expect_err("refused");
    assert!(
        e.contains("row 2 has 6 cells but the header names 5"),
        "{e}"
    );
    assert!(e.contains("must be quoted"), "{e}");
}

#[test]
fn misplaced_comma_in_a_number_is_refused_with_row_and_column() {
    let d = with_edit("targets.csv", |t| t.replace("4.5", "\"4,5\"").into_bytes());
    let e = load(d.path()).expect_err("refused");
    assert!(e.contains("row 2, column 4 (`rate`)"), "{e}");
    assert!(e.contains("not a thousands separator"), "{e}");
}

#[test]
fn blank_history_cell_means_not_reported() {
    // 2016-01 is an early month no criterion reads: blank is allowed there.
    let d = with_edit("history.csv", |t| {
        t.replace(
            "E99000001,2016-01,740,1050,124",
            "E99000001,2016-01,740,,124",
        )
        .into_bytes()
    });
    let p = load(d.path()).expect("blank accepted");
    let k = p
        .history
        .first
        .since(ibcf::scenario::testkit::month("2016-01"));
    assert_eq!(k, 0, "history starts in 2016-01");
    assert!(
        p.history.rates[1].is_nan(),
        "asc of the first month is not reported"
    );
    assert!(p.history.rates[0].is_finite() && p.history.rates[2].is_finite());
}

#[test]
fn blank_required_number_is_refused_with_row_and_column() {
    let d = with_edit("councils.csv", |t| {
        t.replace(",8500000,", ",,").into_bytes()
    });
    let e = load(d.path()).expect_err("refused");
    assert!(e.contains("row 2, column 5 (`allocation`)"), "{e}");
    assert!(e.contains("must be 0 or more, got blank"), "{e}");
}

#[test]
fn excel_error_values_are_refused_with_row_column_and_why() {
    for v in ["#N/A", "#VALUE!", "#DIV/0!"] {
        let d = with_edit("history.csv", |t| {
            t.replace(
                "E99000001,2016-02,670,851,111",
                &format!("E99000001,2016-02,670,{v},111"),
            )
            .into_bytes()
        });
        let e = load(d.path()).expect_err("refused");
        assert!(e.contains("row 3, column 4 (`asc_days`)"), "{e}");
        assert!(e.contains("spreadsheet error value"), "{e}");
        assert!(e.contains("E99000001"), "{e}");
    }
}

#[test]
fn utf16_files_are_refused_with_a_hint() {
    let d = with_edit("councils.csv", |t| {
        let mut b = vec![0xFF, 0xFE];
        b.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
        b
    });
    let e = load(d.path()).expect_err("refused");
    assert!(
        e.contains("is not UTF-8 text") && e.contains("UTF-16"),
        "{e}"
    );
}
