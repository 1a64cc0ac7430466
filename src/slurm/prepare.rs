//! Everything `ibcf slurm` does between the command line and the terminal:
//! telling its own flags from the wrapped command's words, building the
//! [`Job`], writing the scripts (only shards whose part is missing or
//! invalid go into the array), submitting them, and the summary it prints.
//! The flags live here rather than in `cli/` because they are parsed out
//! of the wrapped command's words, not by the top-level parser.

use super::{Job, SlurmError};
use crate::scenario::plan::Plan;
use crate::shard::part::{Header, Kind};
use clap::Parser;
use std::path::{Path, PathBuf};

/// Slurm's own flags, parsed from the words taken out of the command line.
#[derive(Debug, Clone, Parser)]
#[command(name = "ibcf slurm", no_binary_name = true)]
pub struct Options {
    /// Number of shards (array tasks).
    #[arg(long)]
    pub shards: u32,
    #[arg(long)]
    pub partition: Option<String>,
    #[arg(long)]
    pub time: Option<String>,
    #[arg(long)]
    pub mem: Option<String>,
    #[arg(long)]
    pub cpus: Option<u32>,
    /// `#SBATCH --account=…`.
    #[arg(long)]
    pub account: Option<String>,
    /// `#SBATCH --qos=…`.
    #[arg(long)]
    pub qos: Option<String>,
    /// An extra `#SBATCH` line, e.g. `--sbatch '--constraint=skylake'` (repeatable).
    #[arg(long, allow_hyphen_values = true)]
    pub sbatch: Vec<String>,
    #[arg(long)]
    pub setup: Vec<String>,
    #[arg(long)]
    pub parts: Option<PathBuf>,
    #[arg(long)]
    pub ibcf: Option<PathBuf>,
    #[arg(long)]
    pub submit: bool,
}

const VALUED: [&str; 11] = [
    "--shards",
    "--partition",
    "--time",
    "--mem",
    "--cpus",
    "--account",
    "--qos",
    "--sbatch",
    "--setup",
    "--parts",
    "--ibcf",
];

/// Splits the words into slurm's own flags, parsed, and the wrapped
/// command's words (unchanged, to be parsed as an `ibcf` command line).
///
/// # Errors
/// Slurm flags clap refuses; `--shards 0`.
pub fn parse(args: &[String]) -> Result<(Options, Vec<String>), SlurmError> {
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
    let opts = Options::try_parse_from(&own).map_err(SlurmError::Flags)?;
    if opts.shards == 0 {
        return Err(SlurmError::Input("--shards must be at least 1".into()));
    }
    let one_line = |flag: &str, v: &str| match v.contains(['\n', '\r']) {
        true => Err(SlurmError::Input(format!(
            "{flag} {v:?}: one line only (give the flag again for another line)"
        ))),
        false => Ok(()),
    };
    for l in &opts.sbatch {
        one_line("--sbatch", l)?;
        if sbatch_line(l).is_empty() {
            return Err(SlurmError::Input(
                "--sbatch needs a directive, e.g. --sbatch '--constraint=skylake'".into(),
            ));
        }
    }
    for (flag, v) in [("--account", &opts.account), ("--qos", &opts.qos)] {
        if let Some(v) = v {
            one_line(flag, v)?;
        }
    }
    Ok((opts, rest))
}

/// An `--sbatch` value as the text after `#SBATCH `: a leading `#SBATCH`
/// the user copied from a script is dropped.
fn sbatch_line(l: &str) -> &str {
    let l = l.trim();
    l.strip_prefix("#SBATCH").map_or(l, str::trim_start)
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

/// `path` with `.parts` added to its last component.
fn with_parts(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".parts");
    PathBuf::from(s)
}

