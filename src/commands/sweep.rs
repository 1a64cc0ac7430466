//! `ibcf sweep`: parse `--vary`, run the grid (library: `analysis::sweep`,
//! on one simulation when every key only decides: `sweep::shared`;
//! a shard of it: `shard::produce::sweep`), write `sweep.csv` and the chart
//! atomically, print the table.

use super::fail::{output_failure, tool_failure};
use super::tool::{self, Counter};
use crate::analysis::sweep::{self, grid};
use crate::cli::SweepArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, Staging};
use crate::shard::produce;

/// Runs `ibcf sweep`.
///
/// # Errors
/// Bad `--vary` values or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &SweepArgs) -> CmdResult {
    let vary = args
        .vary
        .iter()
        .map(|v| grid::parse_vary(v).map_err(|e| Failure::input(format!("error: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let (a, s) = (&args.run, &args.scenario);
    let rs = tool::settings(a)?;
    // The scenario as written must load before any point is tried.
    let base = crate::analysis::load(&s.scenario, &s.set, &rs).map_err(tool_failure)?;
    sweep::grid_size(&vary).map_err(tool_failure)?;
    let stage = match sweep::shared::method(&vary) {
        sweep::shared::Method::OneSimulation => "simulating once, deciding every point",
        sweep::shared::Method::PerPoint => "running the grid",
    };
    let counter = Counter::start("sweep", stage, "point", a.quiet);
    let progress = |done, total| counter.show(done, total);
    if let Some(shard) = a.shard {
        let path = tool::claim_part(
            &tool::parts_dir(a, Folder::Sweep, &base.name),
            shard,
            a.force,
        )?;
        let part = produce::sweep(
            &base,
            &s.scenario,
            &s.set,
            &args.vary,
            &vary,
            &rs,
            shard,
            &progress,
        )
        .map_err(tool_failure)?;
        return tool::write_part(&path, &part, a.force, a.quiet);
    }
    let target = tool::out_dir(a, Folder::Sweep, &base.name);
    let staging = Staging::new(&target, a.force).map_err(output_failure)?;
    let result = sweep::run(&s.scenario, &s.set, &vary, &rs, &progress).map_err(tool_failure)?;
    counter.stage("writing the output files and charts");
    finish(staging, &result, a.quiet)
}

/// Writes a finished sweep's folder (`sweep.csv`, `sweep.txt`, the chart),
/// commits it and prints the table unless `quiet`. Shared by `ibcf sweep`
/// and `ibcf merge`.
///
/// # Errors
/// I/O failures (exit 1).
pub fn finish(staging: Staging, s: &sweep::Sweep, quiet: bool) -> CmdResult {
    let text = sweep::folder::write(staging.path(), s)?;
    let done = staging.commit().map_err(output_failure)?;
    match quiet {
        true => Ok(()),
        false => super::say(&format!("{text}wrote {}\n", done.display())),
    }
}
