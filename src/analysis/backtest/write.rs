//! The backtest's CSV files (columns in docs/BACKTEST.md). Numbers are
//! printed as `ibcf run` prints them ([`format::num`]); a pooled
//! row's origin is `all`.
//!
//! [`format::num`]: crate::format::num

use super::summary::{PIT_BINS, Summary};
use super::{METRICS, Origin};
use crate::format::num;
use crate::month::Month;
use crate::scenario::plan::Plan;
use crate::stats::compare::binomial_se;
use std::io;
use std::path::Path;

pub const COVERAGE_CSV: &str = "coverage.csv";
pub const SCORES_CSV: &str = "scores.csv";
pub const PIT_CSV: &str = "pit.csv";
pub const CRITERIA_CSV: &str = "criteria.csv";
pub const ORIGINS_CSV: &str = "origins.csv";
pub const FORECASTS_CSV: &str = "forecasts.csv";

fn origin(o: Option<Month>) -> String {
    o.map_or_else(|| "all".to_string(), |m| m.to_string())
}

/// The first four columns of a coverage or scores row: origin, metric,
/// horizon, n.
fn key(o: Option<Month>, metric: usize, horizon: u32, n: usize) -> Vec<String> {
    vec![
        origin(o),
        METRICS[metric].to_string(),
        horizon.to_string(),
        n.to_string(),
    ]
}

fn table(path: &Path, head: &[&str], rows: Vec<Vec<String>>) -> io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(head)?;
    for r in rows {
        w.write_record(&r)?;
    }
    w.flush()
}

/// Writes every CSV into `dir`.
///
/// # Errors
/// Any I/O failure.
pub fn write_all(dir: &Path, plan: &Plan, origins: &[Origin], s: &Summary) -> io::Result<()> {
    coverage(&dir.join(COVERAGE_CSV), s)?;
    scores(&dir.join(SCORES_CSV), s)?;
    pit(&dir.join(PIT_CSV), s)?;
    criteria(&dir.join(CRITERIA_CSV), origins)?;
    origins_csv(&dir.join(ORIGINS_CSV), origins, s)?;
    if origins.iter().any(|o| !o.decisions.is_empty()) {
        let sums = super::decision_report::summarise(origins);
        super::decision_report::write_csv(
            &dir.join(super::decision_report::DECISIONS_CSV),
            origins,
            &sums,
        )?;
    }
    forecasts(&dir.join(FORECASTS_CSV), plan, origins)
}

fn coverage(path: &Path, s: &Summary) -> io::Result<()> {
    let head = [
        "origin",
        "metric",
        "horizon",
        "n",
        "coverage50",
        "coverage90",
        "se50",
        "se90",
    ];
    let rows = s
        .coverage
        .iter()
        .map(|r| {
            let mut row = key(r.origin, r.metric, r.horizon, r.n);
            row.extend([
                num(r.coverage50),
                num(r.coverage90),
                num(binomial_se(0.5, r.n.max(1) as u64)),
                num(binomial_se(0.9, r.n.max(1) as u64)),
            ]);
            row
        })
        .collect();
    table(path, &head, rows)
}

fn scores(path: &Path, s: &Summary) -> io::Result<()> {
    let head = [
        "origin",
        "metric",
        "horizon",
        "n",
        "crps",
        "quantile_score",
        "persistence_mae",
        "skill",
    ];
    let rows = s
        .scores
        .iter()
        .map(|r| {
            let mut row = key(r.origin, r.metric, r.horizon, r.n);
            row.extend([
                num(r.crps),
                num(r.quantile_score),
                num(r.persistence_mae),
                num(r.skill),
            ]);
            row
        })
        .collect();
    table(path, &head, rows)
}

fn pit(path: &Path, s: &Summary) -> io::Result<()> {
    let head = [
        "origin",
        "metric",
        "bin_low",
        "bin_high",
        "count",
        "share",
        "expected_share",
    ];
    let mut rows = Vec::new();
    for r in &s.pit {
        let total = r.counts.iter().sum::<u64>().max(1) as f64;
        for (b, &c) in r.counts.iter().enumerate() {
            rows.push(vec![
                origin(r.origin),
                METRICS[r.metric].to_string(),
                num(b as f64 / PIT_BINS as f64),
                num((b + 1) as f64 / PIT_BINS as f64),
                c.to_string(),
                num(c as f64 / total),
                num(1.0 / PIT_BINS as f64),
            ]);
        }
    }
    table(path, &head, rows)
}

