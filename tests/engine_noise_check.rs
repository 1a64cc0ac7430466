//! The "caught by noise" comparison computed in the same pass as the run
//! (`run_with_noise_check`) equals a separate noise-off run, and leaves the
//! run's own results exactly as a plain run gives them.

use ibcf::engine::{RunConfig, run, run_with_noise_check, run_without_noise};
use ibcf::scenario::load;
use std::path::Path;

fn plan(trials: u64) -> ibcf::Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/workloads/national");
    let mut p = load(&dir, &[]).unwrap_or_else(|d| panic!("{}", d.render()));
    p.trials = trials;
    p
}

fn cfg(threads: usize) -> RunConfig<'static> {
    RunConfig {
        threads: Some(threads),
        chunk_size: 97,
        progress: None,
    }
}

#[test]
fn fused_noise_check_equals_separate_run() {
    // The national workload has negative binomial noise, a graduated
    // (gap-based) redistribution and every criterion kind but one.
    let p = plan(1500);
    let mut fused = run_with_noise_check(&p, &cfg(2)).expect("runs");
    let quiet = run_without_noise(&p, &cfg(1)).expect("runs");
    let counts = fused.without_noise.take().expect("noise check counts");
    let separate: Vec<Vec<u64>> = quiet.options.iter().map(|o| o.reviewed.clone()).collect();
    assert_eq!(counts, separate);

    let mut plain = run(&p, &cfg(1)).expect("runs");
    assert!(plain.without_noise.is_none());
    for r in [&mut fused, &mut plain] {
        r.threads = 0;
        r.elapsed_s = 0.0;
    }
    // Compared through `Debug`: fan-chart rows hold NaN targets, which
    // `PartialEq` never equates.
    assert!(
        format!("{fused:?}") == format!("{plain:?}"),
        "the noise check changed the run's own results"
    );
    // The comparison is not vacuous: noise changes some reviews.
    let noisy: Vec<Vec<u64>> = plain.options.iter().map(|o| o.reviewed.clone()).collect();
    assert_ne!(noisy, separate);
}
