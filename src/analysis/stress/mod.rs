//! `ibcf stress`: one council's view of a scenario — its probability of
//! review per option and the criteria behind it, the money it has at risk
//! (mean, P95, ES95, as a share of its social-care budget and reserves), its
//! fan chart, and the **improvement needed to be safe**: the smallest extra
//! monthly reduction δ of its social-care (asc) delay rate that brings its
//! review probability below a threshold, per option.
//!
//! * Money: the council's per-trial amount is not kept by the engine, so the
//!   money run zeroes every other council's allocation: the national funding
//!   at risk of that run *is* the council's amount, trial by trial (reviews do
//!   not depend on allocations), giving exact quantiles.
//! * Improvement: an extra drift −δ on the council's asc stream (log scale per
//!   month, so δ = 0.05 is about 5% a month), solved by bisection on common
//!   random numbers (same seed, so p(δ) is a deterministic step function).
//!   Its Monte Carlo se is the delta-method `se(p) / |dp/dδ|` at the answer,
//!   with the slope from p at δ ± h (h = max(δ/4, 0.01)). Drift has no effect
//!   on a `bootstrap` stream; such councils report `not_reached`.

pub mod bisect;
pub mod charts;
pub mod folder;
pub mod page;
pub mod spec;

use super::{RunSettings, ToolError};
use crate::engine::Results;
use crate::month::Month;
use crate::scenario::plan::{METRIC_ASC, Plan, Stream, council_stream};
use crate::stats::Summary;
use crate::stats::compare::binomial_se;
use bisect::Status;
pub use spec::{StressSpec, TOLERANCE};
use std::collections::HashMap;

/// One option from the council's side.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionView {
    pub id: String,
    pub label: String,
    /// The option's penalty action (names the money, `rules::money_words`).
    pub action: crate::scenario::plan::Action,
    pub p_review: f64,
    pub p_review_se: f64,
    /// With observation noise off on the same paths (`None`: the scenario
    /// has no noise, so it equals `p_review`).
    pub p_review_without_noise: Option<f64>,
    /// Per criterion: share of the council's reviewed trials in which it held.
    pub why: Vec<Option<f64>>,
    /// The council's amount per trial (under conditions, withheld or moved,
    /// by `action`), summarised (pounds).
    pub at_risk: Summary,
    pub share_of_asc_budget: Option<f64>,
    pub share_of_reserves: Option<f64>,
    pub improvement: Improvement,
}

/// The improvement needed to be safe under one option.
#[derive(Debug, Clone, PartialEq)]
pub struct Improvement {
    pub status: Status,
    /// Extra monthly reduction of the asc latent log level.
    pub delta: f64,
    /// Monte Carlo se of `delta` (delta method); NaN when not found.
    pub delta_se: f64,
    /// Median simulated asc rate at the target month, now and with δ.
    pub rate_now: f64,
    pub rate_needed: f64,
    /// The (δ, p_review) the bisection evaluated, in order.
    pub evals: Vec<(f64, f64)>,
    /// Every δ evaluated for any option (each run scores all options), plus
    /// a grid of eighths of the search range, sorted by δ: the whole curve.
    pub curve: Vec<(f64, f64)>,
}

/// The whole view.
#[derive(Debug, Clone, PartialEq)]
pub struct CouncilView {
    pub code: String,
    pub name: String,
    pub region: String,
    pub population_18plus: f64,
    pub allocation: f64,
    pub asc_budget: Option<f64>,
    pub reserves: Option<f64>,
    pub trials: u64,
    pub seed: u64,
    pub threshold: f64,
    pub tol: f64,
    /// Month at which the asc rate is reported (its first target, else the last month).
    pub target_month: Month,
    pub criteria: Vec<String>,
    /// Per criterion: share of trials in which it held for this council.
    pub p_criteria: Vec<f64>,
    pub options: Vec<OptionView>,
    /// Fan chart: metric name, first month, rows (p5, p25, p50, p75, p95, target).
    pub fan: Option<Fan>,
    /// The council's cost of hitting the target, in words (`[consequences]` only).
    pub cost_line: Option<String>,
}

/// The council's fan chart, with the median path under each option's δ.
#[derive(Debug, Clone, PartialEq)]
pub struct Fan {
    pub metric: String,
    pub first_month: Month,
    pub rows: Vec<crate::engine::PathRow>,
    /// Per option with a found δ: (option id, median per row).
    pub improved: Vec<(String, Vec<f64>)>,
}

/// Patients delayed on an average day for a rate (per 100,000 aged 18+).
pub fn patients_per_day(rate: f64, population_18plus: f64) -> f64 {
    rate * population_18plus / 100_000.0
}

