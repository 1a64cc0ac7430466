//! The page's data block (`<script type="application/json">`): per council
//! and option the figures the table, the maps and the council pages show,
//! the map colours (decided in Rust, [`crate::report::map`]), and each
//! council's fan-chart quantiles from paths.csv.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use crate::report::headline::{money_words, short_name};
use crate::report::load::Run;
use crate::report::map::svg::{Measure, fill, tooltip};
use crate::report::map::{hex_colour, money_max, rule_groups};

/// Rounds to 4 decimals: enough for rates and probabilities, and keeps the
/// page small.
fn r4(x: f64) -> f64 {
    (x * 1e4).round() / 1e4
}

/// The whole data block.
pub(super) fn council_data(run: &Run) -> Value {
    let max = money_max(run);
    let groups = rule_groups(run);
    let opts = &run.summary.options;
    let mut rows: Vec<Value> = Vec::new();
    let mut codes: Vec<&str> = Vec::new();
    for r in &run.councils {
        let o = opts.iter().find(|o| o.id == r.option);
        let words = money_words(o.map_or("", |o| o.action.as_str()));
        let entry = json!({
            "p": r.p_review,
            "se": r.p_review_se,
            "lo": (r.p_review - 1.96 * r.p_review_se).clamp(0.0, 1.0),
            "hi": (r.p_review + 1.96 * r.p_review_se).clamp(0.0, 1.0),
            "wn": r.p_review_without_noise,
            "risk": r.expected_at_risk,
            "net": r.expected_net_change,
            "why": r.why,
            "fp": hex_colour(fill(r, Measure::Review, max)),
            "fm": hex_colour(fill(r, Measure::Money, max)),
            "tip": tooltip(r, words),
        });
        match codes.iter().position(|c| *c == r.code) {
            Some(i) => rows[i]["by"][&r.option] = entry,
            None => {
                codes.push(&r.code);
                let mut by = Map::new();
                by.insert(r.option.clone(), entry);
                rows.push(json!({
                    "code": r.code, "name": r.name, "region": r.region,
                    "allocation": r.allocation, "crit": r.p_criteria, "by": by,
                }));
            }
        }
    }
    let options: Vec<Value> = opts
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let group = groups.iter().position(|g| g.contains(&i)).unwrap_or(i);
            json!({
                "id": o.id, "label": o.label, "name": short_name(&o.id, &o.label),
                "action": o.action, "words": money_words(&o.action), "share": o.share,
                "rule": o.rule, "rule_words": o.rule_words, "group": group,
                "criteria": rule_criteria(&o.rule, &run.criteria),
            })
        })
        .collect();
    let m = &run.summary.manifest;
    json!({
        "options": options,
        "criteria": run.criteria,
        "rows": rows,
        "paths": paths(run),
        "first_month": m.first_month,
        "decision_month": m.decision_month,
        "trials": m.trials,
        // The cost of hitting the target, per council code: a list of
        // {label, value} shown on its page (null without `[consequences]`).
        "consequences": consequences(run),
        // Per council code, the improvement needed to be safe, one sentence
        // per option (only councils stressed and attached with `ibcf report --stress`).
        "stress": run.stress,
    })
}

/// Indices (into `criteria`) of the criteria that the rule text names: the
/// only ones a council page may give as the reason for a review under it
/// (a criterion outside the rule can hold in every reviewed future without
/// being why the council was reviewed).
pub(crate) fn rule_criteria(rule: &str, criteria: &[String]) -> Vec<usize> {
    let words: Vec<&str> = rule
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    (0..criteria.len())
        .filter(|&i| words.contains(&criteria[i].as_str()))
        .collect()
}

/// The option's short name (`(a) October letter`) for a sentence; its id when unknown.
fn label_of(run: &Run, id: &str) -> String {
    run.summary
        .options
        .iter()
        .find(|o| o.id == id)
        .map_or_else(|| id.to_string(), |o| short_name(&o.id, &o.label))
}

/// Per council code, the consequences figures its page lists; `null` when
/// the run had no `[consequences]`.
fn consequences(run: &Run) -> Value {
    use crate::format::pounds_short;
    let Some(c) = &run.summary.consequences else {
        return Value::Null;
    };
    let range = |s: &crate::consequences::figures::Stat, f: &dyn Fn(f64) -> String| {
        format!("{} (90% of futures {} to {})", f(s.mean), f(s.p5), f(s.p95))
    };
    let count = |x: f64| format!("{x:.1}");
    let mut out = Map::new();
    for k in &c.councils {
        let f = &k.figures;
        let mut rows = vec![
            json!({"label": "Bed-days freed by meeting the target", "value": range(&f.bed_days_freed, &count)}),
            json!({"label": "Extra care-home admissions", "value": range(&f.care_home_admissions, &count)}),
            json!({"label": "Of which avoidable", "value": range(&f.avoidable_admissions, &count)}),
            json!({"label": "Cost of the avoidable admissions over their stay", "value": range(&f.avoidable_cost, &pounds_short)}),
        ];
        for o in &c.options {
            if let Some(n) = o.councils.iter().find(|n| n.code == k.code) {
                rows.push(json!({
                    "label": format!(
                        "Taking the penalty is cheaper than compliance under {}",
                        label_of(run, &o.id)
                    ),
                    "value": format!("in {:.0}% of futures", 100.0 * n.p_penalty_cheaper),
                }));
            }
        }
        out.insert(k.code.clone(), Value::Array(rows));
    }
    Value::Object(out)
}

/// `{code: {metric: {"m": [months], "q": [[p5,p25,p50,p75,p95]…], "t": [target|null…]}}}`.
fn paths(run: &Run) -> Value {
    type Series = (Vec<String>, Vec<[f64; 5]>, Vec<Option<f64>>);
    let mut out: BTreeMap<&str, BTreeMap<&str, Series>> = BTreeMap::new();
    for p in &run.paths {
        let s = out
            .entry(&p.code)
            .or_default()
            .entry(&p.metric)
            .or_default();
        s.0.push(p.month.to_string());
        s.1.push([r4(p.p5), r4(p.p25), r4(p.p50), r4(p.p75), r4(p.p95)]);
        s.2.push(p.target.map(r4));
    }
    json!(
        out.into_iter()
            .map(|(code, metrics)| {
                let m: Map<String, Value> = metrics
                    .into_iter()
                    .map(|(k, (m, q, t))| (k.to_string(), json!({"m": m, "q": q, "t": t})))
                    .collect();
                (code.to_string(), Value::Object(m))
            })
            .collect::<Map<String, Value>>()
    )
}

#[cfg(test)]
mod tests {
    use super::rule_criteria;

    #[test]
    fn a_rule_names_its_criteria_as_whole_words() {
        let crit: Vec<String> = [
            "missed_september",
            "bottom_quartile",
            "worse_than_feb",
            "oct_gap",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(rule_criteria("missed_september", &crit), vec![0]);
        assert_eq!(
            rule_criteria(
                "missed_september and at_least(2, bottom_quartile, worse_than_feb)",
                &crit
            ),
            vec![0, 1, 2]
        );
        // `oct_gap` is not named by `oct_gap_asc`.
        assert_eq!(
            rule_criteria("oct_gap_asc or bottom_quartile", &crit),
            vec![1]
        );
    }
}
