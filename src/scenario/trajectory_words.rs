//! `[trajectory]` layers in words, for `explain` and reports: the keys a
//! stream or council override sets, with values (a drawn key shows its
//! distribution and scope as well as its mean).

use super::trajectory::{Patch, model_name, noise_name};
use super::uncertain::Param;

/// Names of the keys a patch sets, with values, e.g. "drift 0.03, volatility 0.2".
pub fn describe(p: &Patch, params: &[Param]) -> String {
    let mut parts = Vec::new();
    if let Some(m) = p.model {
        parts.push(format!("model {}", model_name(m)));
    }
    let nums = [
        ("drift", p.drift),
        ("pull", p.pull),
        ("volatility", p.volatility),
        ("offset", p.offset),
        ("dispersion", p.dispersion),
        ("damping", p.damping),
        ("slope volatility", p.slope_volatility),
        ("national swing", p.national_swing),
    ];
    parts.extend(
        nums.iter()
            .filter_map(|(k, v)| v.map(|v| format!("{k} {v}"))),
    );
    for (k, v) in ["national", "regional", "council"].iter().zip(p.corr) {
        if let Some(v) = v {
            parts.push(format!("{k} correlation {v}"));
        }
    }
    for (k, v) in ["jump probability", "jump mean", "jump sd"]
        .iter()
        .zip(p.jump)
    {
        if let Some(v) = v {
            parts.push(format!("{k} {v}"));
        }
    }
    for (m, v) in p.seasonality.iter().enumerate() {
        if let Some(v) = v {
            parts.push(format!("seasonal effect {v:+} in month {}", m + 1));
        }
    }
    if let Some(n) = p.noise {
        parts.push(format!("noise {}", noise_name(n)));
    }
    for (k, i) in &p.drawn {
        let u = &params[*i].uncertain;
        parts.push(format!(
            "{} drawn {} ({})",
            k.name(),
            u.dist.toml(),
            u.scope.name()
        ));
    }
    parts.join(", ")
}
