//! Uncertain parameters (`pull = { uniform = [0.0, 0.3] }`): per-trial draws
//! against closed forms, thread-count determinism, national vs council
//! scope, a degenerate distribution equal to the plain number, and negative
//! controls (a moments check that rejects a wrong mean; a drawn key nothing
//! reads leaves every output unchanged).

use ibcf::Plan;
use ibcf::engine::{Results, RunConfig, run};
use ibcf::model::Prepared;
use ibcf::model::draws::Draws;
use ibcf::model::per_trial::PerTrial;
use ibcf::scenario::dist::{Dist, Scope, Uncertain};
use ibcf::scenario::testkit;
use ibcf::scenario::uncertain::{Param, TrajKey};
use std::path::Path;

fn tutorial(sets: &[&str], trials: u64) -> Plan {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    let mut p = ibcf::load(&dir, &sets).unwrap_or_else(|d| panic!("{}", d.render()));
    p.trials = trials;
    p
}

/// Results as text: `PartialEq` on `f64` fails on the `NaN` targets of
/// observed months, `Debug` text compares every bit that matters.
fn text(r: &Results) -> String {
    format!("{r:?}")
}

fn results(p: &Plan, threads: usize, chunk: usize) -> Results {
    let cfg = RunConfig {
        threads: Some(threads),
        chunk_size: chunk,
        progress: None,
    };
    let mut r = run(p, &cfg).expect("runs");
    r.threads = 0;
    r.elapsed_s = 0.0;
    r
}

/// A hand-built plan whose every council-stream draws `key` from `dist`.
fn plan_with(key: TrajKey, dist: Dist, scope: Scope, n: usize) -> Plan {
    let mut p = testkit::plan(n, 3, 12, "2017-08", "2017-11", 4.0);
    p.params.push(Param::new(
        format!("trajectory.{}", key.name()),
        Default::default(),
        Uncertain { dist, scope },
    ));
    for t in &mut p.trajectories {
        t.set_key(key, dist.mean());
        t.drawn.push((key, 0));
    }
    p
}

/// Kurtosis (fourth standardised moment) in closed form.
fn kurtosis(d: &Dist) -> f64 {
    match *d {
        Dist::Uniform { .. } => 1.8,
        Dist::Normal { .. } => 3.0,
        // The only grid drawn here is a triangle's table.
        Dist::Triangular { .. } | Dist::Grid(_) => 2.4,
        Dist::LogNormal { sdlog, .. } => {
            let s2 = sdlog * sdlog;
            (4.0 * s2).exp() + 2.0 * (3.0 * s2).exp() + 3.0 * (2.0 * s2).exp() - 3.0
        }
    }
}

/// Mean and variance of `trials` national draws, as |z| scores against
/// the closed forms `mean` and `var`.
fn moment_z(d: Dist, mean: f64, var: f64, trials: u64) -> (f64, f64) {
    let p = plan_with(TrajKey::Drift, d, Scope::National, 2);
    let mut dr = Draws::new(&p);
    let xs: Vec<f64> = (0..trials)
        .map(|t| {
            dr.draw(&p, 99, t);
            dr.get(0, 0)
        })
        .collect();
    let n = trials as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    let se_m = (var / n).sqrt();
    let se_v = var * ((kurtosis(&d) - 1.0) / n).sqrt();
    ((m - mean).abs() / se_m, (v - var).abs() / se_v)
}

#[test]
fn per_trial_draws_match_closed_form_moments() {
    let cases = [
        (Dist::Uniform { lo: 0.0, hi: 0.3 }, 0.15, 0.09 / 12.0),
        (
            Dist::Normal {
                mean: -0.02,
                sd: 0.01,
            },
            -0.02,
            1e-4,
        ),
        (
            Dist::LogNormal {
                meanlog: 3.0,
                sdlog: 0.2,
            },
            (3.0f64 + 0.02).exp(),
            (0.04f64.exp() - 1.0) * (6.0f64 + 0.04).exp(),
        ),
        (
            Dist::Triangular {
                lo: 0.0,
                mode: 0.1,
                hi: 0.4,
            },
            0.5 / 3.0,
            (0.01 + 0.16 - 0.04) / 18.0,
        ),
        // A tabulated density through a triangle's corners is that triangle.
        (
            Dist::Grid(
                ibcf::scenario::dist_grid::Grid::new(
                    vec![0.0, 0.1, 0.4],
                    vec![0.0, 5.0, 0.0],
                    None,
                )
                .expect("grid")
                .intern(),
            ),
            0.5 / 3.0,
            (0.01 + 0.16 - 0.04) / 18.0,
        ),
    ];
    for (d, mean, var) in cases {
        let (zm, zv) = moment_z(d, mean, var, 20_000);
        assert!(zm < 4.0, "{d:?}: mean off by {zm:.1} se");
        assert!(zv < 4.0, "{d:?}: variance off by {zv:.1} se");
    }
}

