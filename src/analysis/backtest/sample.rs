//! Forecast ensembles: the engine's model, one trial at a time, keeping
//! every simulated value of the four built-in metrics instead of the
//! engine's fixed-bin histograms (which give p5..p95 only, while scoring
//! needs the whole distribution: PIT, CRPS).
//!
//! Uses the model's public API (`model::Prepared`, `model::trajectory::simulate`)
//! and the rules' criterion evaluation, with the engine's per-trial generator
//! derivation (ChaCha8 seeded with the plan's seed, stream = trial index;
//! DECISIONS #24), so trial `t` here is trial `t` of `ibcf run` on the same plan.
//!
//! With options in the plan (the decision replay, `replay`), each trial's
//! review decisions are tallied too, by the rules' own expressions.
//!
//! Memory: councils × 4 metrics × months × trials values (8 bytes each):
//! 151 × 4 × 4 × 2000 ≈ 39 MB for the default scenario.

use super::BacktestError;
use crate::engine::EngineError;
use crate::engine::rng::trial_rngs;
use crate::model::Prepared;
use crate::model::trajectory::{TrajScratch, simulate};
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::scenario::plan::Plan;
use crate::scenario::plan::STREAMS;

/// The four built-in metrics (`nhs`, `asc`, `both`, `total`).
pub const N_METRICS: usize = 4;

/// Simulated values and criterion tallies of one plan.
#[derive(Debug, Clone)]
pub struct Ensemble {
    pub n: usize,
    pub months: usize,
    pub trials: usize,
    /// `[((i * 4 + metric) * months + t) * trials + trial]`.
    pub values: Vec<f64>,
    /// `[i * n_criteria + c]`: trials in which criterion `c` fired for council `i`.
    pub fired: Vec<u64>,
    /// `[c * trials + trial]`: councils counted (see [`simulate_plan`]) for
    /// which criterion `c` fired in the trial.
    pub counts: Vec<u32>,
    /// `[i * n_options + o]`: trials in which option `o`'s rule reviewed council `i`.
    pub reviewed: Vec<u64>,
    /// `[o * trials + trial]`: councils counted that option `o` reviewed in the trial.
    pub review_counts: Vec<u32>,
}

impl Ensemble {
    /// The simulated values of council `i`, metric `m`, forecast month `t`.
    pub fn series(&self, i: usize, m: usize, t: usize) -> &[f64] {
        let k = ((i * N_METRICS + m) * self.months + t) * self.trials;
        &self.values[k..k + self.trials]
    }
}

/// Simulates `trials` trials of `plan`; per-trial counts of councils
/// meeting each criterion include only councils with `counted[i]` true
/// (all when `counted` is shorter than the council list).
///
/// Time: O(trials × councils × months); single-threaded (a backtest origin
/// is small, and the order of values is then trivially reproducible).
///
/// # Errors
/// A plan the model cannot prepare (missing starting rate, short bootstrap history).
pub fn simulate_plan(
    plan: &Plan,
    trials: usize,
    counted: &[bool],
) -> Result<Ensemble, BacktestError> {
    let prep = Prepared::new(plan).map_err(EngineError::from)?;
    let (n, months, nc) = (plan.councils.len(), prep.months, plan.criteria.len());
    let no = plan.options.len();
    let mut reviewed = vec![0u64; n * no];
    let mut review_counts = vec![0u32; no * trials];
    let mut values = vec![0.0; n * N_METRICS * months * trials];
    let mut fired_tally = vec![0u64; n * nc];
    let mut counts = vec![0u32; nc * trials];
    let mut scratch = TrajScratch::new(&prep);
    let mut sim = vec![0.0; n * months * STREAMS];
    let mut crit = CritScratch::default();
    let mut fired = vec![false; n * nc];
    let mut gaps = vec![f64::NAN; n * nc];
    // The scenario's distributions, drawn per trial as the engine does.
    let mut per_trial = crate::model::per_trial::PerTrial::new(plan, &prep);
    for k in 0..trials {
        // The engine's own two streams per trial (latent, noise), so the
        // backtest sees exactly the futures `ibcf run` would.
        let mut rngs = trial_rngs(plan.seed, k as u64);
        let (prep, targets) = match per_trial.as_mut() {
            Some(pt) => {
                pt.update(plan, &prep, k as u64);
                (&pt.prep, pt.targets.as_slice())
            }
            None => (&prep, plan.targets.as_slice()),
        };
        simulate(
            prep,
            &mut rngs.latent,
            &mut rngs.noise,
            &mut scratch,
            &mut sim,
        );
        let rates = Rates {
            plan,
            targets,
            sim: &sim,
            months,
        };
        for i in 0..n {
            for m in 0..N_METRICS {
                for t in 0..months {
                    let v = rates.metric(i, m, plan.first_sim.plus(t as i32));
                    values[((i * N_METRICS + m) * months + t) * trials + k] = v;
                }
            }
        }
        evaluate(&rates, &mut crit, &mut fired, &mut gaps);
        for (j, &f) in fired.iter().enumerate() {
            if f {
                fired_tally[j] += 1;
                if counted.get(j / nc.max(1)).copied().unwrap_or(true) {
                    counts[(j % nc) * trials + k] += 1;
                }
            }
        }
        // The review decisions: each option's rule on the council's criteria.
        for i in 0..n {
            let f = &fired[i * nc..(i + 1) * nc];
            let count = counted.get(i).copied().unwrap_or(true);
            for (o, opt) in plan.options.iter().enumerate() {
                if opt.rule.eval(f) {
                    reviewed[i * no + o] += 1;
                    if count {
                        review_counts[o * trials + k] += 1;
                    }
                }
            }
        }
    }
    Ok(Ensemble {
        n,
        months,
        trials,
        values,
        fired: fired_tally,
        counts,
        reviewed,
        review_counts,
    })
}

/// Which criteria fire on given rates for the forecast months (`sim` laid
/// out as the model writes it): the same evaluation, applied to what happened.
pub fn fired_on(plan: &Plan, sim: &[f64]) -> Vec<bool> {
    let (n, nc) = (plan.councils.len(), plan.criteria.len());
    let rates = Rates {
        plan,
        targets: &plan.targets,
        sim,
        months: plan.n_sim_months(),
    };
    let mut fired = vec![false; n * nc];
    let mut gaps = vec![f64::NAN; n * nc];
    evaluate(&rates, &mut CritScratch::default(), &mut fired, &mut gaps);
    fired
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::testkit;

    /// With no noise and no volatility every trial is the deterministic
    /// path: rate (5 + c) e^{drift t} - c; total is the sum of the streams.
    #[test]
    fn deterministic_paths_and_metric_layout() {
        let mut p = testkit::plan(2, 1, 12, "2017-01", "2017-03", 5.0);
        let mut tr = testkit::trajectory(crate::scenario::plan::ModelKind::LogAr1, 0.0);
        tr.drift = 0.1;
        testkit::set_trajectory(&mut p, &tr);
        let e = simulate_plan(&p, 3, &[]).expect("simulates");
        for t in 0..3 {
            let want = 5.1 * (0.1 * (t + 1) as f64).exp() - 0.1;
            for k in 0..3 {
                assert!((e.series(1, 1, t)[k] - want).abs() < 1e-9);
                assert!((e.series(0, 3, t)[k] - 3.0 * want).abs() < 1e-9);
            }
        }
    }
}
