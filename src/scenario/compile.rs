//! Raw tree → [`Plan`]: runs every stage in order, each collecting its
//! problems, and builds the plan only when none were found. Later stages run
//! even after earlier problems where they can, so one `validate` lists as
//! much as possible.

use super::diag::{Diag, Diags, Loc, SourceSet, render as diag_render};
use super::fields::Tab;
use super::plan::{Councils, History, Plan, Provenance, STREAMS, Stream, month_row};
use super::settings::{DataPath, Settings, TOP_KEYS, folder_of};
use super::{
    codes, criteria, csvdata, data, layer, options, settings, targets, trajectory,
    trajectory_resolve,
};
use crate::month::Month;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Compiles a scenario; `None` (with diagnostics) when anything is wrong.
pub fn compile(
    path: &Path,
    overrides: &[String],
    sources: &mut SourceSet,
    d: &mut Diags,
) -> Option<Plan> {
    let file = layer::resolve_path(path);
    let mut chain = Vec::new();
    let mut root = layer::load_chain(&file, sources, &mut chain, d)?;
    for o in overrides {
        let f = sources.add(format!("--set {o}"), o);
        layer::apply_set(&mut root, o, f, d);
    }
    if let Some(e) = root.remove("extends") {
        d.push(
            Diag::new("`extends` cannot be set from the command line")
                .at(e.at)
                .path("extends")
                .help("write `extends = \"base.toml\"` in the scenario file instead"),
        );
    }
    let top_dir = folder_of(&file);
    let dir_of = |f: usize| {
        chain
            .iter()
            .find(|(_, i)| *i == f)
            .map_or_else(|| top_dir.clone(), |(p, _)| folder_of(p))
    };
    let t = Tab::open(&root, "", &TOP_KEYS, d)?;
    let s = settings::read(&t, &dir_of, d);
    let mut hashes = Vec::new();
    let Some((councils, regions, history)) = read_councils_history(&s, sources, &mut hashes, d)
    else {
        d.hide_cascade();
        return None;
    };
    let first = s.first.map(|m| m.v);
    let metric_names: Vec<String> = s.metrics.iter().map(|m| m.name.clone()).collect();
    let rows = match &s.targets {
        Some(p) => csv(p, &data::TARGET_COLS, &[], sources, &mut hashes, d)
            .map_or_else(Vec::new, |tb| {
                data::targets(&tb, &councils, &metric_names, d)
            }),
        None => Vec::new(),
    };
    if let (Some(h), Some(f)) = (&history, s.first) {
        check_last_observed(h, &councils, f.v, f.at, d);
    }
    if let Some(h) = &history {
        check_metrics_finite(h, &councils, &s.metrics, d);
    }
    let mut spec = trajectory::read(&t, &councils, d);
    let trajectories = trajectory_resolve::resolve(&spec, &councils, d);
    check_bootstrap(&trajectories, history.as_ref(), s.first.map(|f| f.at), d);
    let rules = targets::read_rules(&t, &s.metrics, &mut spec.params, d);
    let (target_series, origins) = match &history {
        Some(h) => targets::build(&rows, &rules, &s.metrics, &councils, h, d),
        None => (Vec::new(), Vec::new()),
    };
    let cx = criteria::Ctx {
        metrics: &s.metrics,
        councils: &councils,
        history: history.as_ref(),
        targets: &target_series,
        first_sim: first,
        last_sim: s.last.map(|m| m.v),
    };
    let (names, crits) = criteria::read(&t, &cx, d);
    let options = options::read(&t, &names, &crits, sources, d);
    let fairness_intent = super::fairness::read(&t, &names, sources, d);
    let sensitivity = super::sensitivity::read(&t, d);
    let ccx = super::consequences::Ctx {
        councils: &councils,
        dir_of: &dir_of,
    };
    let consequences =
        super::consequences::read(&t, &ccx, sources, &mut hashes, &mut spec.params, d);
    d.hide_cascade();
    if !d.is_empty() {
        return None;
    }
    let provenance = Provenance {
        path: path.to_path_buf(),
        sources: chain
            .iter()
            .map(|(p, i)| (p.clone(), sources.files[*i].text.to_string()))
            .collect(),
        overrides: overrides.to_vec(),
        sha256: digest(&chain, sources, overrides, &hashes),
        notes: s.notes.clone(),
        target_origins: origins,
        trajectory_overrides: describe_overrides(&spec, &councils),
        sensitivity,
        warnings: d.warnings.iter().map(|w| diag_render(w, sources)).collect(),
    };
    let params = spec
        .params
        .iter()
        .map(|p| super::uncertain::Param {
            place: super::uncertain::place(sources, p.at),
            ..p.clone()
        })
        .collect();
    let plan = Plan {
        name: s.name,
        title: s.title,
        provenance,
        seed: s.seed,
        trials: s.trials,
        noise_sampler: s.noise_sampler,
        councils,
        regions,
        history: history?,
        first_sim: first?,
        last_sim: s.last?.v,
        pull_from: None,
        metrics: s.metrics,
        targets: target_series,
        trajectories,
        params,
        criteria: crits.into_iter().flatten().collect(),
        options,
        consequences,
        fairness_intent,
    };
    if let Err(e) = plan.check() {
        d.push(Diag::new(format!("internal check failed: {e}")));
        return None;
    }
    Some(plan)
}

