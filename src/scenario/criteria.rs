//! `[criteria.NAME]` tables → [`Criterion`]s, with the checks that need data:
//! a target for every council where the kind reads one, and history for
//! every observed month a criterion reads (its `average` window, a
//! `worse_than` reference window, both `trend_worse` windows).

use super::diag::{Diag, Diags};
use super::fields::Tab;
use super::plan::{Councils, Criterion, CriterionKind, History, Metric, TargetSeries};
use super::targets::{metric_index, observed};
use crate::month::Month;

const KINDS: [&str; 7] = [
    "missed_target",
    "gap_above",
    "bottom_quartile",
    "worse_than",
    "trend_worse",
    "above_rate",
    "funnel",
];
const KEYWORDS: [&str; 6] = ["and", "or", "not", "true", "false", "at_least"];

fn keys_for(kind: &str) -> &'static [&'static str] {
    match kind {
        "missed_target" => &["kind", "metric", "month", "average", "tolerance"],
        "gap_above" | "above_rate" => &["kind", "metric", "month", "average", "threshold"],
        "bottom_quartile" => &["kind", "metric", "month", "average", "q"],
        "worse_than" => &[
            "kind",
            "metric",
            "month",
            "average",
            "reference",
            "tolerance",
        ],
        "trend_worse" => &["kind", "metric", "month", "window"],
        "funnel" => &[
            "kind",
            "metric",
            "month",
            "average",
            "level",
            "overdispersion",
        ],
        _ => &[
            "kind",
            "metric",
            "month",
            "average",
            "tolerance",
            "threshold",
            "q",
            "reference",
            "window",
        ],
    }
}

/// What the compiler knows about the scenario when reading criteria.
pub struct Ctx<'a> {
    pub metrics: &'a [Metric],
    pub councils: &'a Councils,
    pub history: Option<&'a History>,
    pub targets: &'a [TargetSeries],
    pub first_sim: Option<Month>,
    pub last_sim: Option<Month>,
}

/// Criterion names (in file order, including ones that failed) and the compiled criteria.
pub fn read(root: &Tab, cx: &Ctx, d: &mut Diags) -> (Vec<String>, Vec<Option<Criterion>>) {
    let (mut names, mut out) = (Vec::new(), Vec::new());
    let Some(n) = root.get("criteria") else {
        return (names, out);
    };
    let Some(entries) = n.entries() else {
        super::fields::wrong_type(n, "criteria", "a table of [criteria.NAME] tables", d);
        return (names, out);
    };
    for (k, v) in entries {
        let path = format!("criteria.{}", k.name);
        if !valid_name(&k.name) {
            d.push(
                Diag::new(format!("`{}` cannot be used in rules as a criterion name", k.name))
                    .at(k.at)
                    .path(path.clone())
                    .help("start with a letter; use letters, digits, _ and -; avoid and/or/not/true/false/at_least"),
            );
        }
        names.push(k.name.clone());
        out.push(read_one(v, &k.name, &path, cx, d));
    }
    (names, out)
}

fn valid_name(n: &str) -> bool {
    let mut b = n.bytes();
    b.next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
        && b.all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'-')
        && !KEYWORDS.contains(&n)
}

