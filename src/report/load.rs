//! Reads a finished run folder (the files of docs/OUTPUTS.md) into typed
//! structs for the presentation side. Reads only those files, so
//! `ibcf report DIR` needs no scenario; every error names the file, and the
//! line and column where one applies (exit 2: the folder is the input).

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

mod table;

use super::error::ReportError;
use crate::month::Month;
use table::Table;

/// Everything the report shows, as read from one run folder.
#[derive(Debug, Clone)]
pub struct Run {
    pub summary: Summary,
    /// `councils.csv`, options in scenario order, councils in file order.
    pub councils: Vec<CouncilRow>,
    /// Criterion names, in the order of the `p_<criterion>` columns.
    pub criteria: Vec<String>,
    /// `paths.csv`.
    pub paths: Vec<PathRow>,
    /// `comparison.csv`; empty when the run had one option (no file).
    pub comparison: Vec<ComparisonRow>,
    /// `scenario.toml`, verbatim.
    pub scenario_text: String,
    /// `explain.txt`, verbatim.
    pub explain_text: String,
    /// Stress results attached to the run (`stress/<code>.csv`), per council.
    pub stress: crate::report::stress_notes::StressNotes,
    /// `funnel.csv`; empty when the scenario has no funnel criterion.
    pub funnel: Vec<FunnelRow>,
}

/// One row of `funnel.csv` (`report::funnel`).
#[derive(Debug, Clone)]
pub struct FunnelRow {
    pub criterion: String,
    pub month: Month,
    pub code: String,
    pub expected: f64,
    pub limit: f64,
    pub count: Option<f64>,
}

pub use super::schema::{ConvergenceRow, Figure, Histogram, Manifest, OptionSummary, Summary};

/// One row of `councils.csv`.
#[derive(Debug, Clone)]
pub struct CouncilRow {
    pub option: String,
    pub code: String,
    pub name: String,
    pub region: String,
    pub allocation: f64,
    pub p_review: f64,
    pub p_review_se: f64,
    /// `p_review_without_noise`, when the run computed it.
    pub p_review_without_noise: Option<f64>,
    pub expected_at_risk: f64,
    pub expected_net_change: f64,
    /// `p_<criterion>`, in [`Run::criteria`] order.
    pub p_criteria: Vec<f64>,
    /// `why_<criterion>`, in [`Run::criteria`] order; `None` when never reviewed.
    pub why: Vec<Option<f64>>,
}

/// One row of `paths.csv`.
#[derive(Debug, Clone)]
pub struct PathRow {
    pub code: String,
    pub metric: String,
    pub month: Month,
    pub p5: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub target: Option<f64>,
}

/// One row of `comparison.csv`.
#[derive(Debug, Clone)]
pub struct ComparisonRow {
    pub option_a: String,
    pub option_b: String,
    pub code: String,
    pub name: String,
    pub figure: String,
    pub estimate: f64,
    pub se: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

impl Run {
    /// The options' penalty actions (those `summary.json` names).
    pub fn actions(&self) -> Vec<crate::scenario::plan::Action> {
        crate::rules::money_words::parse_all(self.summary.options.iter().map(|o| o.action.as_str()))
    }

    /// The money figure's name over all options ("funding under conditions").
    pub fn money_figure(&self) -> String {
        crate::rules::money_words::figure_for(&self.actions())
    }

    /// Reads a run folder.
    ///
    /// # Errors
    /// [`ReportError::NotRunFolder`], [`ReportError::Unreadable`] or
    /// [`ReportError::Malformed`] naming the file (and line/column) when a
    /// required file is missing or malformed.
    pub fn load(dir: &Path) -> Result<Run, ReportError> {
        if !dir.is_dir() {
            return Err(ReportError::NotRunFolder(dir.to_path_buf()));
        }
        let summary = read_summary(dir)?;
        let (councils, criteria) = read_councils(dir)?;
        let paths = read_paths(dir)?;
        let comparison = match dir.join("comparison.csv").exists() {
            true => read_comparison(dir)?,
            false => Vec::new(),
        };
        let run = Run {
            summary,
            councils,
            criteria,
            paths,
            comparison,
            scenario_text: read_text(dir, "scenario.toml")?,
            explain_text: read_text(dir, "explain.txt")?,
            stress: crate::report::stress_notes::load(dir)?,
            funnel: match dir.join("funnel.csv").exists() {
                true => read_funnel(dir)?,
                false => Vec::new(),
            },
        };
        run.check(dir)?;
        Ok(run)
    }

