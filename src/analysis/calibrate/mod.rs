//! `ibcf calibrate`: trajectory parameters estimated from a scenario's
//! history, with partial pooling, written as an overlay the scenario can
//! `extends`.
//!
//! Pipeline: [`series`] (log levels, seasonal profile removed) →
//! [`estimate`] (moments of monthly changes per council and stream, noise
//! separated from latent volatility, jumps counted, empirical-Bayes pooling)
//! → [`correlation`] (national / regional / council shares) → [`trend`]
//! (the `damped_trend` slope's damping and volatility, by maximum likelihood
//! on the parameters above) → [`swing`] (the national swing at the forecast
//! horizon, from the national series' forecast errors) → [`pull`] (the
//! pull κ from months a target already covers, a posterior on the stated
//! prior) → [`overlay`]
//! (TOML text with a header of window, method and fit statistics; written
//! atomically by [`overlay::write`]); [`table`] is the terminal table.

pub mod apply;
pub mod correlation;
pub mod estimate;
pub mod overlay;
pub mod pooling;
pub mod pull;
pub mod pull_obs;
pub mod series;
pub mod swing;
pub mod table;
pub mod trend;

use crate::month::Month;
use crate::scenario::plan::{Plan, Stream, council_stream};

/// Everything `calibrate` estimates, with standard errors where it has them.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub from: Month,
    pub to: Month,
    pub offset: f64,
    pub n_series: usize,
    pub seasonality: [f64; 12],
    /// National drift and latent volatility per stream, with standard errors.
    pub stream_drift: [(f64, f64); 3],
    pub stream_volatility: [(f64, f64); 3],
    pub correlation: correlation::Shares,
    /// Jumps per council-month, their mean and sd on the log scale.
    pub jump: (f64, f64, f64),
    /// Negative binomial size k, and its standard error.
    pub dispersion: (f64, f64),
    /// Pooled per council–stream drift and volatility, flat `[council][stream]`.
    pub drift: Vec<f64>,
    pub volatility: Vec<f64>,
    /// Council codes, in plan order.
    pub codes: Vec<String>,
    /// Per stream: the `damped_trend` slope's damping and volatility.
    pub trend: [trend::TrendFit; 3],
    /// Per stream: the national swing (`national_swing`) and its se.
    pub swing: [swing::SwingFit; 3],
    /// The pull κ: estimate from observed target months, prior, posterior.
    pub pull: pull::PullFit,
}

/// Why a calibration cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum CalibrateError {
    /// The window holds fewer than 6 months of history (the user's to fix).
    #[error("the calibration window {from}..{to} is shorter than 6 months of history")]
    ShortWindow { from: Month, to: Month },
}

/// Estimates trajectory parameters from `plan.history` over `from ..= to`
/// (defaults: the whole history), with offset `c` taken from the plan's
/// first council's `asc` trajectory.
///
/// # Errors
/// When the window holds fewer than 6 months.
pub fn calibrate(
    plan: &Plan,
    from: Option<Month>,
    to: Option<Month>,
) -> Result<Calibration, CalibrateError> {
    let from = from.unwrap_or(plan.history.first).max(plan.history.first);
    let to = to.unwrap_or(plan.history.last()).min(plan.history.last());
    if to.since(from) < 5 {
        return Err(CalibrateError::ShortWindow { from, to });
    }
    let offset = plan.trajectories.get(1).map_or(0.1, |t| t.offset);
    let ser = series::build(plan, from, to, offset);
    let region = &plan.councils.region;
    let est = estimate::estimate(&ser, region, plan.regions.len());
    let mut shares = correlation::estimate(&ser, &est, region, plan.regions.len());
    let mut est = est;
    absorb_correction(&mut shares, &mut est, ser.n_months);
    let swing = swing::estimate(&ser, &est, &shares, region);
    let n = plan.councils.len();
    let stream_stat = |vals: &dyn Fn(usize) -> f64, s: Stream| {
        mean_se(
            (0..n)
                .map(|c| vals(council_stream(c, s)))
                .filter(|v| v.is_finite()),
        )
    };
    let raw_drift = |k: usize| est.moments[k].mean;
    let raw_var = |k: usize| est.moments[k].latent_var;
    let mut cal = Calibration {
        from,
        to,
        offset,
        n_series: est.moments.iter().filter(|m| m.mean.is_finite()).count(),
        seasonality: ser.seasonality,
        stream_drift: Stream::ALL.map(|s| stream_stat(&raw_drift, s)),
        // sqrt of the mean (unbiased) variance, not the mean of sqrt (biased low).
        stream_volatility: Stream::ALL.map(|s| {
            let (v, se) = stream_stat(&raw_var, s);
            (v.max(0.0).sqrt(), se / (2.0 * v.max(1e-12).sqrt()))
        }),
        correlation: shares,
        jump: jumps(&est.moments),
        dispersion: dispersion(&est.moments, &ser.mean_count),
        drift: est.drift,
        volatility: est.volatility,
        codes: plan.councils.code.clone(),
        trend: [trend::TrendFit::default(); 3],
        swing,
        pull: pull::PullFit::default(),
    };
    cal.pull = pull::fit(plan, &ser, &cal.drift, cal.dispersion.0);
    // The slope is filtered on the parameters just estimated.
    let mut fitted = plan.clone();
    apply::apply(&cal, &mut fitted);
    cal.trend = trend::estimate(&fitted, from, to);
    Ok(cal)
}

