//! The optional `[fairness]` table: `intent = "EXPR"`, the policy's intent
//! as a rule over the criteria, read on each trial's latent (noise-free)
//! values to say which councils *deserve* review. Absent, each option's own
//! rule on the latent values is its intent (the engine's default).

use super::diag::{Diags, SourceSet};
use super::fields::Tab;
use super::rule_text;
use crate::scenario::expr::Expr;

const KEYS: [&str; 1] = ["intent"];

/// Reads `[fairness]` (absent, or without `intent`: `None`). `names` are
/// the declared criteria, by index.
pub fn read(root: &Tab, names: &[String], sources: &SourceSet, d: &mut Diags) -> Option<Expr> {
    let t = root.sub("fairness", &KEYS, d)?;
    let r = t.str("intent", d)?;
    rule_text::parse(&t, "intent", &r, names, sources, d)
}
