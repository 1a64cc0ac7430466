//! The national swing: how far the national level moves over 1–6 months
//! beyond what the fitted model already carries (DECISIONS #77).
//!
//! Why: councils move together more than the calibrated national shock
//! allows at the forecast horizon (the backtest's December count missed
//! four origins running when delays stopped rising). The model's own
//! forecast of the national mean log level from a past origin `o` is the
//! level at `o` plus `h` times the drift estimated on the months up to `o`;
//! its forecast errors `e_h(o)` over past origins show how far the nation
//! really moved. The model already implies `h · v1 + 2 vn` for their
//! variance (v1: the variance of one month's change of the cross-council
//! mean under the fitted volatilities and correlation shares; vn: the
//! averaged observation noise at the two ends). What is left,
//! `excess_h = mean(e_h²) − h v1 − 2 vn`, is fitted as `s² h²` by least
//! squares over h = 1..6 (a per-trial common drift offset of sd `s`, which
//! is how the model carries it: `Trajectory::national_swing`). The drift's
//! own estimation error is part of the excess on purpose: the forecast
//! uses an estimated drift, so the outcome moves by that error too.
//! Everything comes from the calibration window alone, so at a backtest
//! origin only history up to the origin is used.

use super::correlation::Shares;
use super::estimate::Estimates;
use super::series::Series;
use crate::scenario::plan::{Stream, council_stream};

/// Longest horizon fitted (months).
pub const MAX_HORIZON: usize = 6;
/// Months of changes a past origin needs before its drift is estimated.
pub const MIN_HISTORY: usize = 12;
/// Past origins a horizon needs to enter the fit.
const MIN_ORIGINS: usize = 3;

/// The fitted swing of one stream.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SwingFit {
    /// sd of the per-trial drift offset (log change per month).
    pub sd: f64,
    /// Approximate standard error of `sd` (`NaN` when not estimable).
    pub se: f64,
    /// Past origins scored at horizon 1 (0: too little history, sd 0).
    pub origins: usize,
}

/// The swing of every stream from the calibration's series and estimates.
pub fn estimate(ser: &Series, est: &Estimates, shares: &Shares, region: &[usize]) -> [SwingFit; 3] {
    Stream::ALL.map(|s| {
        let m = national_series(ser, s);
        let (v1, vn) = implied(ser, est, shares, region, s);
        fit(&m, v1, vn, MIN_HISTORY)
    })
}

/// Cumulated mean change over councils observed in both months (level 0
/// at the first month; `NaN` after a month nobody reported).
fn national_series(ser: &Series, s: Stream) -> Vec<f64> {
    let mut m = vec![0.0; ser.n_months];
    for t in 1..ser.n_months {
        let (mut sum, mut k) = (0.0, 0.0);
        for c in 0..ser.n_councils {
            let (a, b) = (ser.get(c, s, t - 1), ser.get(c, s, t));
            if a.is_finite() && b.is_finite() {
                sum += b - a;
                k += 1.0;
            }
        }
        m[t] = m[t - 1] + if k > 0.0 { sum / k } else { f64::NAN };
    }
    m
}

/// Variance of one month's change of the cross-council mean implied by the
/// fitted model (v1), and of the mean observation noise (vn).
fn implied(
    ser: &Series,
    est: &Estimates,
    shares: &Shares,
    region: &[usize],
    s: Stream,
) -> (f64, f64) {
    let n = ser.n_councils;
    let (wn, wr) = (shares.national.max(0.0), shares.regional.max(0.0));
    let own = (1.0 - wn - wr).max(0.0);
    let n_regions = region.iter().take(n).max().map_or(0, |r| r + 1);
    let mut by_region = vec![0.0; n_regions];
    let (mut sum, mut sq, mut noise, mut k) = (0.0, 0.0, 0.0, 0.0);
    for (c, &r) in region.iter().enumerate().take(n) {
        let cs = council_stream(c, s);
        let sigma = est.volatility[cs];
        if !sigma.is_finite() {
            continue;
        }
        sum += sigma;
        by_region[r] += sigma;
        sq += sigma * sigma;
        let nv = est.moments[cs].noise_var;
        noise += if nv.is_finite() { nv } else { 0.0 };
        k += 1.0;
    }
    if k == 0.0 {
        return (0.0, 0.0);
    }
    let regional: f64 = by_region.iter().map(|b| (b / k).powi(2)).sum();
    let v1 = (sum / k).powi(2) * wn + regional * wr + sq * own / (k * k);
    (v1, noise / (k * k))
}

