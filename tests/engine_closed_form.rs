//! Engine statistics against closed forms, with tolerances in standard errors.

use ibcf::engine::{RunConfig, run};
use ibcf::scenario::plan::{Action, CriterionKind, METRIC_ASC, ModelKind, Share};
use ibcf::scenario::testkit;
use statrs::distribution::{ContinuousCDF, Normal};

fn within_4se(got: f64, want: f64, n: u64, what: &str) {
    let se = (want * (1.0 - want) / n as f64).sqrt();
    assert!(
        (got - want).abs() <= 4.0 * se,
        "{what}: got {got}, want {want} ± 4×{se}"
    );
}

/// One council, log_ar1, no pull, no correlation, no noise: the asc rate at
/// the k-th simulated month is exp(y0 + kμ + σ√k Z) − c.
#[test]
fn missed_target_matches_normal_closed_form() {
    let (mu, sigma, c, r0, target) = (-0.03, 0.15, 0.1, 5.0, 4.6);
    let mut p = testkit::plan(1, 1, 3, "2017-08", "2017-11", r0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, sigma);
    tr.drift = mu;
    tr.offset = c;
    testkit::set_trajectory(&mut p, &tr);
    let tgt = testkit::add_target(&mut p, METRIC_ASC, "2017-10", target);
    let kind = CriterionKind::MissedTarget {
        target: tgt,
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-10", 1);
    testkit::add_option(&mut p, "a", "missed", Action::Condition, Share::Flat(0.33));
    p.trials = 6000;
    p.seed = 42;
    let res = run(&p, &RunConfig::default()).expect("runs");
    let k = 3.0; // Aug, Sep, Oct
    let z = ((target + c).ln() - (r0 + c).ln() - k * mu) / (sigma * k.sqrt());
    let want = 1.0 - Normal::standard().cdf(z);
    let got = res.options[0].reviewed[0] as f64 / p.trials as f64;
    within_4se(got, want, p.trials, "P(missed_target)");
    assert_eq!(res.fired(0, 0), res.options[0].reviewed[0]);
}

/// The deterministic model: the same path in every trial, so 0 or 1.
#[test]
fn deterministic_model_gives_zero_or_one() {
    for (drift, expect_all) in [(-0.05, false), (0.05, true)] {
        let mut p = testkit::plan(2, 1, 3, "2017-08", "2017-11", 5.0);
        let mut tr = testkit::trajectory(ModelKind::Deterministic, 0.3);
        tr.drift = drift;
        testkit::set_trajectory(&mut p, &tr);
        let tgt = testkit::add_target(&mut p, METRIC_ASC, "2017-09", 5.0);
        let kind = CriterionKind::MissedTarget {
            target: tgt,
            tolerance: 0.0,
        };
        testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-09", 1);
        testkit::add_option(&mut p, "a", "missed", Action::Withhold, Share::Flat(0.5));
        p.trials = 200;
        let res = run(&p, &RunConfig::default()).expect("runs");
        let want = if expect_all { 200 } else { 0 };
        assert_eq!(res.options[0].reviewed, vec![want, want], "drift {drift}");
    }
}

/// A driftless symmetric walk is worse than its starting month half the time.
#[test]
fn worse_than_start_on_symmetric_walk_is_one_half() {
    let mut p = testkit::plan(3, 1, 3, "2017-08", "2017-10", 6.0);
    testkit::set_trajectory(&mut p, &testkit::trajectory(ModelKind::LogAr1, 0.2));
    let kind = CriterionKind::WorseThan {
        reference: testkit::month("2017-07"),
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "worse", kind, METRIC_ASC, "2017-10", 1);
    p.trials = 5000;
    p.seed = 9;
    let res = run(&p, &RunConfig::default()).expect("runs");
    for i in 0..3 {
        let got = res.fired(i, 0) as f64 / p.trials as f64;
        within_4se(got, 0.5, p.trials, "P(worse_than)");
    }
}
