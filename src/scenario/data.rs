//! The three data files, from CSV tables to plan parts: councils (pounds →
//! pence), history (delayed days → rates), targets (rows, by council index).
//! Every bad cell is reported with row, column and council code.

use super::csvdata::{Capped, Row, Table};
use super::diag::{Diag, Diags, did_you_mean};
use super::plan::{Councils, History, STREAMS, Stream, rate_index};
use crate::month::Month;
use std::collections::{HashMap, HashSet};

pub const COUNCIL_COLS: [&str; 5] = ["code", "name", "region", "population_18plus", "allocation"];
pub const COUNCIL_OPT: [&str; 2] = ["asc_budget", "reserves"];
pub const HISTORY_COLS: [&str; 5] = ["code", "month", "nhs_days", "asc_days", "both_days"];
/// Oldest history month kept, counted back from the last observed month.
pub const MAX_HISTORY_MONTHS: i32 = 1200;
pub const TARGET_COLS: [&str; 4] = ["code", "metric", "month", "rate"];

/// One target row from the CSV.
#[derive(Debug, Clone)]
pub struct TargetRow {
    pub council: usize,
    pub metric: usize,
    pub month: Month,
    pub rate: f64,
}

pub(crate) fn bad(t: &Table, row: &Row, col: Option<usize>, msg: String, code: &str) -> Diag {
    let c = col.unwrap_or(0);
    let mut d = Diag::new(format!("{}: {msg}", t.place(row, c))).at(t.loc(row, c));
    if !code.is_empty() {
        d = d.council(code);
    }
    d
}

/// A number cell; `Ok(None)` when blank.
pub(crate) fn number(
    t: &Table,
    row: &Row,
    k: usize,
    code: &str,
    cap: &mut Capped,
) -> Result<Option<f64>, ()> {
    let (s, col) = t.cell(row, k);
    if s.is_empty() {
        return Ok(None);
    }
    match super::numbers::parse_number(s) {
        Ok(v) => Ok(Some(v)),
        Err(e) => {
            let name = t.headers.get(col.unwrap_or(0)).map_or("?", String::as_str);
            cap.push_repeat(
                format!("number {col:?} {}", e.help),
                &format!("cell(s) in column `{name}` with the same problem"),
                row.line,
                bad(t, row, col, e.why, code)
                    .label("not a number")
                    .help(e.help),
            );
            Err(())
        }
    }
}

fn pence(pounds: f64) -> i64 {
    (pounds * 100.0).round() as i64
}

/// Councils, the sorted-by-first-appearance region names, and the codes of
/// rows refused for a bad cell (their problems in other files follow from
/// that one and are hidden, see [`Diags::hide_cascade`]).
pub fn councils(t: &Table, d: &mut Diags) -> (Councils, Vec<String>, Vec<String>) {
    let mut c = Councils::default();
    let mut refused: Vec<String> = match t.cols.first().copied().flatten() {
        Some(k) => t.refused.iter().filter_map(|r| r.get(k).cloned()).collect(),
        None => Vec::new(),
    };
    let mut regions: Vec<String> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut cap = Capped::new(d, &t.name);
    for row in &t.rows {
        let (code, code_col) = t.cell(row, 0);
        if code.is_empty() {
            cap.push(bad(t, row, code_col, "empty council code".into(), ""));
            continue;
        }
        if let Some(first) = seen.insert(code.to_string(), row.line) {
            cap.push(bad(
                t,
                row,
                code_col,
                format!("duplicate council code `{code}` (first on row {first})"),
                code,
            ));
            continue;
        }
        let pop = number(t, row, 3, code, &mut cap);
        let alloc = number(t, row, 4, code, &mut cap);
        let budget = number(t, row, 5, code, &mut cap);
        let reserves = number(t, row, 6, code, &mut cap);
        let (Ok(pop), Ok(alloc), Ok(budget), Ok(reserves)) = (pop, alloc, budget, reserves) else {
            refused.push(code.to_string());
            continue;
        };
        let pop = match pop {
            Some(p) if p > 0.0 => p,
            other => {
                let shown = other.map_or("blank".to_string(), |p| p.to_string());
                cap.push_repeat(
                    "population".into(),
                    "row(s) whose population_18plus is not above 0",
                    row.line,
                    bad(
                        t,
                        row,
                        t.cols[3],
                        format!("population_18plus must be above 0, got {shown}"),
                        code,
                    ),
                );
                refused.push(code.to_string());
                continue;
            }
        };
        let alloc = match alloc {
            Some(a) if a >= 0.0 => a,
            other => {
                let shown = other.map_or("blank".to_string(), |a| a.to_string());
                cap.push_repeat(
                    "allocation".into(),
                    "row(s) whose allocation is blank or below 0",
                    row.line,
                    bad(
                        t,
                        row,
                        t.cols[4],
                        format!("allocation (pounds) must be 0 or more, got {shown}"),
                        code,
                    ),
                );
                refused.push(code.to_string());
                continue;
            }
        };
        let region = t.cell(row, 2).0.to_string();
        let r = regions
            .iter()
            .position(|x| *x == region)
            .unwrap_or_else(|| {
                regions.push(region.clone());
                regions.len() - 1
            });
        c.code.push(code.to_string());
        c.name.push(t.cell(row, 1).0.to_string());
        c.region.push(r);
        c.population_18plus.push(pop);
        c.allocation_pence.push(pence(alloc));
        c.asc_budget_pence.push(budget.map(pence));
        c.reserves_pence.push(reserves.map(pence));
    }
    if t.rows.is_empty() && t.refused.is_empty() {
        cap.push(Diag::new(format!("{}: no councils listed", t.name)));
    }
    cap.finish();
    (c, regions, refused)
}

