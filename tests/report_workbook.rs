//! results.xlsx, read back with calamine (an independent reader): the right
//! sheets, every councils.csv column with numbers as numbers and text as
//! text, the headline per option, the caveats and scenario text, and a
//! byte-identical file when rendered again later; every money column in
//! `£#,##0`, standard errors with a format of their own, the Summary's header
//! row frozen (read from the sheet's XML); and stress.xlsx's improvement as
//! the monthly percentage cut the stress page says.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use ibcf::report::render::render;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run-output")
}

fn rendered() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(fixture()).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
        }
    }
    render(dir.path()).unwrap();
    dir
}

fn book(dir: &Path) -> Xlsx<std::io::BufReader<fs::File>> {
    open_workbook(dir.join("results.xlsx")).unwrap()
}

fn summary_json() -> serde_json::Value {
    serde_json::from_str(&fs::read_to_string(fixture().join("summary.json")).unwrap()).unwrap()
}

#[test]
fn sheets_are_the_documented_ones() {
    let dir = rendered();
    let wb = book(dir.path());
    assert_eq!(
        wb.sheet_names(),
        [
            "Summary",
            "Councils",
            "Comparison",
            "Fan chart data",
            "Scenario"
        ]
    );
}

#[test]
fn councils_sheet_holds_every_csv_cell_with_its_type() {
    let dir = rendered();
    let mut wb = book(dir.path());
    let range = wb.worksheet_range("Councils").unwrap();
    let mut reader = csv::Reader::from_path(fixture().join("councils.csv")).unwrap();
    let headers = reader.headers().unwrap().clone();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(head, headers.iter().collect::<Vec<_>>());
    let text = ["option", "code", "name", "region"];
    let mut numbers = 0;
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.unwrap();
        let row = &rows[i + 1];
        for (c, (h, v)) in headers.iter().zip(rec.iter()).enumerate() {
            let cell = row.get(c).cloned().unwrap_or(Data::Empty);
            match (text.contains(&h), v.is_empty()) {
                (true, _) => assert_eq!(cell, Data::String(v.to_string()), "{h} row {i}"),
                (false, true) => assert_eq!(cell, Data::Empty, "{h} row {i}"),
                (false, false) => {
                    let want: f64 = v.parse().unwrap();
                    assert_eq!(cell, Data::Float(want), "{h} row {i}");
                    numbers += 1;
                }
            }
        }
    }
    assert!(numbers > 500, "only {numbers} numeric cells checked");
    assert_eq!(rows.len(), 61, "header + 60 rows");
}

#[test]
fn summary_sheet_quotes_each_option_and_its_figures() {
    let dir = rendered();
    let mut wb = book(dir.path());
    let range = wb.worksheet_range("Summary").unwrap();
    let s = summary_json();
    let options = s["options"].as_array().unwrap();
    let cells: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let sentences: Vec<String> = cells
        .iter()
        .filter_map(|r| r.first())
        .map(|c| c.to_string())
        .filter(|t| t.starts_with("Under "))
        .collect();
    assert_eq!(sentences.len(), options.len());
    let header = cells
        .iter()
        .position(|r| r.first() == Some(&Data::String("option".into())))
        .unwrap();
    let col = |name: &str| {
        cells[header]
            .iter()
            .position(|c| *c == Data::String(name.into()))
            .unwrap()
    };
    for (k, o) in options.iter().enumerate() {
        let row = &cells[header + 1 + k];
        assert_eq!(row[0], Data::String(o["id"].as_str().unwrap().into()));
        let mean = o["reviewed_count"]["mean"].as_f64().unwrap();
        assert_eq!(row[col("reviewed_mean")], Data::Float(mean));
        let p95 = o["funding_at_risk"]["p95"].as_f64().unwrap();
        assert_eq!(row[col("money_p95")], Data::Float(p95));
        // The sentence quotes the rounded mean count.
        assert!(
            sentences[k].contains(&format!("about {mean:.0} councils"))
                || sentences[k].contains(&format!("about {mean:.1} council")),
            "{}",
            sentences[k]
        );
    }
}

#[test]
fn scenario_sheet_has_caveats_then_the_toml() {
    let dir = rendered();
    let mut wb = book(dir.path());
    let range = wb.worksheet_range("Scenario").unwrap();
    let col: Vec<String> = range
        .rows()
        .map(|r| r.first().map(|c| c.to_string()).unwrap_or_default())
        .collect();
    assert_eq!(col[0], "Caveats");
    let notes = summary_json()["manifest"]["notes"].clone();
    for (i, n) in notes.as_array().unwrap().iter().enumerate() {
        assert_eq!(col[1 + i], n.as_str().unwrap());
    }
    let toml = fs::read_to_string(fixture().join("scenario.toml")).unwrap();
    let start = col
        .iter()
        .position(|c| c == "Scenario text (scenario.toml)")
        .unwrap();
    for (i, line) in toml.lines().enumerate() {
        assert_eq!(
            col.get(start + 1 + i).map(String::as_str).unwrap_or(""),
            line
        );
    }
}

