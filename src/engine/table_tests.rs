//! The table-driven criteria give exactly the reference evaluator's
//! decisions and gaps, on random trials of a plan with every criterion kind.

use super::table::{Criteria, MetricTable};
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::scenario::funnel::{Funnel, Overdispersion};
use crate::scenario::plan::{CriterionKind, METRIC_ASC, METRIC_TOTAL, STREAMS};
use crate::scenario::testkit;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};

#[test]
fn table_criteria_match_reference_bit_for_bit() {
    let mut p = testkit::plan(23, 3, 14, "2017-08", "2017-11", 3.0);
    for (i, pop) in p.councils.population_18plus.iter_mut().enumerate() {
        *pop = 20_000.0 + 37_000.0 * i as f64;
    }
    // Varied history so observed months matter.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(4);
    for r in p.history.rates.iter_mut() {
        *r = rng.random::<f64>() * 8.0;
    }
    testkit::add_target(&mut p, METRIC_ASC, "2017-09", 2.5);
    let kinds = [
        (
            CriterionKind::MissedTarget {
                target: 0,
                tolerance: 0.05,
            },
            METRIC_ASC,
            "2017-09",
            1,
        ),
        (
            CriterionKind::GapAbove {
                target: 0,
                threshold: 0.1,
            },
            METRIC_ASC,
            "2017-09",
            2,
        ),
        (
            CriterionKind::BottomQuartile { q: 0.25 },
            METRIC_TOTAL,
            "2017-11",
            3,
        ),
        (
            CriterionKind::WorseThan {
                reference: testkit::month("2016-11"),
                tolerance: 0.0,
            },
            METRIC_TOTAL,
            "2017-11",
            1,
        ),
        (
            CriterionKind::TrendWorse { window: 3 },
            METRIC_TOTAL,
            "2017-11",
            1,
        ),
        (
            CriterionKind::AboveRate { threshold: 4.0 },
            METRIC_ASC,
            "2017-10",
            2,
        ),
    ];
    // Funnels: one with its limits cached for the plan's targets, one
    // without (every limit computed), over a window of history and simulation.
    let mut kinds = kinds.to_vec();
    for (k, od) in [Overdispersion::None, Overdispersion::Additive]
        .into_iter()
        .enumerate()
    {
        let mut f = Funnel {
            target: 0,
            level: 0.99,
            overdispersion: od,
            phi: 1.0,
            tau2: 0.3,
            baseline: None,
            cached: Vec::new(),
        };
        if k == 0 {
            let sep = testkit::month("2017-09");
            f.cache(&p.targets, &p.councils.population_18plus, sep, 3);
        }
        kinds.push((CriterionKind::Funnel(f), METRIC_ASC, "2017-09", 3));
    }
    for (k, (kind, metric, month, avg)) in kinds.into_iter().enumerate() {
        testkit::add_criterion(&mut p, &format!("c{k}"), kind, metric, month, avg);
    }
    let months = p.n_sim_months();
    let slots = vec![METRIC_ASC, METRIC_TOTAL];
    let mut table = MetricTable::new(&p, &slots, months);
    let crit = Criteria::new(&p, &table).expect("every month is in the table");
    let (n, nc) = (p.councils.len(), p.criteria.len());
    let (mut f1, mut g1, mut f2, mut g2) = (
        vec![false; n * nc],
        vec![0.0; n * nc],
        vec![false; n * nc],
        vec![0.0; n * nc],
    );
    let (mut scratch, mut ranked) = (CritScratch::default(), Vec::new());
    let mut fired_any = 0;
    for trial in 0..300 {
        let sim: Vec<f64> = (0..n * months * STREAMS)
            .map(|_| match rng.random_range(0..20) {
                0 => f64::NAN,
                1 => 0.0,
                // Repeated values exercise the quartile tie-break.
                2 => 2.5,
                _ => rng.random::<f64>() * 8.0,
            })
            .collect();
        let r = Rates {
            plan: &p,
            targets: &p.targets,
            sim: &sim,
            months,
        };
        evaluate(&r, &mut scratch, &mut f1, &mut g1);
        table.fill(&p, &sim);
        crit.evaluate(&p.targets, &table, &mut ranked, &mut f2, &mut g2);
        assert_eq!(f1, f2, "trial {trial}: decisions differ");
        let bits = |g: &[f64]| g.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&g1), bits(&g2), "trial {trial}: gaps differ");
        for (s, &metric) in slots.iter().enumerate() {
            for i in 0..n {
                for t in 0..months {
                    let m = p.first_sim.plus(t as i32);
                    let want = r.metric(i, metric, m);
                    assert_eq!(table.sim_at(s, i, t).to_bits(), want.to_bits());
                }
            }
        }
        fired_any += f1.iter().filter(|&&f| f).count();
    }
    assert!(fired_any > 1000, "criteria fire: {fired_any}");
}
