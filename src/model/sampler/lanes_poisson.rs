//! Poisson draws over eight lanes (issue 27), lane `j` bit-identical to
//! `sampler::poisson_up_to` on lane `j`'s stream: inversion (means below
//! 10) as one masked search over all its lanes, and PTRS with its quick
//! acceptance, its exact test (lane `ln`, the log-factorial table or
//! Stirling's series selected per lane) and its next rounds in lanes; only
//! when a round leaves fewer than [`PTRS_LANES_FROM`] lanes still drawing
//! do those finish in the scalar loop. Means beyond `ptrs_to` (the
//! `normal_poisson` regime), zero and NaN go lane by lane.
//!
//! Why a lane's numbers equal the scalar sampler's: every lane is in one
//! regime for the whole draw, its uniforms come from its own stream in the
//! scalar order (masked draws advance only the lanes still drawing), and
//! every value is computed by the scalar code's own expressions, with
//! [`ln8`]/[`exp8`] equal to `ln`/`exp` bit for bit.

use super::basic::floor_i64;
use super::lanes::{L, Lanes, each, mask_bits};
use super::lanes_math::{exp8, ln8};
use super::ln_near::{LN_NEAR_ERR, ln_near8};
use super::poisson::{
    HALF_LN_2PI, INV_K, LN_FACT_CACHED, LN_FACT_TABLE, PTRS_FROM, poisson_ptrs, poisson_up_to,
    ptrs_accept, ptrs_w, stirling,
};
use std::array::from_fn;
use std::cmp::Ordering;

/// PTRS rounds go on in lanes while at least this many lanes still draw;
/// fewer finish one at a time in the scalar loop (a round over eight lanes
/// costs more than one scalar round; 4 measured best of 2, 3, 4, 6 and 9
/// on the lanes bench's means, AVX2 and AVX-512).
pub const PTRS_LANES_FROM: usize = 4;

impl Lanes {
    /// Poisson draws with means `lambda`, lane `j` equal to
    /// `sampler::poisson_up_to(lambda[j], ptrs_to, ·)` on its stream.
    #[inline(always)]
    pub fn poisson(&mut self, lambda: [f64; L], ptrs_to: f64) -> [f64; L] {
        let inv = each(lambda, |l| l > 0.0 && l < PTRS_FROM);
        let ptrs = each(lambda, |l| (PTRS_FROM..=ptrs_to).contains(&l));
        let (inv_bits, ptrs_bits) = (mask_bits(inv), mask_bits(ptrs));
        let mut out = [0.0; L];
        if inv_bits != 0 {
            let k = self.poisson_inversion(lambda, inv);
            for j in 0..L {
                out[j] = if inv[j] { k[j] } else { out[j] };
            }
        }
        if ptrs_bits != 0 {
            #[cfg(target_arch = "x86_64")]
            let k = match self.v3() {
                Some(simd) => super::lanes_v3_poisson::poisson_ptrs(simd, self, lambda, ptrs_bits),
                None => self.poisson_ptrs(lambda, ptrs_bits),
            };
            #[cfg(not(target_arch = "x86_64"))]
            let k = self.poisson_ptrs(lambda, ptrs_bits);
            for j in 0..L {
                out[j] = if ptrs[j] { k[j] } else { out[j] };
            }
        }
        // Beyond ptrs_to (NaN and means <= 0 fail the test: 0 drawn).
        let mut rest = !(inv_bits | ptrs_bits) & mask_bits(each(lambda, |l| l > 0.0));
        while rest != 0 {
            let j = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            out[j] = poisson_up_to(lambda[j], ptrs_to, &mut self.lane(j));
        }
        out
    }