    /// Options whose probability of review is the same for every council
    /// (same rule on the same futures): groups of option indices, in order.
    pub fn rule_groups(&self) -> Vec<Vec<usize>> {
        let opts = &self.summary.options;
        let column = |id: &str| -> Vec<f64> { self.councils_of(id).map(|r| r.p_review).collect() };
        let mut groups: Vec<(Vec<f64>, Vec<usize>)> = Vec::new();
        for (i, o) in opts.iter().enumerate() {
            let p = column(&o.id);
            match groups
                .iter_mut()
                .find(|(q, g)| *q == p && opts[g[0]].rule == o.rule)
            {
                Some((_, g)) => g.push(i),
                None => groups.push((p, vec![i])),
            }
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }

    /// Cross-file consistency the plots rely on.
    fn check(&self, dir: &Path) -> Result<(), ReportError> {
        let known: HashMap<&str, ()> = self
            .summary
            .options
            .iter()
            .map(|o| (o.id.as_str(), ()))
            .collect();
        if let Some(r) = self
            .councils
            .iter()
            .find(|r| !known.contains_key(r.option.as_str()))
        {
            return Err(ReportError::malformed(
                &dir.join("councils.csv"),
                format!("option `{}` is not in summary.json", r.option),
            ));
        }
        for o in &self.summary.options {
            let h = &o.funding_histogram;
            if h.edges.len() != h.counts.len() + 1 {
                return Err(ReportError::malformed(
                    &dir.join("summary.json"),
                    format!(
                        "option `{}`: funding_histogram has {} edges for {} counts (want counts + 1)",
                        o.id,
                        h.edges.len(),
                        h.counts.len()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Rows of `councils.csv` for one option, in file order.
    pub fn councils_of<'a>(&'a self, option: &'a str) -> impl Iterator<Item = &'a CouncilRow> + 'a {
        self.councils.iter().filter(move |r| r.option == option)
    }

    /// First month of the simulation.
    pub fn first_month(&self) -> Option<Month> {
        Month::from_str(&self.summary.manifest.first_month).ok()
    }

    /// Month at which the review is decided.
    pub fn decision_month(&self) -> Option<Month> {
        Month::from_str(&self.summary.manifest.decision_month).ok()
    }
}

fn read_text(dir: &Path, name: &str) -> Result<String, ReportError> {
    let path = dir.join(name);
    std::fs::read_to_string(&path).map_err(|e| ReportError::unreadable(&path, e))
}

fn read_summary(dir: &Path) -> Result<Summary, ReportError> {
    let path = dir.join("summary.json");
    let text = read_text(dir, "summary.json")?;
    let summary: Summary = serde_json::from_str(&text).map_err(|e| ReportError::Malformed {
        path: path.clone(),
        line: Some(e.line() as u64),
        column: Some(e.column() as u64),
        why: e.to_string(),
    })?;
    for m in [
        &summary.manifest.first_month,
        &summary.manifest.last_month,
        &summary.manifest.decision_month,
    ] {
        Month::from_str(m).map_err(|e| ReportError::malformed(&path, format!("manifest: {e}")))?;
    }
    Ok(summary)
}

fn read_councils(dir: &Path) -> Result<(Vec<CouncilRow>, Vec<String>), ReportError> {
    let mut t = Table::open(&dir.join("councils.csv"))?;
    // A criterion has both `p_<name>` and `why_<name>`; other `p_` columns
    // (`p_review…`, and `p_penalty_cheaper` of runs before it was renamed
    // `penalty_cheaper`) are figures, not criteria.
    let heads = t.headers();
    let criteria: Vec<String> = heads
        .iter()
        .filter_map(|h| h.strip_prefix("p_"))
        .filter(|c| heads.iter().any(|h| h.strip_prefix("why_") == Some(*c)))
        .map(str::to_string)
        .collect();
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        let mut p_criteria = Vec::with_capacity(criteria.len());
        let mut why = Vec::with_capacity(criteria.len());
        for c in &criteria {
            p_criteria.push(r.num(&format!("p_{c}"))?);
            why.push(r.opt_num_or_missing(&format!("why_{c}"))?);
        }
        rows.push(CouncilRow {
            option: r.text("option")?,
            code: r.text("code")?,
            name: r.text("name")?,
            region: r.text("region")?,
            allocation: r.num("allocation")?,
            p_review: r.num("p_review")?,
            p_review_se: r.num("p_review_se")?,
            p_review_without_noise: r.opt_num_or_missing("p_review_without_noise")?,
            expected_at_risk: r.num("expected_at_risk")?,
            expected_net_change: r.num("expected_net_change")?,
            p_criteria,
            why,
        });
    }
    Ok((rows, criteria))
}

fn read_funnel(dir: &Path) -> Result<Vec<FunnelRow>, ReportError> {
    let mut t = Table::open(&dir.join("funnel.csv"))?;
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        rows.push(FunnelRow {
            criterion: r.text("criterion")?,
            month: r.month("month")?,
            code: r.text("code")?,
            expected: r.num("expected")?,
            limit: r.num("limit")?,
            count: r.opt_num("count")?,
        });
    }
    Ok(rows)
}

fn read_paths(dir: &Path) -> Result<Vec<PathRow>, ReportError> {
    let mut t = Table::open(&dir.join("paths.csv"))?;
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        rows.push(PathRow {
            code: r.text("code")?,
            metric: r.text("metric")?,
            month: r.month("month")?,
            p5: r.num("p5")?,
            p25: r.num("p25")?,
            p50: r.num("p50")?,
            p75: r.num("p75")?,
            p95: r.num("p95")?,
            target: r.opt_num("target")?,
        });
    }
    Ok(rows)
}

fn read_comparison(dir: &Path) -> Result<Vec<ComparisonRow>, ReportError> {
    let mut t = Table::open(&dir.join("comparison.csv"))?;
    let mut rows = Vec::new();
    while let Some(r) = t.next_row()? {
        rows.push(ComparisonRow {
            option_a: r.text("option_a")?,
            option_b: r.text("option_b")?,
            code: r.text("code")?,
            name: r.text("name")?,
            figure: r.text("figure")?,
            estimate: r.num("estimate")?,
            se: r.num("se")?,
            ci_low: r.num("ci_low")?,
            ci_high: r.num("ci_high")?,
        });
    }
    Ok(rows)
}
