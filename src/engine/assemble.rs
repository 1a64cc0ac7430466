//! Turns the merged tally and per-trial figures into [`Results`], including
//! the fan-chart rows (observed months straight from history, simulated
//! months from the histograms).

use super::partial::PerTrial;
use super::results::{Fairness, National, OptionResult, PairResult, PathRow, PathSeries, Results};
use super::shared::Shared;
use super::table::first_path_month;
use super::tally::Tally;
use crate::consequences::figures::Outcome;
use crate::model::prepared::target_rate;
use crate::month::Month;
use crate::rules::criteria::Rates;
use crate::scenario::plan::Plan;
use crate::stats::histogram;

/// Assembles results; `per.funding[o]` and `per.reviewed[o]` are option
/// `o`'s per-trial figures (moved in, not copied).
pub fn results(sh: &Shared<'_>, mut t: Tally, per: PerTrial) -> Results {
    let plan = sh.plan;
    let PerTrial {
        funding,
        reviewed,
        figures,
        fairness,
    } = per;
    let consequences = t.consequences.take().map(|tally| Outcome {
        tally,
        trial: figures,
        days: sh.window_days,
    });
    let (n, nc) = (t.n, t.n_crit);
    let options = funding
        .into_iter()
        .zip(reviewed)
        .enumerate()
        .map(|(o, (trial_funding_pence, trial_reviewed))| OptionResult {
            reviewed: t.reviewed[o * n..(o + 1) * n].to_vec(),
            at_risk_pence: t.at_risk[o * n..(o + 1) * n].to_vec(),
            net_change_pence: t.net[o * n..(o + 1) * n].to_vec(),
            why: t.why[o * n * nc..(o + 1) * n * nc].to_vec(),
            national: National::of(&trial_reviewed, &trial_funding_pence),
            wrongly_reviewed: t.wrongly_reviewed[o * n..(o + 1) * n].to_vec(),
            wrongly_spared: t.wrongly_spared[o * n..(o + 1) * n].to_vec(),
            fairness: Fairness::of(&fairness, &t, o),
            trial_reviewed,
            trial_funding_pence,
        })
        .collect();
    let pairs = sh
        .pairs
        .iter()
        .enumerate()
        .map(|(p, &(a, b))| PairResult {
            a,
            b,
            a_not_b: t.a_not_b[p * n..(p + 1) * n].to_vec(),
            b_not_a: t.b_not_a[p * n..(p + 1) * n].to_vec(),
        })
        .collect();
    Results {
        trials: plan.trials,
        threads: 0,
        elapsed_s: 0.0,
        n_councils: n,
        n_criteria: nc,
        criterion_fired: t.crit_fired.clone(),
        options,
        pairs,
        paths: paths(sh, &t),
        params: crate::model::draws::realised(plan),
        consequences,
        without_noise: sh.quiet.then(|| {
            (0..plan.options.len())
                .map(|o| t.quiet_reviewed[o * n..(o + 1) * n].to_vec())
                .collect()
        }),
    }
}

fn paths(sh: &Shared<'_>, t: &Tally) -> Vec<PathSeries> {
    let plan = sh.plan;
    let first = first_path_month(plan);
    let n_rows = (plan.last_sim.since(first) + 1).max(0) as usize;
    let months = sh.prep.months;
    let npm = sh.path_metrics.len();
    let hist_rates = Rates {
        plan,
        targets: &plan.targets,
        sim: &[],
        months: 0,
    };
    let mut out = Vec::new();
    for i in 0..plan.councils.len() {
        for (pm, &metric) in sh.path_metrics.iter().enumerate() {
            let rows = (0..n_rows)
                .map(|r| {
                    let m = first.plus(r as i32);
                    let tsim = m.since(plan.first_sim);
                    let quantiles = if tsim >= 0 {
                        let s = (i * npm + pm) * months + tsim as usize;
                        let h = t.hist[s].dense();
                        [0.05, 0.25, 0.5, 0.75, 0.95].map(|p| histogram::quantile(&h, p))
                    } else {
                        [hist_rates.metric(i, metric, m); 5]
                    };
                    PathRow {
                        quantiles,
                        target: target_at(plan, i, metric, m),
                    }
                })
                .collect();
            out.push(PathSeries {
                council: i,
                metric,
                first_month: first,
                rows,
            });
        }
    }
    out
}

/// Target path rate for a single-stream metric; for other metrics the
/// target value at its own month; `NaN` otherwise.
fn target_at(plan: &Plan, i: usize, metric: usize, m: Month) -> f64 {
    if let Some(s) = plan.metrics[metric].single_stream() {
        let has = plan.targets.iter().any(|ts| ts.metric == metric);
        return if has {
            target_rate(plan, i, s, m)
        } else {
            f64::NAN
        };
    }
    plan.targets
        .iter()
        .find(|ts| ts.metric == metric && ts.month == m)
        .map_or(f64::NAN, |ts| ts.rate[i])
}
