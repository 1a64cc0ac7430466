//! The default scenario's funnel criterion end to end: `funnel.csv` holds a
//! row per council whose limit is the exact Poisson 99.8% quantile of its
//! expected count (checked on the CDF, independently of the program's
//! quantile search), and the report draws the funnel chart; bad funnel keys
//! are refused with exit 2 naming the key path.

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

use assert_cmd::cargo::cargo_bin_cmd;
use statrs::distribution::{DiscreteCDF, Poisson};

#[test]
fn funnel_csv_limits_are_exact_poisson_quantiles_and_the_chart_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    cargo_bin_cmd!("ibcf")
        .args([
            "run",
            "scenarios/november-2017",
            "--trials",
            "200",
            "--quiet",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let mut r = csv::Reader::from_path(out.join("funnel.csv")).unwrap();
    let h = r.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let (e, l, c, pop) = (
        col("expected"),
        col("limit"),
        col("count"),
        col("population"),
    );
    let mut rows = 0;
    let mut codes = std::collections::BTreeSet::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        assert_eq!(&rec[0], "funnel_september");
        assert_eq!(&rec[1], "2017-09");
        codes.insert(rec[2].to_string());
        let expected: f64 = rec[e].parse().unwrap();
        let limit: f64 = rec[l].parse().unwrap();
        let p: f64 = rec[pop].parse().unwrap();
        assert!(rec[c].parse::<f64>().unwrap() >= 0.0);
        assert!(expected >= 0.0 && expected <= 20.0 * p / 100_000.0 * 30.0);
        if expected > 0.0 {
            // `expected` is printed to 6 significant figures.
            let dist = Poisson::new(expected).unwrap();
            let lim = limit as u64;
            assert_eq!(limit, lim as f64, "whole days");
            let slack = 1e-4;
            assert!(
                dist.cdf(lim) >= 0.998 - slack,
                "{}: {expected} {limit}",
                &rec[2]
            );
            assert!(lim == 0 || dist.cdf(lim - 1) < 0.998 + slack, "{}", &rec[2]);
        } else {
            assert_eq!(limit, 0.0);
        }
        rows += 1;
    }
    assert_eq!(rows, 151);
    assert_eq!(codes.len(), 151);
    assert!(out.join("plots/funnel_funnel_september.svg").is_file());
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(page.contains("Funnel plot: funnel_september"));
}

#[test]
fn bad_funnel_keys_are_refused_naming_the_key() {
    for (set, key, words) in [
        (
            "criteria.funnel_september.level=1.5",
            "criteria.funnel_september.level",
            "above 0.5 and below 1",
        ),
        (
            "criteria.funnel_september.overdispersion=\"addtive\"",
            "criteria.funnel_september.overdispersion",
            "additive",
        ),
    ] {
        let a = cargo_bin_cmd!("ibcf")
            .args(["validate", "scenarios/november-2017", "--set", set])
            .assert()
            .code(2);
        let text = String::from_utf8_lossy(&a.get_output().stderr).to_string()
            + &String::from_utf8_lossy(&a.get_output().stdout);
        assert!(text.contains(key), "{set}: {text}");
        assert!(text.contains(words), "{set}: {text}");
    }
}
