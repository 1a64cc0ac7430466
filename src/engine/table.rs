//! One trial's metric values in a flat table, and the criteria evaluated
//! from it: the trial loop's fast equivalent of
//! [`rules::criteria::evaluate`](crate::rules::criteria::evaluate).
//!
//! Every metric a criterion uses is tabulated per council for every month
//! from the earliest month any criterion (or fan chart) reads to the last
//! month any criterion reads. Observed months are filled once per worker
//! (they never change); simulated months once per trial, each metric value
//! computed once and shared by the criteria and the fan-chart histograms.
//! Values are the same floating-point expressions, summed in the same order,
//! as [`Rates`], so decisions are
//! bit-identical to the reference evaluator (tested in `table_tests`).

use crate::month::Month;
use crate::rules::criteria::Rates;
use crate::scenario::funnel::{self, Funnel};
use crate::scenario::plan::{
    CriterionKind, Plan, STREAMS, TargetSeries, month_row, quartile_count,
};
use std::cmp::Ordering;

/// Metric values `[(slot * n + i) * span + (month - first)]`.
#[derive(Debug, Clone)]
pub struct MetricTable {
    /// Metric index per slot (the criteria's metrics in first-use order).
    pub slots: Vec<usize>,
    first: Month,
    span: usize,
    n: usize,
    /// Offset of the first simulated month from `first`.
    sim0: usize,
    /// Number of simulated months inside the table.
    sim_len: usize,
    months: usize,
    vals: Vec<f64>,
}

impl MetricTable {
    /// A table for `slots` with every observed month filled.
    pub fn new(plan: &Plan, slots: &[usize], months: usize) -> MetricTable {
        let first = first_path_month(plan).min(plan.first_sim);
        let mut last = plan.last_sim;
        for c in &plan.criteria {
            last = last.max(c.month);
            if let CriterionKind::WorseThan { reference, .. } = c.kind {
                last = last.max(reference);
            }
        }
        let span = (last.since(first) + 1).max(0) as usize;
        let n = plan.councils.len();
        let sim0 = plan.first_sim.since(first).max(0) as usize;
        let sim_len = months.min(span.saturating_sub(sim0));
        let mut vals = vec![f64::NAN; slots.len() * n * span];
        // Months outside the simulation read history (or NaN), as Rates does.
        let hist = Rates {
            plan,
            targets: &plan.targets,
            sim: &[],
            months: 0,
        };
        for (s, &metric) in slots.iter().enumerate() {
            for i in 0..n {
                for m in 0..span {
                    if m < sim0 || m >= sim0 + months {
                        let month = first.plus(m as i32);
                        let v = if month < plan.first_sim {
                            hist.metric(i, metric, month)
                        } else {
                            f64::NAN
                        };
                        vals[(s * n + i) * span + m] = v;
                    }
                }
            }
        }
        MetricTable {
            slots: slots.to_vec(),
            first,
            span,
            n,
            sim0,
            sim_len,
            months,
            vals,
        }
    }

    /// Fills the simulated months from one trial's rates
    /// `[council][month][stream]` (`plan::rate_index`).
    pub fn fill(&mut self, plan: &Plan, sim: &[f64]) {
        let (n, span, months) = (self.n, self.span, self.months);
        for (s, &metric) in self.slots.iter().enumerate() {
            let w = plan.metrics[metric].weights;
            for i in 0..n {
                let row = &mut self.vals[(s * n + i) * span + self.sim0..][..self.sim_len];
                let rates = &sim[month_row(i, 0, months)..][..self.sim_len * STREAMS];
                for (v, r) in row.iter_mut().zip(rates.chunks_exact(STREAMS)) {
                    // Same filter/map/sum as `Rates::metric`.
                    *v = (0..STREAMS)
                        .filter(|&a| w[a] != 0.0)
                        .map(|a| w[a] * r[a])
                        .sum();
                }
            }
        }
    }

