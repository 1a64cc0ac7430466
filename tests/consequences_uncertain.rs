//! `[consequences]` parameters written as distributions: per-trial draws
//! reach each figure as the closed forms say (a uniform avoidable share, a
//! lognormal bed-day cost), council scope spreads less than national scope
//! (negative control: the national closed form is rejected), results do
//! not depend on threads or chunks, adding a consequences distribution
//! leaves every other figure bit-identical, and the loader registers,
//! names and range-checks them.

use ibcf::Plan;
use ibcf::consequences::figures::{council, national};
use ibcf::consequences::tally::{AVOIDABLE_MILLI, VALUE_PENCE};
use ibcf::engine::{RunConfig, run};
use ibcf::scenario::dist::{Dist, Scope, Uncertain};
use ibcf::scenario::plan::Consequences;
use ibcf::scenario::plan::{Action, CriterionKind, METRIC_ASC, ModelKind, Share};
use ibcf::scenario::plan::{Key, Placement, Readmission};
use ibcf::scenario::testkit;
use ibcf::scenario::uncertain::Param;
use std::path::PathBuf;

const TRIALS: u64 = 20_000;

fn params(n: usize) -> Consequences {
    Consequences {
        bed_day_cost: 313.0,
        mean_delay_days: 11.8,
        to_care_home: (0..n).map(|i| 0.3 + 0.1 * i as f64).collect(),
        nursing_share: vec![0.5; n],
        avoidable: 1.0 / 3.0,
        residential: Placement {
            weekly_fee: 565.0,
            stay_weeks: 78.0,
        },
        nursing: Placement {
            weekly_fee: 606.0,
            stay_weeks: 114.0,
        },
        readmission: Readmission::default(),
        drawn: Vec::new(),
        assumptions: Vec::new(),
    }
}

