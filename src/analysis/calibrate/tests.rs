//! Calibration recovers known parameters from history simulated with them.
//!
//! The generator here is independent of the engine: it draws the four-level
//! shocks directly, so these tests check the estimators, not the simulator.

use super::*;
use crate::scenario::plan::{
    Correlation, Councils, History, Jump, ModelKind, Noise, STREAMS, Stream, Trajectory,
    council_stream, rate_index,
};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

const N_REGIONS: usize = 9;

struct Truth {
    drift: f64,
    sigma: f64,
    rho: [f64; 3],
    seasonal: [f64; 12],
}

fn synthetic_plan(n: usize, months: usize, truth: &Truth, seed: u64) -> Plan {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut z = move || -> f64 { StandardNormal.sample(&mut rng) };
    let first: Month = "2013-01".parse().expect("month");
    let offset = 0.1;
    let mut rates = vec![f64::NAN; n * months * STREAMS];
    // Start high enough that no path reaches a zero rate (clipping would change the variance).
    let mut level: Vec<f64> = (0..n * STREAMS)
        .map(|k| (6.0 + (k % 7) as f64 * 0.5).ln())
        .collect();
    let [rn, rr, rc] = truth.rho;
    let idio = (1.0 - rn - rr - rc).sqrt();
    for m in 0..months {
        let nat = z();
        let reg: Vec<f64> = (0..N_REGIONS).map(|_| z()).collect();
        for c in 0..n {
            let cz = z();
            for s in Stream::ALL {
                let k = council_stream(c, s);
                if m > 0 {
                    let e = rn.sqrt() * nat
                        + rr.sqrt() * reg[c % N_REGIONS]
                        + rc.sqrt() * cz
                        + idio * z();
                    level[k] += truth.drift + truth.sigma * e;
                }
                let cal = first.plus(m as i32).month() as usize - 1;
                let rate = (level[k] + truth.seasonal[cal]).exp() - offset;
                rates[rate_index(c, m, months, s)] = rate.max(0.0);
            }
        }
    }
    plan_with(n, first, months, rates, offset)
}

fn plan_with(n: usize, first: Month, months: usize, rates: Vec<f64>, offset: f64) -> Plan {
    let traj = Trajectory {
        model: ModelKind::LogAr1,
        drift: 0.0,
        pull: 0.0,
        volatility: 0.1,
        offset,
        correlation: Correlation::default(),
        seasonality: [0.0; 12],
        jump: Jump::default(),
        noise: Noise::None,
        dispersion: 20.0,
        drawn: Vec::new(),
        damping: 0.8,
        slope_volatility: 0.0,
        national_swing: 0.0,
    };
    Plan {
        name: "synthetic".into(),
        title: "synthetic".into(),
        provenance: Default::default(),
        seed: 1,
        trials: 1,
        noise_sampler: Default::default(),
        councils: Councils {
            code: (0..n).map(|i| format!("E99{i:06}")).collect(),
            name: (0..n).map(|i| format!("C{i}")).collect(),
            region: (0..n).map(|i| i % N_REGIONS).collect(),
            // Huge populations: mean counts are large, so the noise filter is exercised lightly.
            population_18plus: vec![1e9; n],
            allocation_pence: vec![0; n],
            asc_budget_pence: vec![None; n],
            reserves_pence: vec![None; n],
        },
        regions: (0..N_REGIONS).map(|r| format!("R{r}")).collect(),
        history: History {
            first,
            n_months: months,
            rates,
        },
        first_sim: first.plus(months as i32),
        last_sim: first.plus(months as i32),
        pull_from: None,
        metrics: Plan::builtin_metrics(),
        targets: vec![],
        trajectories: vec![traj; n * STREAMS],
        params: Vec::new(),
        criteria: vec![],
        options: vec![],
        consequences: None,
        fairness_intent: None,
    }
}

fn truth() -> Truth {
    Truth {
        drift: -0.02,
        sigma: 0.1,
        rho: [0.3, 0.2, 0.1],
        seasonal: [
            0.08, 0.04, 0.0, -0.02, -0.03, -0.04, -0.04, -0.03, -0.01, 0.0, 0.02, 0.03,
        ],
    }
}

#[test]
fn recovers_drift_volatility_and_correlation_shares() {
    let t = truth();
    let plan = synthetic_plan(150, 96, &t, 11);
    plan.check().expect("plan is consistent");
    let cal = calibrate(&plan, None, None).expect("calibrates");
    // Drift: the national shock is common to all series, so the se of the
    // pooled mean is dominated by it: sigma * sqrt(rho_n / months).
    let drift_se = t.sigma * (t.rho[0] / 95.0_f64).sqrt();
    for s in 0..3 {
        let (d, _) = cal.stream_drift[s];
        assert!(
            (d - t.drift).abs() < 4.0 * drift_se,
            "stream {s} drift {d} vs {}",
            t.drift
        );
        let (v, _) = cal.stream_volatility[s];
        assert!(
            (v - t.sigma).abs() < 0.1 * t.sigma,
            "stream {s} volatility {v}"
        );
    }
    let c = cal.correlation;
    for (est, want, se) in [
        (c.national, t.rho[0], c.se[0]),
        (c.regional, t.rho[1], c.se[1]),
        (c.council, t.rho[2], c.se[2]),
    ] {
        assert!(se > 0.0 && se < 0.1, "se {se}");
        assert!(
            (est - want).abs() < 4.0 * se + 0.02,
            "share {est} vs {want} (se {se})"
        );
    }
}

#[test]
fn recovers_the_seasonal_profile() {
    // No national share: a common random walk would alias into the profile
    // (error about sigma * sqrt(rho_n / years) per month, documented).
    let t = Truth {
        rho: [0.0, 0.2, 0.1],
        ..truth()
    };
    let plan = synthetic_plan(150, 48, &t, 12);
    let cal = calibrate(&plan, None, None).expect("calibrates");
    let centre = t.seasonal.iter().sum::<f64>() / 12.0;
    for m in 0..12 {
        let want = t.seasonal[m] - centre;
        assert!(
            (cal.seasonality[m] - want).abs() < 0.05, // se per calendar-month change ~0.008; a value sums up to 6
            "month {}: {} vs {want}",
            m + 1,
            cal.seasonality[m]
        );
    }
}

#[test]
fn overlay_is_valid_toml_with_every_council() {
    let plan = synthetic_plan(12, 24, &truth(), 13);
    let cal = calibrate(&plan, None, None).expect("calibrates");
    let text = overlay::render(&cal, "synthetic");
    let v: toml::Table = toml::from_str(&text).expect("overlay parses");
    let traj = v
        .get("trajectory")
        .and_then(|t| t.as_table())
        .expect("trajectory table");
    let overrides = traj
        .get("override")
        .and_then(|o| o.as_array())
        .expect("overrides");
    assert_eq!(overrides.len(), 36, "one block per council and stream");
    assert!(
        text.contains("# window: 2013-01 .. 2014-12 (24 months)"),
        "{text}"
    );
}

#[test]
fn short_window_is_refused() {
    let plan = synthetic_plan(3, 24, &truth(), 14);
    let from = "2014-10".parse().ok();
    let err = calibrate(&plan, from, None).expect_err("too short");
    assert!(err.to_string().contains("shorter than 6 months"), "{err}");
}
