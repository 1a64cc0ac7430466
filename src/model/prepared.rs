//! Per-run constants of the trajectory model, flattened for the trial loop.
//!
//! Everything that does not change between trials is computed here once:
//! starting latent levels (filtered, `model::start`), the log-scale target path of every stream,
//! seasonal terms, correlation weights, exposures for the noise, and the
//! bootstrap's historical changes. Layout: council-stream index `cs = i*3 + a`,
//! per-month arrays `[cs * months + t]`. Scalar parameters are a small struct
//! per council-stream (the step reads nearly all of them at once, so keeping
//! them together is the cache-friendly layout); per-month series are flat arrays.

use super::noise::NoiseModel;
use super::sampler::ln;
use crate::month::Month;
use crate::scenario::plan::{
    Correlation, Jump, ModelKind, Noise, NoiseSampler, Plan, STREAMS, Stream, TargetSeries,
    council_stream,
};

/// Why a plan cannot be simulated (the loader normally prevents all of these).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error(
        "council {code}: no observed {stream} rate for {month}, the month before the first simulated month"
    )]
    NoStartRate {
        code: String,
        stream: &'static str,
        month: Month,
    },
    #[error(
        "the bootstrap model needs at least 6 historical month-to-month changes, the history has {0}"
    )]
    ShortHistory(usize),
}

/// Constants for one council-stream.
#[derive(Debug, Clone, Copy)]
pub struct StreamConsts {
    pub kind: ModelKind,
    /// Latent start (mean) and its standard deviation (filtered; see `model::start`).
    pub y0: f64,
    pub y0_sd: f64,
    pub drift: f64,
    pub pull: f64,
    pub sigma: f64,
    pub offset: f64,
    /// sqrt of the national, regional, council and idiosyncratic shares.
    pub w: [f64; 4],
    pub jump: Jump,
    pub noise: Noise,
    pub dispersion: f64,
    /// `noise` and `dispersion` with the sampler constants precomputed.
    pub noise_model: NoiseModel,
    /// Whether the stream has a target path (else no pull).
    pub has_target: bool,
    /// Loading on the trial's national swing (log change per month per unit z).
    pub swing: f64,
}

/// The national slope of one stream (`damped_trend`; `model::slope`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SlopeConsts {
    /// Whether any council of the stream uses `damped_trend`.
    pub active: bool,
    pub phi: f64,
    pub q: f64,
    /// Filtered slope departure at the last observed month: mean and sd.
    pub g0: f64,
    pub g0_sd: f64,
}

/// The whole model, prepared.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub n: usize,
    pub months: usize,
    pub n_regions: usize,
    pub region: Vec<usize>,
    pub consts: Vec<StreamConsts>,
    /// `[cs * months + t]`: target path on the latent (deseasonalised) log scale.
    pub tau: Vec<f64>,
    /// Index of the first simulated month pulled toward the targets
    /// (`Plan::pull_from`; 0: every month).
    pub pull_from: usize,
    /// `[cs * months + t]`: seasonal term of simulated month t.
    pub season: Vec<f64>,
    /// `[i * months + t]`: population/100,000 × days in month.
    pub exposure: Vec<f64>,
    pub any_bootstrap: bool,
    /// Per stream: the national slope (inactive unless a council uses `damped_trend`).
    pub slope: [SlopeConsts; 3],
    pub any_damped: bool,
    /// Whether any council-stream loads on the national swing (only then is it drawn).
    pub any_swing: bool,
    /// Number of historical changes the bootstrap draws from.
    pub n_changes: usize,
    /// `[cs * n_changes + k]`: latent log change from history month k to k+1 (0 if missing).
    pub deltas: Vec<f64>,
}

fn season(tr: &crate::scenario::plan::Trajectory, m: Month) -> f64 {
    tr.seasonality[m.month() as usize - 1]
}

impl Prepared {
    /// Prepares a plan.
    ///
    /// # Errors
    /// A missing starting rate, or a bootstrap without enough history.
    pub fn new(plan: &Plan) -> Result<Prepared, ModelError> {
        let n = plan.councils.len();
        let months = plan.n_sim_months();
        let last_obs = plan.history.last();
        let mut consts = Vec::with_capacity(n * STREAMS);
        let mut tau = vec![f64::NAN; n * STREAMS * months];
        let mut seas = vec![0.0; n * STREAMS * months];
        for i in 0..n {
            for s in Stream::ALL {
                let tr = plan.trajectory(i, s);
                let start =
                    super::start::start(plan, i, s).ok_or_else(|| ModelError::NoStartRate {
                        code: plan.councils.code[i].clone(),
                        stream: s.name(),
                        month: last_obs,
                    })?;
                let y0 = start.mean;
                let cs = council_stream(i, s);
                let points = target_points(plan, i, s, tr.offset);
                for t in 0..months {
                    let m = plan.first_sim.plus(t as i32);
                    seas[cs * months + t] = season(tr, m);
                    if !points.is_empty() {
                        tau[cs * months + t] = path_at(last_obs, y0, &points, m);
                    }
                }
                let mut c = stream_consts(tr, y0, !points.is_empty(), plan.noise_sampler);
                c.y0_sd = start.sd;
                consts.push(c);
            }
        }
        let exposure = (0..n * months)
            .map(|k| {
                let m = plan.first_sim.plus((k % months) as i32);
                plan.councils.population_18plus[k / months] / 100_000.0 * f64::from(m.days())
            })
            .collect();
        let any_bootstrap = consts.iter().any(|c| c.kind == ModelKind::Bootstrap);
        let (n_changes, deltas) = bootstrap_deltas(plan);
        if any_bootstrap && n_changes < 6 {
            return Err(ModelError::ShortHistory(n_changes));
        }
        let slope = Stream::ALL.map(|s| match super::slope::national(plan, s) {
            Some((phi, q, f, _)) => SlopeConsts {
                active: true,
                phi,
                q,
                g0: f.mean,
                g0_sd: f.var.sqrt(),
            },
            None => SlopeConsts::default(),
        });
        Ok(Prepared {
            n,
            any_damped: slope.iter().any(|s| s.active),
            any_swing: consts.iter().any(|c| c.swing > 0.0),
            slope,
            months,
            n_regions: plan.regions.len(),
            region: plan.councils.region.clone(),
            consts,
            tau,
            pull_from: plan.pull_from.map_or(0, |m| {
                m.since(plan.first_sim).clamp(0, months as i32) as usize
            }),
            season: seas,
            exposure,
            any_bootstrap,
            n_changes,
            deltas,
        })
    }
}