    /// Inversion by sequential search in the lanes of `on`: step `k`
    /// multiplies in `λ/k` for every lane whose uniform is still above its
    /// cdf, so each lane's sums are the scalar search's; it stops when no
    /// lane is left (or at the scalar cap, k = 100).
    #[inline(always)]
    fn poisson_inversion(&mut self, lambda: [f64; L], on: [bool; L]) -> [f64; L] {
        let u = self.uniform_masked(on);
        let mut p = exp8(from_fn(|j| if on[j] { -lambda[j] } else { 0.0 }));
        let mut cdf = p;
        let mut k = [0.0; L];
        let mut on: [bool; L] = from_fn(|j| on[j] && u[j] > cdf[j]);
        let mut step = 0;
        while mask_bits(on) != 0 && step < INV_K.len() - 1 {
            step += 1;
            let f = INV_K[step];
            let s = step as f64;
            for j in 0..L {
                let pj = p[j] * (lambda[j] * f);
                let cj = cdf[j] + pj;
                p[j] = if on[j] { pj } else { p[j] };
                cdf[j] = if on[j] { cj } else { cdf[j] };
                k[j] = if on[j] { s } else { k[j] };
                on[j] = on[j] && u[j] > cj;
            }
        }
        k
    }

    /// Hörmann's PTRS in the lanes of `on` (means at least 10): rounds of
    /// two uniforms, the quick acceptance, then the exact test for the
    /// lanes that need it, until every lane has its count.
    #[inline(always)]
    fn poisson_ptrs(&mut self, lambda: [f64; L], mut on_bits: u32) -> [f64; L] {
        let lam: [f64; L] = from_fn(|j| {
            if on_bits >> j & 1 == 1 {
                lambda[j]
            } else {
                PTRS_FROM
            }
        });
        let b = each(lam, |l| 0.931 + 2.53 * l.sqrt());
        let a = each(b, |b| -0.059 + 0.02483 * b);
        let vr = each(b, |b| 0.9277 - 3.6224 / (b - 2.0));
        let mut ll = [0.0; L];
        let mut have_ll = false;
        let mut out = [0.0; L];
        loop {
            let on: [bool; L] = from_fn(|j| on_bits >> j & 1 == 1);
            let u = self.uniform_masked(on);
            let v = self.uniform_masked(on);
            let mut us = [0.0; L];
            let mut t = [0.0; L];
            let mut k = [0.0; L];
            let mut quick = [false; L];
            let mut skip = [false; L];
            let mut odd = [false; L];
            for j in 0..L {
                let uj = u[j] - 0.5;
                us[j] = 0.5 - uj.abs();
                t[j] = (2.0 * a[j] / us[j] + b[j]) * uj + lam[j] + 0.43;
                // floor(t), as floor_i64 gives it, for |t| < 2^51: round to
                // an integer by adding and taking away 1.5 * 2^52, then step
                // down where that rounded up. Other t (uniforms within
                // ~1e-15 of 0) go to `ptrs_odd`.
                let r = (t[j] + ROUND) - ROUND;
                k[j] = r - if r > t[j] { 1.0 } else { 0.0 };
                // (NaN is odd too.)
                odd[j] = t[j].abs().partial_cmp(&FLOOR_EXACT) != Some(Ordering::Less);
                quick[j] = us[j] >= 0.07 && v[j] <= vr[j];
                skip[j] = k[j] < 0.0 || (us[j] < 0.013 && v[j] > us[j]);
            }
            let odd_bits = on_bits & mask_bits(odd);
            let mut done_bits = on_bits & !odd_bits & mask_bits(quick);
            let tested_bits = on_bits & !odd_bits & !done_bits & !mask_bits(skip);
            if tested_bits != 0 {
                if !have_ll {
                    ll = ln8(lam);
                    have_ll = true;
                }
                let acc = ptrs_accept8(lam, ll, &a, &b, &us, &v, &k, tested_bits);
                done_bits |= tested_bits & mask_bits(acc);
            }
            let odd = |j: usize| ptrs_odd(lam[j], a[j], b[j], vr[j], us[j], v[j], t[j]);
            let (k, on, out) = (&mut k, &mut on_bits, &mut out);
            if self.ptrs_round_end(&lambda, odd_bits, done_bits, k, odd, on, out) {
                return *out;
            }
        }
    }

