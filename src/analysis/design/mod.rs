//! `ibcf design`: which rule is fair. Every rule variant of a `--vary` grid
//! (keys that decide, never keys that simulate) is evaluated on **one**
//! simulated set of futures (`engine::variants`: each trial simulated once,
//! every variant decided on it), scored against true performance (wrongly
//! reviewed, wrongly spared), and the variants on the fairness frontier
//! found ([`frontier`]).
//!
//! Variant 0 is always the scenario itself (its own options, the user's
//! `--set` applied), so its options can be marked on the chart and the
//! variants that dominate them named. Each variant's figures equal those of
//! a separate `ibcf run --set …` with the same seed (tested).

pub mod chart;
pub mod folder;
pub mod frontier;
pub mod page;

use super::sweep::{self, grid, grid::Vary};
use super::{RunSettings, ToolError};
use crate::engine::RunConfig;
use crate::engine::variants::{FIGURES, VariantTally, run_variants};
use crate::scenario::plan::Plan;
use std::ops::Range;
use std::path::Path;

/// Option keys a design may vary (they decide, they do not simulate).
pub const OPTION_KEYS: [&str; 7] = [
    "rule",
    "share",
    "graduated",
    "cap",
    "action",
    "redistribute_to",
    "label",
];

/// Checks that `key` only changes decisions: `criteria.*`,
/// `option.<id>.<rule|share|…>` or `fairness.intent`.
///
/// # Errors
/// A sentence naming the key and what may be varied (exit 2).
pub fn check_key(key: &str) -> Result<(), ToolError> {
    let segs: Vec<&str> = key.split('.').collect();
    let ok = match segs.as_slice() {
        ["criteria", _, ..] => true,
        ["option", _, field, ..] => OPTION_KEYS.contains(field),
        ["fairness", "intent"] => true,
        _ => false,
    };
    if ok {
        return Ok(());
    }
    Err(ToolError::Input(format!(
        "error: --vary {key}: ibcf design varies only keys that decide, not keys that change the \
         simulated paths; `{key}` is not one. Vary criteria.NAME.*, option.ID.{{{}}} or \
         fairness.intent (use `ibcf sweep` to vary `{key}`)\n",
        OPTION_KEYS.join(",")
    )))
}

/// A variant's value index per varied key (`None`: the scenario itself).
pub type VariantIndex = Option<Vec<usize>>;

/// One option of one variant, scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Index into [`Design::variants`].
    pub variant: usize,
    pub option: String,
    /// (mean, se) per figure, in `engine::variants::FIGURES` order.
    pub figures: Vec<(f64, f64)>,
    pub on_frontier: bool,
    /// The frontier row (index into [`Design::rows`]) that dominates this one.
    pub dominated_by: Option<usize>,
}

impl Row {
    /// Mean councils wrongly reviewed and wrongly spared (the chart's axes).
    pub fn point(&self) -> (f64, f64) {
        (self.figures[3].0, self.figures[4].0)
    }
}

/// A finished design.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub vary: Vec<Vary>,
    pub trials: u64,
    pub seed: u64,
    /// Per variant: its value index per key (`None`: the scenario itself).
    pub variants: Vec<VariantIndex>,
    /// Per variant: its tally (per council counts for the page).
    pub tallies: Vec<VariantTally>,
    /// One per variant and option, variant-major.
    pub rows: Vec<Row>,
}

impl Design {
    /// The `--set` text of variant `v` (`"(scenario)"` for variant 0).
    pub fn settings(&self, v: usize) -> String {
        match &self.variants[v] {
            None => "(scenario)".into(),
            Some(ix) => grid::overrides(&self.vary, ix).join(" "),
        }
    }

    /// The value of key `k` at variant `v` (empty for the scenario).
    pub fn value(&self, v: usize, k: usize) -> &str {
        self.variants[v]
            .as_ref()
            .map_or("", |ix| self.vary[k].values[ix[k]].as_str())
    }
}

