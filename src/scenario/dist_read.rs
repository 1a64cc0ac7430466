//! Reading a numeric key that may be a distribution (`pull = 0.15` or
//! `pull = { uniform = [0.05, 0.3], scope = "council" }`), with every
//! problem reported at its place: a missing or second family, the wrong
//! number of parameters, a negative sd, `lo > hi`, a mode outside its
//! range, an unknown scope, and a support that leaves the key's allowed
//! range ("pull must be between 0 and 1 for every draw").

use super::diag::{Diag, Diags};
use super::dist::{Dist, Scope, Uncertain};
use super::dist_grid::Grid;
use super::fields::{At, Tab, wrong_type};
use super::raw::{Node, Val, check_keys, join};

/// The families, with their parameter names (in order).
const FAMILIES: [(&str, &[&str]); 4] = [
    ("uniform", &["lo", "hi"]),
    ("normal", &["mean", "sd"]),
    ("lognormal", &["meanlog", "sdlog"]),
    ("triangular", &["lo", "mode", "hi"]),
];
const KEYS: [&str; 7] = [
    "uniform",
    "normal",
    "lognormal",
    "triangular",
    "grid",
    "prior",
    "scope",
];

/// A number or a distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    Fixed(f64),
    Drawn(Uncertain),
}

impl Num {
    /// The number, or the distribution's mean.
    pub fn centre(&self) -> f64 {
        match self {
            Num::Fixed(v) => *v,
            Num::Drawn(u) => u.dist.mean(),
        }
    }

    /// The largest possible value.
    pub fn upper(&self) -> f64 {
        match self {
            Num::Fixed(v) => *v,
            Num::Drawn(u) => u.dist.support().1,
        }
    }
}

/// Whether a node is written as a distribution table.
pub fn is_dist(n: &Node) -> bool {
    n.entries()
        .is_some_and(|e| e.iter().any(|(k, _)| KEYS.contains(&k.name.as_str())))
}

/// Reads `n` (at key path `path`) as a number or a distribution.
pub fn read(n: &Node, path: &str, d: &mut Diags) -> Option<At<Num>> {
    if let Some(v) = n.as_f64() {
        if v.is_finite() {
            return Some(At {
                v: Num::Fixed(v),
                at: n.at,
            });
        }
        d.push(Diag::new("expected a finite number").at(n.at).path(path));
        return None;
    }
    if n.entries().is_none() {
        wrong_type(
            n,
            path,
            "a number or a distribution like { uniform = [0.0, 0.3] }",
            d,
        );
        return None;
    }
    check_keys(n, path, &KEYS, d);
    if let Some(g) = n.get("grid") {
        let scope = read_scope(n, path, d);
        let dist = grid(n, g, path, d)?;
        return Some(At {
            v: Num::Drawn(Uncertain {
                dist,
                scope: scope?,
            }),
            at: n.at,
        });
    }
    if let Some(p) = n.get("prior") {
        d.push(
            Diag::new("`prior` belongs to a `grid` distribution (a posterior)")
                .at(p.at)
                .path(join(path, "prior")),
        );
        return None;
    }
    let fams: Vec<(&str, &Node)> = FAMILIES
        .iter()
        .filter_map(|(f, _)| n.get(f).map(|x| (*f, x)))
        .collect();
    let scope = read_scope(n, path, d);
    let [(fam, args)] = fams[..] else {
        let msg = if fams.is_empty() {
            "a distribution needs one family: uniform, normal, lognormal or triangular"
        } else {
            "a distribution has exactly one family, this table names several"
        };
        d.push(Diag::new(msg).at(n.at).path(path).help(
            "e.g. { uniform = [0.0, 0.3] }, { normal = [-0.02, 0.01] }, { lognormal = [3.0, 0.2] }, { triangular = [0.0, 0.1, 0.3] }",
        ));
        return None;
    };
    let dist = family(fam, args, &join(path, fam), d)?;
    Some(At {
        v: Num::Drawn(Uncertain {
            dist,
            scope: scope?,
        }),
        at: n.at,
    })
}

fn read_scope(n: &Node, path: &str, d: &mut Diags) -> Option<Scope> {
    let Some(s) = n.get("scope") else {
        return Some(Scope::National);
    };
    let p = join(path, "scope");
    let Some(w) = s.as_str() else {
        wrong_type(s, &p, "a string, \"national\" or \"council\"", d);
        return None;
    };
    let found = Scope::WORDS.iter().find(|(x, _)| *x == w).map(|x| x.1);
    if found.is_none() {
        d.push(
            Diag::new(format!("unknown scope `{w}`"))
                .at(s.at)
                .path(p)
                .help("scope is \"national\" (one draw per trial for everyone, the default) or \"council\" (one draw per council and trial)"),
        );
    }
    found
}

