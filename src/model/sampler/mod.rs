//! Exact samplers for the hot loop: gamma by Marsaglia–Tsang with per-shape
//! constants computed once per run, and Poisson by inversion (small means) or
//! Hörmann's PTRS transformed rejection (large means). Both are exact
//! algorithms (no approximation of the distribution); they replace
//! `rand_distr`'s `Gamma::new(..)` + `Poisson::new(..)` per draw, whose
//! per-call set-up (square roots, powers, floors through a library call)
//! dominated the negative binomial noise.
//!
//! References: G. Marsaglia & W. W. Tsang (2000), "A simple method for
//! generating gamma variables", ACM TOMS 26(3); W. Hörmann (1993), "The
//! transformed rejection method for generating Poisson random variables",
//! Insurance: Mathematics and Economics 12(1) (the same algorithm as NumPy's
//! `random_poisson_ptrs`).

mod basic;
pub mod lanes;
mod lanes_gamma;
mod lanes_math;
mod lanes_poisson;
#[cfg(target_arch = "x86_64")]
mod lanes_v3;
#[cfg(target_arch = "x86_64")]
mod lanes_v3_poisson;
mod ln_near;
mod math;
pub mod normal_quantile;
mod poisson;
pub mod simd;
mod zig_table;

pub use basic::{fast_exp, normal, uniform};
pub use math::{exp, ln};
pub use poisson::{
    HUGE_MEAN, NORMAL_POISSON_FROM, PTRS_FROM, ln_factorial, normal_poisson, poisson, poisson_up_to,
};

use rand::Rng;

/// Marsaglia–Tsang constants for a gamma shape (scale 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaShape {
    /// `shape' - 1/3`, where `shape' = shape` (or `shape + 1` below 1).
    d: f64,
    /// `1 / sqrt(9 d)`.
    c: f64,
    /// `1 / shape` when the shape is below 1 (boosted by `U^(1/shape)`), else 0.
    inv_small: f64,
}

impl GammaShape {
    /// Shape 1 (the exponential), a placeholder where a shape is needed.
    pub const EXP: GammaShape = GammaShape {
        d: 2.0 / 3.0,
        c: 0.408_248_290_463_863,
        inv_small: 0.0,
    };

    /// Constants for `shape > 0` (`None` otherwise).
    pub fn new(shape: f64) -> Option<GammaShape> {
        if !(shape > 0.0 && shape.is_finite()) {
            return None;
        }
        let (s, inv_small) = if shape < 1.0 {
            (shape + 1.0, 1.0 / shape)
        } else {
            (shape, 0.0)
        };
        let d = s - 1.0 / 3.0;
        Some(GammaShape {
            d,
            c: 1.0 / (9.0 * d).sqrt(),
            inv_small,
        })
    }

    /// A Gamma(shape, 1) draw.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let g = loop {
            let x = normal(rng);
            let v = 1.0 + self.c * x;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = uniform(rng);
            let x2 = x * x;
            if u < 1.0 - 0.0331 * x2 * x2 || ln(u) < 0.5 * x2 + self.d * (1.0 - v + ln(v)) {
                break self.d * v;
            }
        };
        self.boost(g, rng)
    }

    /// A shape below 1: Gamma(a) = Gamma(a + 1) × U^(1/a), U in (0, 1], the
    /// power as exp(ln U / a) (no C library `pow`, DECISIONS #90); else `g`.
    #[inline]
    pub(super) fn boost<R: Rng + ?Sized>(&self, g: f64, rng: &mut R) -> f64 {
        if self.inv_small > 0.0 {
            g * exp(ln(1.0 - uniform(rng)) * self.inv_small)
        } else {
            g
        }
    }
}

#[cfg(test)]
mod tests {
    use super::basic::{ZIG, floor_i64};
    use super::poisson::HALF_LN_2PI;
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    fn moments(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
        (m, v)
    }

    #[test]
    fn ln_factorial_matches_direct_sums() {
        assert!((HALF_LN_2PI - 0.5 * (2.0 * std::f64::consts::PI).ln()).abs() < 1e-15);
        let mut direct = 0.0_f64;
        for k in 1..200i64 {
            direct += (k as f64).ln();
            let got = ln_factorial(k);
            assert!(
                (got - direct).abs() < 1e-9 * direct.max(1.0),
                "{k}: {got} vs {direct}"
            );
        }
    }

