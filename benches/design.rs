//! `ibcf design` against `ibcf run` on the default scenario
//! (scenarios/november-2017): a 200-variant design (criteria tolerances,
//! 20 × 10) on one simulation versus one run with the noise check, each
//! including the scenario loading (the design loads 201 plans). The issue's
//! target: the design within 5× the run at 20,000 trials; here at fewer
//! trials (the loading, a fixed cost, weighs more, so the ratio is an upper
//! bound). Figures and the 20,000-trial command-line times:
//! docs/PERFORMANCE.md.
//!
//! Run: `cargo bench --bench design -- --warm-up-time 1 --measurement-time 3`.

use criterion::{Criterion, criterion_group, criterion_main};
use ibcf::analysis::RunSettings;
use ibcf::analysis::design;
use ibcf::analysis::sweep::grid::parse_vary;
use ibcf::engine::{self, RunConfig};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

const TRIALS: u64 = 4_000;

fn scenario() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017")
}

fn bench_design(c: &mut Criterion) {
    let rs = RunSettings {
        trials: Some(TRIALS),
        seed: None,
        threads: Some(2),
    };
    let vary = [
        parse_vary("criteria.oct_gap_asc.tolerance=0:1:20").expect("vary"),
        parse_vary("criteria.oct_gap_total.tolerance=0.1:1:10").expect("vary"),
    ];
    let mut group = c.benchmark_group("design");
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    group.bench_function("run-1", |b| {
        b.iter(|| {
            let plan = ibcf::analysis::load(&scenario(), &[], &rs).expect("loads");
            let cfg = RunConfig {
                threads: rs.threads,
                ..RunConfig::default()
            };
            black_box(engine::run_with_noise_check(&plan, &cfg).expect("runs"))
        })
    });
    group.bench_function("design-200", |b| {
        b.iter(|| black_box(design::run(&scenario(), &[], &vary, &rs, None).expect("design")))
    });
    group.finish();
}

criterion_group!(benches, bench_design);
criterion_main!(benches);
