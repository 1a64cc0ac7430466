//! Scoring one forecast distribution (an ensemble of simulated values)
//! against the value that actually happened. Pure functions, no I/O.
//!
//! - [`pit`]: the randomised probability integral transform. With `T`
//!   simulated values and the actual `y`, the rank of `y` among the `T + 1`
//!   values (ties broken uniformly at random) is uniform on `0..=T` when `y`
//!   comes from the same distribution, so `(rank + V) / (T + 1)` with `V`
//!   uniform on [0, 1) is exactly uniform on [0, 1). Exact for a finite
//!   ensemble and for discrete values (observed rates are counts, and zero
//!   delays are common), which a mid-rank PIT is not.
//! - [`covered`]: inside the central `level` interval ⇔ the PIT is within
//!   `level / 2` of one half. For continuous forecasts this is "between the
//!   (1-level)/2 and (1+level)/2 quantiles"; ties at the edges are split at random.
//! - [`crps`]: the continuous ranked probability score of the ensemble,
//!   `E|X - y| - E|X - X'| / 2`, exact for the empirical distribution.
//! - [`quantile_score`]: the pinball loss averaged over p5, p25, p50, p75,
//!   p95: what a forecast published only as a fan chart can be scored with;
//!   about half the CRPS, up to the coarseness of five levels.

use crate::stats::quantile::{Rank, nearest_rank};

/// Quantile levels of a fan chart.
pub const LEVELS: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// Randomised PIT of `y` in the ensemble `xs` (any order); `tie` and `v`
/// are independent uniforms on [0, 1).
pub fn pit(xs: &[f64], y: f64, tie: f64, v: f64) -> f64 {
    let below = xs.iter().filter(|&&x| x < y).count();
    let equal = xs.iter().filter(|&&x| x == y).count();
    let extra = ((tie * (equal + 1) as f64) as usize).min(equal);
    ((below + extra) as f64 + v) / (xs.len() + 1) as f64
}

/// Whether a PIT value falls in the central interval of probability `level`.
pub fn covered(pit: f64, level: f64) -> bool {
    (pit - 0.5).abs() < level / 2.0
}

/// Nearest-rank quantile of ascending `sorted` (the smallest value with at
/// least `p` of the ensemble at or below it, [`Rank::Exact`]); `NaN` when empty.
pub fn quantile(sorted: &[f64], p: f64) -> f64 {
    nearest_rank(sorted, p, Rank::Exact).unwrap_or(f64::NAN)
}

/// CRPS of the empirical distribution of ascending `sorted` at `y`.
///
/// `sum_{i,j} |x_i - x_j| = 2 sum_i (2i - T + 1) x_(i)` (0-based `i`), so the
/// cost is linear once sorted.
pub fn crps(sorted: &[f64], y: f64) -> f64 {
    let t = sorted.len() as f64;
    if sorted.is_empty() {
        return f64::NAN;
    }
    let abs: f64 = sorted.iter().map(|x| (x - y).abs()).sum::<f64>() / t;
    let spread: f64 = sorted
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * i as f64 - t + 1.0) * x)
        .sum::<f64>()
        * 2.0;
    abs - spread / (2.0 * t * t)
}

/// Pinball loss of quantile `q` at level `p` for outcome `y`.
pub fn pinball(q: f64, p: f64, y: f64) -> f64 {
    if y < q {
        (1.0 - p) * (q - y)
    } else {
        p * (y - q)
    }
}

/// Mean pinball loss over the fan chart's five quantiles (`qs` at [`LEVELS`]).
pub fn quantile_score(qs: &[f64; 5], y: f64) -> f64 {
    LEVELS
        .iter()
        .zip(qs)
        .map(|(&p, &q)| pinball(q, p, y))
        .sum::<f64>()
        / LEVELS.len() as f64
}

/// Pearson chi-square of `counts` against `shares` (summing to 1), and its
/// upper-tail p-value with `bins - 1` degrees of freedom. `(NaN, NaN)` when
/// there is nothing to test.
pub fn chi_square(counts: &[u64], shares: &[f64]) -> (f64, f64) {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    let n: u64 = counts.iter().sum();
    if n == 0 || counts.len() < 2 || counts.len() != shares.len() {
        return (f64::NAN, f64::NAN);
    }
    let stat: f64 = counts
        .iter()
        .zip(shares)
        .map(|(&c, &s)| {
            let e = s * n as f64;
            (c as f64 - e).powi(2) / e
        })
        .sum();
    let p = ChiSquared::new((counts.len() - 1) as f64)
        .map(|d| 1.0 - d.cdf(stat))
        .unwrap_or(f64::NAN);
    (stat, p)
}

