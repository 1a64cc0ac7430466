//! Which trial path the engine's run loop takes (DECISIONS #95): eight
//! trials side by side in lanes or one trial at a time. Both give
//! bit-identical results (tests/engine_lanes.rs runs each on the same
//! trials), so the choice is only about speed: [`DEFAULT`] is the faster
//! one as measured (docs/PERFORMANCE.md); `IBCF_LANES=0` or `=1` in the
//! environment, or [`set_lanes`], forces one (for that test, and to measure
//! one against the other).

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
