//! The stress test's files: `stress.csv` (one row per option), `drivers.csv`
//! (criteria behind the risk), `improvement.csv` (every δ evaluated) and
//! `stress.html`, a self-contained page in the run report's style (same CSS,
//! charts inline, every text escaped).

use super::{CouncilView, patients_per_day};
use crate::format::{money, num, pounds};
use crate::report::html::{esc, inline_svg, page_head};
use crate::report::plots::PlotFile;
use crate::rules::money_words;
use std::io;
use std::path::Path;

fn writer(path: &Path, head: &[&str]) -> io::Result<csv::Writer<std::fs::File>> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(io::Error::other)?;
    w.write_record(head).map_err(io::Error::other)?;
    Ok(w)
}

fn opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, num)
}

/// Columns of `stress.csv`.
pub const STRESS_HEADER: [&str; 23] = [
    "option",
    "code",
    "p_review",
    "p_review_se",
    "p_review_without_noise",
    "expected_at_risk",
    "p95_at_risk",
    "es95_at_risk",
    "max_at_risk",
    "share_of_asc_budget",
    "share_of_reserves",
    "threshold",
    "status",
    "improvement",
    "improvement_se",
    "improvement_tolerance",
    "target_month",
    "asc_rate_now",
    "asc_rate_needed",
    "patients_per_day_now",
    "patients_per_day_needed",
    "trials",
    "improvement_words",
];

/// Writes `stress.csv`, `drivers.csv` and `improvement.csv` into `dir`.
///
/// # Errors
/// Any I/O failure.
pub fn write_csvs(dir: &Path, v: &CouncilView) -> io::Result<()> {
    let mut w = writer(&dir.join("stress.csv"), &STRESS_HEADER)?;
    let ppd = |r: f64| num(patients_per_day(r, v.population_18plus));
    for o in &v.options {
        let im = &o.improvement;
        w.write_record([
            o.id.clone(),
            v.code.clone(),
            num(o.p_review),
            num(o.p_review_se),
            num(o.p_review_without_noise.unwrap_or(o.p_review)),
            money(o.at_risk.mean),
            money(o.at_risk.p95),
            money(o.at_risk.es95),
            money(o.at_risk.max),
            opt(o.share_of_asc_budget),
            opt(o.share_of_reserves),
            num(v.threshold),
            im.status.name().into(),
            num(im.delta),
            num(im.delta_se),
            num(v.tol),
            v.target_month.to_string(),
            num(im.rate_now),
            num(im.rate_needed),
            ppd(im.rate_now),
            ppd(im.rate_needed),
            v.trials.to_string(),
            improvement_words(v, o),
        ])
        .map_err(io::Error::other)?;
    }
    w.flush()?;
    let mut w = writer(
        &dir.join("drivers.csv"),
        &["option", "criterion", "p_criterion", "why"],
    )?;
    for o in &v.options {
        for (c, name) in v.criteria.iter().enumerate() {
            w.write_record([
                o.id.clone(),
                name.clone(),
                num(v.p_criteria[c]),
                opt(o.why[c]),
            ])
            .map_err(io::Error::other)?;
        }
    }
    w.flush()?;
    let mut w = writer(
        &dir.join("improvement.csv"),
        &["option", "delta", "p_review"],
    )?;
    for o in &v.options {
        for &(d, p) in &o.improvement.curve {
            w.write_record([o.id.clone(), num(d), num(p)])
                .map_err(io::Error::other)?;
        }
    }
    w.flush()
}

/// One sentence on the improvement needed under an option.
pub fn improvement_words(v: &CouncilView, o: &super::OptionView) -> String {
    use super::bisect::Status;
    let im = &o.improvement;
    let pct = crate::format::pct1;
    let ppd = |r: f64| patients_per_day(r, v.population_18plus);
    // Said as a finance director reads it: a monthly percentage cut and
    // what it means in patients; δ (log scale) stays in improvement.csv.
    match im.status {
        Status::AlreadyBelow => format!(
            "already safe: its probability of review is {}, below {}; no further improvement needed",
            pct(o.p_review),
            pct(v.threshold)
        ),
        Status::NotReached => {
            let (d, p) = im.evals.get(1).copied().unwrap_or((f64::NAN, f64::NAN));
            format!(
                "cannot be made safe by social-care improvement alone: even cutting its \
                 social-care delays by a further {} every month, its probability of review \
                 stays at {} (the search stopped there; --max-improvement searches further)",
                pct(1.0 - (-d).exp()),
                pct(p),
            )
        }
        Status::Found => format!(
            "cutting its social-care delays by a further {} a month (± {:.1} points), on top of \
             the expected trend, brings its probability of review below {}: by {} about {:.1} \
             instead of {:.1} patients delayed on an average day (a rate of {:.2} instead of \
             {:.2} per 100,000 adults)",
            pct(1.0 - (-im.delta).exp()),
            im.delta_se * 100.0,
            pct(v.threshold),
            v.target_month.label(),
            ppd(im.rate_needed),
            ppd(im.rate_now),
            im.rate_needed,
            im.rate_now,
        ),
    }
}

