//! `ibcf stress`: one council's view and the improvement needed to be safe
//! (library: `analysis::stress`); writes `output/<scenario>-stress-<code>/` atomically
//! (CSVs, stress.xlsx, plots, stress.html) and prints a summary.

use super::fail::{output_failure, tool_failure};
use super::heartbeat::Heartbeat;
use super::tool::settings;
use crate::analysis::stress::{self, StressSpec};
use crate::cli::StressArgs;
use crate::error::CmdResult;
use crate::report::output_dir::{Folder, Staging, default_for};

/// Runs `ibcf stress`.
///
/// # Errors
/// Unknown council, bad threshold or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &StressArgs) -> CmdResult {
    let (a, s) = (&args.run, &args.scenario);
    let rs = settings(a)?;
    let plan = crate::analysis::load(&s.scenario, &s.set, &rs).map_err(tool_failure)?;
    let spec = StressSpec::new(
        &plan.councils,
        &args.council,
        args.threshold,
        args.max_improvement,
    )
    .map_err(tool_failure)?;
    let (code, name) = (
        &plan.councils.code[spec.council],
        &plan.councils.name[spec.council],
    );
    let target = a
        .out
        .clone()
        .unwrap_or_else(|| default_for(Folder::Stress(code), &plan.name));
    let staging = Staging::new(&target, a.force).map_err(output_failure)?;
    if !a.quiet {
        eprintln!(
            "stress test of {name} ({code}): {} trials per run; solving for the improvement needed…",
            plan.trials
        );
    }
    let beat = Heartbeat::start("stress", a.quiet);
    beat.stage(format!("{code}: solving for the improvement needed"));
    let view = stress::analyse(&plan, &spec, &rs).map_err(tool_failure)?;
    beat.stage("writing the output files and the page");
    stress::folder::write(staging.path(), &plan, &view)?;
    let done = staging.commit().map_err(output_failure)?;
    drop(beat);
    match a.quiet {
        true => Ok(()),
        false => super::say(&format!(
            "{}wrote {}\n",
            stress::folder::terminal(&view),
            done.display()
        )),
    }
}
