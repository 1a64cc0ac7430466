//! Observation noise for eight trials at once (issue 27, DECISIONS #95):
//! the trial loop simulates eight consecutive trials' latent paths one by
//! one, then draws their noise here, lane `j` on trial `first + j`'s noise
//! stream ([`Lanes::for_trials`]). Each lane consumes its stream exactly as
//! the one-trial path (`trajectory::simulate`) does, cell by cell in the
//! same order, so every observed rate is bit-identical to it (tested in
//! `engine::trial`): the vector width changes how fast, never what.

use super::noise::NoiseLanes;
use super::prepared::Prepared;
use super::sampler::lanes::{L, Lanes};
use super::sampler::simd::Level;
use super::trajectory::TrajScratch;
use crate::scenario::plan::{STREAMS, month_row};

/// Noise on the expected rates of `s[j]` (trial `j`'s model `p[j]`) into
/// `out[j]`, `[council][month][stream]`, for the eight lanes of `lanes`.
/// Every model has the same councils and months (one plan's trials).
/// Runs at `level`'s vector instructions (the baseline where this CPU
/// lacks it); the numbers are the same at every level.
pub fn observe_lanes(
    level: Level,
    p: &[&Prepared; L],
    s: &[&TrajScratch; L],
    lanes: &mut Lanes,
    out: &mut [Vec<f64>],
) {
    observe_lanes_with(level, p, None, s, lanes, out);
}

/// Each council's three streams' noise for eight lanes that all use the
/// model `p` (the plan draws nothing): prepared once, reused by every batch
/// ([`observe_lanes_with`]).
pub fn noise_lanes(p: &Prepared) -> Vec<[NoiseLanes; STREAMS]> {
    (0..p.n)
        .map(|i| {
            std::array::from_fn(|a| NoiseLanes::new(&[p.consts[i * STREAMS + a].noise_model; L]))
        })
        .collect()
}

/// [`observe_lanes`] with the councils' noise prepared by [`noise_lanes`]
/// when every lane's model is the one it was prepared from (else `None`:
/// prepared here, council by council).
pub fn observe_lanes_with(
    level: Level,
    p: &[&Prepared; L],
    prepared: Option<&[[NoiseLanes; STREAMS]]>,
    s: &[&TrajScratch; L],
    lanes: &mut Lanes,
    out: &mut [Vec<f64>],
) {
    let ran = match level {
        Level::Baseline => None,
        // `inline(always)`: a closure this large is otherwise called, not
        // inlined, and runs at the baseline's instructions whatever the level.
        _ => level.run(
            #[inline(always)]
            || observe_at_level(p, prepared, s, &mut *lanes, &mut *out),
        ),
    };
    if ran.is_none() {
        observe_at_level(p, prepared, s, lanes, out);
    }
}

/// [`observe_lanes`]'s body, inlined into the function `pulp` compiles for
/// the chosen [`Level`] (the numbers are the same at every level).
#[inline(always)]
pub fn observe_at_level(
    p: &[&Prepared; L],
    prepared: Option<&[[NoiseLanes; STREAMS]]>,
    s: &[&TrajScratch; L],
    lanes: &mut Lanes,
    out: &mut [Vec<f64>],
) {
    let (n, months) = (p[0].n, p[0].months);
    let exp: [&[f64]; L] = std::array::from_fn(|j| s[j].expected());
    for i in 0..n {
        // Each council's three streams' models, prepared once for its months
        // (or once for the run).
        let here: [NoiseLanes; STREAMS];
        let noise = match prepared {
            Some(n) => &n[i],
            None => {
                here = std::array::from_fn(|a| {
                    let cs = i * STREAMS + a;
                    NoiseLanes::new(&std::array::from_fn(|j| p[j].consts[cs].noise_model))
                });
                &here
            }
        };
        for t in 0..months {
            let row = month_row(i, t, months);
            let exposure: [f64; L] = std::array::from_fn(|j| p[j].exposure[i * months + t]);
            for (a, nl) in noise.iter().enumerate() {
                let e: [f64; L] = std::array::from_fn(|j| exp[j][row + a]);
                // As `NoiseModel::observe`: no draw without noise or exposure.
                let quiet: [bool; L] = std::array::from_fn(|j| {
                    nl.model(j).is_none() || exposure[j].is_nan() || exposure[j] <= 0.0
                });
                if quiet == [true; L] {
                    for j in 0..L {
                        out[j][row + a] = e[j];
                    }
                } else if quiet == [false; L] {
                    let lambda = std::array::from_fn(|j| e[j] * exposure[j]);
                    let counts = nl.draw(lambda, lanes);
                    for j in 0..L {
                        out[j][row + a] = counts[j] / exposure[j];
                    }
                } else {
                    for j in 0..L {
                        out[j][row + a] = if quiet[j] {
                            e[j]
                        } else {
                            nl.model(j).observe(e[j], exposure[j], &mut lanes.lane(j))
                        };
                    }
                }
            }
        }
    }
}
