//! The rule grammar's lexer and recursive-descent parser: text to [`Expr`]
//! with byte spans for every error. Separate from the expression type so
//! the evaluator the trial loop calls reads without the parsing code.

use super::{Expr, RuleError};

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
