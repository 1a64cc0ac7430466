//! The funnel-plot criterion (`kind = "funnel"`): is a council's count of
//! delayed days over a window *significantly* above the count expected at its
//! target for its population and days, not merely above it?
//!
//! This is the standard for comparing institutions (Spiegelhalter 2005,
//! *Statistics in Medicine* 24:1185, "Funnel plots for comparing institutional
//! performance"; *Qual Saf Health Care* 14:347, "Handling over-dispersion of
//! performance indicators"). The council's expected count is
//! `E = target × exposure`, with exposure = population aged 18+ / 100,000 ×
//! the days in the window; the criterion fires when the observed count
//! `C = Σ rate × population / 100,000 × days` over the window is above the
//! upper control limit at `level`:
//!
//! - `none`: the exact Poisson quantile, the smallest `L` with
//!   `P(X ≤ L) ≥ level` for `X ~ Poisson(E)`; a count fires when it is more
//!   than `L` (counts are whole days; half a day of slack absorbs rounding in
//!   rates turned back into counts).
//! - `multiplicative`: `E + z √(φ E)`, `z` the normal quantile at `level`,
//!   `φ = max(1, φ̂)`, `φ̂` the mean squared winsorised z-score of the baseline.
//! - `additive`: `E + z √(E + exposure² τ²)`: on the rate scale
//!   `target + z √(target / exposure + τ²)`, `τ²` the DerSimonian–Laird
//!   moment estimate from the same winsorised z-scores, floored at 0.
//!
//! φ̂ and τ² are estimated once, when the scenario is compiled, from the
//! history: the `average` months ending at the month before the criterion's
//! window (or at the last observed month, if earlier), each council's count
//! against the national rate of that window (the paper's set-up: z-scores
//! against the overall rate), 10% winsorised at each tail. They are data of
//! the rule, not of the model, so a scenario's noise assumption never changes
//! who the rule picks (docs/DECISIONS.md).

use super::plan::{Councils, History, Metric, Stream, TargetSeries};
use crate::month::Month;
use statrs::distribution::{ContinuousCDF, DiscreteCDF, Normal, Poisson};

/// How the funnel's limits allow for variation beyond Poisson counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overdispersion {
    None,
    Multiplicative,
    Additive,
}

/// The words of `overdispersion = "…"`.
pub const OVERDISPERSION: [(&str, Overdispersion); 3] = [
    ("none", Overdispersion::None),
    ("multiplicative", Overdispersion::Multiplicative),
    ("additive", Overdispersion::Additive),
];

/// Share of z-scores winsorised at each tail (Spiegelhalter 2005, QSHC).
pub const WINSOR: f64 = 0.1;

/// The default `level`: the 99.8% limit (3 standard deviations, one-sided 0.001).
pub const DEFAULT_LEVEL: f64 = 0.998;

/// A compiled funnel criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// Index into `Plan::targets`.
    pub target: usize,
    pub level: f64,
    pub overdispersion: Overdispersion,
    /// φ̂ from the baseline (1 when not estimated).
    pub phi: f64,
    /// τ² on the rate scale (0 when not estimated, or floored).
    pub tau2: f64,
    /// The baseline window's last month and the councils in the estimate
    /// (`None` for `none`, which estimates nothing).
    pub baseline: Option<(Month, usize)>,
    /// Each council's limit for the plan's own targets and window, so the
    /// trial loop need not search a Poisson quantile per trial: `(target
    /// rate, exposure, limit)`, recomputed when a trial's differ.
    pub cached: Vec<(f64, f64, f64)>,
}

impl Funnel {
    /// The normal quantile at `level`.
    pub fn z(&self) -> f64 {
        normal_quantile(self.level)
    }

    /// Upper control limit on the count for a target rate and an exposure
    /// (`NaN` when either is not a number).
    pub fn limit(&self, target: f64, exposure: f64) -> f64 {
        let e = target * exposure;
        if !e.is_finite() || e < 0.0 {
            return f64::NAN;
        }
        match self.overdispersion {
            Overdispersion::None => poisson_limit(e, self.level),
            Overdispersion::Multiplicative => e + self.z() * (self.phi.max(1.0) * e).sqrt(),
            Overdispersion::Additive => {
                e + self.z() * (e + exposure * exposure * self.tau2.max(0.0)).sqrt()
            }
        }
    }

