//! Re-preparing the model for one trial's parameter draws: a worker's own
//! copy of [`Prepared`] and of the target series, in which only what
//! depends on a drawn value is rewritten each trial.
//!
//! What depends on what: a drawn trajectory key rewrites that
//! council-stream's constants (drift, pull, sigma, correlation weights,
//! jump, the noise's gamma constants); a drawn `[[targets.rule]]` value
//! rewrites that series' targets and the latent target path (`tau`) of
//! the council-streams it pulls. Starting levels, seasonal terms, exposures
//! and bootstrap changes never depend on a draw (`offset` and `seasonality`
//! cannot be drawn; the filtered start uses the distributions' means,
//! DECISIONS). Time per trial: O(drawn council-streams + councils × drawn
//! rules × (target points + months)); nothing is allocated after the first
//! trial. A plan without distributions never builds one of these, so its
//! runs are exactly as before.

use super::draws::Draws;
use super::noise::NoiseModel;
use super::prepared::{Prepared, fill_points, path_at};
use crate::month::Month;
use crate::scenario::plan::TargetRule;
use crate::scenario::plan::{ModelKind, Plan, TargetSeries, council_of, stream_of};
use crate::scenario::uncertain::TrajKey;

/// A worker's per-trial model.
#[derive(Debug, Clone)]
pub struct PerTrial {
    pub draws: Draws,
    /// The model with this trial's draws applied.
    pub prep: Prepared,
    /// The target series with this trial's draws applied.
    pub targets: Vec<TargetSeries>,
    /// Council-streams with a drawn trajectory key.
    drawn_cs: Vec<usize>,
    /// Target series with a drawn rule.
    drawn_rules: Vec<usize>,
    /// Council-streams whose target path reads a drawn series.
    tau_cs: Vec<usize>,
    points: Vec<(Month, f64)>,
}

impl PerTrial {
    /// `None` when the plan declares no distribution.
    pub fn new(plan: &Plan, base: &Prepared) -> Option<PerTrial> {
        if plan.params.is_empty() {
            return None;
        }
        let drawn_cs = (0..plan.trajectories.len())
            .filter(|&cs| !plan.trajectories[cs].drawn.is_empty())
            .collect();
        let drawn_rules: Vec<usize> = (0..plan.targets.len())
            .filter(|&k| plan.targets[k].drawn.is_some())
            .collect();
        let last_obs = plan.history.last();
        let tau_cs = (0..plan.trajectories.len())
            .filter(|&cs| {
                let s = stream_of(cs);
                drawn_rules.iter().any(|&k| {
                    let ts = &plan.targets[k];
                    ts.month > last_obs && plan.metrics[ts.metric].single_stream() == Some(s)
                })
            })
            .collect();
        Some(PerTrial {
            draws: Draws::new(plan),
            prep: base.clone(),
            targets: plan.targets.clone(),
            drawn_cs,
            drawn_rules,
            tau_cs,
            points: Vec::new(),
        })
    }

    /// Draws trial `trial`'s parameters and applies them.
    pub fn update(&mut self, plan: &Plan, base: &Prepared, trial: u64) {
        self.draws.draw(plan, plan.seed, trial);
        for &cs in &self.drawn_cs {
            self.prep.consts[cs] = consts(plan, base, &self.draws, cs);
        }
        for &k in &self.drawn_rules {
            let Some(rd) = &plan.targets[k].drawn else {
                continue;
            };
            let d = &self.draws;
            for (i, (t, &b)) in self.targets[k]
                .rate
                .iter_mut()
                .zip(&rd.baseline)
                .enumerate()
            {
                if b.is_finite() {
                    let floor = rd.floor.map(|v| d.value(v, i));
                    let ceiling = rd.ceiling.map(|v| d.value(v, i));
                    *t = TargetRule::apply(b, d.value(rd.reduction, i), floor, ceiling);
                }
            }
        }
        let months = self.prep.months;
        let last_obs = plan.history.last();
        for &cs in &self.tau_cs {
            let (i, s) = (council_of(cs), stream_of(cs));
            let tr = &plan.trajectories[cs];
            fill_points(plan, &self.targets, i, s, tr.offset, &mut self.points);
            if self.points.is_empty() {
                continue;
            }
            let y0 = base.consts[cs].y0;
            for t in 0..months {
                let m = plan.first_sim.plus(t as i32);
                self.prep.tau[cs * months + t] = path_at(last_obs, y0, &self.points, m);
            }
        }
    }
}

/// One council-stream's constants with this trial's draws.
fn consts(plan: &Plan, base: &Prepared, d: &Draws, cs: usize) -> super::prepared::StreamConsts {
    let tr = &plan.trajectories[cs];
    let i = council_of(cs);
    let mut c = base.consts[cs];
    let det = c.kind == ModelKind::Deterministic;
    let mut corr = tr.correlation;
    let mut corr_drawn = false;
    for &(k, p) in &tr.drawn {
        let v = d.get(p, i);
        match k {
            TrajKey::Drift => c.drift = v,
            TrajKey::Pull => c.pull = if c.has_target { v } else { 0.0 },
            TrajKey::Volatility => c.sigma = if det { 0.0 } else { v },
            TrajKey::Dispersion => {
                c.dispersion = v;
                c.noise_model = NoiseModel::new(c.noise, v).with_sampler(plan.noise_sampler);
            }
            TrajKey::CorrNational => (corr.national, corr_drawn) = (v, true),
            TrajKey::CorrRegional => (corr.regional, corr_drawn) = (v, true),
            TrajKey::CorrCouncil => (corr.council, corr_drawn) = (v, true),
            TrajKey::JumpProbability if !det => c.jump.probability = v,
            TrajKey::JumpMean if !det => c.jump.mean = v,
            TrajKey::JumpSd if !det => c.jump.sd = v,
            _ => {}
        }
    }
    if corr_drawn {
        c.w = super::prepared::weights(corr);
    }
    c
}
