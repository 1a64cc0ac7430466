//! Hand-built plans for tests (unit and integration) while no loader is
//! needed: n councils with flat history, one trajectory for every stream,
//! and helpers to add targets, criteria and options.
#![doc(hidden)]

use crate::month::Month;
use crate::scenario::expr;
use crate::scenario::plan::{
    Action, Correlation, Councils, Criterion, CriterionKind, History, Jump, ModelKind, Noise, Plan,
    PolicyOption, Provenance, RedistributeTo, STREAMS, Share, TargetSeries, Trajectory,
};

/// Parses `YYYY-MM`; test inputs only.
pub fn month(s: &str) -> Month {
    s.parse().unwrap_or_default()
}

/// A log_ar1 trajectory with no drift, pull, correlation, seasonality, jumps or noise.
pub fn trajectory(model: ModelKind, volatility: f64) -> Trajectory {
    Trajectory {
        model,
        drift: 0.0,
        pull: 0.0,
        volatility,
        offset: 0.1,
        correlation: Correlation::default(),
        seasonality: [0.0; 12],
        jump: Jump::default(),
        noise: Noise::None,
        dispersion: 20.0,
        drawn: Vec::new(),
        damping: 0.8,
        slope_volatility: 0.0,
        national_swing: 0.0,
    }
}

/// `n` councils in `regions` regions (round robin), population 100,000,
/// allocation `(i + 1) × £1m`, history of `hist_months` months ending the
/// month before `first_sim`, every stream at `rate` in every month.
pub fn plan(
    n: usize,
    regions: usize,
    hist_months: usize,
    first_sim: &str,
    last_sim: &str,
    rate: f64,
) -> Plan {
    let first_sim = month(first_sim);
    let councils = Councils {
        code: (0..n).map(|i| format!("E{:08}", i + 1)).collect(),
        name: (0..n).map(|i| format!("Council {}", i + 1)).collect(),
        region: (0..n).map(|i| i % regions.max(1)).collect(),
        population_18plus: vec![100_000.0; n],
        allocation_pence: (0..n).map(|i| (i as i64 + 1) * 100_000_000).collect(),
        asc_budget_pence: vec![None; n],
        reserves_pence: vec![None; n],
    };
    Plan {
        name: "test".into(),
        title: "Test plan".into(),
        provenance: Provenance::default(),
        seed: 1,
        noise_sampler: Default::default(),
        trials: 1000,
        councils,
        regions: (0..regions.max(1)).map(|r| format!("Region {r}")).collect(),
        history: History {
            first: first_sim.plus(-(hist_months as i32)),
            n_months: hist_months,
            rates: vec![rate; n * hist_months * STREAMS],
        },
        first_sim,
        last_sim: month(last_sim),
        pull_from: None,
        metrics: Plan::builtin_metrics(),
        targets: Vec::new(),
        trajectories: vec![trajectory(ModelKind::LogAr1, 0.1); n * STREAMS],
        params: Vec::new(),
        criteria: Vec::new(),
        options: Vec::new(),
        consequences: None,
        fairness_intent: None,
    }
}

/// Sets every council's and stream's trajectory.
pub fn set_trajectory(p: &mut Plan, t: &Trajectory) {
    p.trajectories.iter_mut().for_each(|x| *x = t.clone());
}

/// Adds a target series (same rate for every council); returns its index.
pub fn add_target(p: &mut Plan, metric: usize, m: &str, rate: f64) -> usize {
    p.targets.push(TargetSeries {
        metric,
        month: month(m),
        rate: vec![rate; p.councils.len()],
        drawn: None,
    });
    p.targets.len() - 1
}

/// Adds a criterion; returns its index.
pub fn add_criterion(
    p: &mut Plan,
    name: &str,
    kind: CriterionKind,
    metric: usize,
    m: &str,
    average: u32,
) -> usize {
    p.criteria.push(Criterion {
        name: name.into(),
        kind,
        metric,
        month: month(m),
        average,
    });
    p.criteria.len() - 1
}

/// Adds an option whose rule is parsed against the plan's criteria (an
/// unparsable rule becomes `false`).
pub fn add_option(p: &mut Plan, id: &str, rule: &str, action: Action, share: Share) {
    let names: Vec<String> = p.criteria.iter().map(|c| c.name.clone()).collect();
    let parsed = expr::parse(rule, |s| names.iter().position(|x| x == s).ok_or(None))
        .unwrap_or(expr::Expr::Const(false));
    p.options.push(PolicyOption {
        id: id.into(),
        label: format!("Option {id}"),
        rule_text: rule.into(),
        rule: parsed,
        action,
        share,
        cap_pence: None,
        redistribute_to: RedistributeTo::NotReviewed,
    });
}

