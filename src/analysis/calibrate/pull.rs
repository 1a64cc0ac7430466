//! The pull κ estimated from the months a target already covers, combined
//! with the stated prior into a posterior on a grid (DECISIONS #86).
//!
//! Where a `[[targets.rule]]`'s baseline month `b` lies inside the window
//! and the window runs past it, each council–stream the rule pulls has
//! observed months under its target. The model's step there is
//! `Δy_t = μ + κ (τ_t − y_{t−1}) + σ e_t`, with the gap path `τ` running
//! straight from the baseline level `y_b` to the target's log level at the
//! target month. So the cross-council regression of `Δy_t − μ` on the gap
//! `g_t = τ_t − y_{t−1}` estimates κ. Three things keep it honest:
//! - **Common shocks.** A national (and regional) shock moves every council
//!   together; each month and stream gets its own intercept (gaps and
//!   changes centred within the month and stream), and the standard error
//!   is a jackknife over months, so councils are never counted as
//!   independent evidence about one month.
//! - **Counting noise.** The observed level `y_{t−1}` carries noise `u`
//!   that enters the gap with sign − and the change with sign −, biasing
//!   the plain slope up by `(1 − κ) Σv / Σg²` (regression to the mean, the
//!   placebo years' ~0.01). The moment equation
//!   `Σ r g = κ Σ g² + (1 − κ) Σ v` is solved instead, `v` each series'
//!   noise variance on the log scale (0 in the first month after the
//!   baseline: the rule set that gap from the same observation, so a cut
//!   or hold leaves it free of the observation's noise).
//! - **Placebo years** (DECISIONS #92). Who is asked to cut is decided by
//!   the observed baseline, so a noisy-high baseline both earns a cut and
//!   falls back afterwards: regression to the mean through that selection
//!   looks like pull to any estimator on these data, and the noise
//!   correction removes only part of it. The same rule applied to the same
//!   calendar months one, two or three years earlier (when no target was in
//!   force) measures what the estimator finds at κ = 0 in this history; κ
//!   is the targets' months' estimate less the placebo years' mean
//!   ([`differenced`]), with the years' own spread in its se.
//! - **The prior.** The likelihood is normal in κ with that se, multiplied
//!   by the prior density on 101 points over the prior's support.
//!
//! Where no target month is observed (every backtest origin before 2017),
//! or no placebo year fits in the window, there is no posterior and the
//! prior stands alone.

pub use super::pull_obs::{observations, observations_in};
use super::series::Series;
use crate::month::Month;
use crate::scenario::dist::Dist;
use crate::scenario::dist_grid::Grid;
use crate::scenario::plan::{Plan, STREAMS};
use crate::scenario::uncertain::TrajKey;

/// One observed month of one council–stream under a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obs {
    /// The month's index (changes into it); observations of one month and
    /// stream share an intercept.
    pub month: usize,
    pub stream: usize,
    /// `τ_t − y_{t−1}`.
    pub gap: f64,
    /// `Δy_t − μ`.
    pub change: f64,
    /// The noise variance of the observed log level.
    pub noise_var: f64,
}

/// The estimate of κ from observed target months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub kappa: f64,
    /// Jackknife over months.
    pub se: f64,
    pub months: usize,
    pub obs: usize,
}

/// Everything calibrate says about the pull.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullFit {
    /// First and last month of changes used as evidence.
    pub evidence: Option<(Month, Month)>,
    /// Council–streams with observed months under a target.
    pub series: usize,
    /// κ from the targets' own months alone (biased by the selection on a
    /// noisy baseline: reported, never drawn).
    pub raw: Option<Estimate>,
    /// The placebo years (first month of their evidence) and their estimates.
    pub placebo: Vec<(Month, Estimate)>,
    /// `raw` less the placebo years' mean ([`differenced`]): what the
    /// posterior is formed from.
    pub estimate: Option<Estimate>,
    /// The stated prior (the scenario's pull, or a posterior's own prior).
    pub prior: Option<Dist>,
    /// Prior × likelihood, where both exist.
    pub posterior: Option<&'static Grid>,
}

/// Moment sums of one month.
#[derive(Default, Clone, Copy)]
struct Sums {
    rg: f64,
    gg: f64,
    v: f64,
}

