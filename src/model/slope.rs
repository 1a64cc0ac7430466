//! The national slope of the `damped_trend` model: a drift that is itself a
//! slowly varying state, filtered from history.
//!
//! Per stream, for every council `i` using the model:
//! `y_{i,t} = y_{i,t-1} + mu_i + g_t + (pull, shocks, jumps as log_ar1)`,
//! `g_t = phi g_{t-1} + q eta_t`, `eta_t ~ N(0, 1)`,
//! so council `i`'s slope `b_{i,t} = mu_i + g_t` obeys
//! `b_{t+1} - mu_i = phi (b_t - mu_i) + q eta`: it decays toward the long-run
//! drift. The slope's departure `g` is national (one per stream), because a
//! single council's series is far too noisy (monthly volatility about 0.25
//! on the log scale) to show a change of trend of a few percent a month,
//! while the mean over 150 councils shows it within months; and because a
//! change of trend that policy causes (the spring 2017 fall) is national.
//!
//! Observation of `g` in month `t` (the change into `t`): `D_t`, the mean
//! over councils of the deseasonalised log change minus the council's drift,
//! leaving out changes more than 4 scaled MADs from the month's median
//! (jumps). Its noise variance: `R_t = var_i / n_t + rho_n sigma_bar^2`
//! (the spread across councils over their number, plus the national shock,
//! which does not average away). A scalar Kalman filter over `D_t` gives
//! `g` filtered at the last month (mean and variance: every trial starts
//! from a draw of it) and the Gaussian log-likelihood `ibcf calibrate`
//! maximises for `phi` and `q` (`calibrate::trend`).

use super::sampler::ln;
use crate::month::Month;
use crate::scenario::plan::{ModelKind, Plan, Stream, Trajectory};

/// `D_t` and `R_t` for the changes into months `first, first + 1, …`
/// (`NaN` where no council has the change).
#[derive(Debug, Clone, PartialEq)]
pub struct Observations {
    pub first: Month,
    pub d: Vec<f64>,
    pub r: Vec<f64>,
}

/// The filter's result.
#[derive(Debug, Clone, PartialEq)]
pub struct Filtered {
    /// `g_{t|t}` for every month of the observations.
    pub path: Vec<f64>,
    /// Filtered mean and variance of `g` at the last month.
    pub mean: f64,
    pub var: f64,
    /// Gaussian log-likelihood of the observed `D_t` (prediction errors).
    pub loglik: f64,
    /// Months that entered the likelihood.
    pub n: usize,
}

fn season(tr: &Trajectory, m: Month) -> f64 {
    tr.seasonality[m.month() as usize - 1]
}

/// The observations of stream `s` over the changes into `from + 1 ..= to`,
/// from councils whose trajectory passes `select`.
pub fn observations(
    plan: &Plan,
    s: Stream,
    from: Month,
    to: Month,
    select: impl Fn(&Trajectory) -> bool,
) -> Observations {
    let h = &plan.history;
    let first = from.plus(1);
    let months = to.since(first) + 1;
    let councils: Vec<usize> = (0..plan.councils.len())
        .filter(|&i| select(plan.trajectory(i, s)))
        .collect();
    let mut d = Vec::new();
    let mut r = Vec::new();
    let mut e = Vec::with_capacity(councils.len());
    for k in 0..months.max(0) {
        let m = first.plus(k);
        e.clear();
        let mut sig2 = 0.0;
        for &i in &councils {
            let tr = plan.trajectory(i, s);
            let y = |mo: Month| h.rate(i, mo, s).map(|v| ln(v + tr.offset) - season(tr, mo));
            if let (Some(a), Some(b)) = (y(m.plus(-1)), y(m)) {
                e.push(b - a - tr.drift);
                sig2 += tr.volatility * tr.volatility;
            }
        }
        let (dt, rt) = summarise(&mut e, sig2, plan, &councils, s);
        d.push(dt);
        r.push(rt);
    }
    Observations { first, d, r }
}

