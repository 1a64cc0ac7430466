//! The pull learned at a backtest origin (issue 26 item 1, DECISIONS #92):
//! where the scenario's targets were in force for months before the origin,
//! those months' gap closure (less the placebo years', `calibrate::pull`)
//! turns the stated prior into a posterior, and the origin's forecast and
//! replayed decisions draw their pull from it. Only history up to the
//! origin is read: the targets were set on their baseline month, which is
//! before any month they cover. Where fewer months are observed the origin
//! draws the stated prior, never the scenario's own posterior (which saw
//! months after the origin).

use crate::analysis::calibrate::{self, pull::PullFit};
use crate::month::Month;
use crate::scenario::dist::Dist;
use crate::scenario::plan::Plan;
use crate::scenario::uncertain::TrajKey;

/// Fewest observed months under a target for an estimate (`pull::estimate`).
pub const MIN_MONTHS: i32 = 3;

/// What the origin `at` knows about the pull. The fit is calibrate's on
/// history up to `at` when the targets had been in force for at least
/// [`MIN_MONTHS`] months by then (else `None`). The plan is `full` drawing
/// its pull from that fit's posterior, or from the stated prior where no
/// posterior formed; `None` where that is what `full` draws already.
pub fn at_origin(full: &Plan, at: Month) -> (Option<Plan>, Option<PullFit>) {
    let fit = super::replay::in_force_from(full)
        .filter(|from| at.since(*from) + 1 >= MIN_MONTHS)
        .and_then(|_| calibrate::calibrate(full, None, Some(at)).ok())
        .map(|c| c.pull);
    let dist = match fit.as_ref().and_then(|f| f.posterior) {
        Some(g) => Some(Dist::Grid(g)),
        None => calibrate::pull::prior_of(full),
    };
    let plan = dist.filter(|d| pull_dist(full) != Some(*d)).map(|d| {
        let mut plan = full.clone();
        set_pull(&mut plan, d);
        plan
    });
    (plan, fit)
}

/// The indices of `plan`'s drawn pull parameters.
fn pull_params(plan: &Plan) -> Vec<usize> {
    let mut ps: Vec<usize> = plan
        .trajectories
        .iter()
        .flat_map(|t| {
            t.drawn
                .iter()
                .filter(|(k, _)| *k == TrajKey::Pull)
                .map(|(_, p)| *p)
        })
        .collect();
    ps.sort_unstable();
    ps.dedup();
    ps
}

/// The distribution `plan`'s pull is drawn from (the first, if several).
pub fn pull_dist(plan: &Plan) -> Option<Dist> {
    let p = *pull_params(plan).first()?;
    plan.params.get(p).map(|p| p.uncertain.dist)
}

/// Every drawn pull of `plan` drawn from `dist` instead.
fn set_pull(plan: &mut Plan, dist: Dist) {
    for p in pull_params(plan) {
        if let Some(param) = plan.params.get_mut(p) {
            param.uncertain.dist = dist;
        }
    }
}
