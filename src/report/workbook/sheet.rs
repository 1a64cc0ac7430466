//! One CSV file of an output folder copied into one worksheet: numbers stay
//! numbers (with £, %, count or standard-error formats chosen by column
//! name), text stays text, empty cells stay empty; header bold, frozen, with
//! an autofilter. One exception to "the CSV as written": the stress
//! improvement δ (log scale per month in the CSVs) is shown as the monthly
//! percentage cut the stress page says (1 − e^−δ), under a header that says so.

use std::path::Path;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::report::error::ReportError;

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Money,
    Percent,
    /// The standard error of a probability: one more decimal.
    PercentSe,
    /// Expected counts (bed-days, admissions): one decimal, grouped.
    Count,
    /// A standard error of a plain number: three decimals.
    NumberSe,
    /// δ, an extra monthly reduction on the log scale, shown as the monthly cut 1 − e^−δ.
    MonthlyCut,
    /// The standard error of δ, shown as that of the monthly cut (δ_se · e^−δ).
    MonthlyCutSe,
    Number,
}

/// The formats used by every sheet.
pub(crate) struct Formats {
    pub header: Format,
    pub money: Format,
    pub percent: Format,
    pub percent_se: Format,
    pub count: Format,
    pub number_se: Format,
    pub wrap: Format,
}

impl Formats {
    pub(crate) fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_background_color(0xF0_F3_F6),
            money: Format::new().set_num_format("£#,##0"),
            percent: Format::new().set_num_format("0.0%"),
            percent_se: Format::new().set_num_format("0.00%"),
            count: Format::new().set_num_format("#,##0.0"),
            number_se: Format::new().set_num_format("#,##0.000"),
            wrap: Format::new().set_text_wrap(),
        }
    }

    fn of(&self, kind: Kind) -> Option<&Format> {
        match kind {
            Kind::Text | Kind::Number => None,
            Kind::Money => Some(&self.money),
            Kind::Percent | Kind::MonthlyCut => Some(&self.percent),
            Kind::PercentSe | Kind::MonthlyCutSe => Some(&self.percent_se),
            Kind::Count => Some(&self.count),
            Kind::NumberSe => Some(&self.number_se),
        }
    }
}

/// Columns that hold text even when a value looks like a number.
const TEXT: [&str; 13] = [
    "option",
    "option_a",
    "option_b",
    "code",
    "name",
    "region",
    "metric",
    "month",
    "figure",
    "status",
    "criterion",
    "target_month",
    "threshold_kind",
];

/// The kind of a column of the run's and the tools' CSVs (docs/OUTPUTS.md).
/// Every pounds column (and its `_se`, `_p5`… companions) is money.
pub(crate) fn kind_of(column: &str) -> Kind {
    let money = ["allocation", "expected_net_change", "stake_if_reviewed"];
    let money_prefix = ["bed_days_value", "avoidable_cost"];
    let counts = [
        "bed_days_freed",
        "care_home_admissions",
        "avoidable_admissions",
    ];
    let se = column.ends_with("_se");
    if TEXT.contains(&column) {
        Kind::Text
    } else if money.contains(&column)
        || column.contains("at_risk")
        || money_prefix.iter().any(|m| column.starts_with(m))
    {
        Kind::Money
    } else if matches!(column, "improvement" | "improvement_tolerance" | "delta") {
        Kind::MonthlyCut
    } else if column == "improvement_se" {
        Kind::MonthlyCutSe
    } else if column.starts_with("p_")
        || column.starts_with("why")
        || column.starts_with("share_of")
        || column.starts_with("penalty_cheaper")
        || column == "threshold"
    {
        if se { Kind::PercentSe } else { Kind::Percent }
    } else if counts.iter().any(|c| column.starts_with(c)) && !se {
        Kind::Count
    } else if se {
        Kind::NumberSe
    } else {
        Kind::Number
    }
}

/// The header cell of a column: its CSV name, with what the figure is in
/// when the sheet shows it differently from the CSV.
fn header_of(column: &str) -> String {
    match kind_of(column) {
        Kind::MonthlyCut | Kind::MonthlyCutSe => format!("{column} (monthly cut, %)"),
        _ => column.to_string(),
    }
}

