//! [`ln`](super::ln) and [`exp`](super::exp) over eight lanes,
//! without a branch per lane, bit-identical to the scalar functions
//! (issue 27; this module's tests compare them bit for bit).
//!
//! Why: the samplers' exact tests (PTRS's acceptance, the gamma's `ln`
//! test) and the inversion's `e^−λ` are needed in some lane of eight most
//! of the time; finishing those lanes one at a time in scalar code cost
//! more than the vector work saved. Written as fdlibm's reduction for every
//! lane, each of its branches computed and the result selected, so LLVM
//! can vectorise the loop (selects, not jumps). The arithmetic of each
//! selected branch is the scalar function's, operation for operation and
//! without fused multiply-adds, hence the same bits; where the scalar code
//! has separate `k == 0` formulas, the general formula with `k = 0` gives
//! the same bits (`0·c = +0`, `y − (+0) = y`, `+0 − (a − b) = b − a` with
//! round-to-nearest), which the tests check over the whole range.

use super::lanes::L;
use super::math::{
    self, INV_LN2, LG1, LG2, LG3, LG4, LG5, LG6, LG7, LN2_HI, LN2_LO, P1, P2, P3, P4, P5, TWO54,
};

/// `math::ln` of each lane, bit for bit (every input, the special values
/// included: `ln 0 = −∞`, negative or NaN give NaN, `ln ∞ = ∞`).
#[inline(always)]
pub fn ln8(x: [f64; L]) -> [f64; L] {
    let mut out = [0.0; L];
    for j in 0..L {
        out[j] = ln_select(x[j]);
    }
    out
}

/// One lane of [`ln8`]: `math::ln` with its branches turned into selects.
#[inline(always)]
fn ln_select(x0: f64) -> f64 {
    let bits = x0.to_bits();
    let hx0 = (bits >> 32) as i32;
    // Subnormals (and zero and negatives, replaced at the end) scaled by 2^54.
    let tiny = hx0 < 0x0010_0000;
    let x = if tiny { x0 * TWO54 } else { x0 };
    let xb = x.to_bits();
    let hx = (xb >> 32) as i32;
    let k = i32::from(tiny) * -54 + ((hx >> 20) - 1023);
    let hx = hx & 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x0010_0000;
    let hi = (hx | (i ^ 0x3ff0_0000)) as u32 as u64;
    let f = f64::from_bits((hi << 32) | (xb & 0xffff_ffff)) - 1.0;
    let k = k + (i >> 20);
    let dk = f64::from(k);
    // |f| < 2^-20.
    let r_small = f * f * (0.5 - 0.333_333_333_333_333_3 * f);
    let small = dk * LN2_HI - ((r_small - dk * LN2_LO) - f);
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    let hfsq = 0.5 * f * f;
    let upper = dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f);
    let lower = dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f);
    let big = if ((hx - 0x6147a) | (0x6b851 - hx)) > 0 {
        upper
    } else {
        lower
    };
    let v = if (0x000f_ffff & (2 + hx)) < 3 {
        small
    } else {
        big
    };
    // The special values, as the scalar function returns them.
    let v = if hx0 >= 0x7ff0_0000 { x0 + x0 } else { v };
    let v = if hx0 < 0 { f64::NAN } else { v };
    if bits & 0x7fff_ffff_ffff_ffff == 0 {
        f64::NEG_INFINITY
    } else {
        v
    }
}

/// Above this `|x|` (about 704) a lane's `exp` is the scalar function's
/// (overflow, underflow, the subnormal results, NaN): never the case on
/// the samplers' paths.
const EXP_SCALAR_FROM: u32 = 0x4086_0000;

/// `math::exp` of each lane, bit for bit; lanes with `|x| ≥ 704` or NaN
/// call the scalar function.
#[inline(always)]
pub fn exp8(x: [f64; L]) -> [f64; L] {
    let mut out = [0.0; L];
    let mut far = [false; L];
    for j in 0..L {
        let hx = ((x[j].to_bits() >> 32) as u32) & 0x7fff_ffff;
        far[j] = hx >= EXP_SCALAR_FROM;
        out[j] = exp_select(x[j]);
    }
    if far != [false; L] {
        for j in 0..L {
            if far[j] {
                out[j] = math::exp(x[j]);
            }
        }
    }
    out
}

/// One lane of [`exp8`] for `|x| < 704`: `math::exp` with its branches
/// turned into selects (one division: `a / (c − 2) = −(a / (2 − c))`
/// exactly).
#[inline(always)]
fn exp_select(x: f64) -> f64 {
    let bits = x.to_bits();
    let neg = (bits >> 63) != 0;
    let hx = ((bits >> 32) as u32) & 0x7fff_ffff;
    // |x| > ln2 / 2: x = k ln2 + r; |x| < 1.5 ln2: k = ±1.
    let (hi1, lo1, k1) = if neg {
        (x + LN2_HI, -LN2_LO, -1)
    } else {
        (x - LN2_HI, LN2_LO, 1)
    };
    let half = if neg { -0.5 } else { 0.5 };
    // In range for |x| < 704; saturates (unused) for the far lanes.
    let kn = (INV_LN2 * x + half) as i32;
    let t = f64::from(kn);
    let hin = x - t * LN2_HI;
    let lon = t * LN2_LO;
    let near = hx < 0x3ff0_a2b2;
    let reduce = hx > 0x3fd6_2e42;
    let (hi, lo, k) = if near { (hi1, lo1, k1) } else { (hin, lon, kn) };
    let (hi, lo, k) = if reduce { (hi, lo, k) } else { (0.0, 0.0, 0) };
    let xr = if reduce { hi - lo } else { x };
    let t = xr * xr;
    let c = xr - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    let q = (xr * c) / (2.0 - c);
    let unscaled = 1.0 - (-q - xr);
    let y = 1.0 - ((lo - q) - hi);
    let scaled = f64::from_bits(y.to_bits().wrapping_add((i64::from(k) as u64) << 52));
    let v = if k == 0 { unscaled } else { scaled };
    // |x| < 2^-28.
    if hx < 0x3e30_0000 { 1.0 + x } else { v }
}

#[cfg(test)]
#[path = "lanes_math_tests.rs"]
mod tests;
