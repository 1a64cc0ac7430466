//! Scores of the review decisions at one origin: the scenario's options
//! replayed with shifted months (`replay`), forecast by the model, and
//! compared with the same rules applied to what happened, against two
//! baselines an analyst would otherwise use:
//! - **persistence**: the rules applied to the origin month as if nothing
//!   changes (every forecast month equal to the origin month), a 0/1
//!   forecast per council;
//! - **a constant probability** for every council: the share of councils
//!   the same rules reviewed on the actual data at every earlier origin
//!   whose decision month is at or before this origin (nothing after the
//!   origin is used); where no earlier origin can be scored, the forecast's
//!   own mean share (`constant_source` says which).
//!
//! The Brier score is per council, averaged over the councils whose
//! forecast months were all reported. The count interval is the 5th–95th
//! percentile of the number reviewed over trials; the constant's is the
//! binomial one; persistence's is its single count.

use super::{BacktestError, Config, actual, derive, replay, sample};
use crate::month::Month;
use crate::scenario::plan::STREAMS;
use crate::scenario::plan::{History, Plan};
use crate::stats::quantile::{Rank, nearest_rank};
use statrs::distribution::{Binomial, DiscreteCDF};

/// One option's decision scores at one origin.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionCheck {
    pub option: String,
    pub decision_month: Month,
    /// Councils scored (all forecast months reported).
    pub councils: usize,
    /// Model: expected number reviewed, its 5–95% range over trials, Brier.
    pub predicted: f64,
    pub p5: u32,
    pub p95: u32,
    /// The 25–75% range of the number reviewed over trials.
    pub p25: u32,
    pub p75: u32,
    /// Share of the trials whose count lies inside the 50% and 90% ranges,
    /// ends included: the coverage a calibrated forecast would have. Above
    /// 0.5 and 0.9 because counts are whole numbers and the ends count.
    pub mass50: f64,
    pub mass90: f64,
    /// Shares of the trials whose count is below the actual and equal to
    /// it: the nonrandomised PIT of a count, `[below, below + at]`.
    pub below: f64,
    pub at: f64,
    pub actual: u32,
    pub brier: f64,
    /// Persistence: the count and Brier of the 0/1 forecast.
    pub persistence_count: u32,
    pub persistence_brier: f64,
    /// Constant probability, where it came from, its binomial 5–95% range and Brier.
    pub constant_p: f64,
    pub constant_source: String,
    pub constant_p5: u32,
    pub constant_p95: u32,
    pub constant_brier: f64,
}

impl DecisionCheck {
    /// Whether the actual count is inside the model's 90% interval.
    pub fn covered(&self) -> bool {
        self.p5 <= self.actual && self.actual <= self.p95
    }

    /// Whether the actual count is inside the model's 50% interval.
    pub fn covered50(&self) -> bool {
        self.p25 <= self.actual && self.actual <= self.p75
    }

    /// The share of the actual count's PIT interval `[F(y−1), F(y)]` inside
    /// the central `level` interval `[(1 − level)/2, (1 + level)/2]`: the
    /// range with its end counts split as the rate scores split ties
    /// (Czado, Gneiting and Held 2009, "Predictive model assessment for
    /// count data", Biometrics 65: the nonrandomised PIT). Its expectation
    /// under a calibrated forecast is exactly `level`, where the inclusive
    /// range's is `mass50`/`mass90` (DECISIONS #94).
    pub fn covered_split(&self, level: f64) -> f64 {
        let (lo, hi) = ((1.0 - level) / 2.0, (1.0 + level) / 2.0);
        let (a, b) = (self.below, self.below + self.at);
        if b - a <= 0.0 {
            return f64::from(u8::from(lo <= a && a <= hi));
        }
        ((b.min(hi) - a.max(lo)).max(0.0) / (b - a)).clamp(0.0, 1.0)
    }

    pub fn constant_covered(&self) -> bool {
        self.constant_p5 <= self.actual && self.actual <= self.constant_p95
    }
}

