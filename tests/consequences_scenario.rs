//! `[consequences]` in scenario files: off unless present, defaults with
//! their sources, per-council shares from a CSV, and a clear error for
//! every bad parameter (key path, and file/row/column or council).

#[path = "support/report_data.rs"]
mod report_data;

use ibcf::scenario;
use std::path::PathBuf;

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

fn load(sets: &[&str]) -> Result<ibcf::Plan, String> {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    scenario::load(&tutorial(), &sets).map_err(|d| d.render())
}

fn error(sets: &[&str]) -> String {
    match load(sets) {
        Ok(_) => panic!("loaded despite {sets:?}"),
        Err(e) => e,
    }
}

#[test]
fn off_unless_present_and_defaults_when_empty() {
    assert!(load(&[]).expect("loads").consequences.is_none());
    let p = load(&["consequences.avoidable=0.25"]).expect("loads");
    let c = p.consequences.expect("on");
    assert_eq!(c.avoidable, 0.25);
    assert_eq!(c.bed_day_cost, 313.0);
    assert_eq!(c.to_care_home, vec![0.5522; 5]);
    assert_eq!(c.residential.stay_weeks, 78.0);
    // Every default states its source; a value set in the scenario says so.
    let src = |k: &str| {
        c.assumptions
            .iter()
            .find(|a| a.key == k)
            .map(|a| a.source.clone())
            .unwrap_or_default()
    };
    assert!(src("bed_day_cost").contains("Reference costs 2016/17"));
    assert!(src("nursing.stay_weeks").contains("Forder"));
    // ...and keeps the default's source beside it.
    assert!(
        src("avoidable")
            .starts_with("set in the scenario; the default, 0.333333, is from: ASSUMPTION")
    );
    let text = ibcf::explain::describe(&load(&["consequences.avoidable=0.25"]).expect("x"));
    assert!(text.contains("The cost of hitting the target"), "{text}");
    assert!(
        text.contains("mean_delay_days = 11.8; Jasinarachchi"),
        "{text}"
    );
}

#[test]
fn bad_parameters_are_named() {
    let cases = [
        (
            "consequences.avoidable=1.5",
            "consequences.avoidable",
            "between 0 and 1",
        ),
        (
            "consequences.mean_delay_days=0",
            "consequences.mean_delay_days",
            "above 0",
        ),
        (
            "consequences.residential.weekly_fee=-600",
            "consequences.residential.weekly_fee",
            "0 or more",
        ),
        (
            "consequences.to_care_home=2",
            "consequences.to_care_home",
            "between 0 and 1",
        ),
        (
            "consequences.bed_day_cost=\"lots\"",
            "consequences.bed_day_cost",
            "a number",
        ),
        (
            "consequences.avodable=0.3",
            "consequences.avodable",
            "avoidable",
        ),
        (
            "consequences.nursing.stay=5",
            "consequences.nursing.stay",
            "stay_weeks",
        ),
    ];
    for (set, path, words) in cases {
        let e = error(&[set]);
        assert!(e.contains(path), "{set}: no key path in\n{e}");
        assert!(e.contains(words), "{set}: no `{words}` in\n{e}");
    }
}

#[test]
fn per_council_shares_from_a_csv() {
    let dir = tempfile::tempdir().expect("tmp");
    let good = dir.path().join("share.csv");
    std::fs::write(
        &good,
        "code,to_care_home,nursing_share\nE99000001,0.1,0.5\nE99000002,0.2,0.5\nE99000003,0.3,0.5\nE99000004,0.4,0.5\nE99000005,0.5,0.25\n",
    )
    .expect("write");
    let set = format!("consequences.to_care_home=\"{}\"", good.display());
    let c = load(&[&set]).expect("loads").consequences.expect("on");
    assert_eq!(c.to_care_home, vec![0.1, 0.2, 0.3, 0.4, 0.5]);
    assert_eq!(c.nursing_share[4], 0.25);
    // A number for nursing_share overrides the file's column.
    let c = load(&[&set, "consequences.nursing_share=0.9"])
        .expect("x")
        .consequences
        .expect("on");
    assert_eq!(c.nursing_share, vec![0.9; 5]);

    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "code,to_care_home\nE99000001,0.1\nE99000002,1.7\nE99000003,x\nE99000009,0.1\nE99000001,0.2\n",
    )
    .expect("write");
    let e = error(&[&format!("consequences.to_care_home=\"{}\"", bad.display())]);
    for want in [
        "row 3, column 2",
        "must be a share between 0 and 1, got 1.7",
        "row 4",
        "unknown council `E99000009`",
        "appears twice",
        "no to_care_home for 2 council(s): E99000004, E99000005",
    ] {
        assert!(e.contains(want), "no `{want}` in\n{e}");
    }
    let missing = error(&["consequences.to_care_home=\"no-such-file.csv\""]);
    assert!(missing.contains("no-such-file.csv"), "{missing}");
}

/// The council pages of report.html list each council's cost of hitting the
/// target, with the same means as councils.csv (read independently).
#[test]
fn council_pages_carry_the_consequences_of_councils_csv() {
    let out = tempfile::tempdir().expect("tempdir");
    let dir = out.path().join("run");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .arg("run")
        .arg(tutorial())
        .args([
            "--set",
            "consequences.avoidable=0.25",
            "--trials",
            "300",
            "--quiet",
        ])
        .arg("--out")
        .arg(&dir)
        .status()
        .expect("runs");
    assert!(status.success());
    let data = report_data::data_block(&dir);
    let cons = data["consequences"]
        .as_object()
        .expect("consequences object");
    let mut csv = csv::Reader::from_path(dir.join("councils.csv")).expect("csv");
    let head = csv.headers().expect("header").clone();
    let col = |name: &str| head.iter().position(|h| h == name).expect(name);
    // `penalty_cheaper` is a consequence, not a criterion: no `p_` criterion
    // prefix in the file, and not among the page's criteria.
    col("penalty_cheaper");
    col("penalty_cheaper_se");
    assert!(!head.iter().any(|h| h.contains("p_penalty")), "{head:?}");
    let criteria = data["criteria"].as_array().expect("criteria");
    assert!(
        !criteria
            .iter()
            .any(|c| c.as_str().unwrap_or("").contains("penalty")),
        "{criteria:?}"
    );
    let (code, beds, avoid) = (
        col("code"),
        col("bed_days_freed"),
        col("avoidable_admissions"),
    );
    let mut seen = 0;
    for row in csv.records() {
        let row = row.expect("row");
        let rows = cons[&row[code]].as_array().expect("council listed");
        let value = |label: &str| {
            rows.iter()
                .find(|r| r["label"] == label)
                .and_then(|r| r["value"].as_str())
                .expect(label)
                .to_string()
        };
        let mean = |cell: &str| format!("{:.1} (", cell.parse::<f64>().expect("number"));
        assert!(value("Bed-days freed by meeting the target").starts_with(&mean(&row[beds])));
        assert!(value("Of which avoidable").starts_with(&mean(&row[avoid])));
        seen += 1;
    }
    assert!(
        seen > 0 && cons.len() * 5 >= seen,
        "{seen} rows, {} councils",
        cons.len()
    );
}
