//! The trial loop: one worker's reusable buffers and the simulation of one
//! trial from its generator to its tallies. Nothing here allocates per trial.

use super::rng::trial_rngs;
use super::table::{Criteria, MetricTable};
use crate::model::Prepared;
use crate::model::trajectory::{TrajScratch, simulate};
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::rules::money::{MoneyConsts, Outcome, apply, settle};
use crate::rules::truth::{TruthTable, mask};
use crate::scenario::plan::Plan;
use crate::stats::tally::pairs;
use crate::stats::{Tally, histogram};

/// Per-run constants shared by all workers.
pub struct Shared<'a> {
    pub plan: &'a Plan,
    pub prep: Prepared,
    pub money: MoneyConsts,
    /// Metrics drawn as fan charts (used by some criterion), in first-use order.
    pub path_metrics: Vec<usize>,
    pub pairs: Vec<(usize, usize)>,
    /// Criteria compiled against the metric table (`None`: a criterion reads
    /// outside it, so the reference evaluator runs instead).
    pub criteria: Option<Criteria>,
    /// The metric table with observed months filled; each worker clones it.
    pub table: MetricTable,
    /// Each option's rule as a truth table over the criteria masks (`None`:
    /// too many criteria, so the expressions are evaluated).
    pub rules: Option<Vec<TruthTable>>,
}

impl<'a> Shared<'a> {
    pub fn new(plan: &'a Plan, prep: Prepared) -> Shared<'a> {
        let mut path_metrics = Vec::new();
        for c in &plan.criteria {
            if !path_metrics.contains(&c.metric) {
                path_metrics.push(c.metric);
            }
        }
        let table = MetricTable::new(plan, &path_metrics, prep.months);
        let nc = plan.criteria.len();
        let rules = plan
            .options
            .iter()
            .map(|o| TruthTable::new(&o.rule, nc))
            .collect();
        Shared {
            plan,
            rules,
            money: MoneyConsts::new(plan),
            criteria: Criteria::new(plan, &table),
            table,
            path_metrics,
            pairs: pairs(plan.options.len()),
            prep,
        }
    }

    /// Number of fan-chart histogram series: councils × path metrics × simulated months.
    pub fn n_series(&self) -> usize {
        self.plan.councils.len() * self.path_metrics.len() * self.prep.months
    }
}

/// One worker: scratch buffers and its running tally.
pub struct Worker {
    traj: TrajScratch,
    sim: Vec<f64>,
    crit: CritScratch,
    table: MetricTable,
    ranked: Vec<(f64, usize)>,
    fired: Vec<bool>,
    gaps: Vec<f64>,
    /// Per council, the criteria that fired as a bit mask.
    masks: Vec<u32>,
    /// `[o * n + i]`.
    reviewed: Vec<bool>,
    amount: Vec<i64>,
    net: Vec<i64>,
    pub tally: Tally,
}

impl Worker {
    pub fn new(sh: &Shared<'_>) -> Worker {
        let plan = sh.plan;
        let (n, nc, no) = (plan.councils.len(), plan.criteria.len(), plan.options.len());
        Worker {
            traj: TrajScratch::new(&sh.prep),
            sim: vec![0.0; n * sh.prep.months * 3],
            crit: CritScratch::default(),
            table: sh.table.clone(),
            ranked: Vec::with_capacity(n),
            fired: vec![false; n * nc],
            gaps: vec![f64::NAN; n * nc],
            masks: vec![0; n],
            reviewed: vec![false; no * n],
            amount: vec![0; n],
            net: vec![0; n],
            tally: Tally::new(n, nc, no, sh.n_series()),
        }
    }

    /// Simulates trial `trial`, tallies it, and writes its national figures
    /// per option into `funding` (pence) and `reviewed_count`.
    pub fn trial(
        &mut self,
        sh: &Shared<'_>,
        trial: u64,
        funding: &mut [i64],
        reviewed_count: &mut [u32],
    ) {
        let plan = sh.plan;
        let n = plan.councils.len();
        let mut rngs = trial_rngs(plan.seed, trial);
        simulate(
            &sh.prep,
            &mut rngs.latent,
            &mut rngs.noise,
            &mut self.traj,
            &mut self.sim,
        );
        self.table.fill(plan, &self.sim);
        if let Some(c) = &sh.criteria {
            let t = &self.table;
            c.evaluate(plan, t, &mut self.ranked, &mut self.fired, &mut self.gaps);
        } else {
            let rates = Rates {
                plan,
                sim: &self.sim,
                months: sh.prep.months,
            };
            evaluate(&rates, &mut self.crit, &mut self.fired, &mut self.gaps);
        }
        self.tally.add_criteria(&self.fired);
        let nc = plan.criteria.len();
        if sh.rules.is_some() {
            for (i, m) in self.masks.iter_mut().enumerate() {
                *m = mask(&self.fired[i * nc..(i + 1) * nc]);
            }
        }
        for o in 0..plan.options.len() {
            let rev = &mut self.reviewed[o * n..(o + 1) * n];
            let (fired, gaps) = (&self.fired, &self.gaps);
            let out = Outcome {
                reviewed: rev,
                amount: &mut self.amount,
                net: &mut self.net,
            };
            funding[o] = if let Some(rules) = &sh.rules {
                for (r, &m) in out.reviewed.iter_mut().zip(&self.masks) {
                    *r = rules[o].get(m);
                }
                settle(plan, &sh.money, o, fired, gaps, out)
            } else {
                apply(plan, &sh.money, o, fired, gaps, out)
            };
            let rev = &self.reviewed[o * n..(o + 1) * n];
            reviewed_count[o] = rev.iter().filter(|&&r| r).count() as u32;
            self.tally
                .add_option(o, &self.fired, rev, &self.amount, &self.net);
        }
        for (p, &(a, b)) in sh.pairs.iter().enumerate() {
            let (ra, rb) = (
                &self.reviewed[a * n..(a + 1) * n],
                &self.reviewed[b * n..(b + 1) * n],
            );
            self.tally.add_pair(p, ra, rb);
        }
        add_paths(&mut self.tally, sh, &self.table);
    }
}

/// Counts every fan-chart value of one trial (slots of the table are the
/// path metrics, in order).
fn add_paths(tally: &mut Tally, sh: &Shared<'_>, table: &MetricTable) {
    let months = sh.prep.months;
    let npm = sh.path_metrics.len();
    let lookup = histogram::lookup();
    for i in 0..sh.plan.councils.len() {
        for pm in 0..npm {
            let s0 = (i * npm + pm) * months;
            for t in 0..months {
                let b = histogram::bin_in(lookup, table.sim_at(pm, i, t));
                tally.add_path_bin(s0 + t, b);
            }
        }
    }
}
