//! The raw scenario tree: TOML values with the file and span each came from.
//!
//! TOML is parsed with `toml::de::DeTable` (which keeps a span on every key
//! and value) and turned into an owned [`Node`] tree. Layering (`extends`,
//! `--set`) merges these trees, so after merging every value still knows the
//! file it was written in — diagnostics point at the right file and caret.

use super::diag::{Diag, Diags, Loc};
use toml::de::{DeTable, DeValue};

/// A key with the place it was written.
#[derive(Debug, Clone)]
pub struct Key {
    pub name: String,
    pub at: Loc,
}

/// A TOML value.
#[derive(Debug, Clone)]
pub enum Val {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A datetime or an integer too large for i64: kept only to report it.
    Other(&'static str),
    Array(Vec<Node>),
    Table(Vec<(Key, Node)>),
}

/// A value with the place it was written.
#[derive(Debug, Clone)]
pub struct Node {
    pub val: Val,
    pub at: Loc,
}

impl Node {
    pub fn table(at: Loc) -> Node {
        Node {
            val: Val::Table(Vec::new()),
            at,
        }
    }

    /// The TOML type name, for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match &self.val {
            Val::Str(_) => "a string",
            Val::Int(_) => "an integer",
            Val::Float(_) => "a float",
            Val::Bool(_) => "a boolean",
            Val::Other(t) => t,
            Val::Array(_) => "an array",
            Val::Table(_) => "a table",
        }
    }

    pub fn entries(&self) -> Option<&[(Key, Node)]> {
        match &self.val {
            Val::Table(e) => Some(e),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        match &mut self.val {
            Val::Table(e) => e.iter_mut().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.val {
            Val::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Number as f64 (integers accepted).
    pub fn as_f64(&self) -> Option<f64> {
        match self.val {
            Val::Float(f) => Some(f),
            Val::Int(i) => Some(i as f64),
            _ => None,
        }
    }

    /// Removes a key from a table, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        match &mut self.val {
            Val::Table(e) => {
                let i = e.iter().position(|(k, _)| k.name == key)?;
                Some(e.remove(i).1)
            }
            _ => None,
        }
    }
}

/// Parses one TOML text registered as source `file`.
///
/// # Errors
/// The syntax error, with its span, as a diagnostic.
pub fn parse(text: &str, file: usize) -> Result<Node, Box<Diag>> {
    match DeTable::parse(text) {
        Ok(t) => {
            let span = t.span();
            Ok(Node {
                val: table(t.into_inner(), file),
                at: Loc::new(file, span),
            })
        }
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let msg = e.message().trim().replace('\n', "; ");
            Err(Box::new(Diag::new(format!("TOML syntax error: {msg}"))
                .at(Loc::new(file, span))
                .label("here")
                .help("see https://toml.io for the syntax; strings need double quotes, e.g. month = \"2017-09\"")))
        }
    }
}

/// Parses a `--set` value: TOML when it parses as a value, else a bare string.
pub fn parse_value(text: &str, file: usize, offset: usize) -> Node {
    let at = Loc::new(file, offset..offset + text.len());
    match DeValue::parse(text) {
        Ok(v) => {
            let mut n = node(v.into_inner(), file);
            shift(&mut n, offset);
            n.at = at;
            n
        }
        Err(_) => Node {
            val: Val::Str(text.to_string()),
            at,
        },
    }
}

fn shift(n: &mut Node, offset: usize) {
    n.at.start += offset;
    match &mut n.val {
        Val::Array(items) => items.iter_mut().for_each(|i| shift(i, offset)),
        Val::Table(e) => e.iter_mut().for_each(|(k, v)| {
            k.at.start += offset;
            shift(v, offset);
        }),
        _ => {}
    }
}

fn table(t: DeTable<'_>, file: usize) -> Val {
    Val::Table(
        t.into_iter()
            .map(|(k, v)| {
                let key = Key {
                    at: Loc::new(file, k.span()),
                    name: k.into_inner().into_owned(),
                };
                let span = v.span();
                let mut n = node(v.into_inner(), file);
                n.at = Loc::new(file, span);
                (key, n)
            })
            .collect(),
    )
}

