//! Trajectory features one at a time: seasonality and jumps against a closed
//! form, the pull to the target path, common shocks, and the bootstrap.

use ibcf::engine::{RunConfig, run};
use ibcf::scenario::plan::{Correlation, CriterionKind, Jump, METRIC_ASC, METRIC_TOTAL, ModelKind};
use ibcf::scenario::testkit;
use statrs::distribution::{ContinuousCDF, Normal};

/// Seasonal terms and Gaussian jumps (probability 1) keep the rate log-normal:
/// y_k = y0 + s(k) - s(L) + k(mu + jm) + sqrt(k (sigma^2 + jsd^2)) Z.
#[test]
fn seasonality_and_certain_jumps_match_closed_form() {
    let (mu, sigma, c, r0, t) = (0.01, 0.1, 0.5, 6.0, 6.3);
    let (jm, jsd) = (-0.02, 0.08);
    let mut p = testkit::plan(1, 1, 2, "2017-08", "2017-10", r0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, sigma);
    (tr.drift, tr.offset) = (mu, c);
    tr.seasonality[6] = -0.1; // July, the last observed month
    tr.seasonality[9] = 0.15; // October
    tr.jump = Jump {
        probability: 1.0,
        mean: jm,
        sd: jsd,
    };
    testkit::set_trajectory(&mut p, &tr);
    let kind = CriterionKind::AboveRate { threshold: t };
    testkit::add_criterion(&mut p, "above", kind, METRIC_ASC, "2017-10", 1);
    p.trials = 5000;
    let res = run(&p, &RunConfig::default()).expect("runs");
    let k = 3.0;
    let mean = (r0 + c).ln() + 0.1 + 0.15 + k * (mu + jm);
    let sd = (k * (sigma * sigma + jsd * jsd)).sqrt();
    let want = 1.0 - Normal::standard().cdf(((t + c).ln() - mean) / sd);
    let got = res.fired(0, 0) as f64 / 5000.0;
    let se = (want * (1.0 - want) / 5000.0).sqrt();
    assert!((got - want).abs() <= 4.0 * se, "got {got}, want {want}");
}

/// With full pull and no drift, a deterministic stream lands on its target.
#[test]
fn full_pull_lands_on_the_target() {
    let mut p = testkit::plan(2, 1, 2, "2017-08", "2017-11", 9.0);
    let mut tr = testkit::trajectory(ModelKind::Deterministic, 0.0);
    tr.pull = 1.0;
    testkit::set_trajectory(&mut p, &tr);
    let tgt = testkit::add_target(&mut p, METRIC_ASC, "2017-09", 4.0);
    for (name, tol) in [("above_1e6", 1e-6), ("below_1e6", -1e-6)] {
        let kind = CriterionKind::MissedTarget {
            target: tgt,
            tolerance: tol,
        };
        testkit::add_criterion(&mut p, name, kind, METRIC_ASC, "2017-11", 1);
    }
    p.trials = 20;
    let res = run(&p, &RunConfig::default()).expect("runs");
    for i in 0..2 {
        assert_eq!(res.fired(i, 0), 0, "not above the target (flat after it)");
        assert_eq!(res.fired(i, 1), 20, "not below it either");
    }
}

/// Fully national shocks make identical councils tie in every trial; ties
/// go to the lower council index.
#[test]
fn national_shocks_tie_identical_councils_lowest_index_wins() {
    let mut p = testkit::plan(8, 2, 2, "2017-08", "2017-09", 5.0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, 0.3);
    tr.correlation = Correlation {
        national: 1.0,
        regional: 0.0,
        council: 0.0,
    };
    testkit::set_trajectory(&mut p, &tr);
    testkit::add_criterion(
        &mut p,
        "bq",
        CriterionKind::BottomQuartile { q: 0.25 },
        METRIC_TOTAL,
        "2017-09",
        1,
    );
    p.trials = 100;
    let res = run(&p, &RunConfig::default()).expect("runs");
    let fired: Vec<u64> = (0..8).map(|i| res.fired(i, 0)).collect();
    assert_eq!(fired, vec![100, 100, 0, 0, 0, 0, 0, 0]);
}

/// History with a constant latent change d: the bootstrap repeats it exactly.
#[test]
fn bootstrap_replays_historical_changes() {
    let (c, d, a) = (0.1, 0.05, 1.2_f64);
    let mut p = testkit::plan(1, 1, 8, "2017-08", "2017-10", 0.0);
    for (k, r) in p.history.rates.iter_mut().enumerate() {
        *r = (a + (k / 3) as f64 * d).exp() - c;
    }
    let mut tr = testkit::trajectory(ModelKind::Bootstrap, 0.0);
    tr.offset = c;
    testkit::set_trajectory(&mut p, &tr);
    let want = (a + (7.0 + 3.0) * d).exp() - c; // 3 months after the last of 8
    for (name, th) in [("lo", want * (1.0 - 1e-9)), ("hi", want * (1.0 + 1e-9))] {
        testkit::add_criterion(
            &mut p,
            name,
            CriterionKind::AboveRate { threshold: th },
            METRIC_ASC,
            "2017-10",
            1,
        );
    }
    p.trials = 50;
    let res = run(&p, &RunConfig::default()).expect("runs");
    assert_eq!((res.fired(0, 0), res.fired(0, 1)), (50, 0));
    p.history.n_months = 6;
    p.history.first = p.history.first.plus(2);
    p.history.rates.drain(..6);
    assert!(
        run(&p, &RunConfig::default()).is_err(),
        "5 changes are too few"
    );
}
