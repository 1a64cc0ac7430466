//! The compiled scenario: everything the engine needs, by index, no strings
//! in anything the trial loop touches.
//!
//! A [`Plan`] is produced by the scenario loader (`scenario::load`) after
//! every check has passed, so the engine may assume it is internally
//! consistent: indices are in range, probabilities in [0, 1], months ordered,
//! every criterion's history and target exist. Tests may also build a `Plan`
//! by hand; [`Plan::check`] re-verifies the structural invariants.

use crate::month::Month;
use std::path::PathBuf;

mod consequences;
mod rules;
mod stream_index;
mod trajectory;

pub use consequences::{Assumption, Consequences, Key, Placement, Readmission};
pub use rules::{
    Action, Criterion, CriterionKind, PolicyOption, RedistributeTo, Share, quartile_count,
};
pub use stream_index::{STREAMS, council_of, council_stream, month_row, rate_index, stream_of};
pub use trajectory::{Correlation, Jump, ModelKind, Noise, NoiseSampler, Trajectory};

/// Responsibility for a delay. The index is the stream's position in every
/// `[_; 3]` array of the plan; flat per-council arrays are indexed with
/// [`council_stream`] and [`rate_index`] (module `stream_index`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    Nhs = 0,
    Asc = 1,
    Both = 2,
}

impl Stream {
    pub const ALL: [Stream; 3] = [Stream::Nhs, Stream::Asc, Stream::Both];

    pub fn name(self) -> &'static str {
        match self {
            Stream::Nhs => "nhs",
            Stream::Asc => "asc",
            Stream::Both => "both",
        }
    }
}

/// Built-in metric indices: these four always come first in `Plan::metrics`.
pub const METRIC_NHS: usize = 0;
pub const METRIC_ASC: usize = 1;
pub const METRIC_BOTH: usize = 2;
pub const METRIC_TOTAL: usize = 3;

/// A weighted sum of stream rates.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    pub name: String,
    /// Weights on nhs, asc, both.
    pub weights: [f64; 3],
}

impl Metric {
    /// The single stream this metric is, if its weights are one-hot with weight 1.
    pub fn single_stream(&self) -> Option<Stream> {
        let w = self.weights;
        Stream::ALL.into_iter().find(|s| {
            let i = *s as usize;
            w[i] == 1.0 && (0..3).all(|j| j == i || w[j] == 0.0)
        })
    }
}

/// Where the scenario came from, for manifests and reports.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The scenario file named on the command line.
    pub path: PathBuf,
    /// Every TOML file read (the `extends` chain, base first) with its text.
    pub sources: Vec<(PathBuf, String)>,
    /// `--set` overrides applied, as written.
    pub overrides: Vec<String>,
    /// SHA-256 (hex) over the TOML texts, the overrides and the bytes of every data file.
    pub sha256: String,
    /// Free-text caveats the scenario declares (e.g. "allocations are estimates").
    pub notes: Vec<String>,
    /// How each target series was made, by index into `Plan::targets`
    /// (for `explain` and reports; the engine does not read it).
    pub target_origins: Vec<TargetOrigin>,
    /// Per-stream and per-council trajectory overrides, in words, in the
    /// order they are applied (for `explain` and reports).
    pub trajectory_overrides: Vec<String>,
    /// `[sensitivity]` ranges (`--set` key path, low, high), for
    /// `ibcf sensitivity`; the engine does not read them.
    pub sensitivity: Vec<(String, f64, f64)>,
    /// Warnings from loading (valid values that look like a slip), rendered
    /// with file and line; `ibcf validate` and `ibcf run` print them.
    pub warnings: Vec<String>,
}

/// A `[[targets.rule]]` as numbers, so the rule can be replayed on
/// another baseline month (the backtest's decision replay).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetRule {
    pub baseline: Month,
    pub average: u32,
    pub reduction: f64,
    pub floor: Option<f64>,
    pub ceiling: Option<f64>,
}

