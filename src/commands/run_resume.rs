//! `ibcf run SCENARIO --shards N`: a resumable run on one machine. The
//! trials are cut into N shards run one after another (each with every
//! thread); each shard's part is saved in `<out>.parts/` as soon as it is
//! done, and the parts are merged into `--out` exactly as `ibcf merge` does.
//! If the run is killed, the same command keeps every valid part of the
//! same run (same header) and computes only the others. Once merged, only
//! its own part files are removed (and the folder, if then empty).

use super::fail::{merge_failure, output_failure, part_failure, run_failure};
use super::merge::merge_run;
use super::run_shard::refuse_precision;
use crate::cli::RunArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{self, Staging};
use crate::scenario::plan::Plan;
use crate::shard::{Shard, merge, part, produce};

/// Runs (or resumes) `plan` in `n` shards.
///
/// # Errors
/// `--precision`, `--shards 0` or an existing folder without `--force`
/// (exit 2); engine or I/O failures (exit 1).
pub fn execute(plan: &Plan, args: &RunArgs, n: u32) -> CmdResult {
    refuse_precision(args)?;
    if n == 0 {
        return Err(Failure::input("error: --shards must be at least 1"));
    }
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| output_dir::default_dir(&plan.name));
    let staging = Staging::new(&target, args.force).map_err(output_failure)?;
    let dir = output_dir::parts_for(&target);
    let check = !args.checks.no_noise_check;
    let mut paths = Vec::with_capacity(n as usize);
    for k in 1..=n {
        let shard = Shard { k, n };
        let path = dir.join(shard.file_name());
        let kept =
            part::read_header(&path).is_ok_and(|h| h == produce::run_header(plan, check, shard));
        if !kept {
            let p = produce::run(plan, args.threads, check, shard).map_err(run_failure)?;
            part::write(&path, &p, true).map_err(part_failure)?;
        }
        if !args.quiet {
            let r = shard.range(plan.trials);
            let what = if kept {
                "kept from an earlier run"
            } else {
                "done"
            };
            eprintln!("shard {shard} (trials {}..{}): {what}", r.start, r.end);
        }
        paths.push(path);
    }
    let parts = merge::headers(&paths).map_err(merge_failure)?;
    merge_run(plan, &parts, staging, args.no_report, args.quiet)?;
    // The run is complete: its part files are no longer needed. Only they
    // go: `ibcf slurm` keeps its scripts and logs in the same folder. The
    // folder goes too when nothing else is left in it.
    for p in &paths {
        let _ = std::fs::remove_file(p);
    }
    let _ = std::fs::remove_dir(&dir);
    Ok(())
}
