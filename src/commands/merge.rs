//! `ibcf merge PARTS… --out DIR`: check that the part files are one whole
//! split (library: `shard::merge`), merge them, and write the folder the
//! unsplit command writes, with the same writers (`run_folder::finish`,
//! `sweep::finish`, `sensitivity::finish`), atomically. Every refusal
//! exits 2 and writes nothing.

use super::fail::{merge_failure, output_failure, part_failure};
use super::run_folder::finish as finish_run;
use crate::analysis::sensitivity;
use crate::analysis::sweep::{self, grid};
use crate::cli::MergeArgs;
use crate::engine;
use crate::engine::noise_check as noise;
use crate::error::{CmdResult, Failure};
use crate::report::RunExtras;
use crate::report::output_dir::{self, Staging};
use crate::rules::money_words;
use crate::shard::merge::{self, setting, settings};
use crate::shard::part::{self, Header, Kind};
use std::path::{Path, PathBuf};

fn bad(h: &Header, what: &str) -> Failure {
    Failure::input(format!(
        "error: the parts' header has no valid {what} for `ibcf {}`; were they written by this ibcf?",
        h.kind.command()
    ))
}

/// Runs `ibcf merge`.
///
/// # Errors
/// Parts that are not one whole split, corrupt, truncated or of another
/// format, a scenario that changed, or an existing folder without `--force`
/// (exit 2); I/O failures (exit 1).
pub fn run(args: &MergeArgs) -> CmdResult {
    let paths = part::expand(&args.parts).map_err(part_failure)?;
    let parts = merge::headers(&paths).map_err(merge_failure)?;
    let h = parts[0].1.clone();
    let target = |default: PathBuf| args.out.clone().unwrap_or(default);
    match h.kind {
        Kind::Run => {
            let plan = reload(&h)?;
            let target = target(output_dir::default_dir(&plan.name));
            let staging = Staging::new(&target, args.force).map_err(output_failure)?;
            merge_run(&plan, &parts, staging, args.no_report, args.quiet)
        }
        Kind::Sweep => {
            let vary = settings(&h, "vary")
                .into_iter()
                .map(grid::parse_vary)
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| bad(&h, "--vary"))?;
            let num = |k| setting(&h, k).and_then(|v| v.parse::<u64>().ok());
            let (Some(trials), Some(seed)) = (num("head_trials"), num("head_seed")) else {
                return Err(bad(&h, "trials and seed"));
            };
            let target = target(out_dir("sweep", &h.scenario));
            let staging = Staging::new(&target, args.force).map_err(output_failure)?;
            let merged = merge::figures(&parts).map_err(merge_failure)?;
            let options = merged.options;
            let points = grid::points(&vary)
                .into_iter()
                .zip(merged.units.into_iter().zip(merged.trade_offs))
                .map(|(index, (figures, trade_off))| sweep::SweepPoint {
                    index,
                    figures,
                    trade_off,
                })
                .collect();
            let actions = setting(&h, "head_actions")
                .map(|v| money_words::parse_all(v.split(',')))
                .ok_or_else(|| bad(&h, "option actions"))?;
            let head = sweep::Head {
                options,
                actions,
                trials,
                seed,
            };
            let s = sweep::assemble(&vary, head, points);
            super::sweep::finish(staging, &s, args.quiet)
        }
        Kind::Sensitivity => {
            let (params, st) = sensitivity_settings(&h)?;
            let target = target(out_dir("sensitivity", &h.scenario));
            let staging = Staging::new(&target, args.force).map_err(output_failure)?;
            let m = merge::figures(&parts).map_err(merge_failure)?;
            let s = sensitivity::assemble(&params, &st, m.options, (h.trials, h.seed), m.units);
            super::sensitivity::finish(staging, &s, args.quiet)
        }
    }
}

/// Merges checked parts of a split run of `plan` and writes the run's
/// folder into `staging` exactly as `ibcf run` does.
///
/// # Errors
/// Parts that do not fit together (exit 2); engine or I/O failures (exit 1).
pub fn merge_run(
    plan: &crate::scenario::plan::Plan,
    parts: &[(PathBuf, Header)],
    staging: Staging,
    no_report: bool,
    quiet: bool,
) -> CmdResult {
    let whole = merge::run_partial(parts).map_err(merge_failure)?;
    let check = parts
        .first()
        .is_some_and(|(_, h)| setting(h, "noise_check") == Some("true"));
    let fused = check && noise::has_noise(plan);
    let mut results = engine::assemble(plan, whole, fused)
        .map_err(|e| Failure::runtime(format!("error: {e}")))?;
    let without_noise = match results.without_noise.take() {
        Some(w) => Some(w),
        None if check => Some(results.options.iter().map(|o| o.reviewed.clone()).collect()),
        None => None,
    };
    let extras = RunExtras {
        without_noise,
        ..RunExtras::default()
    };
    finish_run(staging, plan, &results, &extras, no_report, quiet)
}

/// The tools' default folder (`output_dir::default_for`).
fn out_dir(stem: &str, name: &str) -> PathBuf {
    let what = match stem {
        "sweep" => output_dir::Folder::Sweep,
        _ => output_dir::Folder::Sensitivity,
    };
    output_dir::default_for(what, name)
}

/// The run's scenario, reloaded as the shards loaded it, with the parts'
/// trials and seed; refused when its files changed since.
fn reload(h: &Header) -> Result<crate::scenario::plan::Plan, Failure> {
    let mut plan = crate::scenario::load(Path::new(&h.scenario_path), &h.overrides).map_err(
        |d| {
            Failure::input(format!(
                "{}error: the parts' scenario {} must load from the folder the shards ran in (run `ibcf merge` there)",
                d.render(),
                h.scenario_path
            ))
        },
    )?;
    if plan.provenance.sha256 != h.fingerprint {
        return Err(Failure::input(format!(
            "error: the scenario {} has changed since the parts were written (SHA-256 {} now, {} in the parts); rerun the shards",
            h.scenario_path, plan.provenance.sha256, h.fingerprint
        )));
    }
    plan.trials = h.trials;
    plan.seed = h.seed;
    Ok(plan)
}

/// The parameters and settings a sensitivity split was run with.
fn sensitivity_settings(
    h: &Header,
) -> Result<(Vec<sensitivity::Param>, sensitivity::Settings), Failure> {
    let params = settings(h, "param")
        .into_iter()
        .map(|p| {
            let (key, range) = p.split_once('=')?;
            let (lo, hi) = range.split_once(':')?;
            Some(sensitivity::Param {
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