/// κ from the moment equation over all months, jackknife se over months.
/// `None` with fewer than 3 months or no spread of gaps.
pub fn estimate(obs: &[Obs]) -> Option<Estimate> {
    let months = obs.iter().map(|o| o.month + 1).max().unwrap_or(0);
    // Centre within each (month, stream).
    let mut mean = vec![(0.0, 0.0, 0.0); months * STREAMS];
    for o in obs {
        let m = &mut mean[o.month * STREAMS + o.stream];
        *m = (m.0 + o.gap, m.1 + o.change, m.2 + 1.0);
    }
    let mut sums = vec![Sums::default(); months];
    for o in obs {
        let (sg, sc, k) = mean[o.month * STREAMS + o.stream];
        let (g, r) = (o.gap - sg / k, o.change - sc / k);
        let s = &mut sums[o.month];
        s.rg += r * g;
        s.gg += g * g;
        s.v += o.noise_var * (1.0 - 1.0 / k);
    }
    let used: Vec<Sums> = sums.into_iter().filter(|s| s.gg > 0.0).collect();
    let t = used.len();
    if t < 3 {
        return None;
    }
    let solve = |skip: Option<usize>| {
        let (mut rg, mut gg, mut v) = (0.0, 0.0, 0.0);
        for (j, s) in used.iter().enumerate() {
            if Some(j) != skip {
                (rg, gg, v) = (rg + s.rg, gg + s.gg, v + s.v);
            }
        }
        (rg - v) / (gg - v)
    };
    let kappa = solve(None);
    let loo: Vec<f64> = (0..t).map(|j| solve(Some(j))).collect();
    let bar = loo.iter().sum::<f64>() / t as f64;
    let tf = t as f64;
    let se = ((tf - 1.0) / tf * loo.iter().map(|k| (k - bar).powi(2)).sum::<f64>()).sqrt();
    (kappa.is_finite() && se.is_finite()).then_some(Estimate {
        kappa,
        se,
        months: t,
        obs: obs.len(),
    })
}

/// Prior density × normal likelihood on `points` points over the prior's
/// support (an unbounded prior: κ̂ ± 8 se within [0, 1]).
pub fn posterior(prior: Dist, est: Estimate, points: usize) -> Option<&'static Grid> {
    let (lo, hi, _) = prior.support();
    let se = est.se.max(1e-6);
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (
            (est.kappa - 8.0 * se).max(lo).max(0.0),
            (est.kappa + 8.0 * se).min(hi).min(1.0),
        )
    };
    if hi.partial_cmp(&lo) != Some(std::cmp::Ordering::Greater) || points < 2 {
        return None;
    }
    let x: Vec<f64> = (0..points)
        .map(|j| lo + (hi - lo) * j as f64 / (points - 1) as f64)
        .collect();
    let logw: Vec<f64> = x
        .iter()
        .map(|&k| prior.density(k).ln() - 0.5 * ((k - est.kappa) / se).powi(2))
        .collect();
    let top = logw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !top.is_finite() {
        return None;
    }
    let w = logw.iter().map(|l| (l - top).exp()).collect();
    Grid::new(x, w, Some(prior)).map(Grid::intern)
}

/// The stated prior of the plan's pull: a drawn pull's distribution, or a
/// posterior's own prior (so re-calibrating never stacks evidence twice).
pub fn prior_of(plan: &Plan) -> Option<Dist> {
    let p = plan.trajectories.iter().find_map(|t| {
        t.drawn
            .iter()
            .find(|(k, _)| *k == TrajKey::Pull)
            .map(|(_, p)| *p)
    })?;
    match plan.params.get(p)?.uncertain.dist {
        Dist::Grid(g) => g.prior,
        d => Some(d),
    }
}

