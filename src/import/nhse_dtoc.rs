//! NHS England "Total Delayed Days Local Authority" monthly workbooks
//! (sheet `LA - by responsible org`) → one month of delayed days per council.
//!
//! Layout is found by labels, never by fixed row numbers: the `Period:` label
//! gives the month; the header row is the one holding `Name`, `NHS`,
//! `Social Care` and `Both`; when a banner row above names several blocks
//! ("Delayed Days", "DTOC Beds", "Average Number of People Delayed per Day")
//! only the "Delayed Days" block is read. "Resident in …" rows are not
//! councils and are dropped, but they count in the England check: every
//! stream of the England row must equal the sum of all other rows, else the
//! workbook is refused. Files without an ONS code column (before 2014) are
//! refused. Every refusal names the file, the sheet and the cell.

use crate::import::cells::{Sheet, a1};
pub use crate::import::error::ImportError;
use crate::import::layout::{Layout, find_layout, find_period};
use crate::month::Month;
use calamine::{Data, Range, Reader, open_workbook_auto};
use std::collections::BTreeMap;
use std::path::Path;

/// The sheet read, compared case-insensitively.
pub const SHEET: &str = "LA - by responsible org";
/// ONS code of the England row.
pub const ENGLAND: &str = "E92000001";

/// One workbook's month: delayed days `[nhs, asc, both]` per council ONS code.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthTable {
    pub month: Month,
    pub days: BTreeMap<String, [u64; 3]>,
    /// England row as printed (equal to councils + "Resident in …" rows).
    pub england: [u64; 3],
    /// Councils listed but not reported this month ("-" or blank in every
    /// stream): no history row is written for them.
    pub missing: Vec<String>,
}

/// Reads one workbook (.xls or .xlsx) and its `LA - by responsible org` sheet.
///
/// # Errors
/// Unreadable file, missing sheet, unknown layout, or a failed England check.
pub fn read_workbook(path: &Path) -> Result<MonthTable, ImportError> {
    let file_err = |m: String| ImportError {
        file: Some(path.to_path_buf()),
        sheet: None,
        cell: None,
        message: m,
    };
    let mut wb = open_workbook_auto(path)
        .map_err(|e| file_err(format!("cannot be read as an Excel workbook ({e})")))?;
    let names = wb.sheet_names();
    let name = find_sheet(&names).ok_or_else(|| {
        file_err(format!(
            "no sheet named \"{SHEET}\" (sheets: {}); is this an NHS England \
             \"Total Delayed Days Local Authority\" workbook?",
            names.join(", ")
        ))
    })?;
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| file_err(format!("sheet \"{name}\" cannot be read ({e})")))?;
    parse_sheet(&range, &name).map_err(|e| e.in_file(path))
}

/// The sheet to read: exact name ignoring case and spaces, else the only
/// sheet whose name mentions "responsible".
pub(crate) fn find_sheet(names: &[String]) -> Option<String> {
    let norm = |s: &str| s.split_whitespace().collect::<String>().to_lowercase();
    let want = norm(SHEET);
    if let Some(n) = names.iter().find(|n| norm(n) == want) {
        return Some(n.clone());
    }
    let mut like = names
        .iter()
        .filter(|n| n.to_lowercase().contains("responsible"));
    match (like.next(), like.next()) {
        (Some(n), None) => Some(n.clone()),
        _ => None,
    }
}

/// Parses one `LA - by responsible org` sheet (any position in the grid).
///
/// # Errors
/// An [`ImportError`] naming the sheet and cell (no file; the caller adds it).
pub fn parse_sheet(range: &Range<Data>, sheet_name: &str) -> Result<MonthTable, ImportError> {
    let sheet = Sheet {
        name: sheet_name,
        range,
    };
    let Some(bounds) = sheet.bounds() else {
        return Err(ImportError::at(sheet_name, None, "the sheet is empty"));
    };
    let month = find_period(&sheet, bounds)?;
    let layout = find_layout(&sheet, bounds)?;
    let rows = read_rows(&sheet, bounds, &layout)?;
    check_england(&sheet, &layout, &rows)?;
    Ok(MonthTable {
        month,
        days: rows.councils,
        missing: rows.missing,
        england: rows.england.1,
    })
}

/// Rows read from the sheet.
struct Rows {
    councils: BTreeMap<String, [u64; 3]>,
    /// Councils listed with no figures ("-" or blank in every stream).
    missing: Vec<String>,
    /// England row's absolute row and figures.
    england: (u32, [u64; 3]),
    /// Sum over every row but England (councils and "Resident in …").
    sum_all: [u64; 3],
}

/// What a data row is.
enum RowKind {
    Skip,
    England,
    Resident,
    Council(String),
}

