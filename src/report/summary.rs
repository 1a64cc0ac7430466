//! `summary.json`: the manifest, per-option national summaries and histograms,
//! and the convergence table (docs/OUTPUTS.md fixes every key).

use crate::engine::Results;
use crate::scenario::plan::{NoiseSampler, Plan, Share};
use crate::stats::summary::{convergence_points, equal_width, mean_var};
use crate::stats::{Summary, summarize};
use serde::Serialize;
use std::io;
use std::path::Path;

#[derive(Debug, Serialize)]
pub struct SummaryJson {
    pub manifest: Manifest,
    pub options: Vec<OptionJson>,
    pub convergence: Vec<ConvergenceRow>,
    /// One per distribution the scenario declares (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<ParamJson>,
    /// Present only with `[consequences]` (docs/CONSEQUENCES.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consequences: Option<super::consequences::ConsequencesJson>,
}

/// `parameters[]`: a distribution and the run's realised draws.
#[derive(Debug, Serialize)]
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
#[derive(Debug, Serialize)]
pub struct ExpectedJson {
    pub mean: f64,
    pub sd: f64,
    pub p5: f64,
    pub p95: f64,
}

fn params(plan: &Plan, res: &Results) -> Vec<ParamJson> {
    plan.params
        .iter()
        .zip(&res.params)
        .map(|(p, r)| {
            let d = p.uncertain.dist;
            ParamJson {
                key: p.path.clone(),
                written_at: p.place.clone(),
                distribution: d.toml(),
                scope: p.uncertain.scope.name().into(),
                expected: ExpectedJson {
                    mean: d.mean(),
                    sd: d.variance().sqrt(),
                    p5: d.quantile(0.05),
                    p95: d.quantile(0.95),
                },
                draws: r.count,
                mean: r.mean,
                sd: r.sd,
                min: r.min,
                p5: r.p5,
                p25: r.p25,
                p50: r.p50,
                p75: r.p75,
                p95: r.p95,
                max: r.max,
            }
        })
        .collect()
}

#[derive(Debug, Serialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub precision: Option<PrecisionJson>,
    /// Present when counts were drawn by an approximate sampler
    /// (`simulation.noise_sampler`, DECISIONS #51): its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub noise_sampler: Option<String>,
}

/// `manifest.precision`: the figure controlled, its target and reached
/// standard error, and every (trials, se) step taken.
#[derive(Debug, Clone, Serialize)]
pub struct PrecisionJson {
    pub figure: String,
    pub target: f64,
    pub se: f64,
    pub reached: bool,
    pub max_trials: u64,
    pub steps: Vec<PrecisionStep>,
}

/// One run of a precision search.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PrecisionStep {
    pub trials: u64,
    pub se: f64,
}

/// A summary without expected shortfall (for counts).
#[derive(Debug, Serialize)]
pub struct CountStats {
    pub mean: f64,
    pub se: f64,
    pub sd: f64,
    pub p5: f64,
    pub p50: f64,
    pub p95: f64,
    pub min: f64,
    pub max: f64,
}

