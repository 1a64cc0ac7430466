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
/// council whose name matches, or whose code is one typo away, if one is).
/// Codes are matched without regard to case (`e10000018` is `E10000018`).
pub fn find_council(councils: &Councils, code: &str) -> Result<usize, String> {
    let code = code.trim();
    if let Some(i) = councils
        .code
        .iter()
        .position(|c| c.eq_ignore_ascii_case(code))
    {
        return Ok(i);
    }
    let by_name = councils
        .name
        .iter()
        .position(|n| n.eq_ignore_ascii_case(code));
    let upper = code.to_ascii_uppercase();
    let by_code = || {
        crate::scenario::diag::closest(&upper, councils.code.iter().map(String::as_str))
            .and_then(|c| councils.index_of(&c))
    };
    let hint = by_name
        .or_else(by_code)
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

#[cfg(test)]
mod tests {
    use super::find_council;
    use crate::scenario::plan::Councils;

    fn councils() -> Councils {
        Councils {
            code: vec!["E10000008".into(), "E10000018".into()],
            name: vec!["Devon".into(), "Leicestershire".into()],
            ..Councils::default()
        }
    }

    #[test]
    fn codes_match_in_any_case_and_near_misses_are_suggested() {
        let c = councils();
        assert_eq!(find_council(&c, "E10000018"), Ok(1));
        assert_eq!(find_council(&c, "e10000018"), Ok(1));
        let e = find_council(&c, "E1000018").expect_err("typo");
        assert!(e.contains("did you mean E10000018, Leicestershire?"), "{e}");
        let e = find_council(&c, "devon").expect_err("a name");
        assert!(e.contains("did you mean E10000008, Devon?"), "{e}");
        let e = find_council(&c, "W06000001").expect_err("unknown");
        assert!(!e.contains("did you mean"), "{e}");
    }
}
