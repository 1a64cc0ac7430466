//! The trial loop, chunked parallel runs, merging; [`pool`], the worker pool
//! every parallel trial loop runs on. Each trial's generators come from
//! `model::rng` (seed and trial index alone).
//!
//! Trials are cut into fixed-size chunks (by trial index). A fixed set of
//! workers on a local rayon pool claim chunks in order; each worker keeps
//! one integer-only [`Tally`], so merging is exact in any order, and writes
//! each trial's national figures into the slot of its trial index. Results are therefore byte-identical for any thread count,
//! chunk size or split.

mod assemble;
pub mod decider;
pub mod memory;
pub mod noise_check;
pub mod partial;
pub mod path;
pub mod precision;
pub mod results;
pub mod session;
pub mod shared;
pub mod table;
#[cfg(test)]
mod table_tests;
pub mod tally;
pub mod trial;
mod variant_loop;
pub mod variants;
mod worker;

pub use partial::{FairTrials, Partial, PartialError, PerTrial};
pub use results::{Fairness, National, OptionResult, PairResult, PathRow, PathSeries, Results};

use crate::model::sampler::lanes::L;
use crate::model::{ModelError, Prepared};
use crate::scenario::plan::Plan;
use decider::TrialFigures;
use shared::Shared;
use std::ops::Range;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;
use tally::Tally;
use worker::Worker;

/// How to run (never what to compute: no field changes the results).
#[derive(Clone, Copy)]
pub struct RunConfig<'a> {
    /// Worker threads; `None` = all cores.
    pub threads: Option<usize>,
    /// Most trials per chunk (the unit of work a worker claims; smaller runs
    /// are cut finer so that every worker gets several chunks).
    pub chunk_size: usize,
    /// Called from worker threads with the number of trials finished so far.
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
}

impl Default for RunConfig<'_> {
    fn default() -> Self {
        RunConfig {
            threads: None,
            chunk_size: DEFAULT_CHUNK,
            progress: None,
        }
    }
}

/// Default trials per chunk: large enough to amortise claiming, small enough
/// to balance load and report progress smoothly.
pub const DEFAULT_CHUNK: usize = 1024;

/// Smallest chunk the engine cuts a run into to balance it (see `simulate_all`).
const MIN_CHUNK: usize = 64;

/// Trials simulated by this process so far, over every pass (a plain run,
/// a shard, a shared run of variants).
static SIMULATED: AtomicU64 = AtomicU64::new(0);

/// How many trials this process has simulated so far: lets a test see how
/// many simulation passes a tool made (e.g. `ibcf sweep` over rule-only keys
/// simulates each trial once), without timing anything.
pub fn trials_simulated() -> u64 {
    SIMULATED.load(Ordering::Relaxed)
}

/// Counts `k` more trials simulated (see [`trials_simulated`]).
fn count_simulated(k: u64) {
    SIMULATED.fetch_add(k, Ordering::Relaxed);
}

/// Why a run could not happen.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("the plan is inconsistent: {0}")]
    Plan(String),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("could not start worker threads: {0}")]
    Threads(String),
}

/// Simulates `plan.trials` trials of the plan.
///
/// Time: O(trials × councils × (months + criteria + options)); memory flat in
/// trials except 20 bytes per trial per option (held once, in the results).
///
/// # Errors
/// An inconsistent plan, or worker threads that could not be started.
pub fn run(plan: &Plan, cfg: &RunConfig<'_>) -> Result<Results, EngineError> {
    plan.check().map_err(EngineError::Plan)?;
    run_prepared(plan, Prepared::new(plan)?, cfg, false)
}

/// [`run`], and in the same pass the "caught by noise" comparison: every
/// trial's expected rates (its latent paths before observation noise) go
/// through the criteria and rules too, and
/// [`Results::without_noise`] counts the reviews. The counts are exactly
/// those of [`run_without_noise`] (tested), at the cost of one more
/// decision per trial instead of a second simulation.
///
/// # Errors
/// As [`run`].
pub fn run_with_noise_check(plan: &Plan, cfg: &RunConfig<'_>) -> Result<Results, EngineError> {
    plan.check().map_err(EngineError::Plan)?;
    run_prepared(plan, Prepared::new(plan)?, cfg, true)
}

/// Simulates the plan with observation noise switched off but everything
/// else, latent starts included, exactly as [`run`] would: the "caught by
/// noise" comparison.
///
/// # Errors
/// As [`run`].
pub fn run_without_noise(plan: &Plan, cfg: &RunConfig<'_>) -> Result<Results, EngineError> {
    plan.check().map_err(EngineError::Plan)?;
    run_prepared(plan, Prepared::new(plan)?.without_noise(), cfg, false)
}

