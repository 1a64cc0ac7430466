//! Puts a [`Calibration`] straight onto a plan's trajectories, without the
//! round trip through an overlay file: what `ibcf backtest` needs when it
//! re-estimates the parameters at every forecast origin.
//!
//! The mapping is the one `overlay::render` writes as TOML: model `log_ar1`
//! (kept `damped_trend` where the plan has it), per stream the slope's
//! damping and volatility, per council and stream the pooled drift and volatility (falling back to
//! the stream's national estimate where a series had too few months), and the
//! shared correlation shares, seasonal profile, jumps, dispersion and the
//! per-stream national swing. Offset,
//! noise family and pull are left as the plan has them (history before 2017
//! had no targets, so pull cannot be estimated).

use super::Calibration;
use crate::scenario::plan::{Correlation, Jump, ModelKind, Plan, Stream, council_stream};
use crate::scenario::uncertain::TrajKey;

/// Applies `cal` to every trajectory of `plan` whose council code appears
/// in the calibration; returns how many council-streams were set.
pub fn apply(cal: &Calibration, plan: &mut Plan) -> usize {
    let correlation = Correlation {
        national: finite_or(cal.correlation.national, 0.0).max(0.0),
        regional: finite_or(cal.correlation.regional, 0.0).max(0.0),
        council: finite_or(cal.correlation.council, 0.0).max(0.0),
    };
    let (p, mean, sd) = cal.jump;
    let jump = Jump {
        probability: finite_or(p, 0.0).clamp(0.0, 1.0),
        mean: finite_or(mean, 0.0),
        sd: finite_or(sd, 0.0).max(0.0),
    };
    let seasonality = cal.seasonality.map(|s| finite_or(s, 0.0));
    let dispersion = finite_or(cal.dispersion.0, 1000.0).max(1e-6);
    let mut set = 0;
    for (ci, code) in cal.codes.iter().enumerate() {
        let Some(i) = plan.councils.index_of(code) else {
            continue;
        };
        for stream in Stream::ALL {
            let (k, s) = (council_stream(ci, stream), stream as usize);
            let t = &mut plan.trajectories[council_stream(i, stream)];
            if t.model != ModelKind::DampedTrend {
                t.model = ModelKind::LogAr1;
            }
            t.damping = finite_or(cal.trend[s].damping, t.damping).clamp(0.0, 0.99);
            t.slope_volatility = finite_or(cal.trend[s].slope_volatility, 0.0).max(0.0);
            let drift = cal.drift.get(k).copied().unwrap_or(f64::NAN);
            let vol = cal.volatility.get(k).copied().unwrap_or(f64::NAN);
            t.drift = finite_or(drift, finite_or(cal.stream_drift[s].0, 0.0));
            t.volatility =
                finite_or(vol, finite_or(cal.stream_volatility[s].0, t.volatility)).max(0.0);
            t.national_swing = finite_or(cal.swing[s].sd, 0.0).max(0.0);
            t.correlation = correlation;
            t.seasonality = seasonality;
            t.jump = jump;
            t.dispersion = dispersion;
            // The estimates replace any distribution the scenario gave these keys.
            t.drawn.retain(|(k, _)| *k == TrajKey::Pull);
            set += 1;
        }
    }
    set
}

fn finite_or(x: f64, fallback: f64) -> f64 {
    if x.is_finite() { x } else { fallback }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::calibrate::correlation::Shares;
    use crate::scenario::plan::STREAMS;
    use crate::scenario::testkit;

    fn cal(codes: Vec<String>) -> Calibration {
        let n = codes.len();
        Calibration {
            from: testkit::month("2015-01"),
            to: testkit::month("2016-12"),
            offset: 0.1,
            n_series: n * STREAMS,
            seasonality: [0.01; 12],
            stream_drift: [(0.01, 0.0), (0.02, 0.0), (0.03, 0.0)],
            stream_volatility: [(0.2, 0.0), (0.3, 0.0), (0.4, 0.0)],
            correlation: Shares {
                national: 0.1,
                regional: 0.05,
                council: 0.2,
                se: [0.0; 3],
            },
            jump: (0.01, 0.3, 0.5),
            dispersion: (40.0, 1.0),
            drift: (0..n * STREAMS).map(|k| k as f64 / 100.0).collect(),
            volatility: (0..n * STREAMS)
                .map(|k| {
                    if k == 1 {
                        f64::NAN
                    } else {
                        0.1 + k as f64 / 100.0
                    }
                })
                .collect(),
            codes,
            trend: [crate::analysis::calibrate::trend::TrendFit::default(); 3],
            swing: Default::default(),
            pull: Default::default(),
        }
    }

    #[test]
    fn maps_per_council_values_and_falls_back_to_the_stream() {
        let mut p = testkit::plan(3, 1, 12, "2017-01", "2017-03", 5.0);
        // Calibration lists councils in another order than the plan.
        let codes = vec![p.councils.code[2].clone(), p.councils.code[0].clone()];
        let c = cal(codes);
        assert_eq!(apply(&c, &mut p), 6);
        let t = p.trajectory(2, crate::scenario::plan::Stream::Both);
        assert!((t.drift - 0.02).abs() < 1e-12);
        assert!((t.volatility - 0.12).abs() < 1e-12);
        // NaN volatility for (calibration council 0, asc) → the asc stream value.
        let t = p.trajectory(2, crate::scenario::plan::Stream::Asc);
        assert!((t.volatility - 0.3).abs() < 1e-12);
        assert!((t.correlation.council - 0.2).abs() < 1e-12);
        assert!((t.jump.sd - 0.5).abs() < 1e-12);
        assert!((t.dispersion - 40.0).abs() < 1e-12);
        assert!((t.seasonality[5] - 0.01).abs() < 1e-12);
        // Council 1 is not in the calibration: untouched.
        let t = p.trajectory(1, crate::scenario::plan::Stream::Nhs);
        assert!((t.volatility - 0.1).abs() < 1e-12 && t.drift == 0.0);
    }
}
