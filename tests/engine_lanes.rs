//! Eight trials in lanes against one trial at a time (issue 27, DECISIONS
//! #95): the same observed and expected rates bit for bit, trial by trial,
//! and the same whole results, on plans with every noise family, drawn
//! parameters, jumps, a bootstrap stream and the consequences'
//! counterfactual; and the same at every vector level this CPU has
//! (baseline, AVX2, AVX-512: DECISIONS #93). One test function, so forcing
//! the process-wide path and level (`engine::path::set_lanes`,
//! `set_level`) never races another test.

use ibcf::engine::path::{set_lanes, set_level};
use ibcf::engine::trial::{TrialBatch, TrialModel};
use ibcf::engine::{Results, RunConfig, run};
use ibcf::model::Prepared;
use ibcf::model::sampler::simd::Level;
use ibcf::scenario::plan::{Noise, Plan};
use ibcf::scenario::testkit;
use std::path::Path;

fn shipped(dir: &str, trials: u64) -> Plan {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut p = ibcf::scenario::load(&path, &[]).expect("loads");
    p.trials = trials;
    p
}

/// Plans that between them reach every noise path the lanes take.
fn plans() -> Vec<(&'static str, Plan)> {
    let mut out = vec![("rich", testkit::rich_plan(203))];
    for noise in [Noise::Poisson, Noise::NegativeBinomial, Noise::None] {
        let mut p = testkit::rich_plan(61);
        for t in &mut p.trajectories {
            t.noise = noise;
        }
        out.push((
            match noise {
                Noise::Poisson => "poisson",
                Noise::NegativeBinomial => "negative binomial",
                Noise::None => "no noise",
            },
            p,
        ));
    }
    out.push(("november-2017", shipped("scenarios/november-2017", 45)));
    out.push(("national", shipped("benches/workloads/national", 37)));
    out
}

/// Trial `first + j` from a batch equals trial `first + j` alone.
/// The batch's noise runs at `level`.
fn batch_equals_one_at_a_time(name: &str, plan: &Plan, level: Level) {
    let prep = Prepared::new(plan).expect("prepares");
    let cf = plan.consequences.is_some();
    let mut one = TrialModel::new(plan, &prep, cf);
    let mut batch = TrialBatch::new(plan, &prep, cf).at_level(level);
    let mut noisy = 0usize;
    for first in [0u64, 8, 1_000_003] {
        batch.simulate(plan, &prep, first);
        for j in 0..8 {
            let b = batch.trial(plan, &prep, j);
            let a = one.simulate(plan, &prep, first + j as u64);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(
                bits(a.sim),
                bits(b.sim),
                "{name} at {level:?}: observed, trial {}",
                first + j as u64
            );
            assert_eq!(bits(a.expected()), bits(b.expected()), "{name}: expected");
            if cf {
                assert_eq!(
                    bits(a.expected_without_pull()),
                    bits(b.expected_without_pull()),
                    "{name}: counterfactual"
                );
            }
            noisy += a
                .sim
                .iter()
                .zip(a.expected())
                .filter(|(o, e)| o != e)
                .count();
        }
    }
    if name != "no noise" {
        assert!(
            noisy > 0,
            "{name}: the noise drew nothing, so equality means nothing"
        );
    }
}

fn results(plan: &Plan, lanes: bool) -> String {
    set_lanes(lanes);
    let cfg = RunConfig {
        threads: Some(2),
        chunk_size: 50,
        progress: None,
    };
    let mut r: Results = run(plan, &cfg).expect("runs");
    r.elapsed_s = 0.0;
    // Debug text: NaN targets compare equal there.
    format!("{r:?}")
}

#[test]
fn lanes_and_one_trial_at_a_time_agree_bit_for_bit() {
    let levels = Level::available();
    #[cfg(target_arch = "x86_64")]
    {
        // The dispatch must find what the CPU has, or the vector paths go untested.
        let avx2 = std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma");
        assert_eq!(levels.contains(&Level::Avx2), avx2, "{levels:?}");
        let avx512 = std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512dq")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx512cd");
        assert!(!levels.contains(&Level::Avx512) || avx512, "{levels:?}");
    }
    eprintln!("vector levels tested: {levels:?}");
    for (name, plan) in plans() {
        for &level in &levels {
            batch_equals_one_at_a_time(name, &plan, level);
        }
        let (a, b) = (results(&plan, false), results(&plan, true));
        assert!(a == b, "{name}: whole results differ between paths");
        if name == "november-2017" {
            // The default scenario's whole results at every level.
            for &level in &levels {
                set_level(level);
                assert!(
                    results(&plan, true) == a,
                    "{name}: whole results at {level:?} differ from one at a time"
                );
            }
            set_level(Level::best());
        }
    }
    set_lanes(true);
}
