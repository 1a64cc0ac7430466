//! What a run produces: exact integer tallies per council and option, the
//! per-trial national totals (the only part that grows with trials), and the
//! fan-chart quantiles. Report writers read only this and the [`Plan`].
//!
//! Every field except `threads` and `elapsed_s` is identical for any thread
//! count or chunk size.
//!
//! [`Plan`]: crate::scenario::plan::Plan

use crate::month::Month;
use crate::stats::{Summary, summarize, summarize_counts};

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq)]
pub struct Results {
    pub trials: u64,
    /// Worker threads used (does not affect any other field).
    pub threads: usize,
    /// Wall-clock seconds of the simulation (does not affect any other field).
    pub elapsed_s: f64,
    pub n_councils: usize,
    pub n_criteria: usize,
    /// Flat `[council][criterion]`: trials in which the criterion was true.
    pub criterion_fired: Vec<u64>,
    /// One per plan option, in plan order.
    pub options: Vec<OptionResult>,
    /// One per unordered pair of options `(a, b)` with `a < b`, in
    /// lexicographic order.
    pub pairs: Vec<PairResult>,
    /// Fan-chart series, one per council and metric used by a criterion.
    pub paths: Vec<PathSeries>,
    /// Per `Plan::params` entry: the run's realised draws (`model::draws`).
    pub params: Vec<crate::model::draws::Realised>,
    /// Per option, per council: trials reviewed with the observation noise
    /// switched off on the same latent paths (the "caught by noise"
    /// comparison); only from [`run_with_noise_check`](crate::engine::run_with_noise_check).
    pub without_noise: Option<Vec<Vec<u64>>>,
    /// What hitting the target cost (only when the plan has `[consequences]`).
    pub consequences: Option<crate::consequences::figures::Outcome>,
}

/// Tallies for one option.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionResult {
    /// Per council: trials in which it was reviewed.
    pub reviewed: Vec<u64>,
    /// Per council: sum over trials of the amount at risk (pence).
    pub at_risk_pence: Vec<i128>,
    /// Per council: sum over trials of its net money change (pence; negative = loses).
    pub net_change_pence: Vec<i128>,
    /// Flat `[council][criterion]`: trials in which the council was reviewed
    /// and the criterion was true.
    pub why: Vec<u64>,
    /// Per trial (by trial index): councils reviewed.
    pub trial_reviewed: Vec<u32>,
    /// Per trial (by trial index): national funding at risk (pence).
    pub trial_funding_pence: Vec<i64>,
    /// The national figures summarised from the two per-trial series,
    /// once, when the results are assembled; every sink reads them here.
    pub national: National,
    /// Per council: trials reviewed that did not deserve review (on the
    /// latent values: the intent, or the option's own rule).
    pub wrongly_reviewed: Vec<u64>,
    /// Per council: trials spared that deserved review.
    pub wrongly_spared: Vec<u64>,
    /// The national fairness figures, summarised once like `national`.
    pub fairness: Fairness,
}

/// One option's decisions scored against true (latent) performance, per
/// trial summarised: councils rightly reviewed, wrongly reviewed, wrongly
/// spared (counts) and the funding at risk of the wrongly reviewed
/// (pounds), each with mean, se, quantiles (`stats::summarize`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fairness {
    pub rightly_reviewed: Summary,
    pub wrongly_reviewed: Summary,
    pub wrongly_spared: Summary,
    pub wrong_funding: Summary,
}

impl Fairness {
    /// Summarises option `o`'s fairness: the counts from the tally's
    /// distributions, the funding from its per-trial series.
    pub fn of(f: &super::partial::FairTrials, t: &super::tally::Tally, o: usize) -> Fairness {
        Fairness {
            rightly_reviewed: summarize_counts(t.fair_hist(o, 0), 1.0),
            wrongly_reviewed: summarize_counts(t.fair_hist(o, 1), 1.0),
            wrongly_spared: summarize_counts(t.fair_hist(o, 2), 1.0),
            wrong_funding: summarize(&f.wrong_funding[o], 100.0),
        }
    }
}

/// One option's national figures: councils reviewed (a count) and funding
/// at risk (pounds), each with its mean, standard error, quantiles and
/// expected shortfall (`stats::summarize`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct National {
    pub reviewed: Summary,
    pub funding: Summary,
}

impl National {
    /// Summarises per-trial councils reviewed and funding at risk (pence).
    pub fn of(trial_reviewed: &[u32], trial_funding_pence: &[i64]) -> National {
        // The counts through their distribution: the same figures as the
        // per-trial summary, without two 8-byte copies per trial.
        let top = trial_reviewed.iter().copied().max().unwrap_or(0) as usize;
        let mut hist = vec![0u64; top + 1];
        trial_reviewed.iter().for_each(|&k| hist[k as usize] += 1);
        National {
            reviewed: summarize_counts(&hist, 1.0),
            funding: summarize(trial_funding_pence, 100.0),
        }
    }
}

/// Switchers between two options, per council.
#[derive(Debug, Clone, PartialEq)]
pub struct PairResult {
    pub a: usize,
    pub b: usize,
    /// Per council: trials reviewed under `a` but not `b`.
    pub a_not_b: Vec<u64>,
    /// Per council: trials reviewed under `b` but not `a`.
    pub b_not_a: Vec<u64>,
}

/// Quantiles of one council's metric, month by month.
#[derive(Debug, Clone, PartialEq)]
pub struct PathSeries {
    pub council: usize,
    /// Index into `Plan::metrics`.
    pub metric: usize,
    /// Month of `rows[0]`; rows are consecutive months.
    pub first_month: Month,
    pub rows: Vec<PathRow>,
}

/// One month of a fan chart: p5, p25, p50, p75, p95 (all equal to the
/// observed value in observed months; `NaN` when not reported) and the
/// target (`NaN` when none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PathRow {
    pub quantiles: [f64; 5],
    pub target: f64,
}

impl Results {
    /// Trials in which criterion `c` was true for council `i`.
    pub fn fired(&self, i: usize, c: usize) -> u64 {
        self.criterion_fired[i * self.n_criteria + c]
    }

    /// The pair result for options `a` and `b` (`a < b`).
    pub fn pair(&self, a: usize, b: usize) -> Option<&PairResult> {
        self.pairs.iter().find(|p| p.a == a && p.b == b)
    }
}

#[cfg(test)]
mod tests {
    use super::National;

    /// Against a hand computation: counts 1..=20 and £1..£20 in pence.
    #[test]
    fn national_figures_are_the_summaries_of_the_per_trial_series() {
        let reviewed: Vec<u32> = (1..=20).collect();
        let pence: Vec<i64> = (1..=20).map(|k| k * 100).collect();
        let n = National::of(&reviewed, &pence);
        assert!((n.reviewed.mean - 10.5).abs() < 1e-12);
        assert!((n.funding.mean - 10.5).abs() < 1e-12, "pounds, not pence");
        // sd of 1..=20 is sqrt(35); se = sd / sqrt(20).
        assert!((n.reviewed.se - (35f64 / 20.0).sqrt()).abs() < 1e-12);
        // Nearest rank: P95 of 20 values is the 19th, ES95 the mean of the top 1.
        assert_eq!((n.reviewed.p95, n.reviewed.es95), (19.0, 20.0));
        assert_eq!((n.funding.p5, n.funding.max), (1.0, 20.0));
    }
}
