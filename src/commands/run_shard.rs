//! `ibcf run --shard K/N`: simulate only shard K's contiguous trials
//! (library: `engine::run_range`) and write its part file into the `--out`
//! folder (library: `shard::part`). `ibcf merge` turns the parts into the
//! folder `ibcf run` writes.

use super::fail::{part_failure, run_failure};
use crate::cli::RunArgs;
use crate::engine::noise_check as noise;
use crate::engine::{self, RunConfig};
use crate::error::{CmdResult, Failure};
use crate::scenario::plan::Plan;
use crate::shard::part::{self, Kind, Part, PartError, Payload};
use crate::shard::{Shard, merge};
use std::path::{Path, PathBuf};

/// The folder parts go to when `--out` is not given: `output/<name>.parts`.
pub fn default_parts_dir(name: &str) -> PathBuf {
    crate::report::output_dir::parts_for(&crate::report::output_dir::default_dir(name))
}

/// Runs one shard of `plan` (trials and seed already applied).
///
/// # Errors
/// `--precision` with `--shard` or an existing part without `--force`
/// (exit 2); engine or I/O failures (exit 1).
pub fn execute(plan: &Plan, args: &RunArgs, shard: Shard) -> CmdResult {
    refuse_precision(args)?;
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| default_parts_dir(&plan.name));
    let path = part_path(&dir, shard, args.force)?;
    let part = simulate(plan, args, shard)?;
    part::write(&path, &part, args.force).map_err(part_failure)?;
    if !args.quiet {
        let (lo, hi) = part.header.range;
        super::say(&format!(
            "shard {shard}: trials {lo}..{hi} of {}; wrote {}\n",
            plan.trials,
            path.display()
        ))?;
    }
    Ok(())
}

/// `--precision` picks the trial count as it goes: it cannot be split.
///
/// # Errors
/// `--precision` given (exit 2).
pub fn refuse_precision(args: &RunArgs) -> CmdResult {
    match args.checks.precision {
        Some(_) => Err(Failure::input(
            "error: --precision cannot be split into shards (it chooses the trial count as it goes); \
             give --trials instead",
        )),
        None => Ok(()),
    }
}

/// The header shard `shard` of `plan` has when run with `args`.
pub fn run_header(plan: &Plan, args: &RunArgs, shard: Shard) -> part::Header {
    let check = !args.checks.no_noise_check;
    merge::header(
        plan,
        Kind::Run,
        shard,
        plan.trials,
        vec![format!("noise_check={check}")],
    )
}

/// Simulates shard `shard` of `plan` into its part.
///
/// # Errors
/// Not enough memory (exit 2); engine failures (exit 1).
pub fn simulate(plan: &Plan, args: &RunArgs, shard: Shard) -> Result<Part, Failure> {
    let range = shard.range(plan.trials);
    let mut sized = plan.clone();
    sized.trials = range.end - range.start;
    crate::engine::memory::check(&sized, args.threads, crate::engine::memory::available())
        .map_err(|e| run_failure(e.into()))?;
    let cfg = RunConfig {
        threads: args.threads,
        ..RunConfig::default()
    };
    let fused = !args.checks.no_noise_check && noise::has_noise(plan);
    let partial = engine::run_range(plan, &cfg, fused, range)
        .map_err(|e| Failure::runtime(format!("error: {e}")))?;
    Ok(Part {
        header: run_header(plan, args, shard),
        payload: Payload::Run(Box::new(partial)),
    })
}

/// Fails early (before any work) when shard `shard`'s part already exists
/// in `dir` and `force` is off; returns its path.
///
/// # Errors
/// The part exists (exit 2).
pub fn part_path(dir: &Path, shard: Shard, force: bool) -> Result<PathBuf, Failure> {
    let path = dir.join(shard.file_name());
    if path.exists() && !force {
        return Err(part_failure(PartError::Exists(path)));
    }
    Ok(path)
}

/// What a sweep or sensitivity shard computed.
pub struct FiguresShard {
    pub kind: Kind,
    pub shard: Shard,
    /// Units (grid points or runs) of the whole analysis.
    pub units: usize,
    /// Settings every part must share.
    pub settings: Vec<String>,
    /// Option ids.
    pub options: Vec<String>,
    /// Per unit of the shard's range, per option.
    pub figures: Vec<Vec<crate::analysis::figures::OptionFigures>>,
    /// Per unit of the shard's range: the cost of hitting the target, if recorded.
    pub trade_offs: Vec<Option<crate::analysis::figures::TradeOff>>,
}

/// Writes a sweep or sensitivity shard's part to `path` (see [`part_path`]).
///
/// # Errors
/// I/O failures (exit 1).
pub fn write_figures_part(
    plan: &Plan,
    f: FiguresShard,
    path: &Path,
    force: bool,
    quiet: bool,
) -> CmdResult {
    let header = merge::header(plan, f.kind, f.shard, f.units as u64, f.settings);
    let (lo, hi) = header.range;
    let part = Part {
        header,
        payload: Payload::Figures {
            options: f.options,
            units: f.figures,
            trade_offs: f.trade_offs,
        },
    };
    part::write(path, &part, force).map_err(part_failure)?;
    if !quiet {
        super::say(&format!(
            "shard {}: {} {lo}..{hi} of {}; wrote {}\n",
            f.shard,
            match f.kind {
                Kind::Sweep => "grid points",
                _ => "runs",
            },
            f.units,
            path.display()
        ))?;
    }
    Ok(())
}
