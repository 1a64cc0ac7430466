//! Fixed log-spaced histograms for fan-chart quantiles, so memory is flat in
//! trials. Bins grow by 1% from 0.001 to 10,000 (rate units); below 0.001
//! (including zero) is one bin reported as 0, above 10,000 one bin reported
//! as 10,000. A reported quantile is the bin's geometric middle: within 0.5%.
//!
//! A series stores only the [`Window`] of bins its values have reached (a
//! council's rates usually span a few hundred of the 1622 bins), on the same
//! fixed grid, so counts and quantiles are exactly those of the full
//! histogram while memory follows the spread of the values.

use super::quantile::{Rank, nearest_bin};

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

/// Bin edges: `EDGES[k] = LO × RATIO^k`; log bin `k` (1..=LOG_BINS) holds
/// `[EDGES[k-1], EDGES[k])`, the last one capped at `HI`.
static EDGES: std::sync::LazyLock<Vec<f64>> =
    std::sync::LazyLock::new(|| (0..=LOG_BINS).map(|k| LO * RATIO.powi(k as i32)).collect());

/// Bins per octave (ln 2 / ln RATIO) and the octave of `LO` (log2 LO).
#[cfg(test)]
const BINS_PER_OCTAVE: f64 = 69.660_716_893_575_47;
#[cfg(test)]
const LOG2_LO: f64 = -9.965_784_284_662_087;

/// Bits of a positive float's representation kept as its bucket key: the
/// exponent and the top `KEY_MANTISSA_BITS` of the mantissa. Keys are
/// monotonic in the value, and a bucket spans a ratio of at most
/// 2^(1/256) ≈ 1.0027 < `RATIO`, so it meets at most one bin edge.
const KEY_MANTISSA_BITS: u32 = 8;
const KEY_SHIFT: u32 = 52 - KEY_MANTISSA_BITS;

/// The bin-lookup table: per bucket key from `key(LO)` to `key(HI)`, the bin
/// of the bucket's smallest value, and the edge table.
pub struct Lookup {
    key_lo: u64,
    first: Vec<u16>,
    edges: &'static [f64],
}

static LOOKUP: std::sync::LazyLock<Lookup> = std::sync::LazyLock::new(|| {
    let edges: &'static [f64] = &EDGES;
    let key_lo = LO.to_bits() >> KEY_SHIFT;
    let key_hi = HI.to_bits() >> KEY_SHIFT;
    let mut first = Vec::with_capacity((key_hi - key_lo + 1) as usize);
    let mut b = 1usize;
    for key in key_lo..=key_hi {
        // Smallest value of the bucket (the first bucket starts at LO itself).
        let v = f64::from_bits(key << KEY_SHIFT).max(LO);
        while b < LOG_BINS && v >= edges[b] {
            b += 1;
        }
        first.push(b as u16);
    }
    Lookup {
        key_lo,
        first,
        edges,
    }
});

/// Bin of a value: 0 underflow, 1..=LOG_BINS log bins, LOG_BINS+1 overflow.
///
/// Log bin `k` holds `[EDGES[k-1], EDGES[k])`: the value's bucket (exponent
/// and top mantissa bits) gives the bin of the bucket's start, and one
/// comparison with the next edge finishes it. Exactly the edge-table bin,
/// with no logarithm and no search.
#[inline]
pub fn bin(v: f64) -> usize {
    bin_in(&LOOKUP, v)
}

/// The lookup table; fetch once outside a hot loop and pass to [`bin_in`].
pub fn lookup() -> &'static Lookup {
    &LOOKUP
}

/// [`bin`] with the table passed in (avoids the lazy-static check per value).
#[inline]
pub fn bin_in(t: &Lookup, v: f64) -> usize {
    if v.is_nan() || v < LO {
        // Below LO, zero, negative or NaN.
        return 0;
    }
    if v >= HI {
        return LOG_BINS + 1;
    }
    let k = ((v.to_bits() >> KEY_SHIFT) - t.key_lo) as usize;
    let b = usize::from(t.first[k]);
    // `edges[LOG_BINS]` ≥ HI > v, so the last bin never steps past itself.
    b + usize::from(v >= t.edges[b])
}

/// Representative value of a bin.
pub fn value(b: usize) -> f64 {
    match b {
        0 => 0.0,
        b if b > LOG_BINS => HI,
        b => LO * RATIO.powf(b as f64 - 0.5),
    }
}

/// Nearest-rank quantile `p` ([`Rank::Tolerant`]) of the values counted in
/// `counts`, as its bin's [`value`] (NaN if empty).
pub fn quantile(counts: &[u32], p: f64) -> f64 {
    nearest_bin(counts.iter().map(|&c| u64::from(c)), p, Rank::Tolerant).map_or(f64::NAN, value)
}

/// Extra bins added on each side when a window grows, so that growth is rare.
const SLACK: usize = 32;

/// The counts of one series on the fixed grid: the underflow and overflow
/// bins, and a contiguous window `[lo, lo + counts.len())` of log bins that
/// grows to cover every value counted (never shrinks).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Window {
    under: u32,
    over: u32,
    lo: usize,
    counts: Vec<u32>,
}

/// Equal when the counts are: a window's extent depends on the order in
/// which values arrived (so on threads and chunks), its counts do not.
impl PartialEq for Window {
    fn eq(&self, o: &Window) -> bool {
        self.under == o.under && self.over == o.over && self.dense() == o.dense()
    }
}

