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

use super::lanes::{L, Lanes};
use super::lanes_math::{exp8, ln8};
use super::poisson::{
    HALF_LN_2PI, INV_K, LN_FACT_CACHED, LN_FACT_TABLE, PTRS_FROM, poisson_ptrs, poisson_up_to,
    stirling,
};
use std::array::from_fn;

/// PTRS rounds go on in lanes while at least this many lanes still draw;
/// fewer finish one at a time in the scalar loop (a round over eight lanes
/// costs more than one scalar round).
pub const PTRS_LANES_FROM: usize = 2;

impl Lanes {
    /// Poisson draws with means `lambda`, lane `j` equal to
    /// `sampler::poisson_up_to(lambda[j], ptrs_to, ·)` on its stream.
    #[inline]
    pub fn poisson(&mut self, lambda: [f64; L], ptrs_to: f64) -> [f64; L] {
        let inv = lambda.map(|l| l > 0.0 && l < PTRS_FROM);
        let ptrs = lambda.map(|l| (PTRS_FROM..=ptrs_to).contains(&l));
        let mut out = [0.0; L];
        if inv != [false; L] {
            let k = self.poisson_inversion(lambda, inv);
            for j in 0..L {
                out[j] = if inv[j] { k[j] } else { out[j] };
            }
        }
        if ptrs != [false; L] {
            let k = self.poisson_ptrs(lambda, ptrs);
            for j in 0..L {
                out[j] = if ptrs[j] { k[j] } else { out[j] };
            }
        }
        for j in 0..L {
            // Beyond ptrs_to (NaN and means <= 0 fail the test: 0 drawn).
            if !inv[j] && !ptrs[j] && lambda[j] > 0.0 {
                out[j] = poisson_up_to(lambda[j], ptrs_to, &mut self.lane(j));
            }
        }
        out
    }

    /// Inversion by sequential search in the lanes of `on`: step `k`
    /// multiplies in `λ/k` for every lane whose uniform is still above its
    /// cdf, so each lane's sums are the scalar search's; it stops when no
    /// lane is left (or at the scalar cap, k = 100).
    fn poisson_inversion(&mut self, lambda: [f64; L], on: [bool; L]) -> [f64; L] {
        let u = self.uniform_masked(on);
        let mut p = exp8(from_fn(|j| if on[j] { -lambda[j] } else { 0.0 }));
        let mut cdf = p;
        let mut k = [0.0; L];
        let mut on: [bool; L] = from_fn(|j| on[j] && u[j] > cdf[j]);
        let mut step = 0;
        while on != [false; L] && step < INV_K.len() - 1 {
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
    fn poisson_ptrs(&mut self, lambda: [f64; L], mut on: [bool; L]) -> [f64; L] {
        let lam: [f64; L] = from_fn(|j| if on[j] { lambda[j] } else { PTRS_FROM });
        let b = lam.map(|l| 0.931 + 2.53 * l.sqrt());
        let a = b.map(|b| -0.059 + 0.02483 * b);
        let vr = b.map(|b| 0.9277 - 3.6224 / (b - 2.0));
        let mut ln_lam = None;
        let mut out = [0.0; L];
        loop {
            let u = self.uniform_masked(on);
            let v = self.uniform_masked(on);
            let mut us = [0.0; L];
            let mut k = [0i64; L];
            let mut done = [false; L];
            let mut tested = [false; L];
            for j in 0..L {
                let uj = u[j] - 0.5;
                us[j] = 0.5 - uj.abs();
                let t = (2.0 * a[j] / us[j] + b[j]) * uj + lam[j] + 0.43;
                // floor_i64 without a branch per lane.
                let ti = t as i64;
                k[j] = ti.wrapping_sub(i64::from((ti as f64) > t));
                done[j] = on[j] && us[j] >= 0.07 && v[j] <= vr[j];
                tested[j] = on[j] && !done[j] && !(k[j] < 0 || (us[j] < 0.013 && v[j] > us[j]));
            }
            if tested != [false; L] {
                let ll = *ln_lam.get_or_insert_with(|| ln8(lam));
                let acc = ptrs_accept8(lam, ll, &a, &b, &us, &v, &k, tested);
                for j in 0..L {
                    done[j] |= tested[j] && acc[j];
                }
            }
            for j in 0..L {
                out[j] = if done[j] { k[j] as f64 } else { out[j] };
                on[j] &= !done[j];
            }
            let left = on.iter().filter(|&&o| o).count();
            if left == 0 {
                return out;
            }
            if left < PTRS_LANES_FROM {
                for j in 0..L {
                    if on[j] {
                        out[j] = poisson_ptrs(lambda[j], &mut self.lane(j));
                    }
                }
                return out;
            }
        }
    }
}

/// `poisson::ptrs_accept` in every lane of `tested` (`ll` = ln λ), its
/// expressions verbatim: ln k! from the table below 1,024, else the
/// Stirling form with its two more logarithms (computed only when some
/// tested lane needs them).
#[allow(clippy::too_many_arguments)]
#[inline]
fn ptrs_accept8(
    lam: [f64; L],
    ll: [f64; L],
    a: &[f64; L],
    b: &[f64; L],
    us: &[f64; L],
    v: &[f64; L],
    k: &[i64; L],
    tested: [bool; L],
) -> [bool; L] {
    let table = &*LN_FACT_TABLE;
    let top = LN_FACT_CACHED as i64 - 1;
    let mut w = [0.0; L];
    let mut rhs = [0.0; L];
    for j in 0..L {
        let inv_alpha = 1.1239 + 1.1328 / (b[j] - 3.4);
        w[j] = v[j] * inv_alpha / (a[j] / (us[j] * us[j]) + b[j]);
        rhs[j] = -lam[j] + k[j] as f64 * ll[j] - table[k[j].clamp(0, top) as usize];
    }
    let stirling_lanes: [bool; L] = from_fn(|j| tested[j] && k[j] > top);
    if stirling_lanes != [false; L] {
        let x: [f64; L] = from_fn(|j| k[j] as f64 + 1.0);
        let l_ratio = ln8(from_fn(|j| lam[j] / x[j]));
        let l_x = ln8(x);
        for j in 0..L {
            if stirling_lanes[j] {
                let x = x[j];
                rhs[j] = k[j] as f64 * l_ratio[j] - 0.5 * l_x[j] + (x - lam[j])
                    - HALF_LN_2PI
                    - stirling(x);
            }
        }
    }
    let lw = ln8(w);
    from_fn(|j| lw[j] <= rhs[j])
}
