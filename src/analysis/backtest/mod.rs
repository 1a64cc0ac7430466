//! `ibcf backtest`: how good are the model's forecasts? Stand at an origin
//! month in the past, re-estimate the trajectory parameters on history up to
//! it, simulate the next months, and score the forecasts against what
//! actually happened.
//!
//! Pipeline per origin: [`derive`](mod@derive) (the scenario as of the origin) →
//! `calibrate::calibrate` + `calibrate::apply::apply` (optional) → [`sample`]
//! (ensembles of every council's four built-in metrics, and criterion
//! tallies) → [`score`] (PIT, coverage, CRPS, quantile score) → [`summary`]
//! (tables over councils, metrics, horizons and origins) → [`decisions`]
//! (the scenario's review rules replayed with shifted months, [`replay`],
//! scored against persistence and a constant probability) → [`write`](mod@write),
//! [`plots`], [`html`] (the output folder). [`batch`] runs every origin of
//! one backtest.

pub mod actual;
pub mod batch;
pub mod decision_report;
pub mod decisions;
pub mod derive;
pub mod error;
pub mod folder;
pub mod html;
pub mod learned;
pub mod plots;
pub mod replay;
#[cfg(test)]
mod replay_pressure_tests;
pub mod sample;
pub mod score;
pub mod summary;
pub mod write;

use crate::analysis::calibrate::{self, Calibration};
use crate::month::Month;
use crate::scenario::plan::{History, Plan};
use crate::scenario::plan::{STREAMS, month_row};
use crate::stats::quantile::{Rank, nearest_rank};
pub use error::BacktestError;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sample::N_METRICS;

/// How to backtest (the same for every origin).
#[derive(Debug, Clone)]
pub struct Config {
    /// Months forecast after each origin.
    pub horizon: u32,
    /// Simulated futures per origin.
    pub trials: usize,
    /// Seed of the simulation and of the PIT tie-breaking.
    pub seed: u64,
    /// Re-estimate the trajectory parameters on history up to each origin
    /// (`false`: use the scenario's parameters as they are).
    pub recalibrate: bool,
    /// Replay and score the scenario's review decisions at each origin.
    pub decisions: bool,
    /// Worker threads (`None`: all cores). Results do not depend on it.
    pub threads: Option<usize>,
}

/// One council's forecast of one metric at one month, and its scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Index into the scenario's councils.
    pub council: usize,
    /// 0 nhs, 1 asc, 2 both, 3 total.
    pub metric: usize,
    /// Months after the origin (1 = the first forecast month).
    pub horizon: u32,
    pub month: Month,
    pub actual: f64,
    /// The metric at the origin month (the "no change" forecast).
    pub origin_value: f64,
    pub pit: f64,
    /// p5, p25, p50, p75, p95 of the ensemble.
    pub quantiles: [f64; 5],
    pub crps: f64,
    pub quantile_score: f64,
}

/// Predicted and actual number of councils meeting one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionCheck {
    pub name: String,
    pub month: Month,
    /// Councils with the data to decide (both predicted and actual).
    pub councils: usize,
    /// Sum over those councils of the forecast probability.
    pub predicted: f64,
    /// 5th and 95th percentiles of the count over trials.
    pub predicted_p5: u32,
    pub predicted_p95: u32,
    pub actual: u32,
    /// Mean squared difference between probability and outcome, per council.
    pub brier: f64,
}

/// Everything measured at one origin.
#[derive(Debug, Clone)]
pub struct Origin {
    pub at: Month,
    pub horizon: u32,
    pub councils: usize,
    /// Councils left out (no complete origin month).
    pub dropped: Vec<String>,
    pub calibration: Option<Calibration>,
    pub forecasts: Vec<Forecast>,
    pub criteria: Vec<CriterionCheck>,
    /// Per option: the review decisions' scores (empty when not replayable).
    pub decisions: Vec<decisions::DecisionCheck>,
    /// The pull learned from target months before the origin
    /// ([`learned::at_origin`]); `None`: the scenario's prior alone.
    pub pull: Option<calibrate::pull::PullFit>,
}

