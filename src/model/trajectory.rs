//! One trial of every council's trajectory: latent log levels stepped month by
//! month, turned into expected rates, then observed through the noise.
//!
//! Two generators per trial: the latent one and the noise one, so the latent
//! paths do not depend on the observation noise (switching noise off keeps
//! every expected rate). Latent draw order (fixed, so a trial's numbers depend
//! only on its generators): the filtered starts (per council-stream with
//! spread, then per `damped_trend` stream its slope, then the national swing
//! when any council-stream loads on it); per simulated month, the national shock, one
//! shock per region, the bootstrap month index (when any stream bootstraps),
//! the national slope innovation of each `damped_trend` stream, then per council its council shock and per stream the idiosyncratic shock
//! and the jump draws. Noise draws, after the latent path: per council, per
//! simulated month, per stream with noise, one count.

use super::prepared::{Prepared, StreamConsts};
use super::sampler::{fast_exp, normal, uniform};
use crate::scenario::plan::{ModelKind, STREAMS, month_row, stream_of};
use rand::Rng;

/// Reusable buffers for one worker; allocated once per worker.
#[derive(Debug, Clone)]
pub struct TrajScratch {
    /// Current latent level per council-stream.
    y: Vec<f64>,
    /// This month's regional shocks.
    z_region: Vec<f64>,
    /// National slope departure per stream (`damped_trend`).
    g: [f64; 3],
    /// Expected (latent) rates of the last trial, laid out like `out`.
    expected: Vec<f64>,
    /// The no-pull levels and expected rates (the consequences'
    /// counterfactual; empty unless [`TrajScratch::with_counterfactual`]).
    y_cf: Vec<f64>,
    expected_cf: Vec<f64>,
}

impl TrajScratch {
    pub fn new(p: &Prepared) -> TrajScratch {
        TrajScratch {
            y: vec![0.0; p.n * STREAMS],
            z_region: vec![0.0; p.n_regions],
            g: [0.0; 3],
            expected: vec![0.0; p.n * p.months * STREAMS],
            y_cf: Vec::new(),
            expected_cf: Vec::new(),
        }
    }

    /// Buffers for [`simulate_with_counterfactual`] as well.
    pub fn with_counterfactual(mut self) -> TrajScratch {
        self.y_cf = vec![0.0; self.y.len()];
        self.expected_cf = vec![0.0; self.expected.len()];
        self
    }

    /// Expected rates of the last trial of [`simulate_with_counterfactual`]
    /// without the pull towards targets, laid out like [`Self::expected`].
    pub fn expected_without_pull(&self) -> &[f64] {
        &self.expected_cf
    }

    /// Expected rates (before observation noise) of the last simulated
    /// trial, `[council][month][stream]` (`plan::rate_index`).
    pub fn expected(&self) -> &[f64] {
        &self.expected
    }
}

/// Simulates one trial into `out` (observed rates), laid out
/// `[council][month][stream]` (`plan::rate_index`). `rng` drives the latent
/// path, `noise_rng` only the observation noise. Does not allocate.
pub fn simulate<R: Rng + ?Sized, N: Rng + ?Sized>(
    p: &Prepared,
    rng: &mut R,
    noise_rng: &mut N,
    s: &mut TrajScratch,
    out: &mut [f64],
) {
    latent::<false, R>(p, rng, s);
    observe(p, noise_rng, s, out);
}

/// [`simulate`], and on the same latent draws the path each council-stream
/// would have taken without the pull towards its target (the consequences'
/// counterfactual, read with [`TrajScratch::expected_without_pull`]). The
/// observed and expected rates are bit-identical to [`simulate`]'s; streams
/// without a target have identical paths. `s` must come from
/// [`TrajScratch::with_counterfactual`].
pub fn simulate_with_counterfactual<R: Rng + ?Sized, N: Rng + ?Sized>(
    p: &Prepared,
    rng: &mut R,
    noise_rng: &mut N,
    s: &mut TrajScratch,
    out: &mut [f64],
) {
    latent::<true, R>(p, rng, s);
    observe(p, noise_rng, s, out);
}

/// The latent half of [`simulate`] (of [`simulate_with_counterfactual`]
/// when `counterfactual`): the expected rates into `s`, no noise. The
/// engine's eight-trial loop draws the noise after it, for eight trials at
/// once (`model::observe_lanes`), on the same streams.
pub fn simulate_latent<R: Rng + ?Sized>(
    p: &Prepared,
    rng: &mut R,
    s: &mut TrajScratch,
    counterfactual: bool,
) {
    if counterfactual {
        latent::<true, R>(p, rng, s);
    } else {
        latent::<false, R>(p, rng, s);
    }
}

