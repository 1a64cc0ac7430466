//! Hand-built plans for tests (unit and integration) while no loader is
//! needed: n councils with flat history, one trajectory for every stream,
//! and helpers to add targets, criteria and options.
#![doc(hidden)]

use crate::month::Month;
use crate::rules::expr;
use crate::scenario::plan::{
    Action, Correlation, Councils, Criterion, CriterionKind, History, Jump, ModelKind, Noise, Plan,
    PolicyOption, Provenance, RedistributeTo, Share, TargetSeries, Trajectory,
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
        trials: 1000,
        councils,
        regions: (0..regions.max(1)).map(|r| format!("Region {r}")).collect(),
        history: History {
            first: first_sim.plus(-(hist_months as i32)),
            n_months: hist_months,
            rates: vec![rate; n * hist_months * 3],
        },
        first_sim,
        last_sim: month(last_sim),
        metrics: Plan::builtin_metrics(),
        targets: Vec::new(),
        trajectories: vec![trajectory(ModelKind::LogAr1, 0.1); n * 3],
        criteria: Vec::new(),
        options: Vec::new(),
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
