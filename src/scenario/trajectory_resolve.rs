//! Resolution of the `[trajectory]` layers: defaults, then stream, then
//! council overrides applied in file order into one [`Trajectory`] per
//! council and stream, with the checks that only hold after every layer is
//! applied (correlation shares, the national `damped_trend` slope). Reading
//! the layers stays in `trajectory`; this module only combines them.

use super::diag::{Diag, Diags};
use super::plan::{Councils, ModelKind, STREAMS, Stream, Trajectory};
use super::trajectory::{Patch, Spec, defaults};
use super::uncertain::{Param, TrajKey};

/// Applies a patch on top of resolved parameters.
pub fn apply(t: &mut Trajectory, p: &Patch) {
    let set = |dst: &mut f64, src: Option<f64>| {
        if let Some(v) = src {
            *dst = v;
        }
    };
    if let Some(m) = p.model {
        t.model = m;
    }
    if let Some(n) = p.noise {
        t.noise = n;
    }
    set(&mut t.drift, p.drift);
    set(&mut t.pull, p.pull);
    set(&mut t.volatility, p.volatility);
    set(&mut t.offset, p.offset);
    set(&mut t.dispersion, p.dispersion);
    set(&mut t.damping, p.damping);
    set(&mut t.slope_volatility, p.slope_volatility);
    set(&mut t.national_swing, p.national_swing);
    set(&mut t.correlation.national, p.corr[0]);
    set(&mut t.correlation.regional, p.corr[1]);
    set(&mut t.correlation.council, p.corr[2]);
    set(&mut t.jump.probability, p.jump[0]);
    set(&mut t.jump.mean, p.jump[1]);
    set(&mut t.jump.sd, p.jump[2]);
    for (dst, src) in t.seasonality.iter_mut().zip(p.seasonality) {
        set(dst, src);
    }
    // A later layer's number or distribution replaces an earlier one's.
    t.drawn.retain(|(k, _)| !p.sets(*k));
    t.drawn.extend(p.drawn.iter().copied());
}

/// The largest possible value of a resolved key (its draw's upper end).
fn upper(t: &Trajectory, k: TrajKey, params: &[Param]) -> f64 {
    t.drawn
        .iter()
        .find(|x| x.0 == k)
        .map_or(t.key(k), |x| params[x.1].uncertain.dist.support().1)
}

/// One trajectory per council and stream, flat `[council][stream]`.
pub fn resolve(spec: &Spec, councils: &Councils, d: &mut Diags) -> Vec<Trajectory> {
    let mut base = defaults();
    apply(&mut base, &spec.base);
    let mut out = Vec::with_capacity(councils.len() * STREAMS);
    let reported = spec.base.bad_corr
        || spec.streams.iter().any(|p| p.bad_corr)
        || spec.overrides.iter().any(|o| o.patch.bad_corr);
    let mut bad: Vec<String> = Vec::new();
    let mut slope: [Option<(f64, f64)>; 3] = [None; 3];
    for i in 0..councils.len() {
        for s in Stream::ALL {
            let mut t = base.clone();
            apply(&mut t, &spec.streams[s as usize]);
            for o in spec
                .overrides
                .iter()
                .filter(|o| o.streams[s as usize] && o.councils.contains(&i))
            {
                apply(&mut t, &o.patch);
            }
            check_slope(&mut slope, &t, i, s, councils, d);
            let keys = [
                TrajKey::CorrNational,
                TrajKey::CorrRegional,
                TrajKey::CorrCouncil,
            ];
            let sum: f64 = keys.iter().map(|&k| upper(&t, k, &spec.params)).sum();
            if sum > 1.0 + 1e-12 {
                bad.push(format!("{} {}", councils.code[i], s.name()));
            }
            out.push(t);
        }
    }
    if !bad.is_empty() && !reported {
        d.push(
            Diag::new(format!(
                "after stream and council overrides, correlation shares sum above 1 for: {}",
                bad.join(", ")
            ))
            .path("trajectory.correlation")
            .help("lower national, regional or council shares in [trajectory] or in the overrides"),
        );
    }
    out
}

/// The `damped_trend` slope is one national state per stream, so its
/// `damping` and `slope_volatility` must be the same for every council of a
/// stream that uses the model (a per-council value would be silently
/// ignored otherwise).
fn check_slope(
    seen: &mut [Option<(f64, f64)>; 3],
    t: &Trajectory,
    i: usize,
    s: Stream,
    councils: &Councils,
    d: &mut Diags,
) {
    if t.model != ModelKind::DampedTrend {
        return;
    }
    let v = (t.damping, t.slope_volatility);
    match seen[s as usize] {
        None => seen[s as usize] = Some(v),
        Some(w) if w == v => {}
        Some(w) => {
            seen[s as usize] = Some(v);
            d.push(
                Diag::new(format!(
                    "council {} stream {}: damping {} and slope_volatility {} differ from another council's ({}, {}); the damped_trend slope is national per stream",
                    councils.code[i], s.name(), v.0, v.1, w.0, w.1
                ))
                .path("trajectory.override")
                .council(&councils.code[i])
                .help("set damping and slope_volatility in [trajectory] or [trajectory.streams.X], not per council"),
            );
        }
    }
}
