//! The CSV files of a run (`councils.csv`, `national.csv`, `comparison.csv`,
//! `paths.csv`), exactly as docs/OUTPUTS.md lays them out. Money in pounds
//! with two decimals; other floats with up to 6 significant digits; missing
//! values empty (the styles are [`crate::format`]'s).

use crate::engine::Results;
use crate::scenario::plan::Plan;
use crate::stats::compare::{binomial_se, paired, paired_proportion};
use serde::Serialize;
use std::io;
use std::path::Path;

/// The CSV number styles, owned by [`crate::format`]; re-exported here for
/// the callers that name them by this path.
pub use crate::format::{money, num, pence};

fn io_err(e: csv::Error) -> io::Error {
    io::Error::other(e)
}

/// A CSV writer whose header row is written up front, so a file with no
/// rows still names its columns (every CSV the project writes: `\n` line
/// ends, header from the caller).
pub(crate) fn writer<I>(path: &Path, header: I) -> io::Result<csv::Writer<std::fs::File>>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(io_err)?;
    w.write_record(header).map_err(io_err)?;
    Ok(w)
}

const NATIONAL_HEADER: [&str; 11] = [
    "option", "figure", "mean", "se", "sd", "p5", "p50", "p95", "min", "max", "es95",
];
const COMPARISON_HEADER: [&str; 9] = [
    "option_a", "option_b", "code", "name", "figure", "estimate", "se", "ci_low", "ci_high",
];
const PATHS_HEADER: [&str; 9] = [
    "code", "metric", "month", "p5", "p25", "p50", "p75", "p95", "target",
];

/// `councils.csv`'s fairness columns (after the money, before the criteria):
/// each council's chance of being reviewed when its true (latent)
/// performance did not call for it, and of being spared when it did.
pub const FAIRNESS_COLUMNS: [&str; 4] = [
    "p_wrongly_reviewed",
    "p_wrongly_reviewed_se",
    "p_wrongly_spared",
    "p_wrongly_spared_se",
];

/// `councils.csv`: one row per option and council.
///
/// # Errors
/// Any I/O failure.
pub fn write_councils(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    write_councils_with(path, plan, res, None)
}

/// `councils.csv`, with `p_review_without_noise` after `p_review_se` when
/// `without_noise` (per option, per council: trials reviewed with the
/// observation noise off, same trials) is given.
///
/// # Errors
/// Any I/O failure.
pub fn write_councils_with(
    path: &Path,
    plan: &Plan,
    res: &Results,
    without_noise: Option<&[Vec<u64>]>,
) -> io::Result<()> {
    let mut head: Vec<String> = [
        "option",
        "code",
        "name",
        "region",
        "allocation",
        "p_review",
        "p_review_se",
        "expected_at_risk",
        "expected_net_change",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if without_noise.is_some() {
        head.insert(7, "p_review_without_noise".into());
    }
    head.extend(FAIRNESS_COLUMNS.iter().map(|s| s.to_string()));
    head.extend(plan.criteria.iter().map(|c| format!("p_{}", c.name)));
    head.extend(plan.criteria.iter().map(|c| format!("why_{}", c.name)));
    head.extend(super::consequences::council_header(plan, res));
    let cons = super::consequences::CouncilCells::new(plan, res);
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    let mut w = writer(path, &head)?;
    let t = res.trials;
    let tf = t.max(1) as f64;
    let c = &plan.councils;
    for (o, opt) in plan.options.iter().enumerate() {
        let r = &res.options[o];
        for i in 0..c.len() {
            let k = r.reviewed[i];
            let mut row = vec![
                opt.id.clone(),
                c.code[i].clone(),
                c.name[i].clone(),
                plan.regions[c.region[i]].clone(),
                pence(i128::from(c.allocation_pence[i])),
                num(k as f64 / tf),
                num(binomial_se(k as f64 / tf, t)),
                money(r.at_risk_pence[i] as f64 / tf / 100.0),
                money(r.net_change_pence[i] as f64 / tf / 100.0),
            ];
            if let Some(wn) = without_noise {
                let k0 = wn.get(o).and_then(|v| v.get(i)).copied();
                row.insert(7, k0.map_or_else(String::new, |k0| num(k0 as f64 / tf)));
            }
            for wrong in [r.wrongly_reviewed[i], r.wrongly_spared[i]] {
                let p = wrong as f64 / tf;
                row.extend([num(p), num(binomial_se(p, t))]);
            }
            row.extend((0..res.n_criteria).map(|cr| num(res.fired(i, cr) as f64 / tf)));
            row.extend((0..res.n_criteria).map(|cr| {
                let why = r.why[i * res.n_criteria + cr];
                if k == 0 {
                    String::new()
                } else {
                    num(why as f64 / k as f64)
                }
            }));
            if let Some(cc) = &cons {
                row.extend(cc.row(o, i));
            }
            w.write_record(&row).map_err(io_err)?;
        }
    }
    w.flush()
}

#[derive(Serialize)]
struct NationalRow<'a> {
    option: &'a str,
    figure: &'a str,
    mean: String,
    se: String,
    sd: String,
    p5: String,
    p50: String,
    p95: String,
    min: String,
    max: String,
    es95: String,
}

