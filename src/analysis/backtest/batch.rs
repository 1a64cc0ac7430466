//! One whole backtest, as `ibcf backtest` runs it: the settings checked,
//! the actual data chosen (a file, or the scenario's own history), and
//! every origin forecast and scored in turn.

use super::{BacktestError, Config, Origin, actual, run_origin};
use crate::month::Month;
use crate::scenario::plan::{History, Plan};
use std::path::Path;

/// Checks the settings before anything is run.
///
/// # Errors
/// [`BacktestError::Flag`]: zero trials or zero threads.
pub fn check(cfg: &Config) -> Result<(), BacktestError> {
    use crate::engine::session::RunError;
    if cfg.trials == 0 {
        return Err(BacktestError::Flag(RunError::ZeroTrials.to_string()));
    }
    if cfg.threads == Some(0) {
        return Err(BacktestError::Flag(RunError::ZeroThreads.to_string()));
    }
    Ok(())
}

/// What the forecasts are scored against: the file at `path` (in the
/// history CSV format, indexed by `plan`'s councils) or, without one, the
/// scenario's own history; with the words naming it on the page.
///
/// # Errors
/// [`BacktestError::Actual`]: the file cannot be read or does not fit.
pub fn actual_data(plan: &Plan, path: Option<&Path>) -> Result<(History, String), BacktestError> {
    match path {
        Some(p) => Ok((actual::read(p, &plan.councils)?, p.display().to_string())),
        None => Ok((plan.history.clone(), "the scenario's own history".into())),
    }
}

/// Forecasts and scores `plan` at every origin of `ats`, in order;
/// `progress(k, n, at)` before origin `k` of `n`.
///
/// # Errors
/// As [`run_origin`], for the first origin that fails.
pub fn run_all(
    plan: &Plan,
    actual: &History,
    ats: &[Month],
    cfg: &Config,
    progress: &mut dyn FnMut(usize, usize, Month),
) -> Result<Vec<Origin>, BacktestError> {
    let mut origins = Vec::with_capacity(ats.len());
    for (k, &at) in ats.iter().enumerate() {
        progress(k, ats.len(), at);
        origins.push(run_origin(plan, actual, at, cfg)?);
    }
    Ok(origins)
}
