//! `ibcf slurm COMMAND … --shards N [--partition P] [--time T] [--mem M]
//! [--account A] [--qos Q] [--sbatch LINE]…
//! [--cpus C] [--setup LINE] [--parts DIR] [--ibcf PATH] [--submit]`:
//! write the job-array and merge scripts for a split `run`, `sweep`,
//! `sensitivity` or `design` (library: `slurm`, `slurm::prepare`), and with `--submit`
//! submit them. Only shards whose part file is missing or invalid go into
//! the array.

use super::fail::{slurm_failure, tool_failure};
use crate::analysis::{self, RunSettings};
use crate::cli::{Cli, Command, ScenarioArgs, ToolArgs};
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::Folder;
use crate::scenario::plan::Plan;
use crate::shard::part::Kind;
use crate::slurm::prepare;
use clap::Parser;
use std::path::PathBuf;

fn input(e: impl std::fmt::Display) -> Failure {
    Failure::input(format!("error: {e}"))
}

/// Runs `ibcf slurm`.
///
/// # Errors
/// Bad flags or an unsplittable command (exit 2); sbatch or I/O failures (exit 1).
pub fn run(args: &crate::cli::SlurmArgs) -> CmdResult {
    let (opts, rest) = prepare::parse(&args.args).map_err(slurm_failure)?;
    let argv = std::iter::once("ibcf".to_string()).chain(rest.iter().cloned());
    let cli = Cli::try_parse_from(argv).map_err(|e| Failure::input(e.to_string()))?;
    let (kind, plan, out, force) = target(&cli.command)?;
    let job = prepare::job(&opts, &plan.name, &rest, &out, force).map_err(slurm_failure)?;
    let written = prepare::write(&job, kind, &plan).map_err(slurm_failure)?;
    let submitted = match opts.submit {
        true => Some(prepare::submit(&written).map_err(slurm_failure)?),
        false => None,
    };
    super::say(&prepare::summary(&job, &written, submitted.as_ref()))
}

/// What the wrapped command splits: its kind, base plan (trials and seed
/// as its shards will use them), output folder and `--force`.
fn target(cmd: &Command) -> Result<(Kind, Plan, PathBuf, bool), Failure> {
    let tool = |a: &ToolArgs, default_trials: Option<u64>| {
        if a.shard.is_some() {
            return Err(input("give --shards to ibcf slurm, not --shard"));
        }
        let mut rs = super::tool::settings(a)?;
        rs.trials = rs.trials.or(default_trials);
        Ok(rs)
    };
    let load = |s: &ScenarioArgs, rs: &RunSettings| {
        analysis::load(&s.scenario, &s.set, rs).map_err(tool_failure)
    };
    match cmd {
        Command::Run(a) => {
            if a.checks.shard.is_some() || a.checks.precision.is_some() {
                return Err(input(
                    "ibcf slurm splits a run given --trials; leave out --shard and --precision",
                ));
            }
            let (trials, seed) = (a.trials, a.seed);
            let plan = load(
                &a.scenario,
                &RunSettings {
                    trials,
                    seed,
                    threads: None,
                },
            )?;
            let out = a.out.clone();
            let out = out.unwrap_or_else(|| crate::report::output_dir::default_dir(&plan.name));
            Ok((Kind::Run, plan, out, a.force))
        }
        Command::Sweep(a) => {
            let plan = load(&a.scenario, &tool(&a.run, None)?)?;
            let out = super::tool::out_dir(&a.run, Folder::Sweep, &plan.name);
            Ok((Kind::Sweep, plan, out, a.run.force))
        }
        Command::Sensitivity(a) => {
            let rs = tool(&a.run, Some(crate::analysis::sensitivity::DEFAULT_TRIALS))?;
            let plan = load(&a.scenario, &rs)?;
            let out = super::tool::out_dir(&a.run, Folder::Sensitivity, &plan.name);
            Ok((Kind::Sensitivity, plan, out, a.run.force))
        }
        Command::Design(a) => {
            let plan = load(&a.scenario, &tool(&a.run, None)?)?;
            let out = super::tool::out_dir(&a.run, Folder::Design, &plan.name);
            Ok((Kind::Design, plan, out, a.run.force))
        }
        _ => Err(input(
            "ibcf slurm splits `run`, `sweep`, `sensitivity` or `design`, e.g. ibcf slurm run scenarios/november-2017 --trials 1000000 --shards 50",
        )),
    }
}
