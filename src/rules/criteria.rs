//! Criteria: each reads `value(metric, month, average)` for every council in
//! one trial (history for observed months, simulated observed rates after)
//! and decides whether it fired. Pure functions; no allocation per trial.

use crate::month::Month;
use crate::scenario::funnel;
use crate::scenario::plan::{
    CriterionKind, Plan, STREAMS, Stream, TargetSeries, quartile_count, rate_index,
};
use std::cmp::Ordering;

/// A view of one trial's rates: history before `first_sim`, `sim` from it on.
#[derive(Clone, Copy)]
pub struct Rates<'a> {
    pub plan: &'a Plan,
    /// The trial's targets (`plan.targets`, or a trial's drawn ones).
    pub targets: &'a [TargetSeries],
    /// `[council][month][stream]` ([`rate_index`]), as written by the
    /// trajectory model.
    pub sim: &'a [f64],
    pub months: usize,
}

impl Rates<'_> {
    /// Rate of a stream (`NaN` when not observed and not simulated).
    fn stream(&self, i: usize, m: Month, s: Stream) -> f64 {
        let t = m.since(self.plan.first_sim);
        if t >= 0 {
            let t = t as usize;
            if t < self.months {
                return self.sim[rate_index(i, t, self.months, s)];
            }
            return f64::NAN;
        }
        self.plan.history.rate(i, m, s).unwrap_or(f64::NAN)
    }

    /// A metric (weighted sum of stream rates) of council `i` at month `m`.
    pub fn metric(&self, i: usize, metric: usize, m: Month) -> f64 {
        let w = self.plan.metrics[metric].weights;
        (0..STREAMS)
            .filter(|&a| w[a] != 0.0)
            .map(|a| w[a] * self.stream(i, m, Stream::ALL[a]))
            .sum()
    }

    /// Mean of the metric over the `average` months ending at `month`.
    pub fn value(&self, i: usize, metric: usize, month: Month, average: u32) -> f64 {
        let n = average.max(1);
        let sum: f64 = (0..n)
            .map(|k| self.metric(i, metric, month.plus(-(k as i32))))
            .sum();
        sum / f64::from(n)
    }
}

/// Scratch for the bottom-quartile selection; one per worker.
#[derive(Debug, Clone, Default)]
pub struct CritScratch {
    ranked: Vec<(f64, usize)>,
}

/// Evaluates every criterion for every council of one trial.
///
/// Writes `fired[i * n_crit + c]` and, for `missed_target` / `gap_above`,
/// the relative gap `(value - target) / target` into `gaps` (else `NaN`).
pub fn evaluate(r: &Rates<'_>, s: &mut CritScratch, fired: &mut [bool], gaps: &mut [f64]) {
    let plan = r.plan;
    let nc = plan.criteria.len();
    let n = plan.councils.len();
    for (c, crit) in plan.criteria.iter().enumerate() {
        if let CriterionKind::BottomQuartile { q } = crit.kind {
            bottom_quartile(r, s, c, q, fired);
            (0..n).for_each(|i| gaps[i * nc + c] = f64::NAN);
            continue;
        }
        for i in 0..n {
            let v = r.value(i, crit.metric, crit.month, crit.average);
            let (f, g) = single(r, &crit.kind, i, crit.metric, crit.month, crit.average, v);
            fired[i * nc + c] = f;
            gaps[i * nc + c] = g;
        }
    }
}

/// One council's test for a criterion that does not compare councils.
fn single(
    r: &Rates<'_>,
    kind: &CriterionKind,
    i: usize,
    metric: usize,
    month: Month,
    average: u32,
    v: f64,
) -> (bool, f64) {
    let target = |t: usize| r.targets[t].rate[i];
    match *kind {
        CriterionKind::MissedTarget {
            target: t,
            tolerance,
        } => {
            let tv = target(t);
            (v > tv * (1.0 + tolerance), (v - tv) / tv)
        }
        CriterionKind::GapAbove {
            target: t,
            threshold,
        } => {
            let tv = target(t);
            let gap = (v - tv) / tv;
            (gap > threshold, gap)
        }
        CriterionKind::WorseThan {
            reference,
            tolerance,
        } => {
            let refv = r.value(i, metric, reference, average);
            (v > refv * (1.0 + tolerance), f64::NAN)
        }
        CriterionKind::TrendWorse { window } => {
            let recent = r.value(i, metric, month, window);
            let before = r.value(i, metric, month.plus(-(window as i32)), window);
            (recent > before, f64::NAN)
        }
        CriterionKind::AboveRate { threshold } => (v > threshold, f64::NAN),
        CriterionKind::Funnel(ref f) => {
            let pop = r.plan.councils.population_18plus[i];
            let count = funnel::window_count(pop, month, average, |k| {
                r.metric(i, metric, month.plus(-(k as i32)))
            });
            let limit = f.limit_for(i, target(f.target), funnel::exposure(pop, month, average));
            (f.fires(count, limit), f64::NAN)
        }
        CriterionKind::BottomQuartile { .. } => (false, f64::NAN),
    }
}

/// Flags the `ceil(q n)` highest values, by linear-time selection. Ties are
/// broken by council index (the lower index counts as higher); `NaN` ranks lowest.
fn bottom_quartile(r: &Rates<'_>, s: &mut CritScratch, c: usize, q: f64, fired: &mut [bool]) {
    let plan = r.plan;
    let crit = &plan.criteria[c];
    let n = plan.councils.len();
    let nc = plan.criteria.len();
    s.ranked.clear();
    for i in 0..n {
        let v = r.value(i, crit.metric, crit.month, crit.average);
        s.ranked
            .push((if v.is_nan() { f64::NEG_INFINITY } else { v }, i));
        fired[i * nc + c] = false;
    }
    let k = quartile_count(q, n);
    if k == 0 {
        return;
    }
    let order = |a: &(f64, usize), b: &(f64, usize)| -> Ordering {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
    };
    if k < n {
        s.ranked.select_nth_unstable_by(k - 1, order);
    }
    for &(_, i) in &s.ranked[..k] {
        fired[i * nc + c] = true;
    }
}
