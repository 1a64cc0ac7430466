//! Tests of [`super::replay::pressure`]: a replay is pulled toward its
//! targets only in the calendar months the scenario's targets were in force.

use super::derive::derive;
use super::replay::{in_force_from, pressure, replay};
use crate::model::Prepared;
use crate::model::rng::trial_rngs;
use crate::model::trajectory::{TrajScratch, simulate};
use crate::scenario::dist::{Dist, Scope, Uncertain};
use crate::scenario::plan::{
    Action, CriterionKind, METRIC_ASC, Plan, STREAMS, Share, Stream, TargetOrigin, TargetRule,
};
use crate::scenario::testkit;
use crate::scenario::uncertain::{Param, TrajKey};

/// History to 2017-07, a rule target (half of February 2017) on `asc`
/// for September, pulling at 0.2 a month, noise-free latent steps.
fn full() -> Plan {
    let mut p = testkit::plan(3, 1, 30, "2017-08", "2017-11", 5.0);
    for (k, r) in p.history.rates.iter_mut().enumerate() {
        *r = 2.0 + (k % 97) as f64 / 10.0;
    }
    let mut tr = testkit::trajectory(crate::scenario::plan::ModelKind::LogAr1, 0.05);
    tr.pull = 0.2;
    testkit::set_trajectory(&mut p, &tr);
    let t = testkit::add_target(&mut p, METRIC_ASC, "2017-09", 1.0);
    let missed = CriterionKind::MissedTarget {
        target: t,
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "missed", missed, METRIC_ASC, "2017-09", 1);
    testkit::add_option(&mut p, "o", "missed", Action::Condition, Share::Flat(0.1));
    p.provenance.target_origins = vec![TargetOrigin {
        rule: Some("half of February".into()),
        spec: Some(TargetRule {
            baseline: testkit::month("2017-02"),
            average: 1,
            reduction: 0.5,
            floor: None,
            ceiling: None,
        }),
        baseline: vec![4.0; 3],
    }];
    p
}

/// Replayed plan at `at` with the pressure applied.
fn pressed(f: &Plan, at: &str) -> Plan {
    let at = testkit::month(at);
    let d = derive(f, at, 4).expect("derives");
    let mut r = replay(f, &d.plan, at).expect("replays");
    pressure(f, &mut r.plan, &d.kept);
    r.plan
}

/// Expected rates of trial 0, `[council][month][stream]`.
fn expected(p: &Plan) -> Vec<f64> {
    let prep = Prepared::new(p).expect("prepares");
    let mut s = TrajScratch::new(&prep);
    let mut out = vec![0.0; p.councils.len() * prep.months * STREAMS];
    let mut rngs = trial_rngs(p.seed, 0);
    simulate(&prep, &mut rngs.latent, &mut rngs.noise, &mut s, &mut out);
    s.expected().to_vec()
}

#[test]
fn targets_are_in_force_from_the_month_after_their_baseline() {
    assert_eq!(in_force_from(&full()), Some(testkit::month("2017-03")));
    let mut none = full();
    none.provenance.target_origins[0].spec = None;
    assert_eq!(in_force_from(&none), None);
}

#[test]
fn a_forecast_that_ends_before_the_targets_keeps_pull_zero() {
    // Origin 2016-10 forecasts 2016-11 .. 2017-02: before March 2017.
    let p = pressed(&full(), "2016-10");
    assert_eq!(p.pull_from, None);
    assert!(p.trajectories.iter().all(|t| t.pull == 0.0));
}

#[test]
fn a_forecast_across_the_start_is_pulled_from_it_on_only() {
    // Origin 2016-12 forecasts 2017-01 .. 2017-04: pulled in March and April.
    let f = full();
    let p = pressed(&f, "2016-12");
    assert_eq!(p.pull_from, Some(testkit::month("2017-03")));
    assert!(p.trajectories.iter().all(|t| t.pull == 0.2));
    let mut unpulled = p.clone();
    unpulled.trajectories.iter_mut().for_each(|t| t.pull = 0.0);
    let (a, b) = (expected(&p), expected(&unpulled));
    let months = p.n_sim_months();
    let asc = Stream::ALL
        .iter()
        .position(|&s| s == Stream::Asc)
        .expect("asc");
    for i in 0..p.councils.len() {
        for t in 0..months {
            let k = (i * months + t) * STREAMS + asc;
            if t < 2 {
                // January and February: the same draws, no pull, the same bits.
                assert_eq!(a[k].to_bits(), b[k].to_bits(), "council {i} month {t}");
            } else {
                assert_ne!(a[k], b[k], "council {i} month {t} is pulled");
            }
        }
    }
}

#[test]
fn a_drawn_pull_is_drawn_again_in_the_replay() {
    let mut f = full();
    let u = Uncertain {
        dist: Dist::Uniform { lo: 0.0, hi: 0.3 },
        scope: Scope::Council,
    };
    f.params
        .push(Param::new("trajectory.pull".into(), Default::default(), u));
    let k = f.params.len() - 1;
    f.trajectories
        .iter_mut()
        .for_each(|t| t.drawn.push((TrajKey::Pull, k)));
    let p = pressed(&f, "2017-01");
    assert!(
        p.trajectories
            .iter()
            .all(|t| t.drawn.contains(&(TrajKey::Pull, k)))
    );
    // derive() had removed it.
    let d = derive(&f, testkit::month("2017-01"), 4).expect("derives");
    assert!(d.plan.trajectories.iter().all(|t| t.drawn.is_empty()));
    // The replay draws the pull from `full`'s distribution, as `full` has
    // it now (an origin's learned posterior, `learned::at_origin`), not
    // from the one the origin plan was derived with.
    let mut g = f.clone();
    g.params[k].uncertain.dist = Dist::Uniform { lo: 0.1, hi: 0.2 };
    let mut p = derive(&f, testkit::month("2017-01"), 4)
        .expect("derives")
        .plan;
    assert_eq!(
        p.params[k].uncertain.dist,
        Dist::Uniform { lo: 0.0, hi: 0.3 }
    );
    super::replay::press_forecast(
        &g,
        &mut p,
        &(0..g.councils.len()).collect::<Vec<_>>(),
        testkit::month("2017-01"),
    );
    assert_eq!(
        p.params[k].uncertain.dist,
        Dist::Uniform { lo: 0.1, hi: 0.2 }
    );
}