fn criteria(path: &Path, origins: &[Origin]) -> io::Result<()> {
    let head = [
        "origin",
        "criterion",
        "month",
        "councils",
        "predicted",
        "predicted_p5",
        "predicted_p95",
        "actual",
        "brier",
    ];
    let rows = origins
        .iter()
        .flat_map(|o| {
            o.criteria.iter().map(move |c| {
                vec![
                    o.at.to_string(),
                    c.name.clone(),
                    c.month.to_string(),
                    c.councils.to_string(),
                    num(c.predicted),
                    c.predicted_p5.to_string(),
                    c.predicted_p95.to_string(),
                    c.actual.to_string(),
                    num(c.brier),
                ]
            })
        })
        .collect();
    table(path, &head, rows)
}

fn origins_csv(path: &Path, origins: &[Origin], s: &Summary) -> io::Result<()> {
    let head = [
        "origin",
        "councils",
        "forecasts",
        "coverage50",
        "coverage90",
        "crps",
        "quantile_score",
        "skill",
        "pit_chi2",
        "pit_p",
        "volatility_nhs",
        "volatility_asc",
        "volatility_both",
        "rho_national",
        "rho_regional",
        "rho_council",
        "damping_nhs",
        "damping_asc",
        "damping_both",
        "slope_volatility_nhs",
        "slope_volatility_asc",
        "slope_volatility_both",
        "swing_nhs",
        "swing_asc",
        "swing_both",
        "pull_drawn",
        "pull_kappa",
        "pull_kappa_se",
    ];
    let rows = s
        .origins
        .iter()
        .zip(origins)
        .map(|(r, o)| {
            let mut row = vec![
                r.at.to_string(),
                r.councils.to_string(),
                r.n.to_string(),
                num(r.coverage50),
                num(r.coverage90),
                num(r.crps),
                num(r.quantile_score),
                num(r.skill),
                num(r.pit_chi2),
                num(r.pit_p),
            ];
            match &o.calibration {
                Some(c) => {
                    row.extend(c.stream_volatility.iter().map(|v| num(v.0)));
                    row.extend(
                        [
                            c.correlation.national,
                            c.correlation.regional,
                            c.correlation.council,
                        ]
                        .map(num),
                    );
                    row.extend(c.trend.iter().map(|t| num(t.damping)));
                    row.extend(c.trend.iter().map(|t| num(t.slope_volatility)));
                    row.extend(c.swing.iter().map(|w| num(w.sd)));
                }
                None => row.extend(std::iter::repeat_n(String::new(), 15)),
            }
            // The pull the origin drew: the scenario's prior, or the
            // posterior learned from target months before it (DECISIONS #92).
            let (drawn, est) = match &o.pull {
                Some(p) if p.posterior.is_some() => ("posterior", p.estimate),
                Some(p) => ("prior", p.estimate),
                None => ("prior", None),
            };
            row.push(drawn.to_string());
            row.push(est.map_or(String::new(), |e| num(e.kappa)));
            row.push(est.map_or(String::new(), |e| num(e.se)));
            row
        })
        .collect();
    table(path, &head, rows)
}

fn forecasts(path: &Path, plan: &Plan, origins: &[Origin]) -> io::Result<()> {
    let head = [
        "origin",
        "code",
        "metric",
        "horizon",
        "month",
        "actual",
        "origin_value",
        "p5",
        "p25",
        "p50",
        "p75",
        "p95",
        "pit",
        "crps",
        "quantile_score",
    ];
    let mut rows = Vec::new();
    for o in origins {
        for f in &o.forecasts {
            let mut r = vec![
                o.at.to_string(),
                plan.councils.code[f.council].clone(),
                METRICS[f.metric].to_string(),
                f.horizon.to_string(),
                f.month.to_string(),
                num(f.actual),
                num(f.origin_value),
            ];
            r.extend(f.quantiles.iter().map(|&q| num(q)));
            r.extend([num(f.pit), num(f.crps), num(f.quantile_score)]);
            rows.push(r);
        }
    }
    table(path, &head, rows)
}