/// Looks a council code up, reporting an unknown one once per code.
fn council_of(
    t: &Table,
    row: &Row,
    councils: &Councils,
    index: &HashMap<&str, usize>,
    unknown: &mut HashSet<String>,
    cap: &mut Capped,
) -> Option<usize> {
    let (code, col) = t.cell(row, 0);
    if let Some(&i) = index.get(code) {
        return Some(i);
    }
    if cap.d.follows_from_refused(code) {
        return None;
    }
    if unknown.insert(code.to_string()) {
        let help = did_you_mean(code, councils.code.iter().map(String::as_str))
            .unwrap_or_else(|| "every council must be listed in the councils file".into());
        cap.push(
            bad(
                t,
                row,
                col,
                format!("council `{code}` is not in the councils file"),
                code,
            )
            .help(help)
            .unknown_council(),
        );
    }
    None
}

fn month_cell(t: &Table, row: &Row, code: &str, cap: &mut Capped) -> Option<Month> {
    let (s, col) = t.cell(row, 1);
    if s.is_empty() {
        cap.push(
            bad(t, row, col, "the month is missing".into(), code)
                .help("write months as YYYY-MM, e.g. 2017-09"),
        );
        return None;
    }
    match s.parse::<Month>() {
        Ok(m) => Some(m),
        Err(e) => {
            cap.push(bad(t, row, col, e.to_string(), code).label("not YYYY-MM"));
            None
        }
    }
}

/// Rates for months `..= last` (rows after `last` are checked, then dropped).
pub fn history(t: &Table, councils: &Councils, last: Month, d: &mut Diags) -> History {
    let index: HashMap<&str, usize> = councils
        .code
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut unknown = HashSet::new();
    let mut seen: HashMap<(usize, Month), u64> = HashMap::new();
    let mut cap = Capped::new(d, &t.name);
    let mut rows: Vec<(usize, Month, [f64; 3])> = Vec::new();
    for row in &t.rows {
        let code = t.cell(row, 0).0;
        let month = month_cell(t, row, code, &mut cap);
        let mut days = [f64::NAN; 3];
        let mut ok = true;
        for (s, day) in days.iter_mut().enumerate() {
            match number(t, row, 2 + s, code, &mut cap) {
                Ok(Some(v)) if v < 0.0 => {
                    cap.push(bad(
                        t,
                        row,
                        t.cols[2 + s],
                        format!("delayed days cannot be negative, got {v}"),
                        code,
                    ));
                    ok = false;
                }
                Ok(Some(v)) => *day = v,
                Ok(None) => {}
                Err(()) => ok = false,
            }
        }
        let council = council_of(t, row, councils, &index, &mut unknown, &mut cap);
        let (Some(i), Some(m), true) = (council, month, ok) else {
            continue;
        };
        let pop = councils.population_18plus[i];
        if let Some(s) = (0..3).find(|&s| !rate(days[s], m, pop).is_finite() && !days[s].is_nan()) {
            cap.push(bad(
                t,
                row,
                t.cols[2 + s],
                format!(
                    "`{}` delayed days over a population_18plus of {pop:e} give a rate too large to compute",
                    t.cell(row, 2 + s).0
                ),
                code,
            ));
            continue;
        }
        if let Some(first) = seen.insert((i, m), row.line) {
            cap.push(bad(
                t,
                row,
                t.cols[1],
                format!("duplicate row for council {code} and month {m} (first on row {first})"),
                code,
            ));
            continue;
        }
        if m < last.plus(-MAX_HISTORY_MONTHS) {
            let msg = format!(
                "{m} is more than {MAX_HISTORY_MONTHS} months before the simulation starts"
            );
            cap.push(
                bad(t, row, t.cols[1], msg, code).help("drop rows this old; they are not needed"),
            );
        } else if m <= last {
            rows.push((i, m, days));
        }
    }
    cap.finish();
    build_history(rows, councils, last)
}

