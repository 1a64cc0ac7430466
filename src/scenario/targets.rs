//! Targets: rows from the targets CSV, plus `[[targets.rule]]` filling the
//! councils the CSV leaves without one. A rule's baseline is the mean of the
//! metric over `average` observed months ending at `baseline`; then
//! `t = baseline * (1 - reduction)`, `t = max(t, min(baseline, floor))`,
//! `t = min(t, ceiling)`.

use super::data::TargetRow;
use super::diag::{Diag, Diags, Loc};
use super::dist_read::Num;
use super::fields::{At, Tab};
use super::plan::{Councils, History, Metric, Stream, TargetOrigin, TargetRule, TargetSeries};
use super::raw::Val;
use super::uncertain::{Param, RuleDraw, Value};
use crate::month::Month;

const RULE_KEYS: [&str; 7] = [
    "metric",
    "month",
    "baseline",
    "average",
    "reduction",
    "floor",
    "ceiling",
];

/// One `[[targets.rule]]`.
#[derive(Debug, Clone)]
pub struct Rule {
    pub metric: usize,
    pub month: Month,
    pub baseline: At<Month>,
    pub average: u32,
    /// The values (distributions' means where drawn).
    pub reduction: f64,
    pub floor: Option<f64>,
    pub ceiling: Option<f64>,
    /// Reduction, floor, ceiling: index into the params where drawn.
    pub drawn: [Option<usize>; 3],
    pub at: Loc,
    pub path: String,
}

/// Mean of a metric over `average` months ending at `month`, from history.
pub fn observed(
    h: &History,
    council: usize,
    m: &Metric,
    month: Month,
    average: u32,
) -> Option<f64> {
    let mut sum = 0.0;
    for k in 0..average {
        let mo = month.plus(-(k as i32));
        for s in Stream::ALL {
            let w = m.weights[s as usize];
            if w != 0.0 {
                sum += w * h.rate(council, mo, s)?;
            }
        }
    }
    Some(sum / f64::from(average.max(1)))
}

/// A metric by name, reporting an unknown one with a suggestion.
pub fn metric_index(t: &Tab, key: &str, metrics: &[Metric], d: &mut Diags) -> Option<usize> {
    let s = if t.get(key).is_none() {
        t.req_str(key, d)
    } else {
        t.str(key, d)
    }?;
    if let Some(i) = metrics.iter().position(|m| m.name == s.v) {
        return Some(i);
    }
    let names: Vec<&str> = metrics.iter().map(|m| m.name.as_str()).collect();
    let help = super::diag::did_you_mean(s.v, names.iter().copied()).unwrap_or_else(|| {
        format!(
            "known metrics: {} (add others under [metrics.NAME])",
            names.join(", ")
        )
    });
    d.push(
        Diag::new(format!("unknown metric `{}`", s.v))
            .at(s.at)
            .path(t.key_path(key))
            .help(help),
    );
    None
}

/// Reads `[targets]` (only `rule` arrays are allowed inside).
pub fn read_rules(
    root: &Tab,
    metrics: &[Metric],
    params: &mut Vec<Param>,
    d: &mut Diags,
) -> Vec<Rule> {
    let mut out = Vec::new();
    let Some(t) = root.sub("targets", &["rule"], d) else {
        return out;
    };
    let Some(r) = t.get("rule") else { return out };
    let Val::Array(items) = &r.val else {
        super::fields::wrong_type(
            r,
            "targets.rule",
            "an array of tables ([[targets.rule]])",
            d,
        );
        return out;
    };
    for (i, it) in items.iter().enumerate() {
        let path = format!("targets.rule[{i}]");
        let Some(x) = Tab::open(it, &path, &RULE_KEYS, d) else {
            continue;
        };
        let metric = metric_index(&x, "metric", metrics, d);
        let month = x.req_month("month", d);
        let baseline = x.req_month("baseline", d);
        let average = x.int_in("average", 1, 120, d).map_or(1, |v| v.v as u32);
        let mut drawn = [None; 3];
        let mut take = |k: usize, key: &str, ok: fn(f64) -> bool, rule: &str, d: &mut Diags| {
            let v = x.num(key, ok, rule, d)?;
            if let Num::Drawn(u) = v.v {
                drawn[k] = Some(params.len());
                params.push(Param::new(x.key_path(key), v.at, u));
            }
            Some(v.v.centre())
        };
        let unit = |v: f64| (0.0..=1.0).contains(&v);
        let reduction = take(0, "reduction", unit, "between 0 and 1", d);
        let floor = take(1, "floor", |v| v >= 0.0, "0 or more", d);
        let ceiling = take(2, "ceiling", |v| v >= 0.0, "0 or more", d);
        if let (Some(metric), Some(month), Some(baseline)) = (metric, month, baseline) {
            out.push(Rule {
                metric,
                month: month.v,
                baseline,
                average,
                reduction: reduction.unwrap_or(0.0),
                floor,
                ceiling,
                drawn,
                at: it.at,
                path,
            });
        }
    }
    out
}

