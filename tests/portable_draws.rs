//! The per-trial parameter draws after DECISIONS #90 (our own `ln`/`exp`
//! in the normal quantile): their distribution is the one asked for, and
//! the same as the C-library version's (`scenario::dist::Dist::quantile`,
//! statrs) on the same uniforms. z-tests, fixed seeds, 4 standard errors.

use ibcf::model::rng::param_rng;
use ibcf::model::sampler::normal_quantile::quantile;
use ibcf::scenario::dist::Dist;
use rand::Rng;

const N: usize = 400_000;

/// Open uniforms as `model::draws` makes them.
fn uniforms(seed: u64) -> Vec<f64> {
    let mut r = param_rng(seed, 1);
    (0..N)
        .map(|_| ((r.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64))
        .collect()
}

fn mean_var(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    (
        m,
        x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0),
    )
}

/// Mean, variance and two tail probabilities within 4 se of the closed
/// form, for the new draws and for the old ones on the same uniforms.
fn check(d: Dist, mean: f64, var: f64, m4: f64, q05: f64, q95: f64) {
    let u = uniforms(17);
    let new: Vec<f64> = u.iter().map(|&p| quantile(&d, p)).collect();
    let old: Vec<f64> = u.iter().map(|&p| d.quantile(p)).collect();
    let n = N as f64;
    for (name, x) in [("new", &new), ("old", &old)] {
        let (m, v) = mean_var(x);
        let se_m = (var / n).sqrt();
        assert!(
            (m - mean).abs() < 4.0 * se_m,
            "{name} {d:?}: mean {m} vs {mean}"
        );
        let se_v = ((m4 - var * var) / n).sqrt();
        assert!(
            (v - var).abs() < 4.0 * se_v,
            "{name} {d:?}: var {v} vs {var}"
        );
        for (q, p) in [(q05, 0.05), (q95, 0.95)] {
            let below = x.iter().filter(|&&v| v < q).count() as f64 / n;
            let se = (p * (1.0 - p) / n).sqrt();
            assert!(
                (below - p).abs() < 4.0 * se,
                "{name} {d:?}: P(X < {q}) = {below}"
            );
        }
    }
    // New against old, draw by draw: a last-bit difference at most.
    let differ = new.iter().zip(&old).filter(|(a, b)| a != b).count();
    let worst = new
        .iter()
        .zip(&old)
        .map(|(a, b)| ((a - b) / b).abs())
        .fold(0.0, f64::max);
    assert!(worst <= 1e-14, "{d:?}: worst relative difference {worst}");
    println!("{d:?}: {differ} of {N} draws differ in the last bits");
}

#[test]
fn normal_draws_keep_their_distribution() {
    let (mu, sd) = (0.3, 0.1);
    let z95 = 1.644_853_626_951_472_2;
    check(
        Dist::Normal { mean: mu, sd },
        mu,
        sd * sd,
        3.0 * sd.powi(4),
        mu - z95 * sd,
        mu + z95 * sd,
    );
}

#[test]
fn lognormal_draws_keep_their_distribution() {
    let (ml, sl) = (-1.6f64, 0.5f64);
    let z95 = 1.644_853_626_951_472_2;
    let s2 = sl * sl;
    let mean = (ml + s2 / 2.0).exp();
    let var = (s2.exp() - 1.0) * (2.0 * ml + s2).exp();
    // E[(X - m)^4] of a log-normal: m^4 (w^4 + 2 w^3 + 3 w^2 - 3), w = e^{s^2}.
    let w = s2.exp();
    let m4 = mean.powi(4) * (w.powi(4) + 2.0 * w.powi(3) + 3.0 * w * w - 3.0) * (w - 1.0).powi(2);
    check(
        Dist::LogNormal {
            meanlog: ml,
            sdlog: sl,
        },
        mean,
        var,
        m4,
        (ml - z95 * sl).exp(),
        (ml + z95 * sl).exp(),
    );
}
