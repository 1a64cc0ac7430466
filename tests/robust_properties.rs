//! Properties of the engine on random small plans (built with
//! `ibcf::scenario::testkit`), few cases each so the suite stays quick:
//! probabilities are fractions of trials; the expected amount at risk is at
//! most share × allocation; redistribution nets to zero; a larger share never
//! lowers the money at risk (same seed, so the same futures); `a or b`
//! reviews every council `a` does, in every trial; results do not depend on
//! threads or chunk size.

use ibcf::engine::{self, RunConfig};
use ibcf::scenario::plan::{
    Action, CriterionKind, METRIC_ASC, METRIC_TOTAL, ModelKind, Noise, Plan, Share,
};
use ibcf::scenario::testkit;
use proptest::prelude::*;

/// Parameters of one random plan.
#[derive(Debug, Clone)]
struct Spec {
    councils: usize,
    regions: usize,
    rate: f64,
    volatility: f64,
    drift: f64,
    noise: bool,
    target: f64,
    threshold: f64,
    share_a: f64,
    share_b: f64,
    cap: Option<i64>,
    seed: u64,
}

fn specs() -> impl Strategy<Value = Spec> {
    (
        (
            2usize..7,
            1usize..4,
            1.0f64..20.0,
            0.0f64..0.6,
            -0.1f64..0.1,
            any::<bool>(),
        ),
        (0.5f64..1.5, 0.5f64..1.5, 0.0f64..=1.0, 0.0f64..=1.0),
        (prop::option::of(0i64..2_000_000_000), any::<u64>()),
    )
        .prop_map(
            |((councils, regions, rate, volatility, drift, noise), (t, h, a, b), (cap, seed))| {
                Spec {
                    councils,
                    regions,
                    rate,
                    volatility,
                    drift,
                    noise,
                    target: rate * t,
                    threshold: rate * 3.0 * h,
                    share_a: a,
                    share_b: b,
                    cap,
                    seed,
                }
            },
        )
}

/// Options, in order: `a` (missed target, condition), `b` (high total,
/// redistribute), `a or b` (withhold, capped), `a` again with `share_b`.
fn plan_of(s: &Spec, trials: u64) -> Plan {
    let mut p = testkit::plan(s.councils, s.regions, 12, "2017-08", "2017-11", s.rate);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, s.volatility);
    tr.drift = s.drift;
    if s.noise {
        tr.noise = Noise::Poisson;
    }
    testkit::set_trajectory(&mut p, &tr);
    let t = testkit::add_target(&mut p, METRIC_ASC, "2017-09", s.target);
    testkit::add_criterion(
        &mut p,
        "a",
        CriterionKind::MissedTarget {
            target: t,
            tolerance: 0.0,
        },
        METRIC_ASC,
        "2017-09",
        1,
    );
    testkit::add_criterion(
        &mut p,
        "b",
        CriterionKind::AboveRate {
            threshold: s.threshold,
        },
        METRIC_TOTAL,
        "2017-11",
        1,
    );
    let share = |x| Share::Flat(x);
    testkit::add_option(&mut p, "a", "a", Action::Condition, share(s.share_a));
    testkit::add_option(&mut p, "b", "b", Action::Redistribute, share(s.share_b));
    testkit::add_option(
        &mut p,
        "a-or-b",
        "a or b",
        Action::Withhold,
        share(s.share_a),
    );
    testkit::add_option(&mut p, "a-b", "a", Action::Withhold, share(s.share_b));
    p.options[2].cap_pence = s.cap;
    p.trials = trials;
    p.seed = s.seed;
    p
}

fn run(p: &Plan, threads: usize, chunk: usize) -> engine::Results {
    let cfg = RunConfig {
        threads: Some(threads),
        chunk_size: chunk,
        ..RunConfig::default()
    };
    engine::run(p, &cfg).expect("runs")
}

/// The amount one review puts at risk, in pence (decision 28).
fn amount(share: f64, alloc: i64, cap: Option<i64>) -> i128 {
    let a = (share.clamp(0.0, 1.0) * alloc as f64).round() as i64;
    i128::from(cap.map_or(a, |c| a.min(c)))
}

