//! The review decisions' scores over origins: per option, the mean Brier
//! scores of the model and of both baselines, how often the actual count was
//! inside the model's 50% and 90% intervals and the constant's 90% interval, and whether the model beat both baselines on
//! average; written as `decisions.csv`, a section of `backtest.html` and a
//! terminal table.

use super::Origin;
use super::decisions::DecisionCheck;
use crate::format::num;
use std::fmt::Write;
use std::io;
use std::path::Path;

pub const DECISIONS_CSV: &str = "decisions.csv";

/// One option over every origin where it was scored.
#[derive(Debug, Clone, PartialEq)]
pub struct OptionSummary {
    pub option: String,
    pub origins: usize,
    pub brier: f64,
    pub persistence_brier: f64,
    pub constant_brier: f64,
    /// Share of origins whose actual count was inside the model's 90% interval.
    pub coverage: f64,
    /// The same for the model's 50% interval.
    pub coverage50: f64,
    /// Mean over origins of the trials' own share inside the 50% and 90%
    /// ranges: what `coverage50` and `coverage` would be if calibrated.
    pub expected50: f64,
    pub expected90: f64,
    /// Mean over origins of the ranges' coverage with their end counts
    /// split (`DecisionCheck::covered_split`): calibrated at exactly 50% and 90%.
    pub split50: f64,
    pub split90: f64,
    /// The same for the constant's binomial interval, and persistence's exact count.
    pub constant_coverage: f64,
    pub persistence_exact: f64,
}

impl OptionSummary {
    /// Model's mean Brier below both baselines'.
    pub fn beats_both(&self) -> bool {
        self.brier < self.persistence_brier && self.brier < self.constant_brier
    }
}

/// Per option, in the order options first appear.
pub fn summarise(origins: &[Origin]) -> Vec<OptionSummary> {
    let mut ids: Vec<String> = Vec::new();
    for d in origins.iter().flat_map(|o| &o.decisions) {
        if !ids.contains(&d.option) {
            ids.push(d.option.clone());
        }
    }
    ids.into_iter()
        .map(|id| {
            let ds: Vec<&DecisionCheck> = origins
                .iter()
                .flat_map(|o| &o.decisions)
                .filter(|d| d.option == id)
                .collect();
            let n = ds.len() as f64;
            let avg = |f: &dyn Fn(&DecisionCheck) -> f64| ds.iter().map(|d| f(d)).sum::<f64>() / n;
            OptionSummary {
                origins: ds.len(),
                brier: avg(&|d| d.brier),
                persistence_brier: avg(&|d| d.persistence_brier),
                constant_brier: avg(&|d| d.constant_brier),
                coverage: avg(&|d| f64::from(u8::from(d.covered()))),
                coverage50: avg(&|d| f64::from(u8::from(d.covered50()))),
                expected50: avg(&|d| d.mass50),
                expected90: avg(&|d| d.mass90),
                split50: avg(&|d| d.covered_split(0.5)),
                split90: avg(&|d| d.covered_split(0.9)),
                constant_coverage: avg(&|d| f64::from(u8::from(d.constant_covered()))),
                persistence_exact: avg(&|d| f64::from(u8::from(d.persistence_count == d.actual))),
                option: id,
            }
        })
        .collect()
}

const HEAD: [&str; 26] = [
    "origin",
    "option",
    "decision_month",
    "councils",
    "predicted",
    "predicted_p5",
    "predicted_p95",
    "actual",
    "covered90",
    "brier",
    "persistence_count",
    "persistence_brier",
    "constant_p",
    "constant_source",
    "constant_p5",
    "constant_p95",
    "constant_covered90",
    "constant_brier",
    "beats_both",
    "predicted_p25",
    "predicted_p75",
    "covered50",
    "mass50",
    "mass90",
    "covered50_split",
    "covered90_split",
];

/// Writes `decisions.csv`: one row per origin and option, then one `all`
/// row per option (means over origins; `covered90` columns become shares).
///
/// # Errors
/// Any I/O failure.
pub fn write_csv(path: &Path, origins: &[Origin], sums: &[OptionSummary]) -> io::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(HEAD)?;
    for o in origins {
        for d in &o.decisions {
            let beats = d.brier < d.persistence_brier && d.brier < d.constant_brier;
            w.write_record([
                o.at.to_string(),
                d.option.clone(),
                d.decision_month.to_string(),
                d.councils.to_string(),
                num(d.predicted),
                d.p5.to_string(),
                d.p95.to_string(),
                d.actual.to_string(),
                u8::from(d.covered()).to_string(),
                num(d.brier),
                d.persistence_count.to_string(),
                num(d.persistence_brier),
                num(d.constant_p),
                d.constant_source.clone(),
                d.constant_p5.to_string(),
                d.constant_p95.to_string(),
                u8::from(d.constant_covered()).to_string(),
                num(d.constant_brier),
                u8::from(beats).to_string(),
                d.p25.to_string(),
                d.p75.to_string(),
                u8::from(d.covered50()).to_string(),
                num(d.mass50),
                num(d.mass90),
                num(d.covered_split(0.5)),
                num(d.covered_split(0.9)),
            ])?;
        }
    }
    for s in sums {
        let blank = String::new;
        w.write_record([
            "all".to_string(),
            s.option.clone(),
            blank(),
            s.origins.to_string(),
            blank(),
            blank(),
            blank(),
            blank(),
            num(s.coverage),
            num(s.brier),
            blank(),
            num(s.persistence_brier),
            blank(),
            blank(),
            blank(),
            blank(),
            num(s.constant_coverage),
            num(s.constant_brier),
            u8::from(s.beats_both()).to_string(),
            blank(),
            blank(),
            num(s.coverage50),
            num(s.expected50),
            num(s.expected90),
            num(s.split50),
            num(s.split90),
        ])?;
    }
    w.flush()
}

