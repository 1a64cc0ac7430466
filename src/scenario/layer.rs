//! Layering: the `extends` chain (base first, each file overriding the one it
//! extends) and `--set key=value` overrides, both with the same merge (tables
//! key by key, arrays and scalars replace). Cycles are errors.

use super::diag::{Diag, Diags, Loc, SourceSet};
use super::raw::{self, Node, Val};
use std::path::{Path, PathBuf};

/// Resolves a command-line scenario argument: a folder means its `scenario.toml`.
pub fn resolve_path(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join("scenario.toml")
    } else {
        path.to_path_buf()
    }
}

/// Reads `path` and everything it extends, merged; records each TOML file
/// (base first) in `chain` as (path, source index).
pub fn load_chain(
    path: &Path,
    sources: &mut SourceSet,
    chain: &mut Vec<(PathBuf, usize)>,
    d: &mut Diags,
) -> Option<Node> {
    let mut stack = Vec::new();
    load_one(path, None, sources, chain, &mut stack, d)
}

fn load_one(
    path: &Path,
    from: Option<Loc>,
    sources: &mut SourceSet,
    chain: &mut Vec<(PathBuf, usize)>,
    stack: &mut Vec<(PathBuf, String)>,
    d: &mut Diags,
) -> Option<Node> {
    let canon = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    if let Some(pos) = stack.iter().position(|p| p.0 == canon) {
        let mut cycle: Vec<String> = stack[pos..].iter().map(|p| p.1.clone()).collect();
        cycle.push(path.display().to_string());
        let mut diag =
            Diag::new(format!("`extends` cycle: {}", cycle.join(" -> "))).path("extends");
        if let Some(at) = from {
            diag = diag.at(at).label("this file is already in the chain");
        }
        d.push(diag.help("a scenario may extend a base, but no file may end up extending itself"));
        return None;
    }
    let text = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            let mut diag = Diag::new(format!(
                "cannot read scenario file `{}`: {e}",
                path.display()
            ));
            if let Some(at) = from {
                diag = diag.at(at).path("extends");
            }
            d.push(diag.help("give a scenario .toml file, or a folder holding scenario.toml"));
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    let file = sources.add(path.display().to_string(), &text);
    let mut node = match raw::parse(&text, file) {
        Ok(n) => n,
        Err(diag) => {
            d.push(*diag);
            return None;
        }
    };
    let ext = node.remove("extends");
    let mut merged = match ext {
        Some(e) => {
            let Some(rel) = e.as_str() else {
                super::fields::wrong_type(&e, "extends", "a file path (string)", d);
                return None;
            };
            let base_path = resolve_path(&path.parent().unwrap_or(Path::new(".")).join(rel));
            stack.push((canon, path.display().to_string()));
            let base = load_one(&base_path, Some(e.at), sources, chain, stack, d);
            stack.pop();
            base?
        }
        None => Node::table(node.at),
    };
    chain.push((path.to_path_buf(), file));
    raw::merge(&mut merged, node);
    Some(merged)
}

/// Applies one `--set key=value` to the merged tree. Keys are dotted paths;
/// inside an array of tables (e.g. `option`) a segment selects the element
/// whose `id` equals it, or its 0-based index.
pub fn apply_set(root: &mut Node, text: &str, file: usize, d: &mut Diags) {
    let Some((key, value)) = text.split_once('=') else {
        d.push(
            Diag::new(format!("`--set {text}` has no `=`"))
                .at(Loc::new(file, 0..text.len()))
                .help("write --set key=value, e.g. --set trajectory.volatility=0.2"),
        );
        return;
    };
    let key_t = key.trim();
    let key_off = key.len() - key.trim_start().len();
    let val_t = value.trim();
    let val_off = key.len() + 1 + (value.len() - value.trim_start().len());
    let segs: Vec<&str> = key_t.split('.').collect();
    if segs.iter().any(|s| s.is_empty()) {
        d.push(
            Diag::new(format!("`{key_t}` is not a key path"))
                .at(Loc::new(file, key_off..key_off + key_t.len()))
                .help("write dotted keys, e.g. simulation.trials or option.conditions-33.share"),
        );
        return;
    }
    let mut segments = Vec::new();
    let mut off = key_off;
    for seg in &segs {
        segments.push((*seg, Loc::new(file, off..off + seg.len())));
        off += seg.len() + 1;
    }
    let value = raw::parse_value(val_t, file, val_off);
    if let Err(diag) = set_in(root, &segments, value, key_t) {
        d.push(*diag);
    }
}

