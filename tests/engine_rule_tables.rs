//! Reviews decided by truth tables (plans with at most 16 criteria) equal
//! reviews decided by evaluating the rule expressions (the fallback for more
//! criteria): the same plan, padded with criteria that no rule mentions,
//! gives the same reviews, money and noise check.

use ibcf::engine::{RunConfig, run_with_noise_check};
use ibcf::rules::truth::MAX_CRITERIA;
use ibcf::scenario::plan::{CriterionKind, METRIC_ASC};
use ibcf::scenario::testkit;

#[test]
fn expression_fallback_equals_truth_tables() {
    let cfg = RunConfig {
        threads: Some(2),
        ..RunConfig::default()
    };
    let plan = testkit::rich_plan(400);
    let nc = plan.criteria.len();
    assert!(nc <= MAX_CRITERIA, "the base plan must use the tables");
    let mut padded = plan.clone();
    while padded.criteria.len() <= MAX_CRITERIA {
        let k = padded.criteria.len();
        let kind = CriterionKind::AboveRate {
            threshold: k as f64,
        };
        testkit::add_criterion(
            &mut padded,
            &format!("pad{k}"),
            kind,
            METRIC_ASC,
            "2017-09",
            1,
        );
    }
    let tabled = run_with_noise_check(&plan, &cfg).expect("runs");
    let evaluated = run_with_noise_check(&padded, &cfg).expect("runs");
    assert_eq!(tabled.without_noise, evaluated.without_noise);
    let mut any_reviewed = false;
    for (a, b) in tabled.options.iter().zip(&evaluated.options) {
        assert_eq!(a.reviewed, b.reviewed);
        assert_eq!(a.at_risk_pence, b.at_risk_pence);
        assert_eq!(a.net_change_pence, b.net_change_pence);
        assert_eq!(a.trial_funding_pence, b.trial_funding_pence);
        any_reviewed |= a.reviewed.iter().any(|&r| r > 0);
    }
    assert!(
        any_reviewed,
        "no council reviewed: the comparison is vacuous"
    );
    let wide = evaluated.n_criteria;
    for i in 0..tabled.n_councils {
        for c in 0..nc {
            assert_eq!(tabled.fired(i, c), evaluated.criterion_fired[i * wide + c]);
        }
    }
}