/// Refuses a metric whose observed value overflows to infinity (huge
/// weights or rates): it could not be written to `paths.csv` or compared.
fn check_metrics_finite(
    h: &History,
    councils: &Councils,
    metrics: &[super::plan::Metric],
    d: &mut Diags,
) {
    for m in metrics {
        let bad = (0..councils.len()).find(|&i| {
            (0..h.n_months).any(|k| {
                let r = &h.rates[month_row(i, k, h.n_months)..][..STREAMS];
                let used = || (0..STREAMS).filter(|&s| m.weights[s] != 0.0);
                let v: f64 = used().map(|s| m.weights[s] * r[s]).sum();
                // Not reported (NaN) is allowed; overflow (±inf, or inf − inf) is not.
                used().all(|s| r[s].is_finite()) && !v.is_finite()
            })
        });
        if let Some(i) = bad {
            d.push(
                Diag::new(format!(
                    "metric `{}` overflows to infinity on the history of council {}",
                    m.name, councils.code[i]
                ))
                .path(format!("metrics.{}.weights", m.name))
                .council(councils.code[i].clone())
                .help("use weights and delayed days of ordinary size"),
            );
        }
    }
}

fn csv(
    p: &DataPath,
    req: &[&str],
    opt: &[&str],
    sources: &mut SourceSet,
    hashes: &mut Vec<[u8; 32]>,
    d: &mut Diags,
) -> Option<csvdata::Table> {
    let t = csvdata::read(&p.resolved, &p.written, p.at, &p.key, req, opt, sources, d)?;
    hashes.push(t.sha256);
    Some(t)
}

/// The councils and history files, cross-checked ([`codes`]) before
/// their rows are; `None` when nothing else can be checked: the councils
/// file is named but unreadable, or cut short (one error said, and a note).
fn read_councils_history(
    s: &Settings,
    sources: &mut SourceSet,
    hashes: &mut Vec<[u8; 32]>,
    d: &mut Diags,
) -> Option<(Councils, Vec<String>, Option<History>)> {
    let mut table = s.councils.as_ref().and_then(|p| {
        csv(
            p,
            &data::COUNCIL_COLS,
            &data::COUNCIL_OPT,
            sources,
            hashes,
            d,
        )
    });
    let hist = s
        .history
        .as_ref()
        .and_then(|p| csv(p, &data::HISTORY_COLS, &[], sources, hashes, d));
    let stop = |d: &mut Diags| {
        d.push(
            Diag::new("nothing that depends on the councils file was checked")
                .help("fix the councils file first; the rest is checked then")
                .as_note(),
        );
    };
    let mut typos = Vec::new();
    match (&mut table, &s.councils, &hist) {
        (None, Some(_), _) => {
            stop(d);
            return None;
        }
        (Some(t), Some(p), Some(h)) => match codes::cross_check(t, h, p.at, &p.key, d) {
            codes::Cross::Stop => {
                stop(d);
                return None;
            }
            codes::Cross::Go(c) => typos = c,
        },
        _ => {}
    }
    let (councils, regions, refused) = table.map_or_else(
        || (Councils::default(), Vec::new(), Vec::new()),
        |t| {
            let read = data::councils(&t, d);
            super::plausible::allocations(&t, &read.0, d);
            read
        },
    );
    d.refused = refused.into_iter().chain(typos).collect();
    let history = match (hist, s.first) {
        (Some(t), Some(f)) => Some(data::history(&t, &councils, f.v.plus(-1), d)),
        _ => None,
    };
    Some((councils, regions, history))
}

