//! The review-decision backtest on synthetic histories: half the councils
//! rise steadily, half stay flat; a council is "reviewed" when its total
//! rate at the decision month is over 40% above the baseline month's
//! (origin − 5; decision = origin + 4). The model knows each council's
//! drift. Where the rise goes on, the model's decisions beat persistence
//! (which sees no council over the line yet) and the constant base rate;
//! where every council stops rising at the origin (a regime change the
//! history cannot show), the model loses to both: the decision scores can fail.

use ibcf::analysis::backtest::{self, Config, Origin};
use ibcf::month::Month;
use ibcf::scenario::plan::{Action, CriterionKind, METRIC_TOTAL, ModelKind, Plan, Share};
use ibcf::scenario::testkit;

const N: usize = 200;
const RISE: f64 = 0.05;

/// 36 months of history to 2017-07 (the scenario's last observed month);
/// the rising councils stop rising after `stop` when given.
fn scenario(stop: Option<Month>) -> Plan {
    let mut p = testkit::plan(N, 4, 36, "2017-08", "2017-11", 5.0);
    let first = p.history.first;
    let hm = p.history.n_months;
    for (k, r) in p.history.rates.iter_mut().enumerate() {
        let (i, m) = (k / (hm * 3), (k / 3) % hm);
        let month = first.plus(m as i32);
        let months_rising = match stop {
            Some(s) if month > s => s.since(first),
            _ => m as i32,
        };
        let rise = if i % 2 == 0 { RISE } else { 0.0 };
        *r = 5.0 * (rise * f64::from(months_rising)).exp();
    }
    let mut tr = testkit::trajectory(ModelKind::LogAr1, 0.02);
    tr.offset = 0.1;
    testkit::set_trajectory(&mut p, &tr);
    for i in (0..N).step_by(2) {
        for a in 0..3 {
            p.trajectories[i * 3 + a].drift = RISE;
        }
    }
    testkit::add_criterion(
        &mut p,
        "rising",
        CriterionKind::WorseThan {
            reference: testkit::month("2017-02"),
            tolerance: 0.4,
        },
        METRIC_TOTAL,
        "2017-11",
        1,
    );
    testkit::add_option(
        &mut p,
        "review",
        "rising",
        Action::Condition,
        Share::Flat(0.1),
    );
    p
}

fn origin(stop: Option<Month>) -> Origin {
    let full = scenario(stop);
    let at = testkit::month("2017-03");
    let cfg = Config {
        horizon: 4,
        trials: 400,
        seed: 3,
        recalibrate: false,
        decisions: true,
        threads: None,
    };
    backtest::run_origin(&full, &full.history, at, &cfg).expect("backtests")
}

#[test]
fn model_beats_both_baselines_when_the_trend_goes_on() {
    let o = origin(None);
    let d = &o.decisions[0];
    assert_eq!(d.option, "review");
    // Decision month shifted with the origin: 2017-03 + 4.
    assert_eq!(d.decision_month, testkit::month("2017-07"));
    assert_eq!(d.councils, N);
    assert_eq!(d.actual, (N / 2) as u32);
    assert!(d.covered(), "{d:?}");
    assert!(d.p5 <= d.p25 && d.p25 <= d.p75 && d.p75 <= d.p95, "{d:?}");
    assert!(d.covered50(), "{d:?}");
    assert!(d.brier < 0.01, "{d:?}");
    // Persistence: nobody over the line at the origin (e^{0.25} < 1.4).
    assert_eq!(d.persistence_count, 0);
    assert!((d.persistence_brier - 0.5).abs() < 1e-12);
    // Constant: half the councils were reviewed at every earlier origin.
    assert!((d.constant_p - 0.5).abs() < 1e-12, "{d:?}");
    assert!(d.constant_source.starts_with("base rate"));
    assert!((d.constant_brier - 0.25).abs() < 1e-12);
}

#[test]
fn model_loses_to_persistence_after_a_regime_change() {
    let o = origin(Some(testkit::month("2017-03")));
    let d = &o.decisions[0];
    assert_eq!(d.actual, 0);
    assert_eq!(d.persistence_count, 0);
    assert_eq!(d.persistence_brier, 0.0);
    assert!(!d.covered(), "{d:?}");
    assert!(!d.covered50(), "{d:?}");
    assert!(d.brier > 0.45, "{d:?}");
    assert!(d.brier > d.persistence_brier && d.brier > d.constant_brier);
}

#[test]
fn coverage_over_origins_counts_the_50_and_90_ranges() {
    // One origin inside both ranges, one outside both: each share is 1/2.
    let os = [origin(None), origin(Some(testkit::month("2017-03")))];
    let sums = backtest::decision_report::summarise(&os);
    assert_eq!(sums.len(), 1);
    assert_eq!(sums[0].origins, 2);
    assert!((sums[0].coverage50 - 0.5).abs() < 1e-12, "{:?}", sums[0]);
    assert!((sums[0].coverage - 0.5).abs() < 1e-12, "{:?}", sums[0]);
}
