//! The decision tools' flags: the engine flags they share ([`ToolArgs`]),
//! `sweep`, `sensitivity`, `stress`, `calibrate` and `backtest`.

use super::{SHARD_HELP, ScenarioArgs};
use clap::Args;
use std::path::PathBuf;

/// Engine flags shared by the decision tools.
#[derive(Debug, Clone, Args)]
pub struct ToolArgs {
    /// Trials per engine run (overrides simulation.trials).
    #[arg(long)]
    pub trials: Option<u64>,
    /// Random seed (overrides simulation.seed); every run of the tool uses it.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (with --shard: the folder for the part file).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing output folder (or part file).
    #[arg(long)]
    pub force: bool,
    /// No progress and no terminal table.
    #[arg(long, short)]
    pub quiet: bool,
    #[arg(long, value_name = "K/N", help = SHARD_HELP)]
    pub shard: Option<crate::shard::Shard>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf sweep scenarios/november-2017 \\\n      --vary option.december-33.share=0.1,0.2,0.33,0.5 \\\n      --vary trajectory.pull=0:0.3:4\n  ibcf sweep scenarios/november-2017 --trials 2000 \\\n      --vary criteria.missed_september.tolerance=0:0.5:10 \\\n      --vary option.december-33.share=0.1,0.33\n\nWhen every key only decides (criteria.*, option.ID.{rule,share,graduated,\ncap,action,redistribute_to,label}, fairness.intent), as in the second\nexample, each trial is simulated once and every point decided on it; the\nfiles are the same as with one engine run per point."
)]
pub struct SweepArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A key and its values: KEY=v1,v2,... or KEY=START:STOP:COUNT (repeatable; full grid).
    #[arg(long = "vary", value_name = "KEY=VALUES", required = true)]
    pub vary: Vec<String>,
    #[command(flatten)]
    pub run: ToolArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf design scenarios/tutorial \\\n      --vary criteria.high_asc_rate.threshold=8:16:5 \\\n      --vary option.conditions-33.share=0.2,0.33\n  ibcf design scenarios/tutorial --shard 2/3 --out parts/ \\\n      --vary criteria.high_asc_rate.threshold=8:16:5\n  ibcf merge parts/ --out output/design-tutorial\n\nWith --shard K/N, shard K simulates its share of the trials and decides\nevery variant on them; merging all N parts writes the unsplit design's\nfolder, byte for byte."
)]
pub struct DesignArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// A rule key and its values: KEY=v1,v2,... or KEY=START:STOP:COUNT (repeatable; full
    /// grid). Only keys that decide: criteria.NAME.*, option.ID.{rule,share,graduated,cap,
    /// action,redistribute_to,label}, fairness.intent.
    #[arg(long = "vary", value_name = "KEY=VALUES", required = true)]
    pub vary: Vec<String>,
    #[command(flatten)]
    pub run: ToolArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ibcf sensitivity scenarios/november-2017 --samples 64 --trials 1000\n  ibcf sensitivity scenarios/tutorial --range trajectory.pull=0:0.3"
)]
pub struct SensitivityArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Add or replace a range: KEY=LOW:HIGH (repeatable; adds to `[sensitivity]`).
    #[arg(long = "range", value_name = "KEY=LOW:HIGH")]
    pub range: Vec<String>,
    /// Saltelli base samples N (runs: N x (parameters + 2)).
    #[arg(long, default_value_t = 64)]
    pub samples: usize,
    /// Bootstrap resamples for the confidence intervals.
    #[arg(long, default_value_t = 500)]
    pub bootstrap: usize,
    #[command(flatten)]
    pub run: ToolArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ibcf stress scenarios/november-2017 --council E10000018 --threshold 0.1"
)]
pub struct StressArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// The council's ONS code.
    #[arg(long)]
    pub council: String,
    /// Review probability counted as safe (the improvement brings it below this).
    #[arg(long, default_value_t = 0.1)]
    pub threshold: f64,
    /// Largest extra monthly reduction searched (log scale per month).
    #[arg(long, default_value_t = 1.0)]
    pub max_improvement: f64,
    #[command(flatten)]
    pub run: ToolArgs,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ibcf calibrate scenarios/november-2017 --from 2014-04 --to 2017-07 \\\n      --out scenarios/november-2017/calibration.toml"
)]
pub struct CalibrateArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// First month of the window (default: first month of history).
    #[arg(long, value_name = "YYYY-MM")]
    pub from: Option<crate::month::Month>,
    /// Last month of the window (default: last observed month before the simulation).
    #[arg(long, value_name = "YYYY-MM")]
    pub to: Option<crate::month::Month>,
    /// Overlay file to write (atomically; an existing file only with --force).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing overlay file.
    #[arg(long)]
    pub force: bool,
    /// No terminal table (the overlay is still written).
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf backtest scenarios/november-2017 --at 2016-07\n  ibcf backtest scenarios/november-2017 --at 2015-07..2017-03 \\\n      --every 3 --horizon 4"
)]
pub struct BacktestArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Forecast origin (last month of history used), or a range FROM..TO for rolling origins.
    #[arg(long, value_name = "YYYY-MM[..YYYY-MM]")]
    pub at: String,
    /// With a range: months between origins.
    #[arg(long, default_value_t = 1, value_name = "MONTHS")]
    pub every: u32,
    /// Months forecast after each origin.
    #[arg(long, default_value_t = 4, value_name = "MONTHS")]
    pub horizon: u32,
    /// What actually happened, in the history CSV format (default: the scenario's own history).
    #[arg(long, value_name = "FILE")]
    pub actual: Option<PathBuf>,
    /// Simulated futures per origin.
    #[arg(long, default_value_t = 2000)]
    pub trials: usize,
    /// Random seed (default: the scenario's simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Use the scenario's trajectory parameters instead of re-estimating them at each origin.
    #[arg(long)]
    pub keep_parameters: bool,
    /// Output folder (default: `output/<scenario name>-backtest`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing output folder.
    #[arg(long)]
    pub force: bool,
    /// Skip plots and backtest.html (CSV only).
    #[arg(long)]
    pub no_report: bool,
    /// No progress and no terminal table.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip replaying the scenario's review decisions (decisions.csv).
    #[arg(long)]
    pub no_decisions: bool,
}
