//! Several plans decided on one simulation: the engine of `ibcf design`.
//!
//! The variants differ from the base plan only in what decides (criteria,
//! option rules and money, `[fairness] intent`), never in what is simulated,
//! so each trial is simulated once (the base plan's [`TrialModel`]) and
//! every variant decided on it. Work is shared: the metric tables
//! (observed and latent) are filled once per trial; every distinct
//! criterion of all the variants (the *union*, compared by kind, metric,
//! month and average, not by name) is evaluated once; variants with the
//! same criteria share their fired flags and masks (a *group*). Per variant
//! only the options' reviews, money and fairness are computed.
//!
//! Each variant keeps a lean tally ([`VariantTally`]): per option and
//! council the trials reviewed, wrongly reviewed and wrongly spared, and
//! per option exact moments of six national per-trial figures, enough for
//! their mean and standard error exactly as `stats::summarize` gives them
//! (tested against separate runs). No per-trial vectors, no fan charts.
//! Integer tallies merge by addition, so results are identical for any
//! thread count, chunking or trial split.

use super::decider::criteria;
use super::shared::{Shared, deserved_with, reviewed_with, tables};
use super::table::MetricTable;
use super::trial::TrialModel;
use super::{EngineError, MIN_CHUNK, RunConfig, pool};
use crate::model::Prepared;
use crate::rules::criteria::CritScratch;
use crate::rules::money::{MoneyConsts, Outcome, settle};
use crate::rules::truth::{TruthTable, mask};
use crate::scenario::plan::{Criterion, Plan};
use crate::stats::Moments;
use std::ops::Range;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

/// The national per-trial figures kept per option, in [`VariantTally::moments`] order.
pub const FIGURES: [&str; 6] = [
    "reviewed",
    "funding",
    "rightly_reviewed",
    "wrongly_reviewed",
    "wrongly_spared",
    "wrong_funding",
];
/// Divisor of each figure for reporting (pence → pounds for money).
pub const SCALE: [f64; 6] = [1.0, 100.0, 1.0, 1.0, 1.0, 100.0];

/// One variant's tallies over some trials.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct VariantTally {
    pub n: usize,
    pub n_opt: usize,
    /// `[o * n + i]`: trials reviewed.
    pub reviewed: Vec<u64>,
    /// `[o * n + i]`: trials reviewed without deserving it.
    pub wrongly_reviewed: Vec<u64>,
    /// `[o * n + i]`: trials spared that deserved review.
    pub wrongly_spared: Vec<u64>,
    /// `[o * FIGURES.len() + f]`: moments of figure `f` of option `o`.
    pub moments: Vec<Moments>,
}

impl VariantTally {
    pub fn new(n: usize, n_opt: usize) -> VariantTally {
        VariantTally {
            n,
            n_opt,
            reviewed: vec![0; n_opt * n],
            wrongly_reviewed: vec![0; n_opt * n],
            wrongly_spared: vec![0; n_opt * n],
            moments: vec![Moments::default(); n_opt * FIGURES.len()],
        }
    }

    /// Adds another tally of the same shape.
    pub fn merge(&mut self, o: &VariantTally) {
        let pairs = [
            (&mut self.reviewed, &o.reviewed),
            (&mut self.wrongly_reviewed, &o.wrongly_reviewed),
            (&mut self.wrongly_spared, &o.wrongly_spared),
        ];
        for (x, y) in pairs {
            x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
        }
        for (x, y) in self.moments.iter_mut().zip(&o.moments) {
            x.merge(y);
        }
    }

    /// Whether every vector has the length its shape gives.
    pub fn is_consistent(&self) -> bool {
        let k = self.n_opt * self.n;
        [&self.reviewed, &self.wrongly_reviewed, &self.wrongly_spared]
            .iter()
            .all(|v| v.len() == k)
            && self.moments.len() == self.n_opt * FIGURES.len()
    }

    /// Mean and standard error of figure `f` of option `o` (in [`SCALE`] units).
    pub fn mean_se(&self, o: usize, f: usize) -> (f64, f64) {
        self.moments[o * FIGURES.len() + f].mean_se(SCALE[f])
    }
}

/// One variant's constants.
struct Variant<'a> {
    plan: &'a Plan,
    group: usize,
    money: MoneyConsts,
    rules: Option<Vec<TruthTable>>,
    intent: Option<TruthTable>,
}

/// Variants with the same criteria: the union index of each of theirs.
struct Group {
    map: Vec<usize>,
    /// Whether masks are filled (at most 32 criteria).
    masks: bool,
}

/// A group's fired flags, gaps and masks in one trial.
#[derive(Default)]
struct GroupState {
    fired: Vec<bool>,
    gaps: Vec<f64>,
    masks: Vec<u32>,
    latent_fired: Vec<bool>,
    latent_masks: Vec<u32>,
}

