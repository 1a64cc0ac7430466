//! `ibcf run`: load the scenario, simulate, write the output folder
//! atomically, print the terminal summary. No model logic lives here.

use crate::cli::RunArgs;
use crate::engine::{self, RunConfig};
use crate::engine::{noise_check as noise, precision};
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{self, OutputError, Staging};
use crate::report::summary::{PrecisionJson, PrecisionStep};
use crate::report::{RunExtras, terminal, write_data_files_with};
use crate::scenario;
use crate::scenario::plan::Plan;
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

    // A --precision run may grow to its cap: size the check for that.
    let planned = plan.trials;
    if figure.is_some() {
        plan.trials = plan.trials.max(args.checks.max_trials);
    }
    let memory = check_memory(&plan, args.threads, available_memory());
    plan.trials = planned;
    memory?;
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
    // The noise check ("caught by noise") runs in the same pass as the
    // simulation when it can; the precision loop reruns the engine, so there
    // it is a separate run afterwards.
    let check = !args.checks.no_noise_check;
    let fused = check && noise::has_noise(&plan);
    let mut results = match (figure, args.checks.precision) {
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
        _ if fused => engine::run_with_noise_check(&plan, &cfg).map_err(engine_err)?,
        _ => engine::run(&plan, &cfg).map_err(engine_err)?,
    };
    bar.finish_and_clear();
    if check {
        extras.without_noise = Some(match results.without_noise.take() {
            Some(counts) => counts,
            None if fused => {
                if !args.quiet && std::io::stderr().is_terminal() {
                    eprintln!("noise check: the same trials with observation noise off…");
                }
                noise::reviewed_without_noise(
                    &plan,
                    &RunConfig {
                        threads: args.threads,
                        ..RunConfig::default()
                    },
                )
                .map_err(engine_err)?
            }
            None => results.options.iter().map(|o| o.reviewed.clone()).collect(),
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

/// Bytes a run needs, roughly: per option and trial an `i64` of funding and a
/// `u32` reviewed count (12 bytes, decision 34), two 8-byte copies per trial
/// while one figure is summarised (converted and sorted), and fixed parts:
/// fan-chart histograms per worker (councils × metrics × months × bins × 8)
/// plus 64 MiB for everything else. Saturates rather than overflows.
pub fn memory_needed(plan: &Plan, threads: usize) -> u128 {
    let trials = u128::from(plan.trials);
    let options = plan.options.len().max(1) as u128;
    let series = (plan.councils.len() * plan.metrics.len().max(1)) as u128
        * plan.n_sim_months().max(1) as u128;
    let hist = threads.max(1) as u128 * series * crate::stats::histogram::BINS as u128 * 8;
    12 * options * trials + 16 * trials + hist + (64 << 20)
}

/// Memory the run may use: `MemAvailable` from /proc/meminfo, lowered to the
/// cgroup's remaining `memory.max` when one is set. `None` when unknown (not
/// Linux, unreadable): then only runs that cannot be addressed are refused.
pub fn available_memory() -> Option<u128> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u128>().ok())?;
    let mut avail = kb * 1024;
    let read = |f: &str| {
        std::fs::read_to_string(format!("/sys/fs/cgroup/{f}"))
            .ok()
            .and_then(|t| t.trim().parse::<u128>().ok())
    };
    if let (Some(max), Some(cur)) = (read("memory.max"), read("memory.current")) {
        avail = avail.min(max.saturating_sub(cur));
    }
    Some(avail)
}

/// Refuses (exit 2) a run whose memory need exceeds what is available (or
/// what this machine can address), saying how much it would need.
///
/// # Errors
/// An input failure naming the need, what is available and a trial count that fits.
pub fn check_memory(plan: &Plan, threads: Option<usize>, available: Option<u128>) -> CmdResult {
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let need = memory_needed(plan, threads);
    let limit = available.unwrap_or(isize::MAX as u128);
    if need <= limit {
        return Ok(());
    }
    let per_trial = 12 * plan.options.len().max(1) as u128 + 16;
    let fixed = need - per_trial * u128::from(plan.trials);
    let fits = limit.saturating_sub(fixed) / per_trial;
    let have = match available {
        Some(a) => format!("{} is available (MemAvailable)", bytes(a)),
        None => "that is more than this machine can address".to_string(),
    };
    Err(Failure::input(format!(
        "error: {} trials would need about {} of memory ({per_trial} bytes per trial for \
         {} option(s), plus {} fixed), but {have}; use --trials {fits} or fewer",
        plan.trials,
        bytes(need),
        plan.options.len(),
        bytes(fixed),
    )))
}

/// Bytes in binary units, e.g. `1.5 GiB`.
fn bytes(b: u128) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} bytes")
    } else {
        format!("{v:.1} {}", units[u])
    }
}