    /// Metric of slot `s`, council `i`, at month offset `m` from the table start.
    #[inline]
    pub fn at(&self, s: usize, i: usize, m: usize) -> f64 {
        self.vals[(s * self.n + i) * self.span + m]
    }

    /// Simulated month `t` of slot `s`, council `i`.
    #[inline]
    pub fn sim_at(&self, s: usize, i: usize, t: usize) -> f64 {
        self.at(s, i, self.sim0 + t)
    }

    /// Offset of `m` from the table start (`None` when outside).
    fn offset(&self, m: Month) -> Option<usize> {
        let d = m.since(self.first);
        (d >= 0 && (d as usize) < self.span).then_some(d as usize)
    }

    /// Mean over the `average` months ending at `month` (as `Rates::value`).
    #[inline]
    fn value(&self, s: usize, i: usize, month: usize, average: u32) -> f64 {
        let n = average.max(1);
        let row = &self.vals[(s * self.n + i) * self.span..][..self.span];
        let sum: f64 = (0..n as usize).map(|k| row[month - k]).sum();
        sum / f64::from(n)
    }
}

/// A criterion with its months resolved to table offsets.
#[derive(Debug, Clone)]
struct Compiled {
    slot: usize,
    month: usize,
    average: u32,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Missed {
        target: usize,
        tolerance: f64,
    },
    Gap {
        target: usize,
        threshold: f64,
    },
    Quartile {
        q: f64,
    },
    Worse {
        reference: usize,
        tolerance: f64,
    },
    Trend {
        window: u32,
        before: usize,
    },
    Above {
        threshold: f64,
    },
    /// The funnel with the month its window ends and the councils' populations.
    Funnel {
        funnel: Box<Funnel>,
        end: Month,
        pop: Vec<f64>,
    },
}

/// All criteria of a plan, compiled against a [`MetricTable`].
#[derive(Debug, Clone)]
pub struct Criteria {
    crits: Vec<Compiled>,
}

impl Criteria {
    /// Compiles the plan's criteria; `None` if some criterion reads a month
    /// the table does not hold (callers then use the reference evaluator).
    pub fn new(plan: &Plan, table: &MetricTable) -> Option<Criteria> {
        let mut crits = Vec::with_capacity(plan.criteria.len());
        for c in &plan.criteria {
            let slot = table.slots.iter().position(|&m| m == c.metric)?;
            let avg = c.average.max(1);
            // Every month a mean reads must be in the table.
            let span_ok = |end: Month, n: u32| {
                let e = table.offset(end)?;
                let s = table.offset(end.plus(1 - n as i32))?;
                (s <= e).then_some(e)
            };
            let month = span_ok(c.month, avg)?;
            let kind = match c.kind {
                CriterionKind::MissedTarget { target, tolerance } => {
                    Kind::Missed { target, tolerance }
                }
                CriterionKind::GapAbove { target, threshold } => Kind::Gap { target, threshold },
                CriterionKind::BottomQuartile { q } => Kind::Quartile { q },
                CriterionKind::WorseThan {
                    reference,
                    tolerance,
                } => Kind::Worse {
                    reference: span_ok(reference, avg)?,
                    tolerance,
                },
                CriterionKind::TrendWorse { window } => {
                    span_ok(c.month, window.max(1))?;
                    let before = span_ok(c.month.plus(-(window as i32)), window.max(1))?;
                    Kind::Trend { window, before }
                }
                CriterionKind::AboveRate { threshold } => Kind::Above { threshold },
                CriterionKind::Funnel(ref f) => Kind::Funnel {
                    funnel: Box::new(f.clone()),
                    end: c.month,
                    pop: plan.councils.population_18plus.clone(),
                },
            };
            crits.push(Compiled {
                slot,
                month,
                average: c.average,
                kind,
            });
        }
        Some(Criteria { crits })
    }