/// The terminal table.
pub fn terminal(sums: &[OptionSummary]) -> String {
    let mut t = format!(
        "\nreview decisions, mean over origins (Brier: lower is better; in brackets the share a calibrated forecast would hold;\nends split: the ranges with their end counts split, calibrated at 50% and 90%)\n{:<24} {:>7} {:>8} {:>11} {:>9} {:>10} {:>13} {:>13} {:>12}\n",
        "option",
        "origins",
        "model",
        "persistence",
        "constant",
        "beats both",
        "in 50% range",
        "in 90% range",
        "ends split"
    );
    for s in sums {
        let _ = writeln!(
            t,
            "{:<24} {:>7} {:>8.4} {:>11.4} {:>9.4} {:>10} {:>5.0}% ({:>3.0}%) {:>5.0}% ({:>3.0}%) {:>4.0}%/{:>3.0}%",
            s.option,
            s.origins,
            s.brier,
            s.persistence_brier,
            s.constant_brier,
            if s.beats_both() { "yes" } else { "no" },
            s.coverage50 * 100.0,
            s.expected50 * 100.0,
            s.coverage * 100.0,
            s.expected90 * 100.0,
            s.split50 * 100.0,
            s.split90 * 100.0
        );
    }
    t
}

/// The `backtest.html` section (empty when nothing was scored).
pub fn html(origins: &[Origin], sums: &[OptionSummary]) -> String {
    if sums.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<section id=\"decisions\"><h2>Review decisions</h2><p class=\"hint\">The scenario's options replayed at every origin with their months shifted (baseline = origin − 5, checkpoint = origin + 2, decision = origin + 4 for the default scenario; docs/BACKTEST.md). Brier score per council (0 is perfect). Baselines: <b>persistence</b> applies the rules to the origin month as if nothing changes; <b>constant</b> gives every council the share the same rules reviewed on actual data at earlier origins. The ranges are the 25–75% and 5–95% intervals of the number reviewed, ends included; in brackets, the share of the forecast's own trials inside them (what a calibrated forecast's coverage would be: above 50% and 90% because counts are whole numbers). <b>Ends split</b>: the same ranges with an actual count at their end counted in part, by the share of that count's trials inside the central 50% or 90% of the forecast (the nonrandomised PIT of a count, as the rate scores split ties): calibrated at exactly 50% and 90%.</p><table class=\"data\"><thead><tr><th>option</th><th class=\"num\">origins</th><th class=\"num\">model Brier</th><th class=\"num\">persistence</th><th class=\"num\">constant</th><th>beats both</th><th class=\"num\">actual count in 50% range</th><th class=\"num\">in 90% range</th><th class=\"num\">ends split, 50% / 90%</th><th class=\"num\">constant's range</th></tr></thead><tbody>\n",
    );
    for s in sums {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td>{}</td><td class=\"num\">{:.0}% ({:.0}%)</td><td class=\"num\">{:.0}% ({:.0}%)</td><td class=\"num\">{:.0}% / {:.0}%</td><td class=\"num\">{:.0}%</td></tr>",
            esc(&s.option),
            s.origins,
            s.brier,
            s.persistence_brier,
            s.constant_brier,
            if s.beats_both() { "yes" } else { "<b>no</b>" },
            s.coverage50 * 100.0,
            s.expected50 * 100.0,
            s.coverage * 100.0,
            s.expected90 * 100.0,
            s.split50 * 100.0,
            s.split90 * 100.0,
            s.constant_coverage * 100.0
        );
    }
    h.push_str("</tbody></table><div class=\"scroll\"><table class=\"data\"><thead><tr><th>origin</th><th>option</th><th>decided</th><th class=\"num\">predicted</th><th class=\"num\">5–95%</th><th class=\"num\">actual</th><th class=\"num\">persistence</th><th class=\"num\">Brier model</th><th class=\"num\">persistence</th><th class=\"num\">constant (p)</th></tr></thead><tbody>\n");
    for o in origins {
        for d in &o.decisions {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{:.1}</td><td class=\"num\">{}–{}</td><td class=\"num\">{}{}</td><td class=\"num\">{}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4}</td><td class=\"num\">{:.4} ({:.2})</td></tr>",
                o.at,
                esc(&d.option),
                d.decision_month,
                d.predicted,
                d.p5,
                d.p95,
                d.actual,
                if d.covered() { "" } else { " ✗" },
                d.persistence_count,
                d.brier,
                d.persistence_brier,
                d.constant_brier,
                d.constant_p
            );
        }
    }
    h.push_str("</tbody></table></div></section>\n");
    h
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
