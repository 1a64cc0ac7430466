//! The basic draws every other sampler builds on: the standard normal by
//! the ziggurat, uniforms on [0, 1), and the library-call-free `exp` and
//! `floor` the hot loop uses; split from the gamma and Poisson samplers so
//! those read as algorithms over these primitives.

use rand::{Rng, RngExt};

/// Ziggurat layers for the standard normal (Marsaglia & Tsang 2000, 256
/// layers): rightmost layer edge `R` and common layer area `V`.
const ZIG_R: f64 = 3.654_152_885_361_009;
const ZIG_V: f64 = 0.004_928_673_233_992_336;

/// `x[i]` (layer edges, `x[0] = V / f(R)`, `x[1] = R`, `x[256] = 0`) and `f(x[i])`.
pub(super) struct Ziggurat {
    pub(super) x: [f64; 257],
    pub(super) f: [f64; 257],
}

pub(super) static ZIG: std::sync::LazyLock<Ziggurat> = std::sync::LazyLock::new(|| {
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
pub(super) fn floor_i64(x: f64) -> i64 {
    let t = x as i64;
    if (t as f64) > x { t - 1 } else { t }
}