    /// The end of one PTRS round in lanes, for the generic and the AVX2
    /// code (`lanes_v3_poisson`): the odd lanes decided one by one
    /// (`odd(j)`: lane `j`'s count if accepted), every count accepted this
    /// round into `out`, `on_bits` left with the lanes still drawing.
    /// `true` when the draw is over: no lane left, or fewer than
    /// [`PTRS_LANES_FROM`] lanes, which finish one at a time in the scalar
    /// loop on their own generators.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn ptrs_round_end(
        &mut self,
        lambda: &[f64; L],
        mut odd_bits: u32,
        mut done_bits: u32,
        k: &mut [f64; L],
        mut odd: impl FnMut(usize) -> Option<f64>,
        on_bits: &mut u32,
        out: &mut [f64; L],
    ) -> bool {
        while odd_bits != 0 {
            let j = odd_bits.trailing_zeros() as usize;
            odd_bits &= odd_bits - 1;
            if let Some(kj) = odd(j) {
                done_bits |= 1 << j;
                k[j] = kj;
            }
        }
        for j in 0..L {
            out[j] = if done_bits >> j & 1 == 1 {
                k[j]
            } else {
                out[j]
            };
        }
        *on_bits &= !done_bits;
        let left = on_bits.count_ones() as usize;
        if left == 0 {
            return true;
        }
        if left < PTRS_LANES_FROM {
            while *on_bits != 0 {
                let j = on_bits.trailing_zeros() as usize;
                *on_bits &= *on_bits - 1;
                out[j] = poisson_ptrs(lambda[j], &mut self.lane(j));
            }
            return true;
        }
        false
    }
}

/// 1.5 * 2^52: `(t + ROUND) - ROUND` is `t` rounded to an integer for |t| < 2^51.
pub(super) const ROUND: f64 = 6_755_399_441_055_744.0;
/// 2^51, below which that rounding is exact.
pub(super) const FLOOR_EXACT: f64 = 2_251_799_813_685_248.0;

/// One PTRS round of one lane whose `t` is beyond 2^51 or NaN (a uniform
/// within ~1e-15 of 0 or 1), decided as the scalar loop decides it: the
/// count if accepted, `None` to draw again.
#[cold]
#[inline(never)]
pub(super) fn ptrs_odd(lam: f64, a: f64, b: f64, vr: f64, us: f64, v: f64, t: f64) -> Option<f64> {
    let k = floor_i64(t);
    let accept = (us >= 0.07 && v <= vr)
        || (!(k < 0 || (us < 0.013 && v > us)) && ptrs_accept(lam, a, b, us, v, k));
    accept.then_some(k as f64)
}

/// `poisson::ptrs_accept` in every lane of `tested` (`ll` = ln λ, exact):
/// first decided with the near logarithm ([`ln_near8`]) wherever the two
/// sides are further apart than its bound can explain, as the scalar test
/// decides (DECISIONS #97); only when some tested lane is left undecided
/// (a near-tie, a `w` that is not a positive normal number) does
/// [`ptrs_accept8_exact`] run, and those lanes take its answer. Every
/// decision is the exact test's.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) fn ptrs_accept8(
    lam: [f64; L],
    ll: [f64; L],
    a: &[f64; L],
    b: &[f64; L],
    us: &[f64; L],
    v: &[f64; L],
    k: &[f64; L],
    tested: u32,
) -> [bool; L] {
    let w: [f64; L] = from_fn(|j| ptrs_w(a[j], b[j], us[j], v[j]));
    let (near, decided) = ptrs_accept8_near(lam, ll, &w, k);
    let undecided = tested & !decided;
    if undecided == 0 {
        return near;
    }
    let exact = ptrs_accept8_exact(lam, ll, &w, k, undecided);
    from_fn(|j| {
        if undecided >> j & 1 == 1 {
            exact[j]
        } else {
            near[j]
        }
    })
}

