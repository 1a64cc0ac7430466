//! A finished stress test's folder: its CSVs, charts, `stress.html`,
//! `scenario.toml` and `stress.xlsx`, written into a (staging) folder; the
//! council lookup with a hint; and the terminal summary. Keeps
//! `ibcf stress` a thin caller.

use super::CouncilView;
use super::charts::{ImprovementCurve, StressFan};
use super::page;
use crate::report::ReportError;
use crate::report::plots::write_chart;
use crate::scenario::plan::{Councils, Plan};
use std::path::Path;

/// Council `code`'s index, or the message for an unknown code (with the
/// council whose name matches, if one does).
pub fn find_council(councils: &Councils, code: &str) -> Result<usize, String> {
    if let Some(i) = councils.index_of(code) {
        return Ok(i);
    }
    let hint = councils
        .name
        .iter()
        .position(|n| n.eq_ignore_ascii_case(code))
        .map(|k| {
            format!(
                " (did you mean {}, {}?)",
                councils.code[k], councils.name[k]
            )
        })
        .unwrap_or_default();
    Err(format!(
        "error: --council {code}: no council with that ONS code in the scenario{hint}"
    ))
}

/// Writes the stress test's files into `dir`.
///
/// # Errors
/// [`ReportError`] when a file, chart or the workbook cannot be written;
/// an input error only when the CSVs it just wrote cannot be read back.
pub fn write(dir: &Path, plan: &Plan, view: &CouncilView) -> Result<(), ReportError> {
    page::write_csvs(dir, view).map_err(|e| ReportError::io("writing stress CSVs", e))?;
    let plots_dir = dir.join("plots");
    let mut plots = Vec::new();
    if view.fan.is_some() {
        let c = StressFan { view };
        plots.push(write_chart(
            &c,
            &plots_dir,
            "fan_chart",
            "Possible paths".into(),
            "Observed history, the spread of simulated futures, the target path, and the median path with each option's improvement.".into(),
        )?);
    }
    let c = ImprovementCurve { view };
    plots.push(write_chart(
        &c,
        &plots_dir,
        "improvement",
        "Review probability against the improvement".into(),
        "Probability of review at every extra monthly reduction the search tried; the answer is where each line crosses the threshold.".into(),
    )?);
    std::fs::write(dir.join("stress.html"), page::page(view, &plots))?;
    std::fs::write(
        dir.join("scenario.toml"),
        crate::report::scenario_text(plan),
    )?;
    crate::report::workbook::write_stress(
        dir,
        &format!("{} ({}): stress test", view.name, view.code),
        &plan.provenance.notes,
    )?;
    Ok(())
}

/// The terminal summary: per option the review probability, money at risk
/// and improvement needed; the council's consequences line; what each
/// action means.
pub fn terminal(view: &CouncilView) -> String {
    let mut text = format!("{} ({}), {} trials:\n", view.name, view.code, view.trials);
    for o in &view.options {
        text.push_str(&format!(
            "  {:<24} P(review) {:>6.1}% ± {:.1}%, {} {} (P95 {}); {}\n",
            o.id,
            o.p_review * 100.0,
            o.p_review_se * 196.0,
            crate::rules::money_words::figure(o.action),
            crate::format::pounds_short(o.at_risk.mean),
            crate::format::pounds_short(o.at_risk.p95),
            page::improvement_words(view, o)
        ));
    }
    if let Some(line) = &view.cost_line {
        text.push_str(&format!("  {line}\n"));
    }
    let actions: Vec<_> = view.options.iter().map(|o| o.action).collect();
    for line in crate::rules::money_words::explain_all(&actions) {
        text.push_str(&format!("  {line}\n"));
    }
    text
}
