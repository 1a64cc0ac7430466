//! Observation noise for eight trials at once (issue 27, DECISIONS #95):
//! the trial loop simulates eight consecutive trials' latent paths one by
//! one, then draws their noise here, lane `j` on trial `first + j`'s noise
//! stream ([`Lanes::for_trials`]). Each lane consumes its stream exactly as
//! the one-trial path (`trajectory::simulate`) does, cell by cell in the
//! same order, so every observed rate is bit-identical to it (tested in
//! `engine::trial`): the vector width changes how fast, never what.

use super::noise::NoiseModel;
use super::prepared::Prepared;
use super::sampler::lanes::{L, Lanes};
use super::trajectory::TrajScratch;
use crate::scenario::plan::{STREAMS, month_row};

/// Noise on the expected rates of `s[j]` (trial `j`'s model `p[j]`) into
/// `out[j]`, `[council][month][stream]`, for the eight lanes of `lanes`.
/// Every model has the same councils and months (one plan's trials).
pub fn observe_lanes(
    p: &[&Prepared; L],
    s: &[&TrajScratch; L],
    lanes: &mut Lanes,
    out: &mut [Vec<f64>],
) {
    let (n, months) = (p[0].n, p[0].months);
    let exp: [&[f64]; L] = std::array::from_fn(|j| s[j].expected());
    for i in 0..n {
        for t in 0..months {
            let row = month_row(i, t, months);
            let exposure: [f64; L] = std::array::from_fn(|j| p[j].exposure[i * months + t]);
            for a in 0..STREAMS {
                let cs = i * STREAMS + a;
                let models: [NoiseModel; L] = std::array::from_fn(|j| p[j].consts[cs].noise_model);
                let e: [f64; L] = std::array::from_fn(|j| exp[j][row + a]);
                // As `NoiseModel::observe`: no draw without noise or exposure.
                let quiet: [bool; L] = std::array::from_fn(|j| {
                    models[j].is_none() || exposure[j].is_nan() || exposure[j] <= 0.0
                });
                if quiet == [true; L] {
                    for j in 0..L {
                        out[j][row + a] = e[j];
                    }
                } else if quiet == [false; L] {
                    let lambda = std::array::from_fn(|j| e[j] * exposure[j]);
                    let counts = NoiseModel::draw_lanes(&models, lambda, lanes);
                    for j in 0..L {
                        out[j][row + a] = counts[j] / exposure[j];
                    }
                } else {
                    for j in 0..L {
                        out[j][row + a] = if quiet[j] {
                            e[j]
                        } else {
                            models[j].observe(e[j], exposure[j], &mut lanes.lane(j))
                        };
                    }
                }
            }
        }
    }
}
