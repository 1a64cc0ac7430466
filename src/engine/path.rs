//! Which trial path the engine's run loop takes (DECISIONS #95): eight
//! trials side by side in lanes or one trial at a time. Both give
//! bit-identical results (tests/engine_lanes.rs runs each on the same
//! trials), so the choice is only about speed: [`default_for`] picks the
//! faster one as measured (docs/PERFORMANCE.md), by whether the plan draws
//! parameters per trial; `IBCF_LANES=0` or `=1` in the environment, or
//! [`set_lanes`], forces one (for that test, and to measure one against the
//! other). The lanes run at the CPU's best vector level
//! ([`Level::best`]) unless `IBCF_SIMD=baseline|avx2|avx512` or
//! [`set_level`] names another; every level gives the same bits
//! (DECISIONS #93), so this too is only about speed and testing.
//! [`check_env`] refuses values neither variable reads (every command
//! calls it first).

use crate::model::sampler::simd::Level;
use std::sync::atomic::{AtomicU8, Ordering};

/// The path taken unless forced: eight trials in lanes when the plan draws
/// no parameters per trial (then every lane has the same model, and the
/// lanes' AVX2 draws win: the national workload 1.11–1.16× one at a time
/// at 2 threads), one at a time when it does (the default scenario: the
/// lanes were 4–7% slower at 2 threads, where eight trials' buffers and
/// per-batch noise models cost more than the draws save).
/// docs/PERFORMANCE.md, "Issue 27, eighth round".
pub fn default_for(draws_parameters: bool) -> bool {
    !draws_parameters
}

/// 0: not yet read from the environment; 1: forced one at a time; 2:
/// forced lanes; 3: not forced ([`default_for`]).
static PATH: AtomicU8 = AtomicU8::new(0);

/// Whether the run loop simulates eight trials at a time for a plan that
/// does or does not draw parameters per trial: as forced by `IBCF_LANES`
/// or [`set_lanes`], else [`default_for`].
pub fn lanes_for(draws_parameters: bool) -> bool {
    let state = match PATH.load(Ordering::Relaxed) {
        0 => {
            let state = match std::env::var("IBCF_LANES") {
                Ok(v) if v.trim() == "0" => 1,
                Ok(_) => 2,
                Err(_) => 3,
            };
            PATH.store(state, Ordering::Relaxed);
            state
        }
        s => s,
    };
    match state {
        1 => false,
        2 => true,
        _ => default_for(draws_parameters),
    }
}

/// Forces the path for every later run in this process.
pub fn set_lanes(on: bool) {
    PATH.store(if on { 2 } else { 1 }, Ordering::Relaxed);
}

/// Lets every later run in this process take [`default_for`]'s path again.
pub fn unset_lanes() {
    PATH.store(3, Ordering::Relaxed);
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

/// Checks `IBCF_LANES` and `IBCF_SIMD` as set in the environment, before
/// anything runs: `Err` names a value neither reads (a typo should not pass
/// silently as the default); `Ok` carries a warning for each level named
/// that this CPU lacks (the run goes on at [`Level::best`]: every level
/// gives the same bits, so a Slurm array on mixed nodes may set one level
/// for all of them).
///
/// # Errors
/// The message for the first unreadable value, naming the variable and
/// the values it takes.
pub fn check_env() -> Result<Vec<String>, String> {
    check_values(
        std::env::var("IBCF_LANES").ok().as_deref(),
        std::env::var("IBCF_SIMD").ok().as_deref(),
        &Level::available(),
        Level::best(),
    )
}

/// [`check_env`] for given values, the levels available and the best.
fn check_values(
    lanes: Option<&str>,
    simd: Option<&str>,
    available: &[Level],
    best: Level,
) -> Result<Vec<String>, String> {
    if let Some(v) = lanes
        && !matches!(v.trim(), "0" | "1")
    {
        return Err(format!(
            "error: environment variable IBCF_LANES={v:?} is neither 0 (one trial at a time) \
             nor 1 (eight trials in lanes); unset it for the default"
        ));
    }
    let Some(v) = simd else {
        return Ok(Vec::new());
    };
    match parse_level(v) {
        None => Err(format!(
            "error: environment variable IBCF_SIMD={v:?} is not a vector level; use baseline, \
             avx2 or avx512, or unset it for this CPU's best"
        )),
        Some(l) if !available.contains(&l) => Ok(vec![format!(
            "warning: IBCF_SIMD={v:?}: this CPU lacks {l:?}; the lanes run at {best:?} \
             (results are the same at every level)"
        )]),
        Some(_) => Ok(Vec::new()),
    }
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
    fn plans_that_draw_nothing_run_in_lanes_by_default() {
        assert!(default_for(false), "the national benchmark's kind of plan");
        assert!(!default_for(true), "the default scenario's kind of plan");
    }

    #[test]
    fn levels_parse_by_name() {
        assert_eq!(parse_level(" AVX2 "), Some(Level::Avx2));
        assert_eq!(parse_level("avx512"), Some(Level::Avx512));
        assert_eq!(parse_level("baseline"), Some(Level::Baseline));
        assert_eq!(parse_level("sse9"), None);
    }

    #[test]
    fn environment_values_are_checked() {
        let (all, best) = (Level::ALL, Level::Avx2);
        assert_eq!(check_values(None, None, &all, best), Ok(vec![]));
        assert_eq!(
            check_values(Some(" 1 "), Some("AVX2"), &all, best),
            Ok(vec![])
        );
        let e = check_values(Some("yes"), None, &all, best).expect_err("yes");
        assert!(e.contains("IBCF_LANES=\"yes\""), "{e}");
        let e = check_values(Some("0"), Some("avx-2"), &all, best).expect_err("avx-2");
        assert!(
            e.contains("IBCF_SIMD=\"avx-2\"") && e.contains("avx512"),
            "{e}"
        );
        let some = [Level::Baseline, Level::Avx2];
        let w = check_values(None, Some("avx512"), &some, best).expect("a warning");
        assert_eq!(w.len(), 1);
        assert!(
            w[0].contains("lacks Avx512") && w[0].contains("at Avx2"),
            "{w:?}"
        );
    }
}
