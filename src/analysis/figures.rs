//! The national figures a tool reports for one run and option: expected
//! councils reviewed, its P95, and expected / P95 / ES95 funding at risk, with
//! standard errors — the same estimators as `summary.json`.

use crate::engine::{National, Results};

/// One option's headline figures (money in pounds).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OptionFigures {
    pub reviewed_mean: f64,
    pub reviewed_se: f64,
    pub reviewed_p95: f64,
    pub funding_mean: f64,
    pub funding_se: f64,
    pub funding_p95: f64,
    pub funding_es95: f64,
}

/// Headline figures per option, in plan order.
pub fn option_figures(res: &Results) -> Vec<OptionFigures> {
    res.options
        .iter()
        .map(|r| of_national(&r.national))
        .collect()
}

/// One option's headline figures from its national summaries.
pub fn of_national(n: &National) -> OptionFigures {
    let (c, f) = (n.reviewed, n.funding);
    OptionFigures {
        reviewed_mean: c.mean,
        reviewed_se: c.se,
        reviewed_p95: c.p95,
        funding_mean: f.mean,
        funding_se: f.se,
        funding_p95: f.p95,
        funding_es95: f.es95,
    }
}

/// The output a sensitivity analysis studies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// Expected councils reviewed.
    Reviewed,
    /// Expected funding at risk (pounds).
    Funding,
}

impl Output {
    pub const ALL: [Output; 2] = [Output::Reviewed, Output::Funding];

    /// Column value in CSV files.
    pub fn name(self) -> &'static str {
        match self {
            Output::Reviewed => "expected_reviewed",
            Output::Funding => "expected_funding_at_risk",
        }
    }

    /// A value of this output for a terminal table: pounds as `£1.23m`.
    pub fn show(self, v: f64) -> String {
        match self {
            Output::Reviewed => crate::format::num(v),
            Output::Funding => crate::format::pounds_short(v),
        }
    }

    /// Picks the figure from an option's figures.
    pub fn of(self, f: &OptionFigures) -> f64 {
        match self {
            Output::Reviewed => f.reviewed_mean,
            Output::Funding => f.funding_mean,
        }
    }
}

/// The national cost of hitting the target in one run (runs with
/// `[consequences]` only): beds freed, avoidable care-home admissions and
/// their lifetime cost (pounds), means with standard errors.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TradeOff {
    pub beds_mean: f64,
    pub beds_se: f64,
    pub admissions_mean: f64,
    pub admissions_se: f64,
    pub cost_mean: f64,
    pub cost_se: f64,
}

/// The trade-off of a run, `None` without `[consequences]`.
pub fn trade_off(plan: &crate::Plan, res: &Results) -> Option<TradeOff> {
    let out = crate::report::consequences::of(plan, res)?;
    let n = crate::consequences::figures::national(out);
    Some(TradeOff {
        beds_mean: n.beds_freed.mean,
        beds_se: n.beds_freed.se,
        admissions_mean: n.avoidable_admissions.mean,
        admissions_se: n.avoidable_admissions.se,
        cost_mean: n.avoidable_cost.mean,
        cost_se: n.avoidable_cost.se,
    })
}
