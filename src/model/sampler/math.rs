//! `ln` and `exp` of our own, written with `+ − × ÷` and bit manipulation
//! only, for every logarithm and exponential on the sampling path.
//!
//! Why not `f64::ln`/`f64::exp`: they call the C library, and glibc picks
//! its FMA or non-FMA code by the CPU at run time, so the same trial could
//! draw a different count on two nodes of one Slurm array (an acceptance
//! test decided by the last bit). These functions never use `mul_add`, and
//! Rust never contracts `a * b + c` on its own, so they give the same bits
//! on every x86-64 (and every IEEE-754 CPU) at every feature level; they
//! also compile to straight-line arithmetic that can run in vector lanes.
//! Exact samplers stay exact up to an ulp in an acceptance test
//! (DECISIONS #90).
//!
//! Both are ports of fdlibm's `e_log.c` and `e_exp.c` (Sun Microsystems,
//! 1993; "Permission to use, copy, modify, and distribute this software is
//! freely granted, provided that this notice is preserved"): error below
//! 1 ulp, special values as IEEE-754 asks (tested against `std` over many
//! points and the edge cases in this module's tests).

pub(super) const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
pub(super) const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
pub(super) const TWO54: f64 = f64::from_bits(0x4350_0000_0000_0000);
pub(super) const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
pub(super) const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
pub(super) const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
pub(super) const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
pub(super) const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
pub(super) const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
pub(super) const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);

/// Natural logarithm (fdlibm's `__ieee754_log`; error < 1 ulp): `ln 0 =
/// −∞`, negative or NaN give NaN, `ln ∞ = ∞`.
#[inline]
pub fn ln(x: f64) -> f64 {
    let bits = x.to_bits();
    let mut hx = (bits >> 32) as i32;
    let lx = bits as u32;
    let mut k: i32 = 0;
    let mut x = x;
    if hx < 0x0010_0000 {
        // x < 2^-1022: zero, negative or subnormal.
        if ((hx & 0x7fff_ffff) as u32 | lx) == 0 {
            return f64::NEG_INFINITY;
        }
        if hx < 0 {
            return f64::NAN;
        }
        k -= 54;
        x *= TWO54;
        hx = (x.to_bits() >> 32) as i32;
    }
    if hx >= 0x7ff0_0000 {
        return x + x;
    }
    k += (hx >> 20) - 1023;
    hx &= 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x0010_0000;
    // Normalise x or x/2 into [sqrt(2)/2, sqrt(2)).
    let hi = (hx | (i ^ 0x3ff0_0000)) as u32 as u64;
    let x = f64::from_bits((hi << 32) | (x.to_bits() & 0xffff_ffff));
    k += i >> 20;
    let f = x - 1.0;
    let dk = f64::from(k);
    if (0x000f_ffff & (2 + hx)) < 3 {
        // |f| < 2^-20.
        if f == 0.0 {
            return if k == 0 {
                0.0
            } else {
                dk * LN2_HI + dk * LN2_LO
            };
        }
        let r = f * f * (0.5 - 0.333_333_333_333_333_3 * f);
        return if k == 0 {
            f - r
        } else {
            dk * LN2_HI - ((r - dk * LN2_LO) - f)
        };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let mut i = hx - 0x6147a;
    let w = z * z;
    let j = 0x6b851 - hx;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    let r = t2 + t1;
    if i > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

const O_THRESHOLD: f64 = f64::from_bits(0x4086_2e42_fefa_39ef);
const U_THRESHOLD: f64 = f64::from_bits(0xc087_4910_d52d_3051);
pub(super) const INV_LN2: f64 = f64::from_bits(0x3ff7_1547_652b_82fe);
const TWOM1000: f64 = f64::from_bits(0x0170_0000_0000_0000);
pub(super) const P1: f64 = f64::from_bits(0x3fc5_5555_5555_553e);
pub(super) const P2: f64 = f64::from_bits(0xbf66_c16c_16be_bd93);
pub(super) const P3: f64 = f64::from_bits(0x3f11_566a_af25_de2c);
pub(super) const P4: f64 = f64::from_bits(0xbebb_bd41_c5d2_6bf1);
pub(super) const P5: f64 = f64::from_bits(0x3e66_3769_72be_a4d0);

/// `e^x` (fdlibm's `__ieee754_exp`; error < 1 ulp): overflow gives `∞`,
/// underflow `0` (subnormal results in between), NaN stays NaN.
#[inline]
pub fn exp(x: f64) -> f64 {
    let bits = x.to_bits();
    let neg = (bits >> 63) != 0;
    let hx = ((bits >> 32) as u32) & 0x7fff_ffff;
    if hx >= 0x4086_2e42 {
        // |x| >= 709.78...
        if hx >= 0x7ff0_0000 {
            if x.is_nan() {
                return x + x;
            }
            return if neg { 0.0 } else { x };
        }
        if x > O_THRESHOLD {
            return f64::INFINITY;
        }
        if x < U_THRESHOLD {
            return 0.0;
        }
    }
    let (hi, lo, k, xr);
    if hx > 0x3fd6_2e42 {
        // |x| > ln2 / 2: x = k ln2 + r.
        if hx < 0x3ff0_a2b2 {
            // |x| < 1.5 ln2.
            (hi, lo, k) = if neg {
                (x + LN2_HI, -LN2_LO, -1)
            } else {
                (x - LN2_HI, LN2_LO, 1)
            };
        } else {
            let half = if neg { -0.5 } else { 0.5 };
            k = (INV_LN2 * x + half) as i32;
            let t = f64::from(k);
            // t * LN2_HI is exact here.
            hi = x - t * LN2_HI;
            lo = t * LN2_LO;
        }
        xr = hi - lo;
    } else if hx < 0x3e30_0000 {
        // |x| < 2^-28.
        return 1.0 + x;
    } else {
        (hi, lo, k, xr) = (0.0, 0.0, 0, x);
    }
    let t = xr * xr;
    let c = xr - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    if k == 0 {
        return 1.0 - ((xr * c) / (c - 2.0) - xr);
    }
    let y = 1.0 - ((lo - (xr * c) / (2.0 - c)) - hi);
    if k >= -1021 {
        f64::from_bits(y.to_bits().wrapping_add((k as i64 as u64) << 52))
    } else {
        f64::from_bits(y.to_bits().wrapping_add(((k + 1000) as i64 as u64) << 52)) * TWOM1000
    }
}

#[cfg(test)]
#[path = "math_tests.rs"]
mod tests;
