//! The layering of docs/ARCHITECTURE.md, checked on the source: each
//! top-level module (a folder or file under `src/`) imports exactly the
//! modules its row of [`LAYERS`] names, every one of them listed before it
//! (so the module graph has no cycle), the folder table of
//! docs/ARCHITECTURE.md says the same, and no source file is longer than
//! [`MAX_LINES`] lines.
//!
//! An import is a `crate::NAME` path (`ibcf::NAME` in `main.rs`, the binary)
//! or a `super::` chain that climbs to the crate root, anywhere outside a
//! `//` comment line, test code included. `lib.rs` is the crate root: it
//! declares and re-exports the modules and is not a layer.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level modules in import order, each with the modules it imports.
/// Keep in step with the folder table of docs/ARCHITECTURE.md.
const LAYERS: &[(&str, &[&str])] = &[
    ("month", &[]),
    ("format", &[]),
    ("stats", &[]),
    ("scenario", &["month", "format"]),
    ("model", &["month", "stats", "scenario"]),
    ("rules", &["month", "scenario"]),
    ("consequences", &["stats", "scenario", "model"]),
    ("explain", &["format", "scenario", "model", "rules"]),
    (
        "engine",
        &[
            "month",
            "stats",
            "scenario",
            "model",
            "rules",
            "consequences",
        ],
    ),
    (
        "report",
        &[
            "month",
            "format",
            "stats",
            "scenario",
            "rules",
            "consequences",
            "explain",
            "engine",
        ],
    ),
    (
        "analysis",
        &[
            "month",
            "format",
            "stats",
            "scenario",
            "model",
            "rules",
            "consequences",
            "engine",
            "report",
        ],
    ),
    ("import", &["month"]),
    (
        "shard",
        &["scenario", "rules", "engine", "report", "analysis"],
    ),
    ("slurm", &["scenario", "shard"]),
    ("cli", &["month", "engine", "shard"]),
    ("error", &[]),
    (
        "commands",
        &[
            "format", "scenario", "explain", "engine", "report", "analysis", "import", "shard",
            "slurm", "cli", "error",
        ],
    ),
    ("main", &["cli", "commands"]),
];

/// Most lines in one file under `src/`.
const MAX_LINES: usize = 400;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The file's module path under `src/`: `scenario/plan/mod.rs` is
/// `[scenario, plan]`, `month.rs` is `[month]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" {
        parts.push(stem.to_string());
    }
    parts
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier at the start of `s`.
fn ident(s: &str) -> &str {
    &s[..s.find(|c: char| !is_ident(c)).unwrap_or(s.len())]
}

/// The first segments of every `prefix` path in `line` (`prefix` not
/// preceded by an identifier character).
fn after(line: &str, prefix: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices(prefix) {
        if line[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let name = ident(&line[at + prefix.len()..]);
        if !name.is_empty() {
            found.push(name.to_string());
        }
    }
    found
}

/// Top-level modules reached by `super::` chains that climb at least
/// `depth` levels (to the crate root) in `line`.
fn via_super(line: &str, depth: usize, tops: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices("super::") {
        if line[..at].chars().next_back().is_some_and(is_ident) || line[..at].ends_with("::") {
            continue;
        }
        let mut rest = &line[at..];
        let mut ups = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            ups += 1;
            rest = r;
        }
        let name = ident(rest);
        if ups >= depth && tops.contains(name) {
            found.push(name.to_string());
        }
    }
    found
}