/// Scores every replayable option of `full` at `at`; `base` is the origin
/// plan (councils `kept` of `full`, parameters as simulated), simulated on
/// `cfg.trials` futures with `cfg.threads` threads.
///
/// # Errors
/// A plan the model cannot prepare, or worker threads that could not start.
pub fn check(
    full: &Plan,
    base: &Plan,
    kept: &[usize],
    actual: &History,
    at: Month,
    cfg: &Config,
) -> Result<Vec<DecisionCheck>, BacktestError> {
    let Ok(mut r) = replay::replay(full, base, at) else {
        return Ok(Vec::new());
    };
    replay::pressure(full, &mut r.plan, kept);
    let plan = &r.plan;
    let months = plan.n_sim_months();
    let act = actual::rates_for(actual, kept, plan.first_sim, months);
    let complete: Vec<bool> = act
        .chunks(months * STREAMS)
        .map(|c| c.iter().all(|v| v.is_finite()))
        .collect();
    if !complete.iter().any(|&c| c) || !r.usable.iter().any(|&u| u) {
        return Ok(Vec::new());
    }
    let ens = sample::simulate_plan(plan, cfg.trials, &complete, cfg.threads)?;
    let happened = replay::reviewed_on(plan, &act);
    let persisted = replay::persistence(plan);
    let persisted = replay::reviewed_on(plan, &persisted);
    let rates = base_rates(full, base, at);
    let no = plan.options.len();
    let t = ens.trials.max(1) as f64;
    let mut out = Vec::new();
    for (o, opt) in plan.options.iter().enumerate() {
        if !r.usable[o] {
            continue;
        }
        let scored: Vec<usize> = (0..plan.councils.len()).filter(|&i| complete[i]).collect();
        let n = scored.len();
        let outcome = |i: usize| f64::from(u8::from(happened[i * no + o]));
        let prob = |i: usize| ens.reviewed[i * no + o] as f64 / t;
        let predicted: f64 = scored.iter().map(|&i| prob(i)).sum();
        let brier = mean(scored.iter().map(|&i| (prob(i) - outcome(i)).powi(2)), n);
        let pers = |i: usize| f64::from(u8::from(persisted[i * no + o]));
        let persistence_brier = mean(scored.iter().map(|&i| (pers(i) - outcome(i)).powi(2)), n);
        let (constant_p, constant_source) = match rates[o] {
            Some((p, k)) => (p, format!("base rate, {k} earlier origins")),
            None => (predicted / n as f64, "forecast mean share".to_string()),
        };
        let constant_brier = mean(scored.iter().map(|&i| (constant_p - outcome(i)).powi(2)), n);
        let actual: u32 = scored
            .iter()
            .map(|&i| u32::from(happened[i * no + o]))
            .sum();
        let mut counts = ens.review_counts[o * ens.trials..(o + 1) * ens.trials].to_vec();
        counts.sort_unstable();
        let (constant_p5, constant_p95) = binomial_range(n, constant_p);
        out.push(DecisionCheck {
            option: opt.id.clone(),
            decision_month: plan.last_sim,
            councils: n,
            predicted,
            p5: quantile(&counts, 0.05),
            p95: quantile(&counts, 0.95),
            p25: quantile(&counts, 0.25),
            p75: quantile(&counts, 0.75),
            mass50: share_within(&counts, quantile(&counts, 0.25), quantile(&counts, 0.75)),
            mass90: share_within(&counts, quantile(&counts, 0.05), quantile(&counts, 0.95)),
            below: share_within(&counts, 0, actual.saturating_sub(1))
                * f64::from(u8::from(actual > 0)),
            at: share_within(&counts, actual, actual),
            actual,
            brier,
            persistence_count: scored
                .iter()
                .map(|&i| u32::from(persisted[i * no + o]))
                .sum(),
            persistence_brier,
            constant_p,
            constant_source,
            constant_p5,
            constant_p95,
            constant_brier,
        });
    }
    Ok(out)
}

fn mean(xs: impl Iterator<Item = f64>, n: usize) -> f64 {
    xs.sum::<f64>() / n.max(1) as f64
}

