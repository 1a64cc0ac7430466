//! A finished sweep's folder: `sweep.csv`, `sweep.txt` and its charts,
//! written into a (staging) folder. Shared by `ibcf sweep` and `ibcf merge`,
//! so a merged sweep is written by the very same code.

use super::Sweep;
use super::tradeoff_chart::SweepTradeOff;
use crate::analysis::charts::{SweepHeat, SweepLine};
use crate::report::ReportError;
use crate::report::plots::write_chart;
use std::path::Path;

/// Writes the sweep's files into `dir`; returns the text to print (the
/// table, and a note when no chart could be drawn).
///
/// # Errors
/// [`ReportError`] when a file or chart cannot be written (never an input error).
pub fn write(dir: &Path, s: &Sweep) -> Result<String, ReportError> {
    super::write_csv(&dir.join("sweep.csv"), s)
        .map_err(|e| ReportError::io("writing sweep.csv", e))?;
    let table = super::table(s);
    std::fs::write(dir.join("sweep.txt"), &table)?;
    let plots = dir.join("plots");
    let (title, sub) = ("Sweep".to_string(), String::new());
    if s.vary.len() == 1 {
        write_chart(&SweepLine { sweep: s }, &plots, "sweep", title, sub)?;
    } else if s.vary.len() == 2 {
        write_chart(&SweepHeat { sweep: s }, &plots, "sweep", title, sub)?;
    }
    let trade = SweepTradeOff { sweep: s };
    if trade.applies() {
        let (t, sub) = ("Trade-off".to_string(), String::new());
        write_chart(&trade, &plots, "tradeoff", t, sub)?;
    }
    let note = match s.vary.len() {
        1 | 2 => "",
        _ => "(no chart: charts show one or two varied keys)\n",
    };
    Ok(format!("{table}{note}"))
}
