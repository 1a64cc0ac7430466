//! Per-trial consequences of one council and the per-worker accumulator.
//!
//! Figures are held as integers so that merging workers' tallies is exact
//! and order-free (results identical for any thread count): delayed days
//! in thousandths of a day, costs in pence. Quantiles per council come
//! from fixed log-spaced histograms ([`histogram::Window`], flat in trials)
//! of average beds (days ÷ days in the window); the bed-days histogram is
//! signed (a council pulled up towards a target above it frees negative
//! beds). Memory: O(councils × (options + bins reached)).

use super::params::Consequences;
use crate::model::Prepared;
use crate::stats::histogram::{self, Window};
use crate::stats::quantile::{Rank, nearest_bin};

/// Per-trial national figures, in this order.
pub const N_FIGURES: usize = 3;
/// Bed-days freed, thousandths of a day.
pub const BED_MILLI: usize = 0;
/// Extra care-home admissions, thousandths of a person.
pub const PLACEMENTS_MILLI: usize = 1;
/// Cost of compliance (avoidable admissions over their stay, readmissions), pence.
pub const COST_PENCE: usize = 2;

/// Delayed days avoided by council `i` in one trial, over every simulated
/// month: `(all streams, social care = asc + both)`, signed. `with` and
/// `without` are the expected rates with and without the pull, laid out
/// `[(i * months + t) * 3 + stream]`; days = rate × population/100,000 × days.
pub fn days_avoided(p: &Prepared, with: &[f64], without: &[f64], i: usize) -> (f64, f64) {
    let months = p.months;
    let (mut all, mut social) = (0.0, 0.0);
    for t in 0..months {
        let k = (i * months + t) * 3;
        let e = p.exposure[i * months + t];
        let d = [
            without[k] - with[k],
            without[k + 1] - with[k + 1],
            without[k + 2] - with[k + 2],
        ];
        all += (d[0] + d[1] + d[2]) * e;
        social += (d[1] + d[2]) * e;
    }
    (all, social)
}

/// Thousandths, rounded.
pub fn milli(x: f64) -> i64 {
    (x * 1000.0).round() as i64
}

/// One council's consequences in one trial.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CouncilTrial {
    /// Bed-days freed (all streams), thousandths of a day; may be negative.
    pub bed_milli: i64,
    /// Social-care days avoided, clamped at 0, thousandths of a day.
    pub social_milli: i64,
    /// Extra care-home admissions (not rounded).
    pub placements: f64,
    /// Cost of compliance, pence.
    pub cost_pence: i64,
}

impl CouncilTrial {
    pub fn new(c: &Consequences, i: usize, all_days: f64, social_days: f64) -> CouncilTrial {
        let social_milli = milli(social_days).max(0);
        let social = social_milli as f64 / 1000.0;
        CouncilTrial {
            bed_milli: milli(all_days),
            social_milli,
            placements: social * c.placements_per_day(i),
            cost_pence: (social * c.cost_per_day(i) * 100.0).round() as i64,
        }
    }
}

/// Days in the simulated window of `plan` (bed-days ÷ this = beds).
pub fn window_days(plan: &crate::scenario::plan::Plan) -> f64 {
    (0..plan.n_sim_months())
        .map(|t| f64::from(plan.first_sim.plus(t as i32).days()))
        .sum()
}

/// Records one trial: every council's figures into `tally` and its cost of
/// compliance into `cost` (pence, per council), the national sums into
/// `figures` (see [`N_FIGURES`]). `with` and `without` as in [`days_avoided`].
#[allow(clippy::too_many_arguments)]
pub fn record(
    c: &Consequences,
    p: &Prepared,
    with: &[f64],
    without: &[f64],
    days: f64,
    tally: &mut Tally,
    cost: &mut [i64],
    figures: &mut [i64],
) {
    let (mut bed, mut placements, mut pence) = (0i64, 0.0, 0i64);
    for (i, cost) in cost.iter_mut().enumerate().take(p.n) {
        let (all, social) = days_avoided(p, with, without, i);
        let f = CouncilTrial::new(c, i, all, social);
        tally.add_council(i, &f, days);
        *cost = f.cost_pence;
        bed = bed.saturating_add(f.bed_milli);
        placements += f.placements;
        pence = pence.saturating_add(f.cost_pence);
    }
    figures[BED_MILLI] = bed;
    figures[PLACEMENTS_MILLI] = milli(placements);
    figures[COST_PENCE] = pence;
}

/// A signed histogram: negative values by magnitude, the rest as they are.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Signed {
    pub neg: Window,
    pub pos: Window,
}

impl Signed {
    pub fn add(&mut self, v: f64) {
        if v < 0.0 {
            self.neg.add(-v);
        } else {
            self.pos.add(v);
        }
    }

    pub fn merge(&mut self, o: &Signed) {
        self.neg.merge(&o.neg);
        self.pos.merge(&o.pos);
    }