/// Every council needs all three streams for the month before `first_month`.
fn check_last_observed(h: &History, councils: &Councils, first: Month, at: Loc, d: &mut Diags) {
    let last = first.plus(-1);
    let lacking: Vec<&str> = (0..councils.len())
        .filter(|&c| Stream::ALL.iter().any(|&s| h.rate(c, last, s).is_none()))
        .map(|c| councils.code[c].as_str())
        .collect();
    if !lacking.is_empty() {
        d.push(
            Diag::new(format!("no history for {last} (the month before first_month) for council(s) {}", lacking.join(", ")))
                .at(at)
                .path("simulation.first_month")
                .help("simulations start from each council's last observed month: add its nhs, asc and both delayed days for that month"),
        );
    }
}

fn check_bootstrap(
    trajs: &[super::plan::Trajectory],
    h: Option<&History>,
    at: Option<Loc>,
    d: &mut Diags,
) {
    let uses = trajs
        .iter()
        .any(|t| t.model == super::plan::ModelKind::Bootstrap);
    if let (true, Some(h)) = (uses, h)
        && h.n_months < 7
    {
        {
            let mut diag = Diag::new(format!(
                "the bootstrap model needs at least 7 observed months (6 changes); history has {}",
                h.n_months
            ))
            .path("trajectory.model");
            if let Some(at) = at {
                diag = diag.at(at);
            }
            d.push(diag);
        }
    }
}

fn describe_overrides(spec: &trajectory::Spec, councils: &Councils) -> Vec<String> {
    let mut out = Vec::new();
    for s in Stream::ALL {
        let txt = super::trajectory_words::describe(&spec.streams[s as usize], &spec.params);
        if !txt.is_empty() {
            out.push(format!("{} stream: {txt}", s.name()));
        }
    }
    for o in &spec.overrides {
        let codes: Vec<&str> = o
            .councils
            .iter()
            .map(|&i| councils.code[i].as_str())
            .collect();
        let streams: Vec<&str> = Stream::ALL
            .iter()
            .filter(|s| o.streams[**s as usize])
            .map(|s| s.name())
            .collect();
        let scope = if streams.len() == 3 {
            "all streams".to_string()
        } else {
            format!("{} stream(s)", streams.join(", "))
        };
        out.push(format!(
            "council(s) {} ({scope}): {}",
            codes.join(", "),
            super::trajectory_words::describe(&o.patch, &spec.params)
        ));
    }
    out
}

/// SHA-256 over: each TOML text (base first), each override, then the
/// SHA-256 of each data file's bytes (councils, history, targets, then the
/// consequences share file when there is one), each item
/// length-prefixed so boundaries are unambiguous.
fn digest(
    chain: &[(PathBuf, usize)],
    sources: &SourceSet,
    overrides: &[String],
    data: &[[u8; 32]],
) -> String {
    let mut h = Sha256::new();
    let mut put = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    for (_, i) in chain {
        put(sources.files[*i].text.as_bytes());
    }
    for o in overrides {
        put(o.as_bytes());
    }
    for x in data {
        put(x);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