/// Observation noise on the expected rates of `s`, into `out`.
fn observe<N: Rng + ?Sized>(p: &Prepared, noise_rng: &mut N, s: &TrajScratch, out: &mut [f64]) {
    let months = p.months;
    for i in 0..p.n {
        let models = &p.consts[i * STREAMS..][..STREAMS];
        let base = month_row(i, 0, months);
        let exp = &s.expected[base..base + months * STREAMS];
        let obs = &mut out[base..base + months * STREAMS];
        let rows = obs.chunks_exact_mut(STREAMS).zip(exp.chunks_exact(STREAMS));
        for (t, (o, e)) in rows.enumerate() {
            let exposure = p.exposure[i * months + t];
            for a in 0..STREAMS {
                let nm = &models[a].noise_model;
                o[a] = if nm.is_none() {
                    e[a]
                } else {
                    nm.observe(e[a], exposure, noise_rng)
                };
            }
        }
    }
}

/// The latent paths of one trial: expected rates into `s.expected` (and,
/// when `CF`, the no-pull ones into `s.expected_cf`, on the same draws).
fn latent<const CF: bool, R: Rng + ?Sized>(p: &Prepared, rng: &mut R, s: &mut TrajScratch) {
    for (y, c) in s.y.iter_mut().zip(&p.consts) {
        // The latent start is uncertain when history is noisy (model::start).
        *y = if c.y0_sd > 0.0 {
            c.y0 + c.y0_sd * normal(rng)
        } else {
            c.y0
        };
    }
    if CF {
        s.y_cf.copy_from_slice(&s.y);
    }
    if p.any_damped {
        for (g, sl) in s.g.iter_mut().zip(&p.slope) {
            *g = if sl.active {
                sl.g0 + sl.g0_sd * normal(rng)
            } else {
                0.0
            };
        }
    }
    // One draw per trial: a common drift offset (DECISIONS #77). Drawn only
    // when used, so plans without a swing keep every random number.
    let z_swing = if p.any_swing { normal(rng) } else { 0.0 };
    let months = p.months;
    for t in 0..months {
        // Before the targets are in force the pull is nil: τ = y.
        let pulled = t >= p.pull_from;
        let z_nat = normal(rng);
        for z in s.z_region.iter_mut() {
            *z = normal(rng);
        }
        let k = if p.any_bootstrap {
            super::noise::index(p.n_changes, rng)
        } else {
            0
        };
        if p.any_damped {
            for (g, sl) in s.g.iter_mut().zip(&p.slope) {
                if sl.active {
                    *g = sl.phi * *g + sl.q * normal(rng);
                }
            }
        }
        let levels = s.y.chunks_exact_mut(STREAMS);
        let councils = levels.zip(p.consts.chunks_exact(STREAMS));
        for (i, ((ys, cons), &region)) in councils.zip(&p.region).enumerate() {
            let shocks = Shocks {
                z_nat,
                z_r: s.z_region[region],
                z_c: normal(rng),
                k,
                g: s.g,
                z_swing,
            };
            let row = month_row(i, t, months);
            let out = &mut s.expected[row..][..STREAMS];
            for (a, ((y, c), o)) in ys.iter_mut().zip(cons).zip(out).enumerate() {
                let cs = i * STREAMS + a;
                let at = cs * months + t;
                let y_cf = if CF { s.y_cf[cs] } else { 0.0 };
                let tau = if pulled { p.tau[at] } else { *y };
                let (next, next_cf) = step::<CF, R>(p, c, cs, *y, y_cf, tau, shocks, rng);
                *y = next;
                // The log level for now; turned into a rate below.
                *o = *y + p.season[at];
                if CF {
                    s.y_cf[cs] = next_cf;
                    s.expected_cf[row + a] = next_cf + p.season[at];
                }
            }
        }
    }
    to_rates(p, &mut s.expected);
    if CF {
        to_rates(p, &mut s.expected_cf);
    }
}

