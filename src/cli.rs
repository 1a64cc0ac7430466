//! Command-line definitions (clap derive) and nothing else.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Who would be formally reviewed under an iBCF penalty policy, and how much
/// money is at risk: a Monte Carlo engine for the 2017 delayed-transfers-of-care review.
#[derive(Debug, Parser)]
#[command(name = "ibcf", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  ibcf run scenarios/november-2017          simulate the default scenario
  ibcf run scenarios/tutorial --trials 20000 --seed 7
  ibcf validate scenarios/*/scenario.toml   check scenarios, list every problem
  ibcf explain scenarios/tutorial           the scenario in plain English
  ibcf new my-council                       scaffold an editable scenario folder";

/// A scenario file (or a folder holding `scenario.toml`) plus `--set` overrides.
#[derive(Debug, Clone, Args)]
pub struct ScenarioArgs {
    /// Scenario TOML file, or a folder containing scenario.toml.
    pub scenario: PathBuf,
    /// Override one key, e.g. --set trajectory.volatility=0.2 or
    /// --set option.conditions-33.share=0.5 (repeatable; same merge as `extends`).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and write output/<name>/ (CSV, JSON, plots, report.html).
    Run(RunArgs),
    /// Check scenarios and report every problem found (exit 0 clean, 2 not).
    Validate(ValidateArgs),
    /// Print what a scenario says, in plain English.
    Explain(ScenarioArgs),
    /// Scaffold a small, commented, valid scenario folder.
    New(NewArgs),
    /// Re-render plots and report.html from a finished run's folder.
    Report(ReportArgs),
    /// Estimate trajectory parameters from a scenario's history (writes an overlay TOML).
    Calibrate(CalibrateArgs),
    /// Score the model's forecasts against what happened: re-run as if standing at an earlier month.
    Backtest(BacktestArgs),
    /// Convert published data files into ibcf's CSV formats.
    #[command(subcommand)]
    Import(ImportCommand),
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Number of simulated futures (overrides simulation.trials).
    #[arg(long)]
    pub trials: Option<u64>,
    /// Random seed (overrides simulation.seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output folder (default: output/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing output folder.
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no terminal summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip plots and report.html (CSV and JSON only).
    #[arg(long)]
    pub no_report: bool,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ibcf calibrate scenarios/november-2017 --from 2014-04 --to 2017-07 --out scenarios/november-2017/calibration.toml"
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
    /// Overlay file to write.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf backtest scenarios/november-2017 --at 2016-07\n  ibcf backtest scenarios/november-2017 --at 2015-07..2017-03 --every 3 --horizon 4"
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
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario files or folders.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Override one key in every scenario (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Name of the new scenario ([a-z0-9-]+); also the folder created.
    pub name: String,
    /// Parent folder (default: current directory).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A folder written by `ibcf run`.
    pub output_dir: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// NHS England "Total Delayed Days Local Authority" workbooks (.xls) to history CSV.
    NhseDtoc(ImportDtocArgs),
}

#[derive(Debug, Args)]
pub struct ImportDtocArgs {
    /// Monthly workbooks (.xls), sheet "LA - by responsible org".
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// History CSV to write; existing months in it are kept, new ones merged in.
    #[arg(long)]
    pub out: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
