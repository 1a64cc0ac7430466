//! Criteria, rule expressions, options and money: pure functions of one
//! trial's simulated values.

pub mod expr;