impl Prepared {
    /// The same model with observation noise switched off: latent paths,
    /// starts included, are exactly those of `self` (noise has its own
    /// random stream), so the difference is what noise alone does.
    pub fn without_noise(mut self) -> Prepared {
        for c in &mut self.consts {
            c.noise = Noise::None;
            c.noise_model = NoiseModel::new(Noise::None, c.dispersion);
        }
        self
    }
}

fn stream_consts(
    tr: &crate::scenario::plan::Trajectory,
    y0: f64,
    has_target: bool,
    sampler: NoiseSampler,
) -> StreamConsts {
    let det = tr.model == ModelKind::Deterministic;
    StreamConsts {
        kind: tr.model,
        y0,
        y0_sd: 0.0,
        drift: tr.drift,
        pull: if has_target { tr.pull } else { 0.0 },
        sigma: if det { 0.0 } else { tr.volatility },
        offset: tr.offset,
        w: weights(tr.correlation),
        jump: if det { Jump::default() } else { tr.jump },
        noise: tr.noise,
        dispersion: tr.dispersion,
        noise_model: NoiseModel::new(tr.noise, tr.dispersion).with_sampler(sampler),
        has_target,
        swing: if det { 0.0 } else { tr.national_swing },
    }
}

/// Square roots of the national, regional, council and idiosyncratic shares.
pub fn weights(c: Correlation) -> [f64; 4] {
    let idio = (1.0 - c.national - c.regional - c.council).max(0.0);
    [
        c.national.max(0.0).sqrt(),
        c.regional.max(0.0).sqrt(),
        c.council.max(0.0).sqrt(),
        idio.sqrt(),
    ]
}

/// Target points (month, latent log level) after the last observed month for
/// a stream: every target series on the single-stream metric of `s`
/// (DECISIONS #3), sorted by month.
fn target_points(plan: &Plan, i: usize, s: Stream, offset: f64) -> Vec<(Month, f64)> {
    let mut pts = Vec::new();
    fill_points(plan, &plan.targets, i, s, offset, &mut pts);
    pts
}

/// `target_points` from the given target series (a trial's drawn ones)
/// into `pts`, without allocating once `pts` has grown.
pub fn fill_points(
    plan: &Plan,
    targets: &[TargetSeries],
    i: usize,
    s: Stream,
    offset: f64,
    pts: &mut Vec<(Month, f64)>,
) {
    let last_obs = plan.history.last();
    let tr = plan.trajectory(i, s);
    pts.clear();
    pts.extend(
        targets
            .iter()
            .filter(|ts| plan.metrics[ts.metric].single_stream() == Some(s))
            .filter(|ts| ts.month > last_obs && ts.rate[i].is_finite())
            .map(|ts| (ts.month, ln(ts.rate[i] + offset) - season(tr, ts.month))),
    );
    pts.sort_by_key(|p| p.0);
    pts.dedup_by_key(|p| p.0);
}

/// Piecewise-linear path from `(start, y0)` through `points`, flat after the last.
pub fn path_at(start: Month, y0: f64, points: &[(Month, f64)], m: Month) -> f64 {
    let (mut pm, mut py) = (start, y0);
    for &(tm, ty) in points {
        if m <= tm {
            let f = f64::from(m.since(pm)) / f64::from(tm.since(pm));
            return py + f * (ty - py);
        }
        (pm, py) = (tm, ty);
    }
    py
}

/// Historical latent log changes per council-stream (missing months give 0).
fn bootstrap_deltas(plan: &Plan) -> (usize, Vec<f64>) {
    let h = &plan.history;
    let k = h.n_months.saturating_sub(1);
    let n = plan.councils.len();
    let mut out = vec![0.0; n * STREAMS * k];
    for i in 0..n {
        for s in Stream::ALL {
            let tr = plan.trajectory(i, s);
            let y = |m: Month| h.rate(i, m, s).map(|r| ln(r + tr.offset) - season(tr, m));
            for j in 0..k {
                let m = h.first.plus(j as i32);
                if let (Some(a), Some(b)) = (y(m), y(m.plus(1))) {
                    out[council_stream(i, s) * k + j] = b - a;
                }
            }
        }
    }
    (k, out)
}

/// The target path as a rate at month `m` (for fan charts), `NaN` when the
/// stream has no target or `m` is before the last observed month.
pub fn target_rate(plan: &Plan, i: usize, s: Stream, m: Month) -> f64 {
    let last_obs = plan.history.last();
    let tr = plan.trajectory(i, s);
    let points = target_points(plan, i, s, tr.offset);
    let Some(start) = super::start::start(plan, i, s) else {
        return f64::NAN;
    };
    if points.is_empty() || m < last_obs {
        return f64::NAN;
    }
    let y0 = start.mean;
    (path_at(last_obs, y0, &points, m) + season(tr, m)).exp() - tr.offset
}
