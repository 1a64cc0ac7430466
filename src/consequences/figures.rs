//! The consequences of a run, summarised for the sinks (CSV, JSON,
//! terminal, report): per council and nationally, mean, standard error and
//! P5/P50/P95 of bed-days freed and their value, extra care-home admissions,
//! avoidable permanent admissions and their lifetime cost; and per option
//! the net view (stake if reviewed against the cost of compliance).
//!
//! National figures come from exact per-trial integers (nearest-rank
//! quantiles); per-council quantiles from the tally's histograms (within
//! 0.5%). Each figure is tallied on its own, so a parameter drawn per
//! trial (a distribution in `[consequences]`) spreads it as it should.

use super::tally::{
    AVOIDABLE_MILLI, BED_MILLI, COST_PENCE, N_FIGURES, PLACEMENTS_MILLI, Tally, UNIT, VALUE_PENCE,
};
use crate::stats::{Summary, summarize};
use serde::{Deserialize, Serialize};

/// What the engine hands over in `Results::consequences`.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub tally: Tally,
    /// `[figure][trial]` by trial index (figures: see [`super::tally::N_FIGURES`]).
    pub trial: Vec<Vec<i64>>,
    /// Days in the simulated window (bed-days ÷ this = beds).
    pub days: f64,
}

/// Mean, standard error and nearest-rank-like quantiles of one figure.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Stat {
    pub mean: f64,
    pub se: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
}

impl Stat {
    /// Every field times `k` (k ≥ 0).
    pub fn times(self, k: f64) -> Stat {
        Stat {
            mean: self.mean * k,
            se: self.se * k,
            p5: self.p5 * k,
            p50: self.p50 * k,
            p95: self.p95 * k,
        }
    }
}

/// One council's figures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CouncilFigures {
    pub bed_days_freed: Stat,
    /// Pounds.
    pub bed_days_value: Stat,
    pub care_home_admissions: Stat,
    pub avoidable_admissions: Stat,
    /// Pounds: avoidable admissions over their stay, plus readmissions.
    pub avoidable_cost: Stat,
}

/// Mean and standard error from exact sums of integer units (`unit` per
/// natural unit).
fn mean_se(sum: i128, sq: i128, n: u64, unit: f64) -> (f64, f64) {
    let nn = i128::from(n.max(1));
    let mean = sum as f64 / nn as f64 / unit;
    if n < 2 {
        return (mean, 0.0);
    }
    let var = (nn * sq - sum * sum) as f64 / (nn * (nn - 1)) as f64 / (unit * unit);
    (mean, (var.max(0.0) / n as f64).sqrt())
}

/// Council `i`'s figure `f` over `trials` trials.
fn stat(out: &Outcome, trials: u64, i: usize, f: usize) -> Stat {
    let t = &out.tally;
    let j = i * N_FIGURES + f;
    let (mean, se) = mean_se(t.sum[j], t.sq[j], trials, UNIT[f]);
    let k = out.days * t.scale[j];
    let h = &t.hist[j];
    Stat {
        mean,
        se,
        p5: h.quantile(0.05) * k,
        p50: h.quantile(0.5) * k,
        p95: h.quantile(0.95) * k,
    }
}

/// Council `i`'s figures over `trials` trials.
pub fn council(out: &Outcome, trials: u64, i: usize) -> CouncilFigures {
    CouncilFigures {
        bed_days_freed: stat(out, trials, i, BED_MILLI),
        bed_days_value: stat(out, trials, i, VALUE_PENCE),
        care_home_admissions: stat(out, trials, i, PLACEMENTS_MILLI),
        avoidable_admissions: stat(out, trials, i, AVOIDABLE_MILLI),
        avoidable_cost: stat(out, trials, i, COST_PENCE),
    }
}

/// National figures: per-trial sums over councils, summarised.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct National {
    pub bed_days_freed: Summary,
    /// Average beds freed over the simulated window.
    pub beds_freed: Summary,
    pub bed_days_value: Summary,
    pub care_home_admissions: Summary,
    pub avoidable_admissions: Summary,
    pub avoidable_cost: Summary,
}

fn times(s: Summary, k: f64) -> Summary {
    Summary {
        mean: s.mean * k,
        se: s.se * k,
        sd: s.sd * k,
        p5: s.p5 * k,
        p50: s.p50 * k,
        p95: s.p95 * k,
        min: s.min * k,
        max: s.max * k,
        es95: s.es95 * k,
    }
}

pub fn national(out: &Outcome) -> National {
    let fig = |f: usize| summarize(&out.trial[f], UNIT[f]);
    let bed = fig(BED_MILLI);
    National {
        bed_days_freed: bed,
        beds_freed: times(bed, 1.0 / out.days),
        bed_days_value: fig(VALUE_PENCE),
        care_home_admissions: fig(PLACEMENTS_MILLI),
        avoidable_admissions: fig(AVOIDABLE_MILLI),
        avoidable_cost: fig(COST_PENCE),
    }
}

/// The net view of one option: what a council would lose if reviewed
/// against what hitting the target cost.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Net {
    /// Per council: mean stake if reviewed (pounds).
    pub stake: Vec<f64>,
    /// Per council: share of trials in which the cost of compliance
    /// exceeded the stake (taking the penalty would have been cheaper).
    pub p_penalty_cheaper: Vec<f64>,
    /// Nationally: share of trials in which the national cost of compliance
    /// exceeded the national funding at risk.
    pub national_p_penalty_cheaper: f64,
}

/// Option `o`'s net view; `funding` is its per-trial national funding at risk (pence).
pub fn net(out: &Outcome, o: usize, funding: &[i64], trials: u64) -> Net {
    let t = &out.tally;
    let n = t.n;
    let tf = trials.max(1) as f64;
    let cost = &out.trial[COST_PENCE];
    let cheaper = cost.iter().zip(funding).filter(|(c, f)| c > f).count();
    Net {
        stake: (0..n)
            .map(|i| t.stake_sum[o * n + i] as f64 / tf / 100.0)
            .collect(),
        p_penalty_cheaper: (0..n).map(|i| t.cheaper[o * n + i] as f64 / tf).collect(),
        national_p_penalty_cheaper: cheaper as f64 / funding.len().max(1) as f64,
    }
}
