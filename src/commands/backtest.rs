//! `ibcf backtest`: load the scenario and the actual data, score every
//! origin, write the folder atomically (CSV, plots, backtest.html) and print
//! the headline table.

use super::fail::{backtest_failure, output_failure};
use super::heartbeat::Heartbeat;
use crate::analysis::backtest::{self, BacktestError, Config, Origin, html, summary};
use crate::cli::BacktestArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{self, Staging};
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
    if args.trials == 0 {
        return Err(backtest_failure(BacktestError::Flag(
            "--trials must be at least 1".into(),
        )));
    }
    if args.threads == Some(0) {
        return Err(backtest_failure(BacktestError::Flag(
            "--threads must be at least 1 (or left out for all cores)".into(),
        )));
    }
    let (actual, source) = match &args.actual {
        Some(p) => (
            backtest::actual::read(p, &plan.councils).map_err(backtest_failure)?,
            p.display().to_string(),
        ),
        None => (
            plan.history.clone(),
            "the scenario's own history".to_string(),
        ),
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| output_dir::default_for(output_dir::Folder::Backtest, &plan.name));
    let staging = Staging::new(&out, args.force).map_err(output_failure)?;
    let cfg = Config {
        horizon: args.horizon,
        trials: args.trials,
        seed: args.seed.unwrap_or(plan.seed),
        recalibrate: !args.keep_parameters,
        decisions: !args.no_decisions,
        threads: args.threads,
    };
    let mut origins: Vec<Origin> = Vec::with_capacity(ats.len());
    let beat = Heartbeat::start("backtest", args.quiet);
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let n = ats.len();
    for (k, at) in ats.into_iter().enumerate() {
        if tty && !args.quiet {
            eprintln!("backtest: origin {at} …");
        }
        beat.stage(format!("forecasting from origin {at}"));
        beat.count(k as u64, n as u64, "origins");
        let o = backtest::run_origin(&plan, &actual, at, &cfg).map_err(backtest_failure)?;
        origins.push(o);
    }
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
    if !args.quiet {
        let table = backtest::folder::terminal(&origins, &s);
        super::say(&format!("{table}\nwrote {}\n", done.display()))?;
    }
    Ok(())
}