#[test]
fn fan_chart_and_comparison_sheets_have_every_row() {
    let dir = rendered();
    let mut wb = book(dir.path());
    for (sheet, file) in [
        ("Fan chart data", "paths.csv"),
        ("Comparison", "comparison.csv"),
    ] {
        let range = wb.worksheet_range(sheet).unwrap();
        let lines = fs::read_to_string(fixture().join(file))
            .unwrap()
            .lines()
            .count();
        assert_eq!(range.height(), lines, "{sheet}");
        // Row 2, a numeric column, is a number.
        let second = range.rows().nth(1).unwrap();
        assert!(
            second.iter().any(|c| matches!(c, Data::Float(_))),
            "{sheet}"
        );
    }
}

#[test]
fn workbook_is_byte_identical_when_rendered_again_later() {
    let a = rendered();
    // The creation date has one-second resolution: a later render must not differ.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let b = rendered();
    let (x, y) = (
        fs::read(a.path().join("results.xlsx")).unwrap(),
        fs::read(b.path().join("results.xlsx")).unwrap(),
    );
    assert!(x.len() > 10_000);
    assert!(x == y, "results.xlsx differs between two renders");
}

/// Runs the ibcf binary; panics with its output on failure.
fn ibcf(args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ibcf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Number format code of each header's column in the first data row of `sheet`.
fn formats(path: &Path, sheet: &str) -> Vec<(String, String)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    let styles = wb.worksheet_style(sheet).unwrap();
    let head: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    head.into_iter()
        .enumerate()
        .map(|(c, h)| {
            let code = styles
                .get((1, c as u32))
                .and_then(|s| s.number_format.as_ref())
                .map_or_else(|| "General".to_string(), |f| f.format_code.clone());
            (h, code)
        })
        .collect()
}

/// The XML of a workbook part.
fn part(path: &Path, name: &str) -> String {
    let mut z = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut text).unwrap();
    text
}

#[test]
fn money_is_in_pounds_standard_errors_are_formatted_and_the_summary_header_is_frozen() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("run");
    let out_s = out.display().to_string();
    // With [consequences] councils.csv has every money column.
    ibcf(&[
        "run",
        "scenarios/tutorial",
        "--set",
        "consequences.avoidable=0.25",
        "--trials",
        "200",
        "--quiet",
        "--out",
        &out_s,
    ]);
    let book = out.join("results.xlsx");
    let f = formats(&book, "Councils");
    let format = |name: &str| {
        f.iter()
            .find(|(h, _)| h == name)
            .unwrap_or_else(|| panic!("no column {name}: {f:?}"))
            .1
            .clone()
    };
    let money = [
        "allocation",
        "expected_at_risk",
        "expected_net_change",
        "bed_days_value",
        "bed_days_value_se",
        "bed_days_value_p95",
        "avoidable_cost",
        "avoidable_cost_se",
        "stake_if_reviewed",
    ];
    for m in money {
        assert_eq!(format(m), "£#,##0", "{m}");
    }
    // Every pounds column is one of them (by name, per docs/OUTPUTS.md).
    for (h, code) in &f {
        if h.contains("value") || h.contains("cost") || h.contains("at_risk") || h.contains("stake")
        {
            assert_eq!(code, "£#,##0", "{h}");
        }
    }
    for se in f.iter().filter(|(h, _)| h.ends_with("_se")) {
        assert_ne!(se.1, "General", "{} has no number format", se.0);
    }
    assert_eq!(format("penalty_cheaper"), "0.0%");
    assert_eq!(format("p_review_se"), "0.00%");
    // Summary: the header row of the options table (below the sentences) is frozen.
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let cells = wb.worksheet_range("Summary").unwrap();
    let header = cells
        .rows()
        .position(|r| r.first() == Some(&Data::String("option".into())))
        .unwrap();
    let xml = part(&book, "xl/worksheets/sheet1.xml");
    assert!(
        xml.contains(&format!("<pane ySplit=\"{}\"", header + 1))
            && xml.contains("state=\"frozen\""),
        "Summary header (row {}) not frozen: {}",
        header + 1,
        &xml[..xml.len().min(1500)]
    );
}

#[test]
fn stress_workbook_shows_the_improvement_the_page_says() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("st");
    let out_s = out.display().to_string();
    ibcf(&[
        "stress",
        "scenarios/tutorial",
        "--council",
        "E99000002",
        "--trials",
        "300",
        "--quiet",
        "--out",
        &out_s,
    ]);
    let book = out.join("stress.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let range = wb.worksheet_range("Stress").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(<[Data]>::to_vec).collect();
    let col = |name: &str| {
        rows[0]
            .iter()
            .position(|c| *c == Data::String(name.into()))
            .unwrap_or_else(|| panic!("no column {name}: {:?}", rows[0]))
    };
    let (imp, words) = (
        col("improvement (monthly cut, %)"),
        col("improvement_words"),
    );
    let f = formats(&book, "Stress");
    assert_eq!(f[imp].1, "0.0%");
    let mut found = 0;
    for row in &rows[1..] {
        let (Data::Float(cut), Data::String(sentence)) = (&row[imp], &row[words]) else {
            continue;
        };
        // The cell, as Excel shows it (0.0%), is the sentence's monthly cut.
        let shown = format!("{:.1}%", cut * 100.0);
        assert!(
            sentence.contains(&format!("by a further {shown} a month")),
            "{shown} not in {sentence:?}"
        );
        found += 1;
    }
    assert!(found > 0, "no option with an improvement found: {rows:?}");
}
