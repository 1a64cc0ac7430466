//! The library's whole run: everything `ibcf run` does short of writing
//! files — `trials`/`seed` applied and checked, memory sized, the engine run
//! (grown to a target precision when asked) and the "caught by noise" check —
//! with progress through a callback. The CLI is one caller; sharding, other
//! front ends and tests are others. Writing the folder is `report`'s job.
//!
//! ```
//! use ibcf::{RunOptions, run};
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/tutorial");
//! let plan = ibcf::load(dir.as_ref(), &[]).expect("valid scenario");
//! let opts = RunOptions { trials: Some(200), seed: Some(7), ..RunOptions::default() };
//! let out = run(&plan, &opts).expect("runs");
//! assert_eq!(out.results.trials, 200);
//! assert_eq!(out.plan.seed, 7);
//! // The noise check is on by default: per option, per council.
//! assert_eq!(out.without_noise.map(|w| w.len()), Some(plan.options.len()));
//! ```

use super::memory::{self, MemoryError};
use super::noise_check as noise;
use super::precision::{self, Figure, Outcome};
use super::{EngineError, Results, RunConfig};
use crate::scenario::plan::Plan;

/// Run until a figure's standard error is at most `se` (`--precision`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Precision {
    pub se: f64,
    pub figure: Figure,
    /// Never more trials than this.
    pub max_trials: u64,
}

/// What a caller hears while a run goes (from worker threads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Trials finished so far in the current engine pass.
    Trials(u64),
    /// The noise check needs a second pass (after a precision run).
    NoiseRerun,
}

/// How to run a plan. The default is the scenario's own trials and seed,
/// all cores, the noise check on, memory detected, no progress.
#[derive(Clone, Copy)]
pub struct RunOptions<'a> {
    /// Trials (overrides `simulation.trials`; with `precision`, the first step).
    pub trials: Option<u64>,
    /// Seed (overrides `simulation.seed`).
    pub seed: Option<u64>,
    /// Worker threads (`None`: all cores). Results do not depend on it.
    pub threads: Option<usize>,
    pub precision: Option<Precision>,
    /// Compute the review probability with observation noise off.
    pub noise_check: bool,
    /// Bytes the run may use; `None`: detected ([`memory::available`]).
    pub memory: Option<u128>,
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
}

impl Default for RunOptions<'_> {
    fn default() -> Self {
        RunOptions {
            trials: None,
            seed: None,
            threads: None,
            precision: None,
            noise_check: true,
            memory: None,
            progress: None,
        }
    }
}

/// A finished run: the plan as run, its results and the checks' figures.
#[derive(Debug)]
pub struct RunOutput {
    /// The plan with `trials` (the final count) and `seed` applied.
    pub plan: Plan,
    pub results: Results,
    /// Per option, per council: trials reviewed with observation noise off
    /// (`None` when the noise check was not asked for).
    pub without_noise: Option<Vec<Vec<u64>>>,
    /// How a precision run went.
    pub precision: Option<Outcome>,
}

/// Why a run could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("--trials must be at least 1")]
    ZeroTrials,
    #[error("--threads must be at least 1 (or left out for all cores)")]
    ZeroThreads,
    #[error("--precision {0}: must be a positive standard error, e.g. --precision 0.005")]
    BadPrecision(f64),
    #[error(transparent)]
    Memory(#[from] MemoryError),
    #[error(transparent)]
    Engine(#[from] EngineError),
}

impl RunError {
    /// A problem with what the caller asked for (not with the run itself).
    pub fn is_input(&self) -> bool {
        !matches!(self, RunError::Engine(_))
    }
}

/// Everything `ibcf run` computes: [`prepare`] then [`execute`].
///
/// # Errors
/// Bad options or too little memory ([`RunError::is_input`]); an engine failure.
pub fn run(plan: &Plan, opts: &RunOptions<'_>) -> Result<RunOutput, RunError> {
    execute(prepare(plan.clone(), opts)?, opts)
}

/// Applies `trials` and `seed` and checks the options and memory, before
/// anything is simulated (callers can then claim their output folder).
///
/// # Errors
/// Zero trials or threads, a bad precision target, too little memory.
pub fn prepare(mut plan: Plan, opts: &RunOptions<'_>) -> Result<Plan, RunError> {
    if let Some(t) = opts.trials {
        if t == 0 {
            return Err(RunError::ZeroTrials);
        }
        plan.trials = t;
    }
    if let Some(s) = opts.seed {
        plan.seed = s;
    }
    if opts.threads == Some(0) {
        return Err(RunError::ZeroThreads);
    }
    if let Some(p) = opts.precision
        && !(p.se > 0.0 && p.se.is_finite())
    {
        return Err(RunError::BadPrecision(p.se));
    }
    // A precision run may grow to its cap: size the check for that.
    let planned = plan.trials;
    if let Some(p) = opts.precision {
        plan.trials = plan.trials.max(p.max_trials);
    }
    let available = opts.memory.or_else(memory::available);
    let fits = memory::check(&plan, opts.threads, available);
    plan.trials = planned;
    fits?;
    Ok(plan)
}

/// Simulates a [`prepare`]d plan: the engine (to the precision target when
/// asked) and the noise check, in the same pass when it can.
///
/// # Errors
/// An engine failure.
pub fn execute(mut plan: Plan, opts: &RunOptions<'_>) -> Result<RunOutput, RunError> {
    let tick = |done: u64| {
        if let Some(f) = opts.progress {
            f(Progress::Trials(done));
        }
    };
    let cfg = RunConfig {
        threads: opts.threads,
        progress: opts
            .progress
            .is_some()
            .then_some(&tick as &(dyn Fn(u64) + Sync)),
        ..RunConfig::default()
    };
    let fused = opts.noise_check && noise::has_noise(&plan);
    let mut outcome = None;
    let mut results = match opts.precision {
        Some(p) => {
            let first = opts.trials.unwrap_or(1000);
            let (res, out) =
                precision::run_to(&mut plan, p.figure, p.se, first, p.max_trials, &cfg)?;
            outcome = Some(out);
            res
        }
        None if fused => super::run_with_noise_check(&plan, &cfg)?,
        None => super::run(&plan, &cfg)?,
    };
    let without_noise = match (opts.noise_check, results.without_noise.take()) {
        (false, _) => None,
        (true, Some(counts)) => Some(counts),
        (true, None) if fused => {
            if let Some(f) = opts.progress {
                f(Progress::NoiseRerun);
            }
            let cfg = RunConfig {
                threads: opts.threads,
                ..RunConfig::default()
            };
            Some(noise::reviewed_without_noise(&plan, &cfg)?)
        }
        (true, None) => Some(results.options.iter().map(|o| o.reviewed.clone()).collect()),
    };
    Ok(RunOutput {
        plan,
        results,
        without_noise,
        precision: outcome,
    })
}