/// Fits `s` from the national series `m` (level per month) given the
/// model-implied one-month variance `v1` and noise variance `vn`: past
/// origins from `min_history` on, horizons 1..=6 with at least 3 origins.
/// Standard error: delete-a-group jackknife over 10 groups of consecutive
/// past origins (a group's origins left out at every horizon), so errors
/// that persist over neighbouring origins are counted once.
pub fn fit(m: &[f64], v1: f64, vn: f64, min_history: usize) -> SwingFit {
    let last = m.len().saturating_sub(1);
    let first = min_history.max(1);
    // errs[h - 1]: (origin, error) at horizon h.
    let errs: Vec<Vec<(usize, f64)>> = (1..=MAX_HORIZON)
        .map(|h| {
            (first..=last.saturating_sub(h))
                .filter(|&o| o + h <= last)
                .map(|o| {
                    let drift = (m[o] - m[0]) / o as f64;
                    (o, m[o + h] - m[o] - h as f64 * drift)
                })
                .filter(|e| e.1.is_finite())
                .collect()
        })
        .collect();
    let origins = errs[0].len();
    let Some(s2) = least_squares(&errs, v1, vn, |_| true) else {
        return SwingFit {
            sd: 0.0,
            se: f64::NAN,
            origins,
        };
    };
    let sd = s2.max(0.0).sqrt();
    let span = last.saturating_sub(first) + 1;
    let groups = 10.min(span);
    let size = span.div_ceil(groups.max(1));
    let drops: Vec<f64> = (0..groups)
        .filter_map(|g| {
            let (lo, hi) = (first + g * size, first + (g + 1) * size);
            least_squares(&errs, v1, vn, |o| o < lo || o >= hi).map(|v| v.max(0.0).sqrt())
        })
        .collect();
    let k = drops.len() as f64;
    let se = if k >= 2.0 {
        let mean = drops.iter().sum::<f64>() / k;
        ((k - 1.0) / k * drops.iter().map(|d| (d - mean).powi(2)).sum::<f64>()).sqrt()
    } else {
        f64::NAN
    };
    SwingFit { sd, se, origins }
}

/// `s^2` by least squares of the excess squared error on `h^2` over the
/// origins `keep` accepts (weights: origins per horizon); `None` when no
/// horizon has 3 origins.
fn least_squares(
    errs: &[Vec<(usize, f64)>],
    v1: f64,
    vn: f64,
    keep: impl Fn(usize) -> bool,
) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (k, es) in errs.iter().enumerate() {
        let h = (k + 1) as f64;
        let (sum, n) = es
            .iter()
            .filter(|e| keep(e.0))
            .fold((0.0, 0usize), |(s, n), e| (s + e.1 * e.1, n + 1));
        if n < MIN_ORIGINS {
            continue;
        }
        let w = n as f64;
        let excess = sum / w - h * v1 - 2.0 * vn;
        num += w * h * h * excess;
        den += w * h.powi(4);
    }
    (den > 0.0).then(|| num / den)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic normals (Box–Muller on an LCG), independent of the engine.
    struct Normals(u64);
    impl Normals {
        fn next(&mut self) -> f64 {
            let mut u = || {
                self.0 = self
                    .0
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
            };
            let (a, b) = (u(), u());
            (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
        }
    }

    /// A national random walk with monthly sd `sd1` and a drift `0.01 + s z`
    /// redrawn every `block` months.
    fn series(seed: u64, len: usize, sd1: f64, s: f64, block: usize) -> Vec<f64> {
        let mut g = Normals(seed);
        let mut m = vec![0.0; len];
        let mut drift = 0.01;
        for t in 1..len {
            if t % block == 1 {
                drift = 0.01 + s * g.next();
            }
            m[t] = m[t - 1] + drift + sd1 * g.next();
        }
        m
    }

    #[test]
    fn no_swing_gives_about_zero() {
        // A plain random walk: the excess is only the drift's estimation error.
        let m = series(7, 4000, 0.03, 0.0, 4000);
        let f = fit(&m, 0.03 * 0.03, 0.0, 1000);
        assert!(f.sd < 0.003, "sd {}", f.sd);
    }

    #[test]
    fn recovers_a_known_swing_within_its_standard_error() {
        // Twenty independent histories with a known swing; the mean estimate
        // must lie within 3 standard errors (of the mean) of the truth.
        // Blocks of 60 months: a horizon of h <= 6 crosses a block edge at
        // under 10% of origins (which lowers the error a little).
        let (sd1, s) = (0.02, 0.01);
        let fits: Vec<SwingFit> = (0..20)
            .map(|k| fit(&series(100 + k, 6000, sd1, s, 60), sd1 * sd1, 0.0, 600))
            .collect();
        let est: Vec<f64> = fits.iter().map(|f| f.sd).collect();
        let mean = est.iter().sum::<f64>() / 20.0;
        let var = est.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 19.0;
        let se_mean = (var / 20.0).sqrt();
        assert!(
            (mean - s).abs() < 3.0 * se_mean + 0.0005,
            "mean {mean} vs {s}, se {se_mean}"
        );
        // The reported se is of the right order (within a factor 3 of the spread).
        let reported = fits.iter().map(|f| f.se).sum::<f64>() / 20.0;
        assert!(
            reported > var.sqrt() / 3.0 && reported < var.sqrt() * 3.0,
            "reported se {reported} vs spread {}",
            var.sqrt()
        );
        // Half the swing is told apart.
        let half: f64 = (0..20)
            .map(|k| {
                fit(
                    &series(100 + k, 6000, sd1, s / 2.0, 60),
                    sd1 * sd1,
                    0.0,
                    600,
                )
                .sd
            })
            .sum::<f64>()
            / 20.0;
        assert!(half < mean - 5.0 * se_mean, "half {half} vs {mean}");
    }

    #[test]
    fn too_short_history_gives_zero() {
        let m = series(3, 15, 0.03, 0.05, 60);
        let f = fit(&m, 0.03 * 0.03, 0.0, MIN_HISTORY);
        assert_eq!(f.sd, 0.0);
    }
}