fn run_prepared(
    plan: &Plan,
    prep: Prepared,
    cfg: &RunConfig<'_>,
    quiet: bool,
) -> Result<Results, EngineError> {
    let shared = Shared::new(plan, prep, quiet);
    let part = simulate_range(&shared, cfg, 0..plan.trials)?;
    let (threads, elapsed_s) = (part.threads, part.elapsed_s);
    let (tally, per_trial) = part.into_parts();
    let mut res = assemble::results(&shared, tally, per_trial);
    res.threads = threads;
    res.elapsed_s = elapsed_s;
    Ok(res)
}

/// Simulates only trials `range` (by trial index, so every trial draws the
/// same random numbers as in a whole run) and returns them unassembled: the
/// shard of a split run. `noise_check` as [`run_with_noise_check`] (it has
/// an effect only when the plan has observation noise).
///
/// # Errors
/// As [`run`], and a range outside `0..plan.trials`.
pub fn run_range(
    plan: &Plan,
    cfg: &RunConfig<'_>,
    noise_check: bool,
    range: Range<u64>,
) -> Result<Partial, EngineError> {
    plan.check().map_err(EngineError::Plan)?;
    if range.start > range.end || range.end > plan.trials {
        return Err(EngineError::Plan(format!(
            "trial range {}..{} is outside 0..{}",
            range.start, range.end, plan.trials
        )));
    }
    let shared = Shared::new(plan, Prepared::new(plan)?, noise_check);
    simulate_range(&shared, cfg, range)
}

/// Turns partials that together cover every trial of the plan, merged with
/// [`Partial::absorb`], into the run's [`Results`]: exactly those of [`run`]
/// (or [`run_with_noise_check`] when `noise_check`) on the whole plan.
///
/// # Errors
/// A model error, or a partial that does not cover `0..plan.trials`.
pub fn assemble(plan: &Plan, whole: Partial, noise_check: bool) -> Result<Results, EngineError> {
    if whole.range() != (0..plan.trials) || !whole.is_complete() {
        return Err(EngineError::Plan(format!(
            "the merged trials cover {:?}, not 0..{}",
            whole.covered(),
            plan.trials
        )));
    }
    let shared = Shared::new(plan, Prepared::new(plan)?, noise_check);
    let (threads, elapsed_s) = (whole.threads, whole.elapsed_s);
    let (tally, per_trial) = whole.into_parts();
    let mut res = assemble::results(&shared, tally, per_trial);
    res.threads = threads;
    res.elapsed_s = elapsed_s;
    Ok(res)
}

fn simulate_range(
    shared: &Shared<'_>,
    cfg: &RunConfig<'_>,
    range: Range<u64>,
) -> Result<Partial, EngineError> {
    let start = Instant::now();
    let (pool, threads) = pool(cfg.threads)?;
    let (tally, per_trial) = pool.install(|| simulate_all(shared, cfg, threads, range.clone()));
    Ok(Partial::new(
        range,
        tally,
        per_trial,
        threads,
        start.elapsed().as_secs_f64(),
    ))
}

/// A local rayon pool of `threads` workers (`None` or 0: all cores), and
/// its size. Every parallel trial loop (the engine's, the backtest's) runs
/// on one of these, never on rayon's global pool.
///
/// # Errors
/// [`EngineError::Threads`]: the worker threads could not be started.
pub fn pool(threads: Option<usize>) -> Result<(rayon::ThreadPool, usize), EngineError> {
    let threads = threads
        .filter(|&t| t > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| EngineError::Threads(e.to_string()))?;
    Ok((pool, threads))
}

/// One chunk's slots in the per-trial outputs: the `i64` series (per
/// option funding, per option wrongly reviewed funding, per consequences
/// figure) and the `u32` series (per option reviewed), in the order of
/// [`flat_i64`] and [`flat_u32`].
type ChunkSlots<'a> = (Vec<&'a mut [i64]>, Vec<&'a mut [u32]>);

/// One trial's `i64` figures in slot order.
fn flat_i64(f: &TrialFigures) -> impl Iterator<Item = i64> + '_ {
    let (a, b, c) = (&f.funding, &f.wrong_funding, &f.consequences);
    a.iter().chain(b).chain(c).copied()
}

/// One trial's `u32` figures in slot order (the fairness counts go to the
/// tally's distributions instead: `Tally::fair_counts`).
fn flat_u32(f: &TrialFigures) -> impl Iterator<Item = u32> + '_ {
    f.reviewed.iter().copied()
}

