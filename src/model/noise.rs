//! Observation noise on the monthly count of delayed days.
//!
//! The expected rate becomes an expected count `lambda = rate * exposure`
//! (exposure = population/100,000 × days in the month); a count is drawn and
//! turned back into a rate, so small councils are noisier.

use super::sampler::lanes::{ALL, GammaLanes, L, Lanes, each, mask_bits};
use super::sampler::{GammaShape, HUGE_MEAN, NORMAL_POISSON_FROM, poisson_up_to};
use crate::scenario::plan::{Noise, NoiseSampler};
use rand::{Rng, RngExt};

/// A stream's noise, with its per-run constants (the gamma shape's
/// Marsaglia–Tsang constants) computed once.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoiseModel {
    kind: Noise,
    /// Negative binomial: the Gamma(k, 1) constants and 1/k; `None` when
    /// `k` is not a positive number (then the draw is Poisson).
    gamma: Option<(GammaShape, f64)>,
    /// Largest Poisson mean drawn by PTRS (`sampler::poisson_up_to`):
    /// `HUGE_MEAN` for the exact sampler, just below `NORMAL_POISSON_FROM`
    /// for `normal_poisson`.
    ptrs_to: f64,
}

impl NoiseModel {
    /// `kind` with dispersion `k` (used by the negative binomial only).
    pub fn new(kind: Noise, k: f64) -> NoiseModel {
        let gamma = match kind {
            Noise::NegativeBinomial => GammaShape::new(k).map(|g| (g, 1.0 / k)),
            _ => None,
        };
        NoiseModel {
            kind,
            gamma,
            ptrs_to: HUGE_MEAN,
        }
    }

    /// The same noise with Poisson counts drawn by `sampler`.
    pub fn with_sampler(mut self, sampler: NoiseSampler) -> NoiseModel {
        self.ptrs_to = match sampler {
            NoiseSampler::Exact => HUGE_MEAN,
            NoiseSampler::NormalPoisson => NORMAL_POISSON_FROM.next_down(),
        };
        self
    }

    /// Whether observations equal expectations.
    pub fn is_none(&self) -> bool {
        self.kind == Noise::None
    }

    /// Draws a count of delayed days with mean `lambda`.
    ///
    /// `none` returns `lambda`; `poisson` a Poisson draw; `negative_binomial`
    /// a gamma–Poisson mixture with mean `lambda` and variance
    /// `lambda + lambda²/k` (with `normal_poisson`, Poisson counts from mean
    /// 100 are drawn approximately; the gamma mixing stays exact). Degenerate
    /// inputs (`lambda <= 0`, non-finite, `k <= 0`) fall back to the mean
    /// (or Poisson) rather than panicking.
    #[inline]
    pub fn draw<R: Rng + ?Sized>(&self, lambda: f64, rng: &mut R) -> f64 {
        if lambda.is_nan() || lambda <= 0.0 || !lambda.is_finite() {
            return lambda.max(0.0);
        }
        match (self.kind, self.gamma) {
            (Noise::None, _) => lambda,
            (Noise::NegativeBinomial, Some((g, inv_k))) => {
                poisson_up_to(g.sample(rng) * (lambda * inv_k), self.ptrs_to, rng)
            }
            _ => poisson_up_to(lambda, self.ptrs_to, rng),
        }
    }

    /// Observed rate for an expected `rate` and a council-month `exposure`.
    #[inline]
    pub fn observe<R: Rng + ?Sized>(&self, rate: f64, exposure: f64, rng: &mut R) -> f64 {
        if self.is_none() || exposure.is_nan() || exposure <= 0.0 {
            return rate;
        }
        self.draw(rate * exposure, rng) / exposure
    }
}

impl NoiseModel {
    /// [`NoiseModel::draw`] for eight trials at once: lane `j` draws with
    /// `models[j]` and mean `lambda[j]` on lane `j`'s generator, bit for bit
    /// as the scalar draw would (`sampler::lanes`); [`NoiseLanes`] prepared
    /// on the spot (prepare it once per batch of trials where the models
    /// stay: the same draws, less work).
    #[inline(always)]
    pub fn draw_lanes(models: &[NoiseModel; L], lambda: [f64; L], lanes: &mut Lanes) -> [f64; L] {
        NoiseLanes::new(models).draw(lambda, lanes)
    }
}

/// Eight trials' noise models, prepared for [`NoiseLanes::draw`]: whether
/// every lane has the same kind (and sampler), and the gamma shapes field
/// by field.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoiseLanes {
    models: [NoiseModel; L],
    /// The common kind (`NegativeBinomial` only with every gamma valid),
    /// or `None` for mixed lanes.
    kind: Option<Noise>,
    ptrs_to: f64,
    gamma: GammaLanes,
    inv_k: [f64; L],
}