/// The scenario and every grid variant, loaded (`base` overrides first).
///
/// # Errors
/// A refused key, a variant that does not load, or too large a grid.
pub fn plans(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
) -> Result<(Vec<VariantIndex>, Vec<Plan>), ToolError> {
    for v in vary {
        check_key(&v.key)?;
    }
    sweep::grid_size(vary)?;
    let points = grid::points(vary);
    let load = |ix: &Vec<usize>| {
        let mut sets = base.to_vec();
        sets.extend(grid::overrides(vary, ix));
        super::load(path, &sets, rs).map_err(|e| match e {
            ToolError::Input(m) => {
                ToolError::Input(format!("{m}(at design variant {})\n", sets.join(" ")))
            }
            other => other,
        })
    };
    // Loading is independent per variant: on the pool, in grid order.
    let (pool, _) = crate::engine::pool(rs.threads)?;
    let loaded: Vec<Result<Plan, ToolError>> = pool.install(|| {
        use rayon::prelude::*;
        points.par_iter().map(load).collect()
    });
    let mut out = vec![super::load(path, base, rs)?];
    for p in loaded {
        out.push(p?);
    }
    let mut index = vec![None];
    index.extend(points.into_iter().map(Some));
    Ok((index, out))
}

/// Runs the design over trials `range` of the scenario: one tally per
/// variant (variant 0 the scenario). `progress(trials done)`.
///
/// # Errors
/// As [`plans`], or an engine failure.
pub fn tallies(
    plans: &[Plan],
    rs: &RunSettings,
    range: Range<u64>,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<Vec<VariantTally>, ToolError> {
    let cfg = RunConfig {
        threads: rs.threads,
        progress,
        ..RunConfig::default()
    };
    Ok(run_variants(&plans[0], plans, &cfg, range)?)
}

/// The design from its variants and their tallies over every trial.
pub fn assemble(
    vary: &[Vary],
    plans: &[Plan],
    variants: Vec<VariantIndex>,
    tallies: Vec<VariantTally>,
) -> Design {
    let mut rows = Vec::new();
    for (v, (p, t)) in plans.iter().zip(&tallies).enumerate() {
        for (o, opt) in p.options.iter().enumerate() {
            rows.push(Row {
                variant: v,
                option: opt.id.clone(),
                figures: (0..FIGURES.len()).map(|f| t.mean_se(o, f)).collect(),
                on_frontier: false,
                dominated_by: None,
            });
        }
    }
    let points: Vec<(f64, f64)> = rows.iter().map(Row::point).collect();
    let on = frontier::frontier(&points);
    let by = frontier::dominator(&points, &on);
    for ((r, on), by) in rows.iter_mut().zip(on).zip(by) {
        (r.on_frontier, r.dominated_by) = (on, by);
    }
    Design {
        vary: vary.to_vec(),
        trials: plans[0].trials,
        seed: plans[0].seed,
        variants,
        tallies,
        rows,
    }
}

/// Loads, simulates once, decides every variant and assembles the design.
///
/// # Errors
/// As [`plans`] and [`tallies`].
pub fn run(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    progress: Option<&(dyn Fn(u64) + Sync)>,
) -> Result<(Design, Plan), ToolError> {
    let (variants, plans) = plans(path, base, vary, rs)?;
    let t = tallies(&plans, rs, 0..plans[0].trials, progress)?;
    let d = assemble(vary, &plans, variants, t);
    let base_plan = plans
        .into_iter()
        .next()
        .ok_or_else(|| ToolError::Input("error: the design has no scenario to run".into()))?;
    Ok((d, base_plan))
}

#[cfg(test)]
mod tests {
    use super::check_key;

    #[test]
    fn only_keys_that_decide_may_vary() {
        for ok in [
            "criteria.missed_september.tolerance",
            "option.december-33.share",
            "option.december-33.rule",
            "option.a.graduated",
            "fairness.intent",
        ] {
            assert!(check_key(ok).is_ok(), "{ok}");
        }
        for bad in [
            "trajectory.pull",
            "targets.rule",
            "simulation.trials",
            "data.history",
            "consequences.bed_day_cost",
            "option.december-33",
            "option.december-33.id",
            "fairness",
        ] {
            let e = check_key(bad).expect_err(bad).to_string();
            assert!(e.contains(bad) && e.contains("ibcf sweep"), "{e}");
        }
    }
}
