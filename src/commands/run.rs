//! `ibcf run`: load the scenario, call the library's run
//! ([`crate::engine::session`]), write the output folder atomically, print
//! the terminal summary. No computation lives here.

use super::fail::{output_failure, run_failure};
use super::heartbeat::Heartbeat;
use super::run_folder::finish;
use crate::cli::RunArgs;
use crate::engine::precision::Outcome;
use crate::engine::session::{self, Precision, Progress, RunError, RunOptions};
use crate::error::{CmdResult, Failure};
use crate::report::RunExtras;
use crate::report::output_dir::{self, Staging};
use crate::scenario::{self, plan::Plan};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs `ibcf run`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(args: &RunArgs) -> CmdResult {
    let plan = scenario::load(&args.scenario.scenario, &args.scenario.set)
        .map_err(|d| Failure::input(d.render()))?;
    execute(plan, args)
}

/// Everything after loading (separate so tests can drive it with a hand-built plan).
///
/// # Errors
/// Bad flag values or an existing folder without `--force` (exit 2); engine
/// or I/O failures (exit 1).
pub fn execute(plan: Plan, args: &RunArgs) -> CmdResult {
    let c = &args.checks;
    let precision = match c.precision {
        Some(se) if se > 0.0 && se.is_finite() => Some(Precision {
            se,
            figure: c
                .precision_figure
                .parse()
                .map_err(|e| Failure::input(format!("error: {e}")))?,
            max_trials: c.max_trials,
        }),
        Some(se) => return Err(run_failure(RunError::BadPrecision(se))),
        None => None,
    };
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

    let loud = !args.quiet && std::io::stderr().is_terminal();
    let bar = progress_bar(plan.trials, !loud || precision.is_some());
    let (start, shown) = (Instant::now(), AtomicBool::new(false));
    // Plain progress lines when stderr is not a terminal (logs, CI).
    let beat = Heartbeat::start("run", args.quiet);
    beat.stage("simulating");
    let beat_trials = beat.trials(plan.trials);
    let progress = |p: Progress| match p {
        Progress::Trials(done) if bar.1 => {
            beat_trials(done);
            if !shown.load(Ordering::Relaxed) && start.elapsed() > Duration::from_secs(1) {
                shown.store(true, Ordering::Relaxed);
                bar.0.set_draw_target(ProgressDrawTarget::stderr());
            }
            bar.0.set_position(done);
        }
        Progress::Trials(done) => beat_trials(done),
        Progress::NoiseRerun if loud => {
            eprintln!("noise check: the same trials with observation noise off…")
        }
        Progress::NoiseRerun => {}
    };
    opts.progress = Some(&progress);
    let out = session::execute(plan, &opts).map_err(run_failure)?;
    bar.0.finish_and_clear();
    if let (Some(o), false) = (&out.precision, args.quiet) {
        eprintln!("{}", precision_message(o, out.results.trials));
    }

    beat.count(0, 0, "");
    beat.stage("writing the output files and the report");
    finish(
        staging,
        &out.plan,
        &out.results,
        &RunExtras::of(&out),
        args.no_report,
        args.quiet,
    )
}

/// One line on how a `--precision` run went.
fn precision_message(o: &Outcome, trials: u64) -> String {
    let name = o.figure.name();
    match o.reached {
        true => format!(
            "precision: largest {name} se {:.3e} <= {} with {trials} trials ({} run(s))",
            o.se,
            o.target,
            o.steps.len()
        ),
        false => format!(
            "precision NOT reached: largest {name} se {:.3e} > {} at the cap of {trials} trials; \
             raise --max-trials (now {}) or relax --precision",
            o.se, o.target, o.max_trials
        ),
    }
}

/// A progress bar that stays hidden until the run has taken a second (the
/// flag: whether it may ever be shown).
fn progress_bar(trials: u64, hidden: bool) -> (ProgressBar, bool) {
    let bar = ProgressBar::with_draw_target(Some(trials), ProgressDrawTarget::hidden());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} trials  {elapsed_precise} (eta {eta})")
    {
        bar.set_style(style);
    }
    (bar, !hidden)
}