/// Counts of PIT values in `bins` equal-width bins of [0, 1].
pub fn pit_histogram(pits: impl Iterator<Item = f64>, bins: usize) -> Vec<u64> {
    let mut h = vec![0u64; bins.max(1)];
    let nb = h.len();
    for u in pits.filter(|u| u.is_finite()) {
        let b = ((u * nb as f64) as usize).min(nb - 1);
        h[b] += 1;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crps_matches_the_pairwise_definition() {
        // Hand-computed: xs = {1, 2, 4}, y = 3.
        // E|X-y| = (2 + 1 + 1)/3 = 4/3; pairwise |xi-xj| over 9 ordered
        // pairs = 2*(1 + 3 + 2) = 12, so E|X-X'| = 12/9 = 4/3 and
        // CRPS = 4/3 - 2/3 = 2/3.
        assert!((crps(&[1.0, 2.0, 4.0], 3.0) - 2.0 / 3.0).abs() < 1e-12);
        // A point forecast scores its absolute error.
        assert!((crps(&[5.0], 2.0) - 3.0).abs() < 1e-12);
        // Brute force on an irregular ensemble.
        let xs: [f64; 6] = [0.3, 0.3, 1.7, 2.2, 5.0, 9.1];
        let y = 2.0_f64;
        let t = xs.len() as f64;
        let a: f64 = xs.iter().map(|x| (x - y).abs()).sum::<f64>() / t;
        let b: f64 = xs
            .iter()
            .flat_map(|x| xs.iter().map(move |z| (x - z).abs()))
            .sum::<f64>()
            / (t * t);
        assert!((crps(&xs, y) - (a - b / 2.0)).abs() < 1e-12);
    }

    #[test]
    fn pinball_and_quantile_score_by_hand() {
        assert!((pinball(10.0, 0.05, 8.0) - 0.95 * 2.0).abs() < 1e-12);
        assert!((pinball(10.0, 0.95, 8.0) - 0.05 * 2.0).abs() < 1e-12);
        assert!((pinball(10.0, 0.25, 12.0) - 0.25 * 2.0).abs() < 1e-12);
        // qs = 1..5 at p5..p95, y = 3.5:
        // 0.05*2.5 + 0.25*1.5 + 0.5*0.5 + 0.25*0.5 + 0.05*1.5 = 0.95; mean 0.19.
        let qs = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert!((quantile_score(&qs, 3.5) - 0.19).abs() < 1e-12);
    }

    #[test]
    fn pit_ranks_and_ties() {
        let xs = [1.0, 2.0, 3.0, 4.0];
        // Below all: rank 0, so PIT in [0, 1/5).
        assert!((pit(&xs, 0.0, 0.7, 0.5) - 0.1).abs() < 1e-12);
        // Above all: rank 4 → (4 + 0.5) / 5.
        assert!((pit(&xs, 9.0, 0.7, 0.5) - 0.9).abs() < 1e-12);
        // Ties: y = 2 equals one value; below = 1, extra in {0, 1}.
        assert!((pit(&xs, 2.0, 0.2, 0.0) - 0.2).abs() < 1e-12);
        assert!((pit(&xs, 2.0, 0.9, 0.0) - 0.4).abs() < 1e-12);
        // All equal (a council with no delays, forecast zero): uniform over ranks.
        let zeros = [0.0; 9];
        assert!((pit(&zeros, 0.0, 0.999, 0.0) - 0.9).abs() < 1e-12);
        assert!(covered(0.5, 0.5) && !covered(0.8, 0.5) && covered(0.9, 0.9));
    }

    #[test]
    fn nearest_rank_quantiles() {
        let s = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        assert_eq!(quantile(&s, 0.05), 1.0);
        assert_eq!(quantile(&s, 0.5), 5.0);
        assert_eq!(quantile(&s, 0.95), 10.0);
        assert!(quantile(&[], 0.5).is_nan());
    }

    #[test]
    fn chi_square_by_hand() {
        // counts 30/10 against 50/50 of 40: (10^2 + 10^2)/20 = 10, 1 df;
        // P(chi2_1 > 10) = 0.001565.
        let (stat, p) = chi_square(&[30, 10], &[0.5, 0.5]);
        assert!((stat - 10.0).abs() < 1e-12);
        assert!((p - 0.001565).abs() < 1e-5, "{p}");
        assert_eq!(pit_histogram([0.0, 0.05, 0.95, 1.0].into_iter(), 10)[9], 2);
    }
}
