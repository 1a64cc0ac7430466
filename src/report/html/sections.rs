//! The page's server-rendered sections (headline cards, options table,
//! paired comparisons, methods, manifest). Every run-folder string is escaped.

use std::fmt::Write as _;

use super::esc;
use crate::format::{money_m, num2, pounds, thousands};
use crate::month::Month;
use crate::report::load::{Figure, Run};

/// One sentence under the title.
pub(super) fn lede(run: &Run) -> String {
    let m = &run.summary.manifest;
    format!(
        "Scenario “{}”: {} simulated futures for {} councils, {} to {}; review decided on {}. \
         {} option{} compared.",
        m.scenario,
        thousands(m.trials as f64),
        m.councils,
        month_label(&m.first_month),
        month_label(&m.last_month),
        month_label(&m.decision_month),
        run.summary.options.len(),
        if run.summary.options.len() == 1 {
            ""
        } else {
            "s"
        },
    )
}

fn month_label(s: &str) -> String {
    s.parse::<Month>()
        .map_or_else(|_| s.to_string(), Month::label)
}

/// The manifest's notes (caveats), as a highlighted list.
pub(super) fn notes(run: &Run) -> String {
    let notes = &run.summary.manifest.notes;
    if notes.is_empty() {
        return String::new();
    }
    let items: String = notes
        .iter()
        .map(|n| format!("<li>{}</li>", esc(n)))
        .collect();
    format!("<div class=\"note\"><strong>Please note:</strong><ul>{items}</ul></div>")
}

/// One line per action present: what the money figure means (below the cards,
/// where it first appears).
pub(super) fn money_note(run: &Run) -> String {
    let lines = crate::rules::money_words::explain_all(&run.actions());
    if lines.is_empty() {
        return String::new();
    }
    let items: String = lines.iter().map(|l| format!("<br>{}", esc(l))).collect();
    format!("<p class=\"hint money-note\"><strong>What the money means.</strong>{items}</p>")
}

/// Headline card per option.
pub(super) fn cards(run: &Run) -> String {
    let mut out = String::new();
    for (i, o) in run.summary.options.iter().enumerate() {
        let (r, f) = (&o.reviewed_count, &o.funding_at_risk);
        let colour = crate::report::plots::option_colour(i);
        let _ = write!(
            out,
            "<article class=\"card\" style=\"--c: rgb({},{},{})\">\n<h3>{}</h3>\n<p class=\"id\">{} · {} {} · \
             reviewed when {}</p>\n<dl>\n\
             <dt>Expected councils reviewed</dt><dd class=\"big\">{}</dd>\n\
             <dt>90% of futures</dt><dd>{} to {}</dd>\n\
             <dt>Expected {}</dt><dd class=\"big\">{}</dd>\n\
             <dt>1 in 20 futures worse than (P95)</dt><dd>{}</dd>\n\
             <dt>Average of worst 5% (ES95)</dt><dd>{}</dd>\n</dl>\n</article>\n",
            colour.0,
            colour.1,
            colour.2,
            esc(if o.label.is_empty() { &o.id } else { &o.label }),
            esc(&o.id),
            esc(&o.share),
            esc(crate::rules::money_words::from_keyword(&o.action)
                .map_or(o.action.as_str(), |a| crate::rules::money_words::phrase(a))),
            esc(if o.rule_words.is_empty() {
                &o.rule
            } else {
                &o.rule_words
            }),
            num2(r.mean),
            r.p5,
            r.p95,
            esc(&crate::rules::money_words::figure_of_keyword(&o.action)),
            money_m(f.mean),
            money_m(f.p95),
            f.es95.map_or_else(|| "—".to_string(), money_m),
        );
    }
    out
}

/// `12.3 ± 0.1` with the 95% Monte Carlo half-width.
fn pm(f: &Figure, fmt: fn(f64) -> String) -> String {
    format!("{} ± {}", fmt(f.mean), fmt(1.96 * f.se))
}

