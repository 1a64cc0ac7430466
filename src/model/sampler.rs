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

use rand::{Rng, RngExt};

/// Mean at and above which Poisson draws use PTRS instead of inversion.
pub const PTRS_FROM: f64 = 10.0;
/// Mean above which a Poisson draw is returned as the rounded mean (the
/// relative sd is below 3e-8 there; never reached by realistic inputs).
pub const HUGE_MEAN: f64 = 1.0e15;

/// Ziggurat layers for the standard normal (Marsaglia & Tsang 2000, 256
/// layers): rightmost layer edge `R` and common layer area `V`.
const ZIG_R: f64 = 3.654_152_885_361_009;
const ZIG_V: f64 = 0.004_928_673_233_992_336;

/// `x[i]` (layer edges, `x[0] = V / f(R)`, `x[1] = R`, `x[256] = 0`) and `f(x[i])`.
struct Ziggurat {
    x: [f64; 257],
    f: [f64; 257],
}

static ZIG: std::sync::LazyLock<Ziggurat> = std::sync::LazyLock::new(|| {
    let pdf = |x: f64| (-0.5 * x * x).exp();
    let mut x = [0.0; 257];
    x[0] = ZIG_V / pdf(ZIG_R);
    x[1] = ZIG_R;
    for i in 1..256 {
        let y = ZIG_V / x[i] + pdf(x[i]);
        x[i + 1] = if y >= 1.0 {
            0.0
        } else {
            (-2.0 * y.ln()).sqrt()
        };
    }
    x[256] = 0.0;
    let f = x.map(pdf);
    Ziggurat { x, f }
});

/// A standard normal by the ziggurat method (exact: rejection from 256
/// equal-area layers; ~99% of draws cost one `u64` and a table compare).
/// Layer from the low 8 bits, signed uniform from the top 53.
#[inline]
pub fn normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let z = &*ZIG;
    loop {
        let bits = rng.next_u64();
        let i = (bits & 0xff) as usize;
        // Signed uniform in [-1, 1).
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 52) as f64) - 1.0;
        let x = u * z.x[i];
        if x.abs() < z.x[i + 1] {
            return x;
        }
        if let Some(v) = normal_slow(z, rng, i, u, x) {
            return v;
        }
    }
}

/// The ziggurat's rare cases: the base strip's tail, and the wedges.
#[cold]
#[inline(never)]
fn normal_slow<R: Rng + ?Sized>(
    z: &Ziggurat,
    rng: &mut R,
    i: usize,
    u: f64,
    x: f64,
) -> Option<f64> {
    if i == 0 {
        // Marsaglia's tail algorithm beyond R.
        loop {
            let a = (1.0 - uniform(rng)).ln() / ZIG_R;
            let b = (1.0 - uniform(rng)).ln();
            if -2.0 * b >= a * a {
                return Some(if u < 0.0 { a - ZIG_R } else { ZIG_R - a });
            }
        }
    }
    let y = z.f[i] + (z.f[i + 1] - z.f[i]) * uniform(rng);
    (y < (-0.5 * x * x).exp()).then_some(x)
}

/// `2^(j/64)` for j in 0..64.
static EXP2_TABLE: std::sync::LazyLock<[f64; 64]> =
    std::sync::LazyLock::new(|| std::array::from_fn(|j| (j as f64 / 64.0).exp2()));

/// `e^x` without the C library call (within 2 ulp of `f64::exp`; tested):
/// `x = (64k + j) ln2/64 + r`, `e^x = 2^k · 2^(j/64) · e^r`, `|r| ≤ ln2/128`,
/// `e^r` by its degree-6 Taylor polynomial (truncation < 1e-18). Used for
/// the expected rates; falls back to `f64::exp` outside [-700, 700].
#[inline]
pub fn fast_exp(x: f64) -> f64 {
    const INV: f64 = 64.0 / std::f64::consts::LN_2;
    // ln2/64 split in a high part with trailing zero bits and a low remainder,
    // so that n * LN2_HI is exact (21 trailing zero bits, |n| < 2^17).
    const LN2_HI: f64 = 0.010_830_424_693_267_56;
    const LN2_LO: f64 = 2.981_585_826_985_293_3e-12;
    if !(-700.0..=700.0).contains(&x) {
        return x.exp();
    }
    // Round to nearest by the 1.5·2^52 shift: the integer lands in the low
    // mantissa bits (no library rounding call, no saturating conversion).
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let t = x * INV + SHIFT;
    let n = t - SHIFT;
    let ni = (t.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let (k, j) = (ni >> 6, (ni & 63) as usize);
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    let scale = f64::from_bits(((k + 1023) as u64) << 52);
    EXP2_TABLE[j] * p * scale
}

/// Uniform on [0, 1) with 53 random bits.
#[inline]
pub fn uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    rng.random::<f64>()
}

