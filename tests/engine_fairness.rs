//! Decisions scored against true performance: the latent ("deserved")
//! decision on every trial, `[fairness] intent`, and the fairness tallies,
//! checked against closed forms and independent counts.

use ibcf::engine::{RunConfig, run, run_with_noise_check};
use ibcf::scenario::plan::{
    Action, CriterionKind, METRIC_ASC, ModelKind, Noise, NoiseSampler, Plan, STREAMS, Share,
};
use ibcf::scenario::{self, testkit};
use statrs::distribution::{DiscreteCDF, NegativeBinomial};
use std::path::PathBuf;

/// Two councils with flat, deterministic latent asc rates 2.0 and 3.0 a
/// day per 100,000 (population 100,000, so September's exposure is 30) and
/// negative binomial observation noise (dispersion `k`); one criterion,
/// "September's asc rate above 2.51", one option reviewing on it.
fn nb_plan(k: f64, trials: u64) -> Plan {
    let mut p = testkit::plan(2, 1, 6, "2017-08", "2017-09", 2.0);
    let hm = p.history.n_months;
    for r in &mut p.history.rates[hm * STREAMS..] {
        *r = 3.0;
    }
    let mut tr = testkit::trajectory(ModelKind::Deterministic, 0.0);
    tr.noise = Noise::NegativeBinomial;
    tr.dispersion = k;
    testkit::set_trajectory(&mut p, &tr);
    let kind = CriterionKind::AboveRate { threshold: 2.51 };
    testkit::add_criterion(&mut p, "high", kind, METRIC_ASC, "2017-09", 1);
    testkit::add_option(&mut p, "a", "high", Action::Withhold, Share::Flat(0.5));
    p.noise_sampler = NoiseSampler::Exact;
    p.trials = trials;
    p.seed = 20_250_101;
    p
}

/// P(count >= 76) for a negative binomial count of mean `lambda`, dispersion `k`.
fn nb_above_75(lambda: f64, k: f64) -> f64 {
    let nb = NegativeBinomial::new(k, k / (k + lambda)).expect("valid NB");
    1.0 - nb.cdf(75)
}

fn within_4se(got: u64, want: f64, n: u64, what: &str) {
    let p = got as f64 / n as f64;
    let se = (want * (1.0 - want) / n as f64).sqrt();
    assert!(
        (p - want).abs() <= 4.0 * se,
        "{what}: got {p}, want {want} ± 4×{se}"
    );
}

/// Council 0's latent rate (2.0) is below the threshold, so it never
/// deserves review and is wrongly reviewed exactly when its observed count
/// exceeds 75.3 (the NB tail with mean 60); council 1's (3.0) is above, so
/// it always deserves review and is wrongly spared when its count is at
/// most 75 (the NB distribution function with mean 90).
#[test]
fn p_wrongly_reviewed_is_the_exact_negative_binomial_tail() {
    let k = 5.0;
    let p = nb_plan(k, 6000);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let o = &res.options[0];
    let n = p.trials;
    within_4se(
        o.wrongly_reviewed[0],
        nb_above_75(60.0, k),
        n,
        "p_wrongly_reviewed",
    );
    within_4se(
        o.wrongly_spared[1],
        1.0 - nb_above_75(90.0, k),
        n,
        "p_wrongly_spared",
    );
    // Council 0 never deserves review, council 1 always does.
    assert_eq!(o.wrongly_reviewed[0], o.reviewed[0]);
    assert_eq!((o.wrongly_spared[0], o.wrongly_reviewed[1]), (0, 0));
    assert_eq!(o.wrongly_spared[1], n - o.reviewed[1]);
    // The national means are the per-council counts summed over trials.
    let t = n as f64;
    let f = &o.fairness;
    let sum = |v: &[u64]| v.iter().sum::<u64>() as f64 / t;
    assert!((f.wrongly_reviewed.mean - sum(&o.wrongly_reviewed)).abs() < 1e-9);
    assert!((f.wrongly_spared.mean - sum(&o.wrongly_spared)).abs() < 1e-9);
    assert!((f.rightly_reviewed.mean - o.reviewed[1] as f64 / t).abs() < 1e-9);
    // Funding wrongly at risk: council 0's half of its £1m when wrongly reviewed.
    let want = o.wrongly_reviewed[0] as f64 * 500_000.0 / t;
    assert!((f.wrong_funding.mean - want).abs() < 1e-6 * want.max(1.0));
}