    /// Council `i`'s limit, from the cache when the target and exposure are
    /// the plan's own.
    #[inline]
    pub fn limit_for(&self, i: usize, target: f64, exposure: f64) -> f64 {
        match self.cached.get(i) {
            Some(&(t, x, l)) if t == target && x == exposure => l,
            _ => self.limit(target, exposure),
        }
    }

    /// Whether a count is above the limit.
    #[inline]
    pub fn fires(&self, count: f64, limit: f64) -> bool {
        match self.overdispersion {
            Overdispersion::None => count > limit + 0.5,
            _ => count > limit,
        }
    }

    /// Fills the cache for the plan's targets and the criterion's window.
    pub fn cache(&mut self, targets: &[TargetSeries], pop: &[f64], month: Month, average: u32) {
        self.cached = pop
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let t = targets.get(self.target).map_or(f64::NAN, |s| s.rate[i]);
                let x = exposure(p, month, average);
                (t, x, self.limit(t, x))
            })
            .collect();
    }
}

/// The name of an over-dispersion setting.
pub fn name(o: Overdispersion) -> &'static str {
    OVERDISPERSION
        .iter()
        .find(|(_, v)| *v == o)
        .map_or("none", |(n, _)| n)
}

/// Population aged 18+ / 100,000 × the days of the `average` months ending at `month`.
pub fn exposure(pop: f64, month: Month, average: u32) -> f64 {
    let days: u32 = (0..average.max(1))
        .map(|k| month.plus(-(k as i32)).days())
        .sum();
    pop / 100_000.0 * f64::from(days)
}

/// Delayed days over the `average` months ending at `month`, from the rate of
/// each month (`rate_at(k)` for the month `k` before `month`). The one
/// expression both criterion evaluators use, so they agree to the bit.
#[inline]
pub fn window_count(
    pop: f64,
    month: Month,
    average: u32,
    mut rate_at: impl FnMut(u32) -> f64,
) -> f64 {
    let per = pop / 100_000.0;
    (0..average.max(1))
        .map(|k| rate_at(k) * (per * f64::from(month.plus(-(k as i32)).days())))
        .sum()
}

/// The `level` quantile of Poisson(`e`): the smallest `L` with `P(X ≤ L) ≥ level`.
pub fn poisson_limit(e: f64, level: f64) -> f64 {
    if e <= 0.0 {
        return 0.0;
    }
    Poisson::new(e).map_or(f64::NAN, |p| p.inverse_cdf(level) as f64)
}

/// The standard normal quantile.
pub fn normal_quantile(p: f64) -> f64 {
    Normal::standard().inverse_cdf(p)
}

/// φ̂ and τ² from counts and exposures (councils without data left out):
/// z-scores against the overall rate, winsorised at [`WINSOR`] each tail
/// (the `⌊0.1 n⌋` lowest set to the next value up, the highest likewise),
/// `φ̂ = Σ z² / n`, `τ² = max(0, (n φ̂ − (n − 1)) / (Σw − Σw² / Σw))` with
/// `w = exposure / θ₀` (the inverse Poisson variance of a rate).
/// `None` with fewer than 3 councils or no delays at all.
pub fn dispersion(counts: &[f64], exposures: &[f64]) -> Option<(f64, f64)> {
    let n = counts.len();
    let theta = counts.iter().sum::<f64>() / exposures.iter().sum::<f64>();
    if n < 3 || theta.is_nan() || theta <= 0.0 || !theta.is_finite() {
        return None;
    }
    let mut z: Vec<f64> = counts
        .iter()
        .zip(exposures)
        .map(|(c, x)| (c / x - theta) / (theta / x).sqrt())
        .collect();
    let mut sorted = z.clone();
    sorted.sort_by(f64::total_cmp);
    let k = (WINSOR * n as f64).floor() as usize;
    let (lo, hi) = (sorted[k], sorted[n - 1 - k]);
    z.iter_mut().for_each(|v| *v = v.clamp(lo, hi));
    let phi = z.iter().map(|v| v * v).sum::<f64>() / n as f64;
    let w: Vec<f64> = exposures.iter().map(|x| x / theta).collect();
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|v| v * v).sum();
    let tau2 = ((n as f64 * phi - (n as f64 - 1.0)) / (sw - sw2 / sw)).max(0.0);
    Some((phi, tau2))
}

