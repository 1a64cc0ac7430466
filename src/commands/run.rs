//! `ibcf run`: load the scenario, call the library's run
//! ([`crate::engine::session`]), write the output folder atomically, print
//! the terminal summary. No computation lives here.

use super::fail::{output_failure, run_failure};
use super::run_folder::finish;
use super::run_progress::RunProgress;
use crate::cli::RunArgs;
use crate::engine::session::{self, Precision, Progress, RunOptions};
use crate::error::{CmdResult, Failure};
use crate::report::RunExtras;
use crate::report::output_dir::{self, Staging};
use crate::scenario::{self, plan::Plan};

/// Runs `ibcf run`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(args: &RunArgs) -> CmdResult {
    let plan = scenario::load(&args.scenario.scenario, &args.scenario.set)
        .map_err(|d| Failure::input(d.render()))?;
    for w in &plan.provenance.warnings {
        eprintln!("{w}");
    }
    execute(plan, args)
}

/// Everything after loading (separate so tests can drive it with a hand-built plan).
///
/// # Errors
/// Bad flag values or an existing folder without `--force` (exit 2); engine
/// or I/O failures (exit 1).
pub fn execute(plan: Plan, args: &RunArgs) -> CmdResult {
    let c = &args.checks;
    let precision = c.precision.map(|se| Precision {
        se,
        figure: c.precision_figure,
        max_trials: c.max_trials,
    });
    let mut opts = RunOptions {
        trials: args.trials,
        seed: args.seed,
        threads: args.threads,
        precision,
        noise_check: !c.no_noise_check,
        ..RunOptions::default()
    };
    if let Some(shard) = c.shard {
        // A shard holds only its trials: it checks its own memory need.
        let unchecked = RunOptions {
            memory: Some(u128::MAX),
            ..opts
        };
        let plan = session::prepare(plan, &unchecked).map_err(run_failure)?;
        return super::run_shard::execute(&plan, args, shard);
    }
    let plan = session::prepare(plan, &opts).map_err(run_failure)?;
    if let Some(n) = c.shards {
        return super::run_resume::execute(&plan, args, n);
    }
    let target = args
        .out
        .clone()
        .unwrap_or_else(|| output_dir::default_dir(&plan.name));
    // Fail fast (before simulating) on an existing folder or an unwritable parent.
    let staging = Staging::new(&target, args.force).map_err(output_failure)?;

    let display = RunProgress::start(plan.trials, args.quiet, precision.is_some());
    let progress = |p: Progress| display.show(p);
    opts.progress = Some(&progress);
    let out = session::execute(plan, &opts).map_err(run_failure)?;
    display.writing();
    if let (Some(o), false) = (&out.precision, args.quiet) {
        eprintln!("{}", o.words(out.results.trials));
    }
    finish(
        staging,
        &out.plan,
        &out.results,
        &RunExtras::of(&out),
        args.no_report,
        args.quiet,
    )
}
