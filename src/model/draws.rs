//! Per-trial draws of the plan's uncertain parameters (`Plan::params`).
//!
//! Each trial has a third generator of its own, derived from (seed, trial)
//! alone (`model::rng::param_rng`), so draws never depend on threads,
//! chunks or shards, and adding a distribution leaves the latent and noise
//! streams (and so every other random number of the trial) unchanged.
//! Draw order within a trial: parameters in plan order; a national one
//! takes one uniform, a council one takes one per council in council order.
//! Each draw is `dist.quantile(u)` with `u` uniform on the open interval
//! (0, 1), computed without C library calls (`sampler::normal_quantile`). Time: O(params + councils × council-scope params) per trial.

use crate::model::rng::param_rng;
use crate::model::sampler::normal_quantile::quantile;
use crate::scenario::dist::Scope;
use crate::scenario::plan::Plan;
use crate::scenario::uncertain::Value;
use crate::stats::quantile::{Rank, nearest_rank};
use rand::Rng;

/// One trial's values of every parameter.
#[derive(Debug, Clone)]
pub struct Draws {
    n: usize,
    /// Start of each parameter's values in `values`.
    start: Vec<usize>,
    council: Vec<bool>,
    values: Vec<f64>,
}

/// Uniform on (0, 1): 53 random bits, centred in their cell.
fn open_uniform<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

impl Draws {
    pub fn new(plan: &Plan) -> Draws {
        let n = plan.councils.len();
        let council: Vec<bool> = plan
            .params
            .iter()
            .map(|p| p.uncertain.scope == Scope::Council)
            .collect();
        let mut start = Vec::with_capacity(council.len());
        let mut len = 0;
        for &c in &council {
            start.push(len);
            len += if c { n } else { 1 };
        }
        Draws {
            n,
            start,
            council,
            values: vec![f64::NAN; len],
        }
    }

    /// Draws every parameter for trial `trial` of a run seeded `seed`.
    pub fn draw(&mut self, plan: &Plan, seed: u64, trial: u64) {
        let mut rng = param_rng(seed, trial);
        for (p, param) in plan.params.iter().enumerate() {
            let k = if self.council[p] { self.n } else { 1 };
            let dist = param.uncertain.dist;
            for v in &mut self.values[self.start[p]..self.start[p] + k] {
                *v = quantile(&dist, open_uniform(&mut rng));
            }
        }
    }

    /// Parameter `p`'s value for council `i`.
    #[inline]
    pub fn get(&self, p: usize, i: usize) -> f64 {
        self.values[self.start[p] + if self.council[p] { i } else { 0 }]
    }

    /// All of parameter `p`'s values this trial (one, or one per council).
    pub fn of(&self, p: usize) -> &[f64] {
        let k = if self.council[p] { self.n } else { 1 };
        &self.values[self.start[p]..self.start[p] + k]
    }

    /// A plan value for council `i`.
    #[inline]
    pub fn value(&self, v: Value, i: usize) -> f64 {
        match v {
            Value::Fixed(x) => x,
            Value::Param(p) => self.get(p, i),
        }
    }
}

/// Realised draws of one parameter over a run: how many values were
/// summarised, their mean and sd, and quantiles (nearest rank).
#[derive(Debug, Clone, PartialEq)]
pub struct Realised {
    pub count: u64,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub max: f64,
}

/// Most values summarised per council-scope parameter: the first
/// `floor(MAX_VALUES / councils)` trials' draws (all councils) are used
/// when a run has more, so memory stays bounded.
pub const MAX_VALUES: usize = 4_000_000;

/// The draws a run of `plan` makes, regenerated from (seed, trial) and
/// summarised per parameter (identical to the engine's draws by
/// construction: the same function makes both).
pub fn realised(plan: &Plan) -> Vec<Realised> {
    let mut d = Draws::new(plan);
    let n = plan.councils.len().max(1);
    let mut all: Vec<Vec<f64>> = vec![Vec::new(); plan.params.len()];
    let cap: Vec<u64> = d
        .council
        .iter()
        .map(|&c| {
            if c {
                (MAX_VALUES / n).max(1) as u64
            } else {
                u64::MAX
            }
        })
        .collect();
    for t in 0..plan.trials {
        d.draw(plan, plan.seed, t);
        for (p, v) in all.iter_mut().enumerate() {
            if t < cap[p] {
                v.extend_from_slice(d.of(p));
            }
        }
    }
    all.into_iter().map(summarise).collect()
}

fn summarise(mut v: Vec<f64>) -> Realised {
    let k = v.len().max(1) as f64;
    let mean = v.iter().sum::<f64>() / k;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (k - 1.0).max(1.0);
    v.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| nearest_rank(&v, p, Rank::Exact).unwrap_or(f64::NAN);
    Realised {
        count: v.len() as u64,
        mean,
        sd: var.sqrt(),
        min: v.first().copied().unwrap_or(f64::NAN),
        p5: q(0.05),
        p25: q(0.25),
        p50: q(0.5),
        p75: q(0.75),
        p95: q(0.95),
        max: v.last().copied().unwrap_or(f64::NAN),
    }
}