/// `{ grid = [[x0, w0], …], prior = { … } }`: points strictly increasing,
/// weights `>= 0` with a positive total; the prior any one-family distribution.
fn grid(n: &Node, g: &Node, path: &str, d: &mut Diags) -> Option<Dist> {
    let gpath = join(path, "grid");
    let fams = FAMILIES.iter().filter(|(f, _)| n.get(f).is_some()).count();
    let bad = |d: &mut Diags, msg: &str| {
        d.push(
            Diag::new(msg.to_string())
                .at(g.at)
                .path(gpath.clone())
                .help("write `grid = [[x0, w0], [x1, w1], ...]`: at least two points, x strictly increasing, weights 0 or more (not all 0)"),
        );
    };
    if fams > 0 {
        bad(
            d,
            "a distribution has exactly one family, this table names `grid` and another",
        );
        return None;
    }
    let Val::Array(items) = &g.val else {
        bad(
            d,
            &format!("expected an array of [x, w] pairs, found {}", g.type_name()),
        );
        return None;
    };
    let (mut x, mut w) = (Vec::new(), Vec::new());
    for it in items {
        let pair: Option<Vec<f64>> = match &it.val {
            Val::Array(p) if p.len() == 2 => p.iter().map(Node::as_f64).collect(),
            _ => None,
        };
        let Some(p) = pair else {
            bad(d, "each grid entry is a pair [x, w] of numbers");
            return None;
        };
        x.push(p[0]);
        w.push(p[1]);
    }
    let prior = match n.get("prior") {
        None => None,
        Some(p) => match read(p, &join(path, "prior"), d)?.v {
            Num::Drawn(u) if !matches!(u.dist, Dist::Grid(_)) => Some(u.dist),
            _ => {
                d.push(
                    Diag::new("a grid's prior is a one-family distribution like { triangular = [0.0, 0.08, 0.25] }")
                        .at(p.at)
                        .path(join(path, "prior")),
                );
                return None;
            }
        },
    };
    let Some(table) = Grid::new(x, w, prior) else {
        bad(
            d,
            "a grid needs at least two finite points in strictly increasing order and finite weights, 0 or more, not all 0",
        );
        return None;
    };
    Some(Dist::Grid(table.intern()))
}

fn family(fam: &str, args: &Node, path: &str, d: &mut Diags) -> Option<Dist> {
    let names = FAMILIES
        .iter()
        .find(|f| f.0 == fam)
        .map_or(&[][..], |f| f.1);
    let want = format!("[{}]", names.join(", "));
    let bad = |d: &mut Diags, msg: String| {
        d.push(
            Diag::new(msg)
                .at(args.at)
                .path(path)
                .help(format!("write `{fam} = {want}`")),
        );
    };
    let Val::Array(items) = &args.val else {
        bad(
            d,
            format!("expected an array {want}, found {}", args.type_name()),
        );
        return None;
    };
    let v: Vec<f64> = items.iter().filter_map(Node::as_f64).collect();
    if items.len() != names.len() || v.len() != names.len() || v.iter().any(|x| !x.is_finite()) {
        bad(
            d,
            format!("{fam} takes {} finite numbers {want}", names.len()),
        );
        return None;
    }
    let (dist, problem) = match (fam, &v[..]) {
        ("uniform", &[lo, hi]) => (Dist::Uniform { lo, hi }, lo > hi),
        ("normal", &[mean, sd]) => (Dist::Normal { mean, sd }, sd < 0.0),
        ("lognormal", &[meanlog, sdlog]) => (Dist::LogNormal { meanlog, sdlog }, sdlog < 0.0),
        (_, &[lo, mode, hi]) => (
            Dist::Triangular { lo, mode, hi },
            !(lo <= mode && mode <= hi),
        ),
        _ => return None,
    };
    if problem {
        let msg = match fam {
            "uniform" => format!("uniform: lo ({}) is above hi ({})", v[0], v[1]),
            "triangular" => format!(
                "triangular: need lo <= mode <= hi, got [{}, {}, {}]",
                v[0], v[1], v[2]
            ),
            _ => format!("{fam}: the sd must be 0 or more, got {}", v[1]),
        };
        bad(d, msg);
        return None;
    }
    Some(dist)
}

impl Tab<'_> {
    /// An optional number-or-distribution key whose every value must pass
    /// `ok` (described by `rule`, e.g. "between 0 and 1").
    pub fn num(
        &self,
        key: &str,
        ok: fn(f64) -> bool,
        rule: &str,
        d: &mut Diags,
    ) -> Option<At<Num>> {
        let n = self.get(key)?;
        let path = self.key_path(key);
        let v = read(n, &path, d)?;
        in_range(&v, key, &path, ok, rule, d).then_some(v)
    }

    /// A key that must be a plain number: a distribution gets a message
    /// saying why it cannot be drawn (`why`), anything else the usual one.
    pub fn fixed_f64(&self, key: &str, why: &str, d: &mut Diags) -> Option<At<f64>> {
        let n = self.get(key)?;
        if is_dist(n) {
            d.push(
                Diag::new(format!("`{key}` cannot be a distribution"))
                    .at(n.at)
                    .path(self.key_path(key))
                    .help(why.to_string()),
            );
            return None;
        }
        self.f64(key, d)
    }
}

/// Checks a value (every possible draw of a distribution) against `ok`.
pub fn in_range(
    v: &At<Num>,
    key: &str,
    path: &str,
    ok: fn(f64) -> bool,
    rule: &str,
    d: &mut Diags,
) -> bool {
    let (lo, hi, open) = match v.v {
        Num::Fixed(x) => (x, x, false),
        Num::Drawn(u) => u.dist.support(),
    };
    let lo_ok = ok(if open { lo.next_up() } else { lo });
    if lo_ok && ok(hi) {
        return true;
    }
    let msg = match v.v {
        Num::Fixed(x) => format!("{key} must be {rule}, got {x}"),
        Num::Drawn(u) => {
            let end = if lo_ok { hi } else { lo };
            let reach = match (end.is_finite(), lo_ok) {
                (true, _) => format!("can draw {end}"),
                (false, true) => "has no upper bound".into(),
                (false, false) => "has no lower bound".into(),
            };
            format!(
                "{key} must be {rule} for every draw, but this {} distribution {reach}",
                u.dist.kind()
            )
        }
    };
    let mut diag = Diag::new(msg)
        .at(v.at)
        .path(path)
        .label(format!("must be {rule}"));
    if matches!(v.v, Num::Drawn(_)) {
        diag = diag.help("choose a family whose range fits: uniform or triangular are bounded, lognormal is above 0");
    }
    d.push(diag);
    false
}
