//! Tables over the scored forecasts: coverage and scores per metric and
//! horizon, PIT histograms per metric, and one row per origin. Rows with
//! `origin = None` pool every origin (written only when there are several).
//!
//! Standard errors are binomial at the nominal level (`sqrt(q (1 - q) / n)`),
//! which treats councils as independent. They are not — every council shares
//! the national and regional shocks of a month — so the real uncertainty of
//! a coverage figure from one origin is larger than the printed one.

use super::score::{self, covered};
use super::{Forecast, Origin};
use crate::month::Month;

/// PIT histogram bins (equal width on [0, 1], so each expects 10%).
pub const PIT_BINS: usize = 10;

/// Coverage of the central 50% and 90% intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    pub origin: Option<Month>,
    pub metric: usize,
    pub horizon: u32,
    pub n: usize,
    pub coverage50: f64,
    pub coverage90: f64,
}

/// Mean scores; `skill` = 1 - CRPS / mean absolute error of "no change".
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub origin: Option<Month>,
    pub metric: usize,
    pub horizon: u32,
    pub n: usize,
    pub crps: f64,
    pub quantile_score: f64,
    pub persistence_mae: f64,
    pub skill: f64,
}

/// PIT histogram of one metric (all horizons).
#[derive(Debug, Clone, PartialEq)]
pub struct PitRow {
    pub origin: Option<Month>,
    pub metric: usize,
    pub counts: Vec<u64>,
}

/// One origin at a glance (all metrics and horizons pooled).
#[derive(Debug, Clone, PartialEq)]
pub struct OriginRow {
    pub at: Month,
    pub councils: usize,
    pub n: usize,
    pub coverage50: f64,
    pub coverage90: f64,
    pub crps: f64,
    pub quantile_score: f64,
    pub skill: f64,
    pub pit_chi2: f64,
    pub pit_p: f64,
}

/// Every table of a backtest.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub coverage: Vec<CoverageRow>,
    pub scores: Vec<ScoreRow>,
    pub pit: Vec<PitRow>,
    pub origins: Vec<OriginRow>,
}

/// Builds every table.
pub fn summarise(origins: &[Origin]) -> Summary {
    let mut s = Summary::default();
    let horizon = origins.iter().map(|o| o.horizon).max().unwrap_or(0);
    let mut groups: Vec<(Option<Month>, Vec<&Forecast>)> = origins
        .iter()
        .map(|o| (Some(o.at), o.forecasts.iter().collect()))
        .collect();
    if origins.len() > 1 {
        groups.push((None, origins.iter().flat_map(|o| &o.forecasts).collect()));
    }
    for (origin, fs) in &groups {
        for m in 0..super::METRICS.len() {
            for h in 1..=horizon {
                let cell: Vec<&Forecast> = fs
                    .iter()
                    .copied()
                    .filter(|f| f.metric == m && f.horizon == h)
                    .collect();
                if cell.is_empty() {
                    continue;
                }
                s.coverage.push(coverage_row(*origin, m, h, &cell));
                s.scores.push(score_row(*origin, m, h, &cell));
            }
            let counts =
                score::pit_histogram(fs.iter().filter(|f| f.metric == m).map(|f| f.pit), PIT_BINS);
            s.pit.push(PitRow {
                origin: *origin,
                metric: m,
                counts,
            });
        }
    }
    s.origins = origins.iter().map(origin_row).collect();
    s
}

fn coverage_row(
    origin: Option<Month>,
    metric: usize,
    horizon: u32,
    fs: &[&Forecast],
) -> CoverageRow {
    let n = fs.len();
    let share =
        |level: f64| fs.iter().filter(|f| covered(f.pit, level)).count() as f64 / n.max(1) as f64;
    CoverageRow {
        origin,
        metric,
        horizon,
        n,
        coverage50: share(0.5),
        coverage90: share(0.9),
    }
}

fn means(fs: &[&Forecast]) -> (f64, f64, f64, f64) {
    let n = fs.len().max(1) as f64;
    let crps = fs.iter().map(|f| f.crps).sum::<f64>() / n;
    let qs = fs.iter().map(|f| f.quantile_score).sum::<f64>() / n;
    let mae = fs
        .iter()
        .map(|f| (f.actual - f.origin_value).abs())
        .filter(|v| v.is_finite())
        .sum::<f64>()
        / n;
    let skill = if mae > 0.0 {
        1.0 - crps / mae
    } else {
        f64::NAN
    };
    (crps, qs, mae, skill)
}

fn score_row(origin: Option<Month>, metric: usize, horizon: u32, fs: &[&Forecast]) -> ScoreRow {
    let (crps, quantile_score, persistence_mae, skill) = means(fs);
    ScoreRow {
        origin,
        metric,
        horizon,
        n: fs.len(),
        crps,
        quantile_score,
        persistence_mae,
        skill,
    }
}

fn origin_row(o: &Origin) -> OriginRow {
    let fs: Vec<&Forecast> = o.forecasts.iter().collect();
    let cov = coverage_row(Some(o.at), 0, 0, &fs);
    let (crps, quantile_score, _, skill) = means(&fs);
    let counts = score::pit_histogram(fs.iter().map(|f| f.pit), PIT_BINS);
    let (pit_chi2, pit_p) = score::chi_square(&counts, &[1.0 / PIT_BINS as f64; PIT_BINS]);
    OriginRow {
        at: o.at,
        councils: o.councils,
        n: fs.len(),
        coverage50: cov.coverage50,
        coverage90: cov.coverage90,
        crps,
        quantile_score,
        skill,
        pit_chi2,
        pit_p,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(metric: usize, horizon: u32, pit: f64, actual: f64) -> Forecast {
        Forecast {
            council: 0,
            metric,
            horizon,
            month: Month(24200),
            actual,
            origin_value: 1.0,
            pit,
            quantiles: [0.0; 5],
            crps: 0.5,
            quantile_score: 0.25,
        }
    }

    #[test]
    fn coverage_and_skill_by_hand() {
        let o = Origin {
            at: Month(24199),
            horizon: 1,
            councils: 4,
            dropped: Vec::new(),
            calibration: None,
            forecasts: vec![
                f(3, 1, 0.5, 2.0),  // in 50 and 90
                f(3, 1, 0.3, 3.0),  // in 50 and 90
                f(3, 1, 0.1, 0.0),  // in 90 only
                f(3, 1, 0.99, 1.0), // in neither
            ],
            criteria: Vec::new(),
            decisions: Vec::new(),
            pull: None,
        };
        let s = summarise(std::slice::from_ref(&o));
        let c = &s.coverage[0];
        assert_eq!((c.n, c.coverage50, c.coverage90), (4, 0.5, 0.75));
        let r = &s.scores[0];
        // |actual - 1| = 1, 2, 1, 0 → mae 1; skill = 1 - 0.5 / 1.
        assert!((r.persistence_mae - 1.0).abs() < 1e-12 && (r.skill - 0.5).abs() < 1e-12);
        assert_eq!(s.pit[3].counts.iter().sum::<u64>(), 4);
        assert_eq!(s.pit[3].counts[9], 1);
        assert_eq!(s.origins.len(), 1);
    }
}
