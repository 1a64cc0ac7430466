//! `ibcf stress`: one council's view and the improvement needed to be safe
//! (library: `analysis::stress`); writes `output/stress-<code>/` atomically
//! (CSVs, stress.xlsx, plots, stress.html) and prints a summary.

use super::fail::{output_failure, tool_failure};
use super::heartbeat::Heartbeat;
use super::sweep::settings;
use crate::analysis::stress::charts::{ImprovementCurve, StressFan};
use crate::analysis::stress::page as stress_page;
use crate::analysis::stress::{self, StressSpec};
use crate::cli::StressArgs;
use crate::error::{CmdResult, Failure};
use crate::report::output_dir::{self, Staging};
use crate::report::plots::write_chart;

/// Bisection tolerance on δ (log scale per month).
const TOLERANCE: f64 = 0.001;

/// Runs `ibcf stress`.
///
/// # Errors
/// Unknown council, bad threshold or scenario (exit 2); engine or I/O failures (exit 1).
pub fn run(args: &StressArgs) -> CmdResult {
    if !(args.threshold > 0.0 && args.threshold < 1.0) {
        return Err(Failure::input(format!(
            "error: --threshold {}: must be a probability strictly between 0 and 1, e.g. --threshold 0.1",
            args.threshold
        )));
    }
    if !(args.max_improvement > 0.0 && args.max_improvement.is_finite()) {
        return Err(Failure::input("error: --max-improvement must be positive"));
    }
    let rs = settings(&args.run)?;
    let plan = crate::analysis::load(&args.scenario.scenario, &args.scenario.set, &rs)
        .map_err(tool_failure)?;
    let Some(council) = plan.councils.index_of(&args.council) else {
        let hint = plan
            .councils
            .name
            .iter()
            .position(|n| n.eq_ignore_ascii_case(&args.council))
            .map(|k| {
                format!(
                    " (did you mean {}, {}?)",
                    plan.councils.code[k], plan.councils.name[k]
                )
            })
            .unwrap_or_default();
        return Err(Failure::input(format!(
            "error: --council {}: no council with that ONS code in the scenario{hint}",
            args.council
        )));
    };
    let target = args.run.out.clone().unwrap_or_else(|| {
        let code = &plan.councils.code[council];
        output_dir::default_for(output_dir::Folder::Stress(code), &plan.name)
    });
    let staging = Staging::new(&target, args.run.force).map_err(output_failure)?;
    let spec = StressSpec {
        council,
        threshold: args.threshold,
        max_delta: args.max_improvement,
        tol: TOLERANCE,
    };
    if !args.run.quiet {
        eprintln!(
            "stress test of {} ({}): {} trials per run; solving for the improvement needed…",
            plan.councils.name[council], plan.councils.code[council], plan.trials
        );
    }
    let beat = Heartbeat::start("stress", args.run.quiet);
    beat.stage(format!(
        "{}: solving for the improvement needed",
        plan.councils.code[council]
    ));
    let view = stress::analyse(&plan, &spec, &rs).map_err(tool_failure)?;
    beat.stage("writing the output files and the page");
    let dir = staging.path();
    stress_page::write_csvs(dir, &view)
        .map_err(|e| Failure::runtime(format!("error: writing stress CSVs: {e}")))?;
    let plots_dir = dir.join("plots");
    let mut plots = Vec::new();
    if view.fan.is_some() {
        let c = StressFan { view: &view };
        plots.push(write_chart(
            &c,
            &plots_dir,
            "fan_chart",
            "Possible paths".into(),
            "Observed history, the spread of simulated futures, the target path, and the median path with each option's improvement.".into(),
        )?);
    }
    let c = ImprovementCurve { view: &view };
    plots.push(write_chart(
        &c,
        &plots_dir,
        "improvement",
        "Review probability against the improvement".into(),
        "Probability of review at every extra monthly reduction the search tried; the answer is where each line crosses the threshold.".into(),
    )?);
    std::fs::write(dir.join("stress.html"), stress_page::page(&view, &plots))?;
    std::fs::write(
        dir.join("scenario.toml"),
        crate::report::scenario_text(&plan),
    )?;
    crate::report::workbook::write_stress(
        dir,
        &format!("{} ({}): stress test", view.name, view.code),
        &plan.provenance.notes,
    )?;
    let done = staging.commit().map_err(output_failure)?;
    drop(beat);
    if !args.run.quiet {
        let mut text = format!("{} ({}), {} trials:\n", view.name, view.code, view.trials);
        for o in &view.options {
            text.push_str(&format!(
                "  {:<24} P(review) {:>6.1}% ± {:.1}%, {} {} (P95 {}); {}\n",
                o.id,
                o.p_review * 100.0,
                o.p_review_se * 196.0,
                crate::rules::money_words::figure(o.action),
                crate::report::format::pounds_short(o.at_risk.mean),
                crate::report::format::pounds_short(o.at_risk.p95),
                stress_page::improvement_words(&view, o)
            ));
        }
        if let Some(line) = &view.cost_line {
            text.push_str(&format!("  {line}\n"));
        }
        let actions: Vec<_> = view.options.iter().map(|o| o.action).collect();
        for line in crate::rules::money_words::explain_all(&actions) {
            text.push_str(&format!("  {line}\n"));
        }
        text.push_str(&format!("wrote {}\n", done.display()));
        super::say(&text)?;
    }
    Ok(())
}
