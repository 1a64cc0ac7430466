//! Command-line definitions (clap derive) and nothing else.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

mod tools;
pub use tools::{
    BacktestArgs, CalibrateArgs, DesignArgs, SensitivityArgs, StressArgs, SweepArgs, ToolArgs,
};

/// Who would be formally reviewed under an iBCF penalty policy, and how much
/// money is at risk: a Monte Carlo engine for the 2017 delayed-transfers-of-care review.
#[derive(Debug, Parser)]
#[command(name = "ibcf", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  ibcf run scenarios/november-2017            # simulate the default scenario
  ibcf run scenarios/tutorial --trials 20000 --seed 7
  ibcf validate scenarios/*/scenario.toml     # list every problem
  ibcf explain scenarios/tutorial             # the scenario in plain English
  ibcf new my-council                         # an editable scenario folder
  ibcf sweep scenarios/november-2017 \\
      --vary option.december-33.share=0.1,0.33,0.5
  ibcf sensitivity scenarios/november-2017    # Sobol indices and tornado
  ibcf stress scenarios/november-2017 --council E10000018";

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
    /// Simulate a scenario and write `output/<name>/` (CSV, JSON, plots, report.html).
    Run(RunArgs),
    /// Check scenarios and report every problem found (exit 0 clean, 2 not).
    Validate(ValidateArgs),
    /// Print what a scenario says, in plain English.
    #[command(
        after_help = "Examples:\n  ibcf explain scenarios/november-2017\n  ibcf explain scenarios/tutorial --set trajectory.volatility=0.2"
    )]
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
    /// Run a grid of parameter values on common random numbers (writes sweep.csv and a chart).
    Sweep(SweepArgs),
    /// Which rule is fair: every rule variant on one simulation, scored against true performance (design.csv, frontier, design.html).
    Design(DesignArgs),
    /// Tornado and Sobol indices over the scenario's `[sensitivity]` ranges.
    Sensitivity(SensitivityArgs),
    /// One council's view: review risk, drivers, money at risk, improvement needed to be safe.
    Stress(StressArgs),
    /// Merge the part files of a split run, sweep, sensitivity analysis or design (`--shard K/N`).
    Merge(MergeArgs),
    /// Write (and with --submit, submit) a Slurm job array running a command in shards, and its merge.
    #[command(
        after_help = "Examples:\n  ibcf slurm run scenarios/november-2017 --trials 1000000 --shards 50 \\\n      --time 00:20:00 --mem 4G --account proj42\n  ibcf slurm sweep scenarios/november-2017 --vary trajectory.pull=0:0.3:31 \\\n      --shards 31 --submit\n  ibcf slurm design scenarios/november-2017 --trials 200000 --shards 20 \\\n      --vary criteria.oct_gap_asc.tolerance=0:1:20\n\nWrites PARTS/job-array.sh (#SBATCH --array, task K runs shard K/N), PARTS/merge.sh and\nPARTS/submit.sh (the merge waits on the array: --dependency=afterok). PARTS defaults to\nthe command's output folder + .parts. Run again after failures: only shards whose part is\nmissing or invalid are resubmitted. See README \"Running on a cluster\"."
    )]
    Slurm(SlurmArgs),
}

/// Where a shard's part goes (`--shard K/N`; see `ibcf merge`).
pub const SHARD_HELP: &str = "Run only shard K of N (contiguous units) and write one part file \
into the --out FOLDER (default output/<name>.parts) as shard-KKKK-of-NNNN.ibcfpart; \
combine the parts with `ibcf merge`";

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf merge output/november-2017.parts --out output/november-2017\n  ibcf merge parts/shard-*.ibcfpart --out output/sweep-national --force"
)]
pub struct MergeArgs {
    /// Part files, or folders holding them (*.ibcfpart), in any order.
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Output folder, as the unsplit command would write it (default: that command's default).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing output folder.
    #[arg(long)]
    pub force: bool,
    /// No terminal summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip plots and report.html of a run (CSV and JSON only).
    #[arg(long)]
    pub no_report: bool,
}

/// `ibcf slurm`: the wrapped command line, with slurm's own flags anywhere
/// in it (they are taken out before the command is parsed).
#[derive(Debug, Args)]
pub struct SlurmArgs {
    /// The command to split and its flags, plus: --shards N (required),
    /// --partition P, --time T, --mem M, --cpus C, --account A, --qos Q,
    /// --sbatch LINE (an extra #SBATCH directive, repeatable), --setup LINE
    /// (repeatable, e.g. 'module load gcc'), --parts DIR, --submit. An
    /// existing output folder needs --force.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, required = true)]
    pub args: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf run scenarios/november-2017\n  ibcf run scenarios/tutorial --trials 50000 --seed 7 --threads 2 \\\n      --out output/t7\n  ibcf run scenarios/tutorial --set option.conditions-33.share=0.5 --force\n  ibcf run scenarios/november-2017 --precision 0.005 --quiet"
)]
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
    /// Output folder (default: `output/<scenario name>`); with --shard, the
    /// FOLDER the part file goes into (default: `output/<scenario name>.parts`).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replace an existing output folder (or part file).
    #[arg(long)]
    pub force: bool,
    /// No progress bar and no terminal summary.
    #[arg(long, short)]
    pub quiet: bool,
    /// Skip plots and report.html (data files and results.xlsx only).
    #[arg(long)]
    pub no_report: bool,
    #[command(flatten)]
    pub checks: RunChecks,
}

/// `ibcf run`'s precision, noise-check and shard flags (a separate struct so code
/// building [`RunArgs`] by hand can take `RunChecks::default()`).
#[derive(Debug, Clone, Args)]
pub struct RunChecks {
    /// Add trials (from --trials, default 1000, at least doubling) until the
    /// figure's standard error is at most this; deterministic for a seed.
    #[arg(long, value_name = "SE")]
    pub precision: Option<f64>,
    /// Figure for --precision: p_review (largest per-council se), reviewed or funding (pounds).
    #[arg(long, value_name = "FIGURE", default_value = "p_review")]
    pub precision_figure: crate::engine::precision::Figure,
    /// Most trials --precision may use.
    #[arg(long, default_value_t = 1_000_000)]
    pub max_trials: u64,
    /// Skip the noise-free decision behind p_review_without_noise (made in the same pass; ~5% of run time).
    #[arg(long)]
    pub no_noise_check: bool,
    #[arg(long, value_name = "K/N", help = SHARD_HELP)]
    pub shard: Option<crate::shard::Shard>,
    /// Run in N shards one after another, each saved as a part in `<out>.parts/`
    /// as it finishes, then merged into --out; if the run is killed, the same
    /// command resumes from the parts already written.
    #[arg(long, value_name = "N", conflicts_with = "shard")]
    pub shards: Option<u32>,
}

impl Default for RunChecks {
    fn default() -> Self {
        RunChecks {
            precision: None,
            precision_figure: crate::engine::precision::Figure::PReview,
            max_trials: 1_000_000,
            no_noise_check: false,
            shard: None,
            shards: None,
        }
    }
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf validate scenarios/tutorial\n  ibcf validate scenarios/*/ --set trajectory.volatility=0.2"
)]
pub struct ValidateArgs {
    /// Scenario files or folders.
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Override one key in every scenario (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf new my-council --dir scenarios && ibcf validate scenarios/my-council\n  ibcf new my-council --from scenarios/november-2017   # your own copy"
)]
pub struct NewArgs {
    /// Name of the new scenario ([a-z0-9-]+); also the folder created.
    pub name: String,
    /// Parent folder (default: current directory).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Copy this scenario (folder or TOML file) instead of the small
    /// template: new `name` and title, caveats marked REVIEW, and a list of
    /// the data files to replace.
    #[arg(long, value_name = "SCENARIO")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  ibcf report output/november-2017\n  ibcf stress scenarios/november-2017 --council E10000018\n  ibcf report output/november-2017 \\\n      --stress output/november-2017-stress-E10000018   # improvement needed"
)]
pub struct ReportArgs {
    /// A folder written by `ibcf run`.
    pub output_dir: PathBuf,
    /// A folder written by `ibcf stress` for one of the run's councils
    /// (repeatable): its `stress.csv` is copied into the run's `stress/`
    /// folder and the council's page shows the improvement needed to be safe.
    #[arg(long, value_name = "STRESS_DIR")]
    pub stress: Vec<PathBuf>,
    /// Print nothing on success.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// NHS England "Total Delayed Days Local Authority" workbooks (.xls) to history CSV.
    NhseDtoc(ImportDtocArgs),
}

#[derive(Debug, Args)]
#[command(
    after_help = "Example:\n  ibcf import nhse-dtoc LA-Type-B-*.xls --out scenarios/mine/data/history.csv"
)]
pub struct ImportDtocArgs {
    /// Monthly workbooks (.xls), sheet "LA - by responsible org".
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// History CSV to write; existing months in it are kept, new ones merged in.
    #[arg(long)]
    pub out: PathBuf,
    /// Print nothing on success (notes about replaced months included).
    #[arg(long, short)]
    pub quiet: bool,
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
