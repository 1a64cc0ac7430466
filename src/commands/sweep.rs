//! `ibcf sweep`: parse `--vary`, run the grid (library: `analysis::sweep`),
//! write `sweep.csv` and the chart atomically, print the table.

use super::fail::{output_failure, tool_failure};
use super::heartbeat::Heartbeat;
use super::run_shard::{FiguresShard, write_figures_part};
use crate::analysis::RunSettings;
use crate::analysis::sweep::{self, grid};
use crate::cli::{SweepArgs, ToolArgs};
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::Staging;
use crate::rules::money_words;
use crate::shard::part::Kind;
use std::path::PathBuf;

/// Checks the shared flags and turns them into run settings.
///
/// # Errors
/// `--trials 0` or `--threads 0` (exit 2).
pub fn settings(a: &ToolArgs) -> Result<RunSettings, Failure> {
    if a.trials == Some(0) {
        return Err(Failure::input("error: --trials must be at least 1"));
    }
    if a.threads == Some(0) {
        return Err(Failure::input(
            "error: --threads must be at least 1 (or left out for all cores)",
        ));
    }
    Ok(RunSettings {
        trials: a.trials,
        seed: a.seed,
        threads: a.threads,
    })
}

/// `--out`, else the tool's default folder (`output_dir::default_for`).
pub fn out_dir(a: &ToolArgs, name: &str, stem: &str) -> PathBuf {
    a.out.clone().unwrap_or_else(|| default_folder(name, stem))
}

fn default_folder(name: &str, stem: &str) -> PathBuf {
    use crate::report::output_dir::{Folder, default_for};
    let what = match stem {
        "sweep" => Folder::Sweep,
        _ => Folder::Sensitivity,
    };
    default_for(what, name)
}

/// Runs `ibcf sweep`.
///
/// # Errors
/// Bad `--vary` values or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &SweepArgs) -> CmdResult {
    let vary = args
        .vary
        .iter()
        .map(|v| grid::parse_vary(v).map_err(|e| Failure::input(format!("error: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let rs = settings(&args.run)?;
    // The scenario as written must load before any point is tried.
    let base = crate::analysis::load(&args.scenario.scenario, &args.scenario.set, &rs)
        .map_err(tool_failure)?;
    let size = sweep::grid_size(&vary).map_err(tool_failure)?;
    let quiet = args.run.quiet;
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let beat = Heartbeat::start("sweep", quiet);
    beat.stage("running the grid");
    let mut progress = |done: usize, total: usize| {
        beat.count(done as u64, total as u64, "points");
        if !quiet && tty {
            eprint!("\rpoint {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    if let Some(shard) = args.run.shard {
        let dir = parts_dir(&args.run, &base.name, "sweep");
        let path = super::run_shard::part_path(&dir, shard, args.run.force)?;
        let r = shard.range(size as u64);
        let (head, points) = sweep::run_points(
            &args.scenario.scenario,
            &args.scenario.set,
            &vary,
            &rs,
            r.start as usize..r.end as usize,
            &mut progress,
        )
        .map_err(tool_failure)?;
        let mut settings: Vec<String> = args.vary.iter().map(|v| format!("vary={v}")).collect();
        // The sweep's trials and seed are its first point's (a --vary may set them).
        settings.push(format!("head_trials={}", head.trials));
        settings.push(format!("head_seed={}", head.seed));
        let actions: Vec<&str> = head
            .actions
            .iter()
            .map(|&a| money_words::keyword(a))
            .collect();
        settings.push(format!("head_actions={}", actions.join(",")));
        let f = FiguresShard {
            kind: Kind::Sweep,
            shard,
            units: size,
            settings,
            options: head.options,
            trade_offs: points.iter().map(|p| p.trade_off).collect(),
            figures: points.into_iter().map(|p| p.figures).collect(),
        };
        return write_figures_part(&base, f, &path, args.run.force, quiet);
    }
    let target = out_dir(&args.run, &base.name, "sweep");
    let staging = Staging::new(&target, args.run.force).map_err(output_failure)?;
    let s = sweep::run(
        &args.scenario.scenario,
        &args.scenario.set,
        &vary,
        &rs,
        &mut progress,
    )
    .map_err(tool_failure)?;
    beat.stage("writing the output files and charts");
    finish(staging, &s, quiet)
}

/// The folder a `--shard` part goes to: `--out`, or the unsplit output
/// folder's name with `.parts` added.
pub fn parts_dir(a: &ToolArgs, name: &str, stem: &str) -> PathBuf {
    a.out
        .clone()
        .unwrap_or_else(|| crate::report::output_dir::parts_for(&default_folder(name, stem)))
}

/// Writes a finished sweep's folder (`sweep.csv`, `sweep.txt`, the chart),
/// commits it and prints the table unless `quiet`. Shared by `ibcf sweep`
/// and `ibcf merge`.
///
/// # Errors
/// I/O failures (exit 1).
pub fn finish(staging: Staging, s: &sweep::Sweep, quiet: bool) -> CmdResult {
    let text = sweep::folder::write(staging.path(), s)?;
    let done = staging.commit().map_err(output_failure)?;
    match quiet {
        true => Ok(()),
        false => super::say(&format!("{text}wrote {}\n", done.display())),
    }
}
