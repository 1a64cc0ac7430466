//! Variance-based (Sobol) sensitivity indices from a Saltelli design.
//!
//! Design: two independent N × d matrices A and B of uniform [0, 1) draws
//! (ChaCha8, fixed seed) and, for each parameter i, A_B^(i) = A with column
//! i taken from B: N (d + 2) model runs. Estimators (Saltelli et al. 2010,
//! table 2): first order S_i = mean(f(B) (f(A_B^i) − f(A))) / V (Saltelli
//! 2010), total ST_i = mean((f(A) − f(A_B^i))²) / (2V) (Jansen 1999), with V
//! the sample variance of f over A and B together. f(B) is centred on the
//! mean of f over A and B in the first-order sum (as SALib does): the same
//! expectation, far less variance when the output's mean is large against
//! its spread, as expected councils reviewed is. Confidence intervals:
//! percentile bootstrap over the N rows (fixed seed), which keeps each row's
//! A, B and A_B^i values together.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A Saltelli design on the unit hypercube.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    pub n: usize,
    pub d: usize,
    a: Vec<Vec<f64>>,
    b: Vec<Vec<f64>>,
}

/// Draws a design of `n` base rows for `d` parameters.
pub fn saltelli(n: usize, d: usize, seed: u64) -> Design {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = || -> Vec<Vec<f64>> {
        (0..n)
            .map(|_| (0..d).map(|_| rng.random::<f64>()).collect())
            .collect()
    };
    let a = draw();
    let b = draw();
    Design { n, d, a, b }
}

impl Design {
    /// Every point to evaluate, in the order [`indices`] expects: the rows
    /// of A, then of B, then of A_B^(1), …, A_B^(d).
    pub fn points(&self) -> Vec<Vec<f64>> {
        let mut out = self.a.clone();
        out.extend(self.b.iter().cloned());
        for i in 0..self.d {
            out.extend(self.a.iter().zip(&self.b).map(|(ra, rb)| {
                let mut r = ra.clone();
                r[i] = rb[i];
                r
            }));
        }
        out
    }
}

/// Indices with 95% bootstrap intervals and bootstrap standard errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Indices {
    pub first: Vec<f64>,
    pub total: Vec<f64>,
    pub first_ci: Vec<(f64, f64)>,
    pub total_ci: Vec<(f64, f64)>,
    pub first_se: Vec<f64>,
    pub total_se: Vec<f64>,
}

/// Point estimates from the outputs of rows `rows` (indices into 0..n).
fn estimate(n: usize, d: usize, y: &[f64], rows: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let fa = |j: usize| y[j];
    let fb = |j: usize| y[n + j];
    let fab = |i: usize, j: usize| y[(2 + i) * n + j];
    let m = rows.len() as f64;
    let mean = rows.iter().map(|&j| fa(j) + fb(j)).sum::<f64>() / (2.0 * m);
    let var = rows
        .iter()
        .map(|&j| (fa(j) - mean).powi(2) + (fb(j) - mean).powi(2))
        .sum::<f64>()
        / (2.0 * m - 1.0);
    if var.partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater) {
        return (vec![f64::NAN; d], vec![f64::NAN; d]);
    }
    let first = (0..d)
        .map(|i| {
            rows.iter()
                .map(|&j| (fb(j) - mean) * (fab(i, j) - fa(j)))
                .sum::<f64>()
                / m
                / var
        })
        .collect();
    let total = (0..d)
        .map(|i| {
            rows.iter()
                .map(|&j| (fa(j) - fab(i, j)).powi(2))
                .sum::<f64>()
                / (2.0 * m)
                / var
        })
        .collect();
    (first, total)
}

/// Percentile interval and standard deviation of bootstrap replicates.
fn spread(mut reps: Vec<f64>) -> ((f64, f64), f64) {
    reps.retain(|x| x.is_finite());
    if reps.len() < 2 {
        return ((f64::NAN, f64::NAN), f64::NAN);
    }
    reps.sort_by(f64::total_cmp);
    let q = |p: f64| reps[((p * (reps.len() - 1) as f64).round() as usize).min(reps.len() - 1)];
    let m = reps.iter().sum::<f64>() / reps.len() as f64;
    let sd = (reps.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (reps.len() - 1) as f64).sqrt();
    ((q(0.025), q(0.975)), sd)
}

