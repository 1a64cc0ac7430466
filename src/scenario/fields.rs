//! Typed reads from the raw tree: each getter reports a wrong type, a missing
//! required key or a malformed month as a diagnostic (and returns `None`), so
//! the validator can go on and collect every problem.

use super::diag::{Diag, Diags, Loc};
use super::raw::{Node, Val, check_keys, join};
use crate::month::Month;

/// A value with the place it was written.
#[derive(Debug, Clone, Copy)]
pub struct At<T> {
    pub v: T,
    pub at: Loc,
}

/// A table being read, with its key path for messages.
#[derive(Debug, Clone)]
pub struct Tab<'a> {
    pub node: &'a Node,
    pub path: String,
}

/// Reports "expected X, found Y" at a value.
pub fn wrong_type(n: &Node, path: &str, expected: &str, d: &mut Diags) {
    d.push(
        Diag::new(format!("expected {expected}, found {}", n.type_name()))
            .at(n.at)
            .path(path)
            .label(format!("expected {expected}")),
    );
}

impl<'a> Tab<'a> {
    /// Opens `node` as a table, reporting a wrong type and every unknown key.
    pub fn open(node: &'a Node, path: &str, allowed: &[&str], d: &mut Diags) -> Option<Tab<'a>> {
        if node.entries().is_none() {
            wrong_type(node, path, "a table", d);
            return None;
        }
        check_keys(node, path, allowed, d);
        Some(Tab {
            node,
            path: path.to_string(),
        })
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }

    pub fn key_path(&self, key: &str) -> String {
        join(&self.path, key)
    }

    /// An optional sub-table.
    pub fn sub(&self, key: &str, allowed: &[&str], d: &mut Diags) -> Option<Tab<'a>> {
        let n = self.get(key)?;
        Tab::open(n, &self.key_path(key), allowed, d)
    }

    fn missing(&self, key: &str, what: &str, d: &mut Diags) {
        d.push(
            Diag::new(format!("missing required key `{key}` ({what})"))
                .at(self.node.at)
                .path(self.key_path(key))
                .label(format!("this table needs `{key}`")),
        );
    }

    pub fn f64(&self, key: &str, d: &mut Diags) -> Option<At<f64>> {
        let n = self.get(key)?;
        match n.as_f64() {
            Some(v) if v.is_finite() => Some(At { v, at: n.at }),
            Some(_) => {
                d.push(
                    Diag::new("expected a finite number")
                        .at(n.at)
                        .path(self.key_path(key)),
                );
                None
            }
            None => {
                wrong_type(n, &self.key_path(key), "a number", d);
                None
            }
        }
    }

    pub fn req_f64(&self, key: &str, d: &mut Diags) -> Option<At<f64>> {
        if self.get(key).is_none() {
            self.missing(key, "a number", d);
        }
        self.f64(key, d)
    }

    pub fn int(&self, key: &str, d: &mut Diags) -> Option<At<i64>> {
        let n = self.get(key)?;
        match n.val {
            Val::Int(v) => Some(At { v, at: n.at }),
            _ => {
                wrong_type(n, &self.key_path(key), "a whole number", d);
                None
            }
        }
    }

    /// A whole number within `lo..=hi`.
    pub fn int_in(&self, key: &str, lo: i64, hi: i64, d: &mut Diags) -> Option<At<i64>> {
        let v = self.int(key, d)?;
        if (lo..=hi).contains(&v.v) {
            return Some(v);
        }
        d.push(
            Diag::new(format!("must be between {lo} and {hi}, got {}", v.v))
                .at(v.at)
                .path(self.key_path(key)),
        );
        None
    }

    pub fn str(&self, key: &str, d: &mut Diags) -> Option<At<&'a str>> {
        let n = self.get(key)?;
        match n.as_str() {
            Some(v) => Some(At { v, at: n.at }),
            None => {
                wrong_type(n, &self.key_path(key), "a string", d);
                None
            }
        }
    }

    pub fn req_str(&self, key: &str, d: &mut Diags) -> Option<At<&'a str>> {
        if self.get(key).is_none() {
            self.missing(key, "a string", d);
        }
        self.str(key, d)
    }

    /// One of a fixed set of words.
    pub fn word<T: Copy>(&self, key: &str, words: &[(&str, T)], d: &mut Diags) -> Option<At<T>> {
        let s = self.str(key, d)?;
        if let Some((_, t)) = words.iter().find(|(w, _)| *w == s.v) {
            return Some(At { v: *t, at: s.at });
        }
        let names: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        let help = super::diag::did_you_mean(s.v, names.iter().copied())
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
        d.push(
            Diag::new(format!("unknown value `{}`", s.v))
                .at(s.at)
                .path(self.key_path(key))
                .help(help),
        );
        None
    }

    pub fn month(&self, key: &str, d: &mut Diags) -> Option<At<Month>> {
        let s = self.str(key, d)?;
        match s.v.parse::<Month>() {
            Ok(v) => Some(At { v, at: s.at }),
            Err(e) => {
                d.push(
                    Diag::new(e.to_string())
                        .at(s.at)
                        .path(self.key_path(key))
                        .label("not a YYYY-MM month")
                        .help(
                            "months are written \"YYYY-MM\", e.g. \"2017-09\" for September 2017",
                        ),
                );
                None
            }
        }
    }

    pub fn req_month(&self, key: &str, d: &mut Diags) -> Option<At<Month>> {
        if self.get(key).is_none() {
            self.missing(key, "a month, \"YYYY-MM\"", d);
        }
        self.month(key, d)
    }

    /// An array of strings (each with its place).
    pub fn strings(&self, key: &str, d: &mut Diags) -> Option<Vec<At<&'a str>>> {
        let n = self.get(key)?;
        let Val::Array(items) = &n.val else {
            wrong_type(n, &self.key_path(key), "an array of strings", d);
            return None;
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            match it.as_str() {
                Some(v) => out.push(At { v, at: it.at }),
                None => wrong_type(it, &format!("{}[{i}]", self.key_path(key)), "a string", d),
            }
        }
        Some(out)
    }

    /// Reports a value outside its allowed range; returns whether it was fine.
    pub fn check(&self, key: &str, v: &At<f64>, ok: bool, rule: &str, d: &mut Diags) -> bool {
        if !ok {
            d.push(
                Diag::new(format!("{key} must be {rule}, got {}", v.v))
                    .at(v.at)
                    .path(self.key_path(key))
                    .label(format!("must be {rule}")),
            );
        }
        ok
    }
}
