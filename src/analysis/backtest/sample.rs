//! Forecast ensembles: the engine's model, one trial at a time, keeping
//! every simulated value of the four built-in metrics instead of the
//! engine's fixed-bin histograms (which give p5..p95 only, while scoring
//! needs the whole distribution: PIT, CRPS).
//!
//! Each trial is the engine's own trial step (`engine::trial::TrialModel`:
//! the generators derived from the plan's seed and the trial index,
//! DECISIONS #24; the trial's parameter draws; the simulated rates), so
//! trial `t` here is trial `t` of `ibcf run` on the same plan; this module
//! only keeps the values and evaluates the rules' criteria on them.
//!
//! Trials run on a local rayon pool (`engine::pool`) in contiguous chunks
//! by trial index, each chunk with its own `TrialModel`; each trial writes
//! its values and counts into its own slots and the per-council tallies are
//! integers summed over chunks, so the ensemble is identical for any
//! thread count.
//!
//! With options in the plan (the decision replay, `replay`), each trial's
//! review decisions are tallied too, by the rules' own expressions.
//!
//! Memory: councils × 4 metrics × months × trials values (8 bytes each):
//! 151 × 4 × 4 × 2000 ≈ 39 MB for the default scenario.

use super::BacktestError;
use crate::engine::trial::TrialModel;
use crate::engine::{self, EngineError};
use crate::model::Prepared;
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::scenario::plan::Plan;
use std::ops::Range;

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

/// Simulates `trials` trials of `plan` on `threads` worker threads (`None`:
/// all cores; the ensemble does not depend on it); per-trial counts of
/// councils meeting each criterion include only councils with `counted[i]`
/// true (all when `counted` is shorter than the council list).
///
/// Time: O(trials × councils × months), shared among the threads.
///
/// # Errors
/// A plan the model cannot prepare (missing starting rate, short bootstrap
/// history), or worker threads that could not be started.
pub fn simulate_plan(
    plan: &Plan,
    trials: usize,
    counted: &[bool],
    threads: Option<usize>,
) -> Result<Ensemble, BacktestError> {
    let prep = Prepared::new(plan).map_err(EngineError::from)?;
    let (n, months, nc) = (plan.councils.len(), prep.months, plan.criteria.len());
    let no = plan.options.len();
    let mut values = vec![0.0; n * N_METRICS * months * trials];
    let mut counts = vec![0u32; nc * trials];
    let mut review_counts = vec![0u32; no * trials];
    let (pool, threads) = engine::pool(threads)?;
    // One contiguous chunk of trials per thread: the unit a chunk's model
    // and scratch are built for (chunking never changes the ensemble).
    let chunk = trials.div_ceil(threads).max(1);
    let mut chunks: Vec<Chunk<'_>> = (0..trials.div_ceil(chunk))
        .map(|c| Chunk {
            trials: c * chunk..((c + 1) * chunk).min(trials),
            values: Vec::with_capacity(n * N_METRICS * months),
            counts: Vec::with_capacity(nc),
            review_counts: Vec::with_capacity(no),
        })
        .collect();
    for series in values.chunks_mut(trials.max(1)) {
        for (c, s) in series.chunks_mut(chunk).enumerate() {
            chunks[c].values.push(s);
        }
    }
    for series in counts.chunks_mut(trials.max(1)) {
        for (c, s) in series.chunks_mut(chunk).enumerate() {
            chunks[c].counts.push(s);
        }
    }
    for series in review_counts.chunks_mut(trials.max(1)) {
        for (c, s) in series.chunks_mut(chunk).enumerate() {
            chunks[c].review_counts.push(s);
        }
    }
    let tallies: Vec<(Vec<u64>, Vec<u64>)> = pool.install(|| {
        use rayon::prelude::*;
        chunks
            .into_par_iter()
            .map(|c| simulate_chunk(plan, &prep, counted, c))
            .collect()
    });
    let mut fired = vec![0u64; n * nc];
    let mut reviewed = vec![0u64; n * no];
    for (f, r) in &tallies {
        fired.iter_mut().zip(f).for_each(|(a, b)| *a += b);
        reviewed.iter_mut().zip(r).for_each(|(a, b)| *a += b);
    }
    Ok(Ensemble {
        n,
        months,
        trials,
        values,
        fired,
        counts,
        reviewed,
        review_counts,
    })
}

