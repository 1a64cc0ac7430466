//! One worker of the trial loop: its trial step ([`TrialModel`]: draws,
//! trajectories, rates; and [`TrialBatch`], eight trials at once) and its
//! decision side ([`Decider`]: criteria on observed and latent rates,
//! money, tallies). Nothing here allocates per trial.

use super::decider::{Decider, TrialFigures};
use super::shared::Shared;
use super::trial::{TrialBatch, TrialModel};
use crate::model::sampler::lanes::L;

/// One worker: its trial step and its decider (which holds its tally).
pub struct Worker {
    /// This worker's trial step: per-trial draws, trajectories, rates.
    model: TrialModel,
    /// Eight trials at once (DECISIONS #95).
    batch: TrialBatch,
    pub decider: Decider,
}

impl Worker {
    pub fn new(sh: &Shared<'_>) -> Worker {
        let on = sh.plan.consequences.is_some();
        Worker {
            model: TrialModel::new(sh.plan, &sh.prep, on),
            batch: TrialBatch::new(sh.plan, &sh.prep, on),
            decider: Decider::new(sh),
        }
    }

    /// Simulates trial `trial`, decides and tallies it, and writes its
    /// national figures into `out`.
    pub fn trial(&mut self, sh: &Shared<'_>, trial: u64, out: &mut TrialFigures) {
        let tr = self.model.simulate(sh.plan, &sh.prep, trial);
        self.decider.decide(sh, &tr, out);
    }

    /// Trials `first .. first + 8`, each as [`Worker::trial`] would give
    /// it (bit for bit), decided and tallied in order; `each(j, out)` is
    /// called with trial `first + j`'s figures.
    pub fn trials_in_lanes(
        &mut self,
        sh: &Shared<'_>,
        first: u64,
        out: &mut TrialFigures,
        mut each: impl FnMut(usize, &TrialFigures),
    ) {
        self.batch.simulate(sh.plan, &sh.prep, first);
        for j in 0..L {
            let tr = self.batch.trial(sh.plan, &sh.prep, j);
            self.decider.decide(sh, &tr, out);
            each(j, out);
        }
    }
}