/// The acceptance test of every lane with [`ln_near8`], and the mask of the
/// lanes it decides. With the table's ln k! (k below 1,024) the right side
/// is computed as [`ptrs_accept8_exact`] computes it, bit for bit, so only
/// the left side's bound (and the rounding of the comparison, a
/// thousandfold margin) needs slack. With Stirling's ln k! its two
/// logarithms are near ones too: slack `k + 2` bounds, plus a
/// thousandfold margin on the rounding of its terms.
#[inline(always)]
fn ptrs_accept8_near(lam: [f64; L], ll: [f64; L], w: &[f64; L], k: &[f64; L]) -> ([bool; L], u32) {
    let table = &*LN_FACT_TABLE;
    let top = (LN_FACT_CACHED - 1) as f64;
    let x: [f64; L] = from_fn(|j| k[j] + 1.0);
    let (lw, w_ok) = ln_near8(*w);
    let stirling_bits = mask_bits(each(*k, |k| k > top));
    let (l_ratio, l_x, s_ok) = if stirling_bits != 0 {
        let (lr, r_ok) = ln_near8(from_fn(|j| lam[j] / x[j]));
        let (lx, x_ok) = ln_near8(x);
        (lr, lx, r_ok & x_ok)
    } else {
        ([0.0; L], [0.0; L], 0)
    };
    let mut accept = [false; L];
    let mut sure = [false; L];
    for j in 0..L {
        let kc = if k[j] < 0.0 { 0.0 } else { k[j] };
        let kc = if kc > top { top } else { kc };
        let table_rhs = -lam[j] + k[j] * ll[j] - table[kc as i32 as usize];
        // Stirling's side (a division per lane) only when some lane needs it.
        let stirling_rhs = if stirling_bits != 0 {
            k[j] * l_ratio[j] - 0.5 * l_x[j] + (x[j] - lam[j]) - HALF_LN_2PI - stirling(x[j])
        } else {
            0.0
        };
        let big = k[j] > top;
        let rhs = if big { stirling_rhs } else { table_rhs };
        let table_slack = LN_NEAR_ERR + 1e-12 * (rhs.abs() + lw[j].abs());
        let stirling_slack = (k[j] + 2.0) * LN_NEAR_ERR
            + 1e-12 * (x[j] + lam[j] + k[j] * l_ratio[j].abs() + l_x[j].abs() + lw[j].abs());
        let slack = if big { stirling_slack } else { table_slack };
        accept[j] = lw[j] < rhs - slack;
        sure[j] = accept[j] || lw[j] > rhs + slack;
    }
    let ok = w_ok & (!stirling_bits | s_ok);
    (accept, ok & mask_bits(sure))
}

/// `poisson::ptrs_accept_exact` in every lane of `tested` (`ll` = ln λ),
/// its expressions verbatim: ln k! from the table below 1,024, else the
/// Stirling form with its two more logarithms (computed only when some
/// tested lane needs them).
#[inline(always)]
fn ptrs_accept8_exact(
    lam: [f64; L],
    ll: [f64; L],
    w: &[f64; L],
    k: &[f64; L],
    tested: u32,
) -> [bool; L] {
    let table = &*LN_FACT_TABLE;
    let top = (LN_FACT_CACHED - 1) as f64;
    let mut rhs = [0.0; L];
    for j in 0..L {
        // The table index, clamped by selects (i32 conversions vectorise).
        let kc = if k[j] < 0.0 { 0.0 } else { k[j] };
        let kc = if kc > top { top } else { kc };
        rhs[j] = -lam[j] + k[j] * ll[j] - table[kc as i32 as usize];
    }
    let stirling_bits = tested & mask_bits(each(*k, |k| k > top));
    if stirling_bits != 0 {
        let x: [f64; L] = from_fn(|j| k[j] + 1.0);
        let l_ratio = ln8(from_fn(|j| lam[j] / x[j]));
        let l_x = ln8(x);
        for j in 0..L {
            if stirling_bits >> j & 1 == 1 {
                let x = x[j];
                rhs[j] =
                    k[j] * l_ratio[j] - 0.5 * l_x[j] + (x - lam[j]) - HALF_LN_2PI - stirling(x);
            }
        }
    }
    let lw = ln8(*w);
    from_fn(|j| lw[j] <= rhs[j])
}

#[cfg(test)]
#[path = "lanes_poisson_tests.rs"]
mod tests;
