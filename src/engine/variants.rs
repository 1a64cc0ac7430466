//! Several plans decided on one simulation: the engine of `ibcf design`.
//!
//! The variants differ from the base plan only in what decides (criteria,
//! option rules and money, `[fairness] intent`), never in what is simulated,
//! so each trial is simulated once (the base plan's [`TrialModel`](super::trial::TrialModel)) and
//! every variant decided on it. Work is shared: the metric tables
//! (observed and latent) are filled once per trial; every distinct
//! criterion of all the variants (the *union*, compared by kind, metric,
//! month and average, not by name) is evaluated once; each rule, rewritten
//! over the union, is evaluated once for all councils as a bit set
//! (`rules::bits`), and variants with the same rule and intent share it (a
//! *decision*, with its per-council tallies). Per variant option only the
//! money is summed over its reviewed councils.
//!
//! Each variant keeps a lean tally ([`VariantTally`]): per option and
//! council the trials reviewed, wrongly reviewed and wrongly spared, and
//! per option exact moments of six national per-trial figures, enough for
//! their mean and standard error exactly as `stats::summarize` gives them
//! (tested against separate runs). No per-trial vectors, no fan charts.
//! Integer tallies merge by addition, so results are identical for any
//! thread count, chunking or trial split.

use super::shared::Shared;
use super::variant_loop::{Decisions, Worker};
use super::{EngineError, MIN_CHUNK, RunConfig, count_simulated, pool};
use crate::model::Prepared;
use crate::rules::bits::MAX_COUNCILS;
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

/// What a shared run keeps beyond the lean tallies (`ibcf design` keeps
/// neither; `ibcf sweep` over rule-only keys keeps both, to write exactly
/// the figures its per-point runs write).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// Per variant option, every trial's councils reviewed and funding at
    /// risk (pence), for quantiles and expected shortfall
    /// ([`VariantTally::values`]).
    pub values: bool,
    /// The moments of the consequences' national per-trial figures
    /// (scenarios with `[consequences]`; [`VariantTally::consequences`]).
    pub consequences: bool,
}

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
    /// Only with [`Keep::values`] (empty otherwise): `[2 * o]` every
    /// trial's councils reviewed by option `o`, `[2 * o + 1]` its funding at
    /// risk (pence); each sorted (quantiles need only the values, so trial
    /// order is not kept and merging is order-free).
    pub values: Vec<Vec<i64>>,
    /// Only with [`Keep::consequences`] and `[consequences]` (empty
    /// otherwise): moments of each national consequences figure
    /// (`consequences::tally` order), the same for every variant.
    pub consequences: Vec<Moments>,
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
            values: Vec::new(),
            consequences: Vec::new(),
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
        for (x, y) in self.consequences.iter_mut().zip(&o.consequences) {
            x.merge(y);
        }
        for (x, y) in self.values.iter_mut().zip(&o.values) {
            x.extend_from_slice(y);
            x.sort_unstable();
        }
    }

    /// Whether every vector has the length its shape gives.
    pub fn is_consistent(&self) -> bool {
        let k = self.n_opt * self.n;
        [&self.reviewed, &self.wrongly_reviewed, &self.wrongly_spared]
            .iter()
            .all(|v| v.len() == k)
            && self.moments.len() == self.n_opt * FIGURES.len()
            && (self.values.is_empty() || self.values.len() == 2 * self.n_opt)
    }

    /// Mean and standard error of figure `f` of option `o` (in [`SCALE`] units).
    pub fn mean_se(&self, o: usize, f: usize) -> (f64, f64) {
        self.moments[o * FIGURES.len() + f].mean_se(SCALE[f])
    }
}

/// The union of the variants' criteria and, per variant, the union index
/// of each of its criteria.
fn union(variants: &[Plan]) -> (Vec<Criterion>, Vec<Vec<usize>>) {
    let same = |a: &Criterion, b: &Criterion| {
        a.kind == b.kind && a.metric == b.metric && a.month == b.month && a.average == b.average
    };
    let mut all: Vec<Criterion> = Vec::new();
    let maps = variants
        .iter()
        .map(|v| {
            v.criteria
                .iter()
                .map(|c| match all.iter().position(|u| same(u, c)) {
                    Some(k) => k,
                    None => {
                        all.push(c.clone());
                        all.len() - 1
                    }
                })
                .collect()
        })
        .collect();
    (all, maps)
}