/// The options table. Headers wrap and long rules break anywhere, so it
/// fits a 1,024 px screen; figures never wrap (report.css) and money is in
/// the cards' short form (`£71.7m ± £0.18m`; exact pounds are in the CSVs); on a phone each option becomes a block whose cells
/// carry their heading (`data-label`, report.css).
pub(super) fn options_table(run: &Run) -> String {
    let heads = [
        "Option",
        "Action",
        "Reviewed when",
        "Councils reviewed (mean)",
        "90% of futures",
        "Money (mean)",
        "P95",
        "ES95",
    ];
    let mut out = String::from("<table class=\"data options\">\n<thead><tr>");
    for (i, h) in heads.iter().enumerate() {
        let class = if i >= 3 { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{h}</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for o in &run.summary.options {
        let (r, f) = (&o.reviewed_count, &o.funding_at_risk);
        let cells = [
            format!("<strong>{}</strong><br>{}", esc(&o.id), esc(&o.label)),
            format!(
                "{} {}",
                esc(&o.share),
                esc(crate::report::headline::money_words(&o.action))
            ),
            format!("{}<br><code>{}</code>", esc(&o.rule_words), esc(&o.rule)),
            pm(r, num2),
            format!("{}–{}", r.p5, r.p95),
            pm(f, money_m),
            money_m(f.p95),
            f.es95.map_or_else(|| "—".to_string(), money_m),
        ];
        out.push_str("<tr>");
        for (i, (c, h)) in cells.iter().zip(heads).enumerate() {
            let class = match i {
                2 => " class=\"rule\"",
                i if i >= 3 => " class=\"num\"",
                _ => "",
            };
            let _ = write!(out, "<td{class} data-label=\"{h}\">{c}</td>");
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>");
    out
}

/// National paired differences between options, from comparison.csv.
pub(super) fn comparison(run: &Run) -> String {
    let rows: Vec<_> = run
        .comparison
        .iter()
        .filter(|r| r.figure.starts_with("diff_") && r.code == "E92000001")
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<h3>Differences between options (paired, same futures)</h3>\n<div class=\"scroll\"><table class=\"data\">\n\
         <thead><tr><th>A</th><th>B</th><th>Figure</th><th class=\"num\">A − B</th>\
         <th class=\"num\">95% interval</th></tr></thead>\n<tbody>\n",
    );
    let money = crate::rules::money_words::capitalised(&run.money_figure());
    for r in rows {
        let (what, fmt): (&str, fn(f64) -> String) = match r.figure.as_str() {
            "diff_funding_at_risk" => (money.as_str(), pounds),
            "diff_reviewed_count" => ("Councils reviewed", num2),
            other => (other, num2),
        };
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} to {}</td></tr>",
            esc(&r.option_a),
            esc(&r.option_b),
            esc(what),
            fmt(r.estimate),
            fmt(r.ci_low),
            fmt(r.ci_high),
        );
    }
    out.push_str("</tbody></table></div>");
    out
}

/// Methods note with the Monte Carlo error and the convergence table.
/// The "caught by noise" paragraph, when councils.csv has
/// `p_review_without_noise`: the council whose risk is most due to noise.
fn caught_by_noise(run: &Run) -> String {
    let gap =
        |r: &crate::report::load::CouncilRow| r.p_review_without_noise.map(|w| r.p_review - w);
    let Some(top) = run
        .councils
        .iter()
        .filter(|r| gap(r).is_some())
        .max_by(|a, b| gap(a).unwrap_or(0.0).total_cmp(&gap(b).unwrap_or(0.0)))
    else {
        return String::new();
    };
    format!(
        "<p><strong>Caught by noise.</strong> Published counts of delayed days are noisy, more so \
         for small councils. The run was repeated with that counting noise switched off on the \
         same simulated paths (column <code>p_review_without_noise</code> in councils.csv, chart \
         “Caught by noise”): the difference is the part of a council's risk due to noise rather \
         than performance. The largest is {name} under <code>{opt}</code>: {p:.1}% with noise, \
         {w:.1}% without.</p>\n",
        name = super::esc(&top.name),
        opt = super::esc(&top.option),
        p = top.p_review * 100.0,
        w = top.p_review_without_noise.unwrap_or(f64::NAN) * 100.0,
    )
}

pub(super) fn methods(run: &Run) -> String {
    let n = run.summary.manifest.trials;
    let worst = run
        .councils
        .iter()
        .map(|r| r.p_review_se)
        .fold(0.0, f64::max);
    let mut out = format!(
        "<p>Each of the {trials} trials is one possible future for every council at once: monthly \
         delayed-transfer rates are simulated from the last observed month to the decision month, \
         every criterion is tested on that future, and each option's rule decides who is formally \
         reviewed and how much money each action affects (put under conditions, withheld or \
         moved between councils). All options are scored on the same futures.</p>\n\
         <p><strong>Monte Carlo error.</strong> A probability of review <em>p</em> estimated from \
         <em>n</em> = {trials} trials has standard error <code>se = √(p(1 − p)/n)</code>; a mean has \
         <code>se = sd/√n</code>. The 95% intervals shown are estimate ± 1.96 se; they measure only \
         the error from using a finite number of trials, which shrinks as trials grow. The largest \
         council-level standard error in this run is {worst} percentage points. Percentiles \
         (P5, P50, P95) are nearest-rank order statistics of the per-trial figures; ES95 is the \
         mean of the worst 5% of trials (⌈0.05 n⌉ trials). Differences between options are paired \
         trial by trial, so their intervals are narrower than the separate intervals suggest.</p>\n",
        trials = thousands(n as f64),
        worst = (worst * 10_000.0).round() / 100.0,
    );
    out.push_str(&convergence(run));
    out.push_str(&caught_by_noise(run));
    out.push_str(
        "<p class=\"hint\">Money is in pounds, summed exactly in pence. Rates are delayed days per \
         day per 100,000 population aged 18+.</p>\n",
    );
    out
}

fn convergence(run: &Run) -> String {
    if run.summary.convergence.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "<h3>Convergence: estimates from the first n trials</h3>\n<div class=\"scroll\"><table class=\"data\">\n\
         <thead><tr><th>Option</th><th class=\"num\">Trials</th><th class=\"num\">Councils reviewed</th>\
         <th class=\"num\">Money</th></tr></thead>\n<tbody>\n",
    );
    for c in &run.summary.convergence {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{} ± {}</td><td class=\"num\">{} ± {}</td></tr>",
            esc(&c.option),
            thousands(c.trials as f64),
            num2(c.reviewed_mean),
            num2(1.96 * c.reviewed_se),
            pounds(c.funding_mean),
            pounds(1.96 * c.funding_se),
        );
    }
    out.push_str("</tbody></table></div>\n");
    out
}