impl NoiseLanes {
    /// Prepares `models[j]` for lane `j`.
    pub fn new(models: &[NoiseModel; L]) -> NoiseLanes {
        let m0 = models[0];
        let uniform = models.iter().all(|m| {
            m.kind == m0.kind && m.ptrs_to == m0.ptrs_to && m.gamma.is_some() == m0.gamma.is_some()
        });
        let kind = match m0.kind {
            Noise::NegativeBinomial if m0.gamma.is_none() => Noise::Poisson,
            k => k,
        };
        let gk = each(*models, |m| m.gamma.unwrap_or((GammaShape::EXP, 1.0)));
        NoiseLanes {
            models: *models,
            kind: uniform.then_some(kind),
            ptrs_to: m0.ptrs_to,
            gamma: GammaLanes::new(each(gk, |g| g.0)),
            inv_k: each(gk, |g| g.1),
        }
    }

    /// Lane `j`'s model.
    #[inline(always)]
    pub fn model(&self, j: usize) -> &NoiseModel {
        &self.models[j]
    }

    /// Lane `j`'s draw with its model and mean `lambda[j]`, bit for bit as
    /// [`NoiseModel::draw`] on lane `j`'s generator. Negative binomial and
    /// Poisson noise in lanes when every lane has it; anything else (no
    /// noise, degenerate means, mixed kinds) lane by lane.
    #[inline(always)]
    pub fn draw(&self, lambda: [f64; L], lanes: &mut Lanes) -> [f64; L] {
        let valid = mask_bits(each(lambda, |l| l.is_finite() && l > 0.0)) == ALL;
        match self.kind {
            Some(Noise::NegativeBinomial) if valid => {
                let g = lanes.gamma(&self.gamma);
                let mu = std::array::from_fn(|j| g[j] * (lambda[j] * self.inv_k[j]));
                lanes.poisson(mu, self.ptrs_to)
            }
            Some(Noise::Poisson | Noise::NegativeBinomial) if valid => {
                lanes.poisson(lambda, self.ptrs_to)
            }
            Some(Noise::None) if valid => lambda,
            _ => std::array::from_fn(|j| self.models[j].draw(lambda[j], &mut lanes.lane(j))),
        }
    }
}

/// Draws a count of delayed days with mean `lambda` (see [`NoiseModel::draw`]).
pub fn draw_count<R: Rng + ?Sized>(lambda: f64, noise: Noise, k: f64, rng: &mut R) -> f64 {
    NoiseModel::new(noise, k).draw(lambda, rng)
}

/// Observed rate for an expected `rate` and a council-month `exposure`.
pub fn observe<R: Rng + ?Sized>(
    rate: f64,
    exposure: f64,
    noise: Noise,
    k: f64,
    rng: &mut R,
) -> f64 {
    NoiseModel::new(noise, k).observe(rate, exposure, rng)
}

/// A uniform index below `n` (n > 0), for the bootstrap month draw.
pub fn index<R: Rng + ?Sized>(n: usize, rng: &mut R) -> usize {
    rng.random_range(0..n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand::rngs::Xoshiro256PlusPlus;

    /// Sample mean and variance of drawn counts match lambda and
    /// lambda + lambda²/k within a few standard errors.
    #[test]
    fn negative_binomial_moments() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(11);
        let (lambda, k, n) = (40.0_f64, 5.0_f64, 40_000usize);
        let xs: Vec<f64> = (0..n)
            .map(|_| draw_count(lambda, Noise::NegativeBinomial, k, &mut rng))
            .collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
        let want_var = lambda + lambda * lambda / k;
        let se_mean = (want_var / n as f64).sqrt();
        assert!((mean - lambda).abs() < 4.0 * se_mean, "mean {mean}");
        // SE of a sample variance: sqrt((mu4 - var^2)/n); NB kurtosis is
        // large, so use the sample fourth central moment.
        let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / n as f64;
        let se_var = ((m4 - var * var) / n as f64).sqrt();
        assert!(
            (var - want_var).abs() < 4.0 * se_var,
            "var {var} want {want_var}"
        );
        // And it is really overdispersed: far from the Poisson variance.
        assert!(var > lambda + 10.0 * se_var);
    }

    #[test]
    fn poisson_moments_and_none() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(3);
        let (lambda, n) = (7.5_f64, 40_000usize);
        let xs: Vec<f64> = (0..n)
            .map(|_| draw_count(lambda, Noise::Poisson, 1.0, &mut rng))
            .collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n as f64 - 1.0);
        assert!((mean - lambda).abs() < 4.0 * (lambda / n as f64).sqrt());
        assert!((var - lambda).abs() < 0.05 * lambda, "var {var}");
        assert_eq!(draw_count(lambda, Noise::None, 1.0, &mut rng), lambda);
        assert_eq!(observe(3.0, 0.0, Noise::Poisson, 1.0, &mut rng), 3.0);
    }
}
