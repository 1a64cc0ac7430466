//! From a checked set of parts back to what the unsplit command computes:
//! the header's settings read back ([`prepare`]: the run's scenario
//! reloaded and checked against the parts' fingerprint, a sweep's `--vary`
//! grid, a sensitivity analysis's ranges and settings, a design's variants
//! reloaded), then the merged
//! payloads assembled into the run's results, the sweep or the analysis
//! ([`run`], [`sweep()`], [`sensitivity()`], [`design()`]). Kept apart from [`super::merge`],
//! which only reads payloads into one accumulator, so `ibcf merge` and
//! `ibcf run --shards` stay glue around the writers.

use super::merge::{self, MergeError, setting, settings};
use super::part::{Header, Kind};
use crate::analysis::design::{self, Design};
use crate::analysis::sensitivity::{self, Param, Sensitivity};
use crate::analysis::sweep::{self, Sweep, grid};
use crate::analysis::{RunSettings, ToolError};
use crate::engine::{self, EngineError, Results, noise_check};
use crate::report::RunExtras;
use crate::report::output_dir::{self, Folder};
use crate::rules::money_words;
use crate::scenario::{Diagnostics, plan::Plan};
use std::path::{Path, PathBuf};

/// Why a split's parts cannot be turned back into the unsplit result.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    /// Reading or fitting the parts together failed.
    #[error(transparent)]
    Merge(#[from] MergeError),
    /// A setting the parts' header must carry is missing or unreadable.
    #[error(
        "error: the parts' header has no valid {what} for `ibcf {command}`; were they written by this ibcf?"
    )]
    Header { command: &'static str, what: String },
    /// The parts' scenario no longer loads from here.
    #[error(
        "{}error: the parts' scenario {path} must load from the folder the shards ran in (run `ibcf merge` there)",
        diagnostics.render()
    )]
    Scenario {
        path: String,
        diagnostics: Diagnostics,
    },
    /// The parts' scenario files changed since the shards ran.
    #[error(
        "error: the scenario {path} has changed since the parts were written (SHA-256 {now} now, {was} in the parts); rerun the shards"
    )]
    Changed {
        path: String,
        now: String,
        was: String,
    },
    /// Loading a design's variants failed.
    #[error(transparent)]
    Tool(#[from] ToolError),
    /// Assembling the merged trials into results failed.
    #[error("error: {0}")]
    Engine(#[from] EngineError),
}

/// A sweep split's settings, read back from its parts' header.
#[derive(Debug, Clone)]
pub struct SweepSplit {
    /// The `--vary` grid.
    pub vary: Vec<grid::Vary>,
    /// The sweep's trials and seed (its first point's).
    pub trials: u64,
    pub seed: u64,
    /// Scenario name, for the default folder.
    pub scenario: String,
}

/// A sensitivity split's ranges and settings, read back from its parts' header.
#[derive(Debug, Clone)]
pub struct SensitivitySplit {
    pub params: Vec<Param>,
    pub settings: sensitivity::Settings,
    /// Scenario name, for the default folder.
    pub scenario: String,
}

/// A design split's variants, reloaded as its shards loaded them.
#[derive(Debug)]
pub struct DesignSplit {
    /// The `--vary` grid.
    pub vary: Vec<grid::Vary>,
    /// Per variant: its value index per key (`None`: the scenario itself).
    pub variants: Vec<design::VariantIndex>,
    /// Per variant its plan (variant 0 the scenario), with the parts' trials and seed.
    pub plans: Vec<Plan>,
}

/// What a split's parts rebuild, as far as the header alone tells.
#[derive(Debug)]
pub enum Target {
    /// A run: its plan, reloaded as the shards loaded it, with their trials and seed.
    Run(Box<Plan>),
    Sweep(SweepSplit),
    Sensitivity(SensitivitySplit),
    Design(DesignSplit),
}

impl Target {
    /// The folder the unsplit command writes when given no `--out`.
    pub fn default_dir(&self) -> PathBuf {
        match self {
            Target::Run(plan) => output_dir::default_dir(&plan.name),
            Target::Sweep(s) => output_dir::default_for(Folder::Sweep, &s.scenario),
            Target::Sensitivity(s) => output_dir::default_for(Folder::Sensitivity, &s.scenario),
            Target::Design(d) => output_dir::default_for(Folder::Design, &d.plans[0].name),
        }
    }
}

fn bad(h: &Header, what: &str) -> RebuildError {
    RebuildError::Header {
        command: h.kind.command(),
        what: what.into(),
    }
}

/// Reads what the parts rebuild from their (checked) header `h`.
///
/// # Errors
/// A run's scenario that no longer loads or has changed; header settings
/// that are missing or unreadable.
pub fn prepare(h: &Header) -> Result<Target, RebuildError> {
    match h.kind {
        Kind::Run => Ok(Target::Run(Box::new(reload(h)?))),
        Kind::Sweep => {
            let vary = settings(h, "vary")
                .into_iter()
                .map(grid::parse_vary)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| bad(h, "--vary"))?;
            let num = |k| setting(h, k).and_then(|v| v.parse::<u64>().ok());
            let (Some(trials), Some(seed)) = (num("head_trials"), num("head_seed")) else {
                return Err(bad(h, "trials and seed"));
            };
            let scenario = h.scenario.clone();
            Ok(Target::Sweep(SweepSplit {
                vary,
                trials,
                seed,
                scenario,
            }))
        }
        Kind::Design => Ok(Target::Design(design_split(h)?)),
        Kind::Sensitivity => {
            let (params, settings) = sensitivity_settings(h)?;
            let scenario = h.scenario.clone();
            Ok(Target::Sensitivity(SensitivitySplit {
                params,
                settings,
                scenario,
            }))
        }
    }
}

