//! `ibcf sensitivity`: how much each uncertain parameter (a `[sensitivity]`
//! range, or a distribution the scenario declares for a key without a
//! range; addressed like `--set`) moves expected councils reviewed and
//! expected funding at risk, per option.
//!
//! * Tornado: every parameter at its low and high end (a distribution's 5%
//!   and 95% points), the others at the scenario's own values (2d + 1 runs).
//! * Sobol indices ([`sobol`]): parameters uniform on their ranges or
//!   drawn from their distributions (design point through the quantile
//!   function), N (d + 2) runs of a Saltelli design; first-order and total
//!   indices with bootstrap intervals. A council-scope distribution is set
//!   to one value for every council in each run: its index measures the
//!   common level, not the spread between councils.
//!
//! Every run uses the scenario's seed, so the model output is a deterministic
//! function of the parameters (common random numbers): the indices measure
//! the parameters' effect, not Monte Carlo noise between runs (the noise that
//! remains is the same in every run). Each run is the scenario re-loaded with
//! `--set KEY=value` for every parameter, so any key the format accepts can
//! be studied.

pub mod charts;
pub mod folder;
mod output;
pub mod precision;
pub mod sobol;

pub use output::{HEADER, table, write_csv};

use super::figures::{OptionFigures, Output, option_figures};

use super::{RunSettings, ToolError};
use crate::report::tables::num;
use crate::scenario::dist::Dist;
use sobol::Indices;
use std::path::Path;

/// A parameter's range. `dist` is set when the parameter comes from one of
/// the scenario's distributions (and has no `[sensitivity]` range): then
/// `low` and `high` are its 5% and 95% points (the tornado's ends) and the
/// Sobol design samples it through its quantile function, so the indices
/// describe the same uncertainty as the run's intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub key: String,
    pub low: f64,
    pub high: f64,
    pub dist: Option<Dist>,
}

impl Param {
    /// The parameter's value at design point `u` in [0, 1): uniform on the
    /// range, or the distribution's quantile (kept off the infinite ends).
    pub fn at(&self, u: f64) -> f64 {
        match self.dist {
            Some(d) => d.quantile(u.clamp(1e-9, 1.0 - 1e-9)),
            None => self.low + (self.high - self.low) * u,
        }
    }

    /// A scenario distribution as a parameter (tornado at its P5 and P95).
    pub fn from_dist(key: &str, d: Dist) -> Param {
        Param {
            key: key.to_string(),
            low: d.quantile(0.05),
            high: d.quantile(0.95),
            dist: Some(d),
        }
    }
}

/// Parses `KEY=LOW:HIGH` (the `--range` flag).
///
/// # Errors
/// A sentence naming the flag and the fix.
pub fn parse_range(s: &str) -> Result<Param, String> {
    let fail = || {
        format!(
            "--range {s}: expected KEY=LOW:HIGH with LOW < HIGH, e.g. --range trajectory.pull=0:0.3"
        )
    };
    let (key, rhs) = s.split_once('=').ok_or_else(fail)?;
    let (lo, hi) = rhs.split_once(':').ok_or_else(fail)?;
    let (Ok(low), Ok(high)) = (lo.trim().parse::<f64>(), hi.trim().parse::<f64>()) else {
        return Err(fail());
    };
    if key.trim().is_empty() || low >= high || !low.is_finite() || !high.is_finite() {
        return Err(fail());
    }
    Ok(Param {
        key: key.trim().into(),
        low,
        high,
        dist: None,
    })
}

/// The scenario's ranges, then every distribution the scenario declares
/// whose key has no range (one parameter per key; not `[consequences]`
/// keys, which cannot move the figures measured), with `extra` added
/// (replacing a parameter of the same key).
pub fn merge(
    scenario: &[(String, f64, f64)],
    dists: &[crate::scenario::uncertain::Param],
    extra: &[Param],
) -> Vec<Param> {
    let mut out: Vec<Param> = scenario
        .iter()
        .map(|(k, l, h)| Param {
            key: k.clone(),
            low: *l,
            high: *h,
            dist: None,
        })
        .collect();
    // `[consequences]` draws do not move who is reviewed or the money at
    // risk (the figures sensitivity measures), so they are left out.
    for d in dists
        .iter()
        .filter(|d| !d.set_key.starts_with("consequences."))
    {
        if !out.iter().any(|q| q.key == d.set_key) {
            out.push(Param::from_dist(&d.set_key, d.uncertain.dist));
        }
    }
    for p in extra {
        match out.iter_mut().find(|q| q.key == p.key) {
            Some(q) => *q = p.clone(),
            None => out.push(p.clone()),
        }
    }
    out
}

/// One option's tornado bar for one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Swing {
    pub at_low: OptionFigures,
    pub at_high: OptionFigures,
}

/// Everything computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Sensitivity {
    pub params: Vec<Param>,
    pub options: Vec<String>,
    pub trials: u64,
    pub seed: u64,
    pub samples: usize,
    /// Per option: the figures at the scenario's own values.
    pub base: Vec<OptionFigures>,
    /// `[param][option]`.
    pub tornado: Vec<Vec<Swing>>,
    /// `[option][output]` in [`Output::ALL`] order.
    pub sobol: Vec<Vec<Indices>>,
}

/// Trials per engine run when `--trials` is not given: enough for stable
/// expected figures on common random numbers, small enough for hundreds of runs.
pub const DEFAULT_TRIALS: u64 = 1000;

