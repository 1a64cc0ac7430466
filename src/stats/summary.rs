//! Summaries of per-trial national figures: mean, standard error, sample sd,
//! nearest-rank quantiles, extremes and expected shortfall.
//!
//! Means and variances are computed from exact `i128` sums, so they do not
//! depend on the order in which trials were simulated. Time: O(n log n) (sort).

use super::quantile::{self, Rank};

/// A per-trial figure summarised.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Summary {
    pub mean: f64,
    pub se: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    /// Mean of the worst (largest) `ceil(0.05 n)` trials.
    pub es95: f64,
}

/// Exact mean and sample variance of integers, scaled by `1/scale`.
pub fn mean_var(values: &[i64], scale: f64) -> (f64, f64) {
    let mut m = Moments::default();
    values.iter().for_each(|&v| m.add(v));
    m.mean_var(scale)
}

/// Running exact sums of integers (count, sum, sum of squares): the mean
/// and standard error of [`summarize`] without keeping the values, merged
/// by addition (order-free). `ibcf design` keeps one per variant and figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Moments {
    pub n: u64,
    pub s: i128,
    pub ss: i128,
}

impl Moments {
    #[inline]
    pub fn add(&mut self, v: i64) {
        let v = i128::from(v);
        self.n += 1;
        self.s += v;
        self.ss += v * v;
    }

    pub fn merge(&mut self, o: &Moments) {
        self.n += o.n;
        self.s += o.s;
        self.ss += o.ss;
    }

    /// Mean and sample variance, scaled by `1/scale` (NaN when empty).
    pub fn mean_var(&self, scale: f64) -> (f64, f64) {
        let (n, s, ss) = (i128::from(self.n), self.s, self.ss);
        if n == 0 {
            return (f64::NAN, f64::NAN);
        }
        let mean = s as f64 / n as f64 / scale;
        let var = if n > 1 {
            // n*ss - s^2 is exact; divide once.
            (n * ss - s * s) as f64 / (n * (n - 1)) as f64 / (scale * scale)
        } else {
            0.0
        };
        (mean, var)
    }

    /// Mean and standard error, exactly as [`summarize`] gives them.
    pub fn mean_se(&self, scale: f64) -> (f64, f64) {
        let (mean, var) = self.mean_var(scale);
        (mean, var.max(0.0).sqrt() / (self.n as f64).sqrt())
    }
}

/// Nearest-rank quantile of sorted values ([`Rank::Tolerant`]); 0 when empty.
pub fn nearest_rank(sorted: &[i64], p: f64) -> i64 {
    quantile::nearest_rank(sorted, p, Rank::Tolerant).unwrap_or(0)
}

/// Per-trial counts (e.g. councils reviewed in each trial) as the `i64`
/// values [`summarize`] takes.
pub fn counts(per_trial: &[u32]) -> Vec<i64> {
    per_trial.iter().map(|&k| i64::from(k)).collect()
}

/// Summarises per-trial integers, reported divided by `scale` (100 for pence → pounds).
pub fn summarize(values: &[i64], scale: f64) -> Summary {
    let (mean, var) = mean_var(values, scale);
    let sd = var.max(0.0).sqrt();
    let n = values.len();
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let q = |p| nearest_rank(&sorted, p) as f64 / scale;
    let tail = quantile::rank(n as u64, 0.05, Rank::Tolerant) as usize;
    let worst: i128 = sorted.iter().rev().take(tail).map(|&v| i128::from(v)).sum();
    Summary {
        mean,
        se: sd / (n as f64).sqrt(),
        sd,
        p5: q(0.05),
        p50: q(0.5),
        p95: q(0.95),
        min: sorted.first().copied().unwrap_or(0) as f64 / scale,
        max: sorted.last().copied().unwrap_or(0) as f64 / scale,
        es95: worst as f64 / tail as f64 / scale,
    }
}

