//! `ibcf stress`: one council's view and the improvement needed to be safe
//! (library: `analysis::stress`); writes `output/stress-<code>/` atomically
//! (CSVs, stress.xlsx, plots, stress.html) and prints a summary.

use super::fail::{output_failure, tool_failure};
use super::heartbeat::Heartbeat;
use super::tool::settings;
use crate::analysis::stress::{self, StressSpec};
use crate::cli::StressArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{self, Staging};

/// Bisection tolerance on δ (log scale per month).
const TOLERANCE: f64 = 0.001;

/// Runs `ibcf stress`.
///
/// # Errors
/// Unknown council, bad threshold or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &StressArgs) -> CmdResult {
    if !(args.threshold > 0.0 && args.threshold < 1.0) {
        return Err(Failure::input(format!(
            "error: --threshold {}: must be a probability strictly between 0 and 1, e.g. --threshold 0.1",
            args.threshold
        )));
    }
    if !(args.max_improvement > 0.0 && args.max_improvement.is_finite()) {
        return Err(Failure::input("error: --max-improvement must be positive"));
    }
    let rs = settings(&args.run)?;
    let plan = crate::analysis::load(&args.scenario.scenario, &args.scenario.set, &rs)
        .map_err(tool_failure)?;
    let council =
        stress::folder::find_council(&plan.councils, &args.council).map_err(Failure::input)?;
    let target = args.run.out.clone().unwrap_or_else(|| {
        let code = &plan.councils.code[council];
        output_dir::default_for(output_dir::Folder::Stress(code), &plan.name)
    });
    let staging = Staging::new(&target, args.run.force).map_err(output_failure)?;
    let spec = StressSpec {
        council,
        threshold: args.threshold,
        max_delta: args.max_improvement,
        tol: TOLERANCE,
    };
    if !args.run.quiet {
        eprintln!(
            "stress test of {} ({}): {} trials per run; solving for the improvement needed…",
            plan.councils.name[council], plan.councils.code[council], plan.trials
        );
    }
    let beat = Heartbeat::start("stress", args.run.quiet);
    beat.stage(format!(
        "{}: solving for the improvement needed",
        plan.councils.code[council]
    ));
    let view = stress::analyse(&plan, &spec, &rs).map_err(tool_failure)?;
    beat.stage("writing the output files and the page");
    stress::folder::write(staging.path(), &plan, &view)?;
    let done = staging.commit().map_err(output_failure)?;
    drop(beat);
    if !args.run.quiet {
        let mut text = stress::folder::terminal(&view);
        text.push_str(&format!("wrote {}\n", done.display()));
        super::say(&text)?;
    }
    Ok(())
}