/// One chunk of trials and its slots in the ensemble's per-trial arrays:
/// per series (`values`: council × metric × month; `counts`: criterion;
/// `review_counts`: option), the chunk's trials in order.
struct Chunk<'a> {
    trials: Range<usize>,
    values: Vec<&'a mut [f64]>,
    counts: Vec<&'a mut [u32]>,
    review_counts: Vec<&'a mut [u32]>,
}

/// Simulates one chunk into its slots; returns its tallies of fired
/// criteria (`[i * n_criteria + c]`) and reviews (`[i * n_options + o]`).
fn simulate_chunk(
    plan: &Plan,
    prep: &Prepared,
    counted: &[bool],
    mut ch: Chunk<'_>,
) -> (Vec<u64>, Vec<u64>) {
    let (n, months, nc) = (plan.councils.len(), prep.months, plan.criteria.len());
    let no = plan.options.len();
    let mut reviewed = vec![0u64; n * no];
    let mut fired_tally = vec![0u64; n * nc];
    let mut model = TrialModel::new(plan, prep, false);
    let mut crit = CritScratch::default();
    let mut fired = vec![false; n * nc];
    let mut gaps = vec![f64::NAN; n * nc];
    let lo = ch.trials.start;
    for k in ch.trials.clone() {
        let tr = model.simulate(plan, prep, k as u64);
        let rates = Rates {
            plan,
            targets: tr.targets,
            sim: tr.sim,
            months,
        };
        let slot = k - lo;
        for i in 0..n {
            for m in 0..N_METRICS {
                for t in 0..months {
                    let v = rates.metric(i, m, plan.first_sim.plus(t as i32));
                    ch.values[(i * N_METRICS + m) * months + t][slot] = v;
                }
            }
        }
        evaluate(&rates, &mut crit, &mut fired, &mut gaps);
        for (j, &f) in fired.iter().enumerate() {
            if f {
                fired_tally[j] += 1;
                if counted.get(j / nc.max(1)).copied().unwrap_or(true) {
                    ch.counts[j % nc][slot] += 1;
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
                        ch.review_counts[o][slot] += 1;
                    }
                }
            }
        }
    }
    (fired_tally, reviewed)
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
    use crate::scenario::testkit;

    /// With no noise and no volatility every trial is the deterministic
    /// path: rate (5 + c) e^{drift t} - c; total is the sum of the streams.
    #[test]
    fn deterministic_paths_and_metric_layout() {
        let mut p = testkit::plan(2, 1, 12, "2017-01", "2017-03", 5.0);
        let mut tr = testkit::trajectory(crate::scenario::plan::ModelKind::LogAr1, 0.0);
        tr.drift = 0.1;
        testkit::set_trajectory(&mut p, &tr);
        let e = simulate_plan(&p, 3, &[], Some(1)).expect("simulates");
        for t in 0..3 {
            let want = 5.1 * (0.1 * (t + 1) as f64).exp() - 0.1;
            for k in 0..3 {
                assert!((e.series(1, 1, t)[k] - want).abs() < 1e-9);
                assert!((e.series(0, 3, t)[k] - 3.0 * want).abs() < 1e-9);
            }
        }
    }

    /// The feature-rich test plan with a drawn pull (so every trial
    /// re-prepares its model), noise, criteria and options.
    fn drawn_plan() -> Plan {
        use crate::scenario::dist::{Dist, Scope, Uncertain};
        use crate::scenario::uncertain::{Param, TrajKey};
        let mut p = testkit::rich_plan(0);
        let dist = Dist::Uniform { lo: 0.0, hi: 0.4 };
        let u = Uncertain {
            dist,
            scope: Scope::Council,
        };
        p.params
            .push(Param::new("trajectory.pull".into(), Default::default(), u));
        for t in &mut p.trajectories {
            t.set_key(TrajKey::Pull, dist.mean());
            t.drawn.push((TrajKey::Pull, 0));
        }
        p
    }

    /// Every field of an ensemble, floats by their bits.
    fn bits(e: &Ensemble) -> Vec<Vec<u64>> {
        let wide = |xs: &[u32]| xs.iter().map(|&x| u64::from(x)).collect();
        vec![
            e.values.iter().map(|v| v.to_bits()).collect(),
            e.fired.clone(),
            wide(&e.counts),
            e.reviewed.clone(),
            wide(&e.review_counts),
        ]
    }

    /// Contiguous chunks, one per thread (3 threads: 17 + 17 + 16 trials),
    /// give the single thread's ensemble bit for bit.
    #[test]
    fn the_ensemble_does_not_depend_on_the_thread_count() {
        let p = drawn_plan();
        let counted = [true, false, true, true, true, false, true, true, true];
        let one = simulate_plan(&p, 50, &counted, Some(1)).expect("simulates");
        assert!(
            one.fired.iter().any(|&f| f > 0 && f < 50),
            "{:?}",
            one.fired
        );
        assert!(one.reviewed.iter().any(|&r| r > 0 && r < 50));
        for threads in [2, 3, 7] {
            let e = simulate_plan(&p, 50, &counted, Some(threads)).expect("simulates");
            assert_eq!(bits(&e), bits(&one), "{threads} threads");
        }
        // More threads than trials: one trial per chunk.
        let few = simulate_plan(&p, 2, &counted, Some(5)).expect("simulates");
        let few1 = simulate_plan(&p, 2, &counted, Some(1)).expect("simulates");
        assert_eq!(bits(&few), bits(&few1));
    }

    /// Trial `k` of the ensemble is trial `k` of the engine: the generators
    /// from (seed, `k`), the per-trial draws, the model, and nothing else
    /// (the serial loop the backtest had before sharing the engine's step).
    #[test]
    fn trial_k_is_the_engines_trial_k() {
        use crate::model::per_trial::PerTrial;
        use crate::model::rng::trial_rngs;
        use crate::model::trajectory::{TrajScratch, simulate};
        use crate::scenario::plan::STREAMS;
        let p = drawn_plan();
        let trials = 20;
        let e = simulate_plan(&p, trials, &[], Some(2)).expect("simulates");
        let base = Prepared::new(&p).expect("prepares");
        let (n, months, nc) = (p.councils.len(), base.months, p.criteria.len());
        let mut pt = PerTrial::new(&p, &base).expect("draws");
        let mut scratch = TrajScratch::new(&base);
        let mut sim = vec![0.0; n * months * STREAMS];
        let (mut fired, mut gaps) = (vec![false; n * nc], vec![f64::NAN; n * nc]);
        let mut fired_tally = vec![0u64; n * nc];
        for k in 0..trials {
            let mut rngs = trial_rngs(p.seed, k as u64);
            pt.update(&p, &base, k as u64);
            simulate(
                &pt.prep,
                &mut rngs.latent,
                &mut rngs.noise,
                &mut scratch,
                &mut sim,
            );
            let rates = Rates {
                plan: &p,
                targets: &pt.targets,
                sim: &sim,
                months,
            };
            for i in 0..n {
                for m in 0..N_METRICS {
                    for t in 0..months {
                        let v = rates.metric(i, m, p.first_sim.plus(t as i32));
                        assert_eq!(e.series(i, m, t)[k].to_bits(), v.to_bits());
                    }
                }
            }
            evaluate(&rates, &mut CritScratch::default(), &mut fired, &mut gaps);
            for (j, &f) in fired.iter().enumerate() {
                fired_tally[j] += u64::from(f);
            }
        }
        assert_eq!(e.fired, fired_tally);
    }
}