/// Log levels (seasonal term included) to expected rates, in place.
fn to_rates(p: &Prepared, levels: &mut [f64]) {
    let months = p.months;
    // Exponentials in a pass of their own: no iteration depends on another,
    // so their long polynomial chains overlap instead of stalling the
    // month-by-month recursion above (≈ 6% of a trial without noise).
    let councils = levels
        .chunks_exact_mut(months * STREAMS)
        .zip(p.consts.chunks_exact(STREAMS));
    for (cell, c) in councils {
        for month in cell.chunks_exact_mut(STREAMS) {
            for (v, c) in month.iter_mut().zip(c) {
                *v = (fast_exp(*v) - c.offset).max(0.0);
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
    g: [f64; 3],
    z_swing: f64,
}

/// One month's step of the latent level `y` and, when `CF`, of the no-pull
/// level `y_cf` on the same draws (the same expression with the pull 0, so
/// a stream without a target gets a bit-identical counterfactual).
#[inline]
#[allow(clippy::too_many_arguments)]
fn step<const CF: bool, R: Rng + ?Sized>(
    p: &Prepared,
    c: &StreamConsts,
    cs: usize,
    y: f64,
    y_cf: f64,
    tau: f64,
    z: Shocks,
    rng: &mut R,
) -> (f64, f64) {
    let pull = if c.has_target {
        c.pull * (tau - y)
    } else {
        0.0
    };
    let slope = if c.kind == ModelKind::DampedTrend {
        z.g[stream_of(cs) as usize]
    } else {
        0.0
    };
    let none = 0.0;
    match c.kind {
        ModelKind::Bootstrap => {
            let d = p.deltas[cs * p.n_changes + z.k];
            (y + pull + d, if CF { y_cf + none + d } else { 0.0 })
        }
        ModelKind::Deterministic => (
            y + c.drift + pull,
            if CF { y_cf + c.drift + none } else { 0.0 },
        ),
        ModelKind::LogAr1 | ModelKind::DampedTrend => {
            let z_i = normal(rng);
            let e = c.w[0] * z.z_nat + c.w[1] * z.z_r + c.w[2] * z.z_c + c.w[3] * z_i;
            let mut jump = 0.0;
            if c.jump.probability > 0.0 && uniform(rng) < c.jump.probability {
                jump = c.jump.mean + c.jump.sd * normal(rng);
            }
            let swing = c.swing * z.z_swing;
            let cf = if CF {
                y_cf + c.drift + swing + slope + none + c.sigma * e + jump
            } else {
                0.0
            };
            (y + c.drift + swing + slope + pull + c.sigma * e + jump, cf)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rng::trial_rngs;
    use crate::scenario::plan::{Jump, Noise};
    use crate::scenario::testkit;

    /// Expected and observed rates, trial by trial, of a plan with `noise`,
    /// simulated as prepared or with the noise silenced (`without_noise`).
    fn expected_paths(noise: Noise, silence: bool) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let mut plan = testkit::plan(12, 3, 13, "2017-08", "2017-11", 4.0);
        let mut tr = testkit::trajectory(ModelKind::LogAr1, 0.2);
        tr.correlation.national = 0.3;
        tr.correlation.regional = 0.2;
        tr.jump = Jump {
            probability: 0.3,
            mean: 0.1,
            sd: 0.05,
        };
        tr.noise = noise;
        testkit::set_trajectory(&mut plan, &tr);
        // Mixed models so the bootstrap draw is in the latent stream too.
        plan.trajectories[5].model = ModelKind::Bootstrap;
        let p = Prepared::new(&plan).expect("prepares");
        let p = if silence { p.without_noise() } else { p };
        let mut s = TrajScratch::new(&p);
        let mut out = vec![0.0; p.n * p.months * STREAMS];
        let (mut exp, mut obs) = (Vec::new(), Vec::new());
        for t in 0..50 {
            let mut r = trial_rngs(9, t);
            simulate(&p, &mut r.latent, &mut r.noise, &mut s, &mut out);
            exp.push(s.expected().to_vec());
            obs.push(out.clone());
        }
        (exp, obs)
    }

    /// The "caught by noise" comparison needs the same latent paths with the
    /// noise on and off: silencing the noise of a prepared plan leaves the
    /// expected rates (filtered starts included) bit-identical and the
    /// observed ones equal to them.
    #[test]
    fn noise_does_not_move_latent_paths() {
        for noise in [Noise::Poisson, Noise::NegativeBinomial] {
            let (exp, obs) = expected_paths(noise, false);
            let (exp_quiet, obs_quiet) = expected_paths(noise, true);
            assert_eq!(
                exp, exp_quiet,
                "{noise:?}: silencing moved the latent paths"
            );
            assert_ne!(obs, obs_quiet, "{noise:?} did not change observations");
            assert_eq!(exp_quiet, obs_quiet, "silenced: observed = expected");
        }
        let (exp_none, obs_none) = expected_paths(Noise::None, false);
        assert_eq!(exp_none, obs_none, "no noise: observed = expected");
        // Paths are not degenerate: trials differ from each other.
        assert_ne!(exp_none[0], exp_none[1]);
    }
}
