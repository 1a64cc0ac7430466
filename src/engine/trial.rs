//! The per-trial step shared by every trial loop: for trial `k`, derive its
//! generators from (seed, `k`) ([`trial_rngs`]), draw its parameters (the
//! per-trial model, only when the plan has distributions) and simulate its
//! rates. `ibcf run`'s workers (`worker`) go on to decide and tally the
//! trial; `ibcf backtest` (`analysis::backtest::sample`) keeps its values.
//! Trial `k` is therefore the same future in both.
//!
//! A [`TrialModel`] owns one loop's reusable buffers (the per-trial draws,
//! the trajectory scratch, the simulated rates); nothing is allocated per
//! trial.

use super::path;
use crate::model::Prepared;
use crate::model::draws::Draws;
use crate::model::noise::NoiseLanes;
use crate::model::observe_lanes::{noise_lanes, observe_lanes_with};
use crate::model::per_trial::PerTrial;
use crate::model::rng::{LATENT_STREAM, NOISE_STREAM, stream_rng, trial_rngs};
use crate::model::sampler::lanes::{L, Lanes};
use crate::model::sampler::simd::Level;
use crate::model::trajectory::{
    TrajScratch, simulate, simulate_latent, simulate_with_counterfactual,
};
use crate::scenario::plan::{Plan, STREAMS, TargetSeries};

/// One trial loop's model state: reused from trial to trial.
pub struct TrialModel {
    /// The per-trial draws and the model they re-prepare (only when the
    /// plan draws parameters).
    per_trial: Option<PerTrial>,
    traj: TrajScratch,
    /// Observed rates of the last trial, `[council][month][stream]`.
    sim: Vec<f64>,
    /// Whether each trial also follows the paths without the pull (the
    /// consequences' counterfactual).
    counterfactual: bool,
}

/// What one trial drew and simulated (borrowed from the [`TrialModel`]
/// until its next trial).
pub struct Trial<'a> {
    /// The model with this trial's draws applied (the plan's own when it
    /// draws nothing).
    pub prep: &'a Prepared,
    /// The target series with this trial's draws applied.
    pub targets: &'a [TargetSeries],
    /// This trial's parameter draws (`None`: the plan draws nothing).
    pub draws: Option<&'a Draws>,
    /// Observed rates, `[council][month][stream]` (`plan::rate_index`).
    pub sim: &'a [f64],
    traj: &'a TrajScratch,
}

impl Trial<'_> {
    /// Expected rates (before observation noise), laid out as [`Trial::sim`].
    pub fn expected(&self) -> &[f64] {
        self.traj.expected()
    }

    /// Expected rates without the pull towards the targets (only when the
    /// model was built with the counterfactual).
    pub fn expected_without_pull(&self) -> &[f64] {
        self.traj.expected_without_pull()
    }
}

impl TrialModel {
    /// Buffers for trials of `plan` prepared as `prep`; `counterfactual`:
    /// also simulate the paths without the pull (the consequences need them).
    pub fn new(plan: &Plan, prep: &Prepared, counterfactual: bool) -> TrialModel {
        let traj = TrajScratch::new(prep);
        TrialModel {
            per_trial: PerTrial::new(plan, prep),
            traj: if counterfactual {
                traj.with_counterfactual()
            } else {
                traj
            },
            sim: vec![0.0; plan.councils.len() * prep.months * STREAMS],
            counterfactual,
        }
    }

    /// Draws and simulates trial `trial` of `plan` (prepared as `base`, the
    /// same `Prepared` the model was built with). Does not allocate.
    #[inline]
    pub fn simulate<'a>(&'a mut self, plan: &'a Plan, base: &'a Prepared, trial: u64) -> Trial<'a> {
        let mut rngs = trial_rngs(plan.seed, trial);
        let (prep, targets, draws) = match self.per_trial.as_mut() {
            Some(pt) => {
                pt.update(plan, base, trial);
                (&pt.prep, pt.targets.as_slice(), Some(&pt.draws))
            }
            None => (base, plan.targets.as_slice(), None),
        };
        let (lat, noise) = (&mut rngs.latent, &mut rngs.noise);
        if self.counterfactual {
            simulate_with_counterfactual(prep, lat, noise, &mut self.traj, &mut self.sim);
        } else {
            simulate(prep, lat, noise, &mut self.traj, &mut self.sim);
        }
        Trial {
            prep,
            targets,
            draws,
            sim: &self.sim,
            traj: &self.traj,
        }
    }
}

