//! The memory check: refuse, before simulating, a run whose per-trial
//! totals would not fit in memory, saying how much it would need and a
//! trial count that fits.

use crate::scenario::plan::Plan;

/// Bytes a run needs, roughly: per option and trial an `i64` of funding, a
/// `u32` reviewed count (12 bytes, decision 34) and an `i64` of wrongly
/// reviewed funding (20 bytes in all; the fairness counts are distributions
/// in the tally, flat in trials), one 8-byte copy per trial while a money
/// figure is summarised (sorted), and fixed parts:
/// fan-chart histograms per worker (councils × metrics × months × bins × 8)
/// plus 64 MiB for everything else. Saturates rather than overflows.
pub fn needed(plan: &Plan, threads: usize) -> u128 {
    let trials = u128::from(plan.trials);
    let series = (plan.councils.len() * plan.metrics.len().max(1)) as u128
        * plan.n_sim_months().max(1) as u128;
    let hist = threads.max(1) as u128 * series * crate::stats::histogram::BINS as u128 * 8;
    per_trial(plan)
        .saturating_mul(trials)
        .saturating_add(hist)
        .saturating_add(64 << 20)
}

/// Bytes per trial (see [`needed`]): 20 per option and one 8-byte copy.
fn per_trial(plan: &Plan) -> u128 {
    20 * plan.options.len().max(1) as u128 + 8
}

/// Memory the run may use: `MemAvailable` from /proc/meminfo, lowered to the
/// cgroup's remaining `memory.max` when one is set. `None` when unknown (not
/// Linux, unreadable): then only runs that cannot be addressed are refused.
pub fn available() -> Option<u128> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kb = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemAvailable:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u128>().ok())?;
    let mut avail = kb * 1024;
    let read = |f: &str| {
        std::fs::read_to_string(format!("/sys/fs/cgroup/{f}"))
            .ok()
            .and_then(|t| t.trim().parse::<u128>().ok())
    };
    if let (Some(max), Some(cur)) = (read("memory.max"), read("memory.current")) {
        avail = avail.min(max.saturating_sub(cur));
    }
    Some(avail)
}

/// A run too big for the memory available (an input problem: fewer trials fit).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{trials} trials would need about {} of memory ({per_trial} bytes per trial for \
     {options} option(s), plus {} fixed), but {}; use --trials {fits} or fewer",
    bytes(*.need), bytes(*.fixed), have(*.available)
)]
pub struct MemoryError {
    pub trials: u64,
    pub need: u128,
    pub per_trial: u128,
    pub options: usize,
    pub fixed: u128,
    /// What was available; `None`: unknown, limited by what can be addressed.
    pub available: Option<u128>,
    /// The most trials that fit.
    pub fits: u128,
}

fn have(available: Option<u128>) -> String {
    match available {
        Some(a) => format!("{} is available (MemAvailable)", bytes(a)),
        None => "that is more than this machine can address".to_string(),
    }
}

/// Refuses a run whose memory need exceeds `available` (or, when that is
/// unknown, what this machine can address).
///
/// # Errors
/// [`MemoryError`] naming the need, what is available and a trial count that fits.
pub fn check(
    plan: &Plan,
    threads: Option<usize>,
    available: Option<u128>,
) -> Result<(), MemoryError> {
    let threads =
        threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let need = needed(plan, threads);
    let limit = available.unwrap_or(isize::MAX as u128);
    if need <= limit {
        return Ok(());
    }
    let per_trial = per_trial(plan);
    let fixed = need.saturating_sub(per_trial * u128::from(plan.trials));
    Err(MemoryError {
        trials: plan.trials,
        need,
        per_trial,
        options: plan.options.len(),
        fixed,
        available,
        fits: limit.saturating_sub(fixed) / per_trial,
    })
}

/// Bytes in binary units, e.g. `1.5 GiB`.
fn bytes(b: u128) -> String {
    let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u + 1 < units.len() {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} bytes")
    } else {
        format!("{v:.1} {}", units[u])
    }
}