/// Sobol indices from outputs `y` in [`Design::points`] order, with
/// `boot` bootstrap resamples (seeded by `seed`).
///
/// Time: O(boot × n × d).
pub fn indices(n: usize, d: usize, y: &[f64], boot: usize, seed: u64) -> Indices {
    let all: Vec<usize> = (0..n).collect();
    let (first, total) = estimate(n, d, y, &all);
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_B007);
    let mut fr = vec![Vec::with_capacity(boot); d];
    let mut tr = vec![Vec::with_capacity(boot); d];
    let mut rows = vec![0usize; n];
    for _ in 0..boot {
        for r in rows.iter_mut() {
            *r = rng.random_range(0..n.max(1));
        }
        let (f, t) = estimate(n, d, y, &rows);
        for i in 0..d {
            fr[i].push(f[i]);
            tr[i].push(t[i]);
        }
    }
    let (first_ci, first_se): (Vec<_>, Vec<_>) = fr.into_iter().map(spread).unzip();
    let (total_ci, total_se): (Vec<_>, Vec<_>) = tr.into_iter().map(spread).unzip();
    Indices {
        first,
        total,
        first_ci,
        total_ci,
        first_se,
        total_se,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    /// Ishigami: f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³, a = 7,
    /// b = 0.1, whose indices are known in closed form.
    #[test]
    fn ishigami_indices_match_the_closed_form() {
        let (a, b) = (7.0, 0.1);
        let (n, d) = (20_000, 3);
        let design = saltelli(n, d, 42);
        let y: Vec<f64> = design
            .points()
            .iter()
            .map(|u| {
                let x: Vec<f64> = u.iter().map(|v| -PI + 2.0 * PI * v).collect();
                x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin()
            })
            .collect();
        assert_eq!(y.len(), n * (d + 2));
        let ix = indices(n, d, &y, 200, 7);
        // Closed form (Ishigami & Homma 1990; Sobol' & Levitan 1999).
        let var = a * a / 8.0 + b * PI.powi(4) / 5.0 + b * b * PI.powi(8) / 18.0 + 0.5;
        let v1 = 0.5 * (1.0 + b * PI.powi(4) / 5.0).powi(2);
        let v2 = a * a / 8.0;
        let v13 = b * b * PI.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
        let s = [v1 / var, v2 / var, 0.0];
        let st = [(v1 + v13) / var, v2 / var, v13 / var];
        for i in 0..d {
            let tol1 = 4.0 * ix.first_se[i] + 1e-3;
            let tolt = 4.0 * ix.total_se[i] + 1e-3;
            assert!(
                (ix.first[i] - s[i]).abs() < tol1,
                "S{}: {} vs {} ± {tol1}",
                i + 1,
                ix.first[i],
                s[i]
            );
            assert!(
                (ix.total[i] - st[i]).abs() < tolt,
                "ST{}: {} vs {} ± {tolt}",
                i + 1,
                ix.total[i],
                st[i]
            );
            // The bootstrap se is small enough for the check to mean something.
            assert!(ix.first_se[i] < 0.03 && ix.total_se[i] < 0.03);
            assert!(ix.first_ci[i].0 <= ix.first[i] && ix.first[i] <= ix.first_ci[i].1);
        }
        // The reference values themselves (published to 4 decimals).
        assert!((s[0] - 0.3139).abs() < 1e-4 && (s[1] - 0.4424).abs() < 1e-4);
        assert!((st[0] - 0.5576).abs() < 1e-4 && (st[2] - 0.2437).abs() < 1e-4);
    }

    #[test]
    fn constant_output_has_no_indices() {
        let ix = indices(10, 2, &[1.0; 40], 20, 1);
        assert!(ix.first.iter().all(|x| x.is_nan()));
    }
}
