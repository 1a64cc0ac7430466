//! One trial's decisions, split from its simulation: a [`Decider`] takes a
//! simulated [`Trial`] (observed and latent rates) and, for one plan's
//! criteria and options, decides it twice — on the observed rates (who is
//! reviewed) and on the latent, noise-free rates (who deserves review) —
//! settles the money and tallies both. Several deciders (one per plan
//! variant, `analysis::design`) can decide the same simulated trial, so a
//! design simulates each trial once. Nothing here allocates per trial.

use super::shared::Shared;
use super::table::MetricTable;
use super::tally::Tally;
use super::trial::Trial;
use crate::consequences::tally as cons;
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::rules::money::{Outcome, settle, stake};
use crate::rules::truth::mask;
use crate::scenario::plan::TargetSeries;
use crate::stats::histogram;
use crate::stats::pending::{Hot, Pending};

/// One trial's national figures per option (and the consequences').
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrialFigures {
    /// Per option: funding at risk (pence).
    pub funding: Vec<i64>,
    /// Per option: councils reviewed.
    pub reviewed: Vec<u32>,
    /// Per option: councils reviewed that deserved it.
    pub rightly: Vec<u32>,
    /// Per option: councils reviewed that did not deserve it.
    pub wrongly_reviewed: Vec<u32>,
    /// Per option: councils that deserved review and were spared.
    pub wrongly_spared: Vec<u32>,
    /// Per option: funding at risk of the wrongly reviewed councils (pence).
    pub wrong_funding: Vec<i64>,
    /// Per consequences figure (empty when off).
    pub consequences: Vec<i64>,
}

impl TrialFigures {
    /// Zeros for `no` options and `nf` consequences figures.
    pub fn new(no: usize, nf: usize) -> TrialFigures {
        TrialFigures {
            funding: vec![0; no],
            reviewed: vec![0; no],
            rightly: vec![0; no],
            wrongly_reviewed: vec![0; no],
            wrongly_spared: vec![0; no],
            wrong_funding: vec![0; no],
            consequences: vec![0; nf],
        }
    }
}

/// The decision side of one trial loop: scratch buffers and the running tally.
pub struct Decider {
    crit: CritScratch,
    table: MetricTable,
    ranked: Vec<(f64, usize)>,
    fired: Vec<bool>,
    gaps: Vec<f64>,
    /// Per council, the criteria that fired as a bit mask.
    masks: Vec<u32>,
    /// The latent (noise-off) decision's table, criteria, gaps and masks.
    latent_table: MetricTable,
    latent_fired: Vec<bool>,
    latent_gaps: Vec<f64>,
    latent_masks: Vec<u32>,
    /// `[o * n + i]`.
    reviewed: Vec<bool>,
    /// Per council, this option's: deserved review.
    deserved: Vec<bool>,
    amount: Vec<i64>,
    net: Vec<i64>,
    /// Per council: this trial's cost of compliance, pence (consequences on).
    cost: Vec<i64>,
    /// Whether the fan-chart histograms are counted (a design's lean
    /// deciders leave them out).
    paths: bool,
    /// Fan-chart bins and consequences histogram codes not yet counted
    /// (`stats::pending`): counted when a batch fills and by
    /// [`Decider::into_tally`], so the tally is read only through it.
    path_rows: Pending,
    cons_rows: Pending,
    /// The counts behind them a byte a bin (`stats::pending::Hot`): per
    /// fan-chart series, and per council figure its positive and negative
    /// windows (`[2j]`, `[2j + 1]`).
    path_hot: Vec<Hot>,
    cons_hot: Vec<Hot>,
    tally: Tally,
}

impl Decider {
    /// A decider for the plan of `sh`, with its full tally.
    pub fn new(sh: &Shared<'_>) -> Decider {
        Decider::with_paths(sh, true)
    }

