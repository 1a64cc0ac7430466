//! Rules compiled to truth tables: a council's fired criteria packed into a
//! bit mask index a precomputed table, so deciding a review in the trial
//! loop is one load and a shift instead of walking an expression tree
//! (the walk was ≈ 10% of a trial without noise; docs/PERFORMANCE.md).

use crate::scenario::expr::Expr;

/// Most criteria a plan may have for its rules to be tabulated: the table
/// has 2^n bits (8 KiB at 16).
pub const MAX_CRITERIA: usize = 16;

/// The value of a rule for every combination of its plan's criteria.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TruthTable {
    /// Bit `m` is the rule's value when exactly the criteria set in `m` fired.
    bits: Vec<u64>,
}

impl TruthTable {
    /// Tabulates `rule` over `n_crit` criteria; `None` above [`MAX_CRITERIA`]
    /// (callers then evaluate the expression).
    pub fn new(rule: &Expr, n_crit: usize) -> Option<TruthTable> {
        if n_crit > MAX_CRITERIA {
            return None;
        }
        let size = 1usize << n_crit;
        let mut bits = vec![0u64; size.div_ceil(64)];
        let mut fired = vec![false; n_crit];
        for m in 0..size {
            for (c, f) in fired.iter_mut().enumerate() {
                *f = (m >> c) & 1 == 1;
            }
            if rule.eval(&fired) {
                bits[m >> 6] |= 1 << (m & 63);
            }
        }
        Some(TruthTable { bits })
    }

    /// The rule's value for the criteria set in `mask` (bit `c` = criterion `c`).
    #[inline]
    pub fn get(&self, mask: u32) -> bool {
        let m = mask as usize;
        (self.bits[m >> 6] >> (m & 63)) & 1 == 1
    }
}

/// Packs one council's fired criteria (`fired[c]`, at most 32) into a mask.
#[inline]
pub fn mask(fired: &[bool]) -> u32 {
    fired
        .iter()
        .enumerate()
        .fold(0u32, |m, (c, &f)| m | (u32::from(f) << c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::expr::parse;

    fn rule(text: &str, names: &[&str]) -> Expr {
        parse(text, |n: &str| {
            names.iter().position(|&x| x == n).ok_or(None)
        })
        .expect("parses")
    }

    /// Every mask gives the expression's own value, for rules using every
    /// construct, including criteria the rule does not mention.
    #[test]
    fn table_equals_expression_for_every_mask() {
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        for text in [
            "a",
            "not a",
            "a and b",
            "a or (b and not c)",
            "a and at_least(2, b, c, d, e)",
            "at_least(0, a, b)",
            "at_least(3, a, b or c, not d, e and f)",
            "true",
            "false or g",
        ] {
            let e = rule(text, &names);
            let t = TruthTable::new(&e, names.len()).expect("tabulates");
            for m in 0..(1u32 << names.len()) {
                let fired: Vec<bool> = (0..names.len()).map(|c| (m >> c) & 1 == 1).collect();
                assert_eq!(mask(&fired), m);
                assert_eq!(t.get(m), e.eval(&fired), "{text} at mask {m:07b}");
            }
        }
    }

    #[test]
    fn too_many_criteria_are_not_tabulated() {
        let e = Expr::Crit(0);
        assert!(TruthTable::new(&e, MAX_CRITERIA).is_some());
        assert!(TruthTable::new(&e, MAX_CRITERIA + 1).is_none());
    }
}
