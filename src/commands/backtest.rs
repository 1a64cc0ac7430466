//! `ibcf backtest`: load the scenario, score every origin (library:
//! `analysis::backtest::batch`), write the folder atomically (CSV, plots,
//! backtest.html) and print the headline table.

use super::fail::{backtest_failure, output_failure};
use super::heartbeat::Heartbeat;
use crate::analysis::backtest::{self, Config, batch, html, summary};
use crate::cli::BacktestArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, Staging, default_for};
use crate::scenario;

/// Runs `ibcf backtest`.
///
/// # Errors
/// Input problems (exit 2: scenario, `--at`, `--actual`, an origin the data
/// cannot support, an existing folder without `--force`), or a run failure
/// (exit 1: the model, writing the folder); see `fail::backtest_failure`.
pub fn run(args: &BacktestArgs) -> CmdResult {
    let plan = scenario::load(&args.scenario.scenario, &args.scenario.set)
        .map_err(|d| Failure::input(d.render()))?;
    let ats = backtest::parse_origins(&args.at, args.every).map_err(backtest_failure)?;
    let cfg = Config {
        horizon: args.horizon,
        trials: args.trials,
        seed: args.seed.unwrap_or(plan.seed),
        recalibrate: !args.keep_parameters,
        decisions: !args.no_decisions,
        threads: args.threads,
    };
    batch::check(&cfg).map_err(backtest_failure)?;
    let (actual, source) =
        batch::actual_data(&plan, args.actual.as_deref()).map_err(backtest_failure)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_for(Folder::Backtest, &plan.name));
    let staging = Staging::new(&out, args.force).map_err(output_failure)?;
    let beat = Heartbeat::start("backtest", args.quiet);
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let origins = batch::run_all(&plan, &actual, &ats, &cfg, &mut |k, n, at| {
        if tty && !args.quiet {
            eprintln!("backtest: origin {at} …");
        }
        beat.stage(format!("forecasting from origin {at}"));
        beat.count(k as u64, n as u64, "origins");
    })
    .map_err(backtest_failure)?;
    beat.count(0, 0, "");
    beat.stage("writing the output files and the report");
    let s = summary::summarise(&origins);
    let info = html::PageInfo {
        plan: &plan,
        trials: cfg.trials,
        horizon: cfg.horizon,
        recalibrated: cfg.recalibrate,
        actual_source: source,
    };
    backtest::folder::write(staging.path(), &out, &info, &origins, &s, args.no_report)
        .map_err(backtest_failure)?;
    let done = staging.commit().map_err(output_failure)?;
    drop(beat);
    match args.quiet {
        true => Ok(()),
        false => super::say(&format!(
            "{}\nwrote {}\n",
            backtest::folder::terminal(&origins, &s),
            done.display()
        )),
    }
}