#[derive(Debug, Serialize)]
pub struct FundingHistogram {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

#[derive(Debug, Serialize)]
pub struct OptionJson {
    pub id: String,
    pub label: String,
    pub rule: String,
    pub rule_words: String,
    pub action: String,
    pub share: String,
    pub reviewed_count: CountStats,
    pub funding_at_risk: Summary,
    pub reviewed_histogram: Vec<u64>,
    pub funding_histogram: FundingHistogram,
}

#[derive(Debug, Serialize)]
pub struct ConvergenceRow {
    pub option: String,
    pub trials: usize,
    pub reviewed_mean: f64,
    pub reviewed_se: f64,
    pub funding_mean: f64,
    pub funding_se: f64,
}

/// Rounds pounds to the penny (for JSON).
fn p2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn count_stats(s: Summary) -> CountStats {
    CountStats {
        mean: s.mean,
        se: s.se,
        sd: s.sd,
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
        min: s.min,
        max: s.max,
    }
}

fn money_stats(s: Summary) -> Summary {
    Summary {
        mean: p2(s.mean),
        se: p2(s.se),
        sd: p2(s.sd),
        p5: p2(s.p5),
        p50: p2(s.p50),
        p95: p2(s.p95),
        min: p2(s.min),
        max: p2(s.max),
        es95: p2(s.es95),
    }
}

/// "33%", or "graduated on gap_sept (10%–50%)".
pub fn share_words(plan: &Plan, share: &Share) -> String {
    let pct = |x: f64| format!("{}%", super::format::num(x * 100.0));
    match share {
        Share::Flat(s) => pct(*s),
        Share::Graduated { criterion, points } => {
            let name = plan
                .criteria
                .get(*criterion)
                .map_or("?", |c| c.name.as_str());
            let lo = points.first().map_or(0.0, |p| p.1);
            let hi = points.last().map_or(0.0, |p| p.1);
            format!("graduated on {name} ({}–{})", pct(lo), pct(hi))
        }
    }
}

/// Per-trial reviewed counts as integers.
pub fn counts(r: &crate::engine::OptionResult) -> Vec<i64> {
    r.trial_reviewed.iter().map(|&k| i64::from(k)).collect()
}

/// Builds the whole document.
pub fn build(plan: &Plan, res: &Results) -> SummaryJson {
    let names: Vec<String> = plan.criteria.iter().map(|c| c.name.clone()).collect();
    let decision = plan
        .criteria
        .iter()
        .map(|c| c.month)
        .max()
        .unwrap_or(plan.last_sim);
    let manifest = Manifest {
        version: env!("CARGO_PKG_VERSION").into(),
        scenario: plan.name.clone(),
        title: plan.title.clone(),
        scenario_path: plan.provenance.path.display().to_string(),
        scenario_sha256: plan.provenance.sha256.clone(),
        seed: plan.seed,
        trials: res.trials,
        threads: res.threads,
        elapsed_s: (res.elapsed_s * 1000.0).round() / 1000.0,
        first_month: plan.first_sim.to_string(),
        last_month: plan.last_sim.to_string(),
        decision_month: decision.to_string(),
        councils: plan.councils.len(),
        notes: plan.provenance.notes.clone(),
        precision: None,
        noise_sampler: (plan.noise_sampler != NoiseSampler::Exact)
            .then(|| plan.noise_sampler.name().to_string()),
    };
    let mut options = Vec::new();
    let mut convergence = Vec::new();
    for (o, opt) in plan.options.iter().enumerate() {
        let r = &res.options[o];
        let c = counts(r);
        let mut hist = vec![0u64; plan.councils.len() + 1];
        for &k in &r.trial_reviewed {
            if let Some(h) = hist.get_mut(k as usize) {
                *h += 1;
            }
        }
        let (edges, fcounts) = equal_width(&r.trial_funding_pence, 100.0, 40);
        options.push(OptionJson {
            id: opt.id.clone(),
            label: opt.label.clone(),
            rule: opt.rule_text.clone(),
            rule_words: opt.rule.describe(&names),
            action: crate::rules::money_words::keyword(opt.action).into(),
            share: share_words(plan, &opt.share),
            reviewed_count: count_stats(summarize(&c, 1.0)),
            funding_at_risk: money_stats(summarize(&r.trial_funding_pence, 100.0)),
            reviewed_histogram: hist,
            funding_histogram: FundingHistogram {
                edges: edges.into_iter().map(p2).collect(),
                counts: fcounts,
            },
        });
        for n in convergence_points(c.len()) {
            let n = n.min(c.len());
            let (rm, rv) = mean_var(&c[..n], 1.0);
            let (fm, fv) = mean_var(&r.trial_funding_pence[..n], 100.0);
            let sq = (n as f64).sqrt();
            convergence.push(ConvergenceRow {
                option: opt.id.clone(),
                trials: n,
                reviewed_mean: rm,
                reviewed_se: rv.max(0.0).sqrt() / sq,
                funding_mean: p2(fm),
                funding_se: p2(fv.max(0.0).sqrt() / sq),
            });
        }
    }
    SummaryJson {
        manifest,
        options,
        convergence,
        parameters: params(plan, res),
        consequences: super::consequences::json(plan, res),
    }
}

/// Writes `summary.json` (pretty-printed, trailing newline).
///
/// # Errors
/// Any I/O or serialisation failure.
pub fn write(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    write_with(path, plan, res, None)
}

/// Writes `summary.json` with `manifest.precision` when given.
///
/// # Errors
/// Any I/O or serialisation failure.
pub fn write_with(
    path: &Path,
    plan: &Plan,
    res: &Results,
    precision: Option<&PrecisionJson>,
) -> io::Result<()> {
    let mut doc = build(plan, res);
    doc.manifest.precision = precision.cloned();
    let mut text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text)
}
