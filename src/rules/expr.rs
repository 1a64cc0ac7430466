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

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Ident(&'a str),
    Int(usize),
    LParen,
    RParen,
    Comma,
    End,
}

struct Parser<'a, F> {
    toks: Vec<(Tok<'a>, usize, usize)>,
    pos: usize,
    resolve: F,
}

/// Parses `text`, resolving each criterion name with `resolve` (which returns
/// its index, or `Err(help)` for an unknown name, e.g. a "did you mean").
///
/// # Errors
/// The first syntax error or unknown name, with its span.
pub fn parse<F>(text: &str, resolve: F) -> Result<Expr, RuleError>
where
    F: Fn(&str) -> Result<usize, Option<String>>,
{
    let toks = lex(text)?;
    let mut p = Parser {
        toks,
        pos: 0,
        resolve,
    };
    let e = p.or()?;
    match p.peek() {
        (Tok::End, _, _) => Ok(e),
        (_, off, len) => Err(err(
            off,
            len,
            "unexpected text after the end of the rule",
            None,
        )),
    }
}

fn err(offset: usize, len: usize, message: &str, help: Option<String>) -> RuleError {
    RuleError {
        offset,
        len: len.max(1),
        message: message.to_string(),
        help,
    }
}

fn lex(text: &str) -> Result<Vec<(Tok<'_>, usize, usize)>, RuleError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let tok = match c {
            b'(' => Tok::LParen,
            b')' => Tok::RParen,
            b',' => Tok::Comma,
            b'0'..=b'9' => {
                while i + 1 < b.len() && b[i + 1].is_ascii_digit() {
                    i += 1;
                }
                let n = text[start..=i]
                    .parse()
                    .map_err(|_| err(start, i + 1 - start, "number too large", None))?;
                Tok::Int(n)
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                while i + 1 < b.len()
                    && (b[i + 1].is_ascii_alphanumeric() || b[i + 1] == b'_' || b[i + 1] == b'-')
                {
                    i += 1;
                }
                Tok::Ident(&text[start..=i])
            }
            _ => {
                let ch = text[start..].chars().next().unwrap_or('?');
                return Err(err(
                    start,
                    ch.len_utf8(),
                    &format!("unexpected character `{ch}` in rule"),
                    Some(
                        "rules use criterion names, and, or, not, parentheses and at_least(k, ...)"
                            .into(),
                    ),
                ));
            }
        };
        i += 1;
        out.push((tok, start, i - start));
    }
    out.push((Tok::End, text.len(), 1));
    Ok(out)
}

impl<'a, F> Parser<'a, F>
where
    F: Fn(&str) -> Result<usize, Option<String>>,
{
    fn peek(&self) -> (Tok<'a>, usize, usize) {
        self.toks[self.pos].clone()
    }

    fn next(&mut self) -> (Tok<'a>, usize, usize) {
        let t = self.peek();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn keyword(&self, kw: &str) -> bool {
        matches!(self.peek().0, Tok::Ident(s) if s == kw)
    }

    fn or(&mut self) -> Result<Expr, RuleError> {
        let mut es = vec![self.and()?];
        while self.keyword("or") {
            self.next();
            es.push(self.and()?);
        }
        Ok(if es.len() == 1 {
            es.remove(0)
        } else {
            Expr::Or(es)
        })
    }

    fn and(&mut self) -> Result<Expr, RuleError> {
        let mut es = vec![self.unary()?];
        while self.keyword("and") {
            self.next();
            es.push(self.unary()?);
        }
        Ok(if es.len() == 1 {
            es.remove(0)
        } else {
            Expr::And(es)
        })
    }

    fn unary(&mut self) -> Result<Expr, RuleError> {
        if self.keyword("not") {
            self.next();
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn expect(&mut self, want: Tok<'static>, what: &str) -> Result<(), RuleError> {
        let (t, off, len) = self.next();
        if t == want {
            Ok(())
        } else {
            Err(err(off, len, &format!("expected {what}"), None))
        }
    }

    fn atom(&mut self) -> Result<Expr, RuleError> {
        let (t, off, len) = self.next();
        match t {
            Tok::LParen => {
                let e = self.or()?;
                self.expect(Tok::RParen, "`)` to close the parenthesis")?;
                Ok(e)
            }
            Tok::Ident("true") => Ok(Expr::Const(true)),
            Tok::Ident("false") => Ok(Expr::Const(false)),
            Tok::Ident("at_least") => self.at_least(off),
            Tok::Ident(kw @ ("and" | "or" | "not")) => Err(err(
                off,
                len,
                &format!("`{kw}` needs a criterion before it"),
                None,
            )),
            Tok::Ident(name) => (self.resolve)(name)
                .map(Expr::Crit)
                .map_err(|help| err(off, len, &format!("unknown criterion `{name}`"), help)),
            Tok::End => Err(err(
                off,
                len,
                "the rule ends too early: expected a criterion",
                None,
            )),
            _ => Err(err(
                off,
                len,
                "expected a criterion name, `not`, `(` or `at_least(`",
                None,
            )),
        }
    }

    fn at_least(&mut self, start: usize) -> Result<Expr, RuleError> {
        self.expect(Tok::LParen, "`(` after at_least")?;
        let (t, off, len) = self.next();
        let Tok::Int(k) = t else {
            return Err(err(
                off,
                len,
                "at_least needs a whole number first, e.g. at_least(2, a, b, c)",
                None,
            ));
        };
        let mut es = Vec::new();
        while matches!(self.peek().0, Tok::Comma) {
            self.next();
            es.push(self.or()?);
        }
        let (_, end_off, _) = self.peek();
        self.expect(Tok::RParen, "`,` or `)` in at_least(...)")?;
        if es.is_empty() {
            return Err(err(
                start,
                end_off + 1 - start,
                "at_least needs criteria after the number",
                None,
            ));
        }
        if k > es.len() {
            return Err(err(
                start,
                end_off + 1 - start,
                &format!(
                    "at_least({k}, ...) lists only {} criteria, so it can never be true",
                    es.len()
                ),
                None,
            ));
        }
        Ok(Expr::AtLeast(k, es))
    }
}

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
