//! A fixed amount of the lanes bench's work (`benches/lanes.rs`), for
//! counting instructions, which stays repeatable on a loaded machine:
//!
//! ```sh
//! cargo build --release --example lanes_draws
//! valgrind --tool=callgrind target/release/examples/lanes_draws scalar 8
//! valgrind --tool=callgrind target/release/examples/lanes_draws Avx512 8
//! ```
//!
//! Arguments: `scalar` or a level (`Baseline`, `Avx2`, `Avx512`), the
//! number of 8-trial batches, and optionally `nb` (default: the whole
//! normal + NB draw), `normal`, `gamma` or `poisson`. Prints the checksum
//! (the same for every path) and the means' profile.

use ibcf::model::noise::NoiseLanes;
use ibcf::model::noise::NoiseModel;
use ibcf::model::rng::stream_rng;
use ibcf::model::sampler::lanes::{GammaLanes, L, Lanes};
use ibcf::model::sampler::simd::Level;
use ibcf::model::sampler::{GammaShape, HUGE_MEAN, normal, poisson};
use ibcf::scenario::plan::Noise;

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

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map_or("scalar", String::as_str);
    let batches: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(8);
    let what = args.get(2).map_or("nb", String::as_str);
    let lambda = means();
    let below = lambda.iter().filter(|&&l| l < 10.0).count();
    eprintln!("{} means, {below} below 10, median {:.1}", lambda.len(), {
        let mut s = lambda.clone();
        s.sort_by(f64::total_cmp);
        s[s.len() / 2]
    });
    let nm = NoiseModel::new(Noise::NegativeBinomial, 20.0);
    let models = [nm; L];
    let shape = GammaShape::new(20.0).expect("shape");
    let mut sum = 0.0;
    for batch in 0..batches {
        let trial = batch * L as u64;
        if mode == "scalar" {
            for t in 0..L as u64 {
                let mut lat = stream_rng(7, trial + t, 0);
                let mut noise = stream_rng(7, trial + t, 1);
                let mut acc = 0.0;
                for &l in &lambda {
                    acc += match what {
                        "normal" => normal(&mut noise),
                        "gamma" => shape.sample(&mut noise),
                        "poisson" => poisson(l, &mut noise),
                        _ => normal(&mut lat) + nm.draw(l, &mut noise),
                    };
                }
                sum += acc;
            }
            continue;
        }
        let level = Level::ALL
            .into_iter()
            .find(|l| format!("{l:?}") == mode)
            .expect("scalar, Baseline, Avx2 or Avx512");
        let acc = level.run(
            #[inline(always)]
            || {
                let mut lat = Lanes::for_trials(7, trial, 0);
                let mut noise = Lanes::for_trials(7, trial, 1);
                let prepared = NoiseLanes::new(&models);
                let mut acc = [0.0; L];
                for &l in &lambda {
                    let d = match what {
                        "normal" => noise.normal(),
                        "gamma" => noise.gamma(&GammaLanes::new([shape; L])),
                        "poisson" => noise.poisson([l; L], HUGE_MEAN),
                        _ => {
                            let z = lat.normal();
                            let d = prepared.draw([l; L], &mut noise);
                            std::array::from_fn(|j| z[j] + d[j])
                        }
                    };
                    for j in 0..L {
                        acc[j] += d[j];
                    }
                }
                acc
            },
        );
        // Summed in trial order, as the scalar loop does.
        for a in acc.unwrap_or_else(|| panic!("this CPU lacks {level:?}")) {
            sum += a;
        }
    }
    println!("{mode} {what}: {batches} x 8 trials, checksum {sum}");
}