/// The rule in words.
pub fn describe(r: &Rule, metrics: &[Metric]) -> String {
    let name = metrics.get(r.metric).map_or("?", |m| m.name.as_str());
    let base = if r.average > 1 {
        format!(
            "the mean of the {} months to {}",
            r.average,
            r.baseline.v.label()
        )
    } else {
        r.baseline.v.label()
    };
    let mut s = if r.reduction > 0.0 {
        format!(
            "{name} for {}: cut {:.1}% from {base}",
            r.month.label(),
            r.reduction * 100.0
        )
    } else {
        format!("{name} for {}: hold at {base}", r.month.label())
    };
    if let Some(f) = r.floor {
        s.push_str(&format!(
            ", but never below {f} (councils already below {f} hold)"
        ));
    }
    if let Some(c) = r.ceiling {
        s.push_str(&format!(", and at most {c}"));
    }
    s
}

/// The rule as numbers (`plan::TargetRule`).
pub fn spec(r: &Rule) -> TargetRule {
    TargetRule {
        baseline: r.baseline.v,
        average: r.average,
        reduction: r.reduction,
        floor: r.floor,
        ceiling: r.ceiling,
    }
}

fn apply_rule(r: &Rule, b: f64) -> f64 {
    spec(r).target(b)
}

/// The per-trial form of a rule with drawn parameters (`None` when none is drawn).
fn rule_draw(r: &Rule, baseline: &[f64]) -> Option<RuleDraw> {
    let val = |v: f64, k: usize| r.drawn[k].map_or(Value::Fixed(v), Value::Param);
    r.drawn.iter().any(Option::is_some).then(|| RuleDraw {
        reduction: val(r.reduction, 0),
        floor: r.floor.map(|f| val(f, 1)),
        ceiling: r.ceiling.map(|c| val(c, 2)),
        baseline: baseline.to_vec(),
    })
}

/// Builds the target series (sorted by month, then metric) and their origins.
pub fn build(
    rows: &[TargetRow],
    rules: &[Rule],
    metrics: &[Metric],
    councils: &Councils,
    history: &History,
    d: &mut Diags,
) -> (Vec<TargetSeries>, Vec<TargetOrigin>) {
    let n = councils.len();
    let mut keys: Vec<(Month, usize)> = rows
        .iter()
        .map(|r| (r.month, r.metric))
        .chain(rules.iter().map(|r| (r.month, r.metric)))
        .collect();
    keys.sort();
    keys.dedup();
    let mut series: Vec<TargetSeries> = keys
        .iter()
        .map(|&(month, metric)| TargetSeries {
            metric,
            month,
            rate: vec![f64::NAN; n],
            drawn: None,
        })
        .collect();
    let mut origins: Vec<TargetOrigin> = keys
        .iter()
        .map(|_| TargetOrigin {
            rule: None,
            spec: None,
            baseline: vec![f64::NAN; n],
        })
        .collect();
    let find = |m: Month, me: usize| keys.iter().position(|k| *k == (m, me));
    for r in rows {
        if let Some(i) = find(r.month, r.metric) {
            series[i].rate[r.council] = r.rate;
        }
    }
    for r in rules {
        let Some(i) = find(r.month, r.metric) else {
            continue;
        };
        if origins[i].rule.is_some() {
            d.push(
                Diag::new("a second rule for the same metric and month")
                    .at(r.at)
                    .path(r.path.clone())
                    .help("keep one [[targets.rule]] per metric and month"),
            );
            continue;
        }
        if r.baseline.v > history.last() {
            d.push(
                Diag::new(format!(
                    "baseline {} is not an observed month (history ends {})",
                    r.baseline.v,
                    history.last()
                ))
                .at(r.baseline.at)
                .path(format!("{}.baseline", r.path)),
            );
            continue;
        }
        origins[i].rule = Some(describe(r, metrics));
        origins[i].spec = Some(spec(r));
        let mut lacking = Vec::new();
        for c in 0..n {
            if !series[i].rate[c].is_nan() {
                continue;
            }
            match observed(history, c, &metrics[r.metric], r.baseline.v, r.average) {
                Some(b) => {
                    series[i].rate[c] = apply_rule(r, b);
                    origins[i].baseline[c] = b;
                }
                None => lacking.push(councils.code[c].clone()),
            }
        }
        series[i].drawn = rule_draw(r, &origins[i].baseline);
        if !lacking.is_empty() {
            d.push(
                Diag::new(format!(
                    "no history to compute the baseline for council(s) {}",
                    lacking.join(", ")
                ))
                .at(r.baseline.at)
                .path(format!("{}.baseline", r.path))
                .help("add their history rows, or give them a target in the targets CSV"),
            );
        }
    }
    (series, origins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(reduction: f64, floor: Option<f64>, ceiling: Option<f64>) -> Rule {
        Rule {
            metric: 1,
            month: Month(0),
            baseline: At {
                v: Month(0),
                at: Loc::default(),
            },
            average: 1,
            reduction,
            floor,
            ceiling,
            drawn: [None; 3],
            at: Loc::default(),
            path: String::new(),
        }
    }

    #[test]
    fn floor_holds_councils_already_below_it() {
        let r = rule(0.667, Some(2.6), None);
        assert!((apply_rule(&r, 9.0) - 2.997).abs() < 1e-9);
        assert!((apply_rule(&r, 4.0) - 2.6).abs() < 1e-9);
        assert!((apply_rule(&r, 2.0) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn ceiling_caps_and_otherwise_holds() {
        let r = rule(0.0, None, Some(9.4));
        assert!((apply_rule(&r, 12.0) - 9.4).abs() < 1e-9);
        assert!((apply_rule(&r, 5.0) - 5.0).abs() < 1e-9);
    }
}