impl TargetRule {
    /// The target for a council whose baseline value is `b`:
    /// `b (1 - reduction)`, never below `min(b, floor)`, at most `ceiling`.
    pub fn target(&self, b: f64) -> f64 {
        Self::apply(b, self.reduction, self.floor, self.ceiling)
    }

    /// The rule's formula on its numbers (also used with per-trial draws).
    pub fn apply(b: f64, reduction: f64, floor: Option<f64>, ceiling: Option<f64>) -> f64 {
        let mut t = b * (1.0 - reduction);
        if let Some(f) = floor {
            t = t.max(b.min(f));
        }
        if let Some(c) = ceiling {
            t = t.min(c);
        }
        t
    }
}

/// Where the targets of one series came from.
#[derive(Debug, Clone, Default)]
pub struct TargetOrigin {
    /// `[[targets.rule]]` that filled councils without a CSV target, in words.
    pub rule: Option<String>,
    /// The same rule as numbers.
    pub spec: Option<TargetRule>,
    /// Per council: the rule's baseline value where the rule made the target,
    /// `NaN` where the target came from the targets CSV (or is absent).
    pub baseline: Vec<f64>,
}

/// Councils as a struct of arrays; council `i` is index `i` in every vector.
#[derive(Debug, Clone, Default)]
pub struct Councils {
    pub code: Vec<String>,
    pub name: Vec<String>,
    /// Index into `Plan::regions`.
    pub region: Vec<usize>,
    pub population_18plus: Vec<f64>,
    /// 2018-19 allocation the options act on, in pence.
    pub allocation_pence: Vec<i64>,
    pub asc_budget_pence: Vec<Option<i64>>,
    pub reserves_pence: Vec<Option<i64>>,
}

impl Councils {
    pub fn len(&self) -> usize {
        self.code.len()
    }

    pub fn is_empty(&self) -> bool {
        self.code.is_empty()
    }

    /// Index of a council by its ONS code.
    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.code.iter().position(|c| c == code)
    }
}

/// Observed rates (delayed days per day per 100,000 aged 18+), by council,
/// month and stream, for the months `first ..= last_observed`.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub first: Month,
    pub n_months: usize,
    /// Flat `[council][month][stream]`; `NaN` where the month was not reported.
    pub rates: Vec<f64>,
}

impl History {
    /// Observed rate, `None` when outside the window or missing.
    pub fn rate(&self, council: usize, month: Month, stream: Stream) -> Option<f64> {
        let m = month.since(self.first);
        if m < 0 || m as usize >= self.n_months {
            return None;
        }
        let v = self.rates[rate_index(council, m as usize, self.n_months, stream)];
        (!v.is_nan()).then_some(v)
    }

    /// Last observed month.
    pub fn last(&self) -> Month {
        self.first.plus(self.n_months as i32 - 1)
    }
}

/// One target per council for a metric at a month (rate units); `NaN` where a
/// council has none.
#[derive(Debug, Clone)]
pub struct TargetSeries {
    pub metric: usize,
    pub month: Month,
    /// The rule's targets at the distributions' means where the rule draws.
    pub rate: Vec<f64>,
    /// Present when the series' `[[targets.rule]]` has a drawn parameter.
    pub drawn: Option<super::uncertain::RuleDraw>,
}

