//! ibcf's history CSV (`code,month,nhs_days,asc_days,both_days`, delayed
//! days in the calendar month): read, merge imported months, write sorted by
//! code then month. Merging is by whole month: a month given by an imported
//! workbook replaces every row of that month already in the file.

use crate::import::nhse_dtoc::MonthTable;
use crate::month::Month;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

/// The header line, in this order.
pub const HEADER: [&str; 5] = ["code", "month", "nhs_days", "asc_days", "both_days"];

/// One council-month of delayed days.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct HistoryRow {
    pub code: String,
    pub month: Month,
    /// nhs, asc, both.
    pub days: [u64; 3],
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MergeOutcome {
    /// Sorted by code, then month.
    pub rows: Vec<HistoryRow>,
    /// Months that were in the existing file and were replaced.
    pub replaced: Vec<Month>,
    /// Months added that the existing file did not have.
    pub added: Vec<Month>,
}

/// Reads a history CSV.
///
/// # Errors
/// A sentence naming the file, line and column of the first bad value.
pub fn read_history_csv(path: &Path) -> Result<Vec<HistoryRow>, String> {
    let mut rdr = csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = rdr
        .headers()
        .map_err(|e| format!("{}: {e}", path.display()))?
        .clone();
    let got: Vec<&str> = headers.iter().map(str::trim).collect();
    if got != HEADER {
        return Err(format!(
            "{}: line 1: header must be `{}`, found `{}`",
            path.display(),
            HEADER.join(","),
            got.join(",")
        ));
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("{}: {e}", path.display()))?;
        let line = rec.position().map_or(0, |p| p.line());
        rows.push(
            parse_record(&rec).map_err(|(col, m)| {
                format!("{}: line {line}, column {col}: {m}", path.display())
            })?,
        );
    }
    Ok(rows)
}

fn parse_record(rec: &csv::StringRecord) -> Result<HistoryRow, (usize, String)> {
    let field = |i: usize| rec.get(i).map(str::trim).unwrap_or("");
    let code = field(0).to_string();
    if code.is_empty() {
        return Err((1, "empty council code".into()));
    }
    let month: Month = field(1).parse().map_err(|e| (2, format!("{e}")))?;
    let mut days = [0u64; 3];
    for (i, d) in days.iter_mut().enumerate() {
        *d = field(i + 2).parse().map_err(|_| {
            (
                i + 3,
                format!(
                    "`{}` is not a whole number of days ({})",
                    field(i + 2),
                    HEADER[i + 2]
                ),
            )
        })?;
    }
    Ok(HistoryRow { code, month, days })
}

/// Merges imported months into existing rows: each imported month replaces
/// that month's rows entirely. Two tables for the same month are refused.
///
/// # Errors
/// When two imported tables give the same month.
pub fn merge_months(
    existing: Vec<HistoryRow>,
    tables: &[MonthTable],
) -> Result<MergeOutcome, String> {
    let mut new_months = BTreeSet::new();
    for t in tables {
        if !new_months.insert(t.month) {
            return Err(format!(
                "two workbooks give {}; import each month once",
                t.month.label()
            ));
        }
    }
    let old_months: BTreeSet<Month> = existing.iter().map(|r| r.month).collect();
    let mut map: BTreeMap<(String, Month), [u64; 3]> = existing
        .into_iter()
        .filter(|r| !new_months.contains(&r.month))
        .map(|r| ((r.code, r.month), r.days))
        .collect();
    for t in tables {
        for (code, days) in &t.days {
            map.insert((code.clone(), t.month), *days);
        }
    }
    Ok(MergeOutcome {
        rows: map
            .into_iter()
            .map(|((code, month), days)| HistoryRow { code, month, days })
            .collect(),
        replaced: new_months.intersection(&old_months).copied().collect(),
        added: new_months.difference(&old_months).copied().collect(),
    })
}

/// Writes rows as CSV text (header first, `\n` line ends).
pub fn to_csv_text(rows: &[HistoryRow]) -> String {
    let mut s = HEADER.join(",");
    s.push('\n');
    for r in rows {
        s.push_str(&format!(
            "{},{},{},{},{}\n",
            r.code, r.month, r.days[0], r.days[1], r.days[2]
        ));
    }
    s
}

/// Writes the CSV atomically: a temporary sibling file renamed into place.
///
/// # Errors
/// I/O failures.
pub fn write_history_csv(path: &Path, rows: &[HistoryRow]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(to_csv_text(rows).as_bytes())?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Month {
        s.parse().expect("month")
    }

    fn row(code: &str, month: &str, d: u64) -> HistoryRow {
        HistoryRow {
            code: code.into(),
            month: m(month),
            days: [d, d + 1, d + 2],
        }
    }

    fn table(month: &str, rows: &[(&str, u64)]) -> MonthTable {
        MonthTable {
            month: m(month),
            days: rows
                .iter()
                .map(|(c, d)| (c.to_string(), [*d, *d + 1, *d + 2]))
                .collect(),
            england: [0; 3],
            missing: vec![],
        }
    }

    #[test]
    fn merge_replaces_a_month_whole_and_keeps_the_rest_sorted() {
        let existing = vec![
            row("E2", "2017-01", 5),
            row("E1", "2017-02", 7),
            row("E1", "2017-01", 3),
            row("E3", "2017-02", 9),
        ];
        let out = merge_months(
            existing,
            &[
                table("2017-02", &[("E1", 70), ("E2", 80)]),
                table("2017-03", &[("E1", 1)]),
            ],
        )
        .expect("merge");
        let text = to_csv_text(&out.rows);
        assert_eq!(
            text,
            "code,month,nhs_days,asc_days,both_days\nE1,2017-01,3,4,5\nE1,2017-02,70,71,72\nE1,2017-03,1,2,3\n\
             E2,2017-01,5,6,7\nE2,2017-02,80,81,82\n"
        );
        assert_eq!(out.replaced, vec![m("2017-02")]);
        assert_eq!(out.added, vec![m("2017-03")]);
    }

    #[test]
    fn merge_refuses_the_same_month_twice() {
        let err = merge_months(
            vec![],
            &[
                table("2017-02", &[("E1", 1)]),
                table("2017-02", &[("E1", 2)]),
            ],
        )
        .expect_err("same month twice");
        assert!(err.contains("Feb 2017"), "{err}");
    }

    #[test]
    fn csv_round_trips_and_bad_values_name_line_and_column() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("h.csv");
        let rows = vec![row("E1", "2017-01", 3), row("E2", "2016-12", 0)];
        write_history_csv(&p, &rows).expect("write");
        assert_eq!(read_history_csv(&p).expect("read"), rows);
        std::fs::write(
            &p,
            "code,month,nhs_days,asc_days,both_days\nE1,2017-01,3,x,5\n",
        )
        .expect("write");
        let err = read_history_csv(&p).expect_err("bad value");
        assert!(err.contains("line 2, column 4"), "{err}");
    }
}
