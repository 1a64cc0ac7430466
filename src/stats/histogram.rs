//! Fixed log-spaced histograms for fan-chart quantiles, so memory is flat in
//! trials. Bins grow by 1% from 0.001 to 10,000 (rate units); below 0.001
//! (including zero) is one bin reported as 0, above 10,000 one bin reported
//! as 10,000. A reported quantile is the bin's geometric middle: within 0.5%.

/// Lower edge of the first log bin.
pub const LO: f64 = 1.0e-3;
/// Upper edge of the last log bin.
pub const HI: f64 = 1.0e4;
/// Ratio between successive bin edges.
pub const RATIO: f64 = 1.01;
/// Number of log bins (computed: ceil(ln(HI/LO)/ln(RATIO))).
pub const LOG_BINS: usize = 1620;
/// Log bins plus the underflow and overflow bins.
pub const BINS: usize = LOG_BINS + 2;

/// Bin of a value: 0 underflow, 1..=LOG_BINS log bins, LOG_BINS+1 overflow.
pub fn bin(v: f64) -> usize {
    if v.is_nan() || v < LO {
        return 0;
    }
    if v >= HI {
        return LOG_BINS + 1;
    }
    ((v / LO).ln() / RATIO.ln()) as usize + 1
}

/// Representative value of a bin.
pub fn value(b: usize) -> f64 {
    match b {
        0 => 0.0,
        b if b > LOG_BINS => HI,
        b => LO * RATIO.powf(b as f64 - 0.5),
    }
}

/// Nearest-rank quantile `p` of the values counted in `counts` (NaN if empty).
pub fn quantile(counts: &[u32], p: f64) -> f64 {
    let n: u64 = counts.iter().map(|&c| u64::from(c)).sum();
    if n == 0 {
        return f64::NAN;
    }
    let rank = ((p * n as f64 - 1e-9).ceil() as u64).clamp(1, n);
    let mut cum = 0u64;
    for (b, &c) in counts.iter().enumerate() {
        cum += u64::from(c);
        if cum >= rank {
            return value(b);
        }
    }
    value(counts.len() - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_cover_the_range_and_are_accurate() {
        assert!(LO * RATIO.powi(LOG_BINS as i32) >= HI);
        assert!(LO * RATIO.powi(LOG_BINS as i32 - 1) < HI);
        for v in [0.0011, 0.5, 3.7, 12.25, 999.0, 9_999.0] {
            let r = value(bin(v));
            assert!((r / v - 1.0).abs() <= 0.005 + 1e-12, "{v} -> {r}");
        }
        assert_eq!(value(bin(0.0)), 0.0);
        assert_eq!(value(bin(1e9)), HI);
    }

    #[test]
    fn quantile_is_nearest_rank() {
        let mut c = vec![0u32; BINS];
        for v in 1..=100 {
            c[bin(f64::from(v))] += 1;
        }
        let q = quantile(&c, 0.05);
        assert!((q / 5.0 - 1.0).abs() < 0.006, "{q}");
        let q = quantile(&c, 0.5);
        assert!((q / 50.0 - 1.0).abs() < 0.006, "{q}");
    }
}