    /// The `p` quantile (bin middles; zero for |v| below the first bin).
    pub fn quantile(&self, p: f64) -> f64 {
        let (neg, pos) = (self.neg.dense(), self.pos.dense());
        // Most negative first: negative bins from the top down, then zero, then positive.
        let top = neg.len() - 1;
        let order = neg[1..].iter().rev().chain(&neg[..1]).chain(&pos);
        match nearest_bin(order.map(|&c| u64::from(c)), p, Rank::Tolerant) {
            None => f64::NAN,
            Some(k) if k < top => -histogram::value(top - k),
            Some(k) if k == top => 0.0,
            Some(k) => histogram::value(k - top - 1),
        }
    }
}

/// Integer tallies of the consequences over some set of trials.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tally {
    pub n: usize,
    /// Per council: sum and sum of squares of bed-days freed (thousandths).
    pub bed_sum: Vec<i128>,
    pub bed_sq: Vec<i128>,
    /// Per council: sum and sum of squares of social-care days avoided (thousandths, ≥ 0).
    pub social_sum: Vec<i128>,
    pub social_sq: Vec<i128>,
    /// Per council: summed cost of compliance, pence.
    pub cost_sum: Vec<i128>,
    /// Per council: average beds freed (signed) and social-care beds avoided.
    pub bed_hist: Vec<Signed>,
    pub social_hist: Vec<Window>,
    /// `[o * n + i]`: summed stake (pence) and trials in which the cost of
    /// compliance exceeded the stake (taking the penalty was cheaper).
    pub stake_sum: Vec<i128>,
    pub cheaper: Vec<u64>,
}

impl Tally {
    pub fn new(n: usize, n_opt: usize) -> Tally {
        Tally {
            n,
            bed_sum: vec![0; n],
            bed_sq: vec![0; n],
            social_sum: vec![0; n],
            social_sq: vec![0; n],
            cost_sum: vec![0; n],
            bed_hist: vec![Signed::default(); n],
            social_hist: vec![Window::default(); n],
            stake_sum: vec![0; n_opt * n],
            cheaper: vec![0; n_opt * n],
        }
    }

    /// Records council `i`'s figures; `days` is the simulated window's length.
    pub fn add_council(&mut self, i: usize, f: &CouncilTrial, days: f64) {
        let (b, s) = (i128::from(f.bed_milli), i128::from(f.social_milli));
        self.bed_sum[i] += b;
        self.bed_sq[i] += b * b;
        self.social_sum[i] += s;
        self.social_sq[i] += s * s;
        self.cost_sum[i] += i128::from(f.cost_pence);
        self.bed_hist[i].add(f.bed_milli as f64 / 1000.0 / days);
        self.social_hist[i].add(f.social_milli as f64 / 1000.0 / days);
    }

    /// Records council `i`'s stake under option `o` against its cost.
    #[inline]
    pub fn add_stake(&mut self, o: usize, i: usize, stake: i64, cost: i64) {
        let k = o * self.n + i;
        self.stake_sum[k] += i128::from(stake);
        self.cheaper[k] += u64::from(cost > stake);
    }

    /// Whether every vector has the length `n` and `n_opt` give (a tally
    /// read from a part file is checked before it is merged).
    pub fn is_consistent(&self, n_opt: usize) -> bool {
        let n = self.n;
        [
            &self.bed_sum,
            &self.bed_sq,
            &self.social_sum,
            &self.social_sq,
            &self.cost_sum,
        ]
        .iter()
        .all(|v| v.len() == n)
            && self.bed_hist.len() == n
            && self.social_hist.len() == n
            && self.stake_sum.len() == n_opt * n
            && self.cheaper.len() == n_opt * n
    }

    /// Adds another tally (same shape) into this one.
    pub fn merge(&mut self, o: &Tally) {
        let add = |x: &mut [i128], y: &[i128]| x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
        add(&mut self.bed_sum, &o.bed_sum);
        add(&mut self.bed_sq, &o.bed_sq);
        add(&mut self.social_sum, &o.social_sum);
        add(&mut self.social_sq, &o.social_sq);
        add(&mut self.cost_sum, &o.cost_sum);
        add(&mut self.stake_sum, &o.stake_sum);
        self.cheaper
            .iter_mut()
            .zip(&o.cheaper)
            .for_each(|(a, b)| *a += b);
        self.bed_hist
            .iter_mut()
            .zip(&o.bed_hist)
            .for_each(|(a, b)| a.merge(b));
        self.social_hist
            .iter_mut()
            .zip(&o.social_hist)
            .for_each(|(a, b)| a.merge(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_quantiles_order_negatives_first() {
        let mut h = Signed::default();
        for v in [-5.0, -1.0, 0.0, 2.0, 10.0] {
            h.add(v);
        }
        let q = |p| h.quantile(p);
        assert!((q(0.2) + 5.0).abs() < 0.05, "{}", q(0.2));
        assert!((q(0.4) + 1.0).abs() < 0.01);
        assert_eq!(q(0.6), 0.0);
        assert!((q(0.8) - 2.0).abs() < 0.02);
        assert!((q(1.0) - 10.0).abs() < 0.1);
        assert!(Signed::default().quantile(0.5).is_nan());
    }
}
