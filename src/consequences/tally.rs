//! Per-trial consequences of one council and the per-worker accumulator.
//!
//! Figures are held as integers so that merging workers' tallies is exact
//! and order-free (results identical for any thread count): delayed days
//! and people in thousandths, money in pence. Every council keeps, per
//! figure, the sum and sum of squares and a fixed log-spaced histogram
//! ([`histogram::Window`], flat in trials) of the figure per day of the
//! simulated window divided by its centre multiple of bed-days (so each
//! histogram sees values on the scale of average beds, which the grid
//! covers; with fixed parameters it is the histogram of beds avoided). The
//! histograms are signed: a council pulled up towards a target above it
//! frees negative beds. Memory: O(councils × (options + bins reached)).

use super::values::Values;
use crate::model::Prepared;
use crate::model::draws::Draws;
use crate::scenario::plan::{Consequences, Stream, rate_index};
use crate::stats::histogram::{self, Window};
use crate::stats::quantile::{Rank, nearest_bin};

/// Figures per council and per trial, in this order.
pub const N_FIGURES: usize = 5;
/// Bed-days freed, thousandths of a day.
pub const BED_MILLI: usize = 0;
/// Extra care-home admissions, thousandths of a person.
pub const PLACEMENTS_MILLI: usize = 1;
/// Cost of compliance (avoidable admissions over their stay, readmissions), pence.
pub const COST_PENCE: usize = 2;
/// Value of the bed-days freed, pence.
pub const VALUE_PENCE: usize = 3;
/// Avoidable permanent admissions, thousandths of a person.
pub const AVOIDABLE_MILLI: usize = 4;
/// Integer units per natural unit (day, person, pound) of each figure.
pub const UNIT: [f64; N_FIGURES] = [1000.0, 1000.0, 100.0, 100.0, 1000.0];

/// Delayed days avoided by council `i` in one trial, over every simulated
/// month: `(all streams, social care = asc + both)`, signed. `with` and
/// `without` are the expected rates with and without the pull, laid out
/// `[council][month][stream]` (`plan::rate_index`); days = rate ×
/// population/100,000 × days.
pub fn days_avoided(p: &Prepared, with: &[f64], without: &[f64], i: usize) -> (f64, f64) {
    let months = p.months;
    let (mut all, mut social) = (0.0, 0.0);
    for t in 0..months {
        let e = p.exposure[i * months + t];
        let d = Stream::ALL.map(|s| {
            let k = rate_index(i, t, months, s);
            without[k] - with[k]
        });
        all += (d[0] + d[1] + d[2]) * e;
        social += (d[1] + d[2]) * e;
    }
    (all, social)
}

/// Thousandths, rounded.
pub fn milli(x: f64) -> i64 {
    (x * 1000.0).round() as i64
}

/// Pence, rounded.
fn pence(pounds: f64) -> i64 {
    (pounds * 100.0).round() as i64
}

/// One council's consequences in one trial.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CouncilTrial {
    /// Each figure in its integer unit (see [`N_FIGURES`]); bed-days and
    /// their value may be negative.
    pub fig: [i64; N_FIGURES],
    /// Extra care-home admissions (not rounded).
    pub placements: f64,
    /// Avoidable permanent admissions (not rounded).
    pub avoidable: f64,
}

impl CouncilTrial {
    /// From the council's parameter values `v` and its delayed days
    /// avoided (all streams, social care).
    pub fn new(v: &Values, all_days: f64, social_days: f64) -> CouncilTrial {
        let bed_milli = milli(all_days);
        // Social-care days avoided, clamped at 0 and rounded to thousandths.
        let social = milli(social_days).max(0) as f64 / 1000.0;
        let placements = social * v.placements_per_day();
        let avoidable = placements * v.avoidable;
        let mut fig = [0; N_FIGURES];
        fig[BED_MILLI] = bed_milli;
        fig[PLACEMENTS_MILLI] = milli(placements);
        fig[COST_PENCE] = pence(social * v.cost_per_day());
        fig[VALUE_PENCE] = pence(bed_milli as f64 / 1000.0 * v.bed_day_cost);
        fig[AVOIDABLE_MILLI] = milli(avoidable);
        CouncilTrial {
            fig,
            placements,
            avoidable,
        }
    }
}

