//! `ibcf sweep`: the full grid of `--vary` values, each point the scenario
//! re-loaded with that point's `--set` overrides and run with the same seed
//! (common random numbers), summarised per option as in `summary.json`.
//!
//! Cost: one engine run per point; over keys that only decide ([`shared`]),
//! one simulation whatever the number of points, each trial decided at
//! every point. Memory: one [`OptionFigures`] per point and option (each
//! run's per-trial figures are dropped once summarised; the shared path
//! holds 16 bytes per trial, point and option until summarised).

pub mod folder;
pub mod grid;
pub mod points;
pub mod shared;

pub use points::{load_point, run_points, run_points_by};
pub mod tradeoff_chart;

use super::figures::{OptionFigures, TradeOff};

use super::{RunSettings, ToolError};
use crate::format::num;
use crate::report::columns::{Align, TextTable};
use crate::scenario::plan::Action;
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
    /// The cost of hitting the target (scenarios with `[consequences]`).
    pub trade_off: Option<TradeOff>,
}

/// A finished sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    pub vary: Vec<Vary>,
    /// Option ids, in plan order (the same at every point).
    pub options: Vec<String>,
    /// The options' penalty actions, in plan order (names the money figure).
    pub actions: Vec<Action>,
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
/// as points finish (on the one-simulation path, as the trials go: `done`
/// is then the share of the work done, in points; it may come from worker
/// threads).
///
/// # Errors
/// A point whose scenario does not load (e.g. an unknown key), points with
/// different options, or an engine failure.
pub fn run(
    path: &Path,
    base: &[String],
    vary: &[Vary],
    rs: &RunSettings,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Result<Sweep, ToolError> {
    let size = grid_size(vary)?;
    let (head, points) = run_points(path, base, vary, rs, 0..size, progress)?;
    Ok(assemble(vary, head, points))
}

/// The options, their actions, trials and seed of a sweep: those of its
/// first grid point.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Head {
    /// Option ids, in plan order.
    pub options: Vec<String>,
    /// The options' penalty actions, in plan order.
    pub actions: Vec<Action>,
    pub trials: u64,
    pub seed: u64,
}

/// Number of grid points.
///
/// # Errors
/// No `--vary`, or more than [`grid::MAX_POINTS`] points.
pub fn grid_size(vary: &[Vary]) -> Result<usize, ToolError> {
    if vary.is_empty() {
        return Err(ToolError::Input(
            "error: give at least one --vary KEY=LIST".into(),
        ));
    }
    let size = vary
        .iter()
        .try_fold(1usize, |acc, v| acc.checked_mul(v.values.len()));
    match size {
        Some(n) if n <= grid::MAX_POINTS => Ok(n),
        _ => Err(ToolError::Input(format!(
            "error: the sweep grid has more than {} points; vary fewer values",
            grid::MAX_POINTS
        ))),
    }
}

/// The sweep from its head and every point, in grid order.
pub fn assemble(vary: &[Vary], head: Head, points: Vec<SweepPoint>) -> Sweep {
    Sweep {
        vary: vary.to_vec(),
        options: head.options,
        actions: head.actions,
        trials: head.trials,
        seed: head.seed,
        points,
    }
}

/// One figure column of the sweep: its `sweep.csv` columns and the terminal
/// cell built from them. The CSV header and the terminal table both come from
/// [`COLUMNS`], so a heading cannot drift away from its values.
pub struct FigureColumn {
    /// The terminal heading, short (`money` is named in a footnote).
    pub head: &'static str,
    /// The `sweep.csv` columns this terminal cell shows.
    pub csv: &'static [&'static str],
    cell: fn(&OptionFigures) -> (Vec<String>, String),
}

fn money_csv(x: f64) -> String {
    crate::format::money(x)
}

/// The figure columns, in order (after `option`).
pub const COLUMNS: [FigureColumn; 5] = [
    FigureColumn {
        head: "reviewed ± se",
        csv: &["reviewed_mean", "reviewed_se"],
        cell: |f| {
            (
                vec![num(f.reviewed_mean), num(f.reviewed_se)],
                format!("{:.2} ± {:.2}", f.reviewed_mean, f.reviewed_se),
            )
        },
    },
    FigureColumn {
        head: "reviewed P95",
        csv: &["reviewed_p95"],
        cell: |f| (vec![num(f.reviewed_p95)], num(f.reviewed_p95)),
    },
    FigureColumn {
        head: "money ± se",
        csv: &["funding_mean", "funding_se"],
        cell: |f| {
            (
                vec![money_csv(f.funding_mean), money_csv(f.funding_se)],
                format!(
                    "{} ± {}",
                    pounds_short(f.funding_mean),
                    pounds_short(f.funding_se)
                ),
            )
        },
    },
    FigureColumn {
        head: "money P95",
        csv: &["funding_p95"],
        cell: |f| (vec![money_csv(f.funding_p95)], pounds_short(f.funding_p95)),
    },
    FigureColumn {
        head: "money ES95",
        csv: &["funding_es95"],
        cell: |f| {
            (
                vec![money_csv(f.funding_es95)],
                pounds_short(f.funding_es95),
            )
        },
    },
];

