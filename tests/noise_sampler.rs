//! The `normal_poisson` noise sampler (DECISIONS #51) against closed forms
//! and against the exact sampler on the national workload. Every check has
//! a negative control: a deliberately wrong sampler or noise that the same
//! comparison must reject, so the tolerances are shown to have power.

use ibcf::RunConfig;
use ibcf::engine::run;
use ibcf::model::noise::NoiseModel;
use ibcf::model::sampler::{GammaShape, NORMAL_POISSON_FROM, poisson};
use ibcf::scenario::plan::{Noise, NoiseSampler, Plan};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use std::path::Path;

/// Negative binomial dispersion of the national workload.
const K: f64 = 20.0;

/// Whether `n` draws from `draw` have mean `lambda` and variance
/// `lambda + lambda²/k` within 4 SE; the reason when not.
fn nb_moments_ok(
    lambda: f64,
    k: f64,
    n: usize,
    mut draw: impl FnMut() -> f64,
) -> Result<(), String> {
    let xs: Vec<f64> = (0..n).map(|_| draw()).collect();
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (nf - 1.0);
    let m4 = xs.iter().map(|x| (x - mean).powi(4)).sum::<f64>() / nf;
    let want_var = lambda + lambda * lambda / k;
    let se_mean = (want_var / nf).sqrt();
    // SE of a sample variance, sqrt((mu4 - var²)/n), from the sample mu4.
    let se_var = ((m4 - var * var) / nf).sqrt();
    if (mean - lambda).abs() > 4.0 * se_mean {
        return Err(format!(
            "lambda {lambda}: mean {mean}, {:.1} SE off",
            (mean - lambda) / se_mean
        ));
    }
    if (var - want_var).abs() > 4.0 * se_var {
        return Err(format!(
            "lambda {lambda}: variance {var} vs {want_var}, {:.1} SE off",
            (var - want_var) / se_var
        ));
    }
    Ok(())
}

