//! A cheap logarithm with a known error bound, so that a comparison against
//! a logarithm can be decided without the exact one in all but a vanishing
//! share of cases.
//!
//! Why: PTRS's acceptance test (`poisson::ptrs_accept`) compares `ln w`
//! with `−λ + k ln λ − ln k!` in about four draws in ten at the national
//! workload's means, and its two exact logarithms (`math::ln`, fdlibm's,
//! with a division and a long dependent polynomial) were 13% of a national
//! run. [`ln_near`] has no division and a short polynomial; the caller
//! decides with it only when the two sides are further apart than the
//! bound allows, and otherwise computes the exact test as before. So every
//! decision, and every random number, is the same as with `math::ln` alone:
//! the results do not change by a bit (DECISIONS #97).
//!
//! The method: `x = 2^e · m` with `m` in `[1, 2)`; the top 8 bits of the
//! mantissa pick `c = 1 + (i + ½)/256`, so `r = m · (1/c) − 1` has
//! `|r| ≤ 2^-9`; `ln x = e ln 2 + ln c + ln(1 + r)` with
//! `ln(1 + r) ≈ r − r²/2 + r³/3 − r⁴/4`. Error: truncation `≤ |r|⁵/5 <
//! 7.2e-15`; `r`'s rounding `< 3.4e-16`; `ln c` from `math::ln` `< 1.2e-16`;
//! the sums `≤ 3 ulp` of a result below 745 in magnitude (`< 3.5e-13`).
//! So `|ln_near(x) − ln(x)| < 4e-13`; [`LN_NEAR_ERR`] claims 1e-10, and the
//! tests check 4e-13 against `math::ln` over every table entry and the
//! whole exponent range.

use super::lanes::{L, mask_bits};
use super::math::ln;
use std::sync::LazyLock;

/// A bound on `|ln_near(x) − math::ln(x)|` for every positive normal `x`:
/// 250 times the analysed error, so that no rounding overlooked in the
/// analysis above can make a decision differ.
pub(super) const LN_NEAR_ERR: f64 = 1e-10;

/// `(1/c, ln c)` for `c = 1 + (i + ½)/256`, i in 0..256.
pub(super) static TABLE: LazyLock<[(f64, f64); 256]> = LazyLock::new(|| {
    let mut t = [(0.0, 0.0); 256];
    for (i, e) in t.iter_mut().enumerate() {
        let c = 1.0 + (i as f64 + 0.5) / 256.0;
        *e = (1.0 / c, ln(c));
    }
    t
});

/// `ln x` within [`LN_NEAR_ERR`] for positive normal finite `x`; `None` for
/// zero, subnormals, negatives, infinities and NaN (callers then use the
/// exact `math::ln`).
#[inline]
pub(super) fn ln_near(x: f64) -> Option<f64> {
    let (v, defined) = ln_near_lane(&TABLE, x);
    defined.then_some(v)
}

/// [`ln_near`] of each lane, bit for bit (the same function per lane, the
/// table's entries gathered), with the bit mask of the lanes where it is
/// defined (the others' values are meaningless).
#[inline(always)]
pub(super) fn ln_near8(x: [f64; L]) -> ([f64; L], u32) {
    let table = &*TABLE;
    let mut out = [0.0; L];
    let mut valid = [false; L];
    for j in 0..L {
        (out[j], valid[j]) = ln_near_lane(table, x[j]);
    }
    (out, mask_bits(valid))
}

/// `ln_near`'s value, and whether `x` is a positive normal finite number
/// (else the value is meaningless), with no branch, so that the lanes
/// vectorise; the exponent goes through `i32`, whose conversion to `f64`
/// vectorises at every level.
#[inline(always)]
fn ln_near_lane(table: &[(f64, f64); 256], x: f64) -> (f64, bool) {
    let bits = x.to_bits();
    // The sign bit makes negatives' biased exponent 2048 or more.
    let biased = (bits >> 52) as i32;
    let defined = biased != 0 && biased < 0x7ff;
    let i = ((bits >> 44) & 0xff) as usize;
    let m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let (inv_c, ln_c) = table[i];
    let r = m * inv_c - 1.0;
    let r2 = r * r;
    let p = r - r2 * (0.5 - r * (1.0 / 3.0)) - r2 * r2 * 0.25;
    let v = ((biased & 0x7ff) - 1023) as f64 * std::f64::consts::LN_2 + (ln_c + p);
    (v, defined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::stream_rng;
    use rand::RngExt;

    /// The analysed bound (module docs), far inside `LN_NEAR_ERR`.
    const ANALYSED: f64 = 4e-13;

    fn check(x: f64) {
        let near = ln_near(x).unwrap_or_else(|| panic!("ln_near({x:e}) gave None"));
        let exact = ln(x);
        assert!(
            (near - exact).abs() < ANALYSED,
            "ln_near({x:e}) = {near} vs {exact}"
        );
    }

    #[test]
    fn within_the_bound_at_every_table_entry_and_its_edges() {
        for i in 0..256u64 {
            for exp in [1u64, 1000, 1022, 1023, 1024, 1030, 2046] {
                let lo = (exp << 52) | (i << 44);
                let hi = lo | ((1u64 << 44) - 1);
                for bits in [lo, lo + 1, lo | (1 << 43), hi - 1, hi] {
                    check(f64::from_bits(bits));
                }
            }
        }
    }

    #[test]
    fn within_the_bound_on_random_values_across_the_range() {
        let mut rng = stream_rng(96, 0, 0);
        for _ in 0..1_000_000 {
            // Any positive normal: a random exponent and mantissa.
            let exp: u64 = rng.random_range(1..2047);
            let bits = (exp << 52) | (rng.random::<u64>() >> 12);
            check(f64::from_bits(bits));
        }
        for _ in 0..1_000_000 {
            // Where PTRS uses it: w in (0, 1) and λ in [10, 10^4).
            check(rng.random::<f64>().max(f64::MIN_POSITIVE));
            check(10.0 * 1000f64.powf(rng.random::<f64>()));
        }
    }

    /// The lanes' version is the scalar one, bit for bit, and defined on
    /// the same inputs.
    #[test]
    fn lanes_equal_the_scalar_near_logarithm() {
        let mut rng = stream_rng(97, 0, 0);
        let specials = [0.0, -0.0, -2.5, 1e-310, f64::INFINITY, f64::NAN, 1.0];
        for round in 0..200_000usize {
            let x: [f64; L] = std::array::from_fn(|j| {
                if (round + j) % 50 == 0 {
                    specials[(round / 50 + j) % specials.len()]
                } else {
                    let exp: u64 = rng.random_range(1..2047);
                    f64::from_bits((exp << 52) | (rng.random::<u64>() >> 12))
                }
            });
            let (got, valid) = ln_near8(x);
            for j in 0..L {
                match ln_near(x[j]) {
                    Some(want) => {
                        assert_eq!(valid >> j & 1, 1, "{:e}", x[j]);
                        assert_eq!(got[j].to_bits(), want.to_bits(), "{:e}", x[j]);
                    }
                    None => assert_eq!(valid >> j & 1, 0, "{:e}", x[j]),
                }
            }
        }
    }

    #[test]
    fn declines_what_it_cannot_bound() {
        for x in [
            0.0,
            -0.0,
            -1.0,
            f64::MIN_POSITIVE / 2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ] {
            assert_eq!(ln_near(x), None, "{x}");
        }
        assert!(ln_near(1.0).is_some_and(|l| l.abs() < ANALYSED));
    }
}
