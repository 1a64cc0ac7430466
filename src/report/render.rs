//! `render(dir)`: turns a finished run folder into `results.xlsx`, `plots/`
//! and `report.html`. Reads only the folder's files (docs/OUTPUTS.md), so it
//! serves both `ibcf run` (on its temporary folder) and `ibcf report`.

use std::path::Path;

use super::error::ReportError;
use super::load::Run;
use super::{html, map, plots, workbook};

/// Writes `dir/results.xlsx`, `dir/plots/*.svg`, `dir/plots/*.png` and
/// `dir/report.html`.
///
/// # Errors
/// An input error ([`ReportError::is_input`]) when the folder's files are
/// missing or malformed; another [`ReportError`] when drawing or writing fails.
pub fn render(dir: &Path) -> Result<(), ReportError> {
    let run = Run::load(dir)?;
    workbook::write_run(dir, &run)?;
    let plots_dir = dir.join("plots");
    let plots = plots::draw_all(&run, &plots_dir)?;
    map::draw_all(&run, &plots_dir)?;
    let page = html::page(&run, &plots);
    let path = dir.join("report.html");
    std::fs::write(&path, page)
        .map_err(|e| ReportError::io(format!("writing {}", path.display()), e))
}

/// Only `dir/results.xlsx` (for `ibcf run --no-report`: the workbook is a
/// data file every run writes).
///
/// # Errors
/// As [`render`].
pub fn workbook_only(dir: &Path) -> Result<(), ReportError> {
    let run = Run::load(dir)?;
    workbook::write_run(dir, &run)
}