/// Settings of the analysis.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Saltelli base samples N.
    pub samples: usize,
    /// Bootstrap resamples.
    pub bootstrap: usize,
    /// Seed of the design and the bootstrap (not of the simulation).
    pub design_seed: u64,
}

struct Runner<'a> {
    path: &'a Path,
    base: &'a [String],
    rs: &'a RunSettings,
    options: Vec<String>,
}

impl Runner<'_> {
    fn load(&self, sets: &[String]) -> Result<crate::scenario::plan::Plan, ToolError> {
        let mut all = self.base.to_vec();
        all.extend_from_slice(sets);
        super::load(self.path, &all, self.rs).map_err(|e| match e {
            ToolError::Input(m) => {
                ToolError::Input(format!("{m}(with --set {})\n", sets.join(" --set ")))
            }
            other => other,
        })
    }

    fn run(&mut self, sets: &[String]) -> Result<Vec<OptionFigures>, ToolError> {
        let plan = self.load(sets)?;
        let ids: Vec<String> = plan.options.iter().map(|o| o.id.clone()).collect();
        if ids != self.options {
            return Err(ToolError::Input(
                "error: a sensitivity parameter changes the list of options; study option parameters, not the options themselves".into(),
            ));
        }
        Ok(option_figures(&super::simulate(&plan, self.rs)?))
    }
}

fn set(p: &Param, v: f64) -> String {
    format!("{}={}", p.key, num(v))
}

/// Every engine run of the analysis, as its `--set` overrides, in order: the
/// base (no overrides), each parameter at its low then high end (tornado),
/// then the Saltelli design's points.
///
/// # Errors
/// No parameters.
pub fn runs(params: &[Param], st: &Settings) -> Result<Vec<Vec<String>>, ToolError> {
    if params.is_empty() {
        return Err(ToolError::Input(
            "error: no parameter ranges or distributions: add a [sensitivity] table to the scenario, e.g.\n  [sensitivity]\n  \"trajectory.pull\" = [0.0, 0.3]\nor give --range KEY=LOW:HIGH".into(),
        ));
    }
    let mut out = vec![Vec::new()];
    for p in params {
        out.push(vec![set(p, p.low)]);
        out.push(vec![set(p, p.high)]);
    }
    for u in sobol::saltelli(st.samples, params.len(), st.design_seed).points() {
        out.push(
            params
                .iter()
                .zip(&u)
                .map(|(p, &x)| set(p, p.at(x)))
                .collect(),
        );
    }
    Ok(out)
}

/// Runs the tornado and the Sobol design. `progress(done, total)` after each run.
///
/// # Errors
/// No parameters, a range whose key the scenario does not accept, or an
/// engine failure.
pub fn run(
    path: &Path,
    base_sets: &[String],
    params: &[Param],
    st: &Settings,
    rs: &RunSettings,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Sensitivity, ToolError> {
    let all = runs(params, st)?;
    let (options, figures) = run_range(path, base_sets, &all, rs, 0..all.len(), progress)?;
    let plan = super::load(path, base_sets, rs)?;
    Ok(assemble(
        params,
        st,
        options,
        (plan.trials, plan.seed),
        figures,
    ))
}

/// Runs `runs[range]` only (a shard of the analysis). Returns the option
/// ids (of the base run's plan) and per run, per option, its figures.
///
/// # Errors
/// As [`run`].
pub fn run_range(
    path: &Path,
    base_sets: &[String],
    runs: &[Vec<String>],
    rs: &RunSettings,
    range: std::ops::Range<usize>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Vec<String>, Vec<Vec<OptionFigures>>), ToolError> {
    let mut r = Runner {
        path,
        base: base_sets,
        rs,
        options: Vec::new(),
    };
    r.options = r.load(&[])?.options.iter().map(|o| o.id.clone()).collect();
    let total = range.len();
    let mut ys = Vec::with_capacity(total);
    for sets in runs.iter().skip(range.start).take(total) {
        ys.push(r.run(sets)?);
        progress(ys.len(), total);
    }
    Ok((r.options, ys))
}

/// The analysis from every run's figures (in [`runs`] order).
pub fn assemble(
    params: &[Param],
    st: &Settings,
    options: Vec<String>,
    (trials, seed): (u64, u64),
    mut figures: Vec<Vec<OptionFigures>>,
) -> Sensitivity {
    let d = params.len();
    let ys = figures.split_off((1 + 2 * d).min(figures.len()));
    let mut it = figures.into_iter();
    let base = it.next().unwrap_or_default();
    let tornado = (0..d)
        .map(|_| {
            let lo = it.next().unwrap_or_default();
            let hi = it.next().unwrap_or_default();
            lo.into_iter()
                .zip(hi)
                .map(|(at_low, at_high)| Swing { at_low, at_high })
                .collect()
        })
        .collect();
    let sobol = (0..options.len())
        .map(|o| {
            Output::ALL
                .iter()
                .map(|out| {
                    let y: Vec<f64> = ys.iter().map(|f| out.of(&f[o])).collect();
                    sobol::indices(st.samples, d, &y, st.bootstrap, st.design_seed)
                })
                .collect()
        })
        .collect();
    Sensitivity {
        params: params.to_vec(),
        options,
        trials,
        seed,
        samples: st.samples,
        base,
        tornado,
        sobol,
    }
}