/// Simulates trials `range` of `base` once and decides each with every
/// plan of `variants`; one tally per variant, in order. Every variant must
/// simulate what `base` does (only criteria, options and intent may differ);
/// each variant's figures then equal those of its own [`super::run`].
///
/// # Errors
/// A variant that changes the simulated paths, more councils than
/// `rules::bits` holds, a range outside the trials, or an engine failure.
pub fn run_variants(
    base: &Plan,
    variants: &[Plan],
    cfg: &RunConfig<'_>,
    range: Range<u64>,
) -> Result<Vec<VariantTally>, EngineError> {
    run_variants_keeping(base, variants, cfg, range, Keep::default())
}

/// [`run_variants`], keeping also what `keep` asks for.
///
/// # Errors
/// As [`run_variants`].
pub fn run_variants_keeping(
    base: &Plan,
    variants: &[Plan],
    cfg: &RunConfig<'_>,
    range: Range<u64>,
    keep: Keep,
) -> Result<Vec<VariantTally>, EngineError> {
    base.check().map_err(EngineError::Plan)?;
    if range.start > range.end || range.end > base.trials {
        return Err(EngineError::Plan(format!(
            "trial range {}..{} is outside 0..{}",
            range.start, range.end, base.trials
        )));
    }
    if base.councils.len() > MAX_COUNCILS {
        return Err(EngineError::Plan(format!(
            "a design decides at most {MAX_COUNCILS} councils at once; the scenario has {}",
            base.councils.len()
        )));
    }
    if let Some(k) = variants.iter().position(|v| !same_paths(base, v)) {
        return Err(EngineError::Plan(format!(
            "variant {} changes the simulated paths; only criteria, options and the fairness intent may vary",
            k + 1
        )));
    }
    let (crits, maps) = union(variants);
    let mut whole = base.clone();
    whole.criteria = crits;
    whole.options = Vec::new();
    whole.fairness_intent = None;
    let sh = Shared::new(&whole, Prepared::new(&whole)?, false);
    let dec = Decisions::new(variants, &maps);
    let (pool, threads) = pool(cfg.threads)?;
    let trials = (range.end - range.start) as usize;
    let chunk = cfg
        .chunk_size
        .min(trials.div_ceil(threads * 8).max(MIN_CHUNK))
        .max(1);
    let n_chunks = trials.div_ceil(chunk);
    let (next, done) = (AtomicUsize::new(0), AtomicU64::new(0));
    let workers: Vec<Worker> = pool.install(|| {
        use rayon::prelude::*;
        (0..threads.min(n_chunks.max(1)))
            .into_par_iter()
            .map(|_| {
                let mut w = Worker::new(&sh, &dec, keep);
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= n_chunks {
                        break;
                    }
                    let (lo, hi) = (c * chunk, ((c + 1) * chunk).min(trials));
                    for t in lo..hi {
                        w.trial(&sh, &dec, range.start + t as u64);
                    }
                    count_simulated((hi - lo) as u64);
                    let d = done.fetch_add((hi - lo) as u64, Ordering::Relaxed) + (hi - lo) as u64;
                    if let Some(p) = cfg.progress {
                        p(d);
                    }
                }
                w
            })
            .collect()
    });
    let mut workers = workers.into_iter();
    let Some(mut total) = workers.next() else {
        return Ok(Worker::new(&sh, &dec, keep).tallies(&dec));
    };
    for w in workers {
        total.merge(&w);
    }
    Ok(total.tallies(&dec))
}

/// Whether [`run_variants`] can decide every plan of `variants` on one
/// simulation of `base`: each simulates exactly what `base` does, and the
/// councils fit `rules::bits`.
pub fn can_share(base: &Plan, variants: &[Plan]) -> bool {
    base.councils.len() <= MAX_COUNCILS && variants.iter().all(|v| same_paths(base, v))
}

/// Whether `v` simulates exactly what `base` does: the same councils,
/// history, window, trajectories, targets, draws, seed and trials (floats
/// compared bit for bit).
fn same_paths(base: &Plan, v: &Plan) -> bool {
    let bits = |a: &[f64], b: &[f64]| {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits())
    };
    let targets = base.targets.len() == v.targets.len()
        && base.targets.iter().zip(&v.targets).all(|(a, b)| {
            a.metric == b.metric
                && a.month == b.month
                && a.drawn == b.drawn
                && bits(&a.rate, &b.rate)
        });
    base.councils.code == v.councils.code
        && bits(
            &base.councils.population_18plus,
            &v.councils.population_18plus,
        )
        && bits(&base.history.rates, &v.history.rates)
        && (base.history.first, base.first_sim, base.last_sim)
            == (v.history.first, v.first_sim, v.last_sim)
        && base.noise_sampler == v.noise_sampler
        && base.trajectories == v.trajectories
        && targets
        && base.params == v.params
        && (base.seed, base.trials) == (v.seed, v.trials)
        && base.metrics == v.metrics
}
