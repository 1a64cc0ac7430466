//! Correlation shares from the cross-section of standardised residuals.
//!
//! With `z = (d - mu) / sd` scaled up by the latent share of variance, the average product over pairs of
//! series in different regions estimates `rho_n`; in the same region but
//! different councils `rho_n + rho_r`; in the same council (different
//! streams) `rho_n + rho_r + rho_c`. Observation noise is independent across
//! series, so only the latent part of each variance carries correlation. Pair sums
//! come from group sums (`(S^2 - Q) / 2`), so the cost is linear in series.
//! Standard errors: jackknife over months.

use super::estimate::Estimates;
use super::series::Series;
use crate::scenario::plan::{Stream, council_stream};

/// Estimated shares and their jackknife standard errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shares {
    pub national: f64,
    pub regional: f64,
    pub council: f64,
    pub se: [f64; 3],
}

/// Pair sums and counts for one month: [different region, same region other council, same council].
type MonthSums = ([f64; 3], [f64; 3]);

fn month_sums(
    series: &Series,
    est: &Estimates,
    region: &[usize],
    n_regions: usize,
    m: usize,
) -> MonthSums {
    let mut region_s = vec![0.0; n_regions];
    let mut region_q = vec![0.0; n_regions];
    let mut region_n = vec![0.0; n_regions];
    let (mut all_s, mut all_q, mut all_n) = (0.0, 0.0, 0.0);
    let (mut council_pairs, mut council_cnt) = (0.0, 0.0);
    for (c, &r) in region.iter().enumerate().take(series.n_councils) {
        let (mut cs, mut cq, mut cn) = (0.0, 0.0, 0.0);
        for s in Stream::ALL {
            let k = council_stream(c, s);
            let (a, b) = (series.get(c, s, m - 1), series.get(c, s, m));
            // The plain sample sd is precise; noise attenuation is undone by `latent_scale`.
            let sd = est.moments[k].var.sqrt();
            if !(a.is_finite() && b.is_finite() && sd.is_finite() && sd > 0.0) {
                continue;
            }
            let z = (b - a - est.drift[k]) / sd;
            cs += z;
            cq += z * z;
            cn += 1.0;
        }
        council_pairs += (cs * cs - cq) / 2.0;
        council_cnt += cn * (cn - 1.0) / 2.0;
        region_s[r] += cs;
        region_q[r] += cq;
        region_n[r] += cn;
        all_s += cs;
        all_q += cq;
        all_n += cn;
    }
    let mut reg_pairs = 0.0;
    let mut reg_cnt = 0.0;
    for r in 0..n_regions {
        reg_pairs += (region_s[r] * region_s[r] - region_q[r]) / 2.0;
        reg_cnt += region_n[r] * (region_n[r] - 1.0) / 2.0;
    }
    let all_pairs = (all_s * all_s - all_q) / 2.0;
    let all_cnt = all_n * (all_n - 1.0) / 2.0;
    (
        [
            all_pairs - reg_pairs,
            reg_pairs - council_pairs,
            council_pairs,
        ],
        [all_cnt - reg_cnt, reg_cnt - council_cnt, council_cnt],
    )
}

fn shares_from(sum: [f64; 3], cnt: [f64; 3], norm: f64) -> [f64; 3] {
    let avg = |i: usize| {
        if cnt[i] > 0.0 {
            sum[i] / cnt[i] / norm
        } else {
            0.0
        }
    };
    let (c1, c2, c3) = (avg(0), avg(1), avg(2));
    let n = c1.clamp(0.0, 1.0);
    let r = (c2 - c1).clamp(0.0, 1.0);
    let c = (c3 - c2).clamp(0.0, 1.0);
    let total = n + r + c;
    // Keep at least 5% idiosyncratic so the model stays well defined.
    let scale = if total > 0.95 { 0.95 / total } else { 1.0 };
    [n * scale, r * scale, c * scale]
}

/// Estimates the three shares and their jackknife standard errors.
pub fn estimate(series: &Series, est: &Estimates, region: &[usize], n_regions: usize) -> Shares {
    let per_month: Vec<MonthSums> = (1..series.n_months)
        .map(|m| month_sums(series, est, region, n_regions, m))
        .collect();
    let total = per_month
        .iter()
        .fold(([0.0; 3], [0.0; 3]), |acc, (s, c)| add(acc, (*s, *c), 1.0));
    let norm = latent_scale(est);
    let full = shares_from(total.0, total.1, norm);
    let k = per_month.len() as f64;
    let mut se = [0.0; 3];
    if k >= 2.0 {
        let loo: Vec<[f64; 3]> = per_month
            .iter()
            .map(|(s, c)| {
                let t = add(total, (*s, *c), -1.0);
                shares_from(t.0, t.1, norm)
            })
            .collect();
        for i in 0..3 {
            let mean = loo.iter().map(|x| x[i]).sum::<f64>() / k;
            let ss = loo.iter().map(|x| (x[i] - mean).powi(2)).sum::<f64>();
            se[i] = ((k - 1.0) / k * ss).sqrt();
        }
    }
    Shares {
        national: full[0],
        regional: full[1],
        council: full[2],
        se,
    }
}

/// Mean latent share of each series' variance, `latent_var / var`. With z
/// standardised by the total sd, pair averages estimate `rho` times this
/// share (observation noise is independent across series), so dividing by it
/// undoes the attenuation. (A series' own latent sd is too noisy to
/// standardise by: errors correlated within a council inflate its pairs.)
fn latent_scale(est: &Estimates) -> f64 {
    let ratios: Vec<f64> = est
        .moments
        .iter()
        .map(|m| m.latent_var / m.var)
        .filter(|r| r.is_finite() && *r > 0.0)
        .collect();
    if ratios.is_empty() {
        return 1.0;
    }
    ratios.iter().sum::<f64>() / ratios.len() as f64
}

fn add(a: MonthSums, b: MonthSums, sign: f64) -> MonthSums {
    let mut out = a;
    for i in 0..3 {
        out.0[i] += sign * b.0[i];
        out.1[i] += sign * b.1[i];
    }
    out
}
