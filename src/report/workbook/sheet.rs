//! One CSV file of an output folder copied into one worksheet: numbers stay
//! numbers (with £, % or plain formats chosen by column name), text stays
//! text, empty cells stay empty; header bold, frozen, with an autofilter.

use std::path::Path;

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use crate::report::error::ReportError;

/// How a cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Text,
    Money,
    Percent,
    Number,
}

/// The formats used by every sheet.
pub(crate) struct Formats {
    pub header: Format,
    pub money: Format,
    pub percent: Format,
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
            wrap: Format::new().set_text_wrap(),
        }
    }

    fn of(&self, kind: Kind) -> Option<&Format> {
        match kind {
            Kind::Text | Kind::Number => None,
            Kind::Money => Some(&self.money),
            Kind::Percent => Some(&self.percent),
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
pub(crate) fn kind_of(column: &str) -> Kind {
    let money = [
        "allocation",
        "expected_at_risk",
        "expected_net_change",
        "p95_at_risk",
        "es95_at_risk",
        "max_at_risk",
    ];
    if TEXT.contains(&column) {
        Kind::Text
    } else if money.contains(&column) {
        Kind::Money
    } else if column.starts_with("p_")
        || column.starts_with("why")
        || column.starts_with("share_of")
        || column == "threshold"
    {
        Kind::Percent
    } else {
        Kind::Number
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
        ws.write_string_with_format(0, col(c), h, &f.header)
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
    while reader.read_record(&mut record).map_err(bad)? {
        row += 1;
        for (c, (h, v)) in headers.iter().zip(record.iter()).enumerate() {
            let k = kind(h, &headers, &record);
            write_cell(ws, row, col(c), v, k, f).map_err(xl)?;
        }
    }
    finish_table(ws, row, headers.len()).map_err(xl)?;
    Ok(row)
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
        assert_eq!(kind_of("p_review_se"), Kind::Percent);
        assert_eq!(kind_of("why_missed_september"), Kind::Percent);
        assert_eq!(kind_of("p50"), Kind::Number);
        assert_eq!(kind_of("improvement"), Kind::Number);
    }
}
