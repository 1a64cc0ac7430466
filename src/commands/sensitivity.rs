//! `ibcf sensitivity`: tornado and Sobol indices over the scenario's
//! `[sensitivity]` ranges plus `--range` flags (library:
//! `analysis::sensitivity`); writes `sensitivity.csv` and charts atomically.

use super::heartbeat::Heartbeat;
use super::sweep::{out_dir, output_failure, settings, tool_failure};
use crate::analysis::sensitivity::charts::{Kind, SensitivityChart};
use crate::analysis::sensitivity::{self, Settings};
use crate::cli::SensitivityArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::Staging;
use crate::report::plots::write_chart;

/// Trials per run when `--trials` is not given: enough for stable expected
/// figures on common random numbers, small enough for hundreds of runs.
pub const DEFAULT_TRIALS: u64 = 1000;

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
    let mut rs = settings(&args.run)?;
    rs.trials = rs.trials.or(Some(DEFAULT_TRIALS));
    let plan = crate::analysis::load(&args.scenario.scenario, &args.scenario.set, &rs)
        .map_err(tool_failure)?;
    let params = sensitivity::merge(&plan.provenance.sensitivity, &extra);
    let target = out_dir(&args.run, &plan.name, "sensitivity");
    let staging = Staging::new(&target, args.run.force).map_err(output_failure)?;
    let st = Settings {
        samples: args.samples,
        bootstrap: args.bootstrap,
        design_seed: plan.seed,
    };
    let quiet = args.run.quiet;
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let beat = Heartbeat::start("sensitivity", quiet);
    beat.stage("tornado and Sobol design");
    let mut progress = |done: usize, total: usize| {
        beat.count(done as u64, total as u64, "runs");
        if !quiet && tty {
            eprint!("\rrun {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    let s = sensitivity::run(
        &args.scenario.scenario,
        &args.scenario.set,
        &params,
        &st,
        &rs,
        &mut progress,
    )
    .map_err(tool_failure)?;
    let dir = staging.path();
    sensitivity::write_csv(&dir.join("sensitivity.csv"), &s)
        .map_err(|e| Failure::runtime(format!("error: writing sensitivity.csv: {e}")))?;
    let table = sensitivity::table(&s);
    std::fs::write(dir.join("sensitivity.txt"), &table)?;
    let plots = dir.join("plots");
    for (kind, stem) in [(Kind::Tornado, "tornado"), (Kind::Sobol, "sobol")] {
        let c = SensitivityChart { s: &s, kind };
        write_chart(&c, &plots, stem, stem.into(), String::new())?;
    }
    let done = staging.commit().map_err(output_failure)?;
    if !quiet {
        let text = format!("{table}wrote {}\n", done.display());
        super::say(&text)?;
    }
    Ok(())
}
