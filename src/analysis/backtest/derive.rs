//! The plan a backtest simulates: the scenario as if standing at the origin
//! month. Built from the fully loaded scenario rather than re-loaded with
//! `--set simulation.first_month=…`, because the scenario's own targets and
//! criteria name months (a February baseline, a September checkpoint) that
//! an earlier origin cannot validate.
//!
//! Kept: councils (those with all three streams observed at the origin),
//! regions, history up to the origin, metrics, trajectories (pull set to 0 here;
//! `replay::press_forecast` restores it for the months the targets were in force). Dropped: targets and options. The
//! criteria are replaced by the backtest's own checks on `total` at the last
//! forecast month, evaluated by the same code the engine uses.

use super::BacktestError;
use crate::engine::EngineError;
use crate::month::Month;
use crate::scenario::plan::{
    Criterion, CriterionKind, History, METRIC_TOTAL, Plan, Provenance, Stream,
};
use crate::scenario::plan::{STREAMS, council_stream, month_row};

/// A derived plan and how its councils map back to the scenario's.
#[derive(Debug, Clone)]
pub struct Derived {
    pub plan: Plan,
    /// Per derived council: its index in the scenario's plan.
    pub kept: Vec<usize>,
    /// Codes left out for want of a complete origin month.
    pub dropped: Vec<String>,
}

/// Builds the plan that forecasts `at + 1 ..= at + horizon` from history up to `at`.
///
/// # Errors
/// `at` outside the scenario's history or no council with a complete origin
/// month ([`BacktestError::Origin`]), a zero horizon ([`BacktestError::Flag`]),
/// a derived plan that breaks the engine's invariants ([`BacktestError::Engine`]).
pub fn derive(full: &Plan, at: Month, horizon: u32) -> Result<Derived, BacktestError> {
    let h = &full.history;
    if horizon == 0 {
        return Err(BacktestError::Flag(
            "--horizon must be at least 1 month".into(),
        ));
    }
    if at < h.first || at > h.last() {
        return Err(BacktestError::Origin(format!(
            "--at {at} is outside the scenario's history ({} .. {})",
            h.first,
            h.last()
        )));
    }
    let complete = |i: usize| Stream::ALL.iter().all(|&s| h.rate(i, at, s).is_some());
    let (kept, dropped): (Vec<usize>, Vec<usize>) =
        (0..full.councils.len()).partition(|&i| complete(i));
    if kept.is_empty() {
        return Err(BacktestError::Origin(format!(
            "no council has all three streams observed in {at}"
        )));
    }
    let mut plan = subset(full, &kept, at);
    plan.first_sim = at.plus(1);
    plan.last_sim = at.plus(horizon as i32);
    plan.targets.clear();
    plan.options.clear();
    plan.criteria = criteria(&plan, at, plan.last_sim);
    plan.provenance = Provenance {
        path: full.provenance.path.clone(),
        sha256: full.provenance.sha256.clone(),
        ..Provenance::default()
    };
    for t in &mut plan.trajectories {
        t.pull = 0.0;
        t.drawn
            .retain(|(k, _)| *k != crate::scenario::uncertain::TrajKey::Pull);
    }
    plan.check().map_err(EngineError::Plan)?;
    Ok(Derived {
        plan,
        kept,
        dropped: dropped
            .iter()
            .map(|&i| full.councils.code[i].clone())
            .collect(),
    })
}

