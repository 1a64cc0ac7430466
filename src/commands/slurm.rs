//! `ibcf slurm COMMAND … --shards N [--partition P] [--time T] [--mem M]
//! [--cpus C] [--setup LINE] [--parts DIR] [--ibcf PATH] [--submit]`:
//! write the job-array and merge scripts for a split `run`, `sweep` or
//! `sensitivity` (library: `slurm`), and with `--submit` submit them. Only
//! shards whose part file is missing or invalid go into the array.

use crate::cli::{Cli, Command, SlurmArgs};
use crate::error::{CmdResult, Failure};
use crate::scenario::plan::Plan;
use crate::shard::part::{Header, Kind};
use crate::slurm::{self, Job};
use clap::Parser;
use std::path::{Path, PathBuf};

/// Slurm's own flags, parsed from the words taken out of the command line.
#[derive(Debug, Parser)]
#[command(name = "ibcf slurm", no_binary_name = true)]
struct Flags {
    /// Number of shards (array tasks).
    #[arg(long)]
    shards: u32,
    #[arg(long)]
    partition: Option<String>,
    #[arg(long)]
    time: Option<String>,
    #[arg(long)]
    mem: Option<String>,
    #[arg(long)]
    cpus: Option<u32>,
    #[arg(long)]
    setup: Vec<String>,
    #[arg(long)]
    parts: Option<PathBuf>,
    #[arg(long)]
    ibcf: Option<PathBuf>,
    #[arg(long)]
    submit: bool,
}

const VALUED: [&str; 8] = [
    "--shards",
    "--partition",
    "--time",
    "--mem",
    "--cpus",
    "--setup",
    "--parts",
    "--ibcf",
];

/// Splits the words into slurm's own flags and the wrapped command's.
fn split(args: &[String]) -> (Vec<String>, Vec<String>) {
    let (mut own, mut rest) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let name = a.split('=').next().unwrap_or(a);
        if a == "--submit" {
            own.push(a.clone());
        } else if VALUED.contains(&name) {
            own.push(a.clone());
            if !a.contains('=') {
                own.extend(it.next().cloned());
            }
        } else {
            rest.push(a.clone());
        }
    }
    (own, rest)
}

/// Removes `--out X`, `--force`, `--quiet`, `--threads N` (the jobs set them).
fn strip(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" | "--threads" => {
                it.next();
            }
            "--force" | "--quiet" | "-q" => {}
            s if s.starts_with("--out=") || s.starts_with("--threads=") => {}
            _ => out.push(a.clone()),
        }
    }
    out
}

fn input(e: impl std::fmt::Display) -> Failure {
    Failure::input(format!("error: {e}"))
}

/// `path` with `.parts` added to its last component.
fn with_parts(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".parts");
    PathBuf::from(s)
}

