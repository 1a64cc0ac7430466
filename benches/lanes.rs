//! The draws-only limit, scalar against lanes (issue 27): eight trials'
//! worth of the national workload's random numbers (one ziggurat normal for the
//! latent step and one negative binomial count, k = 20, per noisy
//! council-stream-month, at the means of the workload's trial 0), drawn
//! one trial after another by the scalar samplers or eight trials side by
//! side by `model::sampler::lanes`. Both produce the same numbers (the lane
//! module's tests); this measures only the cost.
//!
//! The lanes run at every vector level this CPU has
//! (`model::sampler::simd::Level`); at AVX2 with their explicit AVX2 fast
//! paths (`Lanes::at_level`, `sampler::lanes_v3`).
//!
//! Run: `cargo bench --bench lanes -- --warm-up-time 1 --measurement-time 3`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ibcf::model::noise::NoiseLanes;
use ibcf::model::noise::NoiseModel;
use ibcf::model::rng::stream_rng;
use ibcf::model::sampler::lanes::{GammaLanes, L, Lanes};
use ibcf::model::sampler::normal;
use ibcf::model::sampler::simd::Level;
use ibcf::scenario::plan::Noise;
use std::hint::black_box;

/// The national workload's expected counts (`rate × exposure` of every
/// noisy council-stream-month of its trial 0), in the order the noise is
/// drawn.
fn means() -> Vec<f64> {
    use ibcf::model::trajectory::{TrajScratch, simulate};
    let path =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/workloads/national");
    let plan = match ibcf::scenario::load(&path, &[]) {
        Ok(p) => p,
        Err(d) => panic!("national does not load:\n{}", d.render()),
    };
    let p = ibcf::model::Prepared::new(&plan).expect("prepares");
    let mut s = TrajScratch::new(&p);
    let mut out = vec![0.0; p.n * p.months * 3];
    let (mut a, mut b) = (stream_rng(7, 0, 0), stream_rng(7, 0, 1));
    simulate(&p, &mut a, &mut b, &mut s, &mut out);
    let mut l = Vec::new();
    for i in 0..p.n {
        for t in 0..p.months {
            for k in 0..3 {
                if !p.consts[i * 3 + k].noise_model.is_none() {
                    l.push(s.expected()[(i * p.months + t) * 3 + k] * p.exposure[i * p.months + t]);
                }
            }
        }
    }
    l
}

fn bench(c: &mut Criterion) {
    let lambda = means();
    let nm = NoiseModel::new(Noise::NegativeBinomial, 20.0);
    let models = [nm; L];
    let mut g = c.benchmark_group("draws");
    g.throughput(Throughput::Elements(L as u64));
    g.bench_function("scalar/8 trials", |b| {
        let mut trial = 0u64;
        b.iter(|| {
            let mut acc = 0.0;
            for t in 0..L as u64 {
                let mut lat = stream_rng(7, trial + t, 0);
                let mut noise = stream_rng(7, trial + t, 1);
                for &l in &lambda {
                    acc += normal(&mut lat);
                    acc += nm.draw(l, &mut noise);
                }
            }
            trial += L as u64;
            black_box(acc)
        })
    });
    for level in Level::available() {
        g.bench_function(format!("lanes/{level:?}/8 trials"), |b| {
            let mut trial = 0u64;
            b.iter(|| {
                let acc = level.run(
                    #[inline(always)]
                    || {
                        let mut lat = Lanes::for_trials(7, trial, 0).at_level(level);
                        let mut noise = Lanes::for_trials(7, trial, 1).at_level(level);
                        let prepared = NoiseLanes::new(&models);
                        let mut acc = [0.0; L];
                        for &l in &lambda {
                            let z = lat.normal();
                            let d = prepared.draw([l; L], &mut noise);
                            for j in 0..L {
                                acc[j] += z[j] + d[j];
                            }
                        }
                        acc
                    },
                );
                trial += L as u64;
                black_box(acc)
            })
        });
    }
    // Each sampler alone, one draw per cell (the workload's means for the Poisson).
    let shapes = GammaLanes::new([ibcf::model::sampler::GammaShape::new(20.0).expect("shape"); L]);
    type Scalar = fn(&mut ibcf::model::rng::TrialRng, f64) -> f64;
    let cases: [(&str, Scalar); 3] = [
        ("normal", |r, _| normal(r)),
        ("gamma", |r, _| {
            ibcf::model::sampler::GammaShape::new(20.0)
                .expect("shape")
                .sample(r)
        }),
        ("poisson", |r, l| ibcf::model::sampler::poisson(l, r)),
    ];
    for (name, f) in cases {
        g.bench_function(format!("scalar/{name}"), |b| {
            let mut trial = 0u64;
            b.iter(|| {
                let mut acc = 0.0;
                for t in 0..L as u64 {
                    let mut r = stream_rng(7, trial + t, 1);
                    for &l in &lambda {
                        acc += f(&mut r, l);
                    }
                }
                trial += L as u64;
                black_box(acc)
            })
        });
        for level in Level::available() {
            g.bench_function(format!("lanes/{level:?}/{name}"), |b| {
                let mut trial = 0u64;
                b.iter(|| {
                    let acc = level.run(
                        #[inline(always)]
                        || {
                            let mut r = Lanes::for_trials(7, trial, 1).at_level(level);
                            let mut acc = [0.0; L];
                            for &l in &lambda {
                                let d = match name {
                                    "normal" => r.normal(),
                                    "gamma" => r.gamma(&shapes),
                                    _ => r.poisson([l; L], ibcf::model::sampler::HUGE_MEAN),
                                };
                                for j in 0..L {
                                    acc[j] += d[j];
                                }
                            }
                            acc
                        },
                    );
                    trial += L as u64;
                    black_box(acc)
                })
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