/// The estimate in the targets' months less the mean of the placebo years'
/// (DECISIONS #92): what the selection on a noisy baseline and the season
/// give without any pull cancels. Its variance adds the placebo mean's and
/// the year-to-year spread of the placebo estimates beyond their own
/// sampling error (`τ²`, from two or more placebo years; with one, taken
/// as the target year's own sampling variance, so the difference is never
/// surer than two independent years), counted for the target year too.
/// `None` without a placebo year.
pub fn differenced(target: Estimate, placebo: &[Estimate]) -> Option<Estimate> {
    let p = placebo.len();
    if p == 0 {
        return None;
    }
    let pf = p as f64;
    let mean = placebo.iter().map(|e| e.kappa).sum::<f64>() / pf;
    let own = placebo.iter().map(|e| e.se * e.se).sum::<f64>() / pf;
    let tau2 = if p >= 2 {
        let spread = placebo
            .iter()
            .map(|e| (e.kappa - mean).powi(2))
            .sum::<f64>()
            / (pf - 1.0);
        (spread - own).max(0.0)
    } else {
        target.se * target.se
    };
    let var = target.se * target.se + own / pf + tau2 * (1.0 + 1.0 / pf);
    Some(Estimate {
        kappa: target.kappa - mean,
        se: var.sqrt(),
        months: target.months,
        obs: target.obs,
    })
}

/// The whole step: observations, the raw estimate, the placebo years (every
/// earlier year the window holds with the same months, up to 3), their
/// difference, and the posterior from the difference.
pub fn fit(plan: &Plan, ser: &Series, drift: &[f64], dispersion: f64) -> PullFit {
    let inv_k = if dispersion.is_finite() && dispersion > 0.0 {
        1.0 / dispersion
    } else {
        0.0
    };
    let (obs, series, evidence) = observations(plan, ser, drift, inv_k);
    let raw = estimate(&obs);
    let mut placebo = Vec::new();
    if raw.is_some() {
        let months = evidence.map_or(0, |(a, z)| z.since(a) as usize + 1);
        for years in 1..=3 {
            let (o, _, span) = observations_in(plan, ser, drift, inv_k, years, months);
            let Some((from, to)) = span else { continue };
            if to.since(from) as usize + 1 != months {
                continue;
            }
            if let Some(e) = estimate(&o) {
                placebo.push((from, e));
            }
        }
    }
    let est = raw.and_then(|r| differenced(r, &placebo.iter().map(|p| p.1).collect::<Vec<_>>()));
    let prior = prior_of(plan);
    let posterior = match (prior, est) {
        (Some(p), Some(e)) => posterior(p, e, 101),
        _ => None,
    };
    PullFit {
        evidence,
        series,
        raw,
        placebo,
        estimate: est,
        prior,
        posterior,
    }
}

impl PullFit {
    /// In words: the estimate and its evidence, and which distribution the
    /// runs draw (the posterior, or the prior alone and why).
    pub fn words(&self) -> String {
        let g = |x: f64| format!("{}", (x * 1e6).round() / 1e6);
        let evidence = match (self.evidence, self.raw) {
            (Some((a, b)), Some(r)) => {
                let placebo: Vec<String> = self
                    .placebo
                    .iter()
                    .map(|(m, e)| format!("{} {} ± {}", m.year(), g(e.kappa), g(e.se)))
                    .collect();
                let diff = match self.estimate {
                    Some(e) => format!(
                        "; placebo years (same months, no target in force) {}; difference kappa {} ± {}",
                        placebo.join(", "),
                        g(e.kappa),
                        g(e.se)
                    ),
                    None => "; no placebo year in the window to difference against, so no posterior (DECISIONS #92)".to_string(),
                };
                format!(
                    "gap closure {a}..{b} ({} council-streams, {} months): raw kappa {} ± {} (jackknife over months){diff}",
                    self.series,
                    r.months,
                    g(r.kappa),
                    g(r.se)
                )
            }
            (Some((a, b)), None) => format!(
                "{} council-streams under a target {a}..{b}, too few months to estimate kappa",
                self.series
            ),
            _ => "no target months observed in the window".to_string(),
        };
        let drawn = match (self.posterior, self.prior) {
            (Some(p), _) => format!(
                "posterior mean {}, 90% in [{}, {}]",
                g(p.mean()),
                g(p.quantile(0.05)),
                g(p.quantile(0.95))
            ),
            (None, Some(p)) => format!("the prior alone, {}", p.toml()),
            (None, None) => "the scenario's pull as stated (no prior distribution)".to_string(),
        };
        format!("{evidence}; runs draw {drawn}")
    }
}