/// The baseline window's last month for a criterion reading the `average`
/// months to `month`: the month before the window, or the last observed.
pub fn baseline_end(month: Month, average: u32, history: &History) -> Month {
    month.plus(-(average.max(1) as i32)).min(history.last())
}

/// φ̂ and τ² of a metric's history in the `average` months ending at `end`,
/// with the number of councils that had every month.
pub fn estimate(
    h: &History,
    councils: &Councils,
    metric: &Metric,
    end: Month,
    average: u32,
) -> Option<(f64, f64, usize)> {
    let (mut counts, mut expos) = (Vec::new(), Vec::new());
    for (c, &pop) in councils.population_18plus.iter().enumerate() {
        let count = window_count(pop, end, average, |k| {
            let m = end.plus(-(k as i32));
            Stream::ALL
                .iter()
                .filter(|s| metric.weights[**s as usize] != 0.0)
                .map(|&s| metric.weights[s as usize] * h.rate(c, m, s).unwrap_or(f64::NAN))
                .sum()
        });
        if count.is_finite() && pop > 0.0 {
            counts.push(count);
            expos.push(exposure(pop, end, average));
        }
    }
    let (phi, tau2) = dispersion(&counts, &expos)?;
    Some((phi, tau2, counts.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funnel(o: Overdispersion, phi: f64, tau2: f64) -> Funnel {
        Funnel {
            target: 0,
            level: 0.998,
            overdispersion: o,
            phi,
            tau2,
            baseline: None,
            cached: Vec::new(),
        }
    }

    /// The `none` limit is the exact Poisson quantile: P(X ≤ L) reaches the
    /// level at L and not one below (checked on statrs' CDF, not its quantile).
    #[test]
    fn poisson_limit_is_the_exact_quantile() {
        for e in [0.3, 4.0, 37.5, 250.0, 936.0, 5000.0] {
            for level in [0.95, 0.975, 0.998] {
                let l = poisson_limit(e, level);
                assert_eq!(l, l.round());
                let p = Poisson::new(e).expect("positive mean");
                assert!(p.cdf(l as u64) >= level, "e {e} level {level} L {l}");
                if l > 0.0 {
                    assert!(p.cdf(l as u64 - 1) < level, "e {e} level {level} L {l}");
                }
                let mut f = funnel(Overdispersion::None, 1.0, 0.0);
                f.level = level;
                assert_eq!(f.limit(e / 2.0, 2.0), l);
            }
        }
        assert_eq!(poisson_limit(0.0, 0.998), 0.0);
    }

    /// Multiplicative and additive limits are the normal formulas on the
    /// rate scale, widened by √φ or by τ².
    #[test]
    fn normal_limits_widen_by_phi_and_tau2() {
        let z = 2.878_161_739_095_483; // qnorm(0.998)
        assert!((normal_quantile(0.998) - z).abs() < 1e-9);
        let (target, x) = (2.5, 36.0);
        let m = funnel(Overdispersion::Multiplicative, 4.0, 0.0).limit(target, x);
        assert!((m - (90.0 + z * 2.0 * 90f64.sqrt())).abs() < 1e-9);
        // φ below 1 never narrows the limits.
        let m1 = funnel(Overdispersion::Multiplicative, 0.5, 0.0).limit(target, x);
        assert!((m1 - (90.0 + z * 90f64.sqrt())).abs() < 1e-9);
        let a = funnel(Overdispersion::Additive, 1.0, 0.25).limit(target, x);
        let rate_limit = target + z * (target / x + 0.25f64).sqrt();
        assert!((a - rate_limit * x).abs() < 1e-9);
    }

    /// τ² and φ̂ by hand on five councils (worked in the comments).
    #[test]
    fn tau2_matches_a_hand_computation() {
        // Counts 10, 20, 30, 60, 30 on exposures 10, 10, 20, 20, 40:
        // θ₀ = 150 / 100 = 1.5; rates 1, 2, 1.5, 3, 0.75;
        // z = (y − 1.5) / √(1.5 / x):
        //   −0.5/√0.15 = −1.290994, 0.5/√0.15 = 1.290994, 0,
        //   1.5/√0.075 = 5.477226, −0.75/√0.0375 = −3.872983.
        // n = 5, ⌊0.5⌋ = 0 winsorised: φ̂ = (1.666667 + 1.666667 + 0 + 30 + 15) / 5
        //   = 48.333333 / 5 = 9.666667.
        // w = x / 1.5 = 6.666667, 6.666667, 13.333333, 13.333333, 26.666667;
        //   Σw = 66.666667, Σw² = 44.444444·2 + 177.777778·2 + 711.111111 = 1155.555556;
        //   Σw − Σw²/Σw = 66.666667 − 17.333333 = 49.333333;
        // τ² = (5 × 9.666667 − 4) / 49.333333 = 44.333333 / 49.333333 = 0.898649.
        let (phi, tau2) = dispersion(
            &[10.0, 20.0, 30.0, 60.0, 30.0],
            &[10.0, 10.0, 20.0, 20.0, 40.0],
        )
        .expect("estimable");
        assert!((phi - 9.666_667).abs() < 1e-5, "phi {phi}");
        assert!((tau2 - 0.898_649).abs() < 1e-5, "tau2 {tau2}");
    }

    /// With ten councils one z-score is winsorised at each tail.
    #[test]
    fn winsorising_clamps_one_in_ten_each_tail() {
        // Equal exposures 1, θ₀ = mean count; the extreme counts are pulled in
        // to the second lowest and second highest.
        let counts = [1.0, 4.0, 5.0, 5.0, 5.0, 5.0, 5.0, 5.0, 6.0, 9.0];
        let x = [1.0; 10];
        let (phi, _) = dispersion(&counts, &x).expect("estimable");
        // θ₀ = 5; z = (c − 5)/√5; winsorised to −1/√5 and 1/√5: φ̂ = 4 × 0.2 / 10.
        assert!((phi - 0.08).abs() < 1e-12, "phi {phi}");
    }

    #[test]
    fn too_few_councils_or_no_delays_estimate_nothing() {
        assert!(dispersion(&[1.0, 2.0], &[1.0, 1.0]).is_none());
        assert!(dispersion(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0]).is_none());
    }

    #[test]
    fn the_window_count_weighs_each_month_by_its_days() {
        let sep: Month = "2017-09".parse().expect("month");
        // 200,000 people: 2 per 100,000; Aug 31 days at rate 1, Sep 30 at rate 3.
        let c = window_count(200_000.0, sep, 2, |k| if k == 0 { 3.0 } else { 1.0 });
        assert!((c - (2.0 * 30.0 * 3.0 + 2.0 * 31.0)).abs() < 1e-9);
        assert!((exposure(200_000.0, sep, 2) - 122.0).abs() < 1e-12);
    }

    /// The estimate reads the baseline window of the history: counts
    /// `rate × population / 100,000 × days`, here July 2017 (31 days) for a
    /// September criterion with a history ending in July, summed over the
    /// social-care stream only.
    #[test]
    fn estimate_reads_the_baseline_window_as_counts() {
        use crate::scenario::plan::{METRIC_ASC, Plan, rate_index};
        let mut p: Plan = crate::scenario::testkit::plan(5, 1, 3, "2017-08", "2017-09", 1.0);
        p.councils.population_18plus = vec![100_000.0, 100_000.0, 200_000.0, 200_000.0, 400_000.0];
        let asc = [1.0, 2.0, 1.5, 3.0, 0.75];
        let h = &mut p.history;
        for (c, r) in asc.iter().enumerate() {
            let idx = rate_index(c, h.n_months - 1, h.n_months, Stream::Asc);
            h.rates[idx] = *r;
        }
        let sep: Month = "2017-09".parse().expect("month");
        let end = baseline_end(sep, 1, &p.history);
        assert_eq!(end, "2017-07".parse().expect("month"));
        let m = &p.metrics[METRIC_ASC];
        let (phi, tau2, n) = estimate(&p.history, &p.councils, m, end, 1).expect("estimable");
        assert_eq!(n, 5);
        // By hand: exposures 31, 31, 62, 62, 124; counts = rate × exposure.
        let x = [31.0, 31.0, 62.0, 62.0, 124.0];
        let counts: Vec<f64> = asc.iter().zip(x).map(|(r, x)| r * x).collect();
        let (want_phi, want_tau2) = dispersion(&counts, &x).expect("estimable");
        assert!((phi - want_phi).abs() < 1e-12 && (tau2 - want_tau2).abs() < 1e-12);
        // The same rates as the hand fixture above with exposures scaled by
        // 3.1: every z scales by √3.1, so φ̂ by 3.1.
        assert!((phi - 9.666_667 * 3.1).abs() < 1e-4, "phi {phi}");
    }
}