/// The union of the variants' criteria and each variant's group.
fn union(variants: &[Plan]) -> (Vec<Criterion>, Vec<Group>, Vec<usize>) {
    let same = |a: &Criterion, b: &Criterion| {
        a.kind == b.kind && a.metric == b.metric && a.month == b.month && a.average == b.average
    };
    let mut all: Vec<Criterion> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut of = Vec::with_capacity(variants.len());
    for v in variants {
        let map: Vec<usize> = v
            .criteria
            .iter()
            .map(|c| match all.iter().position(|u| same(u, c)) {
                Some(k) => k,
                None => {
                    all.push(c.clone());
                    all.len() - 1
                }
            })
            .collect();
        let g = match groups.iter().position(|g| g.map == map) {
            Some(g) => g,
            None => {
                let masks = map.len() <= 32;
                groups.push(Group { map, masks });
                groups.len() - 1
            }
        };
        of.push(g);
    }
    (all, groups, of)
}

/// Whether `v` simulates exactly what `base` does (the same councils,
/// history, window, trajectories, targets, draws, seed and trials).
fn same_paths(base: &Plan, v: &Plan) -> bool {
    let key = |p: &Plan| {
        format!(
            "{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}|{}|{}|{:?}",
            p.councils.code,
            p.councils.population_18plus,
            p.history.rates,
            (p.first_sim, p.last_sim, p.noise_sampler),
            p.trajectories,
            p.targets,
            p.params,
            p.seed,
            p.trials,
            p.metrics,
        )
    };
    key(base) == key(v)
}

/// Simulates trials `range` of `base` once and decides each with every
/// plan of `variants`; one tally per variant, in order. Every variant must
/// simulate what `base` does (only criteria, options and intent may differ);
/// each variant's figures then equal those of its own [`super::run`].
///
/// # Errors
/// A variant that changes the simulated paths, a range outside the trials,
/// or an engine failure.
pub fn run_variants(
    base: &Plan,
    variants: &[Plan],
    cfg: &RunConfig<'_>,
    range: Range<u64>,
) -> Result<Vec<VariantTally>, EngineError> {
    base.check().map_err(EngineError::Plan)?;
    if range.start > range.end || range.end > base.trials {
        return Err(EngineError::Plan(format!(
            "trial range {}..{} is outside 0..{}",
            range.start, range.end, base.trials
        )));
    }
    if let Some(k) = variants.iter().position(|v| !same_paths(base, v)) {
        return Err(EngineError::Plan(format!(
            "variant {} changes the simulated paths; only criteria, options and the fairness intent may vary",
            k + 1
        )));
    }
    let (crits, groups, group_of) = union(variants);
    let mut whole = base.clone();
    whole.criteria = crits;
    whole.options = Vec::new();
    whole.fairness_intent = None;
    let sh = Shared::new(&whole, Prepared::new(&whole)?, false);
    let vs: Vec<Variant<'_>> = variants
        .iter()
        .zip(&group_of)
        .map(|(plan, &group)| {
            let (rules, intent) = tables(plan);
            Variant {
                plan,
                group,
                money: MoneyConsts::new(plan),
                rules,
                intent,
            }
        })
        .collect();
    let (pool, threads) = pool(cfg.threads)?;
    let trials = (range.end - range.start) as usize;
    let chunk = cfg
        .chunk_size
        .min(trials.div_ceil(threads * 8).max(MIN_CHUNK))
        .max(1);
    let n_chunks = trials.div_ceil(chunk);
    let (next, done) = (AtomicUsize::new(0), AtomicU64::new(0));
    let per_worker: Vec<Vec<VariantTally>> = pool.install(|| {
        use rayon::prelude::*;
        (0..threads.min(n_chunks.max(1)))
            .into_par_iter()
            .map(|_| {
                let mut w = Worker::new(&sh, &groups, &vs);
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= n_chunks {
                        break;
                    }
                    let (lo, hi) = (c * chunk, ((c + 1) * chunk).min(trials));
                    for t in lo..hi {
                        w.trial(&sh, &groups, &vs, range.start + t as u64);
                    }
                    let d = done.fetch_add((hi - lo) as u64, Ordering::Relaxed) + (hi - lo) as u64;
                    if let Some(p) = cfg.progress {
                        p(d);
                    }
                }
                w.tallies
            })
            .collect()
    });
    let n = base.councils.len();
    let mut total: Vec<VariantTally> = vs
        .iter()
        .map(|v| VariantTally::new(n, v.plan.options.len()))
        .collect();
    for ts in &per_worker {
        for (x, y) in total.iter_mut().zip(ts) {
            x.merge(y);
        }
    }
    Ok(total)
}

/// One worker's model, union scratch, group states and variant tallies.
struct Worker {
    model: TrialModel,
    crit: CritScratch,
    ranked: Vec<(f64, usize)>,
    table: MetricTable,
    latent_table: MetricTable,
    fired: Vec<bool>,
    gaps: Vec<f64>,
    latent_fired: Vec<bool>,
    latent_gaps: Vec<f64>,
    states: Vec<GroupState>,
    reviewed: Vec<bool>,
    amount: Vec<i64>,
    net: Vec<i64>,
    tallies: Vec<VariantTally>,
}

