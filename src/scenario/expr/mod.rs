//! Rule expressions over criterion names: parsed once, evaluated without
//! allocation in the trial loop.
//!
//! Grammar (case-sensitive keywords, left to right, `not` binds tightest,
//! then `and`, then `or`):
//!
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | atom
//! atom    := "true" | "false" | NAME | "(" expr ")" | "at_least" "(" INT ("," expr)+ ")"
//! ```

mod parser;

pub use parser::parse;

use std::fmt;

/// A compiled rule; `Crit(i)` is criterion `i` of the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Const(bool),
    Crit(usize),
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    AtLeast(usize, Vec<Expr>),
}

impl Expr {
    /// Evaluates against the criteria that fired for one council in one trial.
    pub fn eval(&self, fired: &[bool]) -> bool {
        match self {
            Expr::Const(b) => *b,
            Expr::Crit(i) => fired[*i],
            Expr::Not(e) => !e.eval(fired),
            Expr::And(es) => es.iter().all(|e| e.eval(fired)),
            Expr::Or(es) => es.iter().any(|e| e.eval(fired)),
            Expr::AtLeast(k, es) => {
                let mut n = 0;
                for e in es {
                    n += usize::from(e.eval(fired));
                    if n >= *k {
                        return true;
                    }
                }
                *k == 0
            }
        }
    }

    /// Every criterion index the rule mentions, in order of appearance.
    pub fn criteria(&self, out: &mut Vec<usize>) {
        match self {
            Expr::Const(_) => {}
            Expr::Crit(i) => out.push(*i),
            Expr::Not(e) => e.criteria(out),
            Expr::And(es) | Expr::Or(es) | Expr::AtLeast(_, es) => {
                es.iter().for_each(|e| e.criteria(out));
            }
        }
    }

    /// Plain-English rendering, with criterion names supplied by the caller.
    pub fn describe(&self, names: &[String]) -> String {
        match self {
            Expr::Const(b) => if *b { "always" } else { "never" }.to_string(),
            Expr::Crit(i) => names.get(*i).cloned().unwrap_or_else(|| format!("#{i}")),
            Expr::Not(e) => format!("not {}", e.describe_nested(names)),
            Expr::And(es) => join(es, " and ", names),
            Expr::Or(es) => join(es, " or ", names),
            Expr::AtLeast(k, es) => format!("at least {k} of ({})", join(es, ", ", names)),
        }
    }

    fn describe_nested(&self, names: &[String]) -> String {
        match self {
            Expr::And(_) | Expr::Or(_) => format!("({})", self.describe(names)),
            _ => self.describe(names),
        }
    }
}

fn join(es: &[Expr], sep: &str, names: &[String]) -> String {
    es.iter()
        .map(|e| e.describe_nested(names))
        .collect::<Vec<_>>()
        .join(sep)
}

/// Why a rule string was refused; `offset..offset+len` is the byte span inside
/// the rule text, so a diagnostic can point a caret at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at column {})", self.message, self.offset + 1)
    }
}

impl std::error::Error for RuleError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<String> {
        ["a", "b", "c", "d"].iter().map(|s| s.to_string()).collect()
    }

    fn p(text: &str) -> Result<Expr, RuleError> {
        let n = names();
        parse(text, |s| n.iter().position(|x| x == s).ok_or(None))
    }

    #[test]
    fn precedence_not_and_or() {
        let e = p("a or not b and c").expect("parses");
        assert_eq!(
            e,
            Expr::Or(vec![
                Expr::Crit(0),
                Expr::And(vec![Expr::Not(Box::new(Expr::Crit(1))), Expr::Crit(2)])
            ])
        );
        assert!(e.eval(&[false, false, true, false]));
        assert!(!e.eval(&[false, true, true, false]));
    }

    #[test]
    fn at_least_counts() {
        let e = p("a and at_least(2, b, c, d)").expect("parses");
        assert!(e.eval(&[true, true, false, true]));
        assert!(!e.eval(&[true, true, false, false]));
        assert!(!e.eval(&[false, true, true, true]));
    }

    #[test]
    fn errors_carry_columns() {
        let e = p("a and zz").expect_err("unknown");
        assert_eq!((e.offset, e.len), (6, 2));
        let e = p("a and (b or c").expect_err("unclosed");
        assert_eq!(e.offset, 13);
        let e = p("at_least(4, a, b)").expect_err("k too big");
        assert!(e.message.contains("lists only 2"), "{}", e.message);
        let e = p("a & b").expect_err("bad char");
        assert_eq!(e.offset, 2);
    }

    #[test]
    fn describes_in_words() {
        let e = p("a and not (b or c)").expect("parses");
        assert_eq!(e.describe(&names()), "a and not (b or c)");
    }
}