/// Metric names in [`Forecast::metric`] order.
pub const METRICS: [&str; N_METRICS] = ["nhs", "asc", "both", "total"];

/// Origins `from, from + every, … <= to`.
pub fn origins(from: Month, to: Month, every: u32) -> Vec<Month> {
    let step = every.max(1) as i32;
    (0..)
        .map(|k| from.plus(k * step))
        .take_while(|m| *m <= to)
        .collect()
}

/// Backtests the scenario `full` at origin `at`, scoring against `actual`
/// (indexed like `full`'s councils).
///
/// # Errors
/// [`BacktestError::Origin`] or [`BacktestError::Flag`] for an origin
/// outside the history, no actual data after it, a calibration window too
/// short or a zero horizon; [`BacktestError::Engine`] for a plan the model
/// cannot prepare.
pub fn run_origin(
    full: &Plan,
    actual: &History,
    at: Month,
    cfg: &Config,
) -> Result<Origin, BacktestError> {
    if actual.last() <= at {
        return Err(BacktestError::Origin(format!(
            "no actual data after {at}: the actual history ends {}; pass --actual FILE with later months",
            actual.last()
        )));
    }
    let d = derive::derive(full, at, cfg.horizon)?;
    let mut plan = d.plan;
    plan.seed = cfg.seed;
    plan.trials = cfg.trials as u64;
    let cal = if cfg.recalibrate {
        let c = calibrate::calibrate(&plan, None, Some(at))
            .map_err(|e| BacktestError::Origin(format!("origin {at}: {e}")))?;
        calibrate::apply::apply(&c, &mut plan);
        Some(c)
    } else {
        None
    };
    let (learned_plan, pull) = learned::at_origin(full, at);
    let full = learned_plan.as_ref().unwrap_or(full);
    replay::press_forecast(full, &mut plan, &d.kept, at);
    let months = plan.n_sim_months();
    let act = actual::rates_for(actual, &d.kept, plan.first_sim, months);
    let complete: Vec<bool> = act
        .chunks(months * STREAMS)
        .map(|c| c.iter().all(|v| v.is_finite()))
        .collect();
    let ens = sample::simulate_plan(&plan, cfg.trials, &complete, cfg.threads)?;
    let forecasts = score_all(&plan, &d.kept, &ens, &act, cfg.seed, at);
    let criteria = check_criteria(&plan, &ens, &act, &complete);
    drop(ens);
    let decisions = if cfg.decisions && !full.options.is_empty() {
        decisions::check(full, &plan, &d.kept, actual, at, cfg)?
    } else {
        Vec::new()
    };
    Ok(Origin {
        at,
        horizon: cfg.horizon,
        councils: d.kept.len(),
        dropped: d.dropped,
        calibration: cal,
        forecasts,
        criteria,
        decisions,
        pull,
    })
}

/// Metric value of the actual rates (`NaN` when any stream it needs is missing).
fn metric_of(plan: &Plan, m: usize, rates: &[f64]) -> f64 {
    let w = plan.metrics[m].weights;
    (0..3)
        .filter(|&a| w[a] != 0.0)
        .map(|a| w[a] * rates[a])
        .sum()
}

