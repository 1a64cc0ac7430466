//! Analyses built on the engine: parameter sweeps ([`sweep`]), global
//! sensitivity ([`sensitivity`], with the Sobol estimators in
//! [`sensitivity::sobol`]), the council stress test and improvement needed
//! to be safe ([`stress`]), forecasts scored against what happened
//! ([`backtest`]) and trajectory parameters estimated from history
//! ([`calibrate`]).
//!
//! Every tool re-runs the engine on variants of one plan with the plan's
//! seed, so all variants share their random numbers (common random numbers):
//! trial `t` draws from (seed, t) only, so differences between variants are
//! the variants', not chance's. Tools never touch the engine's internals.

pub mod backtest;
pub mod calibrate;
pub mod charts;
pub mod design;
pub mod figures;
pub mod sensitivity;
pub mod stress;
pub mod sweep;

use crate::engine::{self, EngineError, Results, RunConfig, noise_check as noise};
use crate::scenario::{self, plan::Plan};
use std::path::Path;

/// Overrides of how a tool runs the engine (not of what it computes).
#[derive(Debug, Clone, Copy, Default)]
pub struct RunSettings {
    /// Trials per engine run (`None`: the scenario's `simulation.trials`).
    pub trials: Option<u64>,
    /// Seed (`None`: the scenario's `simulation.seed`).
    pub seed: Option<u64>,
    /// Worker threads (`None`: all cores). Results do not depend on it.
    pub threads: Option<usize>,
}

impl RunSettings {
    /// Applies `trials` and `seed` to a plan.
    pub fn apply(&self, plan: &mut Plan) {
        if let Some(t) = self.trials {
            plan.trials = t.max(1);
        }
        if let Some(s) = self.seed {
            plan.seed = s;
        }
    }

    /// The engine configuration (no progress reporting).
    pub fn config(&self) -> RunConfig<'static> {
        RunConfig {
            threads: self.threads,
            ..RunConfig::default()
        }
    }
}

/// Why a tool could not finish.
#[derive(Debug, thiserror::Error)]
pub enum ToolError {
    /// Bad scenario, bad flag value or an unknown key (exit 2).
    #[error("{0}")]
    Input(String),
    /// The engine failed (exit 1).
    #[error("error: {0}")]
    Engine(#[from] EngineError),
}

/// Loads the scenario with `overrides` and applies `rs`.
///
/// # Errors
/// [`ToolError::Input`] with the rendered diagnostics.
pub fn load(path: &Path, overrides: &[String], rs: &RunSettings) -> Result<Plan, ToolError> {
    let mut plan = scenario::load(path, overrides).map_err(|d| ToolError::Input(d.render()))?;
    rs.apply(&mut plan);
    Ok(plan)
}

/// Runs the engine on `plan` with `rs`'s thread count.
///
/// # Errors
/// [`ToolError::Engine`].
pub fn simulate(plan: &Plan, rs: &RunSettings) -> Result<Results, ToolError> {
    Ok(engine::run(plan, &rs.config())?)
}

/// [`simulate`], with the noise check ([`Results::without_noise`]) decided
/// in the same pass when the plan has observation noise.
///
/// # Errors
/// [`ToolError::Engine`].
pub fn simulate_with_noise_check(plan: &Plan, rs: &RunSettings) -> Result<Results, ToolError> {
    match noise::has_noise(plan) {
        true => Ok(engine::run_with_noise_check(plan, &rs.config())?),
        false => simulate(plan, rs),
    }
}
