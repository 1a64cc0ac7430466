//! Glue shared by the analysis commands (`sweep`, `sensitivity`, `stress`)
//! and the split commands: the shared flags ([`crate::cli::ToolArgs`]) as
//! run settings and folders, progress in units of work, and writing one
//! shard's part.

use super::fail::part_failure;
use super::heartbeat::Heartbeat;
use crate::analysis::RunSettings;
use crate::cli::ToolArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, default_for, parts_for};
use crate::shard::part::{self, Part};
use crate::shard::produce;
use std::path::{Path, PathBuf};

/// Checks the shared flags and turns them into run settings.
///
/// # Errors
/// `--trials 0` or `--threads 0` (exit 2).
pub fn settings(a: &ToolArgs) -> Result<RunSettings, Failure> {
    use crate::engine::session::RunError;
    if a.trials == Some(0) {
        return Err(super::fail::run_failure(RunError::ZeroTrials));
    }
    if a.threads == Some(0) {
        return Err(super::fail::run_failure(RunError::ZeroThreads));
    }
    Ok(RunSettings {
        trials: a.trials,
        seed: a.seed,
        threads: a.threads,
    })
}

/// `--out`, else the tool's default folder for scenario `name`.
pub fn out_dir(a: &ToolArgs, what: Folder, name: &str) -> PathBuf {
    a.out.clone().unwrap_or_else(|| default_for(what, name))
}

/// The folder a `--shard` part goes to: `--out`, or the unsplit output
/// folder's name with `.parts` added.
pub fn parts_dir(a: &ToolArgs, what: Folder, name: &str) -> PathBuf {
    a.out
        .clone()
        .unwrap_or_else(|| parts_for(&default_for(what, name)))
}

/// Progress in units of work (grid points, engine runs): a counter on a
/// terminal, a heartbeat line in logs, nothing with `--quiet`.
pub struct Counter {
    beat: Heartbeat,
    quiet: bool,
    tty: bool,
    /// "point", "run": the word before `done/total` on a terminal.
    unit: &'static str,
}

impl Counter {
    /// Starts the heartbeat of `command` at its first stage.
    pub fn start(command: &str, stage: &str, unit: &'static str, quiet: bool) -> Counter {
        let beat = Heartbeat::start(command, quiet);
        beat.stage(stage);
        Counter {
            beat,
            quiet,
            tty: std::io::IsTerminal::is_terminal(&std::io::stderr()),
            unit,
        }
    }

    /// `done` of `total` units are finished.
    pub fn show(&self, done: usize, total: usize) {
        self.beat
            .count(done as u64, total as u64, &format!("{}s", self.unit));
        if !self.quiet && self.tty {
            eprint!("\r{} {done}/{total}", self.unit);
            if done == total {
                eprintln!();
            }
        }
    }

    /// The command has moved on to `stage`.
    pub fn stage(&self, stage: &str) {
        self.beat.stage(stage);
    }
}

/// Claims shard `shard`'s part file in `dir` before any work is done.
///
/// # Errors
/// The part exists without `--force` (exit 2).
pub fn claim_part(dir: &Path, shard: crate::shard::Shard, force: bool) -> Result<PathBuf, Failure> {
    part::claim(dir, shard, force).map_err(part_failure)
}

/// Writes a computed part to `path` and says so unless `quiet`.
///
/// # Errors
/// I/O failures (exit 1); the file appeared meanwhile without `--force` (exit 2).
pub fn write_part(path: &Path, part: &Part, force: bool, quiet: bool) -> CmdResult {
    part::write(path, part, force).map_err(part_failure)?;
    if quiet {
        return Ok(());
    }
    let (k, n) = part.header.shard;
    super::say(&format!(
        "shard {k}/{n}: {}; wrote {}\n",
        produce::describe(&part.header),
        path.display()
    ))
}
