//! The `damped_trend` model against closed forms: the mean path of a
//! damped slope started from a filtered value, and the variance its
//! innovations add, from many trials of the engine's own trajectory code;
//! and the national slope filter picking up a recent fall from history.
//!
//! With every council's history identical, the cross-council spread of the
//! changes is 0, so the filter sees the national slope exactly (gain 1):
//! the start is known, and the test checks the forecast's closed forms.

use ibcf::model::Prepared;
use ibcf::model::rng::trial_rngs;
use ibcf::model::slope::{mean_path, slope_variance};
use ibcf::model::trajectory::{TrajScratch, simulate};
use ibcf::scenario::plan::{ModelKind, Plan};
use ibcf::scenario::testkit;

const TRIALS: u64 = 6000;

/// 20 councils, 24 months of history at rate 5 that fall by `fall` on the
/// log scale in each of the last 6 months; model damped_trend.
fn plan(phi: f64, q: f64, sigma: f64, fall: f64) -> Plan {
    let mut p = testkit::plan(20, 2, 24, "2017-08", "2017-11", 5.0);
    let mut tr = testkit::trajectory(ModelKind::DampedTrend, sigma);
    tr.drift = 0.01;
    tr.damping = phi;
    tr.slope_volatility = q;
    testkit::set_trajectory(&mut p, &tr);
    let hm = p.history.n_months;
    for (k, r) in p.history.rates.iter_mut().enumerate() {
        let m = (k / 3) % hm;
        // Level path: drift 0.01 a month, then a departure of `fall` for 6 months.
        let y = (5.1f64).ln() + 0.01 * m as f64 + fall * m.saturating_sub(hm - 7) as f64;
        *r = y.exp() - 0.1;
    }
    p
}

/// Latent log levels `log(expected + offset)` of council 0, asc, per month, per trial.
fn latent(p: &Plan) -> Vec<Vec<f64>> {
    let prep = Prepared::new(p).expect("prepares");
    let mut s = TrajScratch::new(&prep);
    let mut out = vec![0.0; prep.n * prep.months * 3];
    (0..TRIALS)
        .map(|t| {
            let mut r = trial_rngs(5, t);
            simulate(&prep, &mut r.latent, &mut r.noise, &mut s, &mut out);
            (0..prep.months)
                .map(|m| (s.expected()[m * 3 + 1] + 0.1).ln())
                .collect()
        })
        .collect()
}

fn mean_var(xs: impl Iterator<Item = f64> + Clone) -> (f64, f64) {
    let n = xs.clone().count() as f64;
    let m = xs.clone().sum::<f64>() / n;
    (m, xs.map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0))
}

#[test]
fn filtered_fall_is_carried_forward_and_damped() {
    let (phi, q, sigma, fall) = (0.7, 0.01, 0.03, -0.04);
    let p = plan(phi, q, sigma, fall);
    let prep = Prepared::new(&p).expect("prepares");
    // The filter saw the fall exactly (identical councils: no spread).
    let g0 = prep.slope[1].g0;
    assert!((g0 - fall).abs() < 1e-9, "filtered slope {g0}");
    let y0 = (p.history.rates[(p.history.n_months - 1) * 3 + 1] + 0.1).ln();
    let paths = latent(&p);
    for h in 1..=4u32 {
        let (m, v) = mean_var(paths.iter().map(|x| x[h as usize - 1]));
        let want = mean_path(y0, 0.01, g0, phi, h);
        let want_v = f64::from(h) * sigma * sigma + slope_variance(0.0, phi, q, h);
        let se = (want_v / TRIALS as f64).sqrt();
        assert!(
            (m - want).abs() < 4.0 * se,
            "h {h}: mean {m} vs {want} (se {se})"
        );
        let se_v = want_v * (2.0 / TRIALS as f64).sqrt();
        assert!(
            (v - want_v).abs() < 4.0 * se_v,
            "h {h}: var {v} vs {want_v}"
        );
    }
    // log_ar1 on the same history ignores the fall: the mean path is y0 + h mu.
    let mut flat = p.clone();
    flat.trajectories
        .iter_mut()
        .for_each(|t| t.model = ModelKind::LogAr1);
    let (m, _) = mean_var(latent(&flat).iter().map(|x| x[3]));
    assert!((m - (y0 + 0.04)).abs() < 4.0 * (4.0 * sigma * sigma / TRIALS as f64).sqrt());
    // ... and the damped trend's mean is well below it (the test can fail).
    assert!(mean_path(y0, 0.01, g0, phi, 4) < y0 + 0.04 - 0.05);
}

#[test]
fn slope_innovations_add_the_closed_form_variance() {
    let (phi, q, sigma) = (0.8, 0.05, 0.02);
    let p = plan(phi, q, sigma, 0.0);
    let prep = Prepared::new(&p).expect("prepares");
    assert!(prep.slope[1].g0.abs() < 1e-9 && prep.slope[1].g0_sd < 1e-9);
    let paths = latent(&p);
    for h in 1..=4u32 {
        let (_, v) = mean_var(paths.iter().map(|x| x[h as usize - 1]));
        let want = f64::from(h) * sigma * sigma + slope_variance(0.0, phi, q, h);
        let se = want * (2.0 / TRIALS as f64).sqrt();
        assert!(
            (v - want).abs() < 4.0 * se,
            "h {h}: var {v} vs {want} (se {se})"
        );
    }
    // Without the slope term the variance would be far smaller: the test can fail.
    let h = 4;
    assert!(slope_variance(0.0, phi, q, h) > 20.0 * (2.0 / TRIALS as f64).sqrt() * 4.0 * 0.0004);
}

#[test]
fn slope_is_common_to_councils_of_a_stream() {
    // With no level shocks, every council moves by the same slope in a trial.
    let p = plan(0.8, 0.05, 0.0, 0.0);
    let prep = Prepared::new(&p).expect("prepares");
    let mut s = TrajScratch::new(&prep);
    let mut out = vec![0.0; prep.n * prep.months * 3];
    let mut r = trial_rngs(5, 3);
    simulate(&prep, &mut r.latent, &mut r.noise, &mut s, &mut out);
    let e = s.expected();
    let months = prep.months;
    let d0 = e[(months - 1) * 3 + 1] - e[1];
    let d7 = e[(7 * months + months - 1) * 3 + 1] - e[7 * months * 3 + 1];
    assert!(d0.abs() > 1e-6, "the slope moved the level");
    assert!((d0 - d7).abs() < 1e-9, "{d0} vs {d7}");
}
