//! A run of some trials, before assembly: the exact integer tallies, the
//! per-trial national figures of its trials, and which trials those are.
//!
//! This is the mergeable state of a split run (`ibcf run --shard`): partials
//! of disjoint trial ranges are absorbed into one covering the whole run, in
//! any order, and [`super::assemble`] turns that into the very [`Results`]
//! a single run gives (tallies add exactly; per-trial figures go into the
//! slots of their trial indices). Serialisable (serde) so that a part file
//! can carry it.
//!
//! [`Results`]: super::Results

use super::tally::Tally;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Per-trial outputs by trial index: per option funding at risk (pence) and
/// councils reviewed; per consequences figure its national value (none when
/// the plan has no `[consequences]`); per option the fairness counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PerTrial {
    pub funding: Vec<Vec<i64>>,
    pub reviewed: Vec<Vec<u32>>,
    pub figures: Vec<Vec<i64>>,
    pub fairness: FairTrials,
}

/// Per option, per trial: the funding at risk of the wrongly reviewed
/// (pence). The fairness counts (councils rightly reviewed, wrongly
/// reviewed, wrongly spared) are whole numbers up to the councils, so the
/// tally holds their exact distributions instead (`Tally::fair_counts`),
/// flat in trials.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FairTrials {
    pub wrong_funding: Vec<Vec<i64>>,
}

impl FairTrials {
    /// Zeros for `no` options and `trials` trials.
    pub fn zeros(no: usize, trials: usize) -> FairTrials {
        FairTrials {
            wrong_funding: vec![vec![0; trials]; no],
        }
    }

    /// Whether every series has `no` options of `len` trials.
    fn shaped(&self, no: usize, len: u64) -> bool {
        self.wrong_funding.len() == no && self.wrong_funding.iter().all(|s| s.len() as u64 == len)
    }

    /// Copies trials `src` of `o` into `dst` of this one.
    fn copy_from(&mut self, o: &FairTrials, src: Range<usize>, dst: Range<usize>) {
        for (d, s) in self.wrong_funding.iter_mut().zip(&o.wrong_funding) {
            d[dst.clone()].copy_from_slice(&s[src.clone()]);
        }
    }
}

/// Some trials of a run, unassembled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partial {
    /// First trial index of the per-trial vectors.
    lo: u64,
    /// One past the last trial index the vectors hold.
    hi: u64,
    /// Trial ranges simulated so far (sorted, disjoint, within `lo..hi`).
    covered: Vec<(u64, u64)>,
    /// Tallies of the covered trials.
    pub tally: Tally,
    /// Per option, per trial of `lo..hi`: national funding at risk (pence).
    pub funding: Vec<Vec<i64>>,
    /// Per option, per trial of `lo..hi`: councils reviewed.
    pub reviewed: Vec<Vec<u32>>,
    /// Per consequences figure, per trial of `lo..hi` (empty when off).
    pub figures: Vec<Vec<i64>>,
    /// Per option, per trial of `lo..hi`: the wrongly reviewed's funding.
    pub fairness: FairTrials,
    /// Largest worker-thread count of the runs absorbed (no effect on results).
    pub threads: usize,
    /// Wall-clock seconds of the runs absorbed, summed (no effect on results).
    pub elapsed_s: f64,
}

/// Why a partial cannot be absorbed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PartialError {
    #[error("trials {0}..{1} were already merged (overlapping shards)")]
    Overlap(u64, u64),
    #[error("trials {0}..{1} lie outside the run's trials {2}..{3}")]
    Outside(u64, u64, u64, u64),
    #[error("a part has another shape (councils, criteria, options or fan-chart series differ)")]
    Shape,
}

impl Partial {
    /// A partial of the trials `range`, just simulated.
    pub fn new(
        range: Range<u64>,
        tally: Tally,
        per_trial: PerTrial,
        threads: usize,
        elapsed_s: f64,
    ) -> Partial {
        let covered = if range.is_empty() {
            Vec::new()
        } else {
            vec![(range.start, range.end)]
        };
        Partial {
            lo: range.start,
            hi: range.end,
            covered,
            tally,
            funding: per_trial.funding,
            reviewed: per_trial.reviewed,
            figures: per_trial.figures,
            fairness: per_trial.fairness,
            threads,
            elapsed_s,
        }
    }

    /// The tallies and the per-trial figures, for assembly.
    pub fn into_parts(self) -> (Tally, PerTrial) {
        let per_trial = PerTrial {
            funding: self.funding,
            reviewed: self.reviewed,
            figures: self.figures,
            fairness: self.fairness,
        };
        (self.tally, per_trial)
    }