/// Runs `ibcf slurm`.
///
/// # Errors
/// Bad flags or an unsplittable command (exit 2); sbatch or I/O failures (exit 1).
pub fn run(args: &SlurmArgs) -> CmdResult {
    let (own, rest) = split(&args.args);
    let flags = Flags::try_parse_from(&own).map_err(|e| Failure::input(e.to_string()))?;
    if flags.shards == 0 {
        return Err(input("--shards must be at least 1"));
    }
    let mut argv = vec!["ibcf".to_string()];
    argv.extend(rest.iter().cloned());
    let cli = Cli::try_parse_from(&argv).map_err(|e| Failure::input(e.to_string()))?;
    let (kind, plan, out, force) = target(&cli.command)?;
    let cwd = std::env::current_dir()?;
    let abs = |p: &Path| cwd.join(p);
    let ibcf = match flags.ibcf {
        Some(p) => abs(&p),
        None => std::env::current_exe()?,
    };
    let parts = abs(&flags.parts.unwrap_or_else(|| with_parts(&out)));
    let job = Job {
        name: format!("ibcf-{}", plan.name),
        shards: flags.shards,
        partition: flags.partition,
        time: flags.time,
        mem: flags.mem,
        cpus: flags.cpus,
        setup: flags.setup,
        workdir: cwd.clone(),
        ibcf,
        command: strip(&rest),
        parts: parts.clone(),
        out: abs(&out),
        force,
    };
    std::fs::create_dir_all(parts.join("logs"))?;
    let record = parts.join("command.txt");
    let words = job.command.join("\n");
    let same_command = std::fs::read_to_string(&record).is_ok_and(|t| t == words);
    let same = |h: &Header| {
        same_command
            && h.kind == kind
            && h.fingerprint == plan.provenance.sha256
            && h.seed == plan.seed
            && h.trials == plan.trials
    };
    let pending = slurm::pending(&job, &same);
    std::fs::write(&record, &words)?;
    let (array, merge, submit) = (
        parts.join("job-array.sh"),
        parts.join("merge.sh"),
        parts.join("submit.sh"),
    );
    std::fs::write(&array, slurm::array_script(&job, &pending))?;
    std::fs::write(&merge, slurm::merge_script(&job))?;
    std::fs::write(&submit, slurm::submit_script(&job, &pending))?;
    let done = flags.shards as usize - pending.len();
    let mut text = format!(
        "{} of {} shard(s) still to run{}; wrote {}, {} and {}\n",
        pending.len(),
        flags.shards,
        match done {
            0 => String::new(),
            d => format!(" ({d} valid part(s) kept)"),
        },
        array.display(),
        merge.display(),
        submit.display()
    );
    if !flags.submit {
        text.push_str(&format!("submit with: bash {}\n", submit.display()));
        return super::say(&text);
    }
    let sb = |s: &Path, after: Option<&str>| {
        slurm::sbatch(s, after).map_err(|e| Failure::runtime(format!("error: {e}")))
    };
    let mut ids = Vec::new();
    let array_id = match pending.is_empty() {
        true => None,
        false => Some(sb(&array, None)?),
    };
    if let Some(a) = &array_id {
        text.push_str(&format!(
            "submitted job array {a} (tasks {})\n",
            slurm::array_spec(&pending)
        ));
        ids.push(a.clone());
    }
    let m = sb(&merge, array_id.as_deref())?;
    text.push_str(&format!(
        "submitted merge job {m}{} -> {}\n",
        if array_id.is_some() {
            " (runs after the array succeeds)"
        } else {
            ""
        },
        job.out.display()
    ));
    ids.push(m);
    let ids = ids.join(",");
    text.push_str(&format!(
        "job ids: {ids}\nwatch: squeue -j {ids}    afterwards: sacct -j {ids}\n\
         logs: {}; after a failure run this command again: only missing or invalid shards are resubmitted\n",
        parts.join("logs").display()
    ));
    super::say(&text)
}

/// What the wrapped command splits: its kind, base plan (trials and seed
/// as its shards will use them), output folder and `--force`.
fn target(cmd: &Command) -> Result<(Kind, Plan, PathBuf, bool), Failure> {
    let tool = |a: &crate::cli::ToolArgs, default_trials: Option<u64>| {
        if a.shard.is_some() {
            return Err(input("give --shards to ibcf slurm, not --shard"));
        }
        let mut rs = super::sweep::settings(a)?;
        rs.trials = rs.trials.or(default_trials);
        Ok(rs)
    };
    let load = |s: &crate::cli::ScenarioArgs, rs: &crate::analysis::RunSettings| {
        crate::analysis::load(&s.scenario, &s.set, rs).map_err(super::fail::tool_failure)
    };
    match cmd {
        Command::Run(a) => {
            if a.checks.shard.is_some() || a.checks.precision.is_some() {
                return Err(input(
                    "ibcf slurm splits a run given --trials; leave out --shard and --precision",
                ));
            }
            let rs = crate::analysis::RunSettings {
                trials: a.trials,
                seed: a.seed,
                threads: None,
            };
            let plan = load(&a.scenario, &rs)?;
            let out = a
                .out
                .clone()
                .unwrap_or_else(|| crate::report::output_dir::default_dir(&plan.name));
            Ok((Kind::Run, plan, out, a.force))
        }
        Command::Sweep(a) => {
            let plan = load(&a.scenario, &tool(&a.run, None)?)?;
            let out = super::sweep::out_dir(&a.run, &plan.name, "sweep");
            Ok((Kind::Sweep, plan, out, a.run.force))
        }
        Command::Sensitivity(a) => {
            let rs = tool(&a.run, Some(super::sensitivity::DEFAULT_TRIALS))?;
            let plan = load(&a.scenario, &rs)?;
            let out = super::sweep::out_dir(&a.run, &plan.name, "sensitivity");
            Ok((Kind::Sensitivity, plan, out, a.run.force))
        }
        _ => Err(input(
            "ibcf slurm splits `run`, `sweep` or `sensitivity`, e.g. ibcf slurm run scenarios/november-2017 --trials 1000000 --shards 50",
        )),
    }
}
