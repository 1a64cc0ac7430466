//! `ibcf calibrate`: estimate trajectory parameters from a scenario's history
//! (library: `analysis::calibrate`), print the table and write them as an
//! overlay the scenario can `extends`.

use super::fail::{calibrate_failure, output_failure};
use crate::analysis::calibrate::{self, overlay, table};
use crate::cli::CalibrateArgs;
use crate::error::{CmdResult, Failure};
use crate::scenario;

/// Runs `ibcf calibrate`.
///
/// # Errors
/// Input problems or an existing overlay without `--force` (exit 2); a
/// failure to write the overlay (exit 1).
pub fn run(args: &CalibrateArgs) -> CmdResult {
    let path = &args.scenario.scenario;
    let plan = scenario::load(path, &args.scenario.set).map_err(|d| Failure::input(d.render()))?;
    if let Some(out) = &args.out {
        // Fail before the work, not after it.
        crate::report::output_dir::check_target(out, args.force).map_err(output_failure)?;
    }
    let cal = calibrate::calibrate(&plan, args.from, args.to).map_err(calibrate_failure)?;
    if !args.quiet {
        super::say(&table::render(&cal))?;
    }
    let Some(out) = &args.out else {
        return match args.quiet {
            true => Ok(()),
            false => {
                super::say("\n(no --out given: nothing written; e.g. --out calibration.toml)\n")
            }
        };
    };
    overlay::write(out, &cal, &path.display().to_string(), args.force).map_err(output_failure)?;
    if args.quiet {
        return Ok(());
    }
    let name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    super::say(&format!(
        "\nwrote {} (add `extends = \"{name}\"` to a scenario to use it)\n",
        out.display()
    ))
}
