//! Mergeable accumulators, quantiles, standard errors, paired comparisons.
//!
//! Every accumulator is integer-only (counts, pence in `i128`), so merging is
//! exact and independent of order; floating point enters only when a finished
//! tally is turned into an estimate, always in the same order.

pub mod compare;
pub mod histogram;
pub mod pending;
pub mod quantile;
pub mod summary;

pub use summary::{Moments, Summary, counts, summarize, summarize_counts};