    /// Poisson: the empirical pmf matches the closed form within 4 SE at
    /// every k with non-negligible mass, for means on both sides of the
    /// inversion/PTRS switch.
    #[test]
    fn poisson_pmf_matches_closed_form() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(17);
        let n = 200_000usize;
        // 1500 exercises the Stirling branch (k >= 1024) of the acceptance test.
        for lambda in [0.3, 4.0, 9.99, 10.0, 37.5, 900.0, 1500.0] {
            let xs: Vec<f64> = (0..n).map(|_| poisson(lambda, &mut rng)).collect();
            let (m, v) = moments(&xs);
            assert!(
                (m - lambda).abs() < 4.0 * (lambda / n as f64).sqrt(),
                "{lambda}: mean {m}"
            );
            // SE of the variance for Poisson: sqrt((mu4 - s^4)/n), mu4 = l(1+3l).
            let se_v = ((lambda * (1.0 + 3.0 * lambda) - lambda * lambda) / n as f64).sqrt();
            assert!((v - lambda).abs() < 4.0 * se_v, "{lambda}: var {v}");
            let lo = (lambda - 3.0 * lambda.sqrt()).max(0.0) as i64;
            let hi = (lambda + 3.0 * lambda.sqrt()) as i64 + 1;
            for k in lo..=hi {
                let p = (-lambda + k as f64 * lambda.ln() - ln_factorial(k)).exp();
                let got = xs.iter().filter(|&&x| x == k as f64).count() as f64 / n as f64;
                let se = (p * (1.0 - p) / n as f64).sqrt();
                assert!((got - p).abs() < 4.5 * se, "{lambda}, k={k}: {got} vs {p}");
            }
        }
        assert_eq!(poisson(0.0, &mut rng), 0.0);
        assert_eq!(poisson(f64::NAN, &mut rng), 0.0);
        assert_eq!(poisson(2.0e15, &mut rng), 2.0e15);
    }

    /// Gamma(shape, 1): mean shape and variance shape, for shapes below and
    /// above 1.
    #[test]
    fn gamma_moments() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(5);
        let n = 200_000usize;
        for shape in [0.4, 1.0, 3.0, 20.0] {
            let g = GammaShape::new(shape).expect("valid shape");
            let xs: Vec<f64> = (0..n).map(|_| g.sample(&mut rng)).collect();
            let (m, v) = moments(&xs);
            assert!(
                (m - shape).abs() < 4.0 * (shape / n as f64).sqrt(),
                "{shape}: mean {m}"
            );
            // Var of the sample variance for a gamma: (mu4 - s^4)/n with
            // mu4 = 3 a^2 + 6 a.
            let se_v = ((3.0 * shape * shape + 6.0 * shape - shape * shape) / n as f64).sqrt();
            assert!((v - shape).abs() < 4.0 * se_v, "{shape}: var {v}");
            assert!(xs.iter().all(|&x| x >= 0.0));
        }
        assert!(GammaShape::new(0.0).is_none());
        assert!(GammaShape::new(f64::NAN).is_none());
    }

    /// Ziggurat normal: moments and tail probabilities against the closed
    /// form (1,000,000 draws, 4 SE), and the layer table closes at 0.
    #[test]
    fn ziggurat_normal_matches_closed_form() {
        let z = &*ZIG;
        assert!(z.x[255] > 0.0 && z.x[255] < 0.3, "top layer {}", z.x[255]);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(23);
        let n = 1_000_000usize;
        let xs: Vec<f64> = (0..n).map(|_| normal(&mut rng)).collect();
        let nf = n as f64;
        let m = xs.iter().sum::<f64>() / nf;
        let v = xs.iter().map(|x| x * x).sum::<f64>() / nf;
        let k4 = xs.iter().map(|x| x.powi(4)).sum::<f64>() / nf;
        assert!(m.abs() < 4.0 / nf.sqrt(), "mean {m}");
        assert!((v - 1.0).abs() < 4.0 * (2.0 / nf).sqrt(), "var {v}");
        assert!(
            (k4 - 3.0).abs() < 4.0 * (96.0 / nf).sqrt(),
            "4th moment {k4}"
        );
        // P(Z > c) for c inside a layer, near R, and in the tail beyond R.
        for (c, p) in [
            (0.5, 0.308_537_538_725_986_9),
            (2.0, 0.022_750_131_948_179_2),
            (3.0, 0.001_349_898_031_630_1),
            (3.8, 7.234_804_392_511_999e-5),
        ] {
            let got = xs.iter().filter(|&&x| x > c).count() as f64 / nf;
            let got_neg = xs.iter().filter(|&&x| x < -c).count() as f64 / nf;
            let se = (p * (1.0 - p) / nf).sqrt();
            assert!((got - p).abs() < 4.0 * se, "P(Z > {c}) = {got}, want {p}");
            assert!(
                (got_neg - p).abs() < 4.0 * se,
                "P(Z < -{c}) = {got_neg}, want {p}"
            );
        }
    }

    #[test]
    fn fast_exp_is_within_two_ulp() {
        let ln2_64 = std::f64::consts::LN_2 / 64.0;
        assert!(
            (0.010_830_424_693_267_56_f64 + 2.981_585_826_985_293_3e-12 - ln2_64).abs() < 1e-30
        );
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let mut worst = 0u64;
        for k in 0..200_000 {
            let x = match k % 3 {
                0 => uniform(&mut rng) * 20.0 - 10.0,
                1 => uniform(&mut rng) * 1400.0 - 700.0,
                _ => (uniform(&mut rng) - 0.5) * 1e-3,
            };
            let (a, b) = (fast_exp(x), x.exp());
            worst = worst.max(a.to_bits().abs_diff(b.to_bits()));
        }
        assert!(worst <= 2, "worst {worst} ulp");
        assert_eq!(fast_exp(0.0), 1.0);
        assert_eq!(fast_exp(800.0), f64::INFINITY);
        assert_eq!(fast_exp(-800.0), 0.0);
        assert!(fast_exp(f64::NAN).is_nan());
    }

    /// `normal_poisson` is exactly the rounded normal it claims to be: its
    /// pmf matches `Φ((k + ½ - μ)/√μ) - Φ((k - ½ - μ)/√μ)` within 4.5 SE, its
    /// mean is μ and its variance μ + 1/12 within 4 SE; huge means round.
    #[test]
    fn normal_poisson_is_the_rounded_normal() {
        use statrs::distribution::{ContinuousCDF, Normal};
        let phi = Normal::standard();
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(31);
        let n = 400_000usize;
        for mu in [NORMAL_POISSON_FROM, 250.0, 4000.0] {
            let xs: Vec<f64> = (0..n).map(|_| normal_poisson(mu, &mut rng)).collect();
            let (m, v) = moments(&xs);
            let sd = mu.sqrt();
            assert!(
                (m - mu).abs() < 4.0 * sd / (n as f64).sqrt(),
                "{mu}: mean {m}"
            );
            // Var of a normal's sample variance: 2 s^4 / n.
            let want_v = mu + 1.0 / 12.0;
            let se_v = (2.0 * want_v * want_v / n as f64).sqrt();
            assert!((v - want_v).abs() < 4.0 * se_v, "{mu}: var {v}");
            assert!(xs.iter().all(|&x| x >= 0.0 && x == x.round()));
            let lo = (mu - 3.0 * sd) as i64;
            let hi = (mu + 3.0 * sd) as i64;
            for k in lo..=hi {
                let kf = k as f64;
                let p = phi.cdf((kf + 0.5 - mu) / sd) - phi.cdf((kf - 0.5 - mu) / sd);
                let got = xs.iter().filter(|&&x| x == kf).count() as f64 / n as f64;
                let se = (p * (1.0 - p) / n as f64).sqrt();
                assert!((got - p).abs() < 4.5 * se, "{mu}, k={k}: {got} vs {p}");
            }
        }
        assert_eq!(normal_poisson(2.0e15, &mut rng), 2.0e15);
    }

    #[test]
    fn floor_matches_std() {
        for x in [-2.5, -2.0, -0.1, 0.0, 0.3, 1.0, 7.999, 1e12 + 0.5] {
            assert_eq!(floor_i64(x) as f64, x.floor(), "{x}");
        }
    }
}