/// Two councils on deterministic paths pulled towards an asc target: the
/// days avoided, and so the placements, are the same in every trial.
fn deterministic() -> Plan {
    let mut p = testkit::plan(2, 1, 3, "2017-08", "2017-11", 6.0);
    let mut tr = testkit::trajectory(ModelKind::Deterministic, 0.0);
    tr.pull = 0.3;
    tr.offset = 0.1;
    testkit::set_trajectory(&mut p, &tr);
    p.councils.population_18plus = vec![100_000.0, 250_000.0];
    let tgt = testkit::add_target(&mut p, METRIC_ASC, "2017-09", 2.0);
    let kind = CriterionKind::MissedTarget {
        target: tgt,
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-09", 1);
    testkit::add_option(
        &mut p,
        "flat",
        "missed",
        Action::Withhold,
        Share::Flat(0.33),
    );
    p.trials = TRIALS;
    p.consequences = Some(params(2));
    p
}

/// Makes `key` of `[consequences]` a distribution (its centre the mean).
fn draw(p: &mut Plan, key: Key, path: &str, dist: Dist, scope: Scope) {
    let k = p.params.len();
    let u = Uncertain { dist, scope };
    p.params
        .push(Param::new(path.into(), Default::default(), u));
    let c = p.consequences.as_mut().expect("on");
    c.drawn.push((key, k));
    match key {
        Key::Avoidable => c.avoidable = dist.mean(),
        Key::BedDayCost => c.bed_day_cost = dist.mean(),
        _ => unreachable!("only the keys these tests draw"),
    }
}

/// |z| of `got` against `want` with standard error `se`.
fn z(got: f64, want: f64, se: f64) -> f64 {
    (got - want).abs() / se
}

/// Per-trial national avoidable admissions, people.
fn avoidable_per_trial(p: &Plan) -> Vec<f64> {
    let res = run(p, &RunConfig::default()).expect("runs");
    let out = res.consequences.expect("on");
    out.trial[AVOIDABLE_MILLI]
        .iter()
        .map(|&v| v as f64 / 1000.0)
        .collect()
}

fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

/// Placements per council (deterministic: the same in every trial).
fn placements(p: &Plan) -> Vec<f64> {
    let res = run(p, &RunConfig::default()).expect("runs");
    let out = res.consequences.as_ref().expect("on");
    (0..2)
        .map(|i| {
            let f = council(out, res.trials, i).care_home_admissions;
            assert!(f.se < 1e-9, "deterministic paths: {f:?}");
            f.mean
        })
        .collect()
}

#[test]
fn a_uniform_avoidable_share_spreads_admissions_as_its_closed_form() {
    let base = deterministic();
    let pl = placements(&base);
    let total: f64 = pl.iter().sum();
    assert!(total > 1.0, "the pull places people: {pl:?}");
    let hi = 2.0 / 3.0;
    let mut p = base.clone();
    let u = Dist::Uniform { lo: 0.0, hi };
    draw(
        &mut p,
        Key::Avoidable,
        "consequences.avoidable",
        u,
        Scope::National,
    );
    let x = avoidable_per_trial(&p);
    let n = x.len() as f64;
    let (m, s) = mean_sd(&x);
    // Closed form: total × U, U uniform on [0, 2/3].
    let sigma = total * hi / 12f64.sqrt();
    assert!(z(m, total * hi / 2.0, sigma / n.sqrt()) < 4.0, "mean {m}");
    // se of a sample sd: σ √((kurtosis − 1) / n) / 2, kurtosis 1.8.
    assert!(
        z(s, sigma, sigma * (0.8 / n).sqrt() / 2.0) < 4.0,
        "sd {s} vs {sigma}"
    );
    // Quantiles: se √(p(1−p)/n) / density, density 1/(total × 2/3).
    let res = run(&p, &RunConfig::default()).expect("runs");
    let out = res.consequences.as_ref().expect("on");
    let nat = national(out).avoidable_admissions;
    for (got, q) in [(nat.p5, 0.05), (nat.p95, 0.95)] {
        let se = (q * (1.0 - q) / n).sqrt() * total * hi;
        assert!(z(got, q * total * hi, se) < 4.0 + 0.001 / se, "P{q}: {got}");
    }
    // Per council: mean and its reported se against the closed form.
    for (i, &pi) in pl.iter().enumerate() {
        let f = council(out, res.trials, i).avoidable_admissions;
        let se = pi * hi / 12f64.sqrt() / n.sqrt();
        assert!(z(f.mean, pi * hi / 2.0, se) < 4.0, "council {i}: {f:?}");
        assert!(
            (f.se / se - 1.0).abs() < 0.05,
            "council {i} se {} vs {se}",
            f.se
        );
        // Histogram quantiles (within a 1% bin) of the same draws.
        assert!(z(f.p95, 0.95 * pi * hi, (0.0475 / n).sqrt() * pi * hi) < 4.0 + 0.01 * f.p95);
    }
}

#[test]
fn council_scope_draws_independently_and_national_scope_does_not() {
    let base = deterministic();
    let pl = placements(&base);
    let hi = 2.0 / 3.0;
    let sd_u = hi / 12f64.sqrt();
    let u = Dist::Uniform { lo: 0.0, hi };
    let mut p = base.clone();
    draw(
        &mut p,
        Key::Avoidable,
        "consequences.avoidable",
        u,
        Scope::Council,
    );
    let (_, s) = mean_sd(&avoidable_per_trial(&p));
    let n = TRIALS as f64;
    let se = |sigma: f64| sigma * (0.8f64 / n).sqrt() / 2.0;
    // Independent draws: variances add.
    let council_sd = sd_u * pl.iter().map(|x| x * x).sum::<f64>().sqrt();
    assert!(
        z(s, council_sd, se(council_sd)) < 5.0,
        "{s} vs {council_sd}"
    );
    // Negative control: one shared draw would give the sum of the sds.
    let national_sd = sd_u * pl.iter().sum::<f64>();
    assert!(
        z(s, national_sd, se(national_sd)) > 8.0,
        "{s} vs {national_sd}"
    );
}

#[test]
fn a_lognormal_bed_day_cost_scales_the_value_of_beds_freed() {
    let base = deterministic();
    let res = run(&base, &RunConfig::default()).expect("runs");
    let bed_days = national(res.consequences.as_ref().expect("on"))
        .bed_days_freed
        .mean;
    let (meanlog, sdlog) = (313f64.ln(), 0.2);
    let mut p = base.clone();
    let d = Dist::LogNormal { meanlog, sdlog };
    draw(
        &mut p,
        Key::BedDayCost,
        "consequences.bed_day_cost",
        d,
        Scope::National,
    );
    let res = run(&p, &RunConfig::default()).expect("runs");
    let out = res.consequences.as_ref().expect("on");
    let v: Vec<f64> = out.trial[VALUE_PENCE]
        .iter()
        .map(|&x| x as f64 / 100.0)
        .collect();
    let (m, _) = mean_sd(&v);
    let want = bed_days * (meanlog + sdlog * sdlog / 2.0).exp();
    let sd = want * ((sdlog * sdlog).exp() - 1.0).sqrt();
    assert!(
        z(m, want, sd / (TRIALS as f64).sqrt()) < 4.0,
        "{m} vs {want}"
    );
    // Beds freed do not depend on what a bed-day costs.
    let nat = national(out);
    assert!((nat.bed_days_freed.mean - bed_days).abs() < 1e-9);
    assert!(nat.bed_days_value.sd > 0.0);
}

#[test]
fn drawn_consequences_do_not_depend_on_threads_or_chunks() {
    let mut p = testkit::rich_plan(600);
    for t in &mut p.trajectories {
        t.pull = 0.25;
    }
    p.consequences = Some(params(p.councils.len()));
    let u = Dist::Triangular {
        lo: 0.1,
        mode: 0.33,
        hi: 0.6,
    };
    draw(
        &mut p,
        Key::Avoidable,
        "consequences.avoidable",
        u,
        Scope::Council,
    );
    let d = Dist::Uniform {
        lo: 250.0,
        hi: 400.0,
    };
    draw(
        &mut p,
        Key::BedDayCost,
        "consequences.bed_day_cost",
        d,
        Scope::National,
    );
    let cfg = |threads, chunk_size| RunConfig {
        threads: Some(threads),
        chunk_size,
        progress: None,
    };
    let a = run(&p, &cfg(1, 7)).expect("one");
    let b = run(&p, &cfg(2, 64)).expect("two");
    assert_eq!(a.consequences, b.consequences);
    assert!(a.consequences.expect("on").tally.sq.iter().any(|&v| v > 0));
}

fn tutorial(sets: &[&str]) -> Plan {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let mut p = ibcf::load(&dir, &sets).unwrap_or_else(|d| panic!("{}", d.render()));
    p.trials = 400;
    p
}

#[test]
fn a_consequences_distribution_leaves_every_other_figure_identical() {
    let pull = "trajectory.pull={ uniform = [0.05, 0.3] }";
    let fixed = tutorial(&[pull, "consequences.avoidable=0.3"]);
    let drawn = tutorial(&[
        pull,
        "consequences.avoidable={ uniform = [0.1, 0.5], scope = \"council\" }",
    ]);
    assert_eq!(drawn.params.len(), fixed.params.len() + 1);
    let c = drawn.consequences.as_ref().expect("on");
    assert_eq!(c.drawn, vec![(Key::Avoidable, fixed.params.len())]);
    assert!((c.avoidable - 0.3).abs() < 1e-12, "centre is the mean");
    let (a, b) = (
        run(&fixed, &RunConfig::default()).expect("fixed"),
        run(&drawn, &RunConfig::default()).expect("drawn"),
    );
    assert_eq!(format!("{:?}", a.options), format!("{:?}", b.options));
    let (ca, cb) = (a.consequences.expect("a"), b.consequences.expect("b"));
    // Beds do not depend on the avoidable share; avoidable admissions do.
    assert_eq!(ca.trial[0], cb.trial[0]);
    assert_ne!(ca.trial[AVOIDABLE_MILLI], cb.trial[AVOIDABLE_MILLI]);
}

#[test]
fn the_loader_names_and_range_checks_consequences_distributions() {
    let p = tutorial(&["consequences.residential.weekly_fee={ triangular = [450, 565, 680] }"]);
    let k = p.params.len() - 1;
    assert_eq!(p.params[k].path, "consequences.residential.weekly_fee");
    let c = p.consequences.as_ref().expect("on");
    assert_eq!(c.drawn, vec![(Key::ResidentialFee, k)]);
    let text = ibcf::explain::describe(&p);
    assert!(
        text.contains("residential.weekly_fee = triangular on [450, 680]"),
        "{text}"
    );
    assert!(
        text.contains("reaches only what hitting the target cost"),
        "{text}"
    );
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
    for (set, words) in [
        (
            "consequences.nursing.weekly_fee={ normal = [606, 50] }",
            "weekly_fee must be 0 or more for every draw",
        ),
        (
            "consequences.avoidable={ uniform = [0.2, 1.2] }",
            "avoidable must be a share between 0 and 1 for every draw",
        ),
        (
            "consequences.mean_delay_days={ uniform = [0, 20] }",
            "mean_delay_days must be above 0 for every draw",
        ),
        (
            "consequences.to_care_home={ uniform = [0.3], scope = \"council\" }",
            "uniform takes 2 finite numbers",
        ),
    ] {
        let e = ibcf::load(&dir, &[set.to_string()])
            .expect_err(set)
            .render();
        assert!(e.contains(words), "{set}: {e}");
        let key = set.split('=').next().unwrap_or_default();
        assert!(e.contains(key), "{set}: names the key: {e}");
    }
}
