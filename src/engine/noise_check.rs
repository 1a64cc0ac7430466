//! "Caught by noise": the probability of review with observation noise
//! switched off on the same latent paths — the same plan with every
//! trajectory's noise set to `none`, run with the same seed and trials.
//!
//! The latent paths are the same with noise on and off only when the noise
//! draws come from their own random stream (the engine's contract once the
//! noise stream is separated); the difference `p_review - p_review_without_noise`
//! is then how much of a council's risk is small-number noise rather than
//! performance.

use crate::engine::{self, EngineError, RunConfig};
use crate::scenario::plan::{Noise, Plan};

/// The plan with observation noise switched off everywhere.
pub fn without_noise(plan: &Plan) -> Plan {
    let mut p = plan.clone();
    for t in &mut p.trajectories {
        t.noise = Noise::None;
    }
    p
}

/// Whether any council-stream has observation noise.
pub fn has_noise(plan: &Plan) -> bool {
    plan.trajectories.iter().any(|t| t.noise != Noise::None)
}

/// Per option (plan order), per council: trials reviewed with noise off.
/// Always runs the engine (callers may skip it when [`has_noise`] is false,
/// the counts then being the run's own).
///
/// Time: one engine run of the plan.
///
/// # Errors
/// An engine failure.
pub fn reviewed_without_noise(
    plan: &Plan,
    cfg: &RunConfig<'_>,
) -> Result<Vec<Vec<u64>>, EngineError> {
    let res = engine::run_without_noise(plan, cfg)?;
    Ok(res.options.into_iter().map(|o| o.reviewed).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::plan::{
        Action, CriterionKind, METRIC_ASC, ModelKind, Share, Stream, council_stream,
    };
    use crate::scenario::testkit;

    /// Deterministic latent paths (no random step), so noise on or off cannot
    /// change them whatever stream the noise draws from: without noise, a
    /// council is reviewed in every trial or none, by the closed form.
    #[test]
    fn without_noise_follows_the_deterministic_path() {
        let mut p = testkit::plan(4, 1, 6, "2017-08", "2017-09", 5.0);
        let mut tr = testkit::trajectory(ModelKind::Deterministic, 0.0);
        tr.noise = Noise::NegativeBinomial;
        testkit::set_trajectory(&mut p, &tr);
        // Council i drifts by -0.1 * i per month: after 2 months its asc rate
        // is (5.1) exp(-0.2 i) - 0.1; the target 4.0 is missed by i = 0, 1 only.
        for i in 0..4 {
            p.trajectories[council_stream(i, Stream::Asc)].drift = -0.1 * i as f64;
        }
        let t = testkit::add_target(&mut p, METRIC_ASC, "2017-09", 4.0);
        let kind = CriterionKind::MissedTarget {
            target: t,
            tolerance: 0.0,
        };
        testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-09", 1);
        testkit::add_option(&mut p, "a", "missed", Action::Condition, Share::Flat(0.3));
        p.trials = 300;
        let got = reviewed_without_noise(&p, &RunConfig::default()).expect("run");
        let expect: Vec<u64> = (0..4)
            .map(|i| {
                let rate = 5.1 * (-0.2 * i as f64).exp() - 0.1;
                if rate > 4.0 { 300 } else { 0 }
            })
            .collect();
        assert_eq!(got[0], expect);
        // With noise on the same councils are reviewed in some but not all
        // trials near the line; never in more trials than exist.
        let with = engine::run(&p, &RunConfig::default()).expect("run");
        assert!(with.options[0].reviewed.iter().all(|&k| k <= 300));
        assert!(has_noise(&p) && !has_noise(&without_noise(&p)));
    }

    /// With no noise in the plan, switching it off changes nothing: the
    /// counts equal the run's own, trial for trial.
    #[test]
    fn no_noise_plan_is_unchanged() {
        let mut p = testkit::rich_plan(400);
        p.trajectories
            .iter_mut()
            .for_each(|t| t.noise = Noise::None);
        let base = engine::run(&p, &RunConfig::default()).expect("run");
        let without = reviewed_without_noise(&p, &RunConfig::default()).expect("run");
        for (o, r) in base.options.iter().enumerate() {
            assert_eq!(r.reviewed, without[o]);
        }
        assert!(
            base.options
                .iter()
                .any(|r| r.reviewed.iter().any(|&k| k > 0))
        );
    }
}
