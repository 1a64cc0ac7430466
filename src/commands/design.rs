//! `ibcf design`: parse `--vary` (refusing keys that change the simulated
//! paths), evaluate every rule variant on one simulation (library:
//! `analysis::design`), write `design.csv`, the frontier chart and
//! `design.html` atomically, print the table.

use super::fail::{output_failure, tool_failure};
use super::tool::{self, Counter};
use crate::analysis::design;
use crate::analysis::sweep::grid;
use crate::cli::DesignArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{Folder, Staging};

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
    if a.shard.is_some() {
        return Err(Failure::input(
            "error: ibcf design does not split into shards yet; run it whole (all variants share one simulation)",
        ));
    }
    let rs = tool::settings(a)?;
    let base = crate::analysis::load(&s.scenario, &s.set, &rs).map_err(tool_failure)?;
    let target = tool::out_dir(a, Folder::Design, &base.name);
    let staging = Staging::new(&target, a.force).map_err(output_failure)?;
    let counter = Counter::start("design", "loading the variants", "trial", a.quiet);
    let (variants, plans) = design::plans(&s.scenario, &s.set, &vary, &rs).map_err(tool_failure)?;
    counter.stage("simulating once, deciding every variant");
    let total = plans[0].trials as usize;
    let progress = |done: u64| counter.show(done as usize, total);
    let t =
        design::tallies(&plans, &rs, 0..plans[0].trials, Some(&progress)).map_err(tool_failure)?;
    let d = design::assemble(&vary, &plans, variants, t);
    counter.stage("writing the output files and charts");
    let text = design::folder::write(staging.path(), &d, &plans[0])?;
    let done = staging.commit().map_err(output_failure)?;
    match a.quiet {
        true => Ok(()),
        false => super::say(&format!("{text}wrote {}\n", done.display())),
    }
}
