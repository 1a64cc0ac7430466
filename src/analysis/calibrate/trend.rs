//! The `damped_trend` model's slope parameters, per stream: damping `phi`
//! and innovation sd `q` of the national slope departure (`model::slope`),
//! by maximum likelihood of the same Kalman filter the engine runs at the
//! origin, over the calibration window, on the plan's drifts, volatilities,
//! national share and seasonal profile (so estimate those first and apply
//! them: `calibrate::apply`).
//!
//! Search: a grid (`phi` 0 to 0.98 by 0.02; `q` 0 and 40 values from 1e-4
//! to 0.1, geometric), then golden-section refinement of each coordinate in
//! turn. Standard errors: the inverse of the observed information (central
//! differences of the log-likelihood); `NaN` at a boundary or where the
//! curvature is not negative definite (a flat likelihood says little).

use crate::model::slope::{Observations, filter, observations};
use crate::month::Month;
use crate::scenario::plan::{Plan, Stream};

/// One stream's estimate (the default: no slope, `phi` 0.8 as the
/// scenario default, standard errors unknown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendFit {
    pub damping: f64,
    pub damping_se: f64,
    pub slope_volatility: f64,
    pub slope_volatility_se: f64,
    /// Months in the likelihood.
    pub months: usize,
    /// Log-likelihood at the estimate and with no slope (`q = 0`).
    pub loglik: f64,
    pub loglik_flat: f64,
}

impl Default for TrendFit {
    fn default() -> TrendFit {
        TrendFit {
            damping: 0.8,
            damping_se: f64::NAN,
            slope_volatility: 0.0,
            slope_volatility_se: f64::NAN,
            months: 0,
            loglik: f64::NAN,
            loglik_flat: f64::NAN,
        }
    }
}

const PHI_MAX: f64 = 0.98;
const Q_MAX: f64 = 0.1;

/// Fits every stream on the plan's history over `from ..= to`, using all councils.
pub fn estimate(plan: &Plan, from: Month, to: Month) -> [TrendFit; 3] {
    Stream::ALL.map(|s| fit(&observations(plan, s, from, to, |_| true)))
}

/// Maximum-likelihood `(phi, q)` for one series of observations.
pub fn fit(obs: &Observations) -> TrendFit {
    let ll = |phi: f64, q: f64| filter(obs, phi, q).loglik;
    let qs: Vec<f64> = std::iter::once(0.0)
        .chain((0..40).map(|k| 1e-4 * 1000f64.powf(f64::from(k) / 39.0)))
        .collect();
    let mut best = (f64::NEG_INFINITY, 0.0, 0.0);
    for pk in 0..50 {
        let phi = f64::from(pk) * 0.02;
        for &q in &qs {
            let v = ll(phi, q);
            if v > best.0 {
                best = (v, phi, q);
            }
        }
    }
    let (_, mut phi, mut q) = best;
    for _ in 0..4 {
        phi = golden(
            |x| ll(x, q),
            (phi - 0.03).max(0.0),
            (phi + 0.03).min(PHI_MAX),
        );
        q = golden(|x| ll(phi, x), q * 0.5, (q * 2.0 + 1e-4).min(Q_MAX));
    }
    let (phi_se, q_se) = standard_errors(&ll, phi, q);
    let f = filter(obs, phi, q);
    TrendFit {
        damping: phi,
        damping_se: phi_se,
        slope_volatility: q,
        slope_volatility_se: q_se,
        months: f.n,
        loglik: f.loglik,
        loglik_flat: filter(obs, 0.0, 0.0).loglik,
    }
}

/// Maximiser of a unimodal `f` on `[a, b]` (60 golden-section steps).
fn golden(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (b - r * (b - a), a + r * (b - a));
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..60 {
        if fc > fd {
            b = d;
            (d, fd) = (c, fc);
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            (c, fc) = (d, fd);
            d = a + r * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}

/// Standard errors from the observed information at `(phi, q)`.
fn standard_errors(ll: &impl Fn(f64, f64) -> f64, phi: f64, q: f64) -> (f64, f64) {
    let (hp, hq) = (1e-3, (q * 1e-2).max(1e-5));
    if phi - hp < 0.0 || phi + hp > PHI_MAX || q - hq <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    let f0 = ll(phi, q);
    let fpp = (ll(phi + hp, q) - 2.0 * f0 + ll(phi - hp, q)) / (hp * hp);
    let fqq = (ll(phi, q + hq) - 2.0 * f0 + ll(phi, q - hq)) / (hq * hq);
    let fpq = (ll(phi + hp, q + hq) - ll(phi + hp, q - hq) - ll(phi - hp, q + hq)
        + ll(phi - hp, q - hq))
        / (4.0 * hp * hq);
    // Information = -Hessian; its inverse's diagonal.
    let (a, b, c) = (-fpp, -fpq, -fqq);
    let det = a * c - b * b;
    if a <= 0.0 || det <= 0.0 {
        return (f64::NAN, f64::NAN);
    }
    ((c / det).sqrt(), (a / det).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_finds_a_parabola_top() {
        let x = golden(|x| -(x - 0.3).powi(2), 0.0, 1.0);
        assert!((x - 0.3).abs() < 1e-9);
    }
}
