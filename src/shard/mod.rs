//! Split runs: a run, sweep or sensitivity analysis cut into N shards that
//! run anywhere (other processes, other machines, a Slurm job array), each
//! writing one part file, and merged into exactly the output folder the
//! unsplit command writes.
//!
//! * [`Shard`]: "K/N" and the contiguous range of work units it owns
//!   (trials of a run, grid points of a sweep, engine runs of a sensitivity
//!   analysis). Contiguous trial ranges keep every trial's (seed, trial)
//!   random numbers, so a split changes nothing.
//! * [`part`]: the part file (postcard inside a checksummed, versioned envelope).
//! * [`check`]: which parts belong together and whether they cover the work.
//! * [`merge`]: reading parts one at a time into one engine partial or list
//!   of figures.
//! * [`produce`]: computing one shard's part (a run's trials, a sweep's
//!   points, a sensitivity analysis's runs), header settings included.
//! * [`rebuild`]: from merged parts back to the unsplit command's result
//!   (the run's results, the sweep, the sensitivity analysis).

pub mod check;
pub mod merge;
pub mod part;
pub mod produce;
pub mod rebuild;

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

/// Shard `k` of `n` (1-based, as Slurm's array task ids).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u32,
    pub n: u32,
}

impl Shard {
    /// The contiguous slice of `0..total` this shard owns: shards differ in
    /// size by at most one unit and together cover every unit once.
    pub fn range(&self, total: u64) -> Range<u64> {
        let at = |k: u32| (u128::from(total) * u128::from(k) / u128::from(self.n)) as u64;
        at(self.k - 1)..at(self.k)
    }

    /// Part file name of this shard: `shard-0003-of-0016.ibcfpart`.
    pub fn file_name(&self) -> String {
        format!("shard-{:04}-of-{:04}.{}", self.k, self.n, part::EXTENSION)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Shard, String> {
        let fail = || format!("--shard {s}: expected K/N with 1 <= K <= N, e.g. --shard 3/16");
        let (k, n) = s.split_once('/').ok_or_else(fail)?;
        let (Ok(k), Ok(n)) = (k.trim().parse::<u32>(), n.trim().parse::<u32>()) else {
            return Err(fail());
        };
        if k == 0 || k > n {
            return Err(fail());
        }
        Ok(Shard { k, n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_tile_the_units_evenly() {
        for total in [0u64, 1, 5, 7, 100, 200_000, u64::MAX / 3] {
            for n in [1u32, 2, 7, 16] {
                let mut at = 0;
                for k in 1..=n {
                    let r = Shard { k, n }.range(total);
                    assert_eq!(r.start, at, "contiguous");
                    let size = r.end - r.start;
                    assert!(size == total / u64::from(n) || size == total / u64::from(n) + 1);
                    at = r.end;
                }
                assert_eq!(at, total);
            }
        }
    }

    #[test]
    fn parses_k_of_n() {
        assert_eq!("3/16".parse::<Shard>(), Ok(Shard { k: 3, n: 16 }));
        for bad in ["0/4", "5/4", "3", "a/b", "1/0", "-1/4"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
        assert_eq!(
            Shard { k: 3, n: 16 }.file_name(),
            "shard-0003-of-0016.ibcfpart"
        );
    }
}
