//! What actually happened: observed rates to score forecasts against, from
//! the scenario's own history or from `--actual FILE` in the history CSV
//! format (`code,month,nhs_days,asc_days,both_days`; blank = not reported).
//! Rows for councils the scenario does not have are ignored; rates use the
//! scenario's 18+ populations, exactly as the loader computes them.

use super::BacktestError;
use crate::month::Month;
use crate::scenario::plan::{Councils, History, Stream};
use crate::scenario::plan::{STREAMS, month_row, rate_index};
use std::collections::HashSet;
use std::path::Path;

/// Reads a history CSV into a [`History`] indexed like `councils`.
///
/// # Errors
/// A missing file or column, a bad month or number (naming file and line),
/// a duplicate council-month, or a file with no usable row.
pub fn read(path: &Path, councils: &Councils) -> Result<History, BacktestError> {
    read_rows(path, councils).map_err(BacktestError::Actual)
}

fn read_rows(path: &Path, councils: &Councils) -> Result<History, String> {
    let shown = path.display();
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    let head = rdr.headers().map_err(|e| format!("{shown}: {e}"))?.clone();
    let col = |name: &str| {
        head.iter().position(|h| h.trim() == name).ok_or_else(|| {
            format!("{shown}: no `{name}` column (need code,month,nhs_days,asc_days,both_days)")
        })
    };
    let cols = [
        col("code")?,
        col("month")?,
        col("nhs_days")?,
        col("asc_days")?,
        col("both_days")?,
    ];
    let mut rows = Vec::new();
    let mut seen = HashSet::new();
    for (k, rec) in rdr.records().enumerate() {
        let line = k + 2;
        let rec = rec.map_err(|e| format!("{shown}:{line}: {e}"))?;
        let cell = |c: usize| rec.get(c).unwrap_or("").trim();
        let Some(i) = councils.index_of(cell(cols[0])) else {
            continue;
        };
        let m: Month = cell(cols[1])
            .parse()
            .map_err(|e| format!("{shown}:{line}: {e}"))?;
        if !seen.insert((i, m)) {
            return Err(format!(
                "{shown}:{line}: duplicate row for {} {m}",
                councils.code[i]
            ));
        }
        let mut days = [f64::NAN; 3];
        for (s, d) in days.iter_mut().enumerate() {
            let txt = cell(cols[2 + s]);
            if !txt.is_empty() {
                *d = txt
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| {
                        format!("{shown}:{line}: `{txt}` is not a number of delayed days")
                    })?;
            }
        }
        rows.push((i, m, days));
    }
    build(rows, councils).ok_or_else(|| format!("{shown}: no rows for the scenario's councils"))
}

fn build(rows: Vec<(usize, Month, [f64; 3])>, councils: &Councils) -> Option<History> {
    let first = rows.iter().map(|r| r.1).min()?;
    let last = rows.iter().map(|r| r.1).max()?;
    let n_months = (last.since(first) + 1) as usize;
    let mut rates = vec![f64::NAN; councils.len() * n_months * STREAMS];
    for (i, m, days) in rows {
        let per = f64::from(m.days()) * councils.population_18plus[i] / 100_000.0;
        let k = month_row(i, m.since(first) as usize, n_months);
        for (r, d) in rates[k..k + STREAMS].iter_mut().zip(days) {
            *r = d / per;
        }
    }
    Some(History {
        first,
        n_months,
        rates,
    })
}

/// Actual rates of the councils `kept` (indices into `actual`'s councils)
/// for `months` months from `first`, laid out as the model writes
/// simulated ones (`scenario::plan::rate_index`), `NaN` where unknown.
pub fn rates_for(actual: &History, kept: &[usize], first: Month, months: usize) -> Vec<f64> {
    let mut out = vec![f64::NAN; kept.len() * months * STREAMS];
    for (j, &i) in kept.iter().enumerate() {
        for t in 0..months {
            for s in Stream::ALL {
                if let Some(r) = actual.rate(i, first.plus(t as i32), s) {
                    out[rate_index(j, t, months, s)] = r;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::testkit;

    #[test]
    fn reads_rates_and_ignores_unknown_councils() {
        let p = testkit::plan(2, 1, 3, "2017-01", "2017-02", 1.0);
        let dir = tempfile::tempdir().expect("tempdir");
        let f = dir.path().join("h.csv");
        std::fs::write(
            &f,
            "code,month,nhs_days,asc_days,both_days\nE00000002,2017-02,280,,0\nX,2017-03,1,1,1\nE00000001,2017-04,31,62,93\n",
        )
        .expect("write");
        let h = read(&f, &p.councils).expect("reads");
        assert_eq!((h.first, h.n_months), (testkit::month("2017-02"), 3));
        // 280 days in 28 days over 100,000 adults = 10 per day per 100,000.
        assert_eq!(
            h.rate(1, testkit::month("2017-02"), Stream::Nhs),
            Some(10.0)
        );
        assert_eq!(h.rate(1, testkit::month("2017-02"), Stream::Asc), None);
        assert_eq!(
            h.rate(0, testkit::month("2017-04"), Stream::Both),
            Some(3.1)
        );
        let r = rates_for(&h, &[1], testkit::month("2017-02"), 2);
        assert_eq!(r[0], 10.0);
        assert!(r[1].is_nan() && r[3].is_nan());
        std::fs::write(
            &f,
            "code,month,nhs_days,asc_days,both_days\nE00000001,2017-13,1,1,1\n",
        )
        .expect("write");
        let e = read(&f, &p.councils).expect_err("bad month");
        assert!(matches!(e, BacktestError::Actual(_)), "{e}");
        let m = e.to_string();
        assert!(m.starts_with("error: ") && m.contains("h.csv:2"), "{m}");
    }
}