/// The job that splits `command` (the wrapped command's words) of the
/// scenario `name` into `opts.shards` tasks merged into `out`; relative
/// paths resolve against the current folder, and the jobs run this very
/// ibcf binary unless `--ibcf` names another.
///
/// # Errors
/// The output folder exists and `force` is off (checked before anything is
/// written: the merge job would fail after the whole array ran); the current
/// folder or executable cannot be found.
pub fn job(
    opts: &Options,
    name: &str,
    command: &[String],
    out: &Path,
    force: bool,
) -> Result<Job, SlurmError> {
    let cwd = std::env::current_dir()?;
    if cwd.join(out).exists() && !force {
        return Err(SlurmError::Input(format!(
            "{} already exists; pass --force to replace it (the merge job then replaces it)",
            out.display()
        )));
    }
    let ibcf = match &opts.ibcf {
        Some(p) => cwd.join(p),
        None => std::env::current_exe()?,
    };
    let parts = cwd.join(opts.parts.clone().unwrap_or_else(|| with_parts(out)));
    Ok(Job {
        name: format!("ibcf-{name}"),
        shards: opts.shards,
        partition: opts.partition.clone(),
        time: opts.time.clone(),
        mem: opts.mem.clone(),
        cpus: opts.cpus,
        account: opts.account.clone(),
        qos: opts.qos.clone(),
        sbatch: opts
            .sbatch
            .iter()
            .map(|l| sbatch_line(l).to_string())
            .collect(),
        setup: opts.setup.clone(),
        workdir: cwd.clone(),
        ibcf,
        command: strip(command),
        parts,
        out: cwd.join(out),
        force,
    })
}

/// The scripts written for a job, and the shards still to run.
#[derive(Debug, Clone)]
pub struct Written {
    /// Shards (1-based) whose part is missing or invalid.
    pub pending: Vec<u32>,
    pub array: PathBuf,
    pub merge: PathBuf,
    pub submit: PathBuf,
}

/// Writes the job's scripts into its parts folder (with `logs/` and the
/// command record `command.txt`); a part is kept when the recorded command
/// is the same and its header is of this `kind` and `plan` (fingerprint,
/// seed, trials).
///
/// # Errors
/// I/O failures.
pub fn write(job: &Job, kind: Kind, plan: &Plan) -> Result<Written, SlurmError> {
    let parts = &job.parts;
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
    let pending = super::pending(job, &same);
    std::fs::write(&record, &words)?;
    let w = Written {
        pending,
        array: parts.join("job-array.sh"),
        merge: parts.join("merge.sh"),
        submit: parts.join("submit.sh"),
    };
    std::fs::write(&w.array, super::array_script(job, &w.pending))?;
    std::fs::write(&w.merge, super::merge_script(job))?;
    std::fs::write(&w.submit, super::submit_script(job, &w.pending))?;
    Ok(w)
}

/// The job ids `sbatch` gave.
#[derive(Debug, Clone)]
pub struct Submitted {
    /// The array's, when any shard was pending.
    pub array: Option<String>,
    pub merge: String,
}

/// Submits the array (when any shard is pending), then the merge job
/// depending on it.
///
/// # Errors
/// sbatch missing or refusing a job.
pub fn submit(w: &Written) -> Result<Submitted, SlurmError> {
    let array = match w.pending.is_empty() {
        true => None,
        false => Some(super::sbatch(&w.array, None)?),
    };
    let merge = super::sbatch(&w.merge, array.as_deref())?;
    Ok(Submitted { array, merge })
}

/// What `ibcf slurm` prints: the shards still to run and the scripts
/// written, then how to submit them, or the submitted job ids.
pub fn summary(job: &Job, w: &Written, submitted: Option<&Submitted>) -> String {
    let done = job.shards as usize - w.pending.len();
    let mut text = format!(
        "{} of {} shard(s) still to run{}; wrote {}, {} and {}\n",
        w.pending.len(),
        job.shards,
        match done {
            0 => String::new(),
            d => format!(" ({d} valid part(s) kept)"),
        },
        w.array.display(),
        w.merge.display(),
        w.submit.display()
    );
    let Some(s) = submitted else {
        let path = super::quote(&w.submit.display().to_string());
        text.push_str(&format!("submit with: bash {path}\n"));
        return text;
    };
    let mut ids = Vec::new();
    if let Some(a) = &s.array {
        text.push_str(&format!(
            "submitted job array {a} (tasks {})\n",
            super::array_spec(&w.pending)
        ));
        ids.push(a.clone());
    }
    text.push_str(&format!(
        "submitted merge job {}{} -> {}\n",
        s.merge,
        if s.array.is_some() {
            " (runs after the array succeeds)"
        } else {
            ""
        },
        job.out.display()
    ));
    ids.push(s.merge.clone());
    let ids = ids.join(",");
    text.push_str(&format!(
        "job ids: {ids}\nwatch: squeue -j {ids}    afterwards: sacct -j {ids}\n\
         logs: {}; after a failure run this command again: only missing or invalid shards are resubmitted\n",
        job.parts.join("logs").display()
    ));
    text
}