/// The scenario's plan restricted to councils `kept` and history `..= at`.
fn subset(full: &Plan, kept: &[usize], at: Month) -> Plan {
    let c = &full.councils;
    let pick = |v: &dyn Fn(usize) -> f64| kept.iter().map(|&i| v(i)).collect::<Vec<_>>();
    let mut councils = c.clone();
    councils.code = kept.iter().map(|&i| c.code[i].clone()).collect();
    councils.name = kept.iter().map(|&i| c.name[i].clone()).collect();
    councils.region = kept.iter().map(|&i| c.region[i]).collect();
    councils.population_18plus = pick(&|i| c.population_18plus[i]);
    councils.allocation_pence = kept.iter().map(|&i| c.allocation_pence[i]).collect();
    councils.asc_budget_pence = kept.iter().map(|&i| c.asc_budget_pence[i]).collect();
    councils.reserves_pence = kept.iter().map(|&i| c.reserves_pence[i]).collect();
    let h = &full.history;
    let n_months = (at.since(h.first) + 1) as usize;
    let mut rates = Vec::with_capacity(kept.len() * n_months * STREAMS);
    for &i in kept {
        let start = month_row(i, 0, h.n_months);
        rates.extend_from_slice(&h.rates[start..start + n_months * STREAMS]);
    }
    Plan {
        councils,
        history: History {
            first: h.first,
            n_months,
            rates,
        },
        trajectories: kept
            .iter()
            .flat_map(|&i| {
                full.trajectories[council_stream(i, Stream::Nhs)..][..STREAMS]
                    .iter()
                    .cloned()
            })
            .collect(),
        // The backtest scores forecasts, not their costs.
        consequences: None,
        ..full.clone()
    }
}

/// Names of the backtest's criteria, in plan order (when all apply).
pub const CRITERIA: [&str; 3] = ["worse_than_year_before", "worse_than_origin", "trend_worse"];

/// Checks on `total` at the last forecast month `last`: worse than the same
/// month a year before (needs that month observed), worse than at the
/// origin, and the last three months worse than the three before (needs the
/// six months in history or forecast).
fn criteria(plan: &Plan, at: Month, last: Month) -> Vec<Criterion> {
    let first = plan.history.first;
    let mk = |name: &str, kind| Criterion {
        name: name.to_string(),
        kind,
        metric: METRIC_TOTAL,
        month: last,
        average: 1,
    };
    let mut out = Vec::new();
    let year_before = last.plus(-12);
    if year_before >= first && year_before <= at {
        out.push(mk(
            CRITERIA[0],
            CriterionKind::WorseThan {
                reference: year_before,
                tolerance: 0.0,
            },
        ));
    }
    out.push(mk(
        CRITERIA[1],
        CriterionKind::WorseThan {
            reference: at,
            tolerance: 0.0,
        },
    ));
    if last.plus(-5) >= first {
        out.push(mk(CRITERIA[2], CriterionKind::TrendWorse { window: 3 }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::testkit;

    #[test]
    fn truncates_history_and_drops_incomplete_councils() {
        let mut full = testkit::plan(4, 2, 24, "2017-08", "2017-11", 5.0);
        full.trajectories.iter_mut().for_each(|t| t.pull = 0.3);
        let at = testkit::month("2016-12");
        // Council 1 did not report asc in the origin month.
        let k = at.since(full.history.first) as usize;
        full.history.rates[(full.history.n_months + k) * 3 + 1] = f64::NAN;
        full.history.rates[(2 * full.history.n_months + k) * 3] = 7.0;
        let d = derive(&full, at, 4).expect("derives");
        assert_eq!(d.kept, vec![0, 2, 3]);
        assert_eq!(d.dropped, vec!["E00000002".to_string()]);
        assert_eq!(d.plan.history.last(), at);
        assert_eq!(d.plan.first_sim, testkit::month("2017-01"));
        assert_eq!(d.plan.last_sim, testkit::month("2017-04"));
        assert_eq!(d.plan.history.rate(1, at, Stream::Nhs), Some(7.0));
        assert!(d.plan.trajectories.iter().all(|t| t.pull == 0.0));
        let names: Vec<&str> = d.plan.criteria.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, CRITERIA.to_vec());
        assert!(matches!(
            derive(&full, testkit::month("2018-01"), 4),
            Err(BacktestError::Origin(_))
        ));
        assert!(matches!(derive(&full, at, 0), Err(BacktestError::Flag(_))));
    }
}
