//! Where things are on a DToC sheet, found by their labels: the month
//! (`Period:`), the header row, the ONS code and name columns, and the
//! "Delayed Days" block (never the "DTOC Beds" block beside it).

use crate::import::cells::{Sheet, a1};
use crate::import::error::ImportError;
use crate::import::period::parse_period;
use crate::month::Month;

/// Finds the `Period:` label and parses the first non-blank cell to its right.
pub(crate) fn find_period(
    sheet: &Sheet,
    ((r0, c0), (r1, c1)): ((u32, u32), (u32, u32)),
) -> Result<Month, ImportError> {
    for r in r0..=r1.min(r0 + 30) {
        for c in c0..=c1 {
            let t = sheet.text(r, c).to_lowercase();
            if let Some(rest) = t.strip_prefix("period:").filter(|x| !x.trim().is_empty()) {
                // Label and value in one cell: "Period: July 2017".
                return parse_period(rest).ok_or_else(|| {
                    ImportError::at(
                        sheet.name,
                        Some(a1(r, c)),
                        format!(
                            "period {} is not a month such as \"July 2017\"",
                            sheet.show(r, c)
                        ),
                    )
                });
            }
            if t != "period:" && t != "period" {
                continue;
            }
            let Some(vc) = (c + 1..=c1).find(|&vc| !sheet.is_blank(r, vc)) else {
                return Err(ImportError::at(
                    sheet.name,
                    Some(a1(r, c)),
                    "\"Period:\" has no value to its right",
                ));
            };
            let text = sheet.text(r, vc);
            return parse_period(&text).ok_or_else(|| {
                ImportError::at(
                    sheet.name,
                    Some(a1(r, vc)),
                    format!(
                        "period {} is not a month such as \"July 2017\"",
                        sheet.show(r, vc)
                    ),
                )
            });
        }
    }
    Err(ImportError::at(
        sheet.name,
        None,
        format!(
            "no \"Period:\" label in the first rows (looked at {}:{})",
            a1(r0, c0),
            a1(r0 + 30, c1)
        ),
    ))
}

/// Column positions of the header row and the "Delayed Days" block.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub header_row: u32,
    pub code_col: u32,
    pub name_col: u32,
    /// nhs, social care, both.
    pub streams: [u32; 3],
}

/// "Name", or a qualified one such as "LA Name" / "Local Authority Name".
fn is_name_label(l: &str) -> bool {
    l == "name" || l.ends_with(" name")
}

const STREAM_LABELS: [&str; 3] = ["nhs", "social care", "both"];

pub(crate) fn find_layout(
    sheet: &Sheet,
    ((r0, c0), (r1, c1)): ((u32, u32), (u32, u32)),
) -> Result<Layout, ImportError> {
    let header_row = (r0..=r1.min(r0 + 60))
        .find(|&r| {
            let labels: Vec<String> = (c0..=c1).map(|c| sheet.text(r, c).to_lowercase()).collect();
            labels.iter().any(|l| is_name_label(l)) && STREAM_LABELS.iter().all(|s| labels.iter().any(|l| l == s))
        })
        .ok_or_else(|| {
            ImportError::at(
                sheet.name,
                None,
                format!(
                    "unknown layout: no header row with \"Name\", \"NHS\", \"Social Care\" and \"Both\" in {}:{}",
                    a1(r0, c0),
                    a1(r1.min(r0 + 60), c1)
                ),
            )
        })?;
    let find = |pred: &dyn Fn(&str) -> bool, from: u32| {
        (from..=c1).find(|&c| pred(&sheet.text(header_row, c).to_lowercase()))
    };
    let name_col = find(&|l| is_name_label(l), c0).unwrap_or(c0);
    let code_col = find(&|l| l.starts_with("ons"), c0).ok_or_else(|| {
        ImportError::at(
            sheet.name,
            Some(a1(header_row, c0)),
            "header row has no \"ONS Geography\" column: workbooks before 2014 carry only old \
             DH codes, which ibcf does not map; use the 2014 or later files (ONS codes)",
        )
    })?;
    let block = delayed_days_block_start(sheet, header_row, (c0, c1))?;
    let mut streams = [0u32; 3];
    for (i, label) in STREAM_LABELS.iter().enumerate() {
        streams[i] = find(&|l| l == *label, block).ok_or_else(|| {
            ImportError::at(
                sheet.name,
                Some(a1(header_row, block)),
                format!(
                    "no \"{label}\" column in the \"Delayed Days\" block of header row {}",
                    header_row + 1
                ),
            )
        })?;
    }
    check_single_block(sheet, header_row, block, streams)?;
    Ok(Layout {
        header_row,
        code_col,
        name_col,
        streams,
    })
}

/// First column of the "Delayed Days" block: where the banner row above the
/// header says so; with no banner, the first column after the name.
fn delayed_days_block_start(
    sheet: &Sheet,
    header_row: u32,
    (c0, c1): (u32, u32),
) -> Result<u32, ImportError> {
    if header_row == 0 {
        return Ok(c0);
    }
    let banner = header_row - 1;
    let labels: Vec<(u32, String)> = (c0..=c1)
        .map(|c| (c, sheet.text(banner, c).to_lowercase()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if labels.is_empty() {
        return Ok(c0);
    }
    if let Some((c, _)) = labels.iter().find(|(_, t)| t.contains("delayed days")) {
        return Ok(*c);
    }
    let (c, _) = &labels[0];
    Err(ImportError::at(
        sheet.name,
        Some(a1(banner, *c)),
        format!(
            "unknown layout: the banner row above the header names {} but no \"Delayed Days\" block",
            sheet.show(banner, *c)
        ),
    ))
}

/// Refuses a second NHS/Social Care/Both set when no banner told them apart.
fn check_single_block(
    sheet: &Sheet,
    header_row: u32,
    block: u32,
    streams: [u32; 3],
) -> Result<(), ImportError> {
    let banner_present = header_row > 0 && !sheet.text(header_row - 1, block).is_empty();
    if banner_present {
        return Ok(());
    }
    let last = streams.iter().copied().max().unwrap_or(block);
    let end = sheet.bounds().map(|(_, (_, c1))| c1).unwrap_or(last);
    if let Some(c) =
        (last + 1..=end).find(|&c| sheet.text(header_row, c).eq_ignore_ascii_case("nhs"))
    {
        return Err(ImportError::at(
            sheet.name,
            Some(a1(header_row, c)),
            "unknown layout: a second \"NHS\" column and no banner row naming the \"Delayed Days\" block",
        ));
    }
    Ok(())
}