/// Days in the simulated window of `plan` (bed-days ÷ this = beds).
pub fn window_days(plan: &crate::scenario::plan::Plan) -> f64 {
    (0..plan.n_sim_months())
        .map(|t| f64::from(plan.first_sim.plus(t as i32).days()))
        .sum()
}

/// Where [`record`] puts each council figure's histogram value.
pub enum HistRow<'a> {
    /// Counted into the tally at once.
    Now,
    /// Its [`Signed::code`] written at `[i * N_FIGURES + f]`, counted
    /// later by the caller (`engine::decider`, `stats::pending`).
    Later(&'a mut [u16]),
    /// Not counted (the caller keeps only the national figures).
    Skip,
}

/// Records one trial: every council's figures into `tally` (histogram
/// values as `hist` says) and its cost of compliance into `cost` (pence,
/// per council), the national sums into `figures` (see [`N_FIGURES`]).
/// `with` and `without` as in [`days_avoided`]; `draws` are the trial's
/// parameter draws, if the plan has any.
#[allow(clippy::too_many_arguments)]
pub fn record(
    c: &Consequences,
    draws: Option<&Draws>,
    p: &Prepared,
    with: &[f64],
    without: &[f64],
    days: f64,
    tally: &mut Tally,
    cost: &mut [i64],
    figures: &mut [i64],
    mut hist: HistRow<'_>,
) {
    let mut sums = [0i64; N_FIGURES];
    let (mut placements, mut avoidable) = (0.0, 0.0);
    for (i, cost) in cost.iter_mut().enumerate().take(p.n) {
        let (all, social) = days_avoided(p, with, without, i);
        let f = CouncilTrial::new(&Values::in_trial(c, draws, i), all, social);
        tally.add_council(i, &f, days, &mut hist);
        *cost = f.fig[COST_PENCE];
        for (s, v) in sums.iter_mut().zip(f.fig) {
            *s = s.saturating_add(v);
        }
        placements += f.placements;
        avoidable += f.avoidable;
    }
    // People are summed unrounded and rounded once; days and pence are exact sums.
    sums[PLACEMENTS_MILLI] = milli(placements);
    sums[AVOIDABLE_MILLI] = milli(avoidable);
    figures[..N_FIGURES].copy_from_slice(&sums);
}

/// A signed histogram: negative values by magnitude, the rest as they are.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Signed {
    pub neg: Window,
    pub pos: Window,
}

/// [`Signed::code`]'s mark of a negative value's bin.
const NEG: u16 = 0x8000;
const _: () = assert!(histogram::BINS < NEG as usize);

impl Signed {
    pub fn add(&mut self, v: f64) {
        self.add_code(Signed::code(v));
    }

    /// The window and bin `v` is counted in, as one code: the bin of its
    /// magnitude, marked with the top bit when negative (bins are below 2^11).
    #[inline]
    pub fn code(v: f64) -> u16 {
        if v < 0.0 {
            NEG | histogram::bin(-v) as u16
        } else {
            histogram::bin(v) as u16
        }
    }

    /// A [`Signed::code`]'s bin, and whether it is the negative window's.
    #[inline]
    pub fn decode(code: u16) -> (usize, bool) {
        (usize::from(code & !NEG), code & NEG != 0)
    }

