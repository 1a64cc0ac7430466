//! The terminal table of `ibcf calibrate`: every estimate with its standard
//! error (`n/a` where the method gives none) and the seasonal profile.

use super::Calibration;

/// The estimates as an aligned table with standard errors.
pub fn render(cal: &Calibration) -> String {
    let mut s = format!(
        "Calibration window {} .. {} ({} series)\n\n",
        cal.from, cal.to, cal.n_series
    );
    s.push_str(&format!(
        "{:<28} {:>10} {:>10}\n",
        "parameter", "estimate", "se"
    ));
    let mut row = |name: &str, v: f64, se: f64| {
        let se = if se.is_finite() {
            format!("{se:>10.4}")
        } else {
            format!("{:>10}", "n/a")
        };
        s.push_str(&format!("{name:<28} {v:>10.4} {se}\n"));
    };
    for (i, name) in ["nhs", "asc", "both"].iter().enumerate() {
        row(
            &format!("drift ({name})"),
            cal.stream_drift[i].0,
            cal.stream_drift[i].1,
        );
        row(
            &format!("volatility ({name})"),
            cal.stream_volatility[i].0,
            cal.stream_volatility[i].1,
        );
    }
    for (i, name) in ["nhs", "asc", "both"].iter().enumerate() {
        let t = cal.trend[i];
        row(&format!("damping ({name})"), t.damping, t.damping_se);
        row(
            &format!("slope volatility ({name})"),
            t.slope_volatility,
            t.slope_volatility_se,
        );
    }
    for (i, name) in ["nhs", "asc", "both"].iter().enumerate() {
        let w = cal.swing[i];
        row(&format!("national swing ({name})"), w.sd, w.se);
    }
    let c = cal.correlation;
    row("correlation national", c.national, c.se[0]);
    row("correlation regional", c.regional, c.se[1]);
    row("correlation council", c.council, c.se[2]);
    row("jump probability", cal.jump.0, f64::NAN);
    row("jump mean", cal.jump.1, f64::NAN);
    row("jump sd", cal.jump.2, f64::NAN);
    row("dispersion k", cal.dispersion.0, cal.dispersion.1);
    if let Some(e) = cal.pull.raw {
        row("pull kappa (gap closure, raw)", e.kappa, e.se);
    }
    for (m, e) in &cal.pull.placebo {
        row(&format!("pull kappa (placebo {})", m.year()), e.kappa, e.se);
    }
    if let Some(e) = cal.pull.estimate {
        row("pull kappa (less placebo)", e.kappa, e.se);
    }
    let seas: Vec<String> = cal.seasonality.iter().map(|v| format!("{v:+.3}")).collect();
    s.push_str(&format!("\nseasonality Jan..Dec: {}\n", seas.join(" ")));
    s.push_str(&format!("pull: {}\n", cal.pull.words()));
    s
}
