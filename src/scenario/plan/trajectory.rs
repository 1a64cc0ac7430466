//! The compiled trajectory parameters of one council and stream (model
//! family, drift, pull, volatility, correlation, jumps, observation noise):
//! what `scenario::trajectory` parses and `model` simulates, kept apart from
//! the rest of the [`Plan`](super::Plan) so the model's inputs read as one unit.

use crate::scenario::uncertain::TrajKey;

/// Trajectory model family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    Deterministic,
    LogAr1,
    Bootstrap,
    /// `log_ar1` plus a national, per-stream slope that decays toward the
    /// council's drift (`model::slope`).
    DampedTrend,
}

/// How the observation noise's Poisson counts are drawn (run-wide,
/// `simulation.noise_sampler`; DECISIONS #51).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NoiseSampler {
    /// Exact samplers throughout (inversion / PTRS).
    #[default]
    Exact,
    /// Counts with mean at least `sampler::NORMAL_POISSON_FROM` drawn as a
    /// rounded normal with the Poisson's mean and variance (an approximation).
    NormalPoisson,
}

impl NoiseSampler {
    /// The scenario words, first the default.
    pub const WORDS: [(&'static str, NoiseSampler); 2] = [
        ("exact", NoiseSampler::Exact),
        ("normal_poisson", NoiseSampler::NormalPoisson),
    ];

    /// The scenario word.
    pub fn name(self) -> &'static str {
        match self {
            NoiseSampler::Exact => "exact",
            NoiseSampler::NormalPoisson => "normal_poisson",
        }
    }
}

/// Observation noise on the count of delayed days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noise {
    None,
    Poisson,
    NegativeBinomial,
}

/// Shares of the shock that are common to the nation, the region and the
/// council (across its streams); the rest is idiosyncratic.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Correlation {
    pub national: f64,
    pub regional: f64,
    pub council: f64,
}

/// Occasional level shifts on the log scale.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Jump {
    pub probability: f64,
    pub mean: f64,
    pub sd: f64,
}

/// Resolved trajectory parameters for one council and stream (defaults,
/// then stream overrides, then council overrides, already applied).
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    pub model: ModelKind,
    /// mu: drift per month on the log scale.
    pub drift: f64,
    /// kappa: share of the log-gap to the target path closed each month.
    pub pull: f64,
    /// sigma.
    pub volatility: f64,
    /// c in log(rate + c).
    pub offset: f64,
    pub correlation: Correlation,
    /// Additive on the log scale, indexed by calendar month - 1.
    pub seasonality: [f64; 12],
    pub jump: Jump,
    pub noise: Noise,
    /// Negative binomial size k.
    pub dispersion: f64,
    /// Keys drawn per trial: (key, index into `Plan::params`); the fields
    /// above hold those distributions' means.
    pub drawn: Vec<(crate::scenario::uncertain::TrajKey, usize)>,
    /// `damped_trend` only: phi, the share of the slope's departure from
    /// the drift kept each month (national, per stream).
    pub damping: f64,
    /// `damped_trend` only: sd of the slope's monthly innovation (national, per stream).
    pub slope_volatility: f64,
    /// Loading on the trial's national swing: each trial draws one standard
    /// normal z, and this council-stream's log level moves by
    /// `national_swing * z` every simulated month (a common drift offset, so
    /// the spread grows with the horizon; `ibcf calibrate` estimates it per
    /// stream from the national series' forecast errors, DECISIONS #77).
    pub national_swing: f64,
}

impl Trajectory {
    /// Sets this key of a resolved trajectory.
    pub fn set_key(&mut self, k: TrajKey, v: f64) {
        match k {
            TrajKey::Drift => self.drift = v,
            TrajKey::Pull => self.pull = v,
            TrajKey::Volatility => self.volatility = v,
            TrajKey::Dispersion => self.dispersion = v,
            TrajKey::CorrNational => self.correlation.national = v,
            TrajKey::CorrRegional => self.correlation.regional = v,
            TrajKey::CorrCouncil => self.correlation.council = v,
            TrajKey::JumpProbability => self.jump.probability = v,
            TrajKey::JumpMean => self.jump.mean = v,
            TrajKey::JumpSd => self.jump.sd = v,
        }
    }

    /// This key of a resolved trajectory.
    pub fn key(&self, k: TrajKey) -> f64 {
        match k {
            TrajKey::Drift => self.drift,
            TrajKey::Pull => self.pull,
            TrajKey::Volatility => self.volatility,
            TrajKey::Dispersion => self.dispersion,
            TrajKey::CorrNational => self.correlation.national,
            TrajKey::CorrRegional => self.correlation.regional,
            TrajKey::CorrCouncil => self.correlation.council,
            TrajKey::JumpProbability => self.jump.probability,
            TrajKey::JumpMean => self.jump.mean,
            TrajKey::JumpSd => self.jump.sd,
        }
    }
}
