//! Per-trial RNG derivation, the trial loop, chunked parallel runs, merging.

pub mod results;

pub use results::{OptionResult, PairResult, PathRow, PathSeries, Results};