    /// An empty partial to absorb the parts of trials `range` into, shaped
    /// like `like` (any part of the same run). Allocates the per-trial
    /// figures of the whole range: exactly what the exact quantiles need.
    pub fn empty_like(like: &Partial, range: Range<u64>) -> Partial {
        let n = (range.end - range.start) as usize;
        let t = &like.tally;
        let mut tally = Tally::new(t.n, t.n_crit, t.n_opt, t.hist.len());
        tally.consequences = t
            .consequences
            .as_ref()
            .map(crate::consequences::tally::Tally::empty_like);
        Partial {
            lo: range.start,
            hi: range.end,
            covered: Vec::new(),
            tally,
            funding: vec![vec![0; n]; like.funding.len()],
            reviewed: vec![vec![0; n]; like.reviewed.len()],
            figures: vec![vec![0; n]; like.figures.len()],
            fairness: FairTrials::zeros(like.funding.len(), n),
            threads: 0,
            elapsed_s: 0.0,
        }
    }

    /// The trial indices the per-trial vectors span.
    pub fn range(&self) -> Range<u64> {
        self.lo..self.hi
    }

    /// The trial ranges simulated so far.
    pub fn covered(&self) -> &[(u64, u64)] {
        &self.covered
    }

    /// Whether every trial of [`Partial::range`] has been simulated.
    pub fn is_complete(&self) -> bool {
        let mut at = self.lo;
        for &(a, b) in &self.covered {
            if a != at {
                return false;
            }
            at = b;
        }
        at == self.hi
    }

    /// The trial ranges of [`Partial::range`] not yet simulated.
    pub fn missing(&self) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut at = self.lo;
        for &(a, b) in &self.covered {
            if a > at {
                out.push((at, a));
            }
            at = b;
        }
        if at < self.hi {
            out.push((at, self.hi));
        }
        out
    }

    /// Adds another partial's trials: tallies exactly, per-trial figures into
    /// their slots. Order-free.
    ///
    /// # Errors
    /// Trials already absorbed, outside this range, or a different shape.
    pub fn absorb(&mut self, o: &Partial) -> Result<(), PartialError> {
        if o.lo < self.lo || o.hi > self.hi {
            return Err(PartialError::Outside(o.lo, o.hi, self.lo, self.hi));
        }
        let t = &o.tally;
        let shape = (
            t.n,
            t.n_crit,
            t.n_opt,
            t.hist.len(),
            o.funding.len(),
            o.figures.len(),
        );
        let mine = &self.tally;
        let own = (
            mine.n,
            mine.n_crit,
            mine.n_opt,
            mine.hist.len(),
            self.funding.len(),
            self.figures.len(),
        );
        let lens_ok = o.funding.iter().all(|f| f.len() as u64 == o.hi - o.lo)
            && o.reviewed.iter().all(|r| r.len() as u64 == o.hi - o.lo)
            && o.figures.iter().all(|g| g.len() as u64 == o.hi - o.lo)
            && o.reviewed.len() == self.reviewed.len()
            && o.fairness.shaped(o.funding.len(), o.hi - o.lo)
            && t.consequences.is_some() == mine.consequences.is_some();
        if shape != own || !lens_ok || !t.is_consistent() {
            return Err(PartialError::Shape);
        }
        for &(a, b) in &o.covered {
            if self.covered.iter().any(|&(x, y)| a < y && x < b) {
                return Err(PartialError::Overlap(a, b));
            }
        }
        // Only the trials `o` simulated are copied (its slots elsewhere are empty).
        for &(a, b) in &o.covered {
            let (src, dst) = ((a - o.lo) as usize..(b - o.lo) as usize, a - self.lo);
            let dst = dst as usize..dst as usize + src.len();
            for (d, s) in self.funding.iter_mut().zip(&o.funding) {
                d[dst.clone()].copy_from_slice(&s[src.clone()]);
            }
            for (d, s) in self.reviewed.iter_mut().zip(&o.reviewed) {
                d[dst.clone()].copy_from_slice(&s[src.clone()]);
            }
            for (d, s) in self.figures.iter_mut().zip(&o.figures) {
                d[dst.clone()].copy_from_slice(&s[src.clone()]);
            }
            self.fairness.copy_from(&o.fairness, src, dst);
        }
        self.tally.merge(&o.tally);
        self.covered.extend_from_slice(&o.covered);
        self.covered.sort_unstable();
        self.threads = self.threads.max(o.threads);
        self.elapsed_s += o.elapsed_s;
        Ok(())
    }
}
