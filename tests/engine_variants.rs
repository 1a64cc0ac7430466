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