/// A design split's variants: the scenario reloaded (and checked against
/// the parts' fingerprint), the `--vary` grid read back, every variant loaded.
fn design_split(h: &Header) -> Result<DesignSplit, RebuildError> {
    reload(h)?; // the scenario must load and have the parts' fingerprint
    let vary = settings(h, "vary")
        .into_iter()
        .map(grid::parse_vary)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| bad(h, "--vary"))?;
    let rs = RunSettings {
        trials: Some(h.trials),
        seed: Some(h.seed),
        threads: None,
    };
    let (variants, plans) = design::plans(Path::new(&h.scenario_path), &h.overrides, &vary, &rs)?;
    Ok(DesignSplit {
        vary,
        variants,
        plans,
    })
}

/// Merges checked parts of a split design into the design `ibcf design`
/// computes.
///
/// # Errors
/// Parts that do not fit together or do not fit the reloaded variants.
pub fn design(split: DesignSplit, parts: &[(PathBuf, Header)]) -> Result<Design, RebuildError> {
    let tallies = merge::variants(parts)?;
    let fits = tallies.len() == split.plans.len()
        && (tallies.iter().zip(&split.plans))
            .all(|(t, p)| t.n == p.councils.len() && t.n_opt == p.options.len());
    if !fits {
        return Err(MergeError::Payload {
            path: parts[0].0.clone(),
            why: "its variants do not match the scenario's variants as loaded now".into(),
        }
        .into());
    }
    let DesignSplit {
        vary,
        variants,
        plans,
    } = split;
    Ok(design::assemble(&vary, &plans, variants, tallies))
}

