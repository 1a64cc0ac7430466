//! The trial loop: one worker's reusable buffers and one trial from its
//! generator to its tallies. The trial's draws and rates come from the
//! shared per-trial step ([`TrialModel`], also the backtest's); the worker
//! decides, settles and tallies them. Nothing here allocates per trial.

use super::table::{Criteria, MetricTable};
use super::tally::{Tally, pairs};
use super::trial::TrialModel;
use crate::consequences::tally as cons;
use crate::model::Prepared;
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::rules::money::{MoneyConsts, Outcome, settle, stake};
use crate::rules::truth::{TruthTable, mask};
use crate::scenario::plan::{Plan, TargetSeries};
use crate::stats::histogram;

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
    /// Whether each trial is also decided on its expected rates (noise off).
    pub quiet: bool,
    /// Days in the simulated window (for the consequences' beds).
    pub window_days: f64,
}

impl<'a> Shared<'a> {
    pub fn new(plan: &'a Plan, prep: Prepared, quiet: bool) -> Shared<'a> {
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
            quiet,
            money: MoneyConsts::new(plan),
            criteria: Criteria::new(plan, &table),
            table,
            path_metrics,
            pairs: pairs(plan.options.len()),
            window_days: cons::window_days(plan),
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
    /// This worker's trial step: per-trial draws, trajectories, rates.
    model: TrialModel,
    crit: CritScratch,
    table: MetricTable,
    ranked: Vec<(f64, usize)>,
    fired: Vec<bool>,
    gaps: Vec<f64>,
    /// Per council, the criteria that fired as a bit mask.
    masks: Vec<u32>,
    /// The noise-off decision's table, criteria and gaps (when `quiet`).
    quiet_table: MetricTable,
    quiet_fired: Vec<bool>,
    quiet_gaps: Vec<f64>,
    /// `[o * n + i]`.
    reviewed: Vec<bool>,
    amount: Vec<i64>,
    net: Vec<i64>,
    /// Per council: this trial's cost of compliance, pence (consequences on).
    cost: Vec<i64>,
    pub tally: Tally,
}

impl Worker {
    pub fn new(sh: &Shared<'_>) -> Worker {
        let plan = sh.plan;
        let (n, nc, no) = (plan.councils.len(), plan.criteria.len(), plan.options.len());
        let on = plan.consequences.is_some();
        let mut tally = Tally::new(n, nc, no, sh.n_series());
        tally.consequences = plan
            .consequences
            .as_ref()
            .map(|c| cons::Tally::new(c, n, no));
        Worker {
            model: TrialModel::new(plan, &sh.prep, on),
            crit: CritScratch::default(),
            table: sh.table.clone(),
            ranked: Vec::with_capacity(n),
            fired: vec![false; n * nc],
            gaps: vec![f64::NAN; n * nc],
            masks: vec![0; n],
            quiet_table: sh.table.clone(),
            quiet_fired: vec![false; n * nc],
            quiet_gaps: vec![f64::NAN; n * nc],
            reviewed: vec![false; no * n],
            amount: vec![0; n],
            net: vec![0; n],
            cost: vec![0; if on { n } else { 0 }],
            tally,
        }
    }

    /// Simulates trial `trial`, tallies it, and writes its national figures
    /// per option into `funding` (pence) and `reviewed_count`, and (with
    /// `[consequences]`) the national consequences into `figures`.
    pub fn trial(
        &mut self,
        sh: &Shared<'_>,
        trial: u64,
        funding: &mut [i64],
        reviewed_count: &mut [u32],
        figures: &mut [i64],
    ) {
        let plan = sh.plan;
        let n = plan.councils.len();
        let tr = self.model.simulate(plan, &sh.prep, trial);
        if let (Some(c), Some(ct)) = (&plan.consequences, &mut self.tally.consequences) {
            let (with, without) = (tr.expected(), tr.expected_without_pull());
            let days = sh.window_days;
            let cost = &mut self.cost;
            cons::record(c, tr.draws, tr.prep, with, without, days, ct, cost, figures);
        }
        self.table.fill(plan, tr.sim);
        let months = sh.prep.months;
        decide(
            sh,
            tr.targets,
            &self.table,
            tr.sim,
            months,
            &mut self.crit,
            &mut self.ranked,
            &mut self.fired,
            &mut self.gaps,
        );
        if sh.quiet {
            let expected = tr.expected();
            self.quiet_table.fill(plan, expected);
            let fired = &mut self.quiet_fired;
            decide(
                sh,
                tr.targets,
                &self.quiet_table,
                expected,
                months,
                &mut self.crit,
                &mut self.ranked,
                fired,
                &mut self.quiet_gaps,
            );
            add_quiet(&mut self.tally, sh, fired, &mut self.masks);
        }
        self.tally.add_criteria(&self.fired);
        let nc = plan.criteria.len();
        fill_masks(sh, &self.fired, &mut self.masks);
        for o in 0..plan.options.len() {
            let rev = &mut self.reviewed[o * n..(o + 1) * n];
            for (i, r) in rev.iter_mut().enumerate() {
                *r = reviewed(sh, o, self.masks[i], &self.fired[i * nc..(i + 1) * nc]);
            }
            let out = Outcome {
                reviewed: rev,
                amount: &mut self.amount,
                net: &mut self.net,
            };
            funding[o] = settle(plan, &sh.money, o, &self.fired, &self.gaps, out);
            let rev = &self.reviewed[o * n..(o + 1) * n];
            reviewed_count[o] = rev.iter().filter(|&&r| r).count() as u32;
            self.tally
                .add_option(o, &self.fired, rev, &self.amount, &self.net);
            if let Some(ct) = &mut self.tally.consequences {
                for (i, &cost) in self.cost.iter().enumerate() {
                    let s = stake(plan, &sh.money, o, i, &self.gaps[i * nc..(i + 1) * nc]);
                    ct.add_stake(o, i, s, cost);
                }
            }
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

/// Evaluates every criterion for every council from one trial's table (or,
/// when the criteria could not be compiled against it, from its rates `sim`).
#[allow(clippy::too_many_arguments)]
fn decide(
    sh: &Shared<'_>,
    targets: &[TargetSeries],
    table: &MetricTable,
    sim: &[f64],
    months: usize,
    crit: &mut CritScratch,
    ranked: &mut Vec<(f64, usize)>,
    fired: &mut [bool],
    gaps: &mut [f64],
) {
    if let Some(c) = &sh.criteria {
        c.evaluate(targets, table, ranked, fired, gaps);
    } else {
        let rates = Rates {
            plan: sh.plan,
            targets,
            sim,
            months,
        };
        evaluate(&rates, crit, fired, gaps);
    }
}

/// Whether council `i` is reviewed under option `o`, from its criteria mask
/// when the rules are tabulated, else from its fired criteria.
#[inline]
fn reviewed(sh: &Shared<'_>, o: usize, mask: u32, fired: &[bool]) -> bool {
    match &sh.rules {
        Some(rules) => rules[o].get(mask),
        None => sh.plan.options[o].rule.eval(fired),
    }
}

/// Packs each council's fired criteria into its mask (only when the rules
/// are tabulated: masks hold at most 32 criteria).
fn fill_masks(sh: &Shared<'_>, fired: &[bool], masks: &mut [u32]) {
    if sh.rules.is_some() {
        let nc = sh.plan.criteria.len();
        for (i, m) in masks.iter_mut().enumerate() {
            *m = mask(&fired[i * nc..(i + 1) * nc]);
        }
    }
}

/// Counts the noise-off reviews of one trial (`masks` is scratch).
fn add_quiet(tally: &mut Tally, sh: &Shared<'_>, fired: &[bool], masks: &mut [u32]) {
    let nc = sh.plan.criteria.len();
    let n = masks.len();
    fill_masks(sh, fired, masks);
    for o in 0..sh.plan.options.len() {
        for (i, &m) in masks.iter().enumerate() {
            let r = reviewed(sh, o, m, &fired[i * nc..(i + 1) * nc]);
            tally.quiet_reviewed[o * n + i] += u64::from(r);
        }
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
