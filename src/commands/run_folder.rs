//! Writing a finished run's folder: the data files, the workbook, plots and
//! report.html, committed atomically, then the terminal summary. Shared by
//! `ibcf run`, `ibcf run --shards` and `ibcf merge`, so a merged folder is
//! written by the very same code.

use super::fail::output_failure;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::Staging;
use crate::report::{RunExtras, terminal, write_data_files_with};
use crate::scenario::plan::Plan;

/// Writes a finished run's folder (data files, then plots and report.html
/// unless `no_report`), commits it, and prints the terminal summary unless
/// `quiet`. Shared by `ibcf run` and `ibcf merge`, so a merged folder is
/// written by the very same code.
///
/// # Errors
/// I/O failures (exit 1), or a folder that appeared meanwhile (exit 2).
pub fn finish(
    staging: Staging,
    plan: &Plan,
    results: &crate::engine::Results,
    extras: &RunExtras,
    no_report: bool,
    quiet: bool,
) -> CmdResult {
    let target = staging.target().to_path_buf();
    write_data_files_with(staging.path(), plan, results, extras)
        .map_err(|e| Failure::runtime(format!("error: writing {}: {e}", target.display())))?;
    // The workbook (always), plots and report.html, read back from the data
    // files just written; returning early drops `staging`, which removes the
    // temporary folder.
    match no_report {
        true => crate::report::render::workbook_only(staging.path())?,
        false => crate::report::render::render(staging.path())?,
    }
    let dir = staging.commit().map_err(output_failure)?;

    if !quiet {
        let text = format!(
            "{}\nwrote {}\n{}\n",
            terminal::render(plan, results),
            dir.display(),
            terminal::speed_line(results)
        );
        super::say(&text)?;
    }
    Ok(())
}