/// The approximate negative binomial draw has the closed-form mean and
/// variance below, around and above the threshold (the approximation's
/// extra 1/12 of variance is far below 1 SE at these sample sizes).
#[test]
fn normal_poisson_nb_mean_and_variance_match_closed_form() {
    let nm = NoiseModel::new(Noise::NegativeBinomial, K).with_sampler(NoiseSampler::NormalPoisson);
    for (i, lambda) in [60.0, 100.0, 117.0, 200.0, 320.0, 1000.0, 20_000.0]
        .into_iter()
        .enumerate()
    {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(100 + i as u64);
        nb_moments_ok(lambda, K, 200_000, || nm.draw(lambda, &mut rng))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Plain Poisson noise with the approximation: mean and variance lambda.
#[test]
fn normal_poisson_poisson_noise_mean_and_variance() {
    let nm = NoiseModel::new(Noise::Poisson, 0.0).with_sampler(NoiseSampler::NormalPoisson);
    for (i, lambda) in [100.0, 150.0, 900.0].into_iter().enumerate() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(200 + i as u64);
        // k = infinity: variance lambda.
        nb_moments_ok(lambda, f64::INFINITY, 200_000, || nm.draw(lambda, &mut rng))
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

/// Negative control for the moment check: a sampler whose Poisson mean is
/// scaled by 1.3 fails it, and so does one that drops the gamma mixing.
#[test]
fn moment_check_rejects_wrong_samplers() {
    let g = GammaShape::new(K).expect("shape");
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(300);
    for lambda in [117.0, 320.0] {
        let scaled = nb_moments_ok(lambda, K, 200_000, || {
            poisson(1.3 * g.sample(&mut rng) * lambda / K, &mut rng)
        });
        assert!(scaled.is_err(), "1.3 x mean not detected at {lambda}");
        let unmixed = nb_moments_ok(lambda, K, 200_000, || poisson(lambda, &mut rng));
        assert!(unmixed.is_err(), "missing gamma not detected at {lambda}");
    }
}

/// The switch: below the threshold the approximate sampler draws exactly
/// what the exact one draws (same stream, same values); from it on, it
/// draws something else.
#[test]
fn normal_poisson_is_exact_below_threshold_only() {
    let exact = NoiseModel::new(Noise::Poisson, 0.0);
    let approx = exact.with_sampler(NoiseSampler::NormalPoisson);
    assert_eq!(exact.with_sampler(NoiseSampler::Exact), exact);
    let draws = |nm: &NoiseModel, lambda: f64| {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
        (0..1000)
            .map(|_| nm.draw(lambda, &mut rng))
            .collect::<Vec<_>>()
    };
    for lambda in [0.5, 9.0, 40.0, NORMAL_POISSON_FROM - 0.01] {
        assert_eq!(draws(&exact, lambda), draws(&approx, lambda), "{lambda}");
    }
    for lambda in [NORMAL_POISSON_FROM, 500.0] {
        assert_ne!(draws(&exact, lambda), draws(&approx, lambda), "{lambda}");
    }
}

fn national(sets: &[&str]) -> Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/workloads/national");
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    match ibcf::load(&dir, &sets) {
        Ok(p) => p,
        Err(d) => panic!("did not load:\n{}", d.render()),
    }
}

const TRIALS: u64 = 20_000;

/// Per option, per council: trials reviewed.
fn reviewed(plan: &Plan) -> Vec<Vec<u64>> {
    let cfg = RunConfig {
        threads: Some(2),
        ..RunConfig::default()
    };
    let res = run(plan, &cfg).expect("runs");
    assert_eq!(res.trials, TRIALS);
    res.options.into_iter().map(|o| o.reviewed).collect()
}

/// The largest difference in review probability, in SE of the difference
/// of two proportions (`p(1-p)/n` floored at `1/n²` per side, i.e. an SE of
/// at least 1/n), over every council and option; with where it is.
fn worst_z(a: &[Vec<u64>], b: &[Vec<u64>]) -> (f64, usize, usize) {
    let n = TRIALS as f64;
    let mut worst = (0.0, 0, 0);
    for (o, (ra, rb)) in a.iter().zip(b).enumerate() {
        assert_eq!(ra.len(), rb.len());
        for (i, (&x, &y)) in ra.iter().zip(rb).enumerate() {
            let (p1, p2) = (x as f64 / n, y as f64 / n);
            let var = |p: f64| (p * (1.0 - p) / n).max(1.0 / (n * n));
            let z = (p1 - p2).abs() / (var(p1) + var(p2)).sqrt();
            if z > worst.0 {
                worst = (z, o, i);
            }
        }
    }
    worst
}

/// Review probabilities on the national workload agree between the exact
/// and the approximate sampler (same seed) within 4 SE for every council
/// under every option; a wrong noise (dispersion 16 instead of 20, with the
/// exact sampler) is caught by the same comparison.
#[test]
fn national_review_probabilities_match_exact_sampler() {
    let trials = format!("simulation.trials={TRIALS}");
    let exact = national(&[&trials]);
    let approx = national(&[&trials, "simulation.noise_sampler=\"normal_poisson\""]);
    assert_eq!(approx.noise_sampler, NoiseSampler::NormalPoisson);
    assert_eq!(exact.noise_sampler, NoiseSampler::Exact);
    let (re, ra) = (reviewed(&exact), reviewed(&approx));
    assert_ne!(re, ra, "the approximation changed nothing");
    assert!(
        re.iter().flatten().any(|&x| x > 0 && x < TRIALS),
        "no council with a review probability strictly between 0 and 1"
    );
    let (z, o, i) = worst_z(&re, &ra);
    eprintln!("exact vs normal_poisson: worst {z:.2} SE (option {o}, council {i})");
    assert!(
        z < 4.0,
        "option {o}, council {i}: {} vs {} reviewed, {z:.2} SE apart",
        re[o][i],
        ra[o][i]
    );

    // Negative control: a deliberately wrong noise distribution.
    let wrong = national(&[&trials, "trajectory.dispersion=16.0"]);
    let (z, _, _) = worst_z(&re, &reviewed(&wrong));
    eprintln!("exact vs dispersion 16: worst {z:.2} SE");
    assert!(
        z > 4.0,
        "dispersion 16 vs 20 not detected (worst {z:.2} SE)"
    );
}

/// Unknown words get the usual error, naming the key path with a suggestion.
#[test]
fn unknown_noise_sampler_is_a_clear_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/workloads/national");
    let err = ibcf::load(
        &dir,
        &["simulation.noise_sampler=\"normal_poison\"".to_string()],
    )
    .expect_err("unknown word");
    let text = err.render();
    assert!(text.contains("simulation.noise_sampler"), "{text}");
    assert!(text.contains("unknown value `normal_poison`"), "{text}");
    assert!(text.contains("did you mean `normal_poisson`?"), "{text}");
    let err = ibcf::load(&dir, &["simulation.noise_sampler=3".to_string()]).expect_err("number");
    assert!(err.render().contains("simulation.noise_sampler"));
}

/// `explain` names the approximation when it is chosen, and says nothing
/// about the sampler for the exact default.
#[test]
fn explain_names_the_approximation_only_when_chosen() {
    use ibcf::explain::describe;
    let exact = describe(&national(&[]));
    assert!(!exact.contains("Noise sampler"), "{exact}");
    let approx = describe(&national(&["simulation.noise_sampler=\"normal_poisson\""]));
    assert!(
        approx.contains("Noise sampler normal_poisson: Poisson counts with mean 100 or more"),
        "{approx}"
    );
    let quiet = describe(&national(&[
        "simulation.noise_sampler=\"normal_poisson\"",
        "trajectory.noise=\"none\"",
    ]));
    assert!(
        !quiet.contains("Noise sampler"),
        "no noise, nothing to approximate"
    );
}