/// Imports between top-level modules: `graph[from][to]` = where.
type Graph = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn measure() -> (Graph, BTreeSet<String>, Vec<(String, usize)>) {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let tops: BTreeSet<String> = files
        .iter()
        .map(|f| module_path(f.strip_prefix(&src).expect("under src"))[0].clone())
        .collect();
    let mut graph = Graph::new();
    let mut long = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).expect("under src");
        let path = module_path(rel);
        let top = &path[0];
        let text = fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let lines = text.lines().count();
        if lines > MAX_LINES {
            long.push((format!("src/{}", rel.display()), lines));
        }
        if top == "lib" {
            continue;
        }
        let edges = graph.entry(top.clone()).or_default();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let mut names = after(line, "crate::");
            if top == "main" {
                names.extend(after(line, "ibcf::"));
            }
            names.extend(via_super(line, path.len(), &tops));
            for name in names {
                if name != *top && tops.contains(&name) {
                    let at = format!("src/{}:{}", rel.display(), n + 1);
                    edges.entry(name).or_default().push(at);
                }
            }
        }
    }
    (graph, tops, long)
}

/// A cycle in `graph`, if it has one (depth-first search).
fn cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &Graph,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|s| s == n) {
            let mut c = stack[i..].to_vec();
            c.push(n.to_string());
            return Some(c);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for next in graph.get(n).into_iter().flat_map(|e| e.keys()) {
            if let Some(c) = visit(next, graph, done, stack) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut done, &mut Vec::new()))
}

#[test]
fn the_layer_table_lists_every_import_above_its_importer() {
    let mut seen = BTreeSet::new();
    for (m, imports) in LAYERS {
        for i in *imports {
            assert!(
                seen.contains(i),
                "LAYERS: `{m}` imports `{i}`, which is not listed before it"
            );
        }
        assert!(seen.insert(*m), "LAYERS lists `{m}` twice");
    }
}

#[test]
fn top_level_modules_import_exactly_their_layer_and_form_no_cycle() {
    let (graph, tops, _) = measure();
    let table: BTreeMap<&str, BTreeSet<&str>> = LAYERS
        .iter()
        .map(|(m, i)| (*m, i.iter().copied().collect()))
        .collect();
    let mut problems = Vec::new();
    for m in tops.iter().filter(|m| *m != "lib") {
        if !table.contains_key(m.as_str()) {
            problems.push(format!("`{m}` is missing from LAYERS"));
        }
    }
    for (m, allowed) in &table {
        let Some(edges) = graph.get(*m) else {
            problems.push(format!("LAYERS names `{m}`, which is not in src/"));
            continue;
        };
        for (to, at) in edges {
            if !allowed.contains(to.as_str()) {
                problems.push(format!(
                    "`{m}` imports `{to}`, which its layer does not allow, at {}",
                    at.join(", ")
                ));
            }
        }
        for to in allowed {
            if !edges.contains_key(*to) {
                problems.push(format!(
                    "LAYERS says `{m}` imports `{to}`, which it no longer does: \
                     drop it here and in docs/ARCHITECTURE.md"
                ));
            }
        }
    }
    if let Some(c) = cycle(&graph) {
        problems.push(format!("import cycle: {}", c.join(" → ")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The folder table of docs/ARCHITECTURE.md, as (module, imports) rows: the
/// first backticked name of the first cell (its folder or file, without
/// `/` or `.rs`) and every backticked name of the last cell.
fn documented() -> Vec<(String, Vec<String>)> {
    let path = root().join("docs/ARCHITECTURE.md");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let start = text
        .find("## Folders")
        .expect("docs/ARCHITECTURE.md has a `## Folders` section");
    let ticked = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(|s| s.trim_end_matches('/').trim_end_matches(".rs").to_string())
            .collect()
    };
    text[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').collect();
            let module = ticked(cells[0]).into_iter().next().unwrap_or_default();
            (module, ticked(cells[cells.len() - 1]))
        })
        .collect()
}

#[test]
fn architecture_md_lists_the_same_layers_in_the_same_order() {
    let doc = documented();
    let code: Vec<(String, Vec<String>)> = LAYERS
        .iter()
        .map(|(m, i)| (m.to_string(), i.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(
        doc, code,
        "docs/ARCHITECTURE.md's folder table (module, imports in order) differs from LAYERS"
    );
}

#[test]
fn no_source_file_is_longer_than_the_limit() {
    let (_, _, long) = measure();
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines: {long:?} (split them by job)"
    );
}