const TRIALS: u64 = 300;

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn counts_are_fractions_and_money_is_bounded(s in specs()) {
        let p = plan_of(&s, TRIALS);
        let r = run(&p, 2, 64);
        let n = p.councils.len();
        for f in &r.criterion_fired {
            prop_assert!(*f <= TRIALS);
        }
        let shares = [s.share_a, s.share_b, s.share_a, s.share_b];
        let caps = [None, None, s.cap, None];
        for (k, o) in r.options.iter().enumerate() {
            for c in 0..n {
                prop_assert!(o.reviewed[c] <= TRIALS);
                for w in &o.why[c * 2..c * 2 + 2] {
                    prop_assert!(*w <= o.reviewed[c]);
                }
                let per_review = amount(shares[k], p.councils.allocation_pence[c], caps[k]);
                // Sum over trials of the amount = reviews × the amount.
                prop_assert_eq!(o.at_risk_pence[c], i128::from(o.reviewed[c] as i64) * per_review);
                prop_assert!(o.at_risk_pence[c] <= i128::from(TRIALS as i64) * per_review);
                prop_assert!(o.at_risk_pence[c] >= 0);
            }
            let net: i128 = o.net_change_pence.iter().sum();
            let risk: i128 = o.at_risk_pence.iter().sum();
            match p.options[k].action {
                Action::Condition => prop_assert!(o.net_change_pence.iter().all(|&x| x == 0)),
                Action::Redistribute => prop_assert_eq!(net, 0),
                Action::Withhold => prop_assert_eq!(net, -risk),
            }
            let national: i128 = o.trial_funding_pence.iter().map(|&x| i128::from(x)).sum();
            prop_assert_eq!(national, risk);
            let reviews: u64 = o.trial_reviewed.iter().map(|&x| u64::from(x)).sum();
            prop_assert_eq!(reviews, o.reviewed.iter().sum::<u64>());
        }
    }

    #[test]
    fn a_larger_share_never_lowers_money_at_risk(s in specs(), bump in 0.0f64..=1.0) {
        let lo = plan_of(&s, TRIALS);
        let mut hi = lo.clone();
        for o in &mut hi.options {
            if let Share::Flat(x) = &mut o.share {
                *x = (*x + bump).min(1.0);
            }
        }
        let (r_lo, r_hi) = (run(&lo, 2, 64), run(&hi, 2, 64));
        for (a, b) in r_lo.options.iter().zip(&r_hi.options) {
            prop_assert_eq!(&a.reviewed, &b.reviewed, "same futures, same reviews");
            for c in 0..lo.councils.len() {
                prop_assert!(b.at_risk_pence[c] >= a.at_risk_pence[c]);
            }
            for t in 0..TRIALS as usize {
                prop_assert!(b.trial_funding_pence[t] >= a.trial_funding_pence[t]);
            }
        }
    }

    #[test]
    fn a_or_b_reviews_everyone_a_does_in_every_trial(s in specs()) {
        let p = plan_of(&s, TRIALS);
        let r = run(&p, 2, 64);
        let (a, a_or_b, b) = (&r.options[0], &r.options[2], &r.options[1]);
        for c in 0..p.councils.len() {
            prop_assert!(a_or_b.reviewed[c] >= a.reviewed[c]);
            prop_assert!(a_or_b.reviewed[c] >= b.reviewed[c]);
            prop_assert!(a_or_b.reviewed[c] <= a.reviewed[c] + b.reviewed[c]);
        }
        for t in 0..TRIALS as usize {
            prop_assert!(a_or_b.trial_reviewed[t] >= a.trial_reviewed[t]);
        }
        // Reviewed under `a` but not under `a or b`: never.
        let pair = r.pair(0, 2).expect("pair a, a-or-b");
        prop_assert!(pair.a_not_b.iter().all(|&x| x == 0));
    }

    #[test]
    fn threads_and_chunks_do_not_change_results(s in specs(), chunk in 1usize..200) {
        let p = plan_of(&s, 257);
        let strip = |mut r: engine::Results| {
            r.threads = 0;
            r.elapsed_s = 0.0;
            format!("{r:?}")
        };
        let base = strip(run(&p, 1, engine::DEFAULT_CHUNK));
        prop_assert_eq!(&strip(run(&p, 2, chunk)), &base);
        prop_assert_eq!(&strip(run(&p, 1, chunk)), &base);
    }
}

#[test]
fn the_rich_plan_is_the_same_for_one_and_two_threads() {
    let p = testkit::rich_plan(700);
    let strip = |mut r: engine::Results| {
        r.threads = 0;
        r.elapsed_s = 0.0;
        format!("{r:?}")
    };
    assert_eq!(strip(run(&p, 1, 1024)), strip(run(&p, 2, 7)));
}

/// The random plans are not vacuous: with a target half the current rate and
/// a low threshold, both rules fire and money moves.
#[test]
fn the_random_plans_review_councils_and_move_money() {
    let s = Spec {
        councils: 4,
        regions: 2,
        rate: 8.0,
        volatility: 0.2,
        drift: 0.0,
        noise: true,
        target: 4.0,
        threshold: 20.0,
        share_a: 0.3,
        share_b: 0.5,
        cap: Some(10_000_000),
        seed: 5,
    };
    let r = run(&plan_of(&s, TRIALS), 2, 64);
    for o in &r.options {
        assert!(o.reviewed.iter().sum::<u64>() > TRIALS, "{:?}", o.reviewed);
    }
    assert!(r.options[1].net_change_pence.iter().any(|&x| x != 0));
}