/// Without noise the observed decision is the latent one: nothing is wrong.
#[test]
fn without_noise_no_council_is_wrongly_reviewed_or_spared() {
    let mut p = nb_plan(5.0, 300);
    p.trajectories
        .iter_mut()
        .for_each(|t| t.noise = Noise::None);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let o = &res.options[0];
    assert_eq!(o.reviewed, vec![0, p.trials]);
    assert!(
        o.wrongly_reviewed
            .iter()
            .chain(&o.wrongly_spared)
            .all(|&x| x == 0)
    );
    assert_eq!(o.fairness.rightly_reviewed.mean, 1.0);
}

/// The stated intent replaces the option's own rule as "deserved": an
/// intent that no council meets makes every review wrong and sparing none.
#[test]
fn intent_replaces_the_options_rule() {
    let mut p = nb_plan(5.0, 500);
    testkit::add_criterion(
        &mut p,
        "never",
        CriterionKind::AboveRate { threshold: 1e9 },
        METRIC_ASC,
        "2017-09",
        1,
    );
    p.fairness_intent = Some(ibcf::scenario::expr::Expr::Crit(1));
    let res = run(&p, &RunConfig::default()).expect("runs");
    let o = &res.options[0];
    assert_eq!(o.wrongly_reviewed, o.reviewed);
    assert_eq!(o.wrongly_spared, vec![0, 0]);
}

/// Fairness counts are the same for any thread count, and the noise check
/// (which shares the latent decision) leaves them unchanged.
#[test]
fn fairness_is_deterministic_across_threads_and_noise_check() {
    let p = testkit::rich_plan(700);
    let one = RunConfig {
        threads: Some(1),
        ..RunConfig::default()
    };
    let a = run(&p, &one).expect("runs");
    let b = run_with_noise_check(&p, &RunConfig::default()).expect("runs");
    for (x, y) in a.options.iter().zip(&b.options) {
        assert_eq!(x.wrongly_reviewed, y.wrongly_reviewed);
        assert_eq!(x.wrongly_spared, y.wrongly_spared);
        assert_eq!(x.fairness, y.fairness);
    }
    // With the option's own rule as intent, wrongly spared = latent-reviewed
    // minus both; latent reviews are the noise check's counts.
    let quiet = b.without_noise.as_ref().expect("noise check ran");
    for (o, r) in b.options.iter().enumerate() {
        let latent: Vec<u64> = (r.reviewed.iter().zip(&r.wrongly_reviewed))
            .zip(&r.wrongly_spared)
            .map(|((rev, wrong), spared)| rev - wrong + spared)
            .collect();
        assert_eq!(quiet[o], latent, "option {o}");
    }
}

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

#[test]
fn fairness_intent_is_read_from_the_scenario() {
    let set = ["fairness.intent = \"missed_september and high_asc_rate\"".to_string()];
    let p = scenario::load(&tutorial(), &set).expect("loads");
    let e = p.fairness_intent.expect("intent read");
    let mut used = Vec::new();
    e.criteria(&mut used);
    let names: Vec<&str> = used.iter().map(|&c| p.criteria[c].name.as_str()).collect();
    assert_eq!(names, ["missed_september", "high_asc_rate"]);
    let plain = scenario::load(&tutorial(), &[]).expect("loads");
    assert!(plain.fairness_intent.is_none());
}

#[test]
fn unknown_criterion_in_intent_names_the_key_path() {
    let set = ["fairness.intent = \"missed_septembr\"".to_string()];
    let err = scenario::load(&tutorial(), &set).expect_err("refused");
    let text = err.render();
    assert!(text.contains("fairness.intent"), "{text}");
    assert!(text.contains("missed_septembr"), "{text}");
    assert!(text.contains("missed_september"), "did-you-mean: {text}");
}

#[test]
fn unknown_key_in_fairness_is_refused() {
    let set = ["fairness.intnt = \"missed_september\"".to_string()];
    let err = scenario::load(&tutorial(), &set).expect_err("refused");
    assert!(err.render().contains("intnt"), "{}", err.render());
}
