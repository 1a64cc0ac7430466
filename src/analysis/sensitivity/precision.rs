//! Whether a sensitivity run's Sobol indices can be read: with few samples
//! the bootstrap intervals are wide and estimates fall outside 0–1 (1.19,
//! −0.03), which printed without comment look like findings. This says when
//! the intervals are too wide to rank the parameters, how many samples would
//! do (interval widths shrink with the square root of N), and clamps what a
//! chart draws to 0–1 while the CSV keeps the estimates.

use super::Sensitivity;
use crate::analysis::figures::Output;

/// The widest 95% interval that still ranks parameters.
pub const RANK_WIDTH: f64 = 0.1;

/// The widest interval of any index, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Widest {
    pub width: f64,
    pub option: String,
    pub output: &'static str,
    pub parameter: String,
}

/// The widest finite 95% interval over every option, output, parameter and
/// index (first order and total); `None` when there is none.
pub fn widest(s: &Sensitivity) -> Option<Widest> {
    let mut best: Option<Widest> = None;
    for (o, id) in s.options.iter().enumerate() {
        for (k, out) in Output::ALL.iter().enumerate() {
            let ix = &s.sobol[o][k];
            for (i, p) in s.params.iter().enumerate() {
                for c in [ix.first_ci[i], ix.total_ci[i]] {
                    let w = c.1 - c.0;
                    if w.is_finite() && best.as_ref().is_none_or(|b| w > b.width) {
                        best = Some(Widest {
                            width: w,
                            option: id.clone(),
                            output: out.name(),
                            parameter: p.key.clone(),
                        });
                    }
                }
            }
        }
    }
    best
}

/// Base samples that would bring an interval of `width` at `samples` down
/// to [`RANK_WIDTH`]: N (w / target)², rounded up to a multiple of 16.
pub fn samples_needed(samples: usize, width: f64) -> usize {
    let n = samples as f64 * (width / RANK_WIDTH).powi(2);
    let n = n.ceil().max(samples as f64) as usize;
    n.div_ceil(16) * 16
}

/// How far past 0 or 1 an estimate must be to count as outside: half the
/// last digit the table prints, so "-0.00" and "1.00" are never called
/// outside 0–1.
pub const OUTSIDE_TOLERANCE: f64 = 0.005;

/// Whether an index estimate is outside 0–1 as printed (see [`OUTSIDE_TOLERANCE`]).
pub fn is_outside(v: f64) -> bool {
    v.is_finite() && !(-OUTSIDE_TOLERANCE..=1.0 + OUTSIDE_TOLERANCE).contains(&v)
}

/// Estimates outside 0–1: (option, output, parameter, value).
pub fn outside(s: &Sensitivity) -> Vec<(String, &'static str, String, f64)> {
    let mut out = Vec::new();
    for (o, id) in s.options.iter().enumerate() {
        for (k, name) in Output::ALL.iter().enumerate() {
            let ix = &s.sobol[o][k];
            for (i, p) in s.params.iter().enumerate() {
                for v in [ix.first[i], ix.total[i]] {
                    if is_outside(v) {
                        out.push((id.clone(), name.name(), p.key.clone(), v));
                    }
                }
            }
        }
    }
    out
}

/// What a chart draws for an index: clamped to 0–1 (non-finite: 0), and
/// whether it was clamped.
pub fn display(x: f64) -> (f64, bool) {
    match x.is_finite() {
        true => (x.clamp(0.0, 1.0), !(0.0..=1.0).contains(&x)),
        false => (0.0, false),
    }
}

/// Warning lines for the terminal and `sensitivity.txt` (empty when the
/// indices can be read as they are).
pub fn warnings(s: &Sensitivity) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(w) = widest(s).filter(|w| w.width > RANK_WIDTH) {
        let need = samples_needed(s.samples, w.width);
        lines.push(format!(
            "warning: with --samples {} the Sobol indices' 95% intervals are up to {:.2} wide \
             ({}, {}, {}): too wide to rank the parameters. Intervals narrow with the square \
             root of the samples: about --samples {need} ({} runs) would bring them to {RANK_WIDTH}.",
            s.samples,
            w.width,
            w.option,
            w.output,
            w.parameter,
            need * (s.params.len() + 2),
        ));
    }
    let out = outside(s);
    if let Some((o, name, p, v)) = out.first() {
        lines.push(format!(
            "warning: {} index estimate(s) fall outside 0–1 (e.g. {v:.2} for {p}, {o}, {name}): \
             sampling error, not a finding. The Sobol chart clamps its bars to 0–1; \
             sensitivity.csv keeps the estimates.",
            out.len()
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_grow_with_the_square_of_the_width() {
        assert_eq!(samples_needed(32, 0.1), 32);
        assert_eq!(samples_needed(32, 0.2), 128);
        assert_eq!(samples_needed(32, 0.73), 1712);
        assert_eq!(samples_needed(32, 0.01), 32, "never fewer than asked");
    }

    #[test]
    fn estimates_that_print_as_0_or_1_are_not_outside() {
        assert!(!is_outside(-0.0003), "prints as -0.00");
        assert!(!is_outside(1.004), "prints as 1.00");
        assert!(is_outside(-0.03));
        assert!(is_outside(1.19));
        assert!(!is_outside(f64::NAN));
    }

    #[test]
    fn display_clamps_and_says_so() {
        assert_eq!(display(1.19), (1.0, true));
        assert_eq!(display(-0.03), (0.0, true));
        assert_eq!(display(0.4), (0.4, false));
        assert_eq!(display(f64::NAN), (0.0, false));
    }
}
