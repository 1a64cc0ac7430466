//! The lane samplers' fast paths written in AVX2 instructions (pulp's `V3`
//! token, safe): the generators' step, uniforms, the ziggurat's and
//! Marsaglia–Tsang's fast paths and PTRS's rounds (`lanes_v3_poisson`),
//! as two 4-lane vectors
//! per eight lanes. Used by [`Lanes`] when it was made for
//! [`Level::Avx2`](super::simd::Level) ([`Lanes::at_level`]).
//!
//! Why not leave it to LLVM: written over `[f64; 8]` arrays, these paths
//! vectorised only in part (per-lane compares into bytes read back as a
//! word, 64-bit rotates lane by lane), and the lanes drew no faster than
//! one trial at a time (docs/PERFORMANCE.md, "Issue 27, eighth round").
//!
//! Why the numbers are the same: every value is the generic lane code's
//! (and so the scalar samplers') expression, operation by operation, in
//! IEEE-754 `+ − × ÷ √` with no fused multiply-add; the one rewritten step,
//! `u64 → f64` of a number below 2^53, is exact either way. Whatever
//! leaves a fast path (ziggurat wedges and tail, gamma tests and
//! rejections, PTRS's exact test, odd `t`, the last lanes of a draw)
//! continues in the generic code from the same values. Tests run every
//! sampler on both paths and against the scalar ones (`lanes_tests`).

use super::basic::ZIG;
use super::lanes::{GammaLanes, L, Lanes};
use pulp::x86::V3;
use pulp::{cast, f64x4, m64x4, u64x4};

/// Eight lanes as two vectors.
pub(super) type F8 = [f64x4; 2];
type U8 = [u64x4; 2];
pub(super) type M8 = [m64x4; 2];

/// Lane `j`'s flag as bit `j`.
#[inline(always)]
pub(super) fn bits(simd: V3, m: M8) -> u32 {
    let lo = simd.avx._mm256_movemask_pd(cast(m[0])) as u32;
    let hi = simd.avx._mm256_movemask_pd(cast(m[1])) as u32;
    lo | hi << 4
}

/// Bit `j` of `b` as lane `j`'s mask.
#[inline(always)]
pub(super) fn mask(simd: V3, b: u32) -> M8 {
    let one = simd.splat_u64x4(u64::from(b));
    let lo = u64x4(1, 2, 4, 8);
    let hi = u64x4(16, 32, 64, 128);
    [
        simd.cmp_eq_u64x4(simd.and_u64x4(one, lo), lo),
        simd.cmp_eq_u64x4(simd.and_u64x4(one, hi), hi),
    ]
}

#[inline(always)]
fn f8(simd: V3, x: f64) -> F8 {
    [simd.splat_f64x4(x); 2]
}

/// `op` on both halves (not `<[T; 2]>::map`, which is not always
/// inlined, and then runs `op` without the AVX2 instructions; `op` must
/// be `#[inline(always)]` for the same reason).
#[inline(always)]
pub(super) fn map1<T: Copy, R>(a: [T; 2], op: impl Fn(T) -> R) -> [R; 2] {
    [op(a[0]), op(a[1])]
}

/// `op` on both halves of two values.
#[inline(always)]
pub(super) fn map2<T: Copy, R>(a: [T; 2], b: [T; 2], op: impl Fn(T, T) -> R) -> [R; 2] {
    [op(a[0], b[0]), op(a[1], b[1])]
}

#[inline(always)]
fn rotl<const K: i32, const R: i32>(simd: V3, x: u64x4) -> u64x4 {
    simd.or_u64x4(simd.shl_const_u64x4::<K>(x), simd.shr_const_u64x4::<R>(x))
}

/// The next word of the lanes in `m` (all lanes when `None`); the others
/// keep their state and get 0. Xoshiro256++'s step, as `Lanes::next_u64_masked`.
#[inline(always)]
fn next(simd: V3, lanes: &mut Lanes, m: Option<M8>) -> U8 {
    let s: [U8; 4] = cast(lanes.s);
    let mut new = s;
    let mut out = [simd.splat_u64x4(0); 2];
    for h in 0..2 {
        let (a0, a1, a2, a3) = (s[0][h], s[1][h], s[2][h], s[3][h]);
        let res =
            simd.wrapping_add_u64x4(rotl::<23, 41>(simd, simd.wrapping_add_u64x4(a0, a3)), a0);
        let t = simd.shl_const_u64x4::<17>(a1);
        let n2 = simd.xor_u64x4(a2, a0);
        let n3 = simd.xor_u64x4(a3, a1);
        let n1 = simd.xor_u64x4(a1, n2);
        let n0 = simd.xor_u64x4(a0, n3);
        let n2 = simd.xor_u64x4(n2, t);
        let n3 = rotl::<45, 19>(simd, n3);
        let n = [n0, n1, n2, n3];
        match m {
            None => {
                for w in 0..4 {
                    new[w][h] = n[w];
                }
                out[h] = res;
            }
            Some(m) => {
                for w in 0..4 {
                    new[w][h] = simd.select_u64x4(m[h], n[w], s[w][h]);
                }
                out[h] = simd.select_u64x4(m[h], res, simd.splat_u64x4(0));
            }
        }
    }
    lanes.s = cast(new);
    out
}