/// Eight consecutive trials at once ([`L`] lanes; DECISIONS #95): each
/// trial's parameters and latent paths as [`TrialModel::simulate`] makes
/// them, then the eight trials' observation noise side by side
/// (`model::observe_lanes`). Trial `first + j` is bit for bit the one
/// [`TrialModel::simulate`] gives.
pub struct TrialBatch {
    /// Per lane: the per-trial draws and model (only when the plan draws).
    per_trial: Vec<Option<PerTrial>>,
    traj: Vec<TrajScratch>,
    /// Per lane: observed rates, `[council][month][stream]`.
    sim: Vec<Vec<f64>>,
    counterfactual: bool,
    level: Level,
    /// The councils' noise for eight lanes of the base model, when the
    /// plan draws nothing (every lane's model is then the base one), and
    /// the address of the model it was prepared from (used only for a
    /// batch simulated from that same model).
    noise: Option<(Vec<[NoiseLanes; STREAMS]>, usize)>,
}

impl TrialBatch {
    /// Buffers for eight trials of `plan` prepared as `prep`.
    pub fn new(plan: &Plan, prep: &Prepared, counterfactual: bool) -> TrialBatch {
        let traj = TrajScratch::new(prep);
        let traj = if counterfactual {
            traj.with_counterfactual()
        } else {
            traj
        };
        let per_trial: Vec<Option<PerTrial>> = (0..L).map(|_| PerTrial::new(plan, prep)).collect();
        let drawn = per_trial.iter().any(Option::is_some);
        TrialBatch {
            noise: (!drawn).then(|| (noise_lanes(prep), std::ptr::from_ref(prep).addr())),
            per_trial,
            traj: vec![traj; L],
            sim: vec![vec![0.0; plan.councils.len() * prep.months * STREAMS]; L],
            counterfactual,
            level: path::level(),
        }
    }

    /// The same batch with its noise at `level`'s vector instructions
    /// (the baseline where this CPU lacks them): the same bits at every
    /// level, so this is for tests and measurement. By default the level is
    /// [`path::level`].
    pub fn at_level(mut self, level: Level) -> TrialBatch {
        self.level = level;
        self
    }

    /// Draws and simulates trials `first .. first + 8`; read each with
    /// [`TrialBatch::trial`]. Does not allocate.
    pub fn simulate(&mut self, plan: &Plan, base: &Prepared, first: u64) {
        for (j, (pt, traj)) in self.per_trial.iter_mut().zip(&mut self.traj).enumerate() {
            let trial = first + j as u64;
            let mut latent = stream_rng(plan.seed, trial, LATENT_STREAM);
            let prep = match pt.as_mut() {
                Some(pt) => {
                    pt.update(plan, base, trial);
                    &pt.prep
                }
                None => base,
            };
            simulate_latent(prep, &mut latent, traj, self.counterfactual);
        }
        let preps: [&Prepared; L] =
            std::array::from_fn(|j| self.per_trial[j].as_ref().map_or(base, |pt| &pt.prep));
        let traj: [&TrajScratch; L] = std::array::from_fn(|j| &self.traj[j]);
        let mut rng = Lanes::for_trials(plan.seed, first, NOISE_STREAM).at_level(self.level);
        let base_addr = std::ptr::from_ref(base).addr();
        let noise = match &self.noise {
            Some((n, addr)) if *addr == base_addr => Some(n.as_slice()),
            _ => None,
        };
        observe_lanes_with(self.level, &preps, noise, &traj, &mut rng, &mut self.sim);
    }

    /// Trial `first + j` of the last [`TrialBatch::simulate`].
    pub fn trial<'a>(&'a self, plan: &'a Plan, base: &'a Prepared, j: usize) -> Trial<'a> {
        let (prep, targets, draws) = match self.per_trial[j].as_ref() {
            Some(pt) => (&pt.prep, pt.targets.as_slice(), Some(&pt.draws)),
            None => (base, plan.targets.as_slice(), None),
        };
        Trial {
            prep,
            targets,
            draws,
            sim: &self.sim[j],
            traj: &self.traj[j],
        }
    }
}