fn build_history(rows: Vec<(usize, Month, [f64; 3])>, councils: &Councils, last: Month) -> History {
    let first = rows.iter().map(|r| r.1).min().unwrap_or(last);
    let n_months = (last.since(first) + 1).max(1) as usize;
    let first = last.plus(1 - n_months as i32);
    let mut rates = vec![f64::NAN; councils.len() * n_months * STREAMS];
    for (i, m, days) in rows {
        let pop = councils.population_18plus[i];
        let k = m.since(first) as usize;
        for s in Stream::ALL {
            rates[rate_index(i, k, n_months, s)] = rate(days[s as usize], m, pop);
        }
    }
    History {
        first,
        n_months,
        rates,
    }
}

/// Delayed days per day per 100,000 people aged 18+.
fn rate(days: f64, m: Month, pop: f64) -> f64 {
    days / f64::from(m.days()) / pop * 100_000.0
}

/// Target rows; `metrics` are the known metric names by index.
pub fn targets(
    t: &Table,
    councils: &Councils,
    metrics: &[String],
    d: &mut Diags,
) -> Vec<TargetRow> {
    let index: HashMap<&str, usize> = councils
        .code
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let mut unknown = HashSet::new();
    let mut seen: HashMap<(usize, usize, Month), u64> = HashMap::new();
    let mut cap = Capped::new(d, &t.name);
    let mut out = Vec::new();
    for row in &t.rows {
        let code = t.cell(row, 0).0;
        let (metric_s, mcol) = t.cell(row, 1);
        let metric = metrics.iter().position(|m| m == metric_s);
        if metric.is_none() {
            let help = did_you_mean(metric_s, metrics.iter().map(String::as_str))
                .unwrap_or_else(|| format!("known metrics: {}", metrics.join(", ")));
            cap.push(bad(t, row, mcol, format!("unknown metric `{metric_s}`"), code).help(help));
        }
        let (ms, mcol2) = t.cell(row, 2);
        let month = match ms.parse::<Month>() {
            Ok(m) => Some(m),
            Err(e) => {
                cap.push(bad(t, row, mcol2, e.to_string(), code));
                None
            }
        };
        let rate = match number(t, row, 3, code, &mut cap) {
            Ok(Some(v)) if v >= 0.0 => Some(v),
            Ok(other) => {
                let shown = other.map_or("blank".to_string(), |v| v.to_string());
                cap.push(bad(
                    t,
                    row,
                    t.cols[3],
                    format!("target rate must be 0 or more, got {shown}"),
                    code,
                ));
                None
            }
            Err(()) => None,
        };
        let council = council_of(t, row, councils, &index, &mut unknown, &mut cap);
        let (Some(c), Some(me), Some(mo), Some(rate)) = (council, metric, month, rate) else {
            continue;
        };
        if let Some(first) = seen.insert((c, me, mo), row.line) {
            cap.push(bad(
                t,
                row,
                mcol2,
                format!("duplicate target for {code}, {metric_s}, {mo} (first on row {first})"),
                code,
            ));
            continue;
        }
        out.push(TargetRow {
            council: c,
            metric: me,
            month: mo,
            rate,
        });
    }
    cap.finish();
    out
}