    /// A decider; `paths`: whether to count the fan-chart histograms.
    pub fn with_paths(sh: &Shared<'_>, paths: bool) -> Decider {
        let plan = sh.plan;
        let (n, nc, no) = (plan.councils.len(), plan.criteria.len(), plan.options.len());
        let on = plan.consequences.is_some();
        let series = if paths { sh.n_series() } else { 0 };
        let mut tally = Tally::new(n, nc, no, series);
        tally.consequences = plan
            .consequences
            .as_ref()
            .map(|c| cons::Tally::new(c, n, no));
        Decider {
            crit: CritScratch::default(),
            table: sh.table.clone(),
            ranked: Vec::with_capacity(n),
            fired: vec![false; n * nc],
            gaps: vec![f64::NAN; n * nc],
            masks: vec![0; n],
            latent_table: sh.table.clone(),
            latent_fired: vec![false; n * nc],
            latent_gaps: vec![f64::NAN; n * nc],
            latent_masks: vec![0; n],
            reviewed: vec![false; no * n],
            deserved: vec![false; n],
            amount: vec![0; n],
            net: vec![0; n],
            cost: vec![0; if on { n } else { 0 }],
            paths,
            path_rows: Pending::new(series),
            cons_rows: Pending::new(if on { n * cons::N_FIGURES } else { 0 }),
            path_hot: vec![Hot::default(); series],
            cons_hot: vec![Hot::default(); if on { 2 * n * cons::N_FIGURES } else { 0 }],
            tally,
        }
    }

    /// The tally of every trial decided, with every pending histogram value
    /// counted.
    pub fn into_tally(mut self) -> Tally {
        self.count_pending();
        let t = &mut self.tally;
        for (h, w) in self.path_hot.iter_mut().zip(&mut t.hist) {
            h.spill(w);
        }
        if let Some(ct) = &mut t.consequences {
            for (j, s) in ct.hist.iter_mut().enumerate() {
                self.cons_hot[2 * j].spill(&mut s.pos);
                self.cons_hot[2 * j + 1].spill(&mut s.neg);
            }
        }
        self.tally
    }

    /// Counts the pending fan-chart bins and consequences codes into the
    /// byte counts.
    fn count_pending(&mut self) {
        let t = &mut self.tally;
        let hot = &mut self.path_hot;
        self.path_rows
            .drain(|s, b| hot[s].add(usize::from(b), &mut t.hist[s]));
        if let Some(ct) = &mut t.consequences {
            let hot = &mut self.cons_hot;
            self.cons_rows.drain(|j, c| {
                let (b, neg) = cons::Signed::decode(c);
                let s = &mut ct.hist[j];
                match neg {
                    false => hot[2 * j].add(b, &mut s.pos),
                    true => hot[2 * j + 1].add(b, &mut s.neg),
                }
            });
        }
    }

