//! `ibcf run`: load the scenario, simulate, write the output folder
//! atomically, print the terminal summary. No model logic lives here.

use crate::cli::RunArgs;
use crate::engine::{self, RunConfig};
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{self, OutputError, Staging};
use crate::report::summary::{PrecisionJson, PrecisionStep};
use crate::report::{RunExtras, terminal, write_data_files_with};
use crate::scenario;
use crate::scenario::plan::Plan;
use crate::tools::{noise, precision};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn output_failure(e: OutputError) -> Failure {
    match e {
        OutputError::Exists(_) => Failure::input(format!("error: {e}")),
        OutputError::Io { .. } => Failure::runtime(format!("error: {e}")),
    }
}

/// Runs `ibcf run`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(args: &RunArgs) -> CmdResult {
    let plan = scenario::load(&args.scenario.scenario, &args.scenario.set)
        .map_err(|d| Failure::input(d.render()))?;
    execute(plan, args)
}

/// Everything after loading: apply `--trials`/`--seed`, simulate, write the
/// folder atomically, print the summary. Separate so tests can drive it with
/// a hand-built plan.
///
/// # Errors
/// Bad flag values or an existing folder without `--force` (exit 2); engine
/// or I/O failures (exit 1).
pub fn execute(mut plan: Plan, args: &RunArgs) -> CmdResult {
    if let Some(t) = args.trials {
        if t == 0 {
            return Err(Failure::input("error: --trials must be at least 1"));
        }
        plan.trials = t;
    }
    if let Some(s) = args.seed {
        plan.seed = s;
    }
    if args.threads == Some(0) {
        return Err(Failure::input(
            "error: --threads must be at least 1 (or left out for all cores)",
        ));
    }
    let figure: Option<precision::Figure> = match args.checks.precision {
        None => None,
        Some(se) if se > 0.0 && se.is_finite() => Some(
            args.checks
                .precision_figure
                .parse()
                .map_err(|e| Failure::input(format!("error: {e}")))?,
        ),
        Some(se) => {
            return Err(Failure::input(format!(
                "error: --precision {se}: must be a positive standard error, e.g. --precision 0.005"
            )));
        }
    };

    let target = args
        .out
        .clone()
        .unwrap_or_else(|| output_dir::default_dir(&plan.name));
    // Fail fast (before simulating) on an existing folder or an unwritable parent.
    let staging = Staging::new(&target, args.force).map_err(output_failure)?;

    let bar = progress_bar(plan.trials, args.quiet || figure.is_some());
    let start = Instant::now();
    let shown = AtomicBool::new(false);
    let progress = |done: u64| {
        if !shown.load(Ordering::Relaxed) && start.elapsed() > Duration::from_secs(1) {
            shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.set_position(done);
    };
    let cfg = RunConfig {
        threads: args.threads,
        progress: bar.enabled().then_some(&progress as &(dyn Fn(u64) + Sync)),
        ..RunConfig::default()
    };
    let engine_err = |e: engine::EngineError| Failure::runtime(format!("error: {e}"));
    let mut extras = RunExtras::default();
    let results = match (figure, args.checks.precision) {
        (Some(fig), Some(target)) => {
            let first = args.trials.unwrap_or(1000);
            let max = args.checks.max_trials;
            let (res, out) =
                precision::run_to(&mut plan, fig, target, first, max, &cfg).map_err(engine_err)?;
            if !args.quiet {
                eprintln!("{}", precision_message(&out, res.trials));
            }
            extras.precision = Some(precision_json(&out));
            res
        }
        _ => engine::run(&plan, &cfg).map_err(engine_err)?,
    };
    bar.finish_and_clear();
    if !args.checks.no_noise_check {
        if !args.quiet && noise::has_noise(&plan) && std::io::stderr().is_terminal() {
            eprintln!("noise check: the same trials with observation noise off…");
        }
        extras.without_noise = Some(match noise::has_noise(&plan) {
            true => noise::reviewed_without_noise(
                &plan,
                &RunConfig {
                    threads: args.threads,
                    ..RunConfig::default()
                },
            )
            .map_err(engine_err)?,
            false => results.options.iter().map(|o| o.reviewed.clone()).collect(),
        });
    }

    write_data_files_with(staging.path(), &plan, &results, &extras)
        .map_err(|e| Failure::runtime(format!("error: writing {}: {e}", target.display())))?;
    if !args.no_report {
        // Plots and report.html, read back from the data files just written;
        // returning early drops `staging`, which removes the temporary folder.
        crate::report::render::render(staging.path())?;
    }
    let dir = staging.commit().map_err(output_failure)?;

    if !args.quiet {
        let text = format!(
            "{}\nwrote {}\n",
            terminal::render(&plan, &results),
            dir.display()
        );
        super::say(&text)?;
    }
    Ok(())
}

/// One line on how a `--precision` run went.
fn precision_message(o: &precision::Outcome, trials: u64) -> String {
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

fn precision_json(o: &precision::Outcome) -> PrecisionJson {
    PrecisionJson {
        figure: o.figure.name().into(),
        target: o.target,
        se: o.se,
        reached: o.reached,
        max_trials: o.max_trials,
        steps: o
            .steps
            .iter()
            .map(|&(trials, se)| PrecisionStep { trials, se })
            .collect(),
    }
}

/// A progress bar that stays hidden until the run has taken a second, and
/// is never shown when stderr is not a terminal or with `--quiet`.
struct Bar {
    bar: ProgressBar,
    enabled: bool,
}

impl Bar {
    fn enabled(&self) -> bool {
        self.enabled
    }
    fn set_draw_target(&self, t: ProgressDrawTarget) {
        self.bar.set_draw_target(t);
    }
    fn set_position(&self, p: u64) {
        self.bar.set_position(p);
    }
    fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}

fn progress_bar(trials: u64, quiet: bool) -> Bar {
    let enabled = !quiet && std::io::stderr().is_terminal();
    let bar = ProgressBar::with_draw_target(Some(trials), ProgressDrawTarget::hidden());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} trials  {elapsed_precise} (eta {eta})")
    {
        bar.set_style(style);
    }
    Bar { bar, enabled }
}
