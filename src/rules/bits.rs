//! A rule evaluated for every council at once: each criterion's councils as
//! a bit set ([`Bits`], bit `i` = council `i`), the rule's `and`, `or`,
//! `not` and `at_least` as word operations. `ibcf design` decides hundreds
//! of rule variants on one trial this way (one pass over a few words per
//! rule node instead of one expression walk per council).

use crate::scenario::expr::Expr;

/// Words per bit set: councils up to `64 × WORDS` (256; England has 152).
pub const WORDS: usize = 4;

/// Most councils a bit set holds.
pub const MAX_COUNCILS: usize = 64 * WORDS;

/// One bit per council.
pub type Bits = [u64; WORDS];

/// The set of the first `n` councils.
pub fn all(n: usize) -> Bits {
    let mut b = [0u64; WORDS];
    for (w, x) in b.iter_mut().enumerate() {
        let lo = w * 64;
        *x = match n {
            _ if n >= lo + 64 => u64::MAX,
            _ if n > lo => (1u64 << (n - lo)) - 1,
            _ => 0,
        };
    }
    b
}

#[inline]
fn zip(a: Bits, b: Bits, f: impl Fn(u64, u64) -> u64) -> Bits {
    std::array::from_fn(|w| f(a[w], b[w]))
}

/// `a & !b`.
#[inline]
pub fn and_not(a: Bits, b: Bits) -> Bits {
    zip(a, b, |x, y| x & !y)
}

/// `a & b`.
#[inline]
pub fn and(a: Bits, b: Bits) -> Bits {
    zip(a, b, |x, y| x & y)
}

/// Number of councils in the set.
#[inline]
pub fn count(a: &Bits) -> u32 {
    a.iter().map(|w| w.count_ones()).sum()
}

/// Calls `f(i)` for every council `i` in the set, in order.
#[inline]
pub fn each(a: &Bits, mut f: impl FnMut(usize)) {
    for (w, &x) in a.iter().enumerate() {
        let mut x = x;
        while x != 0 {
            f(w * 64 + x.trailing_zeros() as usize);
            x &= x - 1;
        }
    }
}

/// The councils for which `e` is true, criterion `c` being the set `col(c)`;
/// `everyone` is the set of all councils (for `not` and constants).
pub fn eval(e: &Expr, col: &impl Fn(usize) -> Bits, everyone: Bits) -> Bits {
    match e {
        Expr::Const(true) => everyone,
        Expr::Const(false) => [0; WORDS],
        Expr::Crit(c) => col(*c),
        Expr::Not(x) => and_not(everyone, eval(x, col, everyone)),
        Expr::And(es) => es
            .iter()
            .fold(everyone, |acc, x| and(acc, eval(x, col, everyone))),
        Expr::Or(es) => es.iter().fold([0; WORDS], |acc, x| {
            zip(acc, eval(x, col, everyone), |a, b| a | b)
        }),
        Expr::AtLeast(k, es) => {
            // c[j]: councils with at least j of the terms seen so far.
            let (mut small, mut big) = ([[0u64; WORDS]; 9], Vec::new());
            let c: &mut [Bits] = if *k < 9 {
                &mut small[..=*k]
            } else {
                big.resize(k + 1, [0u64; WORDS]);
                &mut big
            };
            c[0] = everyone;
            for x in es {
                let v = eval(x, col, everyone);
                for j in (1..=*k).rev() {
                    c[j] = zip(c[j], and(c[j - 1], v), |a, b| a | b);
                }
            }
            c[*k]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::expr;
    use proptest::prelude::*;

    proptest! {
        /// Bitwise evaluation equals the per-council expression walk.
        #[test]
        fn equals_the_per_council_rule(
            fired in prop::collection::vec(prop::collection::vec(any::<bool>(), 4), 1..200),
            which in 0usize..5,
        ) {
            let rules = [
                "a and at_least(2, b, c, d)",
                "not (a or b) and c",
                "at_least(0, a) and not d",
                "at_least(3, a, b, c, d) or (a and not c)",
                "true and not false",
            ];
            let names = ["a", "b", "c", "d"];
            let e = expr::parse(rules[which], |s| names.iter().position(|x| *x == s).ok_or(None))
                .expect("parses");
            let n = fired.len();
            let col = |c: usize| {
                let mut b = [0u64; WORDS];
                for (i, f) in fired.iter().enumerate() {
                    if f[c] {
                        b[i / 64] |= 1 << (i % 64);
                    }
                }
                b
            };
            let got = eval(&e, &col, all(n));
            for (i, f) in fired.iter().enumerate() {
                prop_assert_eq!(got[i / 64] >> (i % 64) & 1 == 1, e.eval(f), "council {}", i);
            }
            let mut seen = Vec::new();
            each(&got, |i| seen.push(i));
            prop_assert_eq!(seen.len() as u32, count(&got));
            prop_assert!(seen.iter().all(|&i| i < n));
        }
    }
}
