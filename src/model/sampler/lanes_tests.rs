//! Every lane equals the scalar sampler on the same stream, bit for bit,
//! over long sequences that pass through the slow paths (ziggurat tail and
//! wedges, gamma rejections, shapes below 1), and the generators end in
//! the same state.

use super::*;
use crate::model::rng::{TrialRng, stream_rng};
use crate::model::sampler::GammaShape;
use crate::model::sampler::uniform;
use rand::Rng;

const SEED: u64 = 2027;
const FIRST: u64 = 1_000_003;

fn scalar(stream: u64) -> Vec<TrialRng> {
    (0..L as u64)
        .map(|j| stream_rng(SEED, FIRST + j, stream))
        .collect()
}

/// The generic lanes and, where this CPU has AVX2, the lanes with their
/// AVX2 fast paths (`lanes_v3`), each on trials `FIRST..FIRST + 8`'s
/// stream `stream`: every test below runs both against the scalar code.
fn paths(stream: u64) -> Vec<Lanes> {
    use crate::model::sampler::simd::Level;
    let levels = Level::available();
    let mut all = vec![Lanes::for_trials(SEED, FIRST, stream)];
    if levels.contains(&Level::Avx2) {
        let fast = Lanes::for_trials(SEED, FIRST, stream).at_level(Level::Avx2);
        assert!(
            fast.v3().is_some(),
            "AVX2 available but its fast paths are off"
        );
        all.push(fast);
    }
    all
}

/// The lanes and the scalar generators are in the same state.
fn same_state(lanes: &mut Lanes, rngs: &mut [TrialRng]) {
    let next = lanes.clone().next_u64();
    for (j, r) in rngs.iter_mut().enumerate() {
        assert_eq!(next[j], r.clone().next_u64(), "lane {j} state");
    }
}

#[test]
fn words_equal_the_scalar_generators() {
    for mut lanes in paths(1) {
        let mut rngs = scalar(1);
        for _ in 0..10_000 {
            let w = lanes.next_u64();
            for (j, r) in rngs.iter_mut().enumerate() {
                assert_eq!(w[j], r.next_u64());
            }
        }
        // A lane used as a scalar generator steps that lane only.
        let a = lanes.lane(3).next_u64();
        assert_eq!(a, rngs[3].next_u64());
        same_state(&mut lanes, &mut rngs);
    }
}

#[test]
fn masked_draws_advance_only_their_lanes() {
    for mut lanes in paths(0) {
        let mut rngs = scalar(0);
        let mut pick = stream_rng(1, 2, 0);
        for _ in 0..10_000 {
            let bits = pick.next_u64();
            let mask: [bool; L] = std::array::from_fn(|j| bits >> j & 1 == 1);
            let u = lanes.uniform_masked(mask);
            for (j, r) in rngs.iter_mut().enumerate() {
                if mask[j] {
                    assert_eq!(u[j].to_bits(), uniform(r).to_bits());
                }
            }
        }
        same_state(&mut lanes, &mut rngs);
    }
}

#[test]
fn normals_equal_the_scalar_ziggurat() {
    for mut lanes in paths(0) {
        let mut rngs = scalar(0);
        let mut tail = 0;
        for _ in 0..250_000 {
            let x = lanes.normal();
            for (j, r) in rngs.iter_mut().enumerate() {
                assert_eq!(x[j].to_bits(), normal(r).to_bits(), "lane {j}");
                tail += usize::from(x[j].abs() > 3.654_152_885_361_009);
            }
        }
        // 2 million normals: ~500 expected beyond R (the tail algorithm), and
        // ~1% through the wedges.
        assert!(tail > 300, "tail draws {tail}");
        same_state(&mut lanes, &mut rngs);
    }
}