/// Columns appended to `sweep.csv` for scenarios with `[consequences]`
/// (national figures: the same on every option's row of a point).
pub const TRADE_OFF_COLUMNS: [&str; 6] = [
    "beds_freed_mean",
    "beds_freed_se",
    "avoidable_admissions_mean",
    "avoidable_admissions_se",
    "avoidable_cost_mean",
    "avoidable_cost_se",
];

fn trade_off_cells(t: Option<&TradeOff>) -> Vec<String> {
    let m = crate::format::money;
    match t {
        Some(t) => vec![
            num(t.beds_mean),
            num(t.beds_se),
            num(t.admissions_mean),
            num(t.admissions_se),
            m(t.cost_mean),
            m(t.cost_se),
        ],
        None => vec![String::new(); TRADE_OFF_COLUMNS.len()],
    }
}

impl FigureColumn {
    /// The CSV values and the terminal cell for one option's figures.
    pub fn values(&self, f: &OptionFigures) -> (Vec<String>, String) {
        (self.cell)(f)
    }
}

use crate::format::pounds_short;

/// Columns after the varied keys in `sweep.csv`.
pub fn figure_columns() -> Vec<&'static str> {
    std::iter::once("option")
        .chain(COLUMNS.iter().flat_map(|c| c.csv.iter().copied()))
        .collect()
}

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
    head.extend(figure_columns());
    let with_cost = s.points.iter().any(|p| p.trade_off.is_some());
    if with_cost {
        head.extend(TRADE_OFF_COLUMNS);
    }
    w.write_record(&head).map_err(io::Error::other)?;
    for p in &s.points {
        for (o, f) in s.options.iter().zip(&p.figures) {
            let mut row: Vec<String> = (0..s.vary.len()).map(|k| s.value(p, k).into()).collect();
            row.push(o.clone());
            row.extend(COLUMNS.iter().flat_map(|c| c.values(f).0));
            if with_cost {
                row.extend(trade_off_cells(p.trade_off.as_ref()));
            }
            w.write_record(&row).map_err(io::Error::other)?;
        }
    }
    w.flush()
}

/// The terminal headings: the varied keys, `option`, then [`COLUMNS`]
/// (short: the money figure is named in the footnote of [`table`]).
pub fn headings(s: &Sweep) -> Vec<(String, Align)> {
    s.vary
        .iter()
        .map(|v| (v.key.clone(), Align::Left))
        .chain(std::iter::once(("option".to_string(), Align::Left)))
        .chain(COLUMNS.iter().map(|c| (c.head.to_string(), Align::Right)))
        .collect()
}

use crate::report::terminal::WIDTH;

/// The terminal table: one line per point and option, one column per
/// varied key, then the figures of [`COLUMNS`].
pub fn table(s: &Sweep) -> String {
    let keys: Vec<String> = s.vary.iter().map(|v| v.key.clone()).collect();
    let mut out = format!(
        "Sweep over {} ({} points, {} trials each, seed {}, common random numbers)\n",
        keys.join(" × "),
        s.points.len(),
        s.trials,
        s.seed
    );
    let mut t = TextTable::new(headings(s));
    for p in &s.points {
        for (o, f) in s.options.iter().zip(&p.figures) {
            let mut row: Vec<String> = (0..s.vary.len()).map(|k| s.value(p, k).into()).collect();
            row.push(o.clone());
            row.extend(COLUMNS.iter().map(|c| c.values(f).1));
            t.row(row);
        }
    }
    out.push_str(&t.render(""));
    let wrap = |t: &str| crate::report::terminal::wrap(t, WIDTH, "", "  ");
    let money = crate::rules::money_words::figure_for(&s.actions);
    out.push_str(&wrap(&format!(
        "money: {money}. Each figure is over the trials: mean ± standard error, \
         95th percentile (P95), mean beyond it (ES95)."
    )));
    for l in crate::rules::money_words::explain_all(&s.actions) {
        out.push_str(&wrap(l));
    }
    if s.points.iter().any(|p| p.trade_off.is_some()) {
        out.push_str("\nCost of hitting the target (England, mean ± se)\n");
        for p in &s.points {
            let label: Vec<&str> = (0..s.vary.len()).map(|k| s.value(p, k)).collect();
            if let Some(t) = &p.trade_off {
                out.push_str(&format!(
                    "{:<28} {:>8.0} ± {:<5.0} beds freed {:>8.0} ± {:<5.0} avoidable admissions {:>10} ± {}\n",
                    label.join(", "),
                    t.beds_mean,
                    t.beds_se,
                    t.admissions_mean,
                    t.admissions_se,
                    pounds_short(t.cost_mean),
                    pounds_short(t.cost_se),
                ));
            }
        }
    }
    out
}
