//! `ibcf sensitivity`: tornado and Sobol indices over the scenario's
//! `[sensitivity]` ranges plus `--range` flags (library:
//! `analysis::sensitivity`); writes `sensitivity.csv` and charts atomically.

use super::fail::{output_failure, tool_failure};
use super::heartbeat::Heartbeat;
use super::run_shard::{FiguresShard, write_figures_part};
use super::sweep::{out_dir, parts_dir, settings};
use crate::analysis::sensitivity::{self, Settings};
use crate::cli::SensitivityArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::Staging;
use crate::shard::part::Kind as PartKind;

/// Trials per run when `--trials` is not given: enough for stable expected
/// figures on common random numbers, small enough for hundreds of runs.
pub const DEFAULT_TRIALS: u64 = 1000;

/// Runs `ibcf sensitivity`.
///
/// # Errors
/// No ranges, bad ranges or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &SensitivityArgs) -> CmdResult {
    let extra = args
        .range
        .iter()
        .map(|r| sensitivity::parse_range(r).map_err(|e| Failure::input(format!("error: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    if args.samples < 2 {
        return Err(Failure::input("error: --samples must be at least 2"));
    }
    let mut rs = settings(&args.run)?;
    rs.trials = rs.trials.or(Some(DEFAULT_TRIALS));
    let plan = crate::analysis::load(&args.scenario.scenario, &args.scenario.set, &rs)
        .map_err(tool_failure)?;
    let params = sensitivity::merge(&plan.provenance.sensitivity, &plan.params, &extra);
    let st = Settings {
        samples: args.samples,
        bootstrap: args.bootstrap,
        design_seed: plan.seed,
    };
    let quiet = args.run.quiet;
    let tty = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let beat = Heartbeat::start("sensitivity", quiet);
    beat.stage("tornado and Sobol design");
    let mut progress = |done: usize, total: usize| {
        beat.count(done as u64, total as u64, "runs");
        if !quiet && tty {
            eprint!("\rrun {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    if let Some(shard) = args.run.shard {
        let dir = parts_dir(&args.run, &plan.name, "sensitivity");
        let path = super::run_shard::part_path(&dir, shard, args.run.force)?;
        let runs = sensitivity::runs(&params, &st).map_err(tool_failure)?;
        let r = shard.range(runs.len() as u64);
        let (options, figures) = sensitivity::run_range(
            &args.scenario.scenario,
            &args.scenario.set,
            &runs,
            &rs,
            r.start as usize..r.end as usize,
            &mut progress,
        )
        .map_err(tool_failure)?;
        let f = FiguresShard {
            kind: PartKind::Sensitivity,
            shard,
            units: runs.len(),
            settings: shard_settings(&params, &st),
            options,
            trade_offs: vec![None; figures.len()],
            figures,
        };
        return write_figures_part(&plan, f, &path, args.run.force, quiet);
    }
    let target = out_dir(&args.run, &plan.name, "sensitivity");
    let staging = Staging::new(&target, args.run.force).map_err(output_failure)?;
    let s = sensitivity::run(
        &args.scenario.scenario,
        &args.scenario.set,
        &params,
        &st,
        &rs,
        &mut progress,
    )
    .map_err(tool_failure)?;
    finish(staging, &s, quiet)
}

/// The settings every part of one analysis shares: each range
/// (`param=KEY=LOW:HIGH`, exact), the samples, bootstrap and design seed.
pub fn shard_settings(params: &[sensitivity::Param], st: &Settings) -> Vec<String> {
    let mut out: Vec<String> = params
        .iter()
        .map(|p| format!("param={}={:?}:{:?}", p.key, p.low, p.high))
        .collect();
    out.push(format!("samples={}", st.samples));
    out.push(format!("bootstrap={}", st.bootstrap));
    out.push(format!("design_seed={}", st.design_seed));
    out
}

/// Writes a finished analysis's folder (`sensitivity.csv`, `.txt`, charts),
/// commits it and prints the table unless `quiet`. Shared by `ibcf
/// sensitivity` and `ibcf merge`.
///
/// # Errors
/// I/O failures (exit 1).
pub fn finish(staging: Staging, s: &sensitivity::Sensitivity, quiet: bool) -> CmdResult {
    let table = sensitivity::folder::write(staging.path(), s)?;
    let done = staging.commit().map_err(output_failure)?;
    match quiet {
        true => Ok(()),
        false => super::say(&format!("{table}wrote {}\n", done.display())),
    }
}