/// Everything a run needs, compiled.
#[derive(Debug, Clone)]
pub struct Plan {
    pub name: String,
    pub title: String,
    pub provenance: Provenance,
    pub seed: u64,
    pub trials: u64,
    /// `simulation.noise_sampler`: how Poisson counts are drawn (DECISIONS #51).
    pub noise_sampler: NoiseSampler,
    pub councils: Councils,
    pub regions: Vec<String>,
    pub history: History,
    /// First and last simulated months. History is truncated by the loader so
    /// that `first_sim == history.last() + 1` always holds.
    pub first_sim: Month,
    pub last_sim: Month,
    /// The first month whose step pulls toward the targets (`None`: every
    /// simulated month). Only `ibcf backtest` sets it: a replay at an
    /// earlier origin is pulled only in the calendar months the targets were
    /// in force (DECISIONS #87).
    pub pull_from: Option<Month>,
    /// Built-ins (`nhs`, `asc`, `both`, `total`) first, then custom metrics.
    pub metrics: Vec<Metric>,
    pub targets: Vec<TargetSeries>,
    /// Flat `[council][stream]`.
    pub trajectories: Vec<Trajectory>,
    /// Every distribution the scenario declares (drawn per trial).
    pub params: Vec<super::uncertain::Param>,
    pub criteria: Vec<Criterion>,
    pub options: Vec<PolicyOption>,
    /// `[consequences]`: the cost of hitting the target (`None`: off, and
    /// the engine computes nothing for it).
    pub consequences: Option<Consequences>,
    /// `[fairness] intent`: the rule, over the criteria read on latent
    /// (noise-free) values, saying which councils deserve review (`None`:
    /// each option's own rule on latent values).
    pub fairness_intent: Option<crate::scenario::expr::Expr>,
}

impl Plan {
    /// Number of simulated months.
    pub fn n_sim_months(&self) -> usize {
        (self.last_sim.since(self.first_sim) + 1).max(0) as usize
    }

    /// Trajectory parameters of a council and stream.
    pub fn trajectory(&self, council: usize, stream: Stream) -> &Trajectory {
        &self.trajectories[council_stream(council, stream)]
    }

    /// The built-in metric list, for loaders and tests.
    pub fn builtin_metrics() -> Vec<Metric> {
        let m = |name: &str, weights| Metric {
            name: name.to_string(),
            weights,
        };
        vec![
            m("nhs", [1.0, 0.0, 0.0]),
            m("asc", [0.0, 1.0, 0.0]),
            m("both", [0.0, 0.0, 1.0]),
            m("total", [1.0, 1.0, 1.0]),
        ]
    }

    /// Re-checks the structural invariants the engine relies on; the loader
    /// guarantees them, hand-built plans in tests may not.
    ///
    /// # Errors
    /// A sentence naming the first broken invariant.
    pub fn check(&self) -> Result<(), String> {
        let n = self.councils.len();
        let c = &self.councils;
        let lens = [
            c.name.len(),
            c.region.len(),
            c.population_18plus.len(),
            c.allocation_pence.len(),
            c.asc_budget_pence.len(),
            c.reserves_pence.len(),
        ];
        if lens.iter().any(|&l| l != n) {
            return Err("council vectors differ in length".into());
        }
        if c.region.iter().any(|&r| r >= self.regions.len()) {
            return Err("council region index out of range".into());
        }
        if self.trajectories.len() != n * STREAMS {
            return Err("need one trajectory per council and stream".into());
        }
        if self.history.rates.len() != n * self.history.n_months * STREAMS {
            return Err("history size does not match councils x months x 3".into());
        }
        if self.first_sim != self.history.last().plus(1) {
            return Err("first simulated month must follow the last observed month".into());
        }
        if self.last_sim < self.first_sim {
            return Err("last simulated month before the first".into());
        }
        if self.metrics.len() < 4 {
            return Err("the four built-in metrics must come first".into());
        }
        if let Some(c) = &self.consequences
            && (c.to_care_home.len() != n || c.nursing_share.len() != n)
        {
            return Err("consequences shares need one value per council".into());
        }
        if let Some(c) = &self.consequences
            && c.drawn.iter().any(|&(_, p)| p >= self.params.len())
        {
            return Err("a drawn consequences key names no parameter".into());
        }
        let mut used = Vec::new();
        if let Some(e) = &self.fairness_intent {
            e.criteria(&mut used);
        }
        if used.iter().any(|&c| c >= self.criteria.len()) {
            return Err("the fairness intent names a criterion the plan lacks".into());
        }
        Ok(())
    }
}
