//! Eight Xoshiro256++ streams side by side, and the samplers' fast paths
//! over all eight at once (issue 27), for simulating eight consecutive
//! trials in the lanes of the CPU's vector registers.
//!
//! Why eight on every CPU: the work per trial must never depend on the
//! machine (DECISIONS #90, #91), so the lane count is fixed and the code is
//! written over `[u64; L]` / `[f64; L]` arrays that LLVM vectorises for
//! whatever the build or the run-time dispatch ([`super::simd::Level`])
//! allows (two AVX2 registers, one AVX-512 register, four SSE2 ones); the
//! arithmetic is the scalar samplers' own, lane by lane, with no fused
//! multiply-adds.
//!
//! Why bit-identical to the scalar samplers: lane `j` is one trial's
//! generator and consumes its stream exactly as the scalar sampler would.
//! A draw advances only the lanes that need a number (the others keep
//! their state: a select, not a branch). The exact tests run in lanes too,
//! with the lane `ln`/`exp` (`lanes_math`, bit-identical to the scalar
//! ones): the gamma's `ln` test, PTRS's acceptance test and its further
//! rounds, the inversion's search (`lanes_poisson`). A lane whose draw
//! leaves those paths (the ziggurat's wedges and tail, about 1% of
//! normals; a gamma's rejection; the last few lanes of a PTRS draw)
//! finishes that draw in the scalar code on its own generator
//! ([`Lanes::lane`]), so every lane's values equal the scalar sampler's on
//! the same stream, bit for bit (this module's tests).

use super::basic::{ZIG, normal, normal_slow};
pub use super::lanes_gamma::{GAMMA_LN_LANES_FROM, GammaLanes};
use super::simd::Level;
use std::convert::Infallible;

/// The fixed lane count.
pub const L: usize = 8;

/// `f` on every lane: `<[T; L]>::map` is not always inlined, and its
/// closure then runs without the vector level's instructions.
#[inline(always)]
pub fn each<T: Copy, R>(a: [T; L], f: impl Fn(T) -> R) -> [R; L] {
    [
        f(a[0]),
        f(a[1]),
        f(a[2]),
        f(a[3]),
        f(a[4]),
        f(a[5]),
        f(a[6]),
        f(a[7]),
    ]
}

/// Every lane's bit in a lane mask.
pub const ALL: u32 = (1 << L) - 1;

