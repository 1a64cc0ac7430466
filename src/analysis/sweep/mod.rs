//! `ibcf sweep`: the full grid of `--vary` values, each point the scenario
//! re-loaded with that point's `--set` overrides and run with the same seed
//! (common random numbers), summarised per option as in `summary.json`.
//!
//! Cost: one engine run per point; memory: one [`OptionFigures`] per point
//! and option (each run's per-trial figures are dropped once summarised).

pub mod grid;

use super::figures::{OptionFigures, option_figures};

use super::{RunSettings, ToolError};
use crate::report::tables::num;
use grid::Vary;
use std::io;
use std::path::Path;

/// One grid point's results.
#[derive(Debug, Clone, PartialEq)]
pub struct SweepPoint {
    /// Value index per varied key.
    pub index: Vec<usize>,
    /// Per option, in plan order.
    pub figures: Vec<OptionFigures>,
}

/// A finished sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub vary: Vec<Vary>,
    /// Option ids, in plan order (the same at every point).
    pub options: Vec<String>,
    pub trials: u64,
    pub seed: u64,
    pub points: Vec<SweepPoint>,
}

impl Sweep {
    /// The text of the value of key `k` at point `p`.
    pub fn value(&self, p: &SweepPoint, k: usize) -> &str {
        &self.vary[k].values[p.index[k]]
    }
}

/// Runs every point of the grid. `base` are the user's own `--set`
/// overrides, applied before each point's. `progress(done, total)` is called
/// after each point.
///
/// # Errors
/// A point whose scenario does not load (e.g. an unknown key), points with
/// different options, or an engine failure.
pub fn run(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Sweep, ToolError> {
    if vary.is_empty() {
        return Err(ToolError::Input(
            "error: give at least one --vary KEY=LIST".into(),
        ));
    }
    let size = vary
        .iter()
        .try_fold(1usize, |acc, v| acc.checked_mul(v.values.len()));
    if size.is_none_or(|n| n > grid::MAX_POINTS) {
        return Err(ToolError::Input(format!(
            "error: the sweep grid has more than {} points; vary fewer values",
            grid::MAX_POINTS
        )));
    }
    let grid = grid::points(vary);
    let mut points = Vec::with_capacity(grid.len());
    let mut head: Option<(Vec<String>, u64, u64)> = None;
    for (n, index) in grid.into_iter().enumerate() {
        let mut sets = base.to_vec();
        sets.extend(grid::overrides(vary, &index));
        let plan = super::load(path, &sets, rs).map_err(|e| match e {
            ToolError::Input(m) => {
                ToolError::Input(format!("{m}(at sweep point {})\n", sets.join(" ")))
            }
            other => other,
        })?;
        let ids: Vec<String> = plan.options.iter().map(|o| o.id.clone()).collect();
        match &head {
            None => head = Some((ids, plan.trials, plan.seed)),
            Some((h, _, _)) if *h != ids => {
                return Err(ToolError::Input(
                    "error: the options differ between sweep points; vary option parameters, not the option list".into(),
                ));
            }
            Some(_) => {}
        }
        let res = super::simulate(&plan, rs)?;
        points.push(SweepPoint {
            index,
            figures: option_figures(&res),
        });
        progress(n + 1, points.capacity());
    }
    let (options, trials, seed) = head.unwrap_or_default();
    Ok(Sweep {
        vary: vary.to_vec(),
        options,
        trials,
        seed,
        points,
    })
}

/// Columns after the varied keys in `sweep.csv`.
pub const FIGURE_COLUMNS: [&str; 8] = [
    "option",
    "reviewed_mean",
    "reviewed_se",
    "reviewed_p95",
    "funding_mean",
    "funding_se",
    "funding_p95",
    "funding_es95",
];

/// Writes `sweep.csv`: one row per point and option, the varied keys first.
///
/// # Errors
/// Any I/O failure.
pub fn write_csv(path: &Path, s: &Sweep) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(io::Error::other)?;
    let mut head: Vec<&str> = s.vary.iter().map(|v| v.key.as_str()).collect();
    head.extend(FIGURE_COLUMNS);
    w.write_record(&head).map_err(io::Error::other)?;
    let m = crate::report::tables::money;
    for p in &s.points {
        for (o, f) in s.options.iter().zip(&p.figures) {
            let mut row: Vec<String> = (0..s.vary.len()).map(|k| s.value(p, k).into()).collect();
            row.push(o.clone());
            row.extend([
                num(f.reviewed_mean),
                num(f.reviewed_se),
                num(f.reviewed_p95),
                m(f.funding_mean),
                m(f.funding_se),
                m(f.funding_p95),
                m(f.funding_es95),
            ]);
            w.write_record(&row).map_err(io::Error::other)?;
        }
    }
    w.flush()
}

/// The terminal table: one line per point and option.
pub fn table(s: &Sweep) -> String {
    use crate::report::terminal::pounds;
    let keys: Vec<String> = s.vary.iter().map(|v| v.key.clone()).collect();
    let mut out = format!(
        "Sweep over {} ({} points, {} trials each, seed {}, common random numbers)\n",
        keys.join(" × "),
        s.points.len(),
        s.trials,
        s.seed
    );
    let w = s.options.iter().map(String::len).max().unwrap_or(6).max(6);
    out.push_str(&format!(
        "{:<28} {:<w$} {:>16} {:>6} {:>22} {:>14} {:>14}\n",
        "point", "option", "reviewed (± se)", "P95", "funding at risk (± se)", "P95", "ES95"
    ));
    for p in &s.points {
        let label: Vec<String> = (0..s.vary.len())
            .map(|k| s.value(p, k).to_string())
            .collect();
        for (o, f) in s.options.iter().zip(&p.figures) {
            out.push_str(&format!(
                "{:<28} {:<w$} {:>16} {:>6} {:>22} {:>14} {:>14}\n",
                label.join(", "),
                o,
                format!("{:.2} ± {:.2}", f.reviewed_mean, f.reviewed_se),
                num(f.reviewed_p95),
                format!("{} ± {}", pounds(f.funding_mean), pounds(f.funding_se)),
                pounds(f.funding_p95),
                pounds(f.funding_es95),
            ));
        }
    }
    out
}
