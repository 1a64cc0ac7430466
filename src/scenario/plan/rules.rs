//! The compiled decision rules: criteria (tests on a council's data) and
//! policy options (a rule over the criteria plus its penalty), what
//! `scenario::criteria` and `scenario::options` parse and `rules` evaluates.

use crate::month::Month;
use crate::scenario::expr::Expr;
use crate::scenario::funnel::Funnel;

/// A criterion's test.
#[derive(Debug, Clone, PartialEq)]
pub enum CriterionKind {
    /// value > target * (1 + tolerance); `target` indexes `Plan::targets`.
    MissedTarget { target: usize, tolerance: f64 },
    /// (value - target) / target > threshold.
    GapAbove { target: usize, threshold: f64 },
    /// Among the ceil(q * n) highest values of all councils in the trial.
    BottomQuartile { q: f64 },
    /// value > value at `reference` * (1 + tolerance).
    WorseThan { reference: Month, tolerance: f64 },
    /// Mean of `window` months ending at `month` > mean of the `window` before.
    TrendWorse { window: u32 },
    /// value > threshold.
    AboveRate { threshold: f64 },
    /// Delayed days over the window above the funnel-plot limit of the count
    /// expected at the target (`scenario::funnel`).
    Funnel(Funnel),
}

/// Number of councils flagged by a bottom-quartile criterion (`q` of `n`,
/// rounded up).
pub fn quartile_count(q: f64, n: usize) -> usize {
    ((q * n as f64 - 1e-9).ceil().max(0.0) as usize).min(n)
}

/// One named test on a council's data.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    pub name: String,
    pub kind: CriterionKind,
    /// Index into `Plan::metrics`.
    pub metric: usize,
    pub month: Month,
    /// Months averaged, ending at `month` (>= 1).
    pub average: u32,
}

/// What happens to the money of a reviewed council.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Condition,
    Withhold,
    Redistribute,
}

/// Who receives redistributed money.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedistributeTo {
    NotReviewed,
    /// Councils for which this (`missed_target`) criterion is false.
    MetTarget {
        criterion: usize,
    },
}

/// The share of the allocation affected.
#[derive(Debug, Clone, PartialEq)]
pub enum Share {
    Flat(f64),
    /// Interpolated over the relative gap measured by `criterion` (a
    /// `gap_above` or `missed_target`); `points` are (gap, share), gaps increasing.
    Graduated {
        criterion: usize,
        points: Vec<(f64, f64)>,
    },
}

/// A review rule and its penalty.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyOption {
    pub id: String,
    pub label: String,
    pub rule_text: String,
    pub rule: Expr,
    pub action: Action,
    pub share: Share,
    pub cap_pence: Option<i64>,
    pub redistribute_to: RedistributeTo,
}