fn read_one(
    v: &super::raw::Node,
    name: &str,
    path: &str,
    cx: &Ctx,
    d: &mut Diags,
) -> Option<Criterion> {
    let kind_s = v.get("kind").and_then(|k| k.as_str()).unwrap_or("");
    let t = Tab::open(v, path, keys_for(kind_s), d)?;
    let kind = t.req_str("kind", d)?;
    if !KINDS.contains(&kind.v) {
        let help = super::diag::did_you_mean(kind.v, KINDS)
            .unwrap_or_else(|| format!("kinds: {}", KINDS.join(", ")));
        d.push(
            Diag::new(format!("unknown criterion kind `{}`", kind.v))
                .at(kind.at)
                .path(t.key_path("kind"))
                .help(help),
        );
        return None;
    }
    let metric = metric_index(&t, "metric", cx.metrics, d);
    let month = t.req_month("month", d);
    let average = if kind.v == "trend_worse" {
        Some(1)
    } else {
        t.int_in("average", 1, 120, d)
            .map(|a| a.v as u32)
            .or(Some(1))
    };
    let tol = t
        .f64("tolerance", d)
        .filter(|x| t.check("tolerance", x, x.v > -1.0, "above -1", d))
        .map_or(0.0, |x| x.v);
    let kind_v = match kind.v {
        "missed_target" | "gap_above" => {
            let threshold = if kind.v == "gap_above" {
                t.req_f64("threshold", d).map(|x| x.v)
            } else {
                Some(0.0)
            };
            let target = target_of(&t, metric?, month?.v, kind.v == "gap_above", cx, d);
            let target = target?;
            if kind.v == "gap_above" {
                CriterionKind::GapAbove {
                    target,
                    threshold: threshold?,
                }
            } else {
                CriterionKind::MissedTarget {
                    target,
                    tolerance: tol,
                }
            }
        }
        "funnel" => funnel(&t, metric?, month?.v, average?, cx, d)?,
        "bottom_quartile" => {
            let q = t
                .f64("q", d)
                .filter(|x| t.check("q", x, x.v > 0.0 && x.v <= 1.0, "above 0 and at most 1", d));
            CriterionKind::BottomQuartile {
                q: q.map_or(0.25, |x| x.v),
            }
        }
        "worse_than" => {
            let r = t.req_month("reference", d)?;
            check_window(&t, "reference", metric?, r.v, average?, cx, d);
            CriterionKind::WorseThan {
                reference: r.v,
                tolerance: tol,
            }
        }
        "trend_worse" => {
            let w = t.int_in("window", 1, 60, d).map_or(3, |x| x.v as u32);
            check_window(&t, "month", metric?, month?.v, 2 * w, cx, d);
            CriterionKind::TrendWorse { window: w }
        }
        _ => CriterionKind::AboveRate {
            threshold: t.req_f64("threshold", d)?.v,
        },
    };
    let (metric, month, average) = (metric?, month?, average?);
    check_window(&t, "month", metric, month.v, average, cx, d);
    Some(Criterion {
        name: name.to_string(),
        kind: kind_v,
        metric,
        month: month.v,
        average,
    })
}

/// A funnel criterion: its target, level and over-dispersion, φ̂ and τ²
/// estimated from the baseline history, and each council's limit cached.
fn funnel(
    t: &Tab,
    metric: usize,
    month: Month,
    average: u32,
    cx: &Ctx,
    d: &mut Diags,
) -> Option<CriterionKind> {
    use super::funnel::{DEFAULT_LEVEL, Funnel, OVERDISPERSION, Overdispersion};
    let level = t
        .f64("level", d)
        .filter(|x| {
            t.check(
                "level",
                x,
                x.v > 0.5 && x.v < 1.0,
                "above 0.5 and below 1",
                d,
            )
        })
        .map_or(DEFAULT_LEVEL, |x| x.v);
    let od = t
        .word("overdispersion", &OVERDISPERSION, d)
        .map_or(Overdispersion::None, |x| x.v);
    let target = target_of(t, metric, month, false, cx, d)?;
    let h = cx.history?;
    let (mut phi, mut tau2, mut baseline) = (1.0, 0.0, None);
    if od != Overdispersion::None {
        let end = super::funnel::baseline_end(month, average, h);
        let Some((p, t2, n)) =
            super::funnel::estimate(h, cx.councils, &cx.metrics[metric], end, average)
        else {
            let at = t.get("overdispersion").map_or(t.node.at, |n| n.at);
            d.push(
                Diag::new(format!(
                    "cannot estimate over-dispersion: fewer than 3 councils with delays in the {average} month(s) to {end}"
                ))
                .at(at)
                .path(t.key_path("overdispersion"))
                .help("use overdispersion = \"none\", or give history for the months before the criterion's window"),
            );
            return None;
        };
        (phi, tau2, baseline) = (p, t2, Some((end, n)));
    }
    let mut f = Funnel {
        target,
        level,
        overdispersion: od,
        phi,
        tau2,
        baseline,
        cached: Vec::new(),
    };
    f.cache(cx.targets, &cx.councils.population_18plus, month, average);
    Some(CriterionKind::Funnel(f))
}