/// Index of the fan metric among the run's paths for council `i`: asc when a
/// criterion reads it, else the first metric with a target, else the first.
fn fan_series(res: &Results, plan: &Plan, i: usize) -> Option<usize> {
    let mine: Vec<usize> = (0..res.paths.len())
        .filter(|&k| res.paths[k].council == i)
        .collect();
    let asc = mine.iter().find(|&&k| res.paths[k].metric == METRIC_ASC);
    let with_target = mine.iter().find(|&&k| {
        let m = res.paths[k].metric;
        plan.targets.iter().any(|t| t.metric == m)
    });
    asc.or(with_target).or(mine.first()).copied()
}

/// One evaluation at δ: reviewed counts per option, the asc median at the
/// target month, and the fan metric's median path.
#[derive(Debug, Clone)]
struct Eval {
    reviewed: Vec<u64>,
    asc_median: f64,
    fan_median: Vec<f64>,
}

struct Solver<'a> {
    plan: &'a Plan,
    rs: &'a RunSettings,
    i: usize,
    target_month: Month,
    cache: HashMap<u64, Eval>,
}

impl Solver<'_> {
    fn eval(&mut self, delta: f64) -> Result<Eval, ToolError> {
        if let Some(e) = self.cache.get(&delta.to_bits()) {
            return Ok(e.clone());
        }
        let mut p = self.plan.clone();
        p.trajectories[council_stream(self.i, Stream::Asc)].drift -= delta;
        let res = super::simulate(&p, self.rs)?;
        let e = self.eval_of(&res);
        self.cache.insert(delta.to_bits(), e.clone());
        Ok(e)
    }

    /// The figures of one run that the search and the charts need.
    fn eval_of(&self, res: &Results) -> Eval {
        let median_at = |k: usize, m: Month| {
            let s = &res.paths[k];
            let r = m.since(s.first_month);
            s.rows
                .get(r.max(0) as usize)
                .map_or(f64::NAN, |r| r.quantiles[2])
        };
        let asc = res
            .paths
            .iter()
            .position(|s| s.council == self.i && s.metric == METRIC_ASC);
        Eval {
            reviewed: res.options.iter().map(|o| o.reviewed[self.i]).collect(),
            asc_median: asc.map_or(f64::NAN, |k| median_at(k, self.target_month)),
            fan_median: fan_series(res, self.plan, self.i).map_or_else(Vec::new, |k| {
                res.paths[k].rows.iter().map(|r| r.quantiles[2]).collect()
            }),
        }
    }

    /// Evaluates eighths of the search range, then gives every option the
    /// whole curve of cached evaluations (each run scores all options).
    fn fill_curves(&mut self, options: &mut [OptionView], max: f64) -> Result<(), ToolError> {
        for k in 1..8 {
            self.eval(max * f64::from(k) / 8.0)?;
        }
        let tf = self.plan.trials.max(1) as f64;
        let mut all: Vec<(f64, &Eval)> = self
            .cache
            .iter()
            .map(|(b, e)| (f64::from_bits(*b), e))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0));
        for (o, v) in options.iter_mut().enumerate() {
            v.improvement.curve = all
                .iter()
                .map(|(d, e)| (*d, e.reviewed[o] as f64 / tf))
                .collect();
        }
        Ok(())
    }

    fn p(&mut self, o: usize, delta: f64) -> Result<f64, ToolError> {
        let t = self.plan.trials.max(1) as f64;
        Ok(self.eval(delta)?.reviewed[o] as f64 / t)
    }

    fn improvement(&mut self, o: usize, spec: &StressSpec) -> Result<Improvement, ToolError> {
        let mut f = |d: f64| self.p(o, d);
        let b = bisect::smallest_below(&mut f, spec.threshold, 0.0, spec.max_delta, spec.tol)?;
        let rate_now = self.eval(0.0)?.asc_median;
        let (delta_se, rate_needed) = match b.status {
            Status::Found => {
                let h = (b.x / 4.0).max(0.01);
                let (a, c) = ((b.x - h).max(0.0), b.x + h);
                let slope = (self.p(o, a)? - self.p(o, c)?) / (c - a);
                let trials = self.plan.trials;
                let k = (spec.threshold * trials as f64).round();
                let se_p = binomial_se(k / trials as f64, trials);
                let se = if slope > 0.0 { se_p / slope } else { f64::NAN };
                (se, self.eval(b.x)?.asc_median)
            }
            Status::AlreadyBelow => (0.0, rate_now),
            Status::NotReached => (f64::NAN, f64::NAN),
        };
        Ok(Improvement {
            status: b.status,
            delta: b.x,
            delta_se,
            rate_now,
            rate_needed,
            evals: b.evals,
            curve: Vec::new(),
        })
    }
}

