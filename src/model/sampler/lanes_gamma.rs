//! Gamma draws over eight lanes (issue 27), lane `j` bit-identical to
//! `GammaShape::sample` on lane `j`'s stream: Marsaglia–Tsang's step and
//! squeeze, its `ln` test where some lanes' squeeze failed, the scalar
//! sampler for the rare rejected lanes, and the boost of shapes below 1.
//! Its own module, as `lanes_poisson` is, because `lanes` holds the
//! generators and the normals; the AVX2 fast path is `lanes_v3::gamma`.

use super::GammaShape;
use super::lanes::{ALL, L, Lanes, each, mask_bits};
use super::lanes_math::{exp8, ln8};
use super::math::ln;

/// The gamma's `ln` test runs in lanes when at least this many lanes need
/// it (their squeeze failed); fewer take the scalar test one by one (the
/// same numbers either way; measured on the lanes bench: the lane `ln` of
/// both `u` and `v` costs about as much as four scalar ones).
pub const GAMMA_LN_LANES_FROM: usize = 2;

/// Eight gamma shapes, field by field (vector loads), for [`Lanes::gamma`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GammaLanes {
    shapes: [GammaShape; L],
    pub(super) d: [f64; L],
    pub(super) c: [f64; L],
    inv_small: [f64; L],
    small_bits: u32,
}

impl GammaLanes {
    /// Lane `j` with `shapes[j]`.
    pub fn new(shapes: [GammaShape; L]) -> GammaLanes {
        GammaLanes {
            shapes,
            d: each(shapes, |g| g.d),
            c: each(shapes, |g| g.c),
            inv_small: each(shapes, |g| g.inv_small),
            small_bits: mask_bits(each(shapes, |g| g.inv_small > 0.0)),
        }
    }
}

impl Lanes {
    /// Gamma(shape, 1) draws, lane `j` with `g`'s shape `j` and equal to
    /// that shape's `GammaShape::sample` on lane `j`'s stream: the Marsaglia–Tsang step with
    /// its squeeze and (where some lane's squeeze fails) its `ln` test in
    /// lanes, and the boost of shapes below 1 in lanes; a lane whose `v ≤ 0`
    /// or whose test rejects (rare) draws again in the scalar sampler.
    #[inline(always)]
    pub fn gamma(&mut self, g: &GammaLanes) -> [f64; L] {
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = self.v3() {
            return super::lanes_v3::gamma(simd, self, g);
        }
        let x = self.normal();
        let mut v = [0.0; L];
        let mut go = [false; L];
        for j in 0..L {
            let vj = 1.0 + g.c[j] * x[j];
            go[j] = vj > 0.0;
            v[j] = vj * vj * vj;
        }
        let u = self.uniform_masked(go);
        let mut out = [0.0; L];
        let mut squeezed = [false; L];
        for j in 0..L {
            let x2 = x[j] * x[j];
            squeezed[j] = u[j] < 1.0 - 0.0331 * x2 * x2;
            out[j] = g.d[j] * v[j];
        }
        let (go_bits, sq_bits) = (mask_bits(go), mask_bits(squeezed));
        self.gamma_rest(g, x, v, u, go_bits, sq_bits, out)
    }

    /// The rest of [`Lanes::gamma`] after the first step and squeeze
    /// (`go`: `v > 0`; `squeezed`: the squeeze accepted): the `ln` test
    /// where the squeeze failed, the scalar sampler for rejected lanes, the
    /// boost of shapes below 1.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn gamma_rest(
        &mut self,
        g: &GammaLanes,
        x: [f64; L],
        v: [f64; L],
        u: [f64; L],
        go_bits: u32,
        sq_bits: u32,
        mut out: [f64; L],
    ) -> [f64; L] {
        let go: [bool; L] = std::array::from_fn(|j| go_bits >> j & 1 == 1);
        let squeezed: [bool; L] = std::array::from_fn(|j| sq_bits >> j & 1 == 1);
        let mut done_bits = go_bits & sq_bits;
        let need = go_bits & !done_bits;
        if need.count_ones() as usize >= GAMMA_LN_LANES_FROM {
            // Lanes need the ln test: ln u < x²/2 + d (1 − v + ln v).
            let (lu, lv) = (ln8(u), ln8(v));
            let mut done = [false; L];
            for j in 0..L {
                let x2 = x[j] * x[j];
                let pass = lu[j] < 0.5 * x2 + g.d[j] * (1.0 - v[j] + lv[j]);
                done[j] = go[j] && (squeezed[j] || pass);
            }
            done_bits = mask_bits(done);
        } else {
            let mut need = need;
            while need != 0 {
                let j = need.trailing_zeros() as usize;
                need &= need - 1;
                if gamma_ln_test(g.d[j], x[j], u[j], v[j]) {
                    done_bits |= 1 << j;
                }
            }
        }
        let mut again = !done_bits & ALL;
        while again != 0 {
            let j = again.trailing_zeros() as usize;
            again &= again - 1;
            out[j] = self.gamma_again(j, &g.shapes[j]);
        }
        let small_bits = done_bits & g.small_bits;
        if small_bits != 0 {
            // Gamma(a) = Gamma(a + 1) U^(1/a): exp(ln(1 − U) / a), as `GammaShape::boost`.
            let small: [bool; L] = std::array::from_fn(|j| small_bits >> j & 1 == 1);
            let u = self.uniform_masked(small);
            let l = ln8(u.map(|u| 1.0 - u));
            let e = exp8(std::array::from_fn(|j| l[j] * g.inv_small[j]));
            for j in 0..L {
                out[j] = if small[j] { out[j] * e[j] } else { out[j] };
            }
        }
        out
    }

    /// One lane's gamma draw after its first try was rejected: the scalar
    /// sampler from the start (its boost included).
    #[cold]
    #[inline(never)]
    fn gamma_again(&mut self, j: usize, g: &GammaShape) -> f64 {
        g.sample(&mut self.lane(j))
    }
}

/// The gamma's `ln` test for one lane, as `GammaShape::sample` writes it.
#[cold]
#[inline(never)]
fn gamma_ln_test(d: f64, x: f64, u: f64, v: f64) -> bool {
    ln(u) < 0.5 * (x * x) + d * (1.0 - v + ln(v))
}
