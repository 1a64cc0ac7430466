//! Histogram bins waiting to be counted, a row per trial, so that a worker
//! counts a batch of trials window by window instead of trial by trial.
//!
//! Why: a trial adds one value to each of thousands of histograms (every
//! council's fan-chart series and consequences figures), and each add
//! lands on a different window's counts: perf put 83% of
//! `histogram::Window::add` on the load of the count (a cache miss per
//! value; 14% of the default scenario's trial loop). Written as rows and
//! counted column by column, a window's counts are fetched once per batch.
//! Counts are integers and their order never matters, so the results are
//! the same bits as counting at once.
//!
//! [`Hot`] goes further: a series' counts a byte a bin, spilled into its
//! [`Window`] when a byte fills and at the end, so the counts touched every
//! trial take a quarter of the memory (the windows of the default scenario
//! hold 7 MB of `u32` counts, beyond a core's L2).

use super::histogram::{BINS, Window};

// Codes are bins, so every bin must fit a `u16`.
const _: () = assert!(BINS <= u16::MAX as usize);

/// Up to [`Pending::ROWS`] rows of `width` bin codes.
#[derive(Debug, Clone, Default)]
pub struct Pending {
    width: usize,
    rows: usize,
    codes: Vec<u16>,
}

impl Pending {
    /// Rows held before [`Pending::is_full`]: 64 rows of the default
    /// scenario's widest table (1,812 fan-chart series) take 232 KB.
    pub const ROWS: usize = 64;

    /// An empty batch of rows `width` codes wide.
    pub fn new(width: usize) -> Pending {
        Pending {
            width,
            rows: 0,
            codes: vec![0; width * Pending::ROWS],
        }
    }

    /// The next row to fill (every code should be written), or `None` when
    /// the batch is full (count it with [`Pending::drain`] first).
    pub fn row(&mut self) -> Option<&mut [u16]> {
        if self.rows == Pending::ROWS {
            return None;
        }
        let w = self.width;
        self.rows += 1;
        Some(&mut self.codes[(self.rows - 1) * w..self.rows * w])
    }

    /// Whether no row is free.
    pub fn is_full(&self) -> bool {
        self.rows == Pending::ROWS
    }

    /// Rows filled and not yet counted.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Calls `count(column, code)` for every code held, column by column,
    /// and empties the batch.
    pub fn drain(&mut self, mut count: impl FnMut(usize, u16)) {
        let w = self.width;
        for c in 0..w {
            for r in 0..self.rows {
                count(c, self.codes[r * w + c]);
            }
        }
        self.rows = 0;
    }
}

/// One series' counts not yet in its [`Window`], a byte a bin over the
/// bins it has met (any of the `BINS`, underflow and overflow included),
/// spilled into the window 255 at a time and by [`Hot::spill`].
#[derive(Debug, Clone, Default)]
pub struct Hot {
    lo: usize,
    counts: Vec<u8>,
}

/// Extra bins a [`Hot`] takes on each side when it grows.
const HOT_SLACK: usize = 32;

impl Hot {
    /// Counts one value in bin `b` (below `BINS`), spilling into `w`.
    #[inline]
    pub fn add(&mut self, b: usize, w: &mut Window) {
        let mut k = b.wrapping_sub(self.lo);
        if k >= self.counts.len() {
            self.grow(b);
            k = b - self.lo;
        }
        let c = &mut self.counts[k];
        *c += 1;
        if *c == u8::MAX {
            w.add_bin(b, u32::from(u8::MAX));
            *c = 0;
        }
    }

    /// Extends the bins held to include `b`, with slack.
    #[cold]
    fn grow(&mut self, b: usize) {
        let (old_lo, old_hi) = (self.lo, self.lo + self.counts.len());
        let lo = b.saturating_sub(HOT_SLACK);
        let hi = (b + HOT_SLACK + 1).min(BINS);
        let (lo, hi) = match self.counts.is_empty() {
            true => (lo, hi),
            false => (lo.min(old_lo), hi.max(old_hi)),
        };
        let mut counts = vec![0u8; hi - lo];
        counts[old_lo.max(lo) - lo..][..self.counts.len()].copy_from_slice(&self.counts);
        self.lo = lo;
        self.counts = counts;
    }

    /// Adds every count held into `w` and empties them.
    pub fn spill(&mut self, w: &mut Window) {
        for (k, c) in self.counts.iter_mut().enumerate() {
            if *c > 0 {
                w.add_bin(self.lo + k, u32::from(*c));
                *c = 0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hot_counts_spill_into_the_window_exactly() {
        use crate::stats::histogram::LOG_BINS;
        let (mut hot, mut w, mut direct) = (Hot::default(), Window::default(), Window::default());
        // Bins from both ends and the middle, some counted past 255 times.
        let mut x = 12345u64;
        for i in 0..20_000u64 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let b = match i % 7 {
                0 => 0,
                1 => LOG_BINS + 1,
                2 => 700,
                _ => (x >> 33) as usize % BINS,
            };
            hot.add(b, &mut w);
            direct.add_bin(b, 1);
        }
        assert_ne!(w, direct, "some counts still held");
        hot.spill(&mut w);
        assert_eq!(w, direct);
        hot.spill(&mut w);
        assert_eq!(w, direct, "a second spill adds nothing");
    }

    #[test]
    fn every_code_is_counted_once_in_its_column() {
        let mut p = Pending::new(3);
        let mut written = Vec::new();
        for t in 0..Pending::ROWS as u16 {
            let row = p.row().expect("a free row");
            for (c, x) in row.iter_mut().enumerate() {
                *x = t * 10 + c as u16;
                written.push((c, *x));
            }
        }
        assert!(p.is_full() && p.row().is_none());
        let mut seen = Vec::new();
        p.drain(|c, x| seen.push((c, x)));
        written.sort_unstable();
        seen.sort_unstable();
        assert_eq!(seen, written);
        assert_eq!(p.rows(), 0);
        assert!(p.row().is_some());
        let mut again = 0;
        p.drain(|_, _| again += 1);
        assert_eq!(again, 3, "only the one new row");
    }
}