/// Merges checked parts of a split run of `plan` into the run's results and
/// extra figures, exactly as `ibcf run` computes them.
///
/// # Errors
/// Parts that do not fit together; the engine failing to assemble them.
pub fn run(plan: &Plan, parts: &[(PathBuf, Header)]) -> Result<(Results, RunExtras), RebuildError> {
    let whole = merge::run_partial(parts)?;
    let check = parts
        .first()
        .is_some_and(|(_, h)| setting(h, "noise_check") == Some("true"));
    let fused = check && noise_check::has_noise(plan);
    let mut results = engine::assemble(plan, whole, fused)?;
    let without_noise = match results.without_noise.take() {
        Some(w) => Some(w),
        None if check => Some(results.options.iter().map(|o| o.reviewed.clone()).collect()),
        None => None,
    };
    let extras = RunExtras {
        without_noise,
        ..RunExtras::default()
    };
    Ok((results, extras))
}

/// Merges checked parts of a split sweep into the sweep `ibcf sweep` computes.
///
/// # Errors
/// Parts that do not fit together; no valid option actions in the header.
pub fn sweep(split: SweepSplit, parts: &[(PathBuf, Header)]) -> Result<Sweep, RebuildError> {
    let merged = merge::figures(parts)?;
    let points = grid::points(&split.vary)
        .into_iter()
        .zip(merged.units.into_iter().zip(merged.trade_offs))
        .map(|(index, (figures, trade_off))| sweep::SweepPoint {
            index,
            figures,
            trade_off,
        })
        .collect();
    let h = &parts[0].1;
    let actions = setting(h, "head_actions")
        .map(|v| money_words::parse_all(v.split(',')))
        .ok_or_else(|| bad(h, "option actions"))?;
    let head = sweep::Head {
        options: merged.options,
        actions,
        trials: split.trials,
        seed: split.seed,
    };
    Ok(sweep::assemble(&split.vary, head, points))
}

/// Merges checked parts of a split sensitivity analysis into the analysis
/// `ibcf sensitivity` computes.
///
/// # Errors
/// Parts that do not fit together.
pub fn sensitivity(
    split: &SensitivitySplit,
    parts: &[(PathBuf, Header)],
) -> Result<Sensitivity, RebuildError> {
    let h = &parts[0].1;
    let m = merge::figures(parts)?;
    Ok(sensitivity::assemble(
        &split.params,
        &split.settings,
        m.options,
        (h.trials, h.seed),
        m.units,
    ))
}

/// The run's scenario, reloaded as the shards loaded it, with the parts'
/// trials and seed; refused when its files changed since.
fn reload(h: &Header) -> Result<Plan, RebuildError> {
    let mut plan =
        crate::scenario::load(Path::new(&h.scenario_path), &h.overrides).map_err(|d| {
            RebuildError::Scenario {
                path: h.scenario_path.clone(),
                diagnostics: d,
            }
        })?;
    if plan.provenance.sha256 != h.fingerprint {
        return Err(RebuildError::Changed {
            path: h.scenario_path.clone(),
            now: plan.provenance.sha256.clone(),
            was: h.fingerprint.clone(),
        });
    }
    plan.trials = h.trials;
    plan.seed = h.seed;
    Ok(plan)
}

/// The parameters and settings a sensitivity split was run with.
fn sensitivity_settings(h: &Header) -> Result<(Vec<Param>, sensitivity::Settings), RebuildError> {
    let params = settings(h, "param")
        .into_iter()
        .map(|p| {
            let (key, range) = p.split_once('=')?;
            let (lo, hi) = range.split_once(':')?;
            Some(Param {
                key: key.into(),
                low: lo.parse().ok()?,
                high: hi.parse().ok()?,
                // Assembly reads only the ends; a distribution's design values
                // came from the scenario, whose fingerprint every part shares.
                dist: None,
            })
        })
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| bad(h, "ranges"))?;
    let num = |k| setting(h, k).and_then(|v| v.parse::<u64>().ok());
    let (Some(samples), Some(bootstrap), Some(design_seed)) =
        (num("samples"), num("bootstrap"), num("design_seed"))
    else {
        return Err(bad(h, "samples, bootstrap and design seed"));
    };
    let st = sensitivity::Settings {
        samples: samples as usize,
        bootstrap: bootstrap as usize,
        design_seed,
    };
    Ok((params, st))
}
