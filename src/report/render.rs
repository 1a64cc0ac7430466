//! `render(dir)`: turns a finished run folder into `results.xlsx`, `plots/`
//! and `report.html`. Reads only the folder's files (docs/OUTPUTS.md), so it
//! serves both `ibcf run` (on its temporary folder) and `ibcf report`.

use std::path::Path;

use super::load::Run;
use super::{html, map, plots, workbook};
use crate::error::Failure;

/// Writes `dir/results.xlsx`, `dir/plots/*.svg`, `dir/plots/*.png` and
/// `dir/report.html`.
///
/// # Errors
/// [`Failure::input`] (exit 2) when the folder's files are missing or
/// malformed; [`Failure::runtime`] (exit 1) when drawing or writing fails.
pub fn render(dir: &Path) -> Result<(), Failure> {
    let run = Run::load(dir)?;
    workbook::write_run(dir, &run)?;
    let plots_dir = dir.join("plots");
    let plots = plots::draw_all(&run, &plots_dir)?;
    map::draw_all(&run, &plots_dir)?;
    let page = html::page(&run, &plots);
    let path = dir.join("report.html");
    std::fs::write(&path, page)
        .map_err(|e| Failure::runtime(format!("error: writing {}: {e}", path.display())))
}

/// Only `dir/results.xlsx` (for `ibcf run --no-report`: the workbook is a
/// data file every run writes).
///
/// # Errors
/// As [`render`].
pub fn workbook_only(dir: &Path) -> Result<(), Failure> {
    let run = Run::load(dir)?;
    workbook::write_run(dir, &run)
}
