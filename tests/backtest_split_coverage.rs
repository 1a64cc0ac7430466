//! The decision counts' coverage with their end counts split
//! (`DecisionCheck::covered_split`, the nonrandomised PIT of a count): by
//! hand, and calibrated exactly — over a count forecast's own distribution
//! the expected split coverage is the level itself, where the inclusive
//! range's is above it.

use ibcf::analysis::backtest::decisions::DecisionCheck;
use ibcf::month::Month;
use statrs::distribution::{Binomial, Discrete, DiscreteCDF, Poisson};

fn check(below: f64, at: f64) -> DecisionCheck {
    DecisionCheck {
        option: "x".into(),
        decision_month: Month(24_000),
        councils: 150,
        predicted: 0.0,
        p5: 0,
        p95: 0,
        p25: 0,
        p75: 0,
        mass50: 0.0,
        mass90: 0.0,
        below,
        at,
        actual: 0,
        brier: 0.0,
        persistence_count: 0,
        persistence_brier: 0.0,
        constant_p: 0.0,
        constant_source: String::new(),
        constant_p5: 0,
        constant_p95: 0,
        constant_brier: 0.0,
    }
}

#[test]
fn split_coverage_by_hand() {
    // [0.2, 0.3] meets [0.25, 0.75] over half its length.
    assert!((check(0.2, 0.1).covered_split(0.5) - 0.5).abs() < 1e-15);
    // Wholly inside, wholly outside.
    assert_eq!(check(0.3, 0.1).covered_split(0.5), 1.0);
    assert_eq!(check(0.8, 0.1).covered_split(0.5), 0.0);
    // A count no trial produced: inside when its cdf point is.
    assert_eq!(check(0.5, 0.0).covered_split(0.5), 1.0);
    assert_eq!(check(0.9, 0.0).covered_split(0.5), 0.0);
    // A point mass covers the whole central interval's share.
    assert!((check(0.0, 1.0).covered_split(0.9) - 0.9).abs() < 1e-15);
}

/// Σ_y p(y) · covered_split(F(y−1), p(y)) = level exactly, for any count
/// distribution (the nonrandomised PIT is uniform in expectation).
#[test]
fn split_coverage_is_calibrated_for_any_count_forecast() {
    let pmfs: Vec<Vec<f64>> = vec![
        {
            let b = Binomial::new(0.3, 40).expect("binomial");
            (0..=40).map(|k| b.pmf(k)).collect()
        },
        {
            let p = Poisson::new(7.5).expect("poisson");
            (0..=60).map(|k| p.pmf(k)).collect()
        },
        vec![0.0, 0.45, 0.1, 0.45],
    ];
    for pmf in &pmfs {
        let total: f64 = pmf.iter().sum();
        for level in [0.5, 0.9] {
            let (mut cdf, mut expected, mut inclusive) = (0.0, 0.0, 0.0);
            let (lo, hi) = quantiles(pmf, level);
            for (y, &p) in pmf.iter().enumerate() {
                expected += p * check(cdf, p).covered_split(level);
                if (lo..=hi).contains(&y) {
                    inclusive += p;
                }
                cdf += p;
            }
            assert!(
                (expected - level * total).abs() < 1e-9,
                "{expected} vs {level}"
            );
            assert!(
                inclusive >= level - 1e-12,
                "inclusive {inclusive} below {level}"
            );
        }
    }
    // The Poisson's own cdf agrees with the running sum used above.
    let p = Poisson::new(7.5).expect("poisson");
    let run: f64 = (0..=7).map(|k| p.pmf(k)).sum();
    assert!((run - p.cdf(7)).abs() < 1e-12);
}

/// The inclusive range's ends: the smallest counts whose cdf reaches the
/// lower and upper levels.
fn quantiles(pmf: &[f64], level: f64) -> (usize, usize) {
    let q = |t: f64| {
        let mut c = 0.0;
        pmf.iter()
            .position(|&p| {
                c += p;
                c >= t - 1e-12
            })
            .unwrap_or(pmf.len() - 1)
    };
    (q((1.0 - level) / 2.0), q((1.0 + level) / 2.0))
}