    /// Counts one value given by its [`Signed::code`].
    #[inline]
    pub fn add_code(&mut self, code: u16) {
        match Signed::decode(code) {
            (b, false) => self.pos.add_bin(b, 1),
            (b, true) => self.neg.add_bin(b, 1),
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
    /// `[i * N_FIGURES + f]`: council `i`'s sum and sum of squares of
    /// figure `f` (integer units, see [`UNIT`]).
    pub sum: Vec<i128>,
    pub sq: Vec<i128>,
    /// `[i * N_FIGURES + f]`: histogram of the figure per window day over
    /// `scale` (average beds for bed-days; see the module doc).
    pub hist: Vec<Signed>,
    /// `[i * N_FIGURES + f]`: the figure's multiple of bed-days at the
    /// centre values (1 for bed-days; 1 where the centre multiple is 0).
    pub scale: Vec<f64>,
    /// `[o * n + i]`: summed stake (pence) and trials in which the cost of
    /// compliance exceeded the stake (taking the penalty was cheaper).
    pub stake_sum: Vec<i128>,
    pub cheaper: Vec<u64>,
}

/// Each figure's multiple of bed-days (social-care days for people and
/// cost) at council `i`'s centre values; 1 where that is 0.
fn scales(c: &Consequences, i: usize) -> [f64; N_FIGURES] {
    let v = Values::centre(c, i);
    let mut s = [1.0; N_FIGURES];
    s[PLACEMENTS_MILLI] = v.placements_per_day();
    s[COST_PENCE] = v.cost_per_day();
    s[VALUE_PENCE] = v.bed_day_cost;
    s[AVOIDABLE_MILLI] = v.placements_per_day() * v.avoidable;
    s.map(|x| if x > 0.0 && x.is_finite() { x } else { 1.0 })
}

impl Tally {
    pub fn new(c: &Consequences, n: usize, n_opt: usize) -> Tally {
        Tally {
            n,
            sum: vec![0; n * N_FIGURES],
            sq: vec![0; n * N_FIGURES],
            hist: vec![Signed::default(); n * N_FIGURES],
            scale: (0..n).flat_map(|i| scales(c, i)).collect(),
            stake_sum: vec![0; n_opt * n],
            cheaper: vec![0; n_opt * n],
        }
    }

    /// A zero tally of the same shape and scales as `like`.
    pub fn empty_like(like: &Tally) -> Tally {
        let k = like.sum.len();
        Tally {
            n: like.n,
            sum: vec![0; k],
            sq: vec![0; k],
            hist: vec![Signed::default(); k],
            scale: like.scale.clone(),
            stake_sum: vec![0; like.stake_sum.len()],
            cheaper: vec![0; like.cheaper.len()],
        }
    }

    /// Records council `i`'s figures; `days` is the simulated window's
    /// length; the histogram values go where `hist` says.
    pub fn add_council(&mut self, i: usize, f: &CouncilTrial, days: f64, hist: &mut HistRow<'_>) {
        for (k, &v) in f.fig.iter().enumerate() {
            let j = i * N_FIGURES + k;
            let x = i128::from(v);
            self.sum[j] += x;
            self.sq[j] += x * x;
            let code = || Signed::code(v as f64 / UNIT[k] / days / self.scale[j]);
            match hist {
                HistRow::Now => {
                    let c = code();
                    self.hist[j].add_code(c);
                }
                HistRow::Later(row) => row[j] = code(),
                HistRow::Skip => {}
            }
        }
    }

    /// Council `i`'s total of figure `f` in its natural unit (days, people, pounds).
    pub fn total(&self, i: usize, f: usize) -> f64 {
        self.sum[i * N_FIGURES + f] as f64 / UNIT[f]
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
        let k = self.n * N_FIGURES;
        self.sum.len() == k
            && self.sq.len() == k
            && self.hist.len() == k
            && self.scale.len() == k
            && self.stake_sum.len() == n_opt * self.n
            && self.cheaper.len() == n_opt * self.n
    }

    /// Adds another tally (same shape and scales) into this one.
    pub fn merge(&mut self, o: &Tally) {
        let add = |x: &mut [i128], y: &[i128]| x.iter_mut().zip(y).for_each(|(a, b)| *a += b);
        add(&mut self.sum, &o.sum);
        add(&mut self.sq, &o.sq);
        add(&mut self.stake_sum, &o.stake_sum);
        self.cheaper
            .iter_mut()
            .zip(&o.cheaper)
            .for_each(|(a, b)| *a += b);
        self.hist
            .iter_mut()
            .zip(&o.hist)
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
