//! `engine::variants::run_variants` (one simulation, many deciding plans)
//! against a separate `engine::run` of each variant: identical figures.

use ibcf::engine::variants::{FIGURES, run_variants};
use ibcf::engine::{OptionResult, RunConfig, run};
use ibcf::scenario::plan::{CriterionKind, Plan, Share};
use ibcf::scenario::testkit;

fn variants(base: &Plan) -> Vec<Plan> {
    let mut out = vec![base.clone()];
    let mut a = base.clone();
    a.options[0].share = Share::Flat(0.5);
    out.push(a);
    let mut b = base.clone();
    if let CriterionKind::AboveRate { threshold } = &mut b.criteria[5].kind {
        *threshold = 4.5;
    }
    b.criteria[5].name = "high_nhs_45".into();
    out.push(b);
    let mut c = base.clone();
    c.options[2].rule = ibcf::scenario::expr::Expr::Crit(0);
    c.fairness_intent = Some(ibcf::scenario::expr::Expr::Crit(2));
    out.push(c);
    out
}

/// (mean, se) of every figure of one option of a full run, in FIGURES order.
fn figures(r: &OptionResult) -> Vec<(f64, f64)> {
    let f = &r.fairness;
    [
        r.national.reviewed,
        r.national.funding,
        f.rightly_reviewed,
        f.wrongly_reviewed,
        f.wrongly_spared,
        f.wrong_funding,
    ]
    .iter()
    .map(|s| (s.mean, s.se))
    .collect()
}

#[test]
fn every_variant_equals_its_own_run() {
    let base = testkit::rich_plan(500);
    let vs = variants(&base);
    let cfg = RunConfig {
        threads: Some(2),
        ..RunConfig::default()
    };
    let tallies = run_variants(&base, &vs, &cfg, 0..base.trials).expect("runs");
    assert_eq!(tallies.len(), vs.len());
    for (k, (v, t)) in vs.iter().zip(&tallies).enumerate() {
        let res = run(v, &RunConfig::default()).expect("runs");
        let n = res.n_councils;
        for (o, r) in res.options.iter().enumerate() {
            assert_eq!(
                t.reviewed[o * n..(o + 1) * n],
                r.reviewed[..],
                "variant {k} option {o}"
            );
            assert_eq!(
                t.wrongly_reviewed[o * n..(o + 1) * n],
                r.wrongly_reviewed[..]
            );
            assert_eq!(t.wrongly_spared[o * n..(o + 1) * n], r.wrongly_spared[..]);
            let got: Vec<(f64, f64)> = (0..FIGURES.len()).map(|f| t.mean_se(o, f)).collect();
            assert_eq!(got, figures(r), "variant {k} option {o}");
        }
    }
    // The variants differ: the share moves the money, the threshold the reviews.
    assert_ne!(tallies[0].mean_se(0, 1), tallies[1].mean_se(0, 1));
    assert_eq!(tallies[0].reviewed, tallies[1].reviewed);
}

#[test]
fn a_variant_that_changes_the_paths_is_refused() {
    let base = testkit::rich_plan(50);
    let mut v = base.clone();
    v.trajectories[0].pull = 0.9;
    let err =
        run_variants(&base, &[base.clone(), v], &RunConfig::default(), 0..50).expect_err("refused");
    assert!(err.to_string().contains("variant 2"), "{err}");
}

#[test]
fn split_trials_merge_to_the_whole() {
    let base = testkit::rich_plan(300);
    let vs = variants(&base);
    let cfg = RunConfig::default();
    let whole = run_variants(&base, &vs, &cfg, 0..300).expect("runs");
    let mut a = run_variants(&base, &vs, &cfg, 0..120).expect("runs");
    let b = run_variants(&base, &vs, &cfg, 120..300).expect("runs");
    for (x, y) in a.iter_mut().zip(&b) {
        x.merge(y);
    }
    assert_eq!(a, whole);
}

/// What `ibcf sweep` keeps on the shared path (`Keep`): per variant option
/// every trial's councils reviewed and funding (sorted) equal its own run's
/// per-trial figures, the consequences' moments equal the run's per-trial
/// consequences figures summed, and the tallies are the same for one
/// thread over all trials as for two threads over two merged ranges.
#[test]
fn kept_values_and_consequences_equal_each_variants_own_run() {
    use ibcf::engine::variants::{Keep, run_variants_keeping};
    use ibcf::stats::Moments;
    let sets = ["consequences.avoidable=0.25".to_string()];
    let mut base = ibcf::scenario::load(std::path::Path::new("scenarios/tutorial"), &sets)
        .expect("tutorial loads");
    base.trials = 301;
    base.seed = 8;
    assert!(base.consequences.is_some());
    let mut other = base.clone();
    other.options[0].share = Share::Flat(0.5);
    other.options[1].rule = ibcf::scenario::expr::Expr::Crit(0);
    let vs = vec![base.clone(), other];
    let keep = Keep {
        values: true,
        consequences: true,
    };
    let one = RunConfig {
        threads: Some(1),
        ..RunConfig::default()
    };
    let two = RunConfig {
        threads: Some(2),
        ..RunConfig::default()
    };
    let whole = run_variants_keeping(&base, &vs, &one, 0..301, keep).expect("whole");
    let mut split = run_variants_keeping(&base, &vs, &two, 0..137, keep).expect("lo");
    let hi = run_variants_keeping(&base, &vs, &two, 137..301, keep).expect("hi");
    split.iter_mut().zip(&hi).for_each(|(a, b)| a.merge(b));
    assert_eq!(whole, split);
    for (k, (v, t)) in vs.iter().zip(&whole).enumerate() {
        let res = run(v, &RunConfig::default()).expect("runs");
        for (o, r) in res.options.iter().enumerate() {
            let mut rev: Vec<i64> = r.trial_reviewed.iter().map(|&x| i64::from(x)).collect();
            let mut fund = r.trial_funding_pence.clone();
            rev.sort_unstable();
            fund.sort_unstable();
            assert_eq!(t.values[2 * o], rev, "variant {k} option {o} reviewed");
            assert_eq!(t.values[2 * o + 1], fund, "variant {k} option {o} funding");
        }
        let out = res.consequences.as_ref().expect("consequences");
        assert_eq!(t.consequences.len(), out.trial.len());
        for (f, per_trial) in out.trial.iter().enumerate() {
            let mut m = Moments::default();
            per_trial.iter().for_each(|&x| m.add(x));
            assert_eq!(t.consequences[f], m, "variant {k} figure {f}");
        }
    }
    // Without `Keep`, nothing extra is held.
    let lean = run_variants_keeping(&base, &vs, &one, 0..301, Keep::default()).expect("lean");
    assert!(
        lean.iter()
            .all(|t| t.values.is_empty() && t.consequences.is_empty())
    );
}
