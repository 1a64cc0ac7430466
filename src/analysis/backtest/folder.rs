//! A finished backtest's folder (CSVs; unless `no_report`, the plots and
//! `backtest.html`) and its terminal summary, so `ibcf backtest` stays a
//! thin caller.

use super::html::{self, PageInfo};
use super::{BacktestError, Origin, decision_report, plots, summary, write};
use std::path::Path;

/// Writes the backtest's files into `dir` (a staging folder that will
/// become `shown`, the folder errors name).
///
/// # Errors
/// I/O or chart failures.
pub fn write(
    dir: &Path,
    shown: &Path,
    info: &PageInfo<'_>,
    origins: &[Origin],
    s: &summary::Summary,
    no_report: bool,
) -> Result<(), BacktestError> {
    write::write_all(dir, info.plan, origins, s)
        .map_err(|e| BacktestError::io(format!("writing {}", shown.display()), e))?;
    if !no_report {
        let pl = plots::draw_all(&dir.join("plots"), origins, s)?;
        std::fs::write(dir.join("backtest.html"), html::page(info, origins, s, &pl))
            .map_err(|e| BacktestError::io("writing backtest.html", e))?;
    }
    Ok(())
}

/// The terminal summary: the per-origin table and, when decisions were
/// replayed, their table.
pub fn terminal(origins: &[Origin], s: &summary::Summary) -> String {
    let mut t = table(s);
    t.push_str(&pull_line(origins));
    t.push('\n');
    if origins.iter().any(|o| !o.decisions.is_empty()) {
        t.push_str(&decision_report::terminal(&decision_report::summarise(
            origins,
        )));
    }
    t
}

/// One line per origin: coverage, CRPS, skill, PIT chi-square.
fn table(s: &summary::Summary) -> String {
    let mut t = format!(
        "{:<8} {:>8} {:>9} {:>12} {:>12} {:>8} {:>8} {:>9}\n",
        "origin", "councils", "forecasts", "coverage50", "coverage90", "CRPS", "skill", "PIT chi2"
    );
    for r in &s.origins {
        t.push_str(&format!(
            "{:<8} {:>8} {:>9} {:>11.1}% {:>11.1}% {:>8.3} {:>8.3} {:>9.1}\n",
            r.at.to_string(),
            r.councils,
            r.n,
            r.coverage50 * 100.0,
            r.coverage90 * 100.0,
            r.crps,
            r.skill,
            r.pit_chi2
        ));
    }
    if s.origins.len() > 1 {
        let n: usize = s.origins.iter().map(|r| r.n).sum();
        let pooled = |f: &dyn Fn(&summary::OriginRow) -> f64| {
            s.origins.iter().map(|r| f(r) * r.n as f64).sum::<f64>() / n.max(1) as f64
        };
        t.push_str(&format!(
            "{:<8} {:>8} {:>9} {:>11.1}% {:>11.1}%\n",
            "all",
            "",
            n,
            pooled(&|r| r.coverage50) * 100.0,
            pooled(&|r| r.coverage90) * 100.0
        ));
    }
    t
}

/// Which pull the origins drew (DECISIONS #92): a posterior learned from
/// target months before the origin, or the scenario's stated prior.
pub fn pull_line(origins: &[Origin]) -> String {
    let learned: Vec<String> = origins
        .iter()
        .filter_map(|o| {
            let p = o.pull.as_ref()?;
            let e = p.estimate?;
            p.posterior.map(|g| {
                format!(
                    "{} (kappa {:.3} ± {:.3}, posterior mean {:.3})",
                    o.at,
                    e.kappa,
                    e.se,
                    g.mean()
                )
            })
        })
        .collect();
    if learned.is_empty() {
        format!(
            "pull: the scenario's own (its stated prior where it draws one) at every origin; none had {} months under its targets before it",
            super::learned::MIN_MONTHS
        )
    } else {
        format!(
            "pull: learned from target months before the origin at {}; the stated prior at the other {}",
            learned.join(", "),
            origins.len() - learned.len()
        )
    }
}