/// The seasonal profile's 12 calendar-month means soak up about `a = 12 / T`
/// (T = months of changes) of the common national shock, shrinking both the
/// national share and every series' variance. Undo it: observed share
/// `c = rho (1 - a) / (1 - rho a)` gives `rho = c / (1 - a + c a)`, and each
/// latent variance is divided by `1 - rho a`.
fn absorb_correction(
    shares: &mut correlation::Shares,
    est: &mut estimate::Estimates,
    n_months: usize,
) {
    let t = n_months.saturating_sub(1) as f64;
    if t < 24.0 {
        return;
    }
    let a = 12.0 / t;
    let c = shares.national;
    let rho = (c / (1.0 - a + c * a)).clamp(0.0, 0.95 - shares.regional - shares.council);
    shares.se[0] /= 1.0 - a + c * a;
    shares.national = rho.max(0.0);
    let factor = 1.0 / (1.0 - shares.national * a);
    for m in &mut est.moments {
        m.latent_var *= factor;
    }
    for v in &mut est.volatility {
        *v *= factor.sqrt();
    }
}

fn mean_se(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count() as f64;
    if n < 2.0 {
        return (xs.sum::<f64>(), f64::NAN);
    }
    let mean = xs.clone().sum::<f64>() / n;
    let var = xs.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

fn jumps(ms: &[estimate::Moments]) -> (f64, f64, f64) {
    let months: usize = ms.iter().map(|m| m.n + m.jumps).sum();
    let k: usize = ms.iter().map(|m| m.jumps).sum();
    if k == 0 || months == 0 {
        return (0.0, 0.0, 0.0);
    }
    let sum: f64 = ms.iter().map(|m| m.jump_sum).sum();
    let sq: f64 = ms.iter().map(|m| m.jump_sq).sum();
    let mean = sum / k as f64;
    let sd = (sq / k as f64 - mean * mean).max(0.0).sqrt();
    (k as f64 / months as f64, mean, sd)
}

/// `var(u) ≈ 1/lambda + 1/k` on the log scale for a count with mean `lambda`:
/// the excess of each series' noise variance over the Poisson part estimates
/// `1/k`. Series with mean counts below 20 are left out (the log
/// approximation fails there). Returns (k, se), k capped at 1000 (≈ Poisson).
fn dispersion(ms: &[estimate::Moments], mean_count: &[f64]) -> (f64, f64) {
    let excess = ms
        .iter()
        .zip(mean_count)
        .filter(|(m, lam)| **lam >= 20.0 && m.noise_var.is_finite())
        .map(|(m, lam)| m.noise_var - 1.0 / lam);
    let (inv_k, se) = mean_se(excess);
    if !inv_k.is_finite() || inv_k <= 1e-3 {
        return (1000.0, f64::NAN);
    }
    (1.0 / inv_k, se / (inv_k * inv_k))
}

#[cfg(test)]
mod tests;
