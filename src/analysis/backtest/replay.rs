//! The scenario's review rules replayed at a backtest origin: every month
//! the scenario's targets and criteria name is moved by the same shift,
//! `origin - (the scenario's last observed month)`, so the rules keep their
//! distances from the data they are decided on. For the default scenario
//! (history to July 2017): the target baseline February 2017 becomes
//! origin − 5, the September checkpoint origin + 2, the November decision
//! month origin + 4, "the same month a year before" (November 2016)
//! origin − 8; averaging windows and trend windows keep their lengths.
//!
//! Targets made by a `[[targets.rule]]` are rebuilt on the shifted baseline
//! from the history up to the origin, with the same reduction, floor and
//! ceiling. Targets read from a CSV cannot be replayed; options whose
//! criteria need them, or need a month before the history starts, are
//! skipped at that origin (and listed).
//!
//! The pull ([`pressure`]): the rules move in time, the pressure on
//! councils did not. A target rule made from a February 2017 baseline was in
//! force, in the calendar, from March 2017, whatever origin replays it; so a
//! replay is pulled toward its (shifted) targets, at the scenario's own pull
//! (its stated prior, drawn per trial), only in the simulated months from
//! the month after the earliest rule baseline on (DECISIONS #87). Origins
//! whose forecast ends before then are simulated without pull, as before.

use super::BacktestError;
use crate::engine::EngineError;
use crate::month::Month;
use crate::rules::criteria::{CritScratch, Rates, evaluate};
use crate::scenario::plan::STREAMS;
use crate::scenario::plan::{CriterionKind, Plan, TargetSeries, council_stream};
use crate::scenario::targets::observed;
use crate::scenario::uncertain::TrajKey;

/// The shifted rules at one origin.
#[derive(Debug, Clone)]
pub struct Replay {
    /// The origin plan with shifted targets, criteria and the scenario's options.
    pub plan: Plan,
    /// Months added to every month the scenario names.
    pub shift: i32,
    /// Per option of the scenario: whether it can be replayed here.
    pub usable: Vec<bool>,
}

/// Months from the scenario's last observed month to `at`.
pub fn shift_of(full: &Plan, at: Month) -> i32 {
    at.since(full.history.last())
}

/// Replays `full`'s rules on `base` (a plan derived at `at`: councils kept,
/// history ending at `at`, trajectories to simulate with).
///
/// # Errors
/// A scenario with no options, or a shifted decision month not after `at`.
pub fn replay(full: &Plan, base: &Plan, at: Month) -> Result<Replay, BacktestError> {
    if full.options.is_empty() {
        return Err(BacktestError::Origin(
            "the scenario has no options to replay".into(),
        ));
    }
    let shift = shift_of(full, at);
    let mut plan = base.clone();
    plan.first_sim = at.plus(1);
    plan.last_sim = full.last_sim.plus(shift);
    if plan.last_sim < plan.first_sim {
        return Err(BacktestError::Origin(format!(
            "the scenario decides in {}, before its first simulated month",
            full.last_sim
        )));
    }
    let first = plan.history.first;
    let mut target_ok = Vec::with_capacity(full.targets.len());
    plan.targets = full
        .targets
        .iter()
        .enumerate()
        .map(|(k, ts)| {
            let (series, ok) = rebuild(full, &plan, k, ts, shift);
            target_ok.push(ok);
            series
        })
        .collect();
    let mut crit_ok = Vec::with_capacity(full.criteria.len());
    plan.criteria = full
        .criteria
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.month = c.month.plus(shift);
            let mut earliest = c.month.plus(1 - c.average.max(1) as i32);
            let mut ok = true;
            match &mut c.kind {
                CriterionKind::WorseThan { reference, .. } => {
                    *reference = reference.plus(shift);
                    earliest = earliest.min(reference.plus(1 - c.average.max(1) as i32));
                }
                CriterionKind::TrendWorse { window } => {
                    earliest = earliest.min(c.month.plus(1 - 2 * (*window).max(1) as i32));
                }
                CriterionKind::MissedTarget { target, .. }
                | CriterionKind::GapAbove { target, .. } => ok = target_ok[*target],
                CriterionKind::Funnel(f) => ok = target_ok[f.target],
                CriterionKind::BottomQuartile { .. } | CriterionKind::AboveRate { .. } => {}
            }
            crit_ok.push(ok && earliest >= first && c.month <= plan.last_sim);
            c
        })
        .collect();
    let mut used = Vec::new();
    let usable = full
        .options
        .iter()
        .map(|o| {
            used.clear();
            o.rule.criteria(&mut used);
            used.iter().all(|&c| crit_ok[c])
        })
        .collect();
    plan.options = full.options.clone();
    plan.check().map_err(EngineError::Plan)?;
    Ok(Replay {
        plan,
        shift,
        usable,
    })
}