impl Worker {
    fn new(sh: &Shared<'_>, groups: &[Group], vs: &[Variant<'_>]) -> Worker {
        let n = sh.plan.councils.len();
        let nu = sh.plan.criteria.len();
        let states = groups
            .iter()
            .map(|g| {
                let k = n * g.map.len();
                GroupState {
                    fired: vec![false; k],
                    gaps: vec![f64::NAN; k],
                    masks: vec![0; n],
                    latent_fired: vec![false; k],
                    latent_masks: vec![0; n],
                }
            })
            .collect();
        Worker {
            model: TrialModel::new(sh.plan, &sh.prep, false),
            crit: CritScratch::default(),
            ranked: Vec::with_capacity(n),
            table: sh.table.clone(),
            latent_table: sh.table.clone(),
            fired: vec![false; n * nu],
            gaps: vec![f64::NAN; n * nu],
            latent_fired: vec![false; n * nu],
            latent_gaps: vec![f64::NAN; n * nu],
            states,
            reviewed: vec![false; n],
            amount: vec![0; n],
            net: vec![0; n],
            tallies: vs
                .iter()
                .map(|v| VariantTally::new(n, v.plan.options.len()))
                .collect(),
        }
    }

    fn trial(&mut self, sh: &Shared<'_>, groups: &[Group], vs: &[Variant<'_>], trial: u64) {
        let plan = sh.plan;
        let (n, nu) = (plan.councils.len(), plan.criteria.len());
        let months = sh.prep.months;
        let tr = self.model.simulate(plan, &sh.prep, trial);
        let (crit, ranked) = (&mut self.crit, &mut self.ranked);
        self.table.fill(plan, tr.sim);
        let (t, f, g) = (&self.table, &mut self.fired, &mut self.gaps);
        criteria(sh, tr.targets, t, tr.sim, months, crit, ranked, f, g);
        let expected = tr.expected();
        self.latent_table.fill(plan, expected);
        let (t, f, g) = (
            &self.latent_table,
            &mut self.latent_fired,
            &mut self.latent_gaps,
        );
        criteria(sh, tr.targets, t, expected, months, crit, ranked, f, g);
        for (grp, st) in groups.iter().zip(&mut self.states) {
            let nc = grp.map.len();
            for i in 0..n {
                let (src, lsrc) = (&self.fired[i * nu..], &self.latent_fired[i * nu..]);
                let gsrc = &self.gaps[i * nu..];
                for (c, &u) in grp.map.iter().enumerate() {
                    st.fired[i * nc + c] = src[u];
                    st.gaps[i * nc + c] = gsrc[u];
                    st.latent_fired[i * nc + c] = lsrc[u];
                }
                if grp.masks {
                    st.masks[i] = mask(&st.fired[i * nc..(i + 1) * nc]);
                    st.latent_masks[i] = mask(&st.latent_fired[i * nc..(i + 1) * nc]);
                }
            }
        }
        for (v, tally) in vs.iter().zip(&mut self.tallies) {
            let st = &self.states[v.group];
            let nc = v.plan.criteria.len();
            let (rules, intent) = (v.rules.as_deref(), v.intent.as_ref());
            for o in 0..v.plan.options.len() {
                for (i, r) in self.reviewed.iter_mut().enumerate() {
                    let f = &st.fired[i * nc..(i + 1) * nc];
                    *r = reviewed_with(v.plan, rules, o, st.masks[i], f);
                }
                let money = Outcome {
                    reviewed: &mut self.reviewed,
                    amount: &mut self.amount,
                    net: &mut self.net,
                };
                let funding = settle(v.plan, &v.money, o, &st.fired, &st.gaps, money);
                let (mut count, mut right, mut wrong, mut spared, mut pence) = (0, 0, 0, 0, 0);
                for i in 0..n {
                    let lf = &st.latent_fired[i * nc..(i + 1) * nc];
                    let d = deserved_with(v.plan, rules, intent, o, st.latent_masks[i], lf);
                    let r = self.reviewed[i];
                    let k = o * n + i;
                    tally.reviewed[k] += u64::from(r);
                    tally.wrongly_reviewed[k] += u64::from(r && !d);
                    tally.wrongly_spared[k] += u64::from(d && !r);
                    count += i64::from(r);
                    right += i64::from(r && d);
                    wrong += i64::from(r && !d);
                    spared += i64::from(d && !r);
                    if r && !d {
                        pence += self.amount[i];
                    }
                }
                let m = &mut tally.moments[o * FIGURES.len()..(o + 1) * FIGURES.len()];
                for (x, v) in m
                    .iter_mut()
                    .zip([count, funding, right, wrong, spared, pence])
                {
                    x.add(v);
                }
            }
        }
    }
}
