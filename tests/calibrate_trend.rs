//! The `damped_trend` slope's damping and volatility recovered from
//! synthetic histories with known parameters, generated independently of
//! the engine (its own generator and recursion): within 4 standard errors
//! of the truth; and no slope found (a likelihood gain a chi-square bound
//! allows) where the history has none.

use ibcf::analysis::calibrate::trend::{TrendFit, estimate};
use ibcf::scenario::plan::{ModelKind, Plan, Stream};
use ibcf::scenario::testkit;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

const N: usize = 150;
const T: usize = 240;
const SIGMA: f64 = 0.05;
const RHO_N: f64 = 0.05;

/// History of `N` councils over `T` months: latent log level with council
/// drift, a national AR(1) slope departure (phi, q), a national white
/// shock (share RHO_N) and idiosyncratic shocks; no observation noise.
fn history(phi: f64, q: f64, seed: u64) -> Plan {
    let mut p = testkit::plan(N, 5, T, "2030-01", "2030-04", 5.0);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut z = || -> f64 { rng.sample(StandardNormal) };
    let mu: Vec<f64> = (0..N).map(|i| -0.01 + 0.02 * i as f64 / N as f64).collect();
    let mut y: Vec<[f64; 3]> = (0..N)
        .map(|i| [0, 1, 2].map(|a| (3.0 + i as f64 % 7.0 + a as f64).ln()))
        .collect();
    let mut g = [0.0; 3];
    for gv in &mut g {
        *gv = q / (1.0 - phi * phi).sqrt() * z();
    }
    let mut rates = vec![0.0; N * T * 3];
    for t in 0..T {
        if t > 0 {
            for gv in &mut g {
                *gv = phi * *gv + q * z();
            }
            let nat = [z(), z(), z()];
            for (i, yi) in y.iter_mut().enumerate() {
                for a in 0..3 {
                    let e = RHO_N.sqrt() * nat[a] + (1.0 - RHO_N).sqrt() * z();
                    yi[a] += mu[i] + g[a] + SIGMA * e;
                }
            }
        }
        for (i, yi) in y.iter().enumerate() {
            for a in 0..3 {
                rates[(i * T + t) * 3 + a] = yi[a].exp() - 0.1;
            }
        }
    }
    p.history.rates = rates;
    let mut tr = testkit::trajectory(ModelKind::LogAr1, SIGMA);
    tr.correlation.national = RHO_N;
    testkit::set_trajectory(&mut p, &tr);
    for (i, m) in mu.iter().enumerate() {
        for s in Stream::ALL {
            p.trajectories[i * 3 + s as usize].drift = *m;
        }
    }
    p
}

fn fit(phi: f64, q: f64, seed: u64) -> [TrendFit; 3] {
    let p = history(phi, q, seed);
    estimate(&p, p.history.first, p.history.last())
}

#[test]
fn damping_and_slope_volatility_recovered_within_standard_errors() {
    let (phi, q) = (0.8, 0.01);
    for (s, f) in fit(phi, q, 7).iter().enumerate() {
        assert!(
            f.damping_se.is_finite() && f.damping_se < 0.15,
            "stream {s}: {f:?}"
        );
        assert!(f.slope_volatility_se.is_finite(), "stream {s}: {f:?}");
        assert!(
            (f.damping - phi).abs() < 4.0 * f.damping_se,
            "stream {s}: damping {} ± {}",
            f.damping,
            f.damping_se
        );
        assert!(
            (f.slope_volatility - q).abs() < 4.0 * f.slope_volatility_se,
            "stream {s}: slope volatility {} ± {}",
            f.slope_volatility,
            f.slope_volatility_se
        );
        assert_eq!(f.months, T - 1);
        // A real slope: the likelihood gain over no slope is large.
        assert!(f.loglik - f.loglik_flat > 20.0, "stream {s}: {f:?}");
    }
}

#[test]
fn no_slope_is_found_where_there_is_none() {
    for (s, f) in fit(0.8, 0.0, 8).iter().enumerate() {
        // Two extra parameters: twice the gain is below chi-square(2)'s
        // 99.9th percentile (13.8) under no slope.
        assert!(2.0 * (f.loglik - f.loglik_flat) < 13.8, "stream {s}: {f:?}");
        assert!(f.slope_volatility < 0.004, "stream {s}: {f:?}");
    }
}