/// The calendar month from which `full`'s target rules were in force: the
/// month after the earliest rule baseline (`None`: no rule-made target).
pub fn in_force_from(full: &Plan) -> Option<Month> {
    full.provenance
        .target_origins
        .iter()
        .filter_map(|o| o.spec.as_ref().map(|s| s.baseline.plus(1)))
        .min()
}

/// Gives the replayed `plan` (councils `kept` of `full`) the scenario's
/// pull, drawn as the scenario draws it, from the month the targets were in
/// force ([`in_force_from`]); a forecast that ends before then keeps pull 0.
pub fn pressure(full: &Plan, plan: &mut Plan, kept: &[usize]) {
    let Some(from) = in_force_from(full) else {
        return;
    };
    if from > plan.last_sim {
        return;
    }
    plan.pull_from = Some(from.max(plan.first_sim));
    for (j, &i) in kept.iter().enumerate() {
        for s in crate::scenario::plan::Stream::ALL {
            let src = &full.trajectories[council_stream(i, s)];
            let dst = &mut plan.trajectories[council_stream(j, s)];
            dst.pull = src.pull;
            dst.drawn.retain(|(k, _)| *k != TrajKey::Pull);
            dst.drawn
                .extend(src.drawn.iter().filter(|(k, _)| *k == TrajKey::Pull));
        }
    }
    // Drawn as `full` draws it (the origin's learned pull, `learned`).
    for t in &full.trajectories {
        for &(k, p) in &t.drawn {
            if let (TrajKey::Pull, Some(src), Some(dst)) =
                (k, full.params.get(p), plan.params.get_mut(p))
            {
                dst.uncertain.dist = src.uncertain.dist;
            }
        }
    }
}

/// The same pressure on the origin's rate forecast (`plan`, derived at
/// `at` for councils `kept`): the scenario's targets rebuilt on the shifted
/// baseline, pulled from the month they were in force, so the rate scores
/// and the review decisions see the same futures.
pub fn press_forecast(full: &Plan, plan: &mut Plan, kept: &[usize], at: Month) {
    let shift = shift_of(full, at);
    plan.targets = full
        .targets
        .iter()
        .enumerate()
        .map(|(k, ts)| rebuild(full, plan, k, ts, shift).0)
        .collect();
    pressure(full, plan, kept);
}

/// Target series `k` of `full` rebuilt at the shifted months for the
/// councils of `plan`; `false` when it cannot be (CSV targets, or a
/// baseline before the history).
fn rebuild(
    full: &Plan,
    plan: &Plan,
    k: usize,
    ts: &TargetSeries,
    shift: i32,
) -> (TargetSeries, bool) {
    let n = plan.councils.len();
    let mut out = TargetSeries {
        metric: ts.metric,
        month: ts.month.plus(shift),
        rate: vec![f64::NAN; n],
        // A rule's drawn parameters are replayed at their means.
        drawn: None,
    };
    let origin = full.provenance.target_origins.get(k);
    let Some(spec) = origin.and_then(|o| o.spec) else {
        return (out, false);
    };
    // Every council's target must have come from the rule (a finite baseline).
    let all_rule = origin.is_some_and(|o| {
        o.baseline
            .iter()
            .zip(&ts.rate)
            .all(|(b, r)| r.is_nan() || b.is_finite())
    });
    let base_month = spec.baseline.plus(shift);
    if !all_rule || base_month.plus(1 - spec.average.max(1) as i32) < plan.history.first {
        return (out, false);
    }
    let metric = &plan.metrics[ts.metric];
    for (j, r) in out.rate.iter_mut().enumerate() {
        if let Some(b) = observed(&plan.history, j, metric, base_month, spec.average) {
            *r = spec.target(b);
        }
    }
    (out, true)
}