fn row(cells: &[String]) -> String {
    let tds: String = cells.iter().map(|c| format!("<td>{c}</td>")).collect();
    format!("<tr>{tds}</tr>\n")
}

/// The whole page.
pub fn page(v: &CouncilView, plots: &[PlotFile]) -> String {
    let pct = crate::format::pct1;
    let share = |x: Option<f64>| x.map_or_else(|| "—".to_string(), pct);
    let mut opts = String::new();
    for o in &v.options {
        opts.push_str(&row(&[
            format!(
                "<b>{}</b><br><small>{}</small><br><small>money {}</small>",
                esc(&o.id),
                esc(&o.label),
                money_words::phrase(o.action)
            ),
            format!(
                "{} <small>(95%: {}–{})</small>",
                pct(o.p_review),
                pct((o.p_review - 1.96 * o.p_review_se).max(0.0)),
                pct((o.p_review + 1.96 * o.p_review_se).min(1.0))
            ),
            pct(o.p_review_without_noise.unwrap_or(o.p_review)),
            pounds(o.at_risk.mean),
            pounds(o.at_risk.p95),
            share(o.share_of_asc_budget),
            share(o.share_of_reserves),
            esc(&improvement_words(v, o)),
        ]));
    }
    let mut drivers = String::new();
    for (c, name) in v.criteria.iter().enumerate() {
        let mut cells = vec![format!("<code>{}</code>", esc(name)), pct(v.p_criteria[c])];
        cells.extend(v.options.iter().map(|o| o.why[c].map_or("—".into(), pct)));
        drivers.push_str(&row(&cells));
    }
    let opt_heads: String = v
        .options
        .iter()
        .map(|o| format!("<th>why: {}</th>", esc(&o.id)))
        .collect();
    let charts: String = plots
        .iter()
        .map(|p| {
            format!(
                "<figure>\n{}\n<figcaption>{} <a href=\"plots/{s}.png\">PNG</a> · <a href=\"plots/{s}.svg\">SVG</a></figcaption>\n</figure>\n",
                inline_svg(&p.svg, &p.title),
                esc(&p.caption),
                s = esc(&p.stem)
            )
        })
        .collect();
    let cost = v.cost_line.as_ref().map_or_else(String::new, |l| {
        format!(
            "<p><strong>The cost of hitting the target.</strong> {}</p>\n",
            esc(l)
        )
    });
    let actions: Vec<_> = v.options.iter().map(|o| o.action).collect();
    let money_note = match (v.asc_budget, v.reserves) {
        (None, None) => "<p class=\"note\">The councils file gives no <code>asc_budget</code> or <code>reserves</code> for this council, so money is not shown as a share of them.</p>".to_string(),
        _ => String::new(),
    };
    format!(
        "{head}<header class=\"masthead\"><div class=\"wrap\">\n<p class=\"kicker\">ibcf · council stress test</p>\n<h1>{name} ({code})</h1>\n<p class=\"lede\">{region}; allocation {alloc}; population aged 18+ {pop}. {trials} simulated futures, seed {seed}; safe means a probability of review below {th}.</p>\n</div></header>\n<main class=\"wrap\">\n<section>\n<h2>Risk and the improvement needed to be safe</h2>\n<p class=\"hint\">Money is this council's own amount in each future (mean and 95th percentile), under conditions, withheld or moved between councils as each option's action says. {money_words} The improvement is an extra monthly reduction of its social-care delay rate on top of the scenario's trajectory, found by bisection on the same simulated futures; ± is its Monte Carlo standard error.</p>\n{money_note}{cost}<div class=\"scroll\"><table class=\"data stress-options\">\n<thead><tr><th>Option</th><th>P(review)</th><th>P(review) without counting noise</th><th>Expected money</th><th>P95 money</th><th>Share of social-care budget</th><th>Share of reserves</th><th>Improvement needed</th></tr></thead>\n<tbody>\n{opts}</tbody></table></div>\n</section>\n<section>\n<h2>Which criteria drive it</h2>\n<p class=\"hint\">How often each criterion held for this council (all futures), and among the futures in which it was reviewed under each option.</p>\n<div class=\"scroll\"><table class=\"data\">\n<thead><tr><th>Criterion</th><th>P(criterion)</th>{opt_heads}</tr></thead>\n<tbody>\n{drivers}</tbody></table></div>\n</section>\n<section>\n<h2>Charts</h2>\n{charts}</section>\n</main>\n<footer class=\"wrap foot\">Generated by ibcf {ver}. Data beside this file: stress.csv, drivers.csv, improvement.csv.</footer>\n</body>\n</html>\n",
        head = page_head(&format!("Stress test: {} — ibcf", esc(&v.name))),
        name = esc(&v.name),
        code = esc(&v.code),
        region = esc(&v.region),
        alloc = pounds(v.allocation),
        pop = crate::format::thousands(v.population_18plus),
        trials = v.trials,
        seed = v.seed,
        th = pct(v.threshold),
        ver = env!("CARGO_PKG_VERSION"),
        money_words = esc(&money_words::explain_all(&actions).join(" ")),
    )
}
