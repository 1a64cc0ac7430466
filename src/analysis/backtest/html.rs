//! `backtest.html`: one self-contained page (the run report's CSS inline via
//! `report::html::page_head`,
//! charts as inline SVG, no script, no network requests). Every string from
//! the scenario goes through [`esc`].

use super::summary::Summary;
use super::{METRICS, Origin};
use crate::format::{num3, pct1};
use crate::report::html::{charts, esc, page_head};
use crate::report::plots::PlotFile;
use crate::scenario::plan::Plan;
use crate::stats::compare::binomial_se;
use std::fmt::Write;

/// What the page says about the run besides the tables.
pub struct PageInfo<'a> {
    pub plan: &'a Plan,
    pub trials: usize,
    pub horizon: u32,
    pub recalibrated: bool,
    pub actual_source: String,
}

/// The whole page.
pub fn page(info: &PageInfo<'_>, origins: &[Origin], s: &Summary, plots: &[PlotFile]) -> String {
    let title = format!("Backtest: {}", info.plan.title);
    let mut h = String::new();
    let _ = write!(
        h,
        "{head}<header class=\"masthead\"><div class=\"wrap\"><p class=\"kicker\">ibcf · backtest</p>\
         <h1>{t}</h1><p class=\"lede\">{lede}</p></div></header>\n<main class=\"wrap\">\n",
        head = page_head(&esc(&title)),
        t = esc(&title),
        lede = esc(&lede(info, origins)),
    );
    headline(&mut h, origins);
    if origins.len() > 1 {
        origin_table(&mut h, s);
    }
    coverage_table(&mut h, s, origins.len() > 1);
    criteria_table(&mut h, origins);
    h.push_str(&super::decision_report::html(
        origins,
        &super::decision_report::summarise(origins),
    ));
    let _ = write!(
        h,
        "<section id=\"charts\"><h2>Charts</h2>\n{}</section>\n",
        charts(plots)
    );
    method(&mut h);
    h.push_str("</main>\n<footer class=\"wrap foot\">Written by <code>ibcf backtest</code>; the figures are in the CSV files beside this page.</footer>\n</body>\n</html>\n");
    h
}

fn lede(info: &PageInfo<'_>, origins: &[Origin]) -> String {
    let list: Vec<String> = origins.iter().map(|o| o.at.to_string()).collect();
    format!(
        "Forecasts of the next {} month(s) made at {} origin(s) ({}), {} simulated futures each, {}; \
         scored against {}. {}.",
        info.horizon,
        origins.len(),
        list.join(", "),
        info.trials,
        if info.recalibrated {
            "parameters re-estimated on history up to each origin"
        } else {
            "the scenario's own trajectory parameters"
        },
        info.actual_source,
        super::folder::pull_line(origins)
    )
}

fn headline(h: &mut String, origins: &[Origin]) {
    let fs: Vec<&super::Forecast> = origins.iter().flat_map(|o| &o.forecasts).collect();
    let n = fs.len();
    let share = |l: f64| {
        fs.iter()
            .filter(|f| super::score::covered(f.pit, l))
            .count() as f64
            / n.max(1) as f64
    };
    let skill = {
        let crps: f64 = fs.iter().map(|f| f.crps).sum();
        let mae: f64 = fs
            .iter()
            .map(|f| (f.actual - f.origin_value).abs())
            .filter(|v| v.is_finite())
            .sum();
        if mae > 0.0 {
            1.0 - crps / mae
        } else {
            f64::NAN
        }
    };
    let _ = writeln!(
        h,
        "<section id=\"glance\"><h2>At a glance</h2><div class=\"cards\">\
         <article class=\"card\"><h3>50% intervals</h3><p class=\"id\">should hold 50% of actuals</p><dl><dt>actuals inside</dt><dd class=\"big\">{}</dd><dt>binomial se (if independent)</dt><dd>{}</dd></dl></article>\
         <article class=\"card\"><h3>90% intervals</h3><p class=\"id\">should hold 90% of actuals</p><dl><dt>actuals inside</dt><dd class=\"big\">{}</dd><dt>binomial se (if independent)</dt><dd>{}</dd></dl></article>\
         <article class=\"card\"><h3>Skill against “no change”</h3><p class=\"id\">1 − CRPS / mean absolute error of the origin value</p><dl><dt>skill</dt><dd class=\"big\">{}</dd><dt>forecasts scored</dt><dd>{n}</dd></dl></article>\
         </div>{}</section>",
        pct1(share(0.5)),
        pct1(binomial_se(0.5, n.max(1) as u64)),
        pct1(share(0.9)),
        pct1(binomial_se(0.9, n.max(1) as u64)),
        num3(skill),
        dropped_note(origins),
    );
}