/// Per council and option (`[i * options + o]`): reviewed under the rules
/// when the forecast months take the rates `sim` (laid out as the model
/// writes them).
pub fn reviewed_on(plan: &Plan, sim: &[f64]) -> Vec<bool> {
    let (n, nc, no) = (plan.councils.len(), plan.criteria.len(), plan.options.len());
    let rates = Rates {
        plan,
        targets: &plan.targets,
        sim,
        months: plan.n_sim_months(),
    };
    let mut fired = vec![false; n * nc];
    let mut gaps = vec![f64::NAN; n * nc];
    evaluate(&rates, &mut CritScratch::default(), &mut fired, &mut gaps);
    let mut out = vec![false; n * no];
    for i in 0..n {
        let f = &fired[i * nc..(i + 1) * nc];
        for (o, opt) in plan.options.iter().enumerate() {
            out[i * no + o] = opt.rule.eval(f);
        }
    }
    out
}

/// The "nothing changes" forecast: every forecast month equal to the
/// origin month's observed rates (`NaN` where not observed).
pub fn persistence(plan: &Plan) -> Vec<f64> {
    let months = plan.n_sim_months();
    let at = plan.history.last();
    let mut sim = vec![f64::NAN; plan.councils.len() * months * STREAMS];
    for (i, cell) in sim.chunks_exact_mut(months * STREAMS).enumerate() {
        for month in cell.chunks_exact_mut(3) {
            for (a, s) in crate::scenario::plan::Stream::ALL.iter().enumerate() {
                month[a] = plan.history.rate(i, at, *s).unwrap_or(f64::NAN);
            }
        }
    }
    sim
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::plan::{Action, METRIC_ASC, Share, Stream, TargetOrigin, TargetRule};
    use crate::scenario::testkit;

    /// A scenario with history to 2017-07, a rule target (half of February)
    /// for September, and one option on it.
    fn full(from_rule: bool) -> Plan {
        let mut p = testkit::plan(3, 1, 30, "2017-08", "2017-11", 5.0);
        for (k, r) in p.history.rates.iter_mut().enumerate() {
            *r = 1.0 + (k % 97) as f64 / 10.0;
        }
        let t = testkit::add_target(&mut p, METRIC_ASC, "2017-09", 2.0);
        p.provenance.target_origins = vec![TargetOrigin {
            rule: Some("half of February".into()),
            spec: Some(TargetRule {
                baseline: testkit::month("2017-02"),
                average: 1,
                reduction: 0.5,
                floor: None,
                ceiling: None,
            }),
            baseline: vec![if from_rule { 4.0 } else { f64::NAN }; 3],
        }];
        testkit::add_criterion(
            &mut p,
            "missed",
            CriterionKind::MissedTarget {
                target: t,
                tolerance: 0.0,
            },
            METRIC_ASC,
            "2017-09",
            1,
        );
        testkit::add_option(&mut p, "o", "missed", Action::Condition, Share::Flat(0.1));
        p
    }

    #[test]
    fn months_shift_and_rule_targets_are_rebuilt_on_the_shifted_baseline() {
        let f = full(true);
        let at = testkit::month("2016-03");
        let base = crate::analysis::backtest::derive::derive(&f, at, 4)
            .expect("derives")
            .plan;
        let r = replay(&f, &base, at).expect("replays");
        assert_eq!(r.shift, -16);
        assert_eq!(r.plan.last_sim, testkit::month("2016-07"));
        assert_eq!(r.plan.targets[0].month, testkit::month("2016-05"));
        assert_eq!(r.plan.criteria[0].month, testkit::month("2016-05"));
        for i in 0..3 {
            let b = f.history.rate(i, testkit::month("2015-10"), Stream::Asc);
            assert_eq!(Some(r.plan.targets[0].rate[i]), b.map(|b| b / 2.0));
        }
        assert_eq!(r.usable, vec![true]);
        // Persistence repeats the origin month.
        let sim = persistence(&r.plan);
        assert_eq!(
            Some(sim[3 * 3 + 1]),
            r.plan.history.rate(0, at, Stream::Asc)
        );
    }

    #[test]
    fn csv_targets_and_baselines_before_the_history_are_not_replayed() {
        let f = full(false);
        let at = testkit::month("2016-03");
        let base = crate::analysis::backtest::derive::derive(&f, at, 4)
            .expect("derives")
            .plan;
        assert_eq!(replay(&f, &base, at).expect("replays").usable, vec![false]);
        // Baseline origin − 5 before the first month of history (2015-02).
        let f = full(true);
        let at = testkit::month("2015-05");
        let base = crate::analysis::backtest::derive::derive(&f, at, 4)
            .expect("derives")
            .plan;
        assert_eq!(replay(&f, &base, at).expect("replays").usable, vec![false]);
    }
}
