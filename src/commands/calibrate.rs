//! `ibcf calibrate`: estimate trajectory parameters from a scenario's history
//! and write them as an overlay the scenario can `extends`.

use crate::analysis::calibrate::{self, Calibration, overlay};
use crate::cli::CalibrateArgs;
use crate::error::{CmdResult, Failure};
use crate::scenario;
use std::fs;

/// Runs `ibcf calibrate`.
///
/// # Errors
/// Input problems (exit 2) or a failure to write the overlay (exit 1).
pub fn run(args: &CalibrateArgs) -> CmdResult {
    let plan = scenario::load(&args.scenario.scenario, &args.scenario.set)
        .map_err(|d| Failure::input(d.render()))?;
    let cal = calibrate::calibrate(&plan, args.from, args.to).map_err(Failure::input)?;
    super::say(&table(&cal))?;
    let text = overlay::render(&cal, &args.scenario.scenario.display().to_string());
    if let Some(out) = &args.out {
        let tmp = out.with_extension("toml.tmp");
        fs::write(&tmp, text)
            .and_then(|()| fs::rename(&tmp, out))
            .map_err(|e| Failure::runtime(format!("error: cannot write {}: {e}", out.display())))?;
        super::say(&format!(
            "\nwrote {} (add `extends = \"{}\"` to a scenario to use it)\n",
            out.display(),
            out.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ))?;
    } else {
        super::say("\n(no --out given: nothing written; e.g. --out calibration.toml)\n")?;
    }
    Ok(())
}

/// The estimates as an aligned table with standard errors.
fn table(cal: &Calibration) -> String {
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
    let c = cal.correlation;
    row("correlation national", c.national, c.se[0]);
    row("correlation regional", c.regional, c.se[1]);
    row("correlation council", c.council, c.se[2]);
    row("jump probability", cal.jump.0, f64::NAN);
    row("jump mean", cal.jump.1, f64::NAN);
    row("jump sd", cal.jump.2, f64::NAN);
    row("dispersion k", cal.dispersion.0, cal.dispersion.1);
    let seas: Vec<String> = cal.seasonality.iter().map(|v| format!("{v:+.3}")).collect();
    s.push_str(&format!("\nseasonality Jan..Dec: {}\n", seas.join(" ")));
    s
}