/// Writes `csv_path` into `ws` starting at row 0. `kind` gives each cell's
/// kind from its column name and its row's fields (a row may switch a
/// column's format, as comparison.csv's `figure` does). Returns the number
/// of data rows.
///
/// # Errors
/// [`ReportError::Unreadable`] naming the file when it cannot be read;
/// [`ReportError::Sheet`] when the sheet cannot be written.
pub(crate) fn from_csv(
    ws: &mut Worksheet,
    csv_path: &Path,
    f: &Formats,
    kind: &dyn Fn(&str, &csv::StringRecord, &csv::StringRecord) -> Kind,
) -> Result<u32, ReportError> {
    let bad = |e: csv::Error| ReportError::unreadable(csv_path, e);
    let mut reader = csv::Reader::from_path(csv_path).map_err(bad)?;
    let headers = reader.headers().map_err(bad)?.clone();
    let xl = ReportError::Sheet;
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), header_of(h), &f.header)
            .map_err(xl)?;
        let width = match kind_of(h) {
            Kind::Text if h == "name" => 28.0,
            Kind::Text => 14.0,
            _ => 12.0,
        };
        ws.set_column_width(col(c), width).map_err(xl)?;
    }
    let mut row: u32 = 0;
    let mut record = csv::StringRecord::new();
    let delta_at = headers.iter().position(|h| h == "improvement");
    while reader.read_record(&mut record).map_err(bad)? {
        row += 1;
        // δ of this row, for its standard error's scale.
        let delta = delta_at
            .and_then(|i| record.get(i))
            .and_then(|v| v.trim().parse::<f64>().ok());
        for (c, (h, v)) in headers.iter().zip(record.iter()).enumerate() {
            let k = kind(h, &headers, &record);
            let shown = shown_value(v, k, delta);
            write_cell(ws, row, col(c), shown.as_deref().unwrap_or(v), k, f).map_err(xl)?;
        }
    }
    finish_table(ws, row, headers.len()).map_err(xl)?;
    Ok(row)
}

/// The value the sheet shows in place of the CSV's, when it differs: δ as
/// the monthly cut 1 − e^−δ, its standard error by the delta method.
fn shown_value(v: &str, kind: Kind, delta: Option<f64>) -> Option<String> {
    let x = v.trim().parse::<f64>().ok().filter(|x| x.is_finite())?;
    match kind {
        Kind::MonthlyCut => Some((1.0 - (-x).exp()).to_string()),
        Kind::MonthlyCutSe => Some((x * (-delta?).exp()).to_string()),
        _ => None,
    }
}

/// A value: a number when its column is not text and it parses as a finite
/// number (formatted by kind; plain numbers keep Excel's General format),
/// empty when empty, else text.
fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    kind: Kind,
    f: &Formats,
) -> Result<(), XlsxError> {
    let number = match kind {
        Kind::Text => None,
        _ => value.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
    };
    match (value.is_empty(), number, f.of(kind)) {
        (true, _, _) => {}
        (false, Some(x), Some(fmt)) => {
            ws.write_number_with_format(row, col, x, fmt)?;
        }
        (false, Some(x), None) => {
            ws.write_number(row, col, x)?;
        }
        (false, None, _) if value.len() > 60 => {
            ws.write_string_with_format(row, col, value, &f.wrap)?;
        }
        (false, None, _) => {
            ws.write_string(row, col, value)?;
        }
    }
    Ok(())
}

/// Frozen header row and an autofilter over the table.
pub(crate) fn finish_table(ws: &mut Worksheet, rows: u32, cols: usize) -> Result<(), XlsxError> {
    ws.set_freeze_panes(1, 0)?;
    if cols > 0 {
        ws.autofilter(0, 0, rows, col(cols - 1))?;
    }
    Ok(())
}

/// Column index as Excel's `u16` (the files have far fewer than 16,384 columns).
pub(crate) fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

/// Each column of a CSV by name only.
pub(crate) fn by_column(h: &str, _: &csv::StringRecord, _: &csv::StringRecord) -> Kind {
    kind_of(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_kinds_follow_the_output_docs() {
        assert_eq!(kind_of("code"), Kind::Text);
        assert_eq!(kind_of("allocation"), Kind::Money);
        assert_eq!(kind_of("p_review_se"), Kind::PercentSe);
        assert_eq!(kind_of("why_missed_september"), Kind::Percent);
        assert_eq!(kind_of("p50"), Kind::Number);
        assert_eq!(kind_of("improvement"), Kind::MonthlyCut);
        assert_eq!(kind_of("improvement_se"), Kind::MonthlyCutSe);
        for money in [
            "bed_days_value",
            "bed_days_value_se",
            "avoidable_cost_p95",
            "stake_if_reviewed",
            "es95_at_risk",
        ] {
            assert_eq!(kind_of(money), Kind::Money, "{money}");
        }
        assert_eq!(kind_of("penalty_cheaper"), Kind::Percent);
        assert_eq!(kind_of("penalty_cheaper_se"), Kind::PercentSe);
        assert_eq!(kind_of("p_review_se"), Kind::PercentSe);
        assert_eq!(kind_of("bed_days_freed_p95"), Kind::Count);
        assert_eq!(kind_of("bed_days_freed_se"), Kind::NumberSe);
        assert_eq!(kind_of("asc_rate_now"), Kind::Number);
    }

    #[test]
    #[allow(clippy::unwrap_used)] // a test may panic
    fn delta_is_shown_as_the_monthly_cut() {
        let cut = shown_value("0.08", Kind::MonthlyCut, None).unwrap();
        assert!((cut.parse::<f64>().unwrap() - (1.0 - (-0.08f64).exp())).abs() < 1e-15);
        let se = shown_value("0.01", Kind::MonthlyCutSe, Some(0.08)).unwrap();
        assert!((se.parse::<f64>().unwrap() - 0.01 * (-0.08f64).exp()).abs() < 1e-15);
        assert_eq!(shown_value("0.01", Kind::MonthlyCutSe, None), None);
        assert_eq!(shown_value("", Kind::MonthlyCut, None), None);
    }
}
