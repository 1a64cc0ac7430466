//! Running a sweep's grid points: the scenario loaded at each point, then
//! either one engine run per point, or (keys that only decide,
//! [`super::shared`]) one simulation with every point decided on each trial.
//! Both give the same figures, byte for byte (tested).

use super::shared;
use super::{Head, SweepPoint, grid, grid::Vary};
use crate::analysis::figures::{option_figures, trade_off};
use crate::analysis::{RunSettings, ToolError};
use crate::scenario::plan::Plan;
use std::path::Path;

/// Runs grid points `range` (in grid order) only: a shard of a sweep.
/// Returns the sweep's [`Head`] (from point 0, loaded even when outside the
/// range) and the points run. Over rule-only keys ([`shared::method`]) every
/// trial is simulated once and each point decided on it; otherwise one
/// engine run per point. Both write the same figures.
///
/// # Errors
/// As [`super::run`].
pub fn run_points(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    range: std::ops::Range<usize>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Head, Vec<SweepPoint>), ToolError> {
    let m = shared::method(vary);
    run_points_by(m, path, base, vary, rs, range, progress)
}

/// [`run_points`] by the given method (tests compare the two).
///
/// # Errors
/// As [`super::run`].
pub fn run_points_by(
    method: shared::Method,
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    range: std::ops::Range<usize>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<(Head, Vec<SweepPoint>), ToolError> {
    let grid = grid::points(vary);
    let first = grid
        .first()
        .map(|i| load_point(path, base, vary, i, rs))
        .transpose()?;
    let head: Head = first
        .as_ref()
        .map(|p| Head {
            options: option_ids(p),
            actions: p.options.iter().map(|o| o.action).collect(),
            trials: p.trials,
            seed: p.seed,
        })
        .unwrap_or_default();
    if let (shared::Method::OneSimulation, Some(first)) = (method, &first) {
        let loaded = shared::load(path, base, vary, rs, range.clone())?;
        same_options(&head, loaded.iter().map(|(_, p)| p))?;
        if let Some(points) = shared::decide(first, loaded, rs, progress)? {
            return Ok((head, points));
        }
    }
    let total = range.len();
    let mut points = Vec::with_capacity(total);
    for index in grid.into_iter().skip(range.start).take(total) {
        let plan = match (&first, index.iter().all(|&k| k == 0)) {
            (Some(p), true) => p.clone(),
            _ => load_point(path, base, vary, &index, rs)?,
        };
        same_options(&head, std::iter::once(&plan))?;
        let res = crate::analysis::simulate(&plan, rs)?;
        points.push(SweepPoint {
            index,
            figures: option_figures(&res),
            trade_off: trade_off(&plan, &res),
        });
        progress(points.len(), total);
    }
    Ok((head, points))
}

/// The scenario at grid point `index`: the user's `--set` overrides, then
/// the point's.
///
/// # Errors
/// A point that does not load (named in the message).
pub fn load_point(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    index: &[usize],
    rs: &RunSettings,
) -> Result<Plan, ToolError> {
    let mut sets = base.to_vec();
    sets.extend(grid::overrides(vary, index));
    crate::analysis::load(path, &sets, rs).map_err(|e| match e {
        ToolError::Input(m) => {
            ToolError::Input(format!("{m}(at sweep point {})\n", sets.join(" ")))
        }
        other => other,
    })
}

fn option_ids(plan: &Plan) -> Vec<String> {
    plan.options.iter().map(|o| o.id.clone()).collect()
}

/// Every plan has the head's options.
fn same_options<'p>(
    head: &Head,
    mut plans: impl Iterator<Item = &'p Plan>,
) -> Result<(), ToolError> {
    match plans.all(|p| option_ids(p) == head.options) {
        true => Ok(()),
        false => Err(ToolError::Input(
            "error: the options differ between sweep points; vary option parameters, not the option list".into(),
        )),
    }
}