/// Floor of a finite value well inside the i64 range, without the library
/// call `f64::floor` compiles to on baseline x86-64.
#[inline]
fn floor_i64(x: f64) -> i64 {
    let t = x as i64;
    if (t as f64) > x { t - 1 } else { t }
}

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
            if u < 1.0 - 0.0331 * x2 * x2 || u.ln() < 0.5 * x2 + self.d * (1.0 - v + v.ln()) {
                break self.d * v;
            }
        };
        if self.inv_small > 0.0 {
            // Gamma(a) = Gamma(a + 1) × U^(1/a); U in (0, 1].
            g * (1.0 - uniform(rng)).powf(self.inv_small)
        } else {
            g
        }
    }
}

/// A Poisson draw with mean `lambda` (0 for `lambda <= 0` or NaN).
#[inline]
pub fn poisson<R: Rng + ?Sized>(lambda: f64, rng: &mut R) -> f64 {
    poisson_up_to(lambda, HUGE_MEAN, rng)
}

/// [`poisson`] with PTRS used only up to `ptrs_to` (at most [`HUGE_MEAN`])
/// and [`normal_poisson`] above it: `HUGE_MEAN` gives the exact sampler,
/// just below [`NORMAL_POISSON_FROM`] the `normal_poisson` one. One chain
/// of comparisons for both, so the exact default pays nothing for the switch
/// (a separate test cost ~3% of a national run, measured). Always inlined:
/// out of line, the call alone cost ~2% (measured).
#[inline(always)]
pub fn poisson_up_to<R: Rng + ?Sized>(lambda: f64, ptrs_to: f64, rng: &mut R) -> f64 {
    if lambda.is_nan() || lambda <= 0.0 {
        0.0
    } else if lambda < PTRS_FROM {
        poisson_inversion(lambda, rng)
    } else if lambda <= ptrs_to {
        poisson_ptrs(lambda, rng)
    } else {
        // Beyond HUGE_MEAN this is the rounded mean, as in the exact sampler.
        normal_poisson(lambda, rng)
    }
}

/// Mean at and above which `simulation.noise_sampler = "normal_poisson"`
/// draws a Poisson count as a rounded normal (DECISIONS #51): from 100 the
/// Poisson's skewness is at most 0.1 and the rounded normal's variance is
/// off by 1/12 (0.08%); the exact PTRS costs about three times as much.
pub const NORMAL_POISSON_FROM: f64 = 100.0;

/// The `normal_poisson` approximation to a Poisson count with mean `mu`
/// (at least [`NORMAL_POISSON_FROM`]): `max(0, round(mu + sqrt(mu)·Z))`,
/// rounding halves up. Not exact: same mean, variance `mu + 1/12`, no skew.
/// Means beyond [`HUGE_MEAN`] give the rounded mean, as [`poisson`] does.
#[inline]
pub fn normal_poisson<R: Rng + ?Sized>(mu: f64, rng: &mut R) -> f64 {
    if mu > HUGE_MEAN {
        return mu.round();
    }
    let x = mu + mu.sqrt() * normal(rng);
    // floor(x + 0.5) without the library call; |x| is far inside i64.
    (floor_i64(x + 0.5) as f64).max(0.0)
}

