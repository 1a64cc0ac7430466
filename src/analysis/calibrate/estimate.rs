//! Moment estimates of the `log_ar1` parameters from deseasonalised history.
//!
//! For each council and stream, the monthly changes `d_t = y_t - y_{t-1}` of
//! the deseasonalised log level are, under the model with observation noise,
//! `mu + sigma e_t + (u_t - u_{t-1})` where `u` is the noise on the log scale.
//! So `mean(d) = mu`, `var(d) = sigma^2 + 2 var(u)` and the lag-1
//! autocovariance is `-var(u)`: the noise separates from the latent
//! volatility. Outlying changes (more than 4 sd from the series mean) are
//! counted as jumps and left out of the moments.

use super::pooling::{Means, shrink};
use super::series::Series;
use crate::scenario::plan::{STREAMS, Stream, council_of, council_stream, stream_of};

/// Raw moments of one council–stream series of changes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Moments {
    pub n: usize,
    pub mean: f64,
    pub var: f64,
    /// Variance of the observation noise on the log scale, `max(0, -acov1)`.
    pub noise_var: f64,
    /// Latent variance `max(var + 2 acov1, var / 100)`.
    pub latent_var: f64,
    pub jumps: usize,
    pub jump_sum: f64,
    pub jump_sq: f64,
}

/// Per council–stream estimates, flat `[council][stream]`.
#[derive(Debug, Clone)]
pub struct Estimates {
    pub moments: Vec<Moments>,
    pub drift: Vec<f64>,
    pub volatility: Vec<f64>,
}

/// Changes of one series at consecutive observed months.
pub fn changes(ser: &[f64]) -> Vec<(usize, f64)> {
    (1..ser.len())
        .filter(|&m| ser[m].is_finite() && ser[m - 1].is_finite())
        .map(|m| (m, ser[m] - ser[m - 1]))
        .collect()
}

/// Moments of one series, with outliers removed and counted as jumps.
pub fn moments(ser: &[f64]) -> Moments {
    let d = changes(ser);
    if d.len() < 3 {
        return Moments {
            n: d.len(),
            mean: f64::NAN,
            var: f64::NAN,
            noise_var: f64::NAN,
            latent_var: f64::NAN,
            ..Moments::default()
        };
    }
    let (m0, v0) = mean_var(d.iter().map(|p| p.1));
    let limit = 4.0 * v0.sqrt();
    let is_jump = |x: f64| v0 > 0.0 && (x - m0).abs() > limit;
    let kept: Vec<(usize, f64)> = d.iter().copied().filter(|p| !is_jump(p.1)).collect();
    let (mean, var) = mean_var(kept.iter().map(|p| p.1));
    let mut ac = 0.0;
    let mut pairs = 0.0;
    for w in kept.windows(2) {
        if w[1].0 == w[0].0 + 1 {
            ac += (w[0].1 - mean) * (w[1].1 - mean);
            pairs += 1.0;
        }
    }
    let acov1 = if pairs > 0.0 { ac / pairs } else { 0.0 };
    // The unclipped lag-1 autocovariance keeps the latent variance unbiased
    // when there is no noise; the floor only guards against nonsense.
    let noise_var = (-acov1).clamp(0.0, var / 2.0);
    let mut m = Moments {
        n: kept.len(),
        mean,
        var,
        noise_var,
        latent_var: (var + 2.0 * acov1).max(var / 100.0),
        ..Moments::default()
    };
    for p in d.iter().filter(|p| is_jump(p.1)) {
        m.jumps += 1;
        m.jump_sum += p.1 - mean;
        m.jump_sq += (p.1 - mean).powi(2);
    }
    m
}

fn mean_var(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count() as f64;
    if n < 2.0 {
        return (f64::NAN, f64::NAN);
    }
    let mean = xs.clone().sum::<f64>() / n;
    let var = xs.map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

/// Estimates every council–stream, pooling drift and log latent variance
/// toward region and nation separately for each stream.
pub fn estimate(series: &Series, region: &[usize], n_regions: usize) -> Estimates {
    let n = series.n_councils;
    let moments: Vec<Moments> = (0..n * STREAMS)
        .map(|k| moments(series.series(council_of(k), stream_of(k))))
        .collect();
    let mut drift = vec![0.0; n * STREAMS];
    let mut volatility = vec![0.0; n * STREAMS];
    for s in Stream::ALL {
        let ms: Vec<&Moments> = (0..n).map(|c| &moments[council_stream(c, s)]).collect();
        let x: Vec<f64> = ms.iter().map(|m| m.mean).collect();
        let v: Vec<f64> = ms.iter().map(|m| m.var / m.n as f64).collect();
        let lx: Vec<f64> = ms.iter().map(|m| m.latent_var).collect();
        // Latent variances are pooled on their own scale: `var + 2 acov1` is
        // unbiased, and its sampling variance, about 6 var^2 / n, depends only
        // on the precise total variance (so weights do not favour series that
        // overestimate, and no log of a noisy estimate biases the mean down).
        let lv: Vec<f64> = ms
            .iter()
            .map(|m| 6.0 * m.var * m.var / m.n as f64)
            .collect();
        let d = shrink(&x, &v, region, n_regions, Means::Weighted);
        let l = shrink(&lx, &lv, region, n_regions, Means::Unweighted);
        for c in 0..n {
            drift[council_stream(c, s)] = d[c];
            volatility[council_stream(c, s)] = l[c].max(1e-12).sqrt();
        }
    }
    Estimates {
        moments,
        drift,
        volatility,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_shows_as_negative_autocovariance() {
        // y = random walk with sigma 0.05 plus white noise sd 0.2: var(u) = 0.04.
        let mut state = 12345u64;
        let mut normal = || {
            // Box–Muller on a tiny LCG: deterministic and independent of the engine's RNG.
            let mut u = || {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
            };
            let (a, b) = (u(), u());
            (-2.0 * a.ln()).sqrt() * (2.0 * std::f64::consts::PI * b).cos()
        };
        let mut level = 0.0;
        let ser: Vec<f64> = (0..20_000)
            .map(|_| {
                level += 0.05 * normal();
                level + 0.2 * normal()
            })
            .collect();
        let m = moments(&ser);
        // Standard errors at n = 20,000 are about 1% of these values; allow 10%.
        assert!(
            (m.noise_var - 0.04).abs() < 0.004,
            "noise var {}",
            m.noise_var
        );
        assert!(
            (m.latent_var - 0.0025).abs() < 0.0015,
            "latent var {}",
            m.latent_var
        );
    }

    #[test]
    fn too_short_series_give_nan_not_panic() {
        let m = moments(&[1.0, f64::NAN, 2.0]);
        assert!(m.mean.is_nan());
    }
}
