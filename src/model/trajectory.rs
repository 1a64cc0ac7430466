//! One trial of every council's trajectory: latent log levels stepped month by
//! month, turned into expected rates, then observed through the noise.
//!
//! Draw order within a trial (fixed, so a trial's numbers depend only on its
//! generator): per simulated month, the national shock, one shock per region,
//! the bootstrap month index (when any stream bootstraps), then per council its
//! council shock and per stream the idiosyncratic shock, the jump draws and the
//! noise draw.

use super::noise;
use super::prepared::{Prepared, StreamConsts};
use crate::scenario::plan::ModelKind;
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

/// Reusable buffers for one worker; allocated once per chunk.
#[derive(Debug, Clone)]
pub struct TrajScratch {
    /// Current latent level per council-stream.
    y: Vec<f64>,
    /// This month's regional shocks.
    z_region: Vec<f64>,
}

impl TrajScratch {
    pub fn new(p: &Prepared) -> TrajScratch {
        TrajScratch {
            y: vec![0.0; p.n * 3],
            z_region: vec![0.0; p.n_regions],
        }
    }
}

/// Simulates one trial into `out`, laid out `[(i * months + t) * 3 + stream]`
/// (observed rates). Does not allocate.
pub fn simulate<R: Rng + ?Sized>(p: &Prepared, rng: &mut R, s: &mut TrajScratch, out: &mut [f64]) {
    for (y, c) in s.y.iter_mut().zip(&p.consts) {
        *y = c.y0;
    }
    for t in 0..p.months {
        let z_nat: f64 = rng.sample(StandardNormal);
        for z in s.z_region.iter_mut() {
            *z = rng.sample(StandardNormal);
        }
        let k = if p.any_bootstrap {
            noise::index(p.n_changes, rng)
        } else {
            0
        };
        for i in 0..p.n {
            let z_c: f64 = rng.sample(StandardNormal);
            let z_r = s.z_region[p.region[i]];
            for a in 0..3 {
                let cs = i * 3 + a;
                let c = &p.consts[cs];
                let tau = p.tau[cs * p.months + t];
                let shocks = Shocks { z_nat, z_r, z_c, k };
                let y = step(p, c, cs, s.y[cs], tau, shocks, rng);
                s.y[cs] = y;
                let rate = ((y + p.season[cs * p.months + t]).exp() - c.offset).max(0.0);
                let exposure = p.exposure[i * p.months + t];
                out[(i * p.months + t) * 3 + a] =
                    noise::observe(rate, exposure, c.noise, c.dispersion, rng);
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Shocks {
    z_nat: f64,
    z_r: f64,
    z_c: f64,
    k: usize,
}

/// One month's step of the latent level.
fn step<R: Rng + ?Sized>(
    p: &Prepared,
    c: &StreamConsts,
    cs: usize,
    y: f64,
    tau: f64,
    z: Shocks,
    rng: &mut R,
) -> f64 {
    let pull = if c.has_target {
        c.pull * (tau - y)
    } else {
        0.0
    };
    match c.kind {
        ModelKind::Bootstrap => y + pull + p.deltas[cs * p.n_changes + z.k],
        ModelKind::Deterministic => y + c.drift + pull,
        ModelKind::LogAr1 => {
            let z_i: f64 = rng.sample(StandardNormal);
            let e = c.w[0] * z.z_nat + c.w[1] * z.z_r + c.w[2] * z.z_c + c.w[3] * z_i;
            let mut jump = 0.0;
            if c.jump.probability > 0.0 && rng.random::<f64>() < c.jump.probability {
                let j: f64 = rng.sample(StandardNormal);
                jump = c.jump.mean + c.jump.sd * j;
            }
            y + c.drift + pull + c.sigma * e + jump
        }
    }
}