#[test]
fn gammas_equal_marsaglia_tsang_with_rejections_and_small_shapes() {
    let shapes: [GammaShape; L] =
        [0.05, 0.3, 0.7, 1.0, 1.5, 2.5, 20.0, 300.0].map(|a| GammaShape::new(a).expect("shape"));
    for mut lanes in paths(1) {
        let mut rngs = scalar(1);
        // The same shape everywhere, and the shapes rotated, so that every
        // lane meets small shapes (v <= 0, the boost) and rejections.
        for round in 0..100_000 {
            let s: [GammaShape; L] = std::array::from_fn(|j| shapes[(j + round) % L]);
            let g = lanes.gamma(&GammaLanes::new(s));
            for (j, r) in rngs.iter_mut().enumerate() {
                assert_eq!(
                    g[j].to_bits(),
                    s[j].sample(r).to_bits(),
                    "lane {j}, round {round}"
                );
            }
            if round % 7 == 0 {
                let x = lanes.normal();
                for (j, r) in rngs.iter_mut().enumerate() {
                    assert_eq!(x[j].to_bits(), normal(r).to_bits());
                }
            }
        }
        same_state(&mut lanes, &mut rngs);
    }
}

#[test]
fn poissons_equal_the_scalar_sampler_in_every_regime() {
    use crate::model::sampler::{HUGE_MEAN, NORMAL_POISSON_FROM, poisson_up_to};
    for mut lanes in paths(1) {
        let mut rngs = scalar(1);
        let mut mean_rng = stream_rng(3, 4, 1);
        // Means across inversion, PTRS (where its exact test and rejections
        // are common, in both forms of ln k!), normal_poisson, and degenerate
        // ones.
        let specials = [f64::NAN, 0.0, -1.0, 1e-9, 9.999, 10.0, 1e16];
        for round in 0..100_000 {
            let lambda: [f64; L] = std::array::from_fn(|j| {
                let u = uniform(&mut mean_rng);
                match (round + j) % 9 {
                    0 => specials[(round / 9 + j) % specials.len()],
                    1 | 2 => 10.0 * u,
                    3 => 100.0 + 900.0 * u,
                    // Counts beyond 1,023: the Stirling form of the exact test.
                    4 => 900.0 + 4000.0 * u,
                    _ => 10.0 + 90.0 * u,
                }
            });
            let ptrs_to = if round % 2 == 0 {
                HUGE_MEAN
            } else {
                NORMAL_POISSON_FROM.next_down()
            };
            let k = lanes.poisson(lambda, ptrs_to);
            for (j, r) in rngs.iter_mut().enumerate() {
                let want = poisson_up_to(lambda[j], ptrs_to, r);
                assert_eq!(
                    k[j].to_bits(),
                    want.to_bits(),
                    "lane {j}, mean {}",
                    lambda[j]
                );
            }
        }
        same_state(&mut lanes, &mut rngs);
    }
}

#[test]
fn noise_draws_equal_the_scalar_noise_model() {
    use crate::model::noise::NoiseModel;
    use crate::scenario::plan::{Noise, NoiseSampler};
    for mut lanes in paths(1) {
        let mut rngs = scalar(1);
        let mut mean_rng = stream_rng(5, 6, 1);
        for round in 0..50_000 {
            let kind = [Noise::NegativeBinomial, Noise::Poisson, Noise::None][round % 3];
            let sampler = [NoiseSampler::Exact, NoiseSampler::NormalPoisson][round / 3 % 2];
            // Per-lane dispersions (drawn per trial), one lane sometimes a
            // different kind or a degenerate mean: the lane-by-lane fallback.
            let models: [NoiseModel; L] = std::array::from_fn(|j| {
                let kk = if round % 5 == 0 && j == 2 {
                    Noise::Poisson
                } else {
                    kind
                };
                NoiseModel::new(kk, [0.4, 5.0, 20.0, 80.0][(round + j) % 4]).with_sampler(sampler)
            });
            let lambda: [f64; L] = std::array::from_fn(|j| {
                if round % 11 == 0 && j == 5 {
                    0.0
                } else {
                    0.5 + 300.0 * uniform(&mut mean_rng)
                }
            });
            let d = NoiseModel::draw_lanes(&models, lambda, &mut lanes);
            for (j, r) in rngs.iter_mut().enumerate() {
                let want = models[j].draw(lambda[j], r);
                assert_eq!(d[j].to_bits(), want.to_bits(), "lane {j}, round {round}");
            }
        }
        same_state(&mut lanes, &mut rngs);
    }
}

