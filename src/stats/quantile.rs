//! The crate's one nearest-rank quantile: the `p` quantile of `n` values is
//! the `r`-th smallest, `r = ceil(p n)` clamped to `1..=n`. Sorted slices
//! ([`nearest_rank`]) and binned counts ([`nearest_bin`]) share the rank.
//!
//! Two rounding conventions for `ceil(p n)` are in use, and each caller keeps
//! the one its published figures were made with:
//! - [`Rank::Tolerant`]: `ceil(p n - 1e-9)`, so a `p n` a hair above an
//!   integer through floating-point rounding counts as that integer (run
//!   summaries, histograms, consequences).
//! - [`Rank::Exact`]: `ceil(p n)` as computed (backtest ensembles, realised
//!   parameter draws).

/// How `ceil(p n)` treats a product a rounding error above an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// `ceil(p n - 1e-9)`.
    Tolerant,
    /// `ceil(p n)`.
    Exact,
}

/// The 1-based nearest rank of the `p` quantile of `n` values, in `1..=max(n, 1)`.
pub fn rank(n: u64, p: f64, how: Rank) -> u64 {
    let pn = p * n as f64;
    let pn = match how {
        Rank::Tolerant => pn - 1e-9,
        Rank::Exact => pn,
    };
    (pn.ceil() as u64).clamp(1, n.max(1))
}

/// The nearest-rank `p` quantile of ascending `sorted`; `None` when empty.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: f64, how: Rank) -> Option<T> {
    let r = rank(sorted.len() as u64, p, how) as usize;
    sorted.get(r - 1).copied()
}

/// The position, in `counts`' order (ascending values), of the bin holding
/// the nearest-rank `p` quantile of the counted values; `None` when nothing
/// is counted.
pub fn nearest_bin<I>(counts: I, p: f64, how: Rank) -> Option<usize>
where
    I: Iterator<Item = u64> + Clone,
{
    let n: u64 = counts.clone().sum();
    if n == 0 {
        return None;
    }
    let r = rank(n, p, how);
    let mut cum = 0u64;
    counts.enumerate().find_map(|(b, c)| {
        cum += c;
        (cum >= r).then_some(b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_conventions() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&v, 0.05, Rank::Tolerant), Some(1));
        assert_eq!(nearest_rank(&v, 0.5, Rank::Exact), Some(5));
        assert_eq!(nearest_rank(&v, 0.95, Rank::Exact), Some(10));
        assert_eq!(nearest_rank::<i64>(&[], 0.5, Rank::Exact), None);
        // 0.07 * 100 = 7.000000000000001: the conventions part.
        assert_eq!(rank(100, 0.07, Rank::Tolerant), 7);
        assert_eq!(rank(100, 0.07, Rank::Exact), 8);
        assert_eq!(rank(0, 0.5, Rank::Tolerant), 1);
    }

    #[test]
    fn bins_count_to_the_rank() {
        let c = [0u64, 3, 0, 2, 5];
        assert_eq!(nearest_bin(c.iter().copied(), 0.3, Rank::Tolerant), Some(1));
        assert_eq!(
            nearest_bin(c.iter().copied(), 0.31, Rank::Tolerant),
            Some(3)
        );
        assert_eq!(nearest_bin(c.iter().copied(), 1.0, Rank::Exact), Some(4));
        assert_eq!(nearest_bin([0u64; 3].into_iter(), 0.5, Rank::Exact), None);
    }
}