/// Lane `j`'s flag as bit `j`: cheap "any"/"all" tests and loops over the
/// few lanes off a fast path. The eight flag bytes as one word, each
/// byte's bit moved to its place by one multiplication (bit `8j` lands on
/// bit `56 + j`; the other products fall outside bits 56–63 and carry
/// nothing into them), for a handful of instructions on every level.
#[inline(always)]
pub fn mask_bits(m: [bool; L]) -> u32 {
    let word = u64::from_le_bytes(m.map(u8::from));
    (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// `v as f64` for `v < 2^53`, by exponent bits and exact subtractions
/// (the same value; a plain conversion of a `u64` does not vectorise
/// before AVX-512).
#[inline(always)]
fn u53(v: u64) -> f64 {
    const TWO52: f64 = 4_503_599_627_370_496.0;
    let hi = f64::from_bits(0x4330_0000_0000_0000 | (v >> 1)) - TWO52;
    let lo = f64::from_bits((v & 1) * 0x3ff0_0000_0000_0000);
    hi * 2.0 + lo
}

/// Eight Xoshiro256++ states, word-major so each word is one vector, and
/// whether the samplers take their AVX2 fast paths (`lanes_v3`).
#[derive(Debug, Clone)]
pub struct Lanes {
    pub(super) s: [[u64; L]; 4],
    #[cfg(target_arch = "x86_64")]
    v3: Option<pulp::x86::V3>,
}

/// Lanes are equal when their generators are (the fast paths draw the
/// same numbers).
impl PartialEq for Lanes {
    fn eq(&self, other: &Lanes) -> bool {
        self.s == other.s
    }
}

impl Eq for Lanes {}

impl Lanes {
    /// Lanes from eight generators' state words (`model::rng::stream_words`).
    pub fn new(words: [[u64; 4]; L]) -> Lanes {
        Lanes {
            s: std::array::from_fn(|w| std::array::from_fn(|j| words[j][w])),
            #[cfg(target_arch = "x86_64")]
            v3: None,
        }
    }

    /// These lanes for code running at `level` ([`Level::run`]): at
    /// [`Level::Avx2`] on a CPU that has it, the samplers take their AVX2
    /// fast paths (`lanes_v3`); elsewhere the generic ones. The numbers are
    /// the same either way.
    pub fn at_level(mut self, level: Level) -> Lanes {
        #[cfg(target_arch = "x86_64")]
        {
            self.v3 = match level {
                Level::Avx2 => pulp::x86::V3::try_new(),
                _ => None,
            };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = level;
        self
    }

    /// Streams `stream` of trials `first..first + 8` under `seed`.
    pub fn for_trials(seed: u64, first: u64, stream: u64) -> Lanes {
        Lanes::new(std::array::from_fn(|j| {
            crate::model::rng::stream_words(seed, first + j as u64, stream)
        }))
    }

    /// The next `u64` of every lane.
    #[inline(always)]
    pub fn next_u64(&mut self) -> [u64; L] {
        self.next_u64_masked([true; L])
    }

    /// The next `u64` of the lanes where `mask` is set; the others keep
    /// their state (and get 0).
    #[inline(always)]
    pub fn next_u64_masked(&mut self, mask: [bool; L]) -> [u64; L] {
        let [s0, s1, s2, s3] = &mut self.s;
        let mut out = [0u64; L];
        for j in 0..L {
            let res = s0[j]
                .wrapping_add(s3[j])
                .rotate_left(23)
                .wrapping_add(s0[j]);
            let t = s1[j] << 17;
            let n2 = s2[j] ^ s0[j];
            let n3 = s3[j] ^ s1[j];
            let n1 = s1[j] ^ n2;
            let n0 = s0[j] ^ n3;
            let n2 = n2 ^ t;
            let n3 = n3.rotate_left(45);
            let m = mask[j];
            s0[j] = if m { n0 } else { s0[j] };
            s1[j] = if m { n1 } else { s1[j] };
            s2[j] = if m { n2 } else { s2[j] };
            s3[j] = if m { n3 } else { s3[j] };
            out[j] = if m { res } else { 0 };
        }
        out
    }

    /// Uniforms on [0, 1) (53 bits, as `sampler::uniform`), masked.
    #[inline(always)]
    pub fn uniform_masked(&mut self, mask: [bool; L]) -> [f64; L] {
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = self.v3 {
            return super::lanes_v3::uniform_masked_bits(simd, self, mask_bits(mask));
        }
        let b = self.next_u64_masked(mask);
        each(b, |b| u53(b >> 11) * (1.0 / (1u64 << 53) as f64))
    }

    /// Uniforms on [0, 1) for every lane.
    #[inline(always)]
    pub fn uniform(&mut self) -> [f64; L] {
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = self.v3 {
            return super::lanes_v3::uniform(simd, self);
        }
        self.uniform_masked([true; L])
    }

    /// The AVX2 token when the fast paths are on ([`Lanes::at_level`]).
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    pub(super) fn v3(&self) -> Option<pulp::x86::V3> {
        self.v3
    }

    /// Lane `j` as a scalar generator, for the slow paths.
    pub fn lane(&mut self, j: usize) -> Lane<'_> {
        Lane { s: &mut self.s, j }
    }

    /// Standard normals by the ziggurat, lane `j` equal to
    /// `sampler::normal` on lane `j`'s stream.
    #[inline(always)]
    pub fn normal(&mut self) -> [f64; L] {
        #[cfg(target_arch = "x86_64")]
        if let Some(simd) = self.v3 {
            return super::lanes_v3::normal(simd, self);
        }
        let z = &*ZIG;
        let bits = self.next_u64();
        let mut x = [0.0; L];
        let mut fast = [false; L];
        for j in 0..L {
            let i = (bits[j] & 0xff) as usize;
            let u = u53(bits[j] >> 11) * (1.0 / (1u64 << 52) as f64) - 1.0;
            x[j] = u * z.x[i];
            fast[j] = x[j].abs() < z.x[i + 1];
        }
        let mut slow = !mask_bits(fast) & ALL;
        while slow != 0 {
            let j = slow.trailing_zeros() as usize;
            slow &= slow - 1;
            x[j] = self.normal_finish(j, bits[j]);
        }
        x
    }

    /// The rest of one lane's ziggurat draw whose first word `bits` left
    /// the fast path: the scalar sampler's slow path, then its loop.
    #[cold]
    #[inline(never)]
    pub(super) fn normal_finish(&mut self, j: usize, bits: u64) -> f64 {
        let z = &*ZIG;
        let i = (bits & 0xff) as usize;
        let u = (bits >> 11) as f64 * (1.0 / (1u64 << 52) as f64) - 1.0;
        let x = u * z.x[i];
        let mut lane = self.lane(j);
        match normal_slow(z, &mut lane, i, u, x) {
            Some(v) => v,
            None => normal(&mut lane),
        }
    }
}

/// One lane of [`Lanes`] as a `rand` generator (Xoshiro256++'s step).
pub struct Lane<'a> {
    s: &'a mut [[u64; L]; 4],
    j: usize,
}

impl rand::TryRng for Lane<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        self.try_next_u64().map(|v| (v >> 32) as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let j = self.j;
        let [s0, s1, s2, s3] = &mut *self.s;
        let res = s0[j]
            .wrapping_add(s3[j])
            .rotate_left(23)
            .wrapping_add(s0[j]);
        let t = s1[j] << 17;
        s2[j] ^= s0[j];
        s3[j] ^= s1[j];
        s1[j] ^= s2[j];
        s0[j] ^= s3[j];
        s2[j] ^= t;
        s3[j] = s3[j].rotate_left(45);
        Ok(res)
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        for chunk in dst.chunks_mut(8) {
            let w = self.try_next_u64()?.to_le_bytes();
            chunk.copy_from_slice(&w[..chunk.len()]);
        }
        Ok(())
    }
}

#[cfg(test)]
#[path = "lanes_tests.rs"]
mod tests;