/// `national.csv`: `reviewed_count` and `funding_at_risk` per option, then
/// the fairness figures: councils `rightly_reviewed`, `wrongly_reviewed`,
/// `wrongly_spared` and the `funding_wrongly_at_risk` (of the wrongly reviewed).
///
/// # Errors
/// Any I/O failure.
pub fn write_national(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    let mut w = writer(path, &NATIONAL_HEADER)?;
    for (o, opt) in plan.options.iter().enumerate() {
        let r = &res.options[o];
        let rows = [
            (
                "reviewed_count",
                r.national.reviewed,
                num as fn(f64) -> String,
                false,
            ),
            ("funding_at_risk", r.national.funding, money, true),
            ("rightly_reviewed", r.fairness.rightly_reviewed, num, false),
            ("wrongly_reviewed", r.fairness.wrongly_reviewed, num, false),
            ("wrongly_spared", r.fairness.wrongly_spared, num, false),
            (
                "funding_wrongly_at_risk",
                r.fairness.wrong_funding,
                money,
                true,
            ),
        ];
        for (figure, s, f, es) in rows {
            w.serialize(NationalRow {
                option: &opt.id,
                figure,
                mean: f(s.mean),
                se: f(s.se),
                sd: f(s.sd),
                p5: f(s.p5),
                p50: f(s.p50),
                p95: f(s.p95),
                min: f(s.min),
                max: f(s.max),
                es95: if es { f(s.es95) } else { String::new() },
            })
            .map_err(io_err)?;
        }
    }
    w.flush()
}

#[derive(Serialize)]
struct ComparisonRow<'a> {
    option_a: &'a str,
    option_b: &'a str,
    code: &'a str,
    name: &'a str,
    figure: &'a str,
    estimate: String,
    se: String,
    ci_low: String,
    ci_high: String,
}

/// `comparison.csv`: paired differences for every pair of options (written
/// only when there are two or more options).
///
/// # Errors
/// Any I/O failure.
pub fn write_comparison(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    let mut w = writer(path, &COMPARISON_HEADER)?;
    let t = res.trials;
    for pr in &res.pairs {
        let (oa, ob) = (&res.options[pr.a], &res.options[pr.b]);
        let (ida, idb) = (
            plan.options[pr.a].id.as_str(),
            plan.options[pr.b].id.as_str(),
        );
        let mut row =
            |code: &str, name: &str, figure: &str, est: f64, se: f64, f: fn(f64) -> String| {
                w.serialize(ComparisonRow {
                    option_a: ida,
                    option_b: idb,
                    code,
                    name,
                    figure,
                    estimate: f(est),
                    se: f(se),
                    ci_low: f(est - 1.96 * se),
                    ci_high: f(est + 1.96 * se),
                })
                .map_err(io_err)
            };
        let ca: Vec<i64> = oa.trial_reviewed.iter().map(|&k| i64::from(k)).collect();
        let cb: Vec<i64> = ob.trial_reviewed.iter().map(|&k| i64::from(k)).collect();
        let (e, s) = paired(&ca, &cb, 1.0);
        row("E92000001", "England", "diff_reviewed_count", e, s, num)?;
        let (e, s) = paired(&oa.trial_funding_pence, &ob.trial_funding_pence, 100.0);
        row("E92000001", "England", "diff_funding_at_risk", e, s, money)?;
        for i in 0..res.n_councils {
            let (code, name) = (&plan.councils.code[i], &plan.councils.name[i]);
            let (e, s) = paired_proportion(pr.a_not_b[i], pr.b_not_a[i], t);
            row(code, name, "diff_p_review", e, s, num)?;
            let tf = t.max(1) as f64;
            let p = pr.a_not_b[i] as f64 / tf;
            row(code, name, "p_a_not_b", p, binomial_se(p, t), num)?;
            let p = pr.b_not_a[i] as f64 / tf;
            row(code, name, "p_b_not_a", p, binomial_se(p, t), num)?;
        }
    }
    w.flush()
}

#[derive(Serialize)]
struct PathCsvRow<'a> {
    code: &'a str,
    metric: &'a str,
    month: String,
    p5: String,
    p25: String,
    p50: String,
    p75: String,
    p95: String,
    target: String,
}

/// `paths.csv`: fan-chart quantiles per council, metric and month.
///
/// # Errors
/// Any I/O failure.
pub fn write_paths(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    let mut w = writer(path, &PATHS_HEADER)?;
    for s in &res.paths {
        for (k, r) in s.rows.iter().enumerate() {
            let q = r.quantiles.map(num);
            let [p5, p25, p50, p75, p95] = q;
            w.serialize(PathCsvRow {
                code: &plan.councils.code[s.council],
                metric: &plan.metrics[s.metric].name,
                month: s.first_month.plus(k as i32).to_string(),
                p5,
                p25,
                p50,
                p75,
                p95,
                target: num(r.target),
            })
            .map_err(io_err)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_plainly() {
        assert_eq!(num(0.25), "0.25");
        assert_eq!(num(1.0 / 3.0), "0.333333");
        assert_eq!(num(123456.789), "123457");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-0.0000001), "-0.0000001");
        assert_eq!(num(f64::NAN), "");
        assert_eq!(money(1234.5), "1234.50");
        assert_eq!(pence(-12345), "-123.45");
        assert_eq!(pence(7), "0.07");
    }
}
