//! Top-level scenario settings: `schema`, `name`, `title`, `notes`, `[data]`,
//! `[simulation]` and `[metrics]`. Defaults: `trials = 10000`, `seed = 1`,
//! `noise_sampler = "exact"`, `title = name`.

use super::diag::{Diag, Diags, Loc};
use super::fields::{At, Tab};
use super::plan::{Metric, NoiseSampler, Plan};
use crate::month::Month;
use std::path::{Path, PathBuf};

pub const TOP_KEYS: [&str; 15] = [
    "schema",
    "name",
    "title",
    "extends",
    "notes",
    "data",
    "simulation",
    "trajectory",
    "metrics",
    "targets",
    "criteria",
    "option",
    "sensitivity",
    "consequences",
    "fairness",
];
pub const SCHEMA: i64 = 1;
pub const DEFAULT_TRIALS: u64 = 10_000;
pub const DEFAULT_SEED: u64 = 1;

/// A data file path as written and as resolved.
#[derive(Debug, Clone)]
pub struct DataPath {
    pub written: String,
    pub resolved: PathBuf,
    pub at: Loc,
    pub key: String,
}

/// The settings that are not trajectories, criteria or options.
#[derive(Debug, Default)]
pub struct Settings {
    pub name: String,
    pub title: String,
    pub notes: Vec<String>,
    pub councils: Option<DataPath>,
    pub history: Option<DataPath>,
    pub targets: Option<DataPath>,
    pub trials: u64,
    pub seed: u64,
    pub first: Option<At<Month>>,
    pub last: Option<At<Month>>,
    pub metrics: Vec<Metric>,
    pub noise_sampler: NoiseSampler,
}

/// Reads the settings; `dir_of(file)` is the folder data paths in that file are relative to.
pub fn read(root: &Tab, dir_of: &dyn Fn(usize) -> PathBuf, d: &mut Diags) -> Settings {
    let mut s = Settings {
        trials: DEFAULT_TRIALS,
        seed: DEFAULT_SEED,
        ..Settings::default()
    };
    match root.int("schema", d) {
        Some(v) if v.v == SCHEMA => {}
        Some(v) => d.push(
            Diag::new(format!(
                "unsupported schema {}: this ibcf reads schema {SCHEMA}",
                v.v
            ))
            .at(v.at)
            .path("schema"),
        ),
        None if root.get("schema").is_none() => d.push(
            Diag::new("missing `schema`")
                .at(Loc::new(root.node.at.file, 0..0))
                .path("schema")
                .help(format!("start the file with `schema = {SCHEMA}`")),
        ),
        None => {}
    }
    if let Some(n) = root.req_str("name", d) {
        if valid_name(n.v) {
            s.name = n.v.to_string();
        } else {
            d.push(
                Diag::new(format!("name `{}` may use only a-z, 0-9 and -", n.v))
                    .at(n.at)
                    .path("name")
                    .help("the name is also the output folder, e.g. \"november-2017-review\""),
            );
        }
    }
    s.title = root
        .str("title", d)
        .map_or_else(|| s.name.clone(), |t| t.v.to_string());
    s.notes = root
        .strings("notes", d)
        .unwrap_or_default()
        .iter()
        .map(|n| n.v.to_string())
        .collect();
    read_data(root, dir_of, &mut s, d);
    read_simulation(root, &mut s, d);
    s.metrics = read_metrics(root, d);
    s
}

