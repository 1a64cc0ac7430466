//! Criteria, rule expressions, options and money: pure functions of one
//! trial's simulated values.

pub mod criteria;
pub mod expr;
pub mod money;
pub mod money_words;
pub mod replay;
pub mod truth;
