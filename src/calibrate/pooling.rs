//! Partial pooling: empirical-Bayes shrinkage of noisy per-council estimates
//! toward their region, and of regions toward the nation.
//!
//! Normal–normal model: a council's raw estimate `x_i` has sampling variance
//! `v_i` around its true value, and true values scatter around the region
//! mean with variance `tau2` (one per call, estimated by moments:
//! `tau2 = max(0, mean squared deviation from region means - mean v)`).
//! The shrunk estimate is `w_i x_i + (1 - w_i) m_r` with `w_i = tau2 / (tau2 + v_i)`.
//! Region means are shrunk to the national mean the same way.

/// Shrinks `x` (sampling variances `v`, group of each item in `group`) and
/// returns the pooled estimates. Items with non-finite `x` get their group's mean.
pub fn shrink(x: &[f64], v: &[f64], group: &[usize], n_groups: usize) -> Vec<f64> {
    let ok = |i: usize| x[i].is_finite() && v[i].is_finite();
    let idx: Vec<usize> = (0..x.len()).filter(|&i| ok(i)).collect();
    if idx.is_empty() {
        return vec![0.0; x.len()];
    }
    let national = idx.iter().map(|&i| x[i]).sum::<f64>() / idx.len() as f64;
    let mut gsum = vec![0.0; n_groups];
    let mut gcnt = vec![0.0; n_groups];
    for &i in &idx {
        gsum[group[i]] += x[i];
        gcnt[group[i]] += 1.0;
    }
    let raw_mean: Vec<f64> = (0..n_groups)
        .map(|g| {
            if gcnt[g] > 0.0 {
                gsum[g] / gcnt[g]
            } else {
                national
            }
        })
        .collect();
    let mean_v = idx.iter().map(|&i| v[i]).sum::<f64>() / idx.len() as f64;
    let dev2 = idx
        .iter()
        .map(|&i| {
            let n = gcnt[group[i]];
            let corr = if n > 1.0 { n / (n - 1.0) } else { 1.0 };
            (x[i] - raw_mean[group[i]]).powi(2) * corr
        })
        .sum::<f64>()
        / idx.len() as f64;
    let tau2 = (dev2 - mean_v).max(0.0);
    let region = shrink_groups(&raw_mean, &gcnt, tau2 + mean_v, national);
    (0..x.len())
        .map(|i| {
            let m = region[group[i]];
            if !ok(i) {
                return m;
            }
            let w = if tau2 + v[i] > 0.0 {
                tau2 / (tau2 + v[i])
            } else {
                0.0
            };
            w * x[i] + (1.0 - w) * m
        })
        .collect()
}

/// Shrinks group means (each the mean of `n_g` items of variance `item_var`) toward `national`.
fn shrink_groups(mean: &[f64], n: &[f64], item_var: f64, national: f64) -> Vec<f64> {
    let used: Vec<usize> = (0..mean.len()).filter(|&g| n[g] > 0.0).collect();
    if used.len() < 2 {
        return mean.to_vec();
    }
    let var_between = used
        .iter()
        .map(|&g| (mean[g] - national).powi(2))
        .sum::<f64>()
        / (used.len() - 1) as f64;
    let mean_sampling = used.iter().map(|&g| item_var / n[g]).sum::<f64>() / used.len() as f64;
    let omega2 = (var_between - mean_sampling).max(0.0);
    (0..mean.len())
        .map(|g| {
            if n[g] == 0.0 {
                return national;
            }
            let s = item_var / n[g];
            let w = if omega2 + s > 0.0 {
                omega2 / (omega2 + s)
            } else {
                0.0
            };
            w * mean[g] + (1.0 - w) * national
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_between_group_spread_shrinks_all_the_way() {
        // Every council measures the same truth with noise: estimates collapse to the mean.
        let x = [0.9, 1.1, 1.0, 0.95, 1.05, 1.0];
        let v = [1.0; 6];
        let out = shrink(&x, &v, &[0, 0, 0, 1, 1, 1], 2);
        for o in out {
            assert!((o - 1.0).abs() < 1e-12, "{o}");
        }
    }

    #[test]
    fn precise_estimates_are_kept() {
        // Tiny sampling variance, real spread: estimates stay where they are.
        let x = [0.0, 1.0, 2.0, 10.0, 11.0, 12.0];
        let v = [1e-9; 6];
        let out = shrink(&x, &v, &[0, 0, 0, 1, 1, 1], 2);
        for (a, b) in out.iter().zip(x) {
            assert!((a - b).abs() < 1e-6, "{a} vs {b}");
        }
    }

    #[test]
    fn noisier_items_move_further() {
        let x = [0.0, 2.0, 1.0, 1.0];
        let v = [0.1, 2.0, 0.1, 0.1];
        let out = shrink(&x, &v, &[0, 0, 0, 0], 1);
        assert!((out[1] - 2.0).abs() > (out[0] - 0.0).abs());
    }
}