    /// Decides and tallies the simulated trial `tr`, writing its national
    /// figures into `out`.
    pub fn decide(&mut self, sh: &Shared<'_>, tr: &Trial<'_>, out: &mut TrialFigures) {
        let plan = sh.plan;
        let (n, nc) = (plan.councils.len(), plan.criteria.len());
        if self.path_rows.is_full() || self.cons_rows.is_full() {
            self.count_pending();
        }
        if let (Some(c), Some(ct)) = (&plan.consequences, &mut self.tally.consequences) {
            let (with, without) = (tr.expected(), tr.expected_without_pull());
            let days = sh.window_days;
            let (cost, figs) = (&mut self.cost, &mut out.consequences);
            let row = match self.cons_rows.row() {
                Some(row) => cons::HistRow::Later(row),
                None => cons::HistRow::Now,
            };
            cons::record(
                c, tr.draws, tr.prep, with, without, days, ct, cost, figs, row,
            );
        }
        let months = sh.prep.months;
        self.table.fill(plan, tr.sim);
        let (crit, ranked) = (&mut self.crit, &mut self.ranked);
        let table = &self.table;
        criteria(
            sh,
            tr.targets,
            table,
            tr.sim,
            months,
            crit,
            ranked,
            &mut self.fired,
            &mut self.gaps,
        );
        let expected = tr.expected();
        self.latent_table.fill(plan, expected);
        let (lt, lf, lg) = (
            &self.latent_table,
            &mut self.latent_fired,
            &mut self.latent_gaps,
        );
        criteria(sh, tr.targets, lt, expected, months, crit, ranked, lf, lg);
        fill_masks(sh, &self.latent_fired, &mut self.latent_masks);
        if sh.quiet {
            add_quiet(&mut self.tally, sh, &self.latent_fired, &self.latent_masks);
        }
        self.tally.add_criteria(&self.fired);
        fill_masks(sh, &self.fired, &mut self.masks);
        for o in 0..plan.options.len() {
            let rev = &mut self.reviewed[o * n..(o + 1) * n];
            for (i, r) in rev.iter_mut().enumerate() {
                *r = sh.reviewed(o, self.masks[i], &self.fired[i * nc..(i + 1) * nc]);
            }
            let money = Outcome {
                reviewed: rev,
                amount: &mut self.amount,
                net: &mut self.net,
            };
            out.funding[o] = settle(plan, &sh.money, o, &self.fired, &self.gaps, money);
            let rev = &self.reviewed[o * n..(o + 1) * n];
            out.reviewed[o] = rev.iter().filter(|&&r| r).count() as u32;
            self.tally
                .add_option(o, &self.fired, rev, &self.amount, &self.net);
            for (i, d) in self.deserved.iter_mut().enumerate() {
                let lf = &self.latent_fired[i * nc..(i + 1) * nc];
                *d = sh.deserved(o, self.latent_masks[i], lf);
            }
            let (mut right, mut wrong, mut spared, mut wrong_pence) = (0u32, 0u32, 0u32, 0i64);
            let each = rev.iter().zip(&self.deserved).zip(&self.amount);
            for ((&r, &d), &pence) in each {
                match (r, d) {
                    (true, true) => right += 1,
                    (true, false) => {
                        wrong += 1;
                        wrong_pence += pence;
                    }
                    (false, true) => spared += 1,
                    (false, false) => {}
                }
            }
            (out.rightly[o], out.wrongly_reviewed[o]) = (right, wrong);
            (out.wrongly_spared[o], out.wrong_funding[o]) = (spared, wrong_pence);
            self.tally.add_fairness(o, rev, &self.deserved);
            self.tally.add_fair_counts(o, [right, wrong, spared]);
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
        if self.paths {
            // Into this trial's row of the batch (counted by
            // `count_pending`); at once only if no row were free, which
            // `decide` prevents by counting a full batch first.
            match self.path_rows.row() {
                Some(row) => path_bins(sh, &self.table, |s, b| row[s] = b as u16),
                None => path_bins(sh, &self.table, |s, b| self.tally.add_path_bin(s, b)),
            }
        }
    }
}

/// Evaluates every criterion for every council from one trial's table (or,
/// when the criteria could not be compiled against it, from its rates `sim`).
#[allow(clippy::too_many_arguments)]
pub(super) fn criteria(
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

/// Counts the noise-off reviews of one trial.
fn add_quiet(tally: &mut Tally, sh: &Shared<'_>, fired: &[bool], masks: &[u32]) {
    let nc = sh.plan.criteria.len();
    let n = masks.len();
    for o in 0..sh.plan.options.len() {
        for (i, &m) in masks.iter().enumerate() {
            let r = sh.reviewed(o, m, &fired[i * nc..(i + 1) * nc]);
            tally.quiet_reviewed[o * n + i] += u64::from(r);
        }
    }
}

/// Calls `each(series, bin)` with the fan-chart bin of every series of
/// one trial (slots of the table are the path metrics, in order).
#[inline]
fn path_bins(sh: &Shared<'_>, table: &MetricTable, mut each: impl FnMut(usize, usize)) {
    let months = sh.prep.months;
    let npm = sh.path_metrics.len();
    let lookup = histogram::lookup();
    for i in 0..sh.plan.councils.len() {
        for pm in 0..npm {
            let s0 = (i * npm + pm) * months;
            for t in 0..months {
                each(s0 + t, histogram::bin_in(lookup, table.sim_at(pm, i, t)));
            }
        }
    }
}
