//! Paired comparisons of two options on the same trials.

use super::summary::mean_var;

/// Mean of per-trial differences `a - b` (divided by `scale`) and its standard
/// error, sample sd of the differences / sqrt(n).
pub fn paired(a: &[i64], b: &[i64], scale: f64) -> (f64, f64) {
    let d: Vec<i64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let (mean, var) = mean_var(&d, scale);
    (mean, (var.max(0.0) / d.len() as f64).sqrt())
}

/// The crate's one binomial standard error: of a share `p` observed over `n`
/// independent trials, in the plug-in (Wald) convention `sqrt(p (1 - p) / n)`
/// (the Bernoulli variance with divisor `n`, not `n - 1`); NaN when `n` is 0.
/// For a count `k` of `n`, pass `p = k / n`.
pub fn binomial_se(p: f64, n: u64) -> f64 {
    if n == 0 {
        return f64::NAN;
    }
    (p * (1.0 - p) / n as f64).sqrt()
}

/// Difference of two paired proportions from the switcher counts, with the
/// se of the per-trial differences (each -1, 0 or 1), sample variance.
pub fn paired_proportion(a_not_b: u64, b_not_a: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let nf = n as f64;
    let mean = (a_not_b as f64 - b_not_a as f64) / nf;
    let ss = (a_not_b + b_not_a) as f64;
    let var = if n > 1 {
        (ss - nf * mean * mean) / (nf - 1.0)
    } else {
        0.0
    };
    (mean, (var.max(0.0) / nf).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_se_is_the_wald_form() {
        assert!((binomial_se(0.9, 100) - 0.03).abs() < 1e-12);
        assert!(binomial_se(0.5, 0).is_nan());
    }

    #[test]
    fn paired_proportion_matches_direct_computation() {
        // 3 trials A-not-B, 1 B-not-A, 6 neither/both.
        let d = [1.0, 1.0, 1.0, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        let m = d.iter().sum::<f64>() / 10.0;
        let var = d.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 9.0;
        let (est, se) = paired_proportion(3, 1, 10);
        assert!((est - m).abs() < 1e-12);
        assert!((se - (var / 10.0).sqrt()).abs() < 1e-12);
    }
}
