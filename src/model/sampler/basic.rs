//! The basic draws every other sampler builds on: the standard normal by
//! the ziggurat, uniforms on [0, 1), and the library-call-free `exp` and
//! `floor` the hot loop uses; split from the gamma and Poisson samplers so
//! those read as algorithms over these primitives.

use super::math::{exp, ln};
use rand::{Rng, RngExt};

/// Ziggurat layers for the standard normal (Marsaglia & Tsang 2000, 256
/// layers): rightmost layer edge `R` and common layer area `V`.
const ZIG_R: f64 = 3.654_152_885_361_009;
#[cfg(test)]
const ZIG_V: f64 = 0.004_928_673_233_992_336;

/// `x[i]` (layer edges, `x[0] = V / f(R)`, `x[1] = R`, `x[256] = 0`) and `f(x[i])`.
pub(super) struct Ziggurat {
    pub(super) x: [f64; 257],
    pub(super) f: [f64; 257],
}

pub(super) static ZIG: std::sync::LazyLock<Ziggurat> = std::sync::LazyLock::new(|| {
    let x = super::zig_table::ZIG_X_BITS.map(f64::from_bits);
    let f = x.map(|x| exp(-0.5 * x * x));
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
pub(super) fn normal_slow<R: Rng + ?Sized>(
    z: &Ziggurat,
    rng: &mut R,
    i: usize,
    u: f64,
    x: f64,
) -> Option<f64> {
    if i == 0 {
        // Marsaglia's tail algorithm beyond R.
        loop {
            let a = ln(1.0 - uniform(rng)) / ZIG_R;
            let b = ln(1.0 - uniform(rng));
            if -2.0 * b >= a * a {
                return Some(if u < 0.0 { a - ZIG_R } else { ZIG_R - a });
            }
        }
    }
    let y = z.f[i] + (z.f[i + 1] - z.f[i]) * uniform(rng);
    (y < exp(-0.5 * x * x)).then_some(x)
}

/// `2^(j/64)` for j in 0..64, correctly rounded (written out rather than
/// computed by the C library's `exp2` at start-up, so that no CPU can
/// differ; `fast_exp`'s test checks them).
const EXP2_TABLE: [f64; 64] = {
    const BITS: [u64; 64] = [
        0x3ff0_0000_0000_0000,
        0x3ff0_2c9a_3e77_8061,
        0x3ff0_59b0_d315_8574,
        0x3ff0_8745_1875_9bc8,
        0x3ff0_b558_6cf9_890f,
        0x3ff0_e3ec_32d3_d1a2,
        0x3ff1_1301_d012_5b51,
        0x3ff1_429a_aea9_2de0,
        0x3ff1_72b8_3c7d_517b,
        0x3ff1_a35b_eb6f_cb75,
        0x3ff1_d487_3168_b9aa,
        0x3ff2_063b_8862_8cd6,
        0x3ff2_387a_6e75_6238,
        0x3ff2_6b45_65e2_7cdd,
        0x3ff2_9e9d_f51f_dee1,
        0x3ff2_d285_a6e4_030b,
        0x3ff3_06fe_0a31_b715,
        0x3ff3_3c08_b264_16ff,
        0x3ff3_71a7_373a_a9cb,
        0x3ff3_a7db_34e5_9ff7,
        0x3ff3_dea6_4c12_3422,
        0x3ff4_160a_21f7_2e2a,
        0x3ff4_4e08_6061_892d,
        0x3ff4_86a2_b5c1_3cd0,
        0x3ff4_bfda_d536_2a27,
        0x3ff4_f9b2_769d_2ca7,
        0x3ff5_342b_569d_4f82,
        0x3ff5_6f47_36b5_27da,
        0x3ff5_ab07_dd48_5429,
        0x3ff5_e76f_15ad_2148,
        0x3ff6_247e_b03a_5585,
        0x3ff6_6238_8255_2225,
        0x3ff6_a09e_667f_3bcd,
        0x3ff6_dfb2_3c65_1a2f,
        0x3ff7_1f75_e8ec_5f74,
        0x3ff7_5feb_5642_67c9,
        0x3ff7_a114_73eb_0187,
        0x3ff7_e2f3_36cf_4e62,
        0x3ff8_2589_994c_ce13,
        0x3ff8_68d9_9b44_92ed,
        0x3ff8_ace5_422a_a0db,
        0x3ff8_f1ae_9915_7736,
        0x3ff9_3737_b0cd_c5e5,
        0x3ff9_7d82_9fde_4e50,
        0x3ff9_c491_82a3_f090,
        0x3ffa_0c66_7b5d_e565,
        0x3ffa_5503_b23e_255d,
        0x3ffa_9e6b_5579_fdbf,
        0x3ffa_e89f_995a_d3ad,
        0x3ffb_33a2_b84f_15fb,
        0x3ffb_7f76_f2fb_5e47,
        0x3ffb_cc1e_904b_c1d2,
        0x3ffc_199b_dd85_529c,
        0x3ffc_67f1_2e57_d14b,
        0x3ffc_b720_dcef_9069,
        0x3ffd_072d_4a07_897c,
        0x3ffd_5818_dcfb_a487,
        0x3ffd_a9e6_03db_3285,
        0x3ffd_fc97_337b_9b5f,
        0x3ffe_502e_e78b_3ff6,
        0x3ffe_a4af_a2a4_90da,
        0x3ffe_fa1b_ee61_5a27,
        0x3fff_5076_5b6e_4540,
        0x3fff_a7c1_819e_90d8,
    ];
    let mut t = [0.0; 64];
    let mut j = 0;
    while j < 64 {
        t[j] = f64::from_bits(BITS[j]);
        j += 1;
    }
    t
};

/// `e^x` without the C library call (within 2 ulp of `f64::exp`; tested):
/// `x = (64k + j) ln2/64 + r`, `e^x = 2^k · 2^(j/64) · e^r`, `|r| ≤ ln2/128`,
/// `e^r` by its degree-6 Taylor polynomial (truncation < 1e-18). Used for
/// the expected rates; falls back to [`exp`] outside [-700, 700].
#[inline]
pub fn fast_exp(x: f64) -> f64 {
    const INV: f64 = 64.0 / std::f64::consts::LN_2;
    // ln2/64 split in a high part with trailing zero bits and a low remainder,
    // so that n * LN2_HI is exact (21 trailing zero bits, |n| < 2^17).
    const LN2_HI: f64 = 0.010_830_424_693_267_56;
    const LN2_LO: f64 = 2.981_585_826_985_293_3e-12;
    if !(-700.0..=700.0).contains(&x) {
        return exp(x);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp2_table_is_exp2() {
        for (j, &t) in EXP2_TABLE.iter().enumerate() {
            assert_eq!(t, (j as f64 / 64.0).exp2(), "2^({j}/64)");
        }
    }

    /// The written-out table against Marsaglia & Tsang's recursion run
    /// with our `ln`/`exp` from each written edge: every edge within 1e-13
    /// relative of the next step (the table is the recursion's output).
    #[test]
    fn ziggurat_table_follows_the_recursion() {
        let z = &*ZIG;
        let pdf = |x: f64| exp(-0.5 * x * x);
        assert_eq!(z.x[1], ZIG_R);
        assert!((z.x[0] - ZIG_V / pdf(ZIG_R)).abs() <= 1e-15 * z.x[0]);
        for i in 1..255 {
            let y = ZIG_V / z.x[i] + pdf(z.x[i]);
            let next = (-2.0 * ln(y)).sqrt();
            assert!((z.x[i + 1] - next).abs() <= 1e-13 * next, "x[{}]", i + 1);
            assert!(z.x[i + 1] < z.x[i]);
        }
        assert_eq!(z.x[256], 0.0);
        // Layer areas equal V: x[i] (f(x[i+1]) - f(x[i])) for the strips.
        for i in 1..255 {
            let area = z.x[i] * (z.f[i + 1] - z.f[i]);
            assert!((area - ZIG_V).abs() < 1e-9, "layer {i}: {area}");
        }
    }
}
