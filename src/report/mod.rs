//! Output sinks: terminal table, CSV, JSON, plots, HTML.
//!
//! The data files (`summary.json`, the CSVs, `scenario.toml`, `explain.txt`)
//! are written by [`write_data_files`] from a [`Plan`] and [`Results`]; the
//! presentation side (workbook, maps, plots, HTML) reads only those files back.

pub mod columns;
pub mod consequences;
pub mod error;
pub mod fairness;
pub mod funnel;
pub mod headline;
pub mod html;
pub mod load;
pub mod map;
pub mod output_dir;
pub mod plots;
pub mod render;
pub mod schema;
pub mod stress_notes;
pub mod summary;
pub mod tables;
pub mod terminal;
pub mod workbook;

pub use error::ReportError;

use crate::engine::Results;
use crate::scenario::plan::Plan;
use output_dir as names;
use std::io;
use std::path::Path;

/// Writes every data file of a run into `dir` (which must exist).
///
/// # Errors
/// Any I/O failure.
pub fn write_data_files(dir: &Path, plan: &Plan, results: &Results) -> io::Result<()> {
    write_data_files_with(dir, plan, results, &RunExtras::default())
}

/// Figures a run may add beyond the engine's [`Results`] (from the decision
/// tools: `engine::precision`, `engine::noise_check`).
#[derive(Debug, Clone, Default)]
pub struct RunExtras {
    /// `manifest.precision` of `summary.json`.
    pub precision: Option<schema::PrecisionJson>,
    /// Per option, per council: trials reviewed with observation noise off
    /// (the `p_review_without_noise` column of `councils.csv`).
    pub without_noise: Option<Vec<Vec<u64>>>,
}

impl RunExtras {
    /// The extra figures of a finished [`RunOutput`](crate::engine::session::RunOutput).
    pub fn of(out: &crate::engine::session::RunOutput) -> RunExtras {
        RunExtras {
            precision: out.precision.as_ref().map(|o| schema::PrecisionJson {
                figure: o.figure.name().into(),
                target: o.target,
                se: o.se,
                reached: o.reached,
                max_trials: o.max_trials,
                steps: o
                    .steps
                    .iter()
                    .map(|&(trials, se)| schema::PrecisionStep { trials, se })
                    .collect(),
            }),
            without_noise: out.without_noise.clone(),
        }
    }
}

/// [`write_data_files`] with the tools' extra figures.
///
/// # Errors
/// Any I/O failure.
pub fn write_data_files_with(
    dir: &Path,
    plan: &Plan,
    results: &Results,
    extras: &RunExtras,
) -> io::Result<()> {
    summary::write_with(
        &dir.join(names::SUMMARY_JSON),
        plan,
        results,
        extras.precision.as_ref(),
    )?;
    tables::write_councils_with(
        &dir.join(names::COUNCILS_CSV),
        plan,
        results,
        extras.without_noise.as_deref(),
    )?;
    tables::write_national(&dir.join(names::NATIONAL_CSV), plan, results)?;
    tables::write_paths(&dir.join(names::PATHS_CSV), plan, results)?;
    fairness::write_csv(&dir.join(names::FAIRNESS_CSV), plan, results)?;
    if funnel::has_funnel(plan) {
        funnel::write_csv(&dir.join(names::FUNNEL_CSV), plan, results)?;
    }
    if plan.options.len() >= 2 {
        tables::write_comparison(&dir.join(names::COMPARISON_CSV), plan, results)?;
    }
    std::fs::write(dir.join(names::SCENARIO_TOML), scenario_text(plan))?;
    std::fs::write(dir.join(names::EXPLAIN_TXT), crate::explain::describe(plan))?;
    Ok(())
}

/// The scenario as read: each file of the `extends` chain (base first)
/// headed `# ---- <path> ----`, then the `--set` overrides as comments.
pub fn scenario_text(plan: &Plan) -> String {
    let mut s = String::new();
    for (path, text) in &plan.provenance.sources {
        s.push_str(&format!("# ---- {} ----\n", path.display()));
        s.push_str(text);
        if !text.ends_with('\n') {
            s.push('\n');
        }
    }
    if !plan.provenance.overrides.is_empty() {
        s.push_str("# ---- command-line overrides ----\n");
        for o in &plan.provenance.overrides {
            s.push_str(&format!("# --set {o}\n"));
        }
    }
    s
}