#[test]
fn u53_is_the_conversion() {
    for v in [
        0u64,
        1,
        2,
        3,
        (1 << 52) - 1,
        1 << 52,
        (1 << 53) - 1,
        (1 << 53) - 2,
    ] {
        assert_eq!(u53(v).to_bits(), (v as f64).to_bits(), "{v}");
    }
    let mut r = stream_rng(8, 8, 0);
    for _ in 0..100_000 {
        let v = r.next_u64() >> 11;
        assert_eq!(u53(v).to_bits(), (v as f64).to_bits(), "{v}");
    }
}

/// Normals, gammas (shapes below and above 1), Poisson counts in every
/// regime and negative binomial noise from one pair of lane sets, every
/// value's bits in order: the same work at each vector level.
#[inline(always)]
fn mixed_draws(rounds: usize, level: crate::model::sampler::simd::Level) -> Vec<u64> {
    use crate::model::noise::NoiseModel;
    use crate::model::sampler::HUGE_MEAN;
    use crate::scenario::plan::Noise;
    let mut lanes = Lanes::for_trials(SEED, FIRST, 1).at_level(level);
    let mut means = Lanes::for_trials(SEED, FIRST, 2).at_level(level);
    let shapes =
        [0.3, 0.9, 1.0, 2.0, 20.0, 20.0, 80.0, 400.0].map(|a| GammaShape::new(a).expect("shape"));
    let nb = [0.4, 5.0, 20.0, 20.0, 20.0, 80.0, 20.0, 20.0]
        .map(|k| NoiseModel::new(Noise::NegativeBinomial, k));
    let mut out = Vec::with_capacity(rounds * 4 * L + 4 * L);
    for round in 0..rounds {
        let u = means.uniform();
        let scale = [0.5, 8.0, 30.0, 300.0, 3000.0][round % 5];
        let lambda = u.map(|u| 0.1 + scale * u);
        let draws = [
            lanes.normal(),
            lanes.gamma(&GammaLanes::new(shapes)),
            lanes.poisson(lambda, HUGE_MEAN),
            NoiseModel::draw_lanes(&nb, lambda, &mut lanes),
        ];
        out.extend(draws.iter().flatten().map(|x| x.to_bits()));
    }
    out.extend(lanes.next_u64());
    out
}

/// The lane samplers give the same bits at every vector level this CPU
/// has (baseline, AVX2 with its fast paths, AVX-512 through
/// `simd::Level`), and the same as the scalar samplers lane by lane (the
/// tests above, generic and AVX2).
#[test]
fn every_vector_level_draws_the_same_bits() {
    use crate::model::sampler::simd::Level;
    let rounds = 20_000;
    let baseline = mixed_draws(rounds, Level::Baseline);
    let levels = Level::available();
    assert_eq!(levels[0], Level::Baseline);
    for level in &levels[1..] {
        let got = level
            .run(
                #[inline(always)]
                || mixed_draws(rounds, *level),
            )
            .expect("an available level runs");
        assert_eq!(got.len(), baseline.len());
        if let Some(i) = (0..got.len()).find(|&i| got[i] != baseline[i]) {
            panic!("{level:?} differs from the baseline at value {i}");
        }
    }
    // Baseline lane 3's normals are the scalar sampler's (the whole
    // sequence is checked lane by lane in the tests above).
    let mut r = stream_rng(SEED, FIRST + 3, 1);
    assert_eq!(baseline[3], normal(&mut r).to_bits());
    eprintln!("levels compared: {levels:?}");
}

#[test]
fn mask_bits_puts_lane_j_on_bit_j() {
    for b in 0u32..256 {
        let m: [bool; L] = std::array::from_fn(|j| b >> j & 1 == 1);
        assert_eq!(mask_bits(m), b);
    }
    assert_eq!(ALL, 0xff);
}
