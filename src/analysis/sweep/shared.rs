//! `ibcf sweep` over keys that only decide, on one simulation. When every
//! swept key is one `ibcf design` may vary (the same classification,
//! [`design::check_key`]: criteria, option rules and money, the fairness
//! intent), the points differ only in how a simulated trial is decided, so
//! each trial is simulated once and every point decided on it
//! (`engine::variants`), instead of one engine run per point.
//!
//! The figures are the per-point runs', byte for byte: the shared run keeps
//! every trial's councils reviewed and funding at risk per point and option
//! (`Keep::values`: quantiles and expected shortfall need the values, not
//! their order) and the moments of the consequences' national figures
//! (`Keep::consequences`), summarised by the same `stats::summarize`.
//! Points that turn out to simulate differently after all (a criterion
//! reading a metric the scenario does not simulate), scenarios with more
//! councils than `rules::bits` holds, and grids whose kept values (16 bytes
//! per trial, point and option) would take more than half the available
//! memory run one by one.

use super::{SweepPoint, grid, grid::Vary, load_point};
use crate::analysis::design;
use crate::analysis::figures::{OptionFigures, TradeOff, of_national};
use crate::analysis::{RunSettings, ToolError};
use crate::consequences::tally as cons;
use crate::engine::variants::{self, Keep, VariantTally, run_variants_keeping};
use crate::engine::{National, memory};
use crate::scenario::plan::Plan;
use crate::stats::summarize;
use std::ops::Range;
use std::path::Path;

/// How a sweep runs its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// One engine run per point (any key).
    PerPoint,
    /// One simulation, every point decided on each trial (keys that only decide).
    OneSimulation,
}

/// The method for a sweep over `vary`: one simulation when every key only
/// decides.
pub fn method(vary: &[Vary]) -> Method {
    match vary.iter().all(|v| design::check_key(&v.key).is_ok()) {
        true => Method::OneSimulation,
        false => Method::PerPoint,
    }
}

/// The plans of grid points `range`, loaded on the pool, in grid order.
///
/// # Errors
/// A point that does not load (the first in grid order is named).
pub fn load(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    range: Range<usize>,
) -> Result<Vec<(Vec<usize>, Plan)>, ToolError> {
    let n = range.len();
    let indices: Vec<Vec<usize>> = grid::points(vary)
        .into_iter()
        .skip(range.start)
        .take(n)
        .collect();
    let (pool, _) = crate::engine::pool(rs.threads)?;
    let loaded: Vec<Result<Plan, ToolError>> = pool.install(|| {
        use rayon::prelude::*;
        (indices.par_iter())
            .map(|ix| load_point(path, base, vary, ix, rs))
            .collect()
    });
    indices
        .into_iter()
        .zip(loaded)
        .map(|(ix, p)| p.map(|p| (ix, p)))
        .collect()
}

/// Decides every point of `points` on one simulation of `first` (grid
/// point 0's plan, which every point must simulate exactly as): their
/// figures, in order; `None` when they cannot share it (run them one by one).
/// `progress(done, points)` as the trials go, `done` the share of the
/// trials simulated, in points.
///
/// # Errors
/// An engine failure.
pub fn decide(
    first: &Plan,
    points: Vec<(Vec<usize>, Plan)>,
    rs: &RunSettings,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Option<Vec<SweepPoint>>, ToolError> {
    let (indices, plans): (Vec<Vec<usize>>, Vec<Plan>) = points.into_iter().unzip();
    if plans.is_empty() {
        return Ok(Some(Vec::new()));
    }
    if !variants::can_share(first, &plans) || !fits(first, &plans, memory::available()) {
        return Ok(None);
    }
    let keep = Keep {
        values: true,
        consequences: true,
    };
    let (n, trials) = (plans.len(), first.trials.max(1));
    let by_trials = |done: u64| {
        let share = u128::from(done) * n as u128 / u128::from(trials);
        progress(share as usize, n);
    };
    let cfg = crate::engine::RunConfig {
        progress: Some(&by_trials),
        ..rs.config()
    };
    let tallies = run_variants_keeping(first, &plans, &cfg, 0..first.trials, keep)?;
    let days = cons::window_days(first);
    let out = (indices.into_iter().zip(&plans).zip(&tallies))
        .map(|((index, plan), t)| SweepPoint {
            index,
            figures: figures(t),
            trade_off: trade_off(plan, t, days),
        })
        .collect();
    Ok(Some(out))
}

/// Bytes the kept per-trial values take: 16 per trial, point and option.
pub fn values_bytes(first: &Plan, plans: &[Plan]) -> u128 {
    let options: u128 = plans.iter().map(|p| p.options.len() as u128).sum();
    16 * u128::from(first.trials) * options
}

/// Whether the kept values fit in half the memory `available` (unknown:
/// they fit); beyond that the points run one by one, each run holding only
/// its own trials.
fn fits(first: &Plan, plans: &[Plan], available: Option<u128>) -> bool {
    available.is_none_or(|a| values_bytes(first, plans) <= a / 2)
}

/// Per option, the figures `option_figures` gives a run of the point.
fn figures(t: &VariantTally) -> Vec<OptionFigures> {
    (0..t.n_opt)
        .map(|o| {
            of_national(&National {
                reviewed: summarize(&t.values[2 * o], 1.0),
                funding: summarize(&t.values[2 * o + 1], 100.0),
            })
        })
        .collect()
}

/// The trade-off `figures::trade_off` gives a run of the point, from the
/// moments of the consequences' figures (`consequences::figures::national`:
/// beds are bed days over the window's days).
fn trade_off(plan: &Plan, t: &VariantTally, days: f64) -> Option<TradeOff> {
    plan.consequences.as_ref()?;
    let m = |f: usize| t.consequences.get(f).map(|m| m.mean_se(cons::UNIT[f]));
    let ((bm, bs), (am, ase), (cm, cse)) = (
        m(cons::BED_MILLI)?,
        m(cons::AVOIDABLE_MILLI)?,
        m(cons::COST_PENCE)?,
    );
    let k = 1.0 / days;
    Some(TradeOff {
        beds_mean: bm * k,
        beds_se: bs * k,
        admissions_mean: am,
        admissions_se: ase,
        cost_mean: cm,
        cost_se: cse,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::testkit;

    #[test]
    fn kept_values_must_fit_in_half_the_memory() {
        let plan = testkit::rich_plan(1000);
        assert!(!plan.options.is_empty());
        let plans = vec![plan.clone(), plan.clone()];
        let need = values_bytes(&plan, &plans);
        assert_eq!(need, 16 * 1000 * 2 * plan.options.len() as u128);
        assert!(fits(&plan, &plans, None));
        assert!(fits(&plan, &plans, Some(2 * need)));
        assert!(!fits(&plan, &plans, Some(2 * need - 1)));
    }
}
