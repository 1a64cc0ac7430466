//! `ibcf run --precision SE`: add trials until a figure's standard error is
//! at most SE. Trial `t` depends only on (seed, t), so a run of N trials is
//! the first N of any longer run: growing the count re-uses the same
//! futures and the final trial count is a deterministic function of the
//! plan, the seed, the figure and SE.
//!
//! Schedule: start at `start` trials; while the se is above the target, go to
//! `max(2n, ceil(n (se/target)^2))` rounded up to a multiple of 1000 (the
//! square-root law's prediction, at least doubling), never above `max`.

use crate::engine::{self, EngineError, Results, RunConfig};
use crate::scenario::plan::Plan;
use crate::stats::compare::binomial_se;

/// Which standard error to control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The largest per-council `p_review_se` over all options.
    PReview,
    /// The largest se of expected councils reviewed over options.
    Reviewed,
    /// The largest se of expected funding at risk (pounds) over options.
    Funding,
}

impl std::str::FromStr for Figure {
    type Err = String;
    fn from_str(s: &str) -> Result<Figure, String> {
        match s {
            "p_review" => Ok(Figure::PReview),
            "reviewed" | "reviewed_count" => Ok(Figure::Reviewed),
            "funding" | "funding_at_risk" => Ok(Figure::Funding),
            _ => Err(format!(
                "--precision-figure {s}: expected p_review, reviewed or funding"
            )),
        }
    }
}

impl Figure {
    pub fn name(self) -> &'static str {
        match self {
            Figure::PReview => "p_review",
            Figure::Reviewed => "reviewed_count",
            Figure::Funding => "funding_at_risk",
        }
    }

    /// The figure's standard error in a finished run.
    pub fn se(self, res: &Results) -> f64 {
        let m = |it: &mut dyn Iterator<Item = f64>| it.fold(0.0, f64::max);
        match self {
            Figure::PReview => m(&mut res.options.iter().flat_map(|o| {
                o.reviewed
                    .iter()
                    .map(|&k| binomial_se(k as f64 / res.trials as f64, res.trials))
            })),
            Figure::Reviewed => m(&mut res.options.iter().map(|o| o.national.reviewed.se)),
            Figure::Funding => m(&mut res.options.iter().map(|o| o.national.funding.se)),
        }
    }
}

/// How a precision run went.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub figure: Figure,
    pub target: f64,
    /// The se reached with the final trial count.
    pub se: f64,
    pub reached: bool,
    pub max_trials: u64,
    /// (trials, se) of every run, in order.
    pub steps: Vec<(u64, f64)>,
}

impl Outcome {
    /// One line on how the search went, for a run that ended with `trials` trials.
    pub fn words(&self, trials: u64) -> String {
        let name = self.figure.name();
        if self.reached {
            format!(
                "precision: largest {name} se {:.3e} <= {} with {trials} trials ({} run(s))",
                self.se,
                self.target,
                self.steps.len()
            )
        } else {
            format!(
                "precision NOT reached: largest {name} se {:.3e} > {} at the cap of {trials} trials; \
                 raise --max-trials (now {}) or relax --precision",
                self.se, self.target, self.max_trials
            )
        }
    }
}

/// The next trial count after `n` trials gave `se`.
pub fn next_trials(n: u64, se: f64, target: f64, max: u64) -> u64 {
    let ratio = if target > 0.0 {
        se / target
    } else {
        f64::INFINITY
    };
    let want = (n as f64 * ratio * ratio).ceil();
    let want = if want.is_finite() { want as u64 } else { max };
    let next = want
        .max(n.saturating_mul(2))
        .div_ceil(1000)
        .saturating_mul(1000);
    next.min(max)
}

/// Runs `plan` with growing trial counts from `start` until the figure's se
/// is at most `target` or `max` trials were run; `plan.trials` is left at the
/// count used.
///
/// Time: at most about twice that of one run with the final count.
///
/// # Errors
/// An engine failure.
pub fn run_to(
    plan: &mut Plan,
    figure: Figure,
    target: f64,
    start: u64,
    max: u64,
    cfg: &RunConfig<'_>,
) -> Result<(Results, Outcome), EngineError> {
    let max = max.max(1);
    plan.trials = start.clamp(1, max);
    let mut steps = Vec::new();
    loop {
        let res = engine::run(plan, cfg)?;
        let se = figure.se(&res);
        steps.push((plan.trials, se));
        let reached = se <= target;
        if reached || plan.trials >= max {
            let out = Outcome {
                figure,
                target,
                se,
                reached,
                max_trials: max,
                steps,
            };
            return Ok((res, out));
        }
        plan.trials = next_trials(plan.trials, se, target, max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::testkit;

    #[test]
    fn schedule_at_least_doubles_and_respects_the_cap() {
        assert_eq!(next_trials(1000, 0.011, 0.01, 1_000_000), 2000);
        assert_eq!(next_trials(1000, 0.05, 0.01, 1_000_000), 25_000);
        assert_eq!(next_trials(1000, 0.05, 0.01, 7_000), 7_000);
    }

    #[test]
    fn reaches_the_target_deterministically() {
        let cfg = RunConfig::default();
        let target = 0.02;
        let mut a = testkit::rich_plan(1);
        let (ra, oa) = run_to(&mut a, Figure::PReview, target, 100, 50_000, &cfg).expect("run");
        assert!(oa.reached && oa.se <= target, "{oa:?}");
        // Every earlier step missed the target (no wasted stop later than needed).
        assert!(oa.steps[..oa.steps.len() - 1].iter().all(|s| s.1 > target));
        // The se reported is the binomial se recomputed from the counts.
        let worst = ra.options[0]
            .reviewed
            .iter()
            .chain(&ra.options[1].reviewed)
            .chain(&ra.options[2].reviewed)
            .map(|&k| {
                let p = k as f64 / ra.trials as f64;
                (p * (1.0 - p) / ra.trials as f64).sqrt()
            })
            .fold(0.0, f64::max);
        assert!((worst - oa.se).abs() < 1e-15);
        let mut b = testkit::rich_plan(1);
        let cfg2 = RunConfig {
            threads: Some(1),
            ..RunConfig::default()
        };
        let (rb, ob) = run_to(&mut b, Figure::PReview, target, 100, 50_000, &cfg2).expect("run");
        assert_eq!(oa.steps, ob.steps);
        assert_eq!(ra.options, rb.options);
        assert_eq!(a.trials, ra.trials);
    }

    #[test]
    fn stops_at_the_cap_when_unreachable() {
        let mut p = testkit::rich_plan(1);
        let (r, o) = run_to(
            &mut p,
            Figure::Funding,
            1e-9,
            100,
            800,
            &RunConfig::default(),
        )
        .expect("run");
        assert!(!o.reached && r.trials == 800 && o.steps.len() >= 2);
    }
}
