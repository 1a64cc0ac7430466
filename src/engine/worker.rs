//! One worker of the trial loop: its trial step ([`TrialModel`]: draws,
//! trajectories, rates) and its decision side ([`Decider`]: criteria on
//! observed and latent rates, money, tallies). Nothing here allocates per
//! trial.

use super::decider::{Decider, TrialFigures};
use super::shared::Shared;
use super::trial::TrialModel;

/// One worker: its trial step and its decider (which holds its tally).
pub struct Worker {
    /// This worker's trial step: per-trial draws, trajectories, rates.
    model: TrialModel,
    pub decider: Decider,
}

impl Worker {
    pub fn new(sh: &Shared<'_>) -> Worker {
        let on = sh.plan.consequences.is_some();
        Worker {
            model: TrialModel::new(sh.plan, &sh.prep, on),
            decider: Decider::new(sh),
        }
    }

    /// Simulates trial `trial`, decides and tallies it, and writes its
    /// national figures into `out`.
    pub fn trial(&mut self, sh: &Shared<'_>, trial: u64, out: &mut TrialFigures) {
        let tr = self.model.simulate(sh.plan, &sh.prep, trial);
        self.decider.decide(sh, &tr, out);
    }
}
