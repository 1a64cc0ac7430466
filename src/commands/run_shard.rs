//! `ibcf run --shard K/N`: simulate only shard K's contiguous trials
//! (library: `shard::produce::run`) and write its part file into the
//! `--out` folder. `ibcf merge` turns the parts into the folder `ibcf run`
//! writes.

use super::fail::run_failure;
use super::tool;
use crate::cli::RunArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, default_for, parts_for};
use crate::scenario::plan::Plan;
use crate::shard::{Shard, produce};

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
        .unwrap_or_else(|| parts_for(&default_for(Folder::Run, &plan.name)));
    let path = tool::claim_part(&dir, shard, args.force)?;
    let check = !args.checks.no_noise_check;
    let part = produce::run(plan, args.threads, check, shard).map_err(run_failure)?;
    tool::write_part(&path, &part, args.force, args.quiet)
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