/// Walks `segs` from `node`, creating tables as needed, and sets the last one.
fn set_in(node: &mut Node, segs: &[(&str, Loc)], value: Node, key: &str) -> Result<(), Box<Diag>> {
    let Some(((seg, at), rest)) = segs.split_first() else {
        return Ok(());
    };
    match &mut node.val {
        Val::Array(items) => {
            let j = select(items, seg).map_err(|help| {
                Box::new(
                    Diag::new(format!("no element `{seg}` to set in `{key}`"))
                        .at(*at)
                        .help(help),
                )
            })?;
            if rest.is_empty() {
                raw::merge(&mut items[j], value);
                return Ok(());
            }
            set_in(&mut items[j], rest, value, key)
        }
        Val::Table(entries) => {
            let j = match entries.iter().position(|(k, _)| k.name == *seg) {
                Some(j) => j,
                None => {
                    let k = raw::Key {
                        name: seg.to_string(),
                        at: *at,
                    };
                    entries.push((k, Node::table(*at)));
                    entries.len() - 1
                }
            };
            if rest.is_empty() {
                entries[j].0.at = *at;
                raw::merge(&mut entries[j].1, value);
                return Ok(());
            }
            set_in(&mut entries[j].1, rest, value, key)
        }
        _ => Err(Box::new(
            Diag::new(format!(
                "cannot set `{key}`: `{seg}` is inside a value that is not a table"
            ))
            .at(*at),
        )),
    }
}

/// Index of the array element with `id == seg`, or at index `seg`.
fn select(items: &[Node], seg: &str) -> Result<usize, String> {
    if let Some(j) = items
        .iter()
        .position(|n| n.get("id").and_then(Node::as_str) == Some(seg))
    {
        return Ok(j);
    }
    if let Ok(j) = seg.parse::<usize>()
        && j < items.len()
    {
        return Ok(j);
    }
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|n| n.get("id").and_then(Node::as_str))
        .collect();
    Err(
        super::diag::did_you_mean(seg, ids.iter().copied()).unwrap_or_else(|| {
            if ids.is_empty() {
                format!(
                    "select an element by its 0-based index (there are {})",
                    items.len()
                )
            } else {
                format!("known ids: {}", ids.join(", "))
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(text: &str) -> Node {
        raw::parse(text, 0).expect("toml")
    }

    #[test]
    fn set_reaches_into_tables_and_options_by_id() {
        let mut t = tree(
            "[trajectory]\nvolatility = 0.1\n[[option]]\nid = \"a\"\nshare = 0.3\n[[option]]\nid = \"b\"\nshare = 0.3\n",
        );
        let mut d = Diags::default();
        apply_set(&mut t, "trajectory.volatility=0.2", 1, &mut d);
        apply_set(&mut t, "option.b.share = 0.5", 2, &mut d);
        assert!(d.is_empty(), "{:?}", d.list);
        let v = t
            .get("trajectory")
            .and_then(|x| x.get("volatility"))
            .and_then(Node::as_f64);
        assert_eq!(v, Some(0.2));
        let Some(Val::Array(opts)) = t.get("option").map(|o| &o.val) else {
            panic!("options")
        };
        assert_eq!(opts[1].get("share").and_then(Node::as_f64), Some(0.5));
        assert_eq!(opts[0].get("share").and_then(Node::as_f64), Some(0.3));
    }

    #[test]
    fn set_on_unknown_option_id_is_an_error() {
        let mut t = tree("[[option]]\nid = \"conditions-33\"\n");
        let mut d = Diags::default();
        apply_set(&mut t, "option.conditions-34.share=0.5", 1, &mut d);
        assert_eq!(d.len(), 1);
        assert_eq!(
            d.list[0].help.as_deref(),
            Some("did you mean `conditions-33`?")
        );
    }

    #[test]
    fn set_value_that_is_not_toml_is_a_string() {
        let mut t = tree("[simulation]\n");
        let mut d = Diags::default();
        apply_set(&mut t, "simulation.first_month=2017-09", 1, &mut d);
        let v = t
            .get("simulation")
            .and_then(|x| x.get("first_month"))
            .and_then(Node::as_str);
        assert_eq!(v, Some("2017-09"));
    }
}