/// The month the asc rate is reported at: the first asc target's month, else
/// the last simulated month.
fn target_month(plan: &Plan) -> Month {
    plan.targets
        .iter()
        .filter(|t| t.metric == METRIC_ASC)
        .map(|t| t.month)
        .min()
        .unwrap_or(plan.last_sim)
}

/// The council's fan chart from the money run, with the median path at
/// each found δ.
fn fan(money: &Results, solver: &Solver<'_>, options: &[OptionView]) -> Option<Fan> {
    let k = fan_series(money, solver.plan, solver.i)?;
    let s = &money.paths[k];
    let improved = options
        .iter()
        .filter(|o| o.improvement.status == Status::Found)
        .filter_map(|o| {
            let e = solver.cache.get(&o.improvement.delta.to_bits())?;
            Some((o.id.clone(), e.fan_median.clone()))
        })
        .collect();
    Some(Fan {
        metric: solver.plan.metrics[s.metric].name.clone(),
        first_month: s.first_month,
        rows: s.rows.clone(),
        improved,
    })
}

/// The plan whose national funding at risk is council `i`'s own amount.
pub fn money_plan(plan: &Plan, i: usize) -> Plan {
    let mut p = plan.clone();
    for (k, a) in p.councils.allocation_pence.iter_mut().enumerate() {
        if k != i {
            *a = 0;
        }
    }
    p
}

/// Builds the council view.
///
/// Time: one money run (noise check in the same pass), about `options × (2 + log2(max_delta/tol) + 2)`
/// engine runs (fewer where options share evaluations, cached by δ) and 7
/// for the curve.
///
/// # Errors
/// An engine failure.
pub fn analyse(plan: &Plan, spec: &StressSpec, rs: &RunSettings) -> Result<CouncilView, ToolError> {
    let i = spec.council;
    // Reviews do not depend on allocations, so the money plan's noise check
    // is the plan's.
    let mut money = super::simulate_with_noise_check(&money_plan(plan, i), rs)?;
    let quiet = money.without_noise.take();
    let t = money.trials;
    let tf = t.max(1) as f64;
    let c = &plan.councils;
    let pounds = |p: Option<i64>| p.map(|v| v as f64 / 100.0);
    let (budget, reserves) = (pounds(c.asc_budget_pence[i]), pounds(c.reserves_pence[i]));
    let mut solver = Solver {
        plan,
        rs,
        i,
        target_month: target_month(plan),
        cache: HashMap::new(),
    };
    // The money run is the plan at δ = 0 as far as reviews and paths go.
    let at_zero = solver.eval_of(&money);
    solver.cache.insert(0f64.to_bits(), at_zero);
    let nc = plan.criteria.len();
    let mut options = Vec::new();
    for (o, opt) in plan.options.iter().enumerate() {
        let r = &money.options[o];
        let k = r.reviewed[i];
        let at_risk = r.national.funding;
        let share = |d: Option<f64>| d.filter(|&d| d > 0.0).map(|d| at_risk.mean / d);
        options.push(OptionView {
            id: opt.id.clone(),
            label: opt.label.clone(),
            action: opt.action,
            p_review: k as f64 / tf,
            p_review_se: binomial_se(k as f64 / tf, t),
            p_review_without_noise: quiet.as_ref().map(|q| q[o][i] as f64 / tf),
            why: (0..nc)
                .map(|cr| (k > 0).then(|| r.why[i * nc + cr] as f64 / k as f64))
                .collect(),
            at_risk,
            share_of_asc_budget: share(budget),
            share_of_reserves: share(reserves),
            improvement: solver.improvement(o, spec)?,
        });
    }
    solver.fill_curves(&mut options, spec.max_delta)?;
    let fan = fan(&money, &solver, &options);
    let cost_line = crate::report::consequences::council_line(plan, &money, i);
    Ok(CouncilView {
        code: c.code[i].clone(),
        name: c.name[i].clone(),
        region: plan.regions[c.region[i]].clone(),
        population_18plus: c.population_18plus[i],
        allocation: c.allocation_pence[i] as f64 / 100.0,
        asc_budget: budget,
        reserves,
        trials: t,
        seed: plan.seed,
        threshold: spec.threshold,
        tol: spec.tol,
        target_month: solver.target_month,
        criteria: plan.criteria.iter().map(|c| c.name.clone()).collect(),
        p_criteria: (0..nc).map(|cr| money.fired(i, cr) as f64 / tf).collect(),
        options,
        fan,
        cost_line,
    })
}