/// Index of the target series for (metric, month); every council must have one.
fn target_of(
    t: &Tab,
    metric: usize,
    month: Month,
    positive: bool,
    cx: &Ctx,
    d: &mut Diags,
) -> Option<usize> {
    // Without history no target could be built: the cause is reported already.
    cx.history?;
    let mname = &cx.metrics[metric].name;
    let Some(i) = cx
        .targets
        .iter()
        .position(|s| s.metric == metric && s.month == month)
    else {
        d.push(
            Diag::new(format!("no targets for metric `{mname}` in {month}"))
                .at(t.node.at)
                .path(t.path.clone())
                .help(format!("add rows `CODE,{mname},{month},RATE` to the targets CSV, or a [[targets.rule]] with metric = \"{mname}\", month = \"{month}\"")),
        );
        return None;
    };
    let rates = &cx.targets[i].rate;
    let lacking: Vec<&str> = (0..cx.councils.len())
        .filter(|&c| rates[c].is_nan())
        .map(|c| cx.councils.code[c].as_str())
        .collect();
    if !lacking.is_empty() {
        let m = t.get("month").map_or(t.node.at, |n| n.at);
        d.push(
            Diag::new(format!(
                "no `{mname}` target for {month} for council(s) {}",
                lacking.join(", ")
            ))
            .at(m)
            .path(t.path.clone())
            .help("every council needs a target for the month this criterion reads"),
        );
        return None;
    }
    if positive {
        let zero: Vec<&str> = (0..cx.councils.len())
            .filter(|&c| rates[c] <= 0.0)
            .map(|c| cx.councils.code[c].as_str())
            .collect();
        if !zero.is_empty() {
            d.push(
                Diag::new(format!(
                    "gap_above divides by the target, which is 0 for council(s) {}",
                    zero.join(", ")
                ))
                .at(t.node.at)
                .path(t.path.clone())
                .help("a relative gap needs a positive target: give those councils one in the targets CSV (a rule holds a council at 0 at 0), or use missed_target"),
            );
            return None;
        }
    }
    Some(i)
}

/// Checks history covers the observed months of the `average` months ending at `end`.
fn check_window(
    t: &Tab,
    key: &str,
    metric: usize,
    end: Month,
    average: u32,
    cx: &Ctx,
    d: &mut Diags,
) {
    let (Some(h), Some(first), Some(last)) = (cx.history, cx.first_sim, cx.last_sim) else {
        return;
    };
    let at = t.get(key).map_or(t.node.at, |n| n.at);
    if end > last {
        d.push(
            Diag::new(format!("{end} is after the last simulated month {last}"))
                .at(at)
                .path(t.key_path(key))
                .help("criteria can only read observed or simulated months"),
        );
        return;
    }
    let start = end.plus(1 - average as i32);
    let obs_end = if end < first { end } else { first.plus(-1) };
    if start > obs_end {
        return;
    }
    let mut lacking = Vec::new();
    for c in 0..cx.councils.len() {
        let ok = (0..=obs_end.since(start))
            .all(|k| observed(h, c, &cx.metrics[metric], start.plus(k), 1).is_some());
        if !ok {
            lacking.push(cx.councils.code[c].as_str());
        }
    }
    if !lacking.is_empty() {
        d.push(
            Diag::new(format!(
                "no history for {}..{} (read by this criterion) for council(s) {}",
                start,
                obs_end,
                lacking.join(", ")
            ))
            .at(at)
            .path(t.key_path(key))
            .help("add those months to the history CSV, or change the months this criterion reads"),
        );
    }
}