/// The smallest count whose share of trials at or below it reaches `p`
/// ([`Rank::Exact`]); 0 when empty.
fn quantile(sorted: &[u32], p: f64) -> u32 {
    nearest_rank(sorted, p, Rank::Exact).unwrap_or(0)
}

/// Share of `sorted` in `lo ..= hi` (0 when empty).
pub fn share_within(sorted: &[u32], lo: u32, hi: u32) -> f64 {
    let a = sorted.partition_point(|&c| c < lo);
    let b = sorted.partition_point(|&c| c <= hi);
    b.saturating_sub(a) as f64 / sorted.len().max(1) as f64
}

/// 5th and 95th percentiles of Binomial(n, p).
fn binomial_range(n: usize, p: f64) -> (u32, u32) {
    let Ok(b) = Binomial::new(p.clamp(0.0, 1.0), n as u64) else {
        return (0, n as u32);
    };
    let q = |level: f64| {
        (0..=n as u64)
            .find(|&k| b.cdf(k) >= level - 1e-12)
            .unwrap_or(n as u64) as u32
    };
    (q(0.05), q(0.95))
}

/// Per option of `full`: the share of councils its rules reviewed on the
/// actual data at every earlier origin `o` of `base`'s history whose
/// decision month is at or before `at`, and how many origins that pooled;
/// `None` where no earlier origin could be scored.
fn base_rates(full: &Plan, base: &Plan, at: Month) -> Vec<Option<(f64, usize)>> {
    let span = full.last_sim.since(full.history.last());
    let no = full.options.len();
    let mut reviewed = vec![0usize; no];
    let mut councils = vec![0usize; no];
    let mut origins = vec![0usize; no];
    let mut o = base.history.first;
    while o.plus(span) <= at {
        if let Some((r, kept)) = derive::derive(base, o, span.max(1) as u32)
            .ok()
            .and_then(|d| replay::replay(full, &d.plan, o).ok().map(|r| (r, d.kept)))
        {
            let months = r.plan.n_sim_months();
            let sim = actual::rates_for(&base.history, &kept, o.plus(1), months);
            let rev = replay::reviewed_on(&r.plan, &sim);
            for (k, cell) in sim.chunks(months * STREAMS).enumerate() {
                if !cell.iter().all(|v| v.is_finite()) {
                    continue;
                }
                for opt in (0..no).filter(|&x| r.usable[x]) {
                    reviewed[opt] += usize::from(rev[k * no + opt]);
                    councils[opt] += 1;
                }
            }
            for opt in (0..no).filter(|&x| r.usable[x]) {
                origins[opt] += 1;
            }
        }
        o = o.plus(1);
    }
    (0..no)
        .map(|x| (councils[x] > 0).then(|| (reviewed[x] as f64 / councils[x] as f64, origins[x])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomial_range_and_quantiles() {
        // Binomial(100, 0.5): 5th percentile 42, 95th 58.
        assert_eq!(binomial_range(100, 0.5), (42, 58));
        assert_eq!(binomial_range(10, 0.0), (0, 0));
        assert_eq!(quantile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.05), 1);
        assert_eq!(quantile(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95), 10);
    }

    #[test]
    fn the_ranges_own_share_counts_the_ends_and_is_at_least_nominal() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for spread in [1u32, 3, 12] {
            let mut counts: Vec<u32> = (0..2000)
                .map(|_| 40 + rng.random_range(0..=spread))
                .collect();
            counts.sort_unstable();
            for (lo, hi, nominal) in [(0.25, 0.75, 0.5), (0.05, 0.95, 0.9)] {
                let (a, b) = (quantile(&counts, lo), quantile(&counts, hi));
                let naive = counts.iter().filter(|&&c| a <= c && c <= b).count() as f64 / 2000.0;
                let share = share_within(&counts, a, b);
                assert_eq!(share, naive, "spread {spread}, {a}..={b}");
                assert!(share >= nominal, "spread {spread}: {share} < {nominal}");
            }
        }
        assert_eq!(share_within(&[], 1, 2), 0.0);
        assert_eq!(share_within(&[1, 2, 3], 5, 9), 0.0);
    }
}
