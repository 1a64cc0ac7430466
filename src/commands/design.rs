//! `ibcf design`: parse `--vary` (refusing keys that change the simulated
//! paths), evaluate every rule variant on one simulation (library:
//! `analysis::design`), write `design.csv`, the frontier chart and
//! `design.html` atomically, print the table. With `--shard K/N`: only
//! shard K's contiguous trials, every variant decided on each (library:
//! `shard::produce::design`), into a part file that `ibcf merge` turns
//! into the same folder.

use super::fail::{output_failure, tool_failure};
use super::tool::{self, Counter};
use crate::analysis::design::{self, Design};
use crate::analysis::sweep::grid;
use crate::cli::DesignArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, Staging};
use crate::scenario::plan::Plan;
use crate::shard::produce;

/// Runs `ibcf design`.
///
/// # Errors
/// Bad `--vary` values, a key that changes the simulated paths, or a bad
/// scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &DesignArgs) -> CmdResult {
    let vary = args
        .vary
        .iter()
        .map(|v| grid::parse_vary(v).map_err(|e| Failure::input(format!("error: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    for v in &vary {
        design::check_key(&v.key).map_err(tool_failure)?;
    }
    let (a, s) = (&args.run, &args.scenario);
    let rs = tool::settings(a)?;
    let base = crate::analysis::load(&s.scenario, &s.set, &rs).map_err(tool_failure)?;
    let claimed = match a.shard {
        Some(shard) => {
            let dir = tool::parts_dir(a, Folder::Design, &base.name);
            Some((shard, tool::claim_part(&dir, shard, a.force)?))
        }
        None => None,
    };
    let staging = match claimed {
        Some(_) => None,
        None => {
            let target = tool::out_dir(a, Folder::Design, &base.name);
            Some(Staging::new(&target, a.force).map_err(output_failure)?)
        }
    };
    let counter = Counter::start("design", "loading the variants", "trial", a.quiet);
    let (variants, plans) = design::plans(&s.scenario, &s.set, &vary, &rs).map_err(tool_failure)?;
    counter.stage("simulating once, deciding every variant");
    let trials = plans[0].trials;
    if let Some((shard, path)) = claimed {
        let r = shard.range(trials);
        let total = (r.end - r.start) as usize;
        let progress = |done: u64| counter.show(done as usize, total);
        let part = produce::design(&plans, &args.vary, &rs, shard, Some(&progress))
            .map_err(tool_failure)?;
        return tool::write_part(&path, &part, a.force, a.quiet);
    }
    let total = trials as usize;
    let progress = |done: u64| counter.show(done as usize, total);
    let t = design::tallies(&plans, &rs, 0..trials, Some(&progress)).map_err(tool_failure)?;
    let d = design::assemble(&vary, &plans, variants, t);
    counter.stage("writing the output files and charts");
    match staging {
        Some(staging) => finish(staging, &d, &plans[0], a.quiet),
        None => Ok(()),
    }
}

/// Writes a finished design's folder (`design.csv`, `design.txt`,
/// `design.html`, the frontier chart) for the scenario `base`, commits it
/// and prints the table unless `quiet`. Shared by `ibcf design` and
/// `ibcf merge`.
///
/// # Errors
/// I/O failures (exit 1).
pub fn finish(staging: Staging, d: &Design, base: &Plan, quiet: bool) -> CmdResult {
    let text = design::folder::write(staging.path(), d, base)?;
    let done = staging.commit().map_err(output_failure)?;
    match quiet {
        true => Ok(()),
        false => super::say(&format!("{text}wrote {}\n", done.display())),
    }
}
