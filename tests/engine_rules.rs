//! Cross-council criteria and money, checked trial by trial.

use ibcf::engine::{RunConfig, run};
use ibcf::scenario::plan::{Action, CriterionKind, METRIC_TOTAL, ModelKind, Noise, Share};
use ibcf::scenario::testkit;

fn quartile_plan(n: usize, trials: u64) -> ibcf::Plan {
    let mut p = testkit::plan(n, 2, 3, "2017-08", "2017-10", 4.0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, 0.2);
    tr.noise = Noise::Poisson;
    testkit::set_trajectory(&mut p, &tr);
    let kind = CriterionKind::BottomQuartile { q: 0.25 };
    testkit::add_criterion(&mut p, "bq", kind, METRIC_TOTAL, "2017-10", 2);
    testkit::add_option(&mut p, "a", "bq", Action::Condition, Share::Flat(0.33));
    p.trials = trials;
    p
}

#[test]
fn bottom_quartile_flags_exactly_ceil_n_over_4_each_trial() {
    for n in [1usize, 5, 10, 13] {
        let p = quartile_plan(n, 300);
        let res = run(&p, &RunConfig::default()).expect("runs");
        let want = n.div_ceil(4) as u32;
        assert!(
            res.options[0].trial_reviewed.iter().all(|&k| k == want),
            "n = {n}"
        );
    }
}

#[test]
fn bottom_quartile_identical_councils_each_one_quarter() {
    let p = quartile_plan(8, 4000);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let se = (0.25 * 0.75 / 4000.0_f64).sqrt();
    for i in 0..8 {
        let got = res.options[0].reviewed[i] as f64 / 4000.0;
        assert!((got - 0.25).abs() <= 4.0 * se, "council {i}: {got}");
    }
}

#[test]
fn redistribution_nets_to_zero_and_withhold_removes() {
    let mut p = quartile_plan(7, 500);
    p.councils.allocation_pence = vec![101, 3_333_333, 7, 99_999_999, 12_345, 1, 55_555];
    testkit::add_option(&mut p, "r", "bq", Action::Redistribute, Share::Flat(0.33));
    testkit::add_option(&mut p, "w", "bq", Action::Withhold, Share::Flat(0.33));
    let res = run(
        &p,
        &RunConfig {
            chunk_size: 1,
            ..RunConfig::default()
        },
    )
    .expect("runs");
    // Summed over councils and trials; the per-trial check is in rules::money.
    let net: i128 = res.options[1].net_change_pence.iter().sum();
    assert_eq!(net, 0);
    let at_risk: i128 = res.options[2].at_risk_pence.iter().sum();
    let removed: i128 = res.options[2].net_change_pence.iter().sum();
    assert!(at_risk > 0);
    assert_eq!(removed, -at_risk);
    let total: i128 = res.options[1]
        .trial_funding_pence
        .iter()
        .map(|&x| i128::from(x))
        .sum();
    assert_eq!(total, at_risk);
    assert!(res.options[0].net_change_pence.iter().all(|&x| x == 0));
}