/// `[a-z0-9-]+`.
pub fn valid_name(n: &str) -> bool {
    !n.is_empty()
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn read_data(root: &Tab, dir_of: &dyn Fn(usize) -> PathBuf, s: &mut Settings, d: &mut Diags) {
    let Some(data) = root.get("data") else {
        d.push(
            Diag::new("missing `[data]` table")
                .at(Loc::new(root.node.at.file, 0..0))
                .path("data")
                .help("add [data] with councils = \"data/councils.csv\" and history = \"data/history.csv\""),
        );
        return;
    };
    let Some(t) = Tab::open(data, "data", &["councils", "history", "targets"], d) else {
        return;
    };
    let path = |key: &str, d: &mut Diags, required: bool| {
        let v = if required {
            t.req_str(key, d)
        } else {
            t.str(key, d)
        }?;
        Some(DataPath {
            written: v.v.to_string(),
            resolved: dir_of(v.at.file).join(v.v),
            at: v.at,
            key: format!("data.{key}"),
        })
    };
    s.councils = path("councils", d, true);
    s.history = path("history", d, true);
    s.targets = path("targets", d, false);
}

fn read_simulation(root: &Tab, s: &mut Settings, d: &mut Diags) {
    let keys = [
        "trials",
        "seed",
        "first_month",
        "last_month",
        "noise_sampler",
    ];
    let Some(sim) = root.get("simulation") else {
        d.push(
            Diag::new("missing `[simulation]` table")
                .at(Loc::new(root.node.at.file, 0..0))
                .path("simulation")
                .help("add [simulation] with first_month and last_month, e.g. \"2017-08\" and \"2017-11\""),
        );
        return;
    };
    let Some(t) = Tab::open(sim, "simulation", &keys, d) else {
        return;
    };
    if let Some(v) = t.int_in("trials", 1, 1_000_000_000_000, d) {
        s.trials = v.v as u64;
    }
    if let Some(v) = t.int_in("seed", 0, i64::MAX, d) {
        s.seed = v.v as u64;
    }
    if let Some(v) = t.word("noise_sampler", &NoiseSampler::WORDS, d) {
        s.noise_sampler = v.v;
    }
    s.first = t.req_month("first_month", d);
    s.last = t.req_month("last_month", d);
    if let (Some(f), Some(l)) = (s.first, s.last) {
        if l.v < f.v {
            d.push(
                Diag::new(format!("last_month {} is before first_month {}", l.v, f.v))
                    .at(l.at)
                    .path("simulation.last_month")
                    .label("before first_month"),
            );
            s.last = None;
        } else if l.v.since(f.v) > 1200 {
            d.push(
                Diag::new("more than 100 years of simulated months")
                    .at(l.at)
                    .path("simulation.last_month"),
            );
            s.last = None;
        }
    }
}

fn read_metrics(root: &Tab, d: &mut Diags) -> Vec<Metric> {
    let mut out = Plan::builtin_metrics();
    let Some(n) = root.get("metrics") else {
        return out;
    };
    let Some(entries) = n.entries() else {
        super::fields::wrong_type(n, "metrics", "a table", d);
        return out;
    };
    for (k, v) in entries {
        let path = format!("metrics.{}", k.name);
        if out.iter().any(|m| m.name == k.name) {
            d.push(
                Diag::new(format!(
                    "metric `{}` is built in and cannot be redefined",
                    k.name
                ))
                .at(k.at)
                .path(path),
            );
            continue;
        }
        let Some(m) = Tab::open(v, &path, &["weights"], d) else {
            continue;
        };
        let Some(w) = m.get("weights") else {
            d.push(
                Diag::new("missing `weights`")
                    .at(v.at)
                    .path(path)
                    .help("e.g. weights = { nhs = 0.5, asc = 1.0 }"),
            );
            continue;
        };
        let Some(wt) = Tab::open(w, &format!("{path}.weights"), &["nhs", "asc", "both"], d) else {
            continue;
        };
        let mut weights = [0.0; 3];
        for (i, s) in ["nhs", "asc", "both"].iter().enumerate() {
            weights[i] = wt.f64(s, d).map_or(0.0, |x| x.v);
        }
        if weights.iter().all(|w| *w == 0.0) {
            d.push(
                Diag::new("a metric needs at least one non-zero weight")
                    .at(w.at)
                    .path(format!("{path}.weights")),
            );
        }
        out.push(Metric {
            name: k.name.clone(),
            weights,
        });
    }
    out
}

/// The folder a source file's relative paths are resolved against.
pub fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}
