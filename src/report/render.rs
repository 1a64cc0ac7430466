//! `render(dir)`: turns a finished run folder into `plots/` and
//! `report.html`. Reads only the folder's files (docs/OUTPUTS.md), so it
//! serves both `ibcf run` (on its temporary folder) and `ibcf report`.

use std::path::Path;

use super::html;
use super::load::Run;
use super::plots;
use crate::error::Failure;

/// Writes `dir/plots/*.svg`, `dir/plots/*.png` and `dir/report.html`.
///
/// # Errors
/// [`Failure::input`] (exit 2) when the folder's files are missing or
/// malformed; [`Failure::runtime`] (exit 1) when drawing or writing fails.
pub fn render(dir: &Path) -> Result<(), Failure> {
    let run = Run::load(dir)?;
    let plots = plots::draw_all(&run, &dir.join("plots"))?;
    let page = html::page(&run, &plots);
    let path = dir.join("report.html");
    std::fs::write(&path, page)
        .map_err(|e| Failure::runtime(format!("error: writing {}: {e}", path.display())))
}
