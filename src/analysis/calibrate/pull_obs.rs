//! The evidence for the pull κ: each observed month's gap to a rule-made
//! target's path and the change net of drift, per council–stream, in the
//! targets' own months or in a placebo year (the same rule, the same
//! calendar months, earlier, when no target was in force). Split from
//! `pull` (the estimator and posterior), which re-exports it.

use super::pull::Obs;
use super::series::Series;
use crate::month::Month;
use crate::scenario::plan::{Plan, council_stream};
use crate::scenario::targets::observed;

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
