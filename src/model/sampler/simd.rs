//! Run-time choice of the vector instructions the lane samplers
//! ([`Lanes`](super::lanes::Lanes)) compile to (issue 27): the same code,
//! inlined into a function built for AVX2 (x86-64-v3) or AVX-512
//! (x86-64-v4) where the CPU has them, through `pulp`'s safe dispatch.
//!
//! Why the numbers cannot change with the level: the lane count is 8 on
//! every level, every lane's operations and their order are fixed by the
//! source, and the arithmetic is IEEE-754 `+ − × ÷ √` (exact to the bit on
//! every level) with no `mul_add`; Rust never lets LLVM contract `a·b + c`
//! into a fused multiply-add, even where the level has FMA. A test runs
//! the same draws at every level this CPU has and compares them bit for
//! bit (`lanes_tests`).

/// A set of vector instructions for the lane code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The build's own target (SSE2 on baseline x86-64).
    Baseline,
    /// x86-64-v3: AVX2 (and FMA, unused).
    Avx2,
    /// x86-64-v4: AVX-512 F/BW/CD/DQ/VL.
    Avx512,
}

impl Level {
    /// Every level, baseline first.
    pub const ALL: [Level; 3] = [Level::Baseline, Level::Avx2, Level::Avx512];

    /// The level the lanes run at by default: AVX2 where the CPU has it,
    /// else the baseline. Not AVX-512 even where present: on the 2026
    /// development machine (a Xeon with AVX-512) the lanes bench ran
    /// 4–10% slower with it than with AVX2 (its division and square root
    /// are no faster per lane, and its masks cost moves); [`Level::run`]
    /// still offers it. The numbers are the same at every level.
    pub fn best() -> Level {
        if Level::Avx2.run(|| ()).is_some() {
            Level::Avx2
        } else {
            Level::Baseline
        }
    }

    /// The levels this CPU has, baseline first.
    pub fn available() -> Vec<Level> {
        Level::ALL
            .into_iter()
            .filter(|l| l.run(|| ()).is_some())
            .collect()
    }

    /// `f()` compiled for this level, or `None` where the CPU lacks it.
    /// For the level to reach the lane code, `f` must inline it (the lane
    /// samplers are `#[inline(always)]` down to their rare scalar paths),
    /// and a closure with a large body must itself be `#[inline(always)]`
    /// (as in `model::observe_lanes`), or it is compiled once, for the
    /// baseline, and only called from the level's function.
    #[inline(always)]
    pub fn run<R>(self, f: impl FnOnce() -> R) -> Option<R> {
        match self {
            Level::Baseline => Some(f()),
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => pulp::x86::V3::try_new().map(|s| s.vectorize(f)),
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => pulp::x86::V4::try_new().map(|s| s.vectorize(f)),
            #[cfg(not(target_arch = "x86_64"))]
            _ => None,
        }
    }

    /// `f()` at [`Level::best`] (detected once).
    #[inline(always)]
    pub fn run_best<R>(f: impl FnOnce() -> R) -> R {
        static BEST: std::sync::OnceLock<Level> = std::sync::OnceLock::new();
        let level = *BEST.get_or_init(Level::best);
        match level.run(f) {
            Some(r) => r,
            None => unreachable!("the best level is available"),
        }
    }
}
