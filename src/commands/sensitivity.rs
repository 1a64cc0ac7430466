//! `ibcf sensitivity`: tornado and Sobol indices over the scenario's
//! `[sensitivity]` ranges plus `--range` flags (library:
//! `analysis::sensitivity`; a shard of it: `shard::produce::sensitivity`);
//! writes `sensitivity.csv` and charts atomically.

use super::fail::{output_failure, tool_failure};
use super::tool::{self, Counter};
use crate::analysis::sensitivity::{self, DEFAULT_TRIALS, Settings};
use crate::cli::SensitivityArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, Staging};
use crate::shard::produce;

/// Runs `ibcf sensitivity`.
///
/// # Errors
/// No ranges, bad ranges or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &SensitivityArgs) -> CmdResult {
    let extra = args
        .range
        .iter()
        .map(|r| sensitivity::parse_range(r).map_err(|e| Failure::input(format!("error: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    if args.samples < 2 {
        return Err(Failure::input("error: --samples must be at least 2"));
    }
    let (a, s) = (&args.run, &args.scenario);
    let mut rs = tool::settings(a)?;
    rs.trials = rs.trials.or(Some(DEFAULT_TRIALS));
    let plan = crate::analysis::load(&s.scenario, &s.set, &rs).map_err(tool_failure)?;
    let params = sensitivity::merge(&plan.provenance.sensitivity, &plan.params, &extra);
    let st = Settings {
        samples: args.samples,
        bootstrap: args.bootstrap,
        design_seed: plan.seed,
    };
    let counter = Counter::start("sensitivity", "tornado and Sobol design", "run", a.quiet);
    let mut progress = |done, total| counter.show(done, total);
    if let Some(shard) = a.shard {
        let dir = tool::parts_dir(a, Folder::Sensitivity, &plan.name);
        let path = tool::claim_part(&dir, shard, a.force)?;
        let part = produce::sensitivity(
            &plan,
            &s.scenario,
            &s.set,
            &params,
            &st,
            &rs,
            shard,
            &mut progress,
        )
        .map_err(tool_failure)?;
        return tool::write_part(&path, &part, a.force, a.quiet);
    }
    let target = tool::out_dir(a, Folder::Sensitivity, &plan.name);
    let staging = Staging::new(&target, a.force).map_err(output_failure)?;
    let result = sensitivity::run(&s.scenario, &s.set, &params, &st, &rs, &mut progress)
        .map_err(tool_failure)?;
    finish(staging, &result, a.quiet)
}

/// Writes a finished analysis's folder (`sensitivity.csv`, `.txt`, charts),
/// commits it and prints the table unless `quiet`. Shared by `ibcf
/// sensitivity` and `ibcf merge`.
///
/// # Errors
/// I/O failures (exit 1).
pub fn finish(staging: Staging, s: &sensitivity::Sensitivity, quiet: bool) -> CmdResult {
    let table = sensitivity::folder::write(staging.path(), s)?;
    let done = staging.commit().map_err(output_failure)?;
    match quiet {
        true => Ok(()),
        false => super::say(&format!("{table}wrote {}\n", done.display())),
    }
}