fn score_all(
    plan: &Plan,
    kept: &[usize],
    ens: &sample::Ensemble,
    act: &[f64],
    seed: u64,
    at: Month,
) -> Vec<Forecast> {
    // Tie-breaking uniforms: their own generator, fixed by seed and origin.
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5049_5420_5449_4553);
    rng.set_stream(at.0 as u64);
    let months = ens.months;
    let mut out = Vec::new();
    let mut sorted = Vec::with_capacity(ens.trials);
    for (j, &i) in kept.iter().enumerate() {
        for m in 0..N_METRICS {
            let origin_rates: Vec<f64> = (0..3)
                .map(|a| {
                    plan.history
                        .rate(j, at, crate::scenario::plan::Stream::ALL[a])
                        .unwrap_or(f64::NAN)
                })
                .collect();
            let origin_value = metric_of(plan, m, &origin_rates);
            for t in 0..months {
                let (tie, v): (f64, f64) = (rng.random(), rng.random());
                let k = month_row(j, t, months);
                let y = metric_of(plan, m, &act[k..k + STREAMS]);
                if !y.is_finite() {
                    continue;
                }
                let xs = ens.series(j, m, t);
                sorted.clear();
                sorted.extend(xs.iter().copied().filter(|x| !x.is_nan()));
                sorted.sort_by(f64::total_cmp);
                let quantiles = score::LEVELS.map(|p| score::quantile(&sorted, p));
                out.push(Forecast {
                    council: i,
                    metric: m,
                    horizon: t as u32 + 1,
                    month: plan.first_sim.plus(t as i32),
                    actual: y,
                    origin_value,
                    pit: score::pit(&sorted, y, tie, v),
                    quantiles,
                    crps: score::crps(&sorted, y),
                    quantile_score: score::quantile_score(&quantiles, y),
                });
            }
        }
    }
    out
}

/// Predicted (sum of probabilities, count quantiles over trials) against
/// actual counts, over the councils whose actual forecast months are
/// `complete` (the ensemble's counts are over the same councils).
fn check_criteria(
    plan: &Plan,
    ens: &sample::Ensemble,
    act: &[f64],
    complete: &[bool],
) -> Vec<CriterionCheck> {
    let (n, nc) = (plan.councils.len(), plan.criteria.len());
    if !complete.iter().any(|&c| c) {
        return Vec::new();
    }
    let fired = sample::fired_on(plan, act);
    let trials = ens.trials.max(1) as f64;
    plan.criteria
        .iter()
        .enumerate()
        .map(|(c, crit)| {
            let mut predicted = 0.0;
            let mut brier = 0.0;
            let mut actual = 0u32;
            let mut used = 0usize;
            for j in (0..n).filter(|&j| complete[j]) {
                let p = ens.fired[j * nc + c] as f64 / trials;
                let o = fired[j * nc + c];
                predicted += p;
                brier += (p - f64::from(u8::from(o))).powi(2);
                actual += u32::from(o);
                used += 1;
            }
            let mut counts = ens.counts[c * ens.trials..(c + 1) * ens.trials].to_vec();
            counts.sort_unstable();
            let q = |p: f64| nearest_rank(&counts, p, Rank::Exact).unwrap_or(0);
            let (p5, p95) = (q(0.05), q(0.95));
            CriterionCheck {
                name: crit.name.clone(),
                month: crit.month,
                councils: used,
                predicted,
                predicted_p5: p5,
                predicted_p95: p95,
                actual,
                brier: brier / used.max(1) as f64,
            }
        })
        .collect()
}

/// Parses `--at`: one month, or `FROM..TO` stepped by `every` months.
///
/// # Errors
/// [`BacktestError::Flag`]: a month that does not parse, or a range that
/// ends before it starts.
pub fn parse_origins(at: &str, every: u32) -> Result<Vec<Month>, BacktestError> {
    let bad = |e: crate::month::MonthParseError| BacktestError::Flag(format!("--at: {e}"));
    match at.split_once("..") {
        None => Ok(vec![at.trim().parse().map_err(bad)?]),
        Some((a, b)) => {
            let (from, to): (Month, Month) = (
                a.trim().parse().map_err(bad)?,
                b.trim().parse().map_err(bad)?,
            );
            if to < from {
                return Err(BacktestError::Flag(format!(
                    "--at {at}: the range ends before it starts"
                )));
            }
            Ok(origins(from, to, every))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_lists() {
        let m = |s: &str| s.parse::<Month>().unwrap_or_default();
        assert_eq!(parse_origins("2016-07", 3).ok(), Some(vec![m("2016-07")]));
        assert_eq!(
            parse_origins("2015-07..2016-02", 3).ok(),
            Some(vec![m("2015-07"), m("2015-10"), m("2016-01")])
        );
        assert!(parse_origins("2016-07..2016-01", 1).is_err());
        assert!(parse_origins("July", 1).is_err());
    }
}
