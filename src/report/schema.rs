//! The one schema of `summary.json` (docs/OUTPUTS.md fixes every key):
//! [`super::summary`] fills it from a run and writes it, [`super::load`]
//! reads it back for `ibcf report` and the workbook, so the two cannot
//! drift apart. Only the parts a run may leave out (`parameters`,
//! `consequences`, `manifest.precision`, `manifest.noise_sampler`, an
//! option's `es95` for counts) are optional when read.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Summary {
    pub manifest: Manifest,
    pub options: Vec<OptionSummary>,
    pub convergence: Vec<ConvergenceRow>,
    /// One per distribution the scenario declares (absent when none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamJson>,
    /// Present only with `[consequences]` (docs/CONSEQUENCES.md).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consequences: Option<super::consequences::ConsequencesJson>,
}

/// `parameters[]`: a distribution and the run's realised draws.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParamJson {
    pub key: String,
    pub written_at: String,
    pub distribution: String,
    pub scope: String,
    /// The distribution's own mean, sd, 5% and 95% points (closed form).
    pub expected: ExpectedJson,
    /// Values summarised: trials (national) or trials × councils (council;
    /// capped, see docs/OUTPUTS.md).
    pub draws: u64,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub max: f64,
}

/// Closed-form figures of a distribution.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExpectedJson {
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p95: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub version: String,
    pub scenario: String,
    pub title: String,
    pub scenario_path: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub trials: u64,
    pub threads: usize,
    pub elapsed_s: f64,
    pub first_month: String,
    pub last_month: String,
    pub decision_month: String,
    pub councils: usize,
    pub notes: Vec<String>,
    /// Present when the run was `--precision`: how the trial count was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionJson>,
    /// Present when counts were drawn by an approximate sampler
    /// (`simulation.noise_sampler`, DECISIONS #51): its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub noise_sampler: Option<String>,
}

/// `manifest.precision`: the figure controlled, its target and reached
/// standard error, and every (trials, se) step taken.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrecisionJson {
    pub figure: String,
    pub target: f64,
    pub se: f64,
    pub reached: bool,
    pub max_trials: u64,
    pub steps: Vec<PrecisionStep>,
}

/// One run of a precision search.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct PrecisionStep {
    pub trials: u64,
    pub se: f64,
}

/// Distribution summary of one per-trial figure; `es95` (the mean of the
/// worst 5% of trials) only for money.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Figure {
    pub mean: f64,
    pub se: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es95: Option<f64>,
}

impl Figure {
    /// 95% Monte Carlo interval of the mean (mean ± 1.96 se).
    pub fn ci95(&self) -> (f64, f64) {
        (self.mean - 1.96 * self.se, self.mean + 1.96 * self.se)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OptionSummary {
    pub id: String,
    pub label: String,
    pub rule: String,
    pub rule_words: String,
    pub action: String,
    pub share: String,
    pub reviewed_count: Figure,
    pub funding_at_risk: Figure,
    pub reviewed_histogram: Vec<u64>,
    pub funding_histogram: Histogram,
    /// Decisions scored against true (latent) performance; absent in runs
    /// written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fairness: Option<FairnessJson>,
}

/// One option's fairness (`report::fairness`): councils rightly reviewed,
/// wrongly reviewed and wrongly spared per trial, the funding at risk of
/// the wrongly reviewed (pounds), and the same by council size.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FairnessJson {
    pub rightly_reviewed: Figure,
    pub wrongly_reviewed: Figure,
    pub wrongly_spared: Figure,
    pub funding_wrongly_at_risk: Figure,
    pub by_size: Vec<SizeFigures>,
}

/// Fairness over a group of councils (all, or a population third).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SizeFigures {
    pub size: String,
    pub councils: usize,
    pub population_from: f64,
    pub population_to: f64,
    /// Mean councils of the group wrongly reviewed per trial.
    pub wrongly_reviewed: f64,
    pub wrongly_spared: f64,
    /// Mean over the group's councils of each one's chance.
    pub p_wrongly_reviewed: f64,
    pub p_wrongly_spared: f64,
    /// Of the council-trials that did not deserve review, the share reviewed
    /// (absent when there were none; so `missed_rate` when none deserved it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub false_review_rate: Option<f64>,
    /// Of the council-trials that deserved review, the share spared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed_rate: Option<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConvergenceRow {
    pub option: String,
    pub trials: usize,
    pub reviewed_mean: f64,
    pub reviewed_se: f64,
    pub funding_mean: f64,
    pub funding_se: f64,
}