/// Robust mean of one month's changes and its noise variance.
fn summarise(e: &mut [f64], sig2: f64, plan: &Plan, councils: &[usize], s: Stream) -> (f64, f64) {
    let n = e.len();
    if n < 2 {
        return (f64::NAN, f64::NAN);
    }
    let rho_n = councils
        .first()
        .map_or(0.0, |&i| plan.trajectory(i, s).correlation.national);
    let sigma_bar2 = sig2 / n as f64;
    e.sort_by(f64::total_cmp);
    let med = median(e);
    let mut dev: Vec<f64> = e.iter().map(|x| (x - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let scale = 1.4826 * median(&dev);
    let kept: Vec<f64> = e
        .iter()
        .copied()
        .filter(|x| scale <= 0.0 || (x - med).abs() <= 4.0 * scale)
        .collect();
    let k = kept.len() as f64;
    let mean = kept.iter().sum::<f64>() / k;
    let var = kept.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
    (mean, var / k + rho_n * sigma_bar2)
}

fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

/// Scalar Kalman filter of `g` with damping `phi` and innovation sd `q`,
/// started from its stationary distribution `N(0, q^2 / (1 - phi^2))`.
pub fn filter(obs: &Observations, phi: f64, q: f64) -> Filtered {
    let q2 = q * q;
    let (mut m, mut p) = (0.0, q2 / (1.0 - phi * phi).max(1e-9));
    let mut path = Vec::with_capacity(obs.d.len());
    let (mut loglik, mut n) = (0.0, 0);
    for (&d, &r) in obs.d.iter().zip(&obs.r) {
        m *= phi;
        p = phi * phi * p + q2;
        let f = p + r;
        // f = 0: the state is known exactly and nothing is learnt.
        if d.is_finite() && r.is_finite() && f > 0.0 {
            let v = d - m;
            loglik -= 0.5 * (ln(2.0 * std::f64::consts::PI * f) + v * v / f);
            n += 1;
            let k = p / f;
            m += k * v;
            p *= 1.0 - k;
        }
        path.push(m);
    }
    Filtered {
        path,
        mean: m,
        var: p.max(0.0),
        loglik,
        n,
    }
}

/// The national slope of stream `s` as the engine uses it: parameters of
/// the stream's `damped_trend` councils (the loader makes them equal),
/// filtered over the whole history. `None` when no council of the stream
/// uses the model.
pub fn national(plan: &Plan, s: Stream) -> Option<(f64, f64, Filtered, Month)> {
    let first = (0..plan.councils.len())
        .map(|i| plan.trajectory(i, s))
        .find(|t| t.model == ModelKind::DampedTrend)?;
    let (phi, q) = (first.damping, first.slope_volatility);
    let h = &plan.history;
    let obs = observations(plan, s, h.first, h.last(), |t| {
        t.model == ModelKind::DampedTrend
    });
    let f = filter(&obs, phi, q);
    Some((phi, q, f, obs.first))
}

/// Mean path of a council's latent log level `h` months after a start
/// `(y0, g0)` without pull or shocks: `y0 + h mu + g0 phi (1 - phi^h) / (1 - phi)`.
pub fn mean_path(y0: f64, mu: f64, g0: f64, phi: f64, h: u32) -> f64 {
    let sum: f64 = (1..=h).map(|k| phi.powi(k as i32)).sum();
    y0 + f64::from(h) * mu + g0 * sum
}

/// Variance, `h` months ahead, of the latent log level contributed by the
/// slope: a start `g0 ~ N(., v0)` and innovations of sd `q`:
/// `v0 (sum_{k=1..h} phi^k)^2 + q^2 sum_{j=1..h} (sum_{k=0..h-j} phi^k)^2`.
pub fn slope_variance(v0: f64, phi: f64, q: f64, h: u32) -> f64 {
    let geo = |n: u32| (0..n).map(|k| phi.powi(k as i32)).sum::<f64>();
    let from_start = phi * geo(h);
    let innov: f64 = (1..=h).map(|j| geo(h - j + 1).powi(2)).sum();
    v0 * from_start * from_start + q * q * innov
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(d: Vec<f64>, r: f64) -> Observations {
        let n = d.len();
        Observations {
            first: "2015-01".parse().unwrap_or_default(),
            d,
            r: vec![r; n],
        }
    }

    #[test]
    fn filter_reaches_the_steady_state_of_ar1_plus_noise() {
        // Steady state: P = phi^2 P' + q^2 predicted, P' = P R / (P + R).
        let (phi, q, r) = (0.8, 0.01, 0.0004);
        let f = filter(&obs(vec![0.0; 400], r), phi, q);
        let pp = f.var; // filtered
        let pred = phi * phi * pp + q * q;
        assert!((pred * r / (pred + r) - pp).abs() < 1e-15);
        assert!(f.mean.abs() < 1e-12);
        assert_eq!(f.n, 400);
    }

    #[test]
    fn a_sustained_fall_is_picked_up_and_damped_in_the_forecast() {
        let mut d = vec![0.0; 30];
        d.extend([-0.03; 6]);
        let f = filter(&obs(d, 0.0001), 0.9, 0.01);
        assert!(f.mean < -0.02 && f.mean > -0.035, "g {}", f.mean);
        // Mean path: y0 + h mu + g0 phi (1 - phi^h)/(1 - phi).
        let m = mean_path(1.0, 0.01, -0.02, 0.5, 3);
        assert!((m - (1.0 + 0.03 - 0.02 * (0.5 + 0.25 + 0.125))).abs() < 1e-15);
        // Without damping the slope variance is that of a random-walk slope.
        let v = slope_variance(0.0, 1.0, 0.1, 2);
        assert!((v - 0.01 * (4.0 + 1.0)).abs() < 1e-15);
    }

    #[test]
    fn missing_months_only_predict() {
        let f = filter(&obs(vec![-0.05, f64::NAN, f64::NAN], 1e-6), 0.5, 0.05);
        assert_eq!(f.n, 1);
        assert!((f.path[2] - 0.25 * f.path[0]).abs() < 1e-12);
    }
}
