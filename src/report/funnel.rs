//! `funnel.csv`: for every `funnel` criterion (docs/SCENARIO_FORMAT.md) and
//! council, the count of delayed days expected at its target over the
//! criterion's window, the limit above which the criterion fires, and the
//! council's count: its median simulated path (the fan chart's p50, month by
//! month, summed as delayed days) or, for observed months, the published
//! one. The report's funnel chart is drawn from this file alone. Not written
//! when the scenario has no funnel criterion.

use crate::engine::Results;
use crate::format::num;
use crate::scenario::funnel::{exposure, window_count};
use crate::scenario::plan::{CriterionKind, Plan};
use std::io;
use std::path::Path;

/// `funnel.csv` columns.
pub const HEADER: [&str; 9] = [
    "criterion",
    "month",
    "code",
    "name",
    "population",
    "expected",
    "limit",
    "count",
    "count_is",
];

/// Whether the plan has a funnel criterion (and so a `funnel.csv`).
pub fn has_funnel(plan: &Plan) -> bool {
    plan.criteria
        .iter()
        .any(|c| matches!(c.kind, CriterionKind::Funnel(_)))
}

/// Writes `funnel.csv`.
///
/// # Errors
/// Any I/O failure.
pub fn write_csv(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    let mut w = super::tables::writer(path, HEADER)?;
    for c in &plan.criteria {
        let CriterionKind::Funnel(f) = &c.kind else {
            continue;
        };
        for i in 0..plan.councils.len() {
            let pop = plan.councils.population_18plus[i];
            let t = plan.targets.get(f.target).map_or(f64::NAN, |t| t.rate[i]);
            let x = exposure(pop, c.month, c.average);
            let series = res
                .paths
                .iter()
                .find(|p| p.council == i && p.metric == c.metric);
            let median = |k: u32| {
                let m = c.month.plus(-(k as i32));
                let row = series.and_then(|s| {
                    let d = m.since(s.first_month);
                    (d >= 0).then(|| s.rows.get(d as usize)).flatten()
                });
                row.map_or(f64::NAN, |r| r.quantiles[2])
            };
            let count = window_count(pop, c.month, c.average, median);
            let simulated = c.month >= plan.first_sim;
            w.write_record([
                c.name.clone(),
                c.month.to_string(),
                plan.councils.code[i].clone(),
                plan.councils.name[i].clone(),
                format!("{pop:.0}"),
                num(t * x),
                num(f.limit_for(i, t, x)),
                num(count),
                if simulated { "median" } else { "observed" }.to_string(),
            ])
            .map_err(io::Error::other)?;
        }
    }
    w.flush()
}
