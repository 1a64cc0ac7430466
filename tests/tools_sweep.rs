//! `ibcf sweep` on the tutorial scenario: the CSV's shape, and common random
//! numbers (reviews identical at every share; funding at risk non-decreasing
//! in the share, trial by trial and so in the mean).

use ibcf::analysis::sweep::grid::parse_vary;
use ibcf::analysis::sweep::{self, COLUMNS, figure_columns};
use ibcf::analysis::{RunSettings, load, simulate};
use ibcf::report::columns::{Align, read_back};
use std::path::Path;

const TUTORIAL: &str = "scenarios/tutorial";

fn rs() -> RunSettings {
    RunSettings {
        trials: Some(400),
        seed: Some(5),
        threads: None,
    }
}

#[test]
fn funding_at_risk_grows_with_the_share_on_common_random_numbers() {
    let vary = [parse_vary("option.conditions-33.share=0.1,0.2,0.33,0.5").expect("vary")];
    let s = sweep::run(Path::new(TUTORIAL), &[], &vary, &rs(), &|_, _| {}).expect("sweep");
    assert_eq!(s.points.len(), 4);
    let o = s
        .options
        .iter()
        .position(|x| x == "conditions-33")
        .expect("option");
    let first = &s.points[0].figures;
    for w in s.points.windows(2) {
        let (a, b) = (&w[0].figures[o], &w[1].figures[o]);
        assert!(b.funding_mean >= a.funding_mean, "{a:?} -> {b:?}");
        assert!(b.funding_p95 >= a.funding_p95);
        // Same futures: who is reviewed does not depend on the share.
        assert_eq!(a.reviewed_mean, b.reviewed_mean);
    }
    assert!(s.points[3].figures[o].funding_mean > s.points[0].figures[o].funding_mean);
    // Options the sweep does not touch are identical at every point.
    for p in &s.points {
        for (k, f) in p.figures.iter().enumerate() {
            if k != o {
                assert_eq!(*f, first[k]);
            }
        }
    }
    // Trial by trial: each point's per-trial funding is at least the previous one's.
    let per_trial = |share: &str| {
        let plan = load(
            Path::new(TUTORIAL),
            &[format!("option.conditions-33.share={share}")],
            &rs(),
        )
        .expect("load");
        simulate(&plan, &rs()).expect("run").options[o]
            .trial_funding_pence
            .clone()
    };
    let (lo, hi) = (per_trial("0.2"), per_trial("0.33"));
    assert!(lo.iter().zip(&hi).all(|(a, b)| a <= b));
}

#[test]
fn sweep_csv_has_one_row_per_point_and_option() {
    let vary = [
        parse_vary("option.conditions-33.share=0.2,0.4").expect("vary"),
        parse_vary("trajectory.pull=0:0.3:3").expect("vary"),
    ];
    let s = sweep::run(Path::new(TUTORIAL), &[], &vary, &rs(), &|_, _| {}).expect("sweep");
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("sweep.csv");
    sweep::write_csv(&path, &s).expect("write");
    let mut r = csv::Reader::from_path(&path).expect("read");
    let head: Vec<String> = r
        .headers()
        .expect("head")
        .iter()
        .map(String::from)
        .collect();
    let mut want = vec![
        "option.conditions-33.share".to_string(),
        "trajectory.pull".into(),
    ];
    want.extend(figure_columns().iter().map(|s| s.to_string()));
    assert_eq!(head, want);
    let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().expect("rows");
    assert_eq!(rows.len(), 2 * 3 * s.options.len());
    assert_eq!(&rows[0][0], "0.2");
    assert_eq!(&rows[s.options.len()][1], "0.15");
    assert!(
        rows.iter()
            .all(|r| r.len() == head.len() && r[6].parse::<f64>().is_ok())
    );
}

#[test]
fn an_unknown_key_is_an_input_error_naming_the_point() {
    let vary = [parse_vary("trajectory.volatilty=0.1,0.2").expect("vary")];
    let e =
        sweep::run(Path::new(TUTORIAL), &[], &vary, &rs(), &|_, _| {}).expect_err("unknown key");
    let msg = e.to_string();
    assert!(matches!(e, ibcf::analysis::ToolError::Input(_)));
    assert!(
        msg.contains("volatilty") && msg.contains("sweep point"),
        "{msg}"
    );
}

/// The terminal table reads back cell by cell under its headings, and the
/// cell under each heading is the one built from that heading's own CSV
/// columns (the P95 heading sat over the mean before).
#[test]
fn sweep_table_headings_sit_over_their_own_values() {
    let vary = [parse_vary("option.conditions-33.share=0.2,0.4").expect("vary")];
    let s = sweep::run(Path::new(TUTORIAL), &[], &vary, &rs(), &|_, _| {}).expect("sweep");
    let text = sweep::table(&s);
    let heads = sweep::headings(&s);
    let aligns: Vec<Align> = heads.iter().map(|h| h.1).collect();
    let table: String = text
        .lines()
        .skip(1)
        .take(1 + s.points.len() * s.options.len())
        .map(|l| format!("{l}\n"))
        .collect();
    let rows = read_back(&table, &aligns).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let head_line = table.lines().next().expect("head");
    assert!(head_line.contains("money P95"), "{head_line}");
    assert!(text.contains("money: funding under conditions, withheld or moved between councils"));
    let mut k = 0;
    for p in &s.points {
        for (o, f) in s.options.iter().zip(&p.figures) {
            let row = &rows[k];
            k += 1;
            assert_eq!(&row[1], o);
            for (c, col) in COLUMNS.iter().enumerate() {
                assert_eq!(row[2 + c], col.values(f).1, "under `{}`", heads[2 + c].0);
            }
            // The P95 columns show the P95, never the mean.
            assert_eq!(row[3], ibcf::format::num(f.reviewed_p95));
            assert_eq!(row[5], ibcf::format::pounds_short(f.funding_p95));
        }
    }
    assert!(text.contains("Withheld: the money is taken"));
}