    /// Evaluates every criterion for every council of the trial in `t`:
    /// `fired[i * n_crit + c]`, and the relative gap for `missed_target` /
    /// `gap_above` in `gaps` (else `NaN`), exactly as the reference evaluator.
    pub fn evaluate(
        &self,
        targets: &[TargetSeries],
        t: &MetricTable,
        ranked: &mut Vec<(f64, usize)>,
        fired: &mut [bool],
        gaps: &mut [f64],
    ) {
        let nc = self.crits.len();
        let n = t.n;
        for (c, cr) in self.crits.iter().enumerate() {
            if let Kind::Quartile { q } = cr.kind {
                ranked.clear();
                for i in 0..n {
                    let v = t.value(cr.slot, i, cr.month, cr.average);
                    ranked.push((if v.is_nan() { f64::NEG_INFINITY } else { v }, i));
                    fired[i * nc + c] = false;
                    gaps[i * nc + c] = f64::NAN;
                }
                top_k(ranked, quartile_count(q, n), |i| fired[i * nc + c] = true);
                continue;
            }
            for i in 0..n {
                let v = t.value(cr.slot, i, cr.month, cr.average);
                let target = |k: usize| targets[k].rate[i];
                let (f, g) = match cr.kind {
                    Kind::Missed {
                        target: k,
                        tolerance,
                    } => {
                        let tv = target(k);
                        (v > tv * (1.0 + tolerance), (v - tv) / tv)
                    }
                    Kind::Gap {
                        target: k,
                        threshold,
                    } => {
                        let tv = target(k);
                        let gap = (v - tv) / tv;
                        (gap > threshold, gap)
                    }
                    Kind::Worse {
                        reference,
                        tolerance,
                    } => {
                        let refv = t.value(cr.slot, i, reference, cr.average);
                        (v > refv * (1.0 + tolerance), f64::NAN)
                    }
                    Kind::Trend { window, before } => {
                        let recent = t.value(cr.slot, i, cr.month, window);
                        let earlier = t.value(cr.slot, i, before, window);
                        (recent > earlier, f64::NAN)
                    }
                    Kind::Above { threshold } => (v > threshold, f64::NAN),
                    Kind::Funnel {
                        ref funnel,
                        end,
                        ref pop,
                    } => {
                        // The same expression as the reference evaluator.
                        let count = funnel::window_count(pop[i], end, cr.average, |k| {
                            t.at(cr.slot, i, cr.month - k as usize)
                        });
                        let x = funnel::exposure(pop[i], end, cr.average);
                        let limit = funnel.limit_for(i, target(funnel.target), x);
                        (funnel.fires(count, limit), f64::NAN)
                    }
                    Kind::Quartile { .. } => (false, f64::NAN),
                };
                fired[i * nc + c] = f;
                gaps[i * nc + c] = g;
            }
        }
    }
}

/// Calls `flag` for the `k` highest values (ties: lower council index first;
/// `NaN` was mapped to -inf), by linear-time selection as the reference does.
fn top_k(ranked: &mut [(f64, usize)], k: usize, mut flag: impl FnMut(usize)) {
    if k == 0 {
        return;
    }
    let order = |a: &(f64, usize), b: &(f64, usize)| -> Ordering {
        b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
    };
    if k < ranked.len() {
        ranked.select_nth_unstable_by(k - 1, order);
    }
    for &(_, i) in &ranked[..k.min(ranked.len())] {
        flag(i);
    }
}

/// First month shown in fan charts: 12 before the first simulated month, or
/// the earliest month any criterion reads if earlier.
pub(crate) fn first_path_month(plan: &Plan) -> Month {
    let mut first = plan.first_sim.plus(-12);
    for c in &plan.criteria {
        let back = |m: Month, avg: u32| m.plus(1 - avg.max(1) as i32);
        let earliest = match c.kind {
            CriterionKind::WorseThan { reference, .. } => {
                back(c.month, c.average).min(back(reference, c.average))
            }
            CriterionKind::TrendWorse { window } => back(c.month, 2 * window),
            _ => back(c.month, c.average),
        };
        first = first.min(earliest);
    }
    first
}
