//! Criteria, options (their rules, parsed by [`crate::scenario::expr`]) and
//! money: pure functions of one trial's simulated values.

pub mod bits;
pub mod criteria;
pub mod money;
pub mod money_words;
pub mod replay;
pub mod truth;
