//! Paired comparison of options on the same trials, against an independent
//! computation, and the comparison.csv that reports it.

use ibcf::engine::{RunConfig, run};
use ibcf::report::write_data_files;
use ibcf::scenario::testkit;
use ibcf::stats::compare::paired;

/// Two-pass sample sd of per-trial differences in f64, / sqrt(n).
fn independent_se(a: &[i64], b: &[i64]) -> (f64, f64) {
    let d: Vec<f64> = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y) as f64 / 100.0)
        .collect();
    let n = d.len() as f64;
    let m = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (var / n).sqrt())
}

#[test]
fn paired_se_is_sd_of_differences_over_root_n() {
    let p = testkit::rich_plan(1500);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let (fa, fb) = (
        &res.options[0].trial_funding_pence,
        &res.options[2].trial_funding_pence,
    );
    let (m, se) = paired(fa, fb, 100.0);
    let (m2, se2) = independent_se(fa, fb);
    assert!(se2 > 0.0);
    assert!((m - m2).abs() <= 1e-6 * m2.abs().max(1.0), "{m} vs {m2}");
    assert!((se - se2).abs() <= 1e-9 * se2, "{se} vs {se2}");
    let dir = tempfile::tempdir().expect("dir");
    write_data_files(dir.path(), &p, &res).expect("writes");
    let mut rd = csv::Reader::from_path(dir.path().join("comparison.csv")).expect("csv");
    let row = rd
        .records()
        .map(|r| r.expect("row"))
        .find(|r| {
            &r[0] == "conditions-33" && &r[1] == "withhold" && &r[4] == "diff_funding_at_risk"
        })
        .expect("national funding row");
    let csv_se: f64 = row[6].parse().expect("number");
    assert!((csv_se - se2).abs() <= 0.005 + 1e-9, "{csv_se} vs {se2}");
}

#[test]
fn switchers_are_consistent_with_review_probabilities() {
    let p = testkit::rich_plan(800);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let pr = res.pair(0, 1).expect("pair");
    for i in 0..res.n_councils {
        // P(A) - P(B) = P(A not B) - P(B not A), exactly in counts.
        let lhs = res.options[0].reviewed[i] as i64 - res.options[1].reviewed[i] as i64;
        let rhs = pr.a_not_b[i] as i64 - pr.b_not_a[i] as i64;
        assert_eq!(lhs, rhs, "council {i}");
        // Option 0's rule is `missed_sept and ...`: whenever it reviews a
        // council, missed_sept (criterion 0) was true.
        let o = &res.options[0];
        assert_eq!(o.why[i * res.n_criteria], o.reviewed[i]);
        assert!(o.why[i * res.n_criteria + 5] <= o.reviewed[i]);
    }
}
