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

use super::series::Series;
use crate::month::Month;
use crate::scenario::dist::Dist;
use crate::scenario::dist_grid::Grid;
use crate::scenario::plan::{Plan, STREAMS, council_stream};
use crate::scenario::targets::observed;
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

/// The observations of every rule-made target whose baseline month lies in
/// the series' window with months after it; `drift` per council–stream,
/// `inv_k` the count noise's `1/k`. Also the first and last month of changes.
pub fn observations(
    plan: &Plan,
    ser: &Series,
    drift: &[f64],
    inv_k: f64,
) -> (Vec<Obs>, usize, Option<(Month, Month)>) {
    observations_in(plan, ser, drift, inv_k, 0, usize::MAX)
}

/// [`observations`] `years_back` years earlier (a **placebo year**): each
/// rule-made target's rule applied to the observed level `12 × years_back`
/// months before its baseline, over at most `months` months after that
/// baseline, months in which no target was in force. The estimator sees the
/// same selection there (who is asked to cut is decided by a noisy observed
/// level) without any pull, so its estimate is what the method finds when
/// κ = 0. `years_back = 0` is the targets' own months (`months` unlimited).
pub fn observations_in(
    plan: &Plan,
    ser: &Series,
    drift: &[f64],
    inv_k: f64,
    years_back: u32,
    months: usize,
) -> (Vec<Obs>, usize, Option<(Month, Month)>) {
    let offset = plan.trajectories.get(1).map_or(0.1, |t| t.offset);
    let last = ser.first.plus(ser.n_months as i32 - 1);
    let back = -12 * years_back as i32;
    let (mut out, mut series, mut span) = (Vec::new(), 0, None::<(Month, Month)>);
    for (ts, origin) in plan.targets.iter().zip(&plan.provenance.target_origins) {
        let (Some(spec), Some(s)) = (origin.spec, plan.metrics[ts.metric].single_stream()) else {
            continue;
        };
        let in_force = spec.baseline.plus(1);
        let b = spec.baseline.plus(back);
        if b < ser.first || b >= last || ts.month <= spec.baseline {
            continue;
        }
        if years_back > 0 && b.plus(1 - spec.average.max(1) as i32) < plan.history.first {
            continue;
        }
        let bi = b.since(ser.first) as usize;
        // A placebo year stops before the targets were in force.
        let end = if years_back == 0 {
            ser.n_months
        } else {
            (in_force.since(ser.first).max(0) as usize).min(ser.n_months)
        };
        let end = end.min(bi.saturating_add(1).saturating_add(months));
        let span_m = f64::from(ts.month.since(spec.baseline));
        let seas = ser.seasonality[ts.month.month() as usize - 1];
        let metric = &plan.metrics[ts.metric];
        for i in 0..plan.councils.len() {
            let rate = if years_back == 0 {
                ts.rate[i]
            } else if origin.baseline.get(i).is_some_and(|v| v.is_finite()) {
                observed(&plan.history, i, metric, b, spec.average)
                    .map_or(f64::NAN, |v| spec.target(v))
            } else {
                f64::NAN
            };
            let k = council_stream(i, s);
            let (y, yb) = (ser.series(i, s), ser.get(i, s, bi));
            let goal = (rate + offset).ln() - seas;
            let mu = drift.get(k).copied().unwrap_or(f64::NAN);
            if !(goal.is_finite() && yb.is_finite() && mu.is_finite()) {
                continue;
            }
            let lam = ser.mean_count[k].max(1.0);
            let before = out.len();
            for t in bi + 1..end {
                let (y0, y1) = (y[t - 1], y[t]);
                if !(y0.is_finite() && y1.is_finite()) {
                    continue;
                }
                let tau = yb + (t - bi) as f64 / span_m * (goal - yb);
                // The first month's gap is set by the rule from the same
                // observed baseline (a log-constant cut or hold), so it
                // carries none of that observation's noise.
                let shrink = if t == bi + 1 {
                    0.0
                } else {
                    (1.0 - offset / y0.exp()).clamp(0.0, 1.0)
                };
                out.push(Obs {
                    month: t,
                    stream: s as usize,
                    gap: tau - y0,
                    change: y1 - y0 - mu,
                    noise_var: shrink * shrink * (1.0 / lam + inv_k),
                });
            }
            if out.len() > before {
                series += 1;
                let (from, to) = (b.plus(1), ser.first.plus(end as i32 - 1).min(last));
                span = Some(span.map_or((from, to), |(a, z)| (a.min(from), z.max(to))));
            }
        }
    }
    (out, series, span)
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
