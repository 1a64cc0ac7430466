//! Which trial path the engine's run loop takes (DECISIONS #95): eight
//! trials side by side in lanes or one trial at a time. Both give
//! bit-identical results (tests/engine_lanes.rs runs each on the same
//! trials), so the choice is only about speed: [`DEFAULT`] is the faster
//! one as measured (docs/PERFORMANCE.md); `IBCF_LANES=0` or `=1` in the
//! environment, or [`set_lanes`], forces one (for that test, and to measure
//! one against the other). The lanes run at the CPU's best vector level
//! ([`Level::best`]) unless `IBCF_SIMD=baseline|avx2|avx512` or
//! [`set_level`] names another; every level gives the same bits
//! (DECISIONS #93), so this too is only about speed and testing.

use crate::model::sampler::simd::Level;
use std::sync::atomic::{AtomicU8, Ordering};

/// The path taken unless forced: one trial at a time, while the lane
/// samplers are slower than the scalar ones for a whole noise draw
/// (docs/PERFORMANCE.md, "Issue 27").
pub const DEFAULT: bool = false;

/// 0: not yet read from the environment; 1: one at a time; 2: lanes.
static PATH: AtomicU8 = AtomicU8::new(0);

/// Whether the run loop simulates eight trials at a time.
pub fn lanes() -> bool {
    match PATH.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => {
            let on = std::env::var("IBCF_LANES").map_or(DEFAULT, |v| v.trim() != "0");
            PATH.store(if on { 2 } else { 1 }, Ordering::Relaxed);
            on
        }
    }
}

/// Forces the path for every later run in this process.
pub fn set_lanes(on: bool) {
    PATH.store(if on { 2 } else { 1 }, Ordering::Relaxed);
}

/// 0: not yet read; 1 + index into [`Level::ALL`] once chosen.
static LEVEL: AtomicU8 = AtomicU8::new(0);

/// The vector level the lanes run at: `IBCF_SIMD` where set to a level
/// this CPU has (`baseline`, `avx2` or `avx512`), else [`Level::best`].
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => {
            let named = std::env::var("IBCF_SIMD")
                .ok()
                .and_then(|v| parse_level(&v));
            let level = named
                .filter(|l| Level::available().contains(l))
                .unwrap_or_else(Level::best);
            set_level(level);
            level
        }
        i => Level::ALL[usize::from(i - 1)],
    }
}

/// Forces the vector level for every later run in this process (a level
/// this CPU lacks runs at the baseline).
pub fn set_level(level: Level) {
    let i = Level::ALL.iter().position(|l| *l == level).unwrap_or(0);
    LEVEL.store(1 + i as u8, Ordering::Relaxed);
}

/// `baseline`, `avx2` or `avx512` (any case), as `IBCF_SIMD` names them.
pub fn parse_level(name: &str) -> Option<Level> {
    match name.trim().to_ascii_lowercase().as_str() {
        "baseline" => Some(Level::Baseline),
        "avx2" => Some(Level::Avx2),
        "avx512" => Some(Level::Avx512),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_by_name() {
        assert_eq!(parse_level(" AVX2 "), Some(Level::Avx2));
        assert_eq!(parse_level("avx512"), Some(Level::Avx512));
        assert_eq!(parse_level("baseline"), Some(Level::Baseline));
        assert_eq!(parse_level("sse9"), None);
    }
}