/// Inversion by sequential search from 0 (expected `lambda + 1` steps).
/// Each step multiplies by a tabled `1/k` rather than dividing by `k`: the
/// search is one serial chain, and a division's latency is several times a
/// multiplication's.
fn poisson_inversion<R: Rng + ?Sized>(lambda: f64, rng: &mut R) -> f64 {
    let u = uniform(rng);
    let mut p = (-lambda).exp();
    let mut cdf = p;
    let mut k = 0usize;
    // The cap only guards against rounding leaving `cdf` just below `u`
    // (the tail beyond the cap has probability < 1e-40 for lambda < PTRS_FROM).
    while u > cdf && k < INV_K.len() - 1 {
        k += 1;
        p *= lambda * INV_K[k];
        cdf += p;
    }
    k as f64
}

/// `1/k` for k in 0..=100 (entry 0 unused), the inversion's step factors.
const INV_K: [f64; 101] = {
    let mut t = [0.0; 101];
    let mut k = 1;
    while k < t.len() {
        t[k] = 1.0 / k as f64;
        k += 1;
    }
    t
};

/// ln(k!) for k < 10, exactly rounded.
const LN_FACT: [f64; 10] = [
    0.0,
    0.0,
    std::f64::consts::LN_2,
    1.791_759_469_228_055,
    3.178_053_830_347_146,
    4.787_491_742_782_046,
    6.579_251_212_010_101,
    8.525_161_361_065_415,
    10.604_602_902_745_25,
    12.801_827_480_081_469,
];

/// ln(k!): a table below 10, Stirling's series (error < 1e-12) above.
pub fn ln_factorial(k: i64) -> f64 {
    if k < 10 {
        return LN_FACT[k.max(0) as usize];
    }
    let x = k as f64 + 1.0;
    (x - 0.5) * x.ln() - x + HALF_LN_2PI + stirling(x)
}

/// Hörmann's PTRS for `lambda >= 10`: ~86% of draws are accepted after two
/// uniforms and a handful of arithmetic; the rest pay one log-factorial.
fn poisson_ptrs<R: Rng + ?Sized>(lambda: f64, rng: &mut R) -> f64 {
    let slam = lambda.sqrt();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = uniform(rng) - 0.5;
        let v = uniform(rng);
        let us = 0.5 - u.abs();
        let k = floor_i64((2.0 * a / us + b) * u + lambda + 0.43);
        if us >= 0.07 && v <= vr {
            return k as f64;
        }
        if k < 0 || (us < 0.013 && v > us) {
            continue;
        }
        if ptrs_accept(lambda, a, b, us, v, k) {
            return k as f64;
        }
    }
}

/// PTRS's exact acceptance test, kept out of line so that its logarithms
/// are not hoisted into the fast path (needed in ~38% of draws at the
/// national workload's means). Two logarithms: ln w and ln λ (ln k! cached).
#[cold]
#[inline(never)]
fn ptrs_accept(lambda: f64, a: f64, b: f64, us: f64, v: f64, k: i64) -> bool {
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    // lhs = ln V + ln(1/alpha) - ln(a/us² + b) = ln w.
    let w = v * inv_alpha / (a / (us * us) + b);
    let rhs = if k < LN_FACT_CACHED as i64 {
        // One logarithm: ln k! from the cached table.
        -lambda + k as f64 * lambda.ln() - LN_FACT_TABLE[k.max(0) as usize]
    } else {
        // -λ + k ln λ - ln k! with Stirling's ln k! at x = k + 1, regrouped
        // as k ln(λ/x) - ½ ln x + x - λ - ½ ln 2π - series: two logarithms.
        let x = k as f64 + 1.0;
        k as f64 * (lambda / x).ln() - 0.5 * x.ln() + (x - lambda) - HALF_LN_2PI - stirling(x)
    };
    w.ln() <= rhs
}

/// Values of k below which PTRS reads ln k! from a table (8 KB).
const LN_FACT_CACHED: usize = 1024;

/// `ln_factorial(k)` for k < `LN_FACT_CACHED`.
static LN_FACT_TABLE: std::sync::LazyLock<Vec<f64>> =
    std::sync::LazyLock::new(|| (0..LN_FACT_CACHED as i64).map(ln_factorial).collect());

/// ½ ln(2π).
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// Stirling's series for ln Γ(x) beyond `(x - ½) ln x - x + ½ ln 2π`.
fn stirling(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)))
}

#[cfg(test)]
mod tests {
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