/// [`summarize`] of the whole-number values a histogram counts
/// (`counts[k]` trials took the value `k`): the same figures bit for bit
/// (the moments are the same exact integers, the quantiles the same
/// nearest ranks), in memory flat in trials.
pub fn summarize_counts(counts: &[u64], scale: f64) -> Summary {
    let mut m = Moments::default();
    for (k, &c) in counts.iter().enumerate() {
        let (k, c) = (k as i128, i128::from(c));
        m.n += c as u64;
        m.s += k * c;
        m.ss += k * k * c;
    }
    let (mean, var) = m.mean_var(scale);
    let sd = var.max(0.0).sqrt();
    let q = |p| {
        quantile::nearest_bin(counts.iter().copied(), p, Rank::Tolerant).unwrap_or(0) as f64 / scale
    };
    let tail = quantile::rank(m.n, 0.05, Rank::Tolerant);
    let (mut left, mut worst) = (tail, 0i128);
    for (k, &c) in counts.iter().enumerate().rev() {
        let take = c.min(left);
        worst += k as i128 * i128::from(take);
        left -= take;
        if left == 0 {
            break;
        }
    }
    let min = counts.iter().position(|&c| c > 0).unwrap_or(0);
    let max = counts.iter().rposition(|&c| c > 0).unwrap_or(0);
    Summary {
        mean,
        se: sd / (m.n as f64).sqrt(),
        sd,
        p5: q(0.05),
        p50: q(0.5),
        p95: q(0.95),
        min: min as f64 / scale,
        max: max as f64 / scale,
        es95: worst as f64 / tail as f64 / scale,
    }
}

/// Trial counts for the convergence table: 1/8, 1/4, 1/2 and all (at least 1 each).
pub fn convergence_points(trials: usize) -> [usize; 4] {
    [
        (trials / 8).max(1),
        (trials / 4).max(1),
        (trials / 2).max(1),
        trials.max(1),
    ]
}

/// Equal-width histogram of `values / scale`: `bins` bins from min to max, one
/// bin when min == max. Returns (edges, counts).
pub fn equal_width(values: &[i64], scale: f64, bins: usize) -> (Vec<f64>, Vec<u64>) {
    let (Some(&lo), Some(&hi)) = (values.iter().min(), values.iter().max()) else {
        return (vec![0.0, 0.0], vec![0]);
    };
    if lo == hi {
        return (
            vec![lo as f64 / scale, hi as f64 / scale],
            vec![values.len() as u64],
        );
    }
    let width = (hi - lo) as f64 / bins as f64;
    let edges = (0..=bins)
        .map(|b| (lo as f64 + width * b as f64) / scale)
        .collect();
    let mut counts = vec![0u64; bins];
    for &v in values {
        let b = (((v - lo) as f64 / width) as usize).min(bins - 1);
        counts[b] += 1;
    }
    (edges, counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_one_to_hundred() {
        let v: Vec<i64> = (1..=100).rev().collect();
        let s = summarize(&v, 1.0);
        assert_eq!(
            (s.p5, s.p50, s.p95, s.min, s.max),
            (5.0, 50.0, 95.0, 1.0, 100.0)
        );
        assert_eq!(s.es95, (96 + 97 + 98 + 99 + 100) as f64 / 5.0);
        assert!((s.mean - 50.5).abs() < 1e-12);
        let var: f64 = v.iter().map(|&x| (x as f64 - 50.5).powi(2)).sum::<f64>() / 99.0;
        assert!((s.sd - var.sqrt()).abs() < 1e-9);
    }

    /// The histogram form gives the per-trial form's figures bit for bit,
    /// on skewed, tied, one-valued and empty samples.
    #[test]
    fn summarize_counts_equals_summarize() {
        let mut samples: Vec<Vec<i64>> = vec![vec![], vec![7], vec![3; 40], (0..151).collect()];
        let mut x = 12345u64;
        samples.push(
            (0..9_999)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    ((x >> 33) % 90) as i64 * ((x >> 20) % 3) as i64 / 2
                })
                .collect(),
        );
        for v in samples {
            let top = v.iter().copied().max().unwrap_or(0) as usize;
            let mut h = vec![0u64; top + 1];
            v.iter().for_each(|&k| h[k as usize] += 1);
            let (a, b) = (summarize(&v, 1.0), summarize_counts(&h, 1.0));
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{} values", v.len());
        }
    }

    #[test]
    fn histogram_counts_every_value() {
        let v = [0i64, 1, 2, 3, 4, 100];
        let (e, c) = equal_width(&v, 1.0, 4);
        assert_eq!(e.len(), 5);
        assert_eq!(c.iter().sum::<u64>(), 6);
        assert_eq!(c[3], 1);
        assert_eq!(equal_width(&[5, 5], 1.0, 40).1, vec![2]);
    }
}