/// Runs every chunk of trials `range` on the current pool; returns the
/// merged tally and the per-trial figures (index 0 = trial `range.start`).
/// Workers write each chunk straight into its slots of the final per-trial
/// vectors, so the per-trial figures are held once (20 bytes per trial per
/// option) and never copied.
fn simulate_all(
    sh: &Shared<'_>,
    cfg: &RunConfig<'_>,
    threads: usize,
    range: Range<u64>,
) -> (Tally, PerTrial) {
    let first = range.start;
    let trials = (range.end - range.start) as usize;
    // At least 8 chunks per worker where trials allow, so that small runs
    // (a sweep's, a benchmark's) still balance; chunking never changes results.
    let chunk = cfg
        .chunk_size
        .min(trials.div_ceil(threads * 8).max(MIN_CHUNK))
        .max(1);
    let n_chunks = trials.div_ceil(chunk);
    let no = sh.plan.options.len();
    let nf = if sh.plan.consequences.is_some() {
        crate::consequences::tally::N_FIGURES
    } else {
        0
    };
    let mut wide: Vec<Vec<i64>> = (0..2 * no + nf).map(|_| vec![0; trials]).collect();
    let mut narrow: Vec<Vec<u32>> = (0..no).map(|_| vec![0; trials]).collect();
    let slots: Vec<Mutex<ChunkSlots<'_>>> = {
        let mut per_chunk: Vec<ChunkSlots<'_>> = (0..n_chunks)
            .map(|_| (Vec::with_capacity(2 * no + nf), Vec::with_capacity(no)))
            .collect();
        for f in wide.iter_mut() {
            for (c, s) in f.chunks_mut(chunk).enumerate() {
                per_chunk[c].0.push(s);
            }
        }
        for r in narrow.iter_mut() {
            for (c, s) in r.chunks_mut(chunk).enumerate() {
                per_chunk[c].1.push(s);
            }
        }
        per_chunk.into_iter().map(Mutex::new).collect()
    };
    let next = AtomicUsize::new(0);
    let done = AtomicU64::new(0);
    let lanes = path::lanes_for(!sh.plan.params.is_empty());
    let tallies: Vec<Tally> = {
        use rayon::prelude::*;
        (0..threads.min(n_chunks.max(1)))
            .into_par_iter()
            .map(|_| {
                let mut w = Worker::new(sh);
                let mut out = TrialFigures::new(no, nf);
                loop {
                    let c = next.fetch_add(1, Ordering::Relaxed);
                    if c >= n_chunks {
                        break;
                    }
                    let lo = c * chunk;
                    let hi = (lo + chunk).min(trials);
                    // Each chunk's lock is taken once, by the one worker that claimed it.
                    let mut guard = slots[c].lock().unwrap_or_else(|e| e.into_inner());
                    let (ws, ns) = &mut *guard;
                    let mut put = |k: usize, out: &TrialFigures| {
                        for (s, v) in ws.iter_mut().zip(flat_i64(out)) {
                            s[k] = v;
                        }
                        for (s, v) in ns.iter_mut().zip(flat_u32(out)) {
                            s[k] = v;
                        }
                    };
                    // Eight trials at a time in lanes, the rest one by one:
                    // the same figures either way (DECISIONS #95).
                    let mut t = lo;
                    while t < hi {
                        if lanes && hi - t >= L {
                            w.trials_in_lanes(sh, first + t as u64, &mut out, |j, o| {
                                put(t - lo + j, o)
                            });
                            t += L;
                        } else {
                            w.trial(sh, first + t as u64, &mut out);
                            put(t - lo, &out);
                            t += 1;
                        }
                    }
                    drop(guard);
                    count_simulated((hi - lo) as u64);
                    let d = done.fetch_add((hi - lo) as u64, Ordering::Relaxed) + (hi - lo) as u64;
                    if let Some(p) = cfg.progress {
                        p(d);
                    }
                }
                w.decider.into_tally()
            })
            .collect()
    };
    drop(slots);
    let mut tallies = tallies.into_iter();
    let mut total = tallies.next().unwrap_or_else(|| {
        let n = sh.plan.councils.len();
        let mut t = Tally::new(n, sh.plan.criteria.len(), no, sh.n_series());
        t.consequences = (sh.plan.consequences.as_ref())
            .map(|c| crate::consequences::tally::Tally::new(c, n, no));
        t
    });
    for t in tallies {
        total.merge(&t);
    }
    let figures = wide.split_off(2 * no);
    let wrong_funding = wide.split_off(no);
    let per_trial = PerTrial {
        funding: wide,
        reviewed: narrow,
        figures,
        fairness: partial::FairTrials { wrong_funding },
    };
    (total, per_trial)
}
