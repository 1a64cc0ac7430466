//! Partial pooling: empirical-Bayes shrinkage of noisy per-council estimates
//! toward their region, and of regions toward the nation.
//!
//! Normal–normal random-effects model: a council's raw estimate `x_i` has
//! sampling variance `v_i` around its true value; true values scatter around
//! their region's mean with variance `tau2`, and region means around the
//! national mean with variance `omega2`. Both variances are estimated by
//! DerSimonian–Laird (precision-weighted, so a few very noisy councils do not
//! swamp the estimate). The shrunk estimate is
//! `(tau2 x_i + v_i m_r) / (tau2 + v_i)` where `m_r` is the region mean,
//! itself shrunk toward the nation.

/// How group and national means are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Means {
    /// Precision-weighted (`1 / (tau2 + v)`): efficient when an estimate and
    /// its sampling variance are unrelated (drifts).
    Weighted,
    /// Plain averages: unbiased when the sampling variance grows with the
    /// estimate itself (variances), where weighting would favour the smallest.
    Unweighted,
}

/// Shrinks `x` (sampling variances `v`, group of each item in `group`) and
/// returns the pooled estimates. Items with non-finite `x` or `v` get their
/// group's mean.
pub fn shrink(x: &[f64], v: &[f64], group: &[usize], n_groups: usize, means: Means) -> Vec<f64> {
    let ok = |i: usize| x[i].is_finite() && v[i].is_finite() && v[i] > 0.0;
    let idx: Vec<usize> = (0..x.len()).filter(|&i| ok(i)).collect();
    if idx.is_empty() {
        return vec![0.0; x.len()];
    }
    let tau2 = dersimonian_laird(&idx, x, |i| v[i], |i| group[i], n_groups);
    let w = |i: usize| match means {
        Means::Weighted => 1.0 / (tau2 + v[i]),
        Means::Unweighted => 1.0,
    };
    let mut sw = vec![0.0; n_groups];
    let mut swx = vec![0.0; n_groups];
    let mut svar = vec![0.0; n_groups];
    for &i in &idx {
        sw[group[i]] += w(i);
        swx[group[i]] += w(i) * x[i];
        svar[group[i]] += w(i) * w(i) * (tau2 + v[i]);
    }
    let national = swx.iter().sum::<f64>() / sw.iter().sum::<f64>();
    let used: Vec<usize> = (0..n_groups).filter(|&g| sw[g] > 0.0).collect();
    let mean: Vec<f64> = (0..n_groups)
        .map(|g| {
            if sw[g] > 0.0 {
                swx[g] / sw[g]
            } else {
                national
            }
        })
        .collect();
    let gvar: Vec<f64> = (0..n_groups)
        .map(|g| {
            if sw[g] > 0.0 {
                1.0 / sw[g]
            } else {
                f64::INFINITY
            }
        })
        .collect();
    let omega2 = dersimonian_laird(&used, &mean, |g| gvar[g], |_| 0, 1);
    let region: Vec<f64> = (0..n_groups)
        .map(|g| {
            if sw[g] > 0.0 {
                (omega2 * mean[g] + gvar[g] * national) / (omega2 + gvar[g])
            } else {
                national
            }
        })
        .collect();
    (0..x.len())
        .map(|i| {
            let m = region[group[i]];
            if ok(i) {
                (tau2 * x[i] + v[i] * m) / (tau2 + v[i])
            } else {
                m
            }
        })
        .collect()
}

/// DerSimonian–Laird between-item variance around group means:
/// `max(0, (Q - df) / C)` with fixed-effect weights `1/v`.
fn dersimonian_laird(
    idx: &[usize],
    x: &[f64],
    var: impl Fn(usize) -> f64,
    group: impl Fn(usize) -> usize,
    n_groups: usize,
) -> f64 {
    let mut sw = vec![0.0; n_groups];
    let mut sw2 = vec![0.0; n_groups];
    let mut swx = vec![0.0; n_groups];
    for &i in idx {
        let w = 1.0 / var(i);
        sw[group(i)] += w;
        sw2[group(i)] += w * w;
        swx[group(i)] += w * x[i];
    }
    let q: f64 = idx
        .iter()
        .map(|&i| (x[i] - swx[group(i)] / sw[group(i)]).powi(2) / var(i))
        .sum();
    let groups = (0..n_groups).filter(|&g| sw[g] > 0.0).count();
    let df = idx.len().saturating_sub(groups) as f64;
    let c: f64 = (0..n_groups)
        .filter(|&g| sw[g] > 0.0)
        .map(|g| sw[g] - sw2[g] / sw[g])
        .sum();
    if c > 0.0 {
        ((q - df) / c).max(0.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_between_group_spread_shrinks_all_the_way() {
        // Every council measures the same truth with noise: estimates collapse to the mean.
        let x = [0.9, 1.1, 1.0, 0.95, 1.05, 1.0];
        let v = [1.0; 6];
        let out = shrink(&x, &v, &[0, 0, 0, 1, 1, 1], 2, Means::Weighted);
        for o in out {
            assert!((o - 1.0).abs() < 1e-12, "{o}");
        }
    }

    #[test]
    fn precise_estimates_are_kept() {
        // Tiny sampling variance, real spread: estimates stay where they are.
        let x = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0];
        let v = [1e-9; 6];
        let out = shrink(&x, &v, &[0, 0, 0, 1, 1, 1], 2, Means::Weighted);
        for (a, b) in out.iter().zip(x) {
            assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        }
    }

    #[test]
    fn noisier_items_move_further() {
        let x = [0.0, 2.0, 1.0, 1.0];
        let v = [0.1, 2.0, 0.1, 0.1];
        let out = shrink(&x, &v, &[0, 0, 0, 0], 1, Means::Weighted);
        assert!((out[1] - 2.0).abs() > (out[0] - 0.0).abs());
    }

    #[test]
    fn unweighted_means_are_not_pulled_to_the_most_precise_items() {
        // Variance-like estimates whose sampling variance grows with them:
        // the group mean must be the plain mean, not the smallest values.
        let x = [1.0, 2.0, 3.0, 4.0];
        let v: Vec<f64> = x.iter().map(|a| 0.5 * a * a).collect();
        let out = shrink(&x, &v, &[0; 4], 1, Means::Unweighted);
        let mean = out.iter().sum::<f64>() / 4.0;
        assert!((mean - 2.5).abs() < 0.3, "{out:?}");
        let weighted = shrink(&x, &v, &[0; 4], 1, Means::Weighted);
        assert!(weighted.iter().sum::<f64>() / 4.0 < mean, "{weighted:?}");
    }

    #[test]
    fn a_few_very_noisy_items_do_not_force_complete_pooling() {
        // Real spread among precise items (sd 1), plus two hopeless ones.
        let x = [-1.5, -0.5, 0.5, 1.5, -1.0, 1.0, 0.0, 40.0, -40.0];
        let v = [0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 1e4, 1e4];
        let out = shrink(&x, &v, &[0; 9], 1, Means::Weighted);
        assert!(
            (out[0] + 1.5).abs() < 0.05 && (out[3] - 1.5).abs() < 0.05,
            "{out:?}"
        );
        assert!(out[7].abs() < 1.0 && out[8].abs() < 1.0, "{out:?}");
    }
}