fn dropped_note(origins: &[Origin]) -> String {
    let d: Vec<String> = origins
        .iter()
        .filter(|o| !o.dropped.is_empty())
        .map(|o| format!("{}: {}", o.at, o.dropped.join(", ")))
        .collect();
    if d.is_empty() {
        return String::new();
    }
    format!(
        "<p class=\"note\">Councils left out for want of a complete origin month — {}</p>",
        esc(&d.join("; "))
    )
}

fn origin_table(h: &mut String, s: &Summary) {
    h.push_str("<section id=\"origins\"><h2>Origin by origin</h2><p class=\"hint\">All councils, metrics and months ahead pooled per origin. The PIT chi-square tests ten equal bins against 10% each; councils share national and regional shocks, so its p-value is too small even for a correct model.</p><div class=\"scroll\"><table class=\"data\"><thead><tr><th>origin</th><th class=\"num\">councils</th><th class=\"num\">forecasts</th><th class=\"num\">coverage 50%</th><th class=\"num\">coverage 90%</th><th class=\"num\">CRPS</th><th class=\"num\">quantile score</th><th class=\"num\">skill</th><th class=\"num\">PIT χ²</th><th class=\"num\">p</th></tr></thead><tbody>\n");
    for r in &s.origins {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}</td></tr>",
            r.at,
            r.councils,
            r.n,
            pct1(r.coverage50),
            pct1(r.coverage90),
            num3(r.crps),
            num3(r.quantile_score),
            num3(r.skill),
            r.pit_chi2,
            num3(r.pit_p)
        );
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn coverage_table(h: &mut String, s: &Summary, pooled: bool) {
    h.push_str("<section id=\"coverage\"><h2>Coverage and scores by metric and months ahead</h2><p class=\"hint\">Rates are delayed days per day per 100,000 adults. CRPS is in the same units (lower is better); skill compares it with the error of assuming no change from the origin month (above 0: the model beats “no change”).</p><div class=\"scroll\"><table class=\"data\"><thead><tr><th>metric</th><th class=\"num\">months ahead</th><th class=\"num\">n</th><th class=\"num\">coverage 50%</th><th class=\"num\">coverage 90%</th><th class=\"num\">CRPS</th><th class=\"num\">no-change MAE</th><th class=\"num\">skill</th></tr></thead><tbody>\n");
    let want = |o: Option<crate::month::Month>| if pooled { o.is_none() } else { o.is_some() };
    for (c, sc) in s
        .coverage
        .iter()
        .zip(&s.scores)
        .filter(|(c, _)| want(c.origin))
    {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            METRICS[c.metric],
            c.horizon,
            c.n,
            pct1(c.coverage50),
            pct1(c.coverage90),
            num3(sc.crps),
            num3(sc.persistence_mae),
            num3(sc.skill)
        );
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn criteria_table(h: &mut String, origins: &[Origin]) {
    h.push_str("<section id=\"criteria\"><h2>Councils meeting each criterion</h2><p class=\"hint\">Criteria on the total rate at the last forecast month. Predicted = sum over councils of the probability; the range is 5–95% of simulated futures. Brier score: mean squared difference between a council's probability and what happened (0 is perfect; 0.25 is a coin toss).</p><div class=\"scroll\"><table class=\"data\"><thead><tr><th>origin</th><th>criterion</th><th>month</th><th class=\"num\">councils</th><th class=\"num\">predicted</th><th class=\"num\">5–95%</th><th class=\"num\">actual</th><th class=\"num\">Brier</th></tr></thead><tbody>\n");
    for o in origins {
        for c in &o.criteria {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}–{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                o.at,
                esc(&c.name),
                c.month,
                c.councils,
                c.predicted,
                c.predicted_p5,
                c.predicted_p95,
                c.actual,
                num3(c.brier)
            );
        }
    }
    h.push_str("</tbody></table></div></section>\n");
}

fn method(h: &mut String) {
    h.push_str("<section id=\"methods\"><h2>Method</h2><p class=\"hint\">At each origin the scenario is cut back to history up to that month; targets, criteria and options are set aside; the pull is 0 except in the calendar months the scenario's targets were in force (from the month after their baseline), when councils are pulled toward the shifted targets at the scenario's own pull (DECISIONS #87). The trajectory parameters are re-estimated by the same method as <code>ibcf calibrate</code> on that history alone, every council's four built-in metrics are simulated with the engine's model, and each actual value is placed in its forecast distribution: the randomised PIT (ties, such as months with no delays, split at random) is uniform for a correct model, and an actual is inside the central 50% / 90% interval when its PIT is within 0.25 / 0.45 of one half. CRPS is computed exactly from the simulated values; the quantile score is the pinball loss averaged over p5, p25, p50, p75 and p95 (about half the CRPS). See docs/BACKTEST.md.</p></section>\n");
}