/// A plan that exercises every feature: 9 councils in 3 regions with varied
/// history and populations, correlation, seasonality, jumps, negative
/// binomial noise, target pull, one bootstrapping council, all six criterion
/// kinds and three options (condition, graduated redistribution, capped withhold).
pub fn rich_plan(trials: u64) -> Plan {
    use crate::scenario::plan::{METRIC_ASC, METRIC_NHS, METRIC_TOTAL};
    let mut p = plan(9, 3, 12, "2017-08", "2017-11", 5.0);
    let hm = p.history.n_months;
    for (k, r) in p.history.rates.iter_mut().enumerate() {
        let (i, m, a) = (k / (hm * STREAMS), (k / STREAMS) % hm, k % STREAMS);
        *r = 2.0 + i as f64 * 0.7 + a as f64 + ((m * 7 + i * 3 + a) % 5) as f64 * 0.4;
    }
    p.councils.population_18plus = (0..9).map(|i| 50_000.0 + 40_000.0 * i as f64).collect();
    let mut tr = trajectory(ModelKind::LogAr1, 0.12);
    tr.drift = -0.01;
    tr.pull = 0.2;
    tr.correlation = Correlation {
        national: 0.3,
        regional: 0.2,
        council: 0.2,
    };
    tr.seasonality[11] = 0.05;
    tr.seasonality[8] = -0.03;
    tr.jump = Jump {
        probability: 0.1,
        mean: 0.2,
        sd: 0.1,
    };
    tr.noise = Noise::NegativeBinomial;
    set_trajectory(&mut p, &tr);
    let mut boot = tr.clone();
    boot.model = ModelKind::Bootstrap;
    p.trajectories[3..6]
        .iter_mut()
        .for_each(|x| *x = boot.clone());
    let t_asc = add_target(&mut p, METRIC_ASC, "2017-09", 4.0);
    let t_tot = add_target(&mut p, METRIC_TOTAL, "2017-11", 14.0);
    let feb = month("2017-02");
    add_criterion(
        &mut p,
        "missed_sept",
        CriterionKind::MissedTarget {
            target: t_asc,
            tolerance: 0.0,
        },
        METRIC_ASC,
        "2017-09",
        1,
    );
    add_criterion(
        &mut p,
        "gap_total",
        CriterionKind::GapAbove {
            target: t_tot,
            threshold: 0.05,
        },
        METRIC_TOTAL,
        "2017-11",
        2,
    );
    add_criterion(
        &mut p,
        "bottom_quartile",
        CriterionKind::BottomQuartile { q: 0.25 },
        METRIC_TOTAL,
        "2017-11",
        3,
    );
    add_criterion(
        &mut p,
        "worse_than_feb",
        CriterionKind::WorseThan {
            reference: feb,
            tolerance: 0.0,
        },
        METRIC_ASC,
        "2017-10",
        1,
    );
    add_criterion(
        &mut p,
        "trend_worse",
        CriterionKind::TrendWorse { window: 3 },
        METRIC_TOTAL,
        "2017-11",
        1,
    );
    add_criterion(
        &mut p,
        "high_nhs",
        CriterionKind::AboveRate { threshold: 6.0 },
        METRIC_NHS,
        "2017-10",
        1,
    );
    add_option(
        &mut p,
        "conditions-33",
        "missed_sept and at_least(2, bottom_quartile, worse_than_feb, trend_worse)",
        Action::Condition,
        Share::Flat(0.33),
    );
    let grad = Share::Graduated {
        criterion: 1,
        points: vec![(0.0, 0.1), (0.5, 0.5)],
    };
    add_option(
        &mut p,
        "redistribute",
        "gap_total or bottom_quartile",
        Action::Redistribute,
        grad,
    );
    add_option(
        &mut p,
        "withhold",
        "missed_sept or not high_nhs",
        Action::Withhold,
        Share::Flat(0.2),
    );
    p.options[2].cap_pence = Some(40_000_000);
    p.trials = trials;
    p.seed = 20171010;
    p
}
