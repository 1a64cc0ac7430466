//! A finished sensitivity analysis's folder: `sensitivity.csv`,
//! `sensitivity.txt`, the tornado and Sobol charts. Shared by `ibcf
//! sensitivity` and `ibcf merge`.

use super::Sensitivity;
use super::charts::{Kind, SensitivityChart};
use crate::report::ReportError;
use crate::report::plots::write_chart;
use std::path::Path;

/// Writes the analysis's files into `dir`; returns the table to print.
///
/// # Errors
/// [`ReportError`] when a file or chart cannot be written (never an input error).
pub fn write(dir: &Path, s: &Sensitivity) -> Result<String, ReportError> {
    super::write_csv(&dir.join("sensitivity.csv"), s)
        .map_err(|e| ReportError::io("writing sensitivity.csv", e))?;
    let table = super::table(s);
    std::fs::write(dir.join("sensitivity.txt"), &table)?;
    let plots = dir.join("plots");
    for (kind, stem) in [(Kind::Tornado, "tornado"), (Kind::Sobol, "sobol")] {
        let c = SensitivityChart { s, kind };
        write_chart(&c, &plots, stem, stem.into(), String::new())?;
    }
    Ok(table)
}
