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

#[cfg(test)]
mod tests {
    use super::*;

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