fn classify(sheet: &Sheet, r: u32, l: &Layout) -> Result<RowKind, ImportError> {
    let code = sheet.text(r, l.code_col);
    let name = sheet.text(r, l.name_col);
    let lname = name.to_lowercase();
    if code.eq_ignore_ascii_case(ENGLAND) || lname == "england" {
        return Ok(RowKind::England);
    }
    if lname.starts_with("resident") {
        return Ok(RowKind::Resident);
    }
    if is_ons_code(&code) {
        return Ok(RowKind::Council(code.to_ascii_uppercase()));
    }
    let values_blank = l.streams.iter().all(|&c| sheet.is_blank(r, c));
    if values_blank && (code.is_empty() || name.is_empty()) {
        return Ok(RowKind::Skip); // spacer or footnote
    }
    Err(ImportError::at(
        sheet.name,
        Some(a1(r, l.code_col)),
        format!(
            "row {} ({}) has no ONS council code (found {})",
            r + 1,
            if name.is_empty() {
                "no name".to_string()
            } else {
                format!("\"{name}\"")
            },
            sheet.show(r, l.code_col)
        ),
    ))
}

/// An ONS area code: one letter and eight digits, e.g. `E10000018`.
fn is_ons_code(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 9 && b[0].is_ascii_alphabetic() && b[1..].iter().all(u8::is_ascii_digit)
}

fn read_rows(
    sheet: &Sheet,
    ((_, _), (r1, _)): ((u32, u32), (u32, u32)),
    l: &Layout,
) -> Result<Rows, ImportError> {
    let mut councils = BTreeMap::new();
    let mut england = None;
    let mut sum_all = [0u64; 3];
    let mut missing = Vec::new();
    for r in l.header_row + 1..=r1 {
        let kind = classify(sheet, r, l)?;
        if matches!(kind, RowKind::Skip) {
            continue;
        }
        let reported = row_days(sheet, r, l)?;
        if let (None, RowKind::Council(code)) = (reported, &kind) {
            missing.push(code.clone());
        }
        let days = match (&kind, reported) {
            (_, Some(d)) => d,
            (RowKind::England, None) => {
                return Err(ImportError::at(
                    sheet.name,
                    Some(a1(r, l.streams[0])),
                    "the England row has no figures",
                ));
            }
            (_, None) => [0; 3],
        };
        match kind {
            RowKind::England => {
                if england.is_some() {
                    return Err(ImportError::at(
                        sheet.name,
                        Some(a1(r, l.name_col)),
                        "a second England row",
                    ));
                }
                england = Some((r, days));
                continue;
            }
            RowKind::Council(code) => {
                let dup = if reported.is_some() {
                    councils.insert(code.clone(), days).is_some()
                } else {
                    councils.contains_key(&code)
                        || missing.iter().filter(|m| **m == code).count() > 1
                };
                if dup {
                    return Err(ImportError::at(
                        sheet.name,
                        Some(a1(r, l.code_col)),
                        format!("council {code} appears twice"),
                    ));
                }
            }
            RowKind::Resident | RowKind::Skip => {}
        }
        for i in 0..3 {
            sum_all[i] = sum_all[i].saturating_add(days[i]);
        }
    }
    let england = england.ok_or_else(|| {
        ImportError::at(
            sheet.name,
            Some(a1(l.header_row + 1, l.name_col)),
            "no England row (E92000001) below the header: cannot check the council figures",
        )
    })?;
    if councils.is_empty() {
        return Err(ImportError::at(
            sheet.name,
            Some(a1(l.header_row + 1, l.code_col)),
            "no council rows below the header",
        ));
    }
    Ok(Rows {
        councils,
        missing,
        england,
        sum_all,
    })
}

/// The row's three counts; `None` when every stream is "-" or blank (not
/// reported). A mix of counts and "-" is refused.
fn row_days(sheet: &Sheet, r: u32, l: &Layout) -> Result<Option<[u64; 3]>, ImportError> {
    let not_reported = |c: u32| sheet.is_blank(r, c) || sheet.text(r, c) == "-";
    if l.streams.iter().all(|&c| not_reported(c)) {
        return Ok(None);
    }
    let mut days = [0u64; 3];
    for (i, &c) in l.streams.iter().enumerate() {
        days[i] = sheet
            .count(r, c)
            .map_err(|m| ImportError::at(sheet.name, None, m))?;
    }
    Ok(Some(days))
}

/// Every stream of the England row must equal the sum of all other rows.
fn check_england(sheet: &Sheet, l: &Layout, rows: &Rows) -> Result<(), ImportError> {
    let (er, eng) = rows.england;
    for i in 0..3 {
        if rows.sum_all[i] != eng[i] {
            return Err(ImportError::at(
                sheet.name,
                Some(a1(er, l.streams[i])),
                format!(
                    "England {} delayed days are {} but the council and \"Resident in\" rows sum to {}; \
                     the workbook is inconsistent or its layout was misread",
                    ["NHS", "Social Care", "Both"][i],
                    eng[i],
                    rows.sum_all[i]
                ),
            ));
        }
    }
    Ok(())
}
