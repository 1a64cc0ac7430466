//! The stress test's bisection against a closed form, and its money run
//! against the engine's own per-council tallies.

use ibcf::analysis::RunSettings;
use ibcf::analysis::stress::bisect::Status;
use ibcf::analysis::stress::{StressSpec, analyse, money_plan};
use ibcf::engine::{self, RunConfig};
use ibcf::scenario::plan::{Action, CriterionKind, METRIC_ASC, ModelKind, Share};
use ibcf::scenario::testkit;
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

/// One council, log_ar1 with no noise, pull, correlation or jumps, k = 3
/// simulated months, criterion: asc missed its target T at the last month.
/// P(miss | δ) = 1 - Φ((log(T + c) - y0 - k(μ - δ)) / (σ √k)), so the δ giving
/// P = threshold is (z σ √k + y0 + k μ - log(T + c)) / k with z = Φ⁻¹(1 - threshold).
#[test]
fn bisection_finds_the_closed_form_improvement() {
    let (r0, c, mu, sigma, k, target, th): (f64, f64, f64, f64, f64, f64, f64) =
        (5.0, 0.1, 0.01, 0.1, 3.0, 4.5, 0.1);
    let mut p = testkit::plan(1, 1, 6, "2017-08", "2017-10", r0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, sigma);
    tr.drift = mu;
    testkit::set_trajectory(&mut p, &tr);
    let t = testkit::add_target(&mut p, METRIC_ASC, "2017-10", target);
    let kind = CriterionKind::MissedTarget {
        target: t,
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-10", 1);
    testkit::add_option(&mut p, "a", "missed", Action::Withhold, Share::Flat(0.5));
    p.trials = 20_000;
    p.seed = 11;
    let spec = StressSpec {
        council: 0,
        threshold: th,
        max_delta: 1.0,
        tol: 0.0005,
    };
    let v = analyse(&p, &spec, &RunSettings::default()).expect("stress");
    let n = Normal::standard();
    let z = n.inverse_cdf(1.0 - th);
    let y0 = (r0 + c).ln();
    let exact = (z * sigma * k.sqrt() + y0 + k * mu - (target + c).ln()) / k;
    // Delta-method se of the estimate: se(p) / |dp/dδ| at the answer.
    let slope = n.pdf(z) * k / (sigma * k.sqrt());
    let se = (th * (1.0 - th) / p.trials as f64).sqrt() / slope;
    let im = &v.options[0].improvement;
    assert_eq!(im.status, Status::Found);
    assert!(
        (im.delta - exact).abs() < 4.0 * se + spec.tol,
        "delta {} vs exact {exact} (se {se})",
        im.delta
    );
    // The reported uncertainty is the same delta-method quantity, estimated.
    assert!(
        im.delta_se > se / 2.0 && im.delta_se < se * 2.0,
        "{} vs {se}",
        im.delta_se
    );
    // At the answer the probability is below the threshold, just before it not.
    let below = im
        .evals
        .iter()
        .find(|e| e.0 == im.delta)
        .expect("evaluated");
    assert!(below.1 < th);
    assert!(v.options[0].p_review > th);
    // Patients a day: rate × population / 100,000.
    assert!((ibcf::analysis::stress::patients_per_day(2.0, 150_000.0) - 3.0).abs() < 1e-12);
}

/// The money run's national figure is the council's own amount in every
/// trial: its mean equals the engine's per-council expected amount, exactly.
#[test]
fn money_run_isolates_the_council() {
    let plan = testkit::rich_plan(600);
    let base = engine::run(&plan, &RunConfig::default()).expect("base");
    for i in [0, 4, 8] {
        let m = engine::run(&money_plan(&plan, i), &RunConfig::default()).expect("money");
        for (o, r) in m.options.iter().enumerate() {
            let sum: i128 = r.trial_funding_pence.iter().map(|&x| i128::from(x)).sum();
            assert_eq!(
                sum, base.options[o].at_risk_pence[i],
                "council {i} option {o}"
            );
            assert_eq!(r.reviewed, base.options[o].reviewed);
        }
    }
}

/// The improvement needed is said as a finance director reads it: a monthly
/// percentage cut and patients a day, no δ or log scale (those stay in
/// improvement.csv).
#[test]
fn improvement_is_said_in_plain_words() {
    let mut p = testkit::plan(1, 1, 6, "2017-08", "2017-10", 5.0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, 0.1);
    tr.drift = 0.01;
    testkit::set_trajectory(&mut p, &tr);
    let t = testkit::add_target(&mut p, METRIC_ASC, "2017-10", 4.5);
    let kind = CriterionKind::MissedTarget {
        target: t,
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-10", 1);
    testkit::add_option(&mut p, "a", "missed", Action::Withhold, Share::Flat(0.5));
    p.trials = 2_000;
    p.seed = 11;
    let words = |max_delta: f64| {
        let spec = StressSpec {
            council: 0,
            threshold: 0.1,
            max_delta,
            tol: 0.001,
        };
        let v = analyse(&p, &spec, &RunSettings::default()).expect("stress");
        ibcf::analysis::stress::page::improvement_words(&v, &v.options[0])
    };
    let found = words(1.0);
    assert!(
        found.starts_with("cutting its social-care delays by a further "),
        "{found}"
    );
    assert!(
        found.contains("% a month") && found.contains("patients delayed on an average day"),
        "{found}"
    );
    let not = words(0.01);
    assert!(
        not.starts_with("cannot be made safe by social-care improvement alone"),
        "{not}"
    );
    assert!(not.contains("1.0% every month"), "{not}");
    for w in [&found, &not] {
        assert!(!w.contains('δ') && !w.contains("log scale"), "{w}");
    }
}