fn node(v: DeValue<'_>, file: usize) -> Node {
    let val = match v {
        DeValue::String(s) => Val::Str(s.into_owned()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .map_or(Val::Other("an integer too large"), Val::Int),
        DeValue::Float(f) => f
            .as_str()
            .parse::<f64>()
            .map_or(Val::Other("a float"), Val::Float),
        DeValue::Boolean(b) => Val::Bool(b),
        DeValue::Datetime(_) => Val::Other("a date/time"),
        DeValue::Array(a) => Val::Array(
            a.into_iter()
                .map(|x| {
                    let span = x.span();
                    let mut n = node(x.into_inner(), file);
                    n.at = Loc::new(file, span);
                    n
                })
                .collect(),
        ),
        DeValue::Table(t) => table(t, file),
    };
    Node {
        val,
        at: Loc::default(),
    }
}

/// The keys that make a table one distribution (`pull = { triangular =
/// […] }`): such a table is one value, so a layer's distribution replaces
/// the one below it whole instead of merging into it (a `triangular` over
/// a `grid` would otherwise name two families).
const DISTRIBUTION_FAMILIES: [&str; 5] = ["uniform", "normal", "lognormal", "triangular", "grid"];

fn is_distribution(entries: &[(Key, Node)]) -> bool {
    entries
        .iter()
        .any(|(k, _)| DISTRIBUTION_FAMILIES.contains(&k.name.as_str()))
}

/// Merges `over` into `base`: tables key by key (except a distribution,
/// which replaces whole), anything else replaces.
pub fn merge(base: &mut Node, over: Node) {
    match (&mut base.val, over.val) {
        (Val::Table(b), Val::Table(o)) if !is_distribution(&o) => {
            for (k, v) in o {
                match b.iter_mut().find(|(bk, _)| bk.name == k.name) {
                    Some((_, bv)) => merge(bv, v),
                    None => b.push((k, v)),
                }
            }
        }
        (_, val) => {
            base.val = val;
            base.at = over.at;
        }
    }
}

/// Reports every key of `node` (a table) not in `allowed`, with a suggestion.
pub fn check_keys(node: &Node, path: &str, allowed: &[&str], d: &mut Diags) {
    for (k, _) in node.entries().unwrap_or(&[]) {
        if !allowed.contains(&k.name.as_str()) {
            let help = super::diag::did_you_mean(&k.name, allowed.iter().copied())
                .unwrap_or_else(|| format!("allowed keys here: {}", allowed.join(", ")));
            d.push(
                Diag::new(format!("unknown key `{}`", k.name))
                    .at(k.at)
                    .path(join(path, &k.name))
                    .label("not a known key")
                    .help(help),
            );
        }
    }
}

/// `a.b` key-path join (no leading dot at the root).
pub fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_tables_key_by_key_and_replaces_arrays() {
        let mut a = parse("x = 1\n[t]\na = 1\nb = [1, 2]\n", 0).expect("toml");
        let b = parse("[t]\nb = [3]\nc = 2\n", 1).expect("toml");
        merge(&mut a, b);
        let t = a.get("t").expect("t");
        assert_eq!(t.get("a").and_then(Node::as_f64), Some(1.0));
        assert_eq!(t.get("c").and_then(Node::as_f64), Some(2.0));
        match &t.get("b").expect("b").val {
            Val::Array(v) => assert_eq!(v.len(), 1),
            other => panic!("not an array: {other:?}"),
        }
        assert_eq!(t.get("b").expect("b").at.file, 1);
    }

    /// A layer's distribution replaces the one below it whole: a stated
    /// prior over a calibrated grid is one family, not two.
    #[test]
    fn a_distribution_replaces_the_one_below_whole() {
        let mut a = parse(
            "[t]\npull = { grid = [[0.0, 1.0], [1.0, 1.0]], prior = { uniform = [0.0, 1.0] } }\n",
            0,
        )
        .expect("toml");
        let b = parse("[t]\npull = { triangular = [0.0, 0.08, 0.25] }\n", 1).expect("toml");
        merge(&mut a, b);
        let pull = a.get("t").and_then(|t| t.get("pull")).expect("pull");
        assert!(pull.get("triangular").is_some());
        assert!(pull.get("grid").is_none() && pull.get("prior").is_none());
        // A plain table still merges key by key.
        let mut c = parse("[t]\nx = { a = 1 }\n", 0).expect("toml");
        merge(&mut c, parse("[t]\nx = { b = 2 }\n", 1).expect("toml"));
        let x = c.get("t").and_then(|t| t.get("x")).expect("x");
        assert!(x.get("a").is_some() && x.get("b").is_some());
    }

    #[test]
    fn spans_point_at_values() {
        let text = "name = \"abc\"\n";
        let n = parse(text, 0).expect("toml");
        let at = n.get("name").expect("name").at;
        assert_eq!(&text[at.start..at.start + at.len], "\"abc\"");
    }
}
