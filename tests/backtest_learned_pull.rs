//! The pull learned at a backtest origin (issue 26 item 1, DECISIONS #92),
//! on the shipped scenario: an origin with fewer than three months under
//! the 2017 targets draws the stated prior (never the scenario's own
//! posterior, which saw later months); an origin with more draws the
//! posterior calibrate forms from history up to it, and nothing after the
//! origin changes that posterior.

use ibcf::analysis::backtest::learned::{at_origin, pull_dist};
use ibcf::analysis::calibrate;
use ibcf::month::Month;
use ibcf::scenario::dist::Dist;
use ibcf::scenario::plan::Plan;
use std::path::Path;

fn shipped() -> Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017");
    ibcf::scenario::load(&dir, &[]).expect("the shipped scenario loads")
}

fn month(s: &str) -> Month {
    s.parse().expect("a month")
}

fn prior() -> Dist {
    Dist::Triangular {
        lo: 0.0,
        mode: 0.08,
        hi: 0.25,
    }
}

/// The distribution an origin draws: the learned plan's, or the scenario's.
fn drawn(full: &Plan, at: Month) -> Dist {
    let (plan, _) = at_origin(full, at);
    pull_dist(plan.as_ref().unwrap_or(full)).expect("a drawn pull")
}

#[test]
fn origins_before_three_target_months_draw_the_stated_prior() {
    let full = shipped();
    for at in ["2016-06", "2017-02", "2017-03", "2017-04"] {
        let (_, fit) = at_origin(&full, month(at));
        assert!(fit.is_none(), "{at}: no fit expected");
        assert_eq!(drawn(&full, month(at)), prior(), "{at}");
    }
}

#[test]
fn later_origins_draw_the_posterior_from_history_up_to_them() {
    let full = shipped();
    let at = month("2017-06");
    let (plan, fit) = at_origin(&full, at);
    let fit = fit.expect("a fit at 2017-06 (March to June under the targets)");
    let est = fit.estimate.expect("a differenced estimate");
    assert_eq!(fit.placebo.len(), 2, "2015 and 2016 fit in the history");
    assert!(est.se > 0.0 && est.months == 4, "{est:?}");
    let direct = calibrate::calibrate(&full, None, Some(at)).expect("calibrates");
    assert_eq!(Some(fit.clone()), Some(direct.pull));
    let Dist::Grid(g) = drawn(&full, at) else {
        panic!("a posterior grid at 2017-06")
    };
    assert_eq!(Some(g), fit.posterior);
    assert_eq!(g.prior, Some(prior()));
    assert!(plan.is_some() || pull_dist(&full) == Some(Dist::Grid(g)));
    // Nothing after the origin reaches it: scramble every later month.
    let mut later = full.clone();
    let h = &mut later.history;
    let cut = (at.since(h.first) + 1) as usize;
    let per_council = h.n_months * 3;
    for (k, v) in h.rates.iter_mut().enumerate() {
        if (k % per_council) / 3 >= cut {
            *v *= 3.0;
        }
    }
    let (_, again) = at_origin(&later, at);
    assert_eq!(again, Some(fit));
}

/// End to end: the origin 2017-06 (four months under the targets) learns
/// the posterior `at_origin` gives and says so in `Origin::pull` (that the
/// replay then draws from it is `replay_pressure_tests`'); an origin with
/// one target month before it learns nothing.
#[test]
fn an_origin_with_target_months_reports_what_it_learned() {
    use ibcf::analysis::backtest::{Config, run_origin};
    let full = shipped();
    let cfg = Config {
        horizon: 1,
        trials: 40,
        seed: 11,
        recalibrate: true,
        decisions: false,
        threads: Some(1),
    };
    let at = month("2017-06");
    let o = run_origin(&full, &full.history, at, &cfg).expect("backtests");
    assert!(o.pull.as_ref().is_some_and(|p| p.posterior.is_some()));
    assert_eq!(o.pull, at_origin(&full, at).1);
    let early = run_origin(&full, &full.history, month("2017-03"), &cfg).expect("backtests");
    assert!(early.pull.is_none());
}