/// `v as f64` for `v < 2^53`, exactly: the high and low 32 bits through
/// the exponent, and one exact sum.
#[inline(always)]
pub(super) fn to_f64(simd: V3, v: u64x4) -> f64x4 {
    let lo = simd.or_u64x4(
        simd.and_u64x4(v, simd.splat_u64x4(0xffff_ffff)),
        simd.splat_u64x4(0x4330_0000_0000_0000),
    );
    let hi = simd.or_u64x4(
        simd.shr_const_u64x4::<32>(v),
        simd.splat_u64x4(0x4530_0000_0000_0000),
    );
    let lo = simd.sub_f64x4(cast(lo), simd.splat_f64x4(4_503_599_627_370_496.0));
    let hi = simd.sub_f64x4(
        cast(hi),
        simd.splat_f64x4(19_342_813_113_834_066_795_298_816.0),
    );
    simd.add_f64x4(hi, lo)
}

/// Uniforms on [0, 1) from words, as `sampler::uniform`.
#[inline(always)]
fn uniform_of(simd: V3, b: U8) -> F8 {
    let scale = simd.splat_f64x4(1.0 / (1u64 << 53) as f64);
    map1(
        b,
        #[inline(always)]
        |b| simd.mul_f64x4(to_f64(simd, simd.shr_const_u64x4::<11>(b)), scale),
    )
}

/// Uniforms of the lanes in `m` (0 elsewhere, those lanes not advanced).
#[inline(always)]
pub(super) fn uniform_masked(simd: V3, lanes: &mut Lanes, m: M8) -> F8 {
    let b = next(simd, lanes, Some(m));
    uniform_of(simd, b)
}

/// `Lanes::uniform`.
#[inline(always)]
pub(super) fn uniform(simd: V3, lanes: &mut Lanes) -> [f64; L] {
    let b = next(simd, lanes, None);
    cast(uniform_of(simd, b))
}

/// `Lanes::uniform_masked`.
#[inline(always)]
pub(super) fn uniform_masked_bits(simd: V3, lanes: &mut Lanes, on: u32) -> [f64; L] {
    cast(uniform_masked(simd, lanes, mask(simd, on)))
}

/// `Lanes::normal`: the ziggurat's fast path in vectors (its table read
/// lane by lane), the other lanes finished by the generic code.
#[inline(always)]
pub(super) fn normal(simd: V3, lanes: &mut Lanes) -> [f64; L] {
    let z = &*ZIG;
    let b = next(simd, lanes, None);
    let words: [u64; L] = cast(b);
    let xi: [f64; L] = std::array::from_fn(|j| z.x[(words[j] & 0xff) as usize]);
    let xi1: [f64; L] = std::array::from_fn(|j| z.x[(words[j] & 0xff) as usize + 1]);
    let scale = simd.splat_f64x4(1.0 / (1u64 << 52) as f64);
    let one = simd.splat_f64x4(1.0);
    let (xi, xi1): (F8, F8) = (cast(xi), cast(xi1));
    let mut x = [simd.splat_f64x4(0.0); 2];
    let mut fast = [simd.splat_m64x4(pulp::m64::new(false)); 2];
    for h in 0..2 {
        let u = to_f64(simd, simd.shr_const_u64x4::<11>(b[h]));
        let u = simd.sub_f64x4(simd.mul_f64x4(u, scale), one);
        x[h] = simd.mul_f64x4(u, xi[h]);
        fast[h] = simd.cmp_lt_f64x4(simd.abs_f64x4(x[h]), xi1[h]);
    }
    let mut x: [f64; L] = cast(x);
    let mut slow = !bits(simd, fast) & super::lanes::ALL;
    while slow != 0 {
        let j = slow.trailing_zeros() as usize;
        slow &= slow - 1;
        x[j] = lanes.normal_finish(j, words[j]);
    }
    x
}

/// `Lanes::gamma`: the Marsaglia–Tsang step and squeeze in vectors, the
/// rest (`ln` test, rejections, small shapes' boost) in the generic code.
#[inline(always)]
pub(super) fn gamma(simd: V3, lanes: &mut Lanes, g: &GammaLanes) -> [f64; L] {
    let x: F8 = cast(normal(simd, lanes));
    let (c, d): (F8, F8) = (cast(g.c), cast(g.d));
    let one = f8(simd, 1.0);
    let vj = map2(
        x,
        c,
        #[inline(always)]
        |x, c| simd.add_f64x4(one[0], simd.mul_f64x4(c, x)),
    );
    let zero = simd.splat_f64x4(0.0);
    let go = map1(
        vj,
        #[inline(always)]
        |v| simd.cmp_gt_f64x4(v, zero),
    );
    let v = map1(
        vj,
        #[inline(always)]
        |v| simd.mul_f64x4(simd.mul_f64x4(v, v), v),
    );
    let u = uniform_masked(simd, lanes, go);
    let k = simd.splat_f64x4(0.0331);
    let sq: M8 = map2(
        x,
        u,
        #[inline(always)]
        |x, u| {
            let x2 = simd.mul_f64x4(x, x);
            let bound = simd.sub_f64x4(one[0], simd.mul_f64x4(simd.mul_f64x4(k, x2), x2));
            simd.cmp_lt_f64x4(u, bound)
        },
    );
    let out = map2(
        d,
        v,
        #[inline(always)]
        |d, v| simd.mul_f64x4(d, v),
    );
    let (go_bits, sq_bits) = (bits(simd, go), bits(simd, sq));
    lanes.gamma_rest(g, cast(x), cast(v), cast(u), go_bits, sq_bits, cast(out))
}
