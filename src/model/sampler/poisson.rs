//! Exact Poisson draws: inversion for small means, Hörmann's PTRS for large
//! ones, with the log-factorial table PTRS's acceptance test reads, plus the
//! opt-in `normal_poisson` approximation. Its own module because it is the
//! largest of the samplers and shares only the basic draws with the gamma.

use super::basic::{floor_i64, normal, uniform};
use super::ln_near::{LN_NEAR_ERR, ln_near};
use super::math::{exp, ln};
use rand::Rng;

/// Mean at and above which Poisson draws use PTRS instead of inversion.
pub const PTRS_FROM: f64 = 10.0;
/// Mean above which a Poisson draw is returned as the rounded mean (the
/// relative sd is below 3e-8 there; never reached by realistic inputs).
pub const HUGE_MEAN: f64 = 1.0e15;

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
    let mut p = exp(-lambda);
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
pub(super) const INV_K: [f64; 101] = {
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
    (x - 0.5) * ln(x) - x + HALF_LN_2PI + stirling(x)
}

/// Hörmann's PTRS for `lambda >= 10`: ~86% of draws are accepted after two
/// uniforms and a handful of arithmetic; the rest pay one log-factorial.
pub(super) fn poisson_ptrs<R: Rng + ?Sized>(lambda: f64, rng: &mut R) -> f64 {
    let (a, b, vr) = ptrs_consts(lambda);
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

/// PTRS's constants at mean `lambda`: `(a, b, v_r)`.
#[inline(always)]
pub(super) fn ptrs_consts(lambda: f64) -> (f64, f64, f64) {
    let b = 0.931 + 2.53 * lambda.sqrt();
    let a = -0.059 + 0.02483 * b;
    (a, b, 0.9277 - 3.6224 / (b - 2.0))
}

/// The `w` PTRS's acceptance test takes the logarithm of:
/// `ln w = ln V + ln(1/α) − ln(a/us² + b)`.
#[inline(always)]
pub(super) fn ptrs_w(a: f64, b: f64, us: f64, v: f64) -> f64 {
    let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    v * inv_alpha / (a / (us * us) + b)
}

/// PTRS's exact acceptance test, kept out of line so that its logarithms
/// are not hoisted into the fast path (needed in ~38% of draws at the
/// national workload's means). Two logarithms: ln w and ln λ (ln k! cached).
///
/// Most tests are decided with [`ln_near`] (no division, a short
/// polynomial) when the two sides differ by more than its error bound can
/// explain; only the rest (2 of 1.7 million in the test, at means 10 to
/// 2,000) compute the exact logarithms. Every decision is the one the
/// exact test makes (DECISIONS #97).
#[cold]
#[inline(never)]
pub(super) fn ptrs_accept(lambda: f64, a: f64, b: f64, us: f64, v: f64, k: i64) -> bool {
    let w = ptrs_w(a, b, us, v);
    if let Some(decided) = ptrs_accept_near(lambda, w, k) {
        return decided;
    }
    ptrs_accept_exact(lambda, w, k)
}

/// The acceptance test with [`ln_near`], or `None` when the sides are too
/// close for its bound (or `k` is beyond the ln k! table, or `w` is not a
/// positive normal number). The exact right side `−λ + k ln λ − ln k!`
/// differs from this one by at most `k` times the logarithm's bound plus
/// the rounding of three operations on each side (each below 1.2e-16 of
/// `λ + k |ln λ| + ln k!`); the slack allows that, the left side's bound,
/// and a thousandfold margin on the rounding.
#[inline]
fn ptrs_accept_near(lambda: f64, w: f64, k: i64) -> Option<bool> {
    if !(0..LN_FACT_CACHED as i64).contains(&k) {
        return None;
    }
    let (lw, ll) = (ln_near(w)?, ln_near(lambda)?);
    let (kf, ln_fact) = (k as f64, LN_FACT_TABLE[k as usize]);
    let rhs = -lambda + kf * ll - ln_fact;
    let slack = (kf + 2.0) * LN_NEAR_ERR + 1e-12 * (lambda + kf * ll.abs() + ln_fact + lw.abs());
    if lw < rhs - slack {
        Some(true)
    } else if lw > rhs + slack {
        Some(false)
    } else {
        None
    }
}

/// PTRS's acceptance test with the exact logarithms (`math::ln`).
#[inline(never)]
pub(super) fn ptrs_accept_exact(lambda: f64, w: f64, k: i64) -> bool {
    let rhs = if k < LN_FACT_CACHED as i64 {
        // One logarithm: ln k! from the cached table.
        -lambda + k as f64 * ln(lambda) - LN_FACT_TABLE[k.max(0) as usize]
    } else {
        // -λ + k ln λ - ln k! with Stirling's ln k! at x = k + 1, regrouped
        // as k ln(λ/x) - ½ ln x + x - λ - ½ ln 2π - series: two logarithms.
        let x = k as f64 + 1.0;
        k as f64 * ln(lambda / x) - 0.5 * ln(x) + (x - lambda) - HALF_LN_2PI - stirling(x)
    };
    ln(w) <= rhs
}

/// Values of k below which PTRS reads ln k! from a table (8 KB).
pub(super) const LN_FACT_CACHED: usize = 1024;

/// `ln_factorial(k)` for k < `LN_FACT_CACHED`.
pub(super) static LN_FACT_TABLE: std::sync::LazyLock<Vec<f64>> =
    std::sync::LazyLock::new(|| (0..LN_FACT_CACHED as i64).map(ln_factorial).collect());

/// ½ ln(2π).
pub(super) const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// Stirling's series for ln Γ(x) beyond `(x - ½) ln x - x + ½ ln 2π`.
pub(super) fn stirling(x: f64) -> f64 {
    let r = 1.0 / x;
    let r2 = r * r;
    r * (1.0 / 12.0 - r2 * (1.0 / 360.0 - r2 * (1.0 / 1260.0 - r2 / 1680.0)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::stream_rng;

    /// PTRS's constants and one proposal at mean `lambda`, as `poisson_ptrs`
    /// makes them: `(a, b, us, v, k)`.
    fn proposal(lambda: f64, rng: &mut impl Rng) -> (f64, f64, f64, f64, i64) {
        let (a, b, _) = ptrs_consts(lambda);
        let u = uniform(rng) - 0.5;
        let v = uniform(rng);
        let us = 0.5 - u.abs();
        let k = floor_i64((2.0 * a / us + b) * u + lambda + 0.43);
        (a, b, us, v, k)
    }

    #[test]
    fn the_near_test_decides_as_the_exact_one() {
        let mut rng = stream_rng(96, 1, 0);
        let (mut tested, mut undecided) = (0u64, 0u64);
        for _ in 0..2_000_000 {
            let lambda = 10.0 * 200f64.powf(uniform(&mut rng));
            let (a, b, us, v, k) = proposal(lambda, &mut rng);
            if k < 0 {
                continue;
            }
            let w = ptrs_w(a, b, us, v);
            let exact = ptrs_accept_exact(lambda, w, k);
            assert_eq!(
                ptrs_accept(lambda, a, b, us, v, k),
                exact,
                "λ {lambda} k {k} w {w}"
            );
            match ptrs_accept_near(lambda, w, k) {
                Some(d) => assert_eq!(d, exact, "λ {lambda} k {k} w {w}"),
                None if k < LN_FACT_CACHED as i64 => undecided += 1,
                None => {}
            }
            tested += u64::from(k < LN_FACT_CACHED as i64);
        }
        // Below the ln k! table's end the exact logarithms are needed only
        // at near-ties: at most 1 in 10^5 here.
        assert!(
            undecided * 100_000 <= tested,
            "{undecided} of {tested} undecided"
        );
    }

    #[test]
    fn near_ties_fall_back_to_the_exact_test() {
        let mut rng = stream_rng(96, 2, 0);
        for _ in 0..100_000 {
            let lambda = 10.0 * 200f64.powf(uniform(&mut rng));
            let k = floor_i64(lambda + 3.0 * lambda.sqrt() * (uniform(&mut rng) - 0.5))
                .clamp(0, LN_FACT_CACHED as i64 - 1);
            let rhs = -lambda + k as f64 * ln(lambda) - LN_FACT_TABLE[k as usize];
            // w with ln w within a few ulp of the right side: a tie.
            let w = exp(rhs);
            for w in [
                w,
                f64::from_bits(w.to_bits() + 1),
                f64::from_bits(w.to_bits() - 1),
            ] {
                let exact = ptrs_accept_exact(lambda, w, k);
                if let Some(d) = ptrs_accept_near(lambda, w, k) {
                    assert_eq!(d, exact, "λ {lambda} k {k} w {w}");
                }
            }
            assert_eq!(
                ptrs_accept_near(lambda, w, k),
                None,
                "a tie decided: λ {lambda} k {k}"
            );
        }
    }
}
