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
//! reading a metric the scenario does not simulate) or scenarios with more
//! councils than `rules::bits` holds run one by one.

use super::{SweepPoint, grid, grid::Vary, load_point};
use crate::analysis::design;
use crate::analysis::figures::{OptionFigures, TradeOff, of_national};
use crate::analysis::{RunSettings, ToolError};
use crate::consequences::tally as cons;
use crate::engine::National;
use crate::engine::variants::{self, Keep, VariantTally, run_variants_keeping};
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
///
/// # Errors
/// An engine failure.
pub fn decide(
    first: &Plan,
    points: Vec<(Vec<usize>, Plan)>,
    rs: &RunSettings,
) -> Result<Option<Vec<SweepPoint>>, ToolError> {
    let (indices, plans): (Vec<Vec<usize>>, Vec<Plan>) = points.into_iter().unzip();
    if plans.is_empty() {
        return Ok(Some(Vec::new()));
    }
    if !variants::can_share(first, &plans) {
        return Ok(None);
    }
    let keep = Keep {
        values: true,
        consequences: true,
    };
    let cfg = rs.config();
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
