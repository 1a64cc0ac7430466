//! Log-scale series prepared for calibration: `y = log(rate + c)` per
//! council and stream over a window, with the calendar-month seasonal
//! profile estimated and removed.
//!
//! Seasonality: from the mean month-to-month change into each calendar month
//! over all series (see `seasonal_profile`). Months a series lacks are skipped.

use crate::month::Month;
use crate::scenario::plan::{Plan, STREAMS, Stream, council_stream};

/// Deseasonalised log levels, flat `[council][stream][month]`, `NaN` when missing.
#[derive(Debug, Clone)]
pub struct Series {
    pub first: Month,
    pub n_months: usize,
    pub n_councils: usize,
    pub values: Vec<f64>,
    /// Seasonal effect by calendar month - 1 (sums to zero).
    pub seasonality: [f64; 12],
    /// Mean count of delayed days per month, per council and stream (for noise).
    pub mean_count: Vec<f64>,
}

impl Series {
    pub fn get(&self, council: usize, stream: Stream, m: usize) -> f64 {
        self.values[council_stream(council, stream) * self.n_months + m]
    }

    /// One series as a slice.
    pub fn series(&self, council: usize, stream: Stream) -> &[f64] {
        let start = council_stream(council, stream) * self.n_months;
        &self.values[start..start + self.n_months]
    }
}

/// Builds the deseasonalised series for months `from ..= to` (clipped to the history).
pub fn build(plan: &Plan, from: Month, to: Month, offset: f64) -> Series {
    let h = &plan.history;
    let first = from.max(h.first);
    let last = to.min(h.last());
    let n_months = (last.since(first) + 1).max(0) as usize;
    let n = plan.councils.len();
    let mut values = vec![f64::NAN; n * STREAMS * n_months];
    let mut mean_count = vec![0.0; n * STREAMS];
    for c in 0..n {
        let scale = plan.councils.population_18plus[c] / 100_000.0;
        for s in Stream::ALL {
            let (mut sum, mut k) = (0.0, 0.0);
            for m in 0..n_months {
                let month = first.plus(m as i32);
                if let Some(rate) = h.rate(c, month, s) {
                    values[council_stream(c, s) * n_months + m] = (rate + offset).ln();
                    sum += rate * scale * f64::from(month.days());
                    k += 1.0;
                }
            }
            mean_count[council_stream(c, s)] = if k > 0.0 { sum / k } else { 0.0 };
        }
    }
    let seasonality = seasonal_profile(&values, n * STREAMS, n_months, first);
    for (i, v) in values.iter_mut().enumerate() {
        let month = first.plus((i % n_months.max(1)) as i32);
        *v -= seasonality[month.month() as usize - 1];
    }
    Series {
        first,
        n_months,
        n_councils: n,
        values,
        seasonality,
        mean_count,
    }
}

/// Seasonal profile from mean changes: the mean change into calendar month
/// m over all series is `mu + s(m) - s(m-1)`; removing the overall mean and
/// summing round the year gives `s` (centred to sum to zero). Differencing
/// keeps a common random-walk wander out of the profile.
fn seasonal_profile(values: &[f64], n_series: usize, n_months: usize, first: Month) -> [f64; 12] {
    let mut sum = [0.0; 12];
    let mut cnt = [0.0; 12];
    for k in 0..n_series {
        let ser = &values[k * n_months..(k + 1) * n_months];
        for m in 1..n_months {
            if ser[m].is_finite() && ser[m - 1].is_finite() {
                let cal = first.plus(m as i32).month() as usize - 1;
                sum[cal] += ser[m] - ser[m - 1];
                cnt[cal] += 1.0;
            }
        }
    }
    if cnt.contains(&0.0) {
        // Fewer than 12 calendar months of changes: no profile can be closed.
        return [0.0; 12];
    }
    let g: Vec<f64> = (0..12).map(|i| sum[i] / cnt[i]).collect();
    let mean_g = g.iter().sum::<f64>() / 12.0;
    let mut s = [0.0; 12];
    for i in 1..12 {
        s[i] = s[i - 1] + g[i] - mean_g;
    }
    let centre = s.iter().sum::<f64>() / 12.0;
    s.map(|v| v - centre)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seasonal_profile_recovers_a_known_pattern() {
        let first: Month = "2015-01".parse().expect("month");
        let pattern: [f64; 12] = [
            0.1, 0.05, 0.0, -0.02, -0.03, -0.05, -0.05, -0.03, 0.0, 0.0, 0.01, 0.02,
        ];
        let centre = pattern.iter().sum::<f64>() / 12.0;
        let n_months = 36;
        let values: Vec<f64> = (0..2)
            .flat_map(|k| (0..n_months).map(move |m| k as f64 + 0.01 * m as f64 + pattern[m % 12]))
            .collect();
        let s = seasonal_profile(&values, 2, n_months, first);
        for i in 0..12 {
            assert!(
                (s[i] - (pattern[i] - centre)).abs() < 1e-9,
                "month {i}: {} vs {}",
                s[i],
                pattern[i] - centre
            );
        }
    }
}