/// Negative control: the same check rejects a closed form that is wrong by
/// a tenth of a standard deviation.
#[test]
fn moments_check_rejects_a_wrong_mean() {
    let d = Dist::Uniform { lo: 0.0, hi: 0.3 };
    let sd = (0.09f64 / 12.0).sqrt();
    let (zm, _) = moment_z(d, 0.15 + 0.1 * sd, sd * sd, 20_000);
    assert!(zm > 4.0, "a wrong mean passed ({zm:.1} se)");
}

/// National: every council gets the same draw (perfectly correlated);
/// council: each its own, uncorrelated across councils over trials.
#[test]
fn national_scope_shares_one_draw_council_scope_does_not() {
    let d = Dist::Uniform { lo: 0.0, hi: 0.3 };
    let trials = 4000;
    for scope in [Scope::National, Scope::Council] {
        let p = plan_with(TrajKey::Drift, d, scope, 6);
        let base = Prepared::new(&p).expect("prepares");
        let mut pt = PerTrial::new(&p, &base).expect("draws");
        let (mut a, mut b) = (Vec::new(), Vec::new());
        for t in 0..trials {
            pt.update(&p, &base, t);
            let c = &pt.prep.consts;
            // Streams of one council always share the draw.
            assert_eq!(c[0].drift, c[1].drift);
            a.push(c[0].drift);
            b.push(c[3 * 5].drift);
        }
        let corr = correlation(&a, &b);
        match scope {
            Scope::National => assert_eq!(a, b, "national draws differ across councils"),
            Scope::Council => {
                assert_ne!(a, b);
                // Independent: |r| within 4 / sqrt(trials).
                assert!(corr.abs() < 4.0 / (trials as f64).sqrt(), "r = {corr}");
            }
        }
    }
}

fn correlation(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let cov: f64 = a.iter().zip(b).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = a.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = b.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

#[test]
fn results_with_distributions_do_not_depend_on_threads_or_chunks() {
    let p = tutorial(
        &[
            "trajectory.pull={ uniform = [0.0, 0.3] }",
            "trajectory.drift={ normal = [-0.01, 0.01], scope = \"council\" }",
            "targets.rule.0.reduction={ triangular = [0.1, 0.2, 0.4], scope = \"council\" }",
            "trajectory.dispersion={ lognormal = [3.0, 0.3] }",
        ],
        600,
    );
    assert_eq!(p.params.len(), 4);
    let one = results(&p, 1, 1024);
    for (threads, chunk) in [(2, 64), (3, 7)] {
        let other = text(&results(&p, threads, chunk));
        assert!(text(&one) == other, "{threads} threads: results differ");
    }
    // The draws move the answer: not the same as the means as numbers.
    let fixed = tutorial(&["trajectory.pull=0.15", "trajectory.drift=-0.01"], 600);
    let fixed = results(&fixed, 1, 1024);
    assert_ne!(one.options[0].reviewed, fixed.options[0].reviewed);
}

/// A distribution that can draw only one number gives exactly the run of
/// that number (the draws have their own stream, so no other random number
/// moves).
#[test]
fn degenerate_distribution_equals_the_plain_number() {
    let plain = results(&tutorial(&["trajectory.pull=0.2"], 500), 2, 64);
    for d in [
        "{ uniform = [0.2, 0.2] }",
        "{ normal = [0.2, 0.0] }",
        "{ triangular = [0.2, 0.2, 0.2], scope = \"council\" }",
    ] {
        let mut r = results(&tutorial(&[&format!("trajectory.pull={d}")], 500), 2, 64);
        assert_eq!(r.params.len(), 1);
        assert_eq!(r.params[0].min, 0.2);
        assert_eq!(r.params[0].max, 0.2);
        r.params.clear();
        assert!(
            text(&r) == text(&plain),
            "{d}: differs from the plain number"
        );
    }
}

/// Negative control: a drawn key that nothing reads (pull, where no
/// stream has a target) leaves every output as it was.
#[test]
fn a_drawn_key_nothing_reads_changes_nothing() {
    let mut p = plan_with(
        TrajKey::Pull,
        Dist::Uniform { lo: 0.0, hi: 1.0 },
        Scope::Council,
        8,
    );
    testkit::add_criterion(
        &mut p,
        "high",
        ibcf::scenario::plan::CriterionKind::AboveRate { threshold: 4.0 },
        ibcf::scenario::plan::METRIC_TOTAL,
        "2017-11",
        1,
    );
    p.trials = 300;
    let mut drawn = results(&p, 2, 64);
    for t in &mut p.trajectories {
        t.drawn.clear();
    }
    p.params.clear();
    drawn.params.clear();
    assert!(text(&drawn) == text(&results(&p, 2, 64)), "outputs moved");
}
