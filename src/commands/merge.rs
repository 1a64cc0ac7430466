//! `ibcf merge PARTS… --out DIR`: check that the part files are one whole
//! split (library: `shard::merge`), rebuild what the unsplit command
//! computes (library: `shard::rebuild`), and write its folder with the same
//! writers (`run_folder::finish`, `sweep::finish`, `sensitivity::finish`,
//! `design::finish`),
//! atomically. Every refusal exits 2 and writes nothing.

use super::fail::{merge_failure, output_failure, part_failure, rebuild_failure};
use super::run_folder::finish as finish_run;
use crate::cli::MergeArgs;
use crate::error::CmdResult;
use crate::report::output_dir::Staging;
use crate::scenario::plan::Plan;
use crate::shard::merge;
use crate::shard::part::{self, Header};
use crate::shard::rebuild::{self, Target};
use std::path::PathBuf;

/// Runs `ibcf merge`.
///
/// # Errors
/// Parts that are not one whole split, corrupt, truncated or of another
/// format, a scenario that changed, or an existing folder without `--force`
/// (exit 2); I/O failures (exit 1).
pub fn run(args: &MergeArgs) -> CmdResult {
    let paths = part::expand(&args.parts).map_err(part_failure)?;
    let parts = merge::headers(&paths).map_err(merge_failure)?;
    let target = rebuild::prepare(&parts[0].1).map_err(rebuild_failure)?;
    let out = args.out.clone().unwrap_or_else(|| target.default_dir());
    let staging = Staging::new(&out, args.force).map_err(output_failure)?;
    match target {
        Target::Run(plan) => merge_run(&plan, &parts, staging, args.no_report, args.quiet),
        Target::Sweep(split) => {
            let s = rebuild::sweep(split, &parts).map_err(rebuild_failure)?;
            super::sweep::finish(staging, &s, args.quiet)
        }
        Target::Design(split) => {
            let base = split.plans[0].clone();
            let d = rebuild::design(split, &parts).map_err(rebuild_failure)?;
            super::design::finish(staging, &d, &base, args.quiet)
        }
        Target::Sensitivity(split) => {
            let s = rebuild::sensitivity(&split, &parts).map_err(rebuild_failure)?;
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
    plan: &Plan,
    parts: &[(PathBuf, Header)],
    staging: Staging,
    no_report: bool,
    quiet: bool,
) -> CmdResult {
    let (results, extras) = rebuild::run(plan, parts).map_err(rebuild_failure)?;
    finish_run(staging, plan, &results, &extras, no_report, quiet)
}
