//! `summary.json`: the manifest, per-option national summaries and histograms,
//! and the convergence table (docs/OUTPUTS.md fixes every key).

use super::schema::{
    ConvergenceRow, ExpectedJson, Figure, Histogram, Manifest, OptionSummary, ParamJson,
    PrecisionJson, Summary as SummaryJson,
};
use crate::engine::Results;
use crate::scenario::plan::{NoiseSampler, Plan, Share};
use crate::stats::summary::{convergence_points, equal_width, mean_var};
use crate::stats::{Summary, counts};
use std::io;
use std::path::Path;

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

/// Rounds pounds to the penny (for JSON).
fn p2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn count_stats(s: Summary) -> Figure {
    Figure {
        mean: s.mean,
        se: s.se,
        sd: s.sd,
        p5: s.p5,
        p50: s.p50,
        p95: s.p95,
        min: s.min,
        max: s.max,
        es95: None,
    }
}

fn money_stats(s: Summary) -> Figure {
    Figure {
        mean: p2(s.mean),
        se: p2(s.se),
        sd: p2(s.sd),
        p5: p2(s.p5),
        p50: p2(s.p50),
        p95: p2(s.p95),
        min: p2(s.min),
        max: p2(s.max),
        es95: Some(p2(s.es95)),
    }
}

/// "33%", or "graduated on gap_sept (10%–50%)".
pub fn share_words(plan: &Plan, share: &Share) -> String {
    let pct = |x: f64| format!("{}%", crate::format::num(x * 100.0));
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
        let c = counts(&r.trial_reviewed);
        let mut hist = vec![0u64; plan.councils.len() + 1];
        for &k in &r.trial_reviewed {
            if let Some(h) = hist.get_mut(k as usize) {
                *h += 1;
            }
        }
        let (edges, fcounts) = equal_width(&r.trial_funding_pence, 100.0, 40);
        options.push(OptionSummary {
            id: opt.id.clone(),
            label: opt.label.clone(),
            rule: opt.rule_text.clone(),
            rule_words: opt.rule.describe(&names),
            action: crate::rules::money_words::keyword(opt.action).into(),
            share: share_words(plan, &opt.share),
            reviewed_count: count_stats(r.national.reviewed),
            funding_at_risk: money_stats(r.national.funding),
            reviewed_histogram: hist,
            funding_histogram: Histogram {
                edges: edges.into_iter().map(p2).collect(),
                counts: fcounts,
            },
            fairness: Some(super::schema::FairnessJson {
                rightly_reviewed: count_stats(r.fairness.rightly_reviewed),
                wrongly_reviewed: count_stats(r.fairness.wrongly_reviewed),
                wrongly_spared: count_stats(r.fairness.wrongly_spared),
                funding_wrongly_at_risk: money_stats(r.fairness.wrong_funding),
                by_size: super::fairness::by_size(plan, res, o),
            }),
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