impl Window {
    /// Counts `n` values in bin `b`.
    #[inline]
    pub fn add_bin(&mut self, b: usize, n: u32) {
        if b == 0 {
            self.under = self.under.saturating_add(n);
        } else if b > LOG_BINS {
            self.over = self.over.saturating_add(n);
        } else {
            let k = b.wrapping_sub(self.lo);
            if k < self.counts.len() {
                self.counts[k] = self.counts[k].saturating_add(n);
            } else {
                self.grow(b);
                self.counts[b - self.lo] = self.counts[b - self.lo].saturating_add(n);
            }
        }
    }

    /// Counts one value.
    #[inline]
    pub fn add(&mut self, v: f64) {
        self.add_bin(bin(v), 1);
    }

    /// Extends the window to hold log bin `b` (1..=LOG_BINS), with slack.
    #[cold]
    fn grow(&mut self, b: usize) {
        let (old_lo, old_hi) = (self.lo, self.lo + self.counts.len());
        let (lo, hi) = if self.counts.is_empty() {
            (
                b.saturating_sub(SLACK).max(1),
                (b + SLACK + 1).min(LOG_BINS + 1),
            )
        } else if b < old_lo {
            (b.saturating_sub(SLACK).max(1), old_hi)
        } else {
            (old_lo, (b + SLACK + 1).min(LOG_BINS + 1))
        };
        let mut counts = vec![0u32; hi - lo];
        if !self.counts.is_empty() {
            counts[old_lo - lo..old_hi - lo].copy_from_slice(&self.counts);
        }
        self.lo = lo;
        self.counts = counts;
    }

    /// Adds another series' counts into this one (exact, any order).
    pub fn merge(&mut self, o: &Window) {
        self.under = self.under.saturating_add(o.under);
        self.over = self.over.saturating_add(o.over);
        for (k, &c) in o.counts.iter().enumerate() {
            if c > 0 {
                self.add_bin(o.lo + k, c);
            }
        }
    }

    /// The full histogram (`BINS` counts) for [`quantile`].
    pub fn dense(&self) -> Vec<u32> {
        let mut d = vec![0u32; BINS];
        d[0] = self.under;
        d[LOG_BINS + 1] = self.over;
        d[self.lo..self.lo + self.counts.len()].copy_from_slice(&self.counts);
        d
    }

    /// Bytes of counts held.
    pub fn bytes(&self) -> usize {
        self.counts.capacity() * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A window gives exactly the full histogram's counts, however the values
    /// arrive and however windows are merged.
    #[test]
    fn windows_equal_dense_histograms() {
        let vals: Vec<f64> = (0..5000)
            .map(|k| {
                let x = f64::from(k);
                match k % 97 {
                    0 => 0.0,
                    1 => 5e4,
                    2 => f64::NAN,
                    _ => 0.02 * (1.0 + (x * 0.37).sin()) * (1.0 + x / 50.0),
                }
            })
            .collect();
        let mut dense = vec![0u32; BINS];
        let (mut a, mut b, mut all) = (Window::default(), Window::default(), Window::default());
        for (k, &v) in vals.iter().enumerate() {
            dense[bin(v)] += 1;
            all.add(v);
            if k % 3 == 0 { a.add(v) } else { b.add(v) }
        }
        assert_eq!(all.dense(), dense);
        a.merge(&b);
        assert_eq!(a.dense(), dense);
        assert!(all.bytes() < BINS * 4, "window smaller than the full grid");
        assert!(dense[0] > 0 && dense[LOG_BINS + 1] > 0);
    }

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

    /// The fast bin is the edge-table bin (brute force) everywhere, and
    /// agrees with the logarithm formula except within rounding of an edge.
    #[test]
    fn fast_bin_matches_edges_and_logarithm() {
        assert!((BINS_PER_OCTAVE - 2f64.ln() / RATIO.ln()).abs() < 1e-9);
        assert!((LOG2_LO - LO.log2()).abs() < 1e-12);
        let mut v = LO;
        let mut off_by_rounding = 0;
        while v < HI {
            let b = bin(v);
            assert!(
                EDGES[b - 1] <= v && (v < EDGES[b] || b == LOG_BINS),
                "{v} in {b}"
            );
            let by_log = ((v / LO).ln() / RATIO.ln()) as usize + 1;
            if by_log != b {
                off_by_rounding += 1;
                assert!(by_log.abs_diff(b) == 1, "{v}: {b} vs {by_log}");
                let edge = EDGES[b.max(by_log) - 1];
                assert!((v / edge - 1.0).abs() < 1e-12, "{v} not at an edge");
            }
            v *= 1.000_37;
        }
        assert!(off_by_rounding < 50);
        for &e in EDGES.iter().take(LOG_BINS) {
            let b = bin(e);
            assert_eq!(EDGES[b - 1], e, "an edge starts its bin");
        }
    }

    /// The table bin is the brute-force edge bin for values packed around
    /// every edge (one ulp either side) and for random bit patterns.
    #[test]
    fn table_bin_is_the_edge_bin_everywhere() {
        let brute = |v: f64| -> usize {
            if v.is_nan() || v < LO {
                0
            } else if v >= HI {
                LOG_BINS + 1
            } else {
                EDGES.partition_point(|&e| e <= v)
            }
        };
        for &e in EDGES.iter() {
            for v in [e.next_down(), e, e.next_up(), e * 1.004, e * 0.996] {
                assert_eq!(bin(v), brute(v), "{v:e}");
            }
        }
        let mut x = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Exponents spanning 1e-5..1e5 and random mantissas.
            let v = f64::from_bits((1006 + (x >> 58)) << 52 | (x & ((1 << 52) - 1)));
            assert_eq!(bin(v), brute(v), "{v:e}");
        }
        for v in [
            0.0,
            -1.0,
            f64::NAN,
            LO.next_down(),
            LO,
            HI.next_down(),
            HI,
            f64::INFINITY,
        ] {
            assert_eq!(bin(v), brute(v), "{v:e}");
        }
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