/// The manifest as a definition list.
pub(super) fn manifest(run: &Run) -> String {
    let m = &run.summary.manifest;
    let items: [(&str, String); 11] = [
        ("ibcf version", m.version.clone()),
        ("Scenario", m.scenario.clone()),
        ("Scenario file", m.scenario_path.clone()),
        ("Scenario SHA-256", m.scenario_sha256.clone()),
        ("Seed", m.seed.to_string()),
        ("Trials", thousands(m.trials as f64)),
        ("Threads", m.threads.to_string()),
        ("Run time", format!("{:.1} s", m.elapsed_s)),
        (
            "Simulated months",
            format!("{} to {}", m.first_month, m.last_month),
        ),
        ("Decision month", m.decision_month.clone()),
        ("Councils", m.councils.to_string()),
    ];
    let mut out = String::from("<dl class=\"manifest\">\n");
    for (k, v) in items {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", esc(k), esc(&v));
    }
    out.push_str("</dl>\n");
    out
}

/// "The cost of hitting the target": one sentence a policy reader can
/// quote, the net view per option and the assumptions with their sources
/// (empty for runs without `[consequences]`).
pub(super) fn consequences(run: &Run) -> String {
    let Some(c) = &run.summary.consequences else {
        return String::new();
    };
    let n = &c.national;
    let (b, a, k) = (&n.beds_freed, &n.avoidable_admissions, &n.avoidable_cost);
    let mut out = String::from("<h3>The cost of hitting the target</h3>\n");
    let at_risk: Vec<String> = c
        .options
        .iter()
        .map(|o| format!("{} under {}", money_m(o.funding_at_risk_mean), esc(&o.id)))
        .collect();
    let _ = writeln!(
        out,
        "<p>Meeting the target freed about <strong>{:.0} hospital beds</strong> (90% of futures: {:.0}–{:.0}) \
         at a cost of about <strong>{:.0} avoidable care-home admissions</strong> ({:.0}–{:.0}), \
         <strong>{}</strong> over their stay ({}–{}), against {} of iBCF at risk. \
         These figures rest on the assumptions listed below; see docs/CONSEQUENCES.md for the caveats.</p>",
        b.mean,
        b.p5,
        b.p95,
        a.mean,
        a.p5,
        a.p95,
        money_m(k.mean),
        money_m(k.p5),
        money_m(k.p95),
        at_risk.join("; "),
    );
    out.push_str(
        "<table class=\"data\">\n<thead><tr><th>Option</th><th class=\"num\">Money (mean), by the action</th>\
         <th class=\"num\">Cost of compliance (mean)</th><th class=\"num\">Futures where the penalty was cheaper</th>\
         <th class=\"num\">Councils for which it usually was</th></tr></thead>\n<tbody>\n",
    );
    for o in &c.options {
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:.1}%</td><td class=\"num\">{}</td></tr>",
            esc(&o.id),
            pounds(o.funding_at_risk_mean),
            pounds(o.avoidable_cost_mean),
            100.0 * o.p_penalty_cheaper,
            o.councils_penalty_cheaper
        );
    }
    out.push_str("</tbody></table>\n<details><summary>Assumptions and sources</summary>\n<ul>\n");
    for a in &c.assumptions {
        let _ = writeln!(
            out,
            "<li><code>{}</code> {} — {}</li>",
            esc(&a.key),
            esc(&a.value),
            esc(&a.source)
        );
    }
    out.push_str("</ul></details>\n");
    out
}
