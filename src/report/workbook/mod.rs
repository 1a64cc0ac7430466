//! `results.xlsx` (every run) and `stress.xlsx` (`ibcf stress`): the same
//! figures as the CSVs, for readers who open Excel. Built only from the
//! folder's own files, like the rest of the presentation side.
//!
//! Reproducible: rust_xlsxwriter stamps the zip entries with a fixed time,
//! and the document's creation date, which it would otherwise set to now,
//! is fixed to [`CREATED`]; run time, thread count and the program version
//! (which the golden test normalises elsewhere) are left out. So the
//! same scenario and seed give a byte-identical workbook.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::error::ReportError;
use super::headline;
use super::load::{Figure, Run};

pub(crate) mod sheet;

use sheet::{Formats, Kind, by_column, col};

/// The fixed creation date written into every workbook (see the module doc).
pub const CREATED: (u16, u8, u8) = (2000, 1, 1);

fn xl(e: XlsxError) -> ReportError {
    ReportError::Workbook(e)
}

fn new_workbook(title: &str) -> Result<Workbook, ReportError> {
    let mut wb = Workbook::new();
    let date = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2).map_err(xl)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author("ibcf")
        .set_comment("Written by ibcf; creation date fixed so that the file is reproducible.")
        .set_creation_datetime(&date);
    wb.set_properties(&props);
    Ok(wb)
}

/// Saves `wb` as `path` through a temporary sibling, so a failure never
/// leaves half a workbook.
fn save(wb: &mut Workbook, path: &Path) -> Result<(), ReportError> {
    use crate::report::output_dir::write_file;
    let bytes = wb.save_to_buffer().map_err(xl)?;
    let io = |e: std::io::Error| ReportError::io(format!("writing {}", path.display()), e);
    write_file(path, &bytes, true).map_err(|e| io(e.into_io()))
}

/// Writes `dir/results.xlsx` for a loaded run folder: Summary, Councils,
/// Comparison (two or more options), Fairness (when the run wrote
/// `fairness.csv`), Fan chart data, Scenario.
///
/// # Errors
/// [`ReportError::Unreadable`] when a CSV of the folder cannot be read;
/// [`ReportError::Workbook`], [`ReportError::Sheet`] or [`ReportError::Io`]
/// when the workbook cannot be written.
pub fn write_run(dir: &Path, run: &Run) -> Result<(), ReportError> {
    let m = &run.summary.manifest;
    let title = if m.title.is_empty() {
        &m.scenario
    } else {
        &m.title
    };
    let mut wb = new_workbook(title)?;
    let f = Formats::new();
    summary_sheet(wb.add_worksheet().set_name("Summary").map_err(xl)?, run, &f)?;
    let ws = wb.add_worksheet().set_name("Councils").map_err(xl)?;
    sheet::from_csv(ws, &dir.join("councils.csv"), &f, &by_column)?;
    if !run.comparison.is_empty() {
        let ws = wb.add_worksheet().set_name("Comparison").map_err(xl)?;
        sheet::from_csv(ws, &dir.join("comparison.csv"), &f, &comparison_kind)?;
    }
    let fairness = dir.join(super::output_dir::FAIRNESS_CSV);
    if fairness.is_file() {
        let ws = wb.add_worksheet().set_name("Fairness").map_err(xl)?;
        sheet::from_csv(ws, &fairness, &f, &fairness_kind)?;
    }
    let ws = wb.add_worksheet().set_name("Fan chart data").map_err(xl)?;
    sheet::from_csv(ws, &dir.join("paths.csv"), &f, &by_column)?;
    let ws = wb.add_worksheet().set_name("Scenario").map_err(xl)?;
    scenario_sheet(ws, &m.notes, &run.scenario_text, &f)?;
    save(&mut wb, &dir.join("results.xlsx"))
}

/// Writes `dir/stress.xlsx` for an `ibcf stress` folder: Stress, Drivers,
/// Improvement (from the folder's CSVs) and Scenario.
///
/// # Errors
/// As [`write_run`].
pub fn write_stress(dir: &Path, title: &str, notes: &[String]) -> Result<(), ReportError> {
    let mut wb = new_workbook(title)?;
    let f = Formats::new();
    for (name, file) in [
        ("Stress", "stress.csv"),
        ("Drivers", "drivers.csv"),
        ("Improvement", "improvement.csv"),
    ] {
        let ws = wb.add_worksheet().set_name(name).map_err(xl)?;
        sheet::from_csv(ws, &dir.join(file), &f, &by_column)?;
    }
    let path = dir.join("scenario.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| ReportError::unreadable(&path, e))?;
    let ws = wb.add_worksheet().set_name("Scenario").map_err(xl)?;
    scenario_sheet(ws, notes, &text, &f)?;
    save(&mut wb, &dir.join("stress.xlsx"))
}

/// fairness.csv's rates are shares; its counts and populations numbers.
fn fairness_kind(h: &str, _: &csv::StringRecord, _: &csv::StringRecord) -> Kind {
    if h == "size" {
        Kind::Text
    } else if h.starts_with("p_") || h.ends_with("_rate") {
        Kind::Percent
    } else {
        sheet::kind_of(h)
    }
}

/// comparison.csv's figures are money, counts or probabilities by row.
fn comparison_kind(h: &str, headers: &csv::StringRecord, row: &csv::StringRecord) -> Kind {
    if !matches!(h, "estimate" | "se" | "ci_low" | "ci_high") {
        return sheet::kind_of(h);
    }
    let figure = headers
        .iter()
        .position(|x| x == "figure")
        .and_then(|i| row.get(i))
        .unwrap_or("");
    match figure {
        "diff_funding_at_risk" => Kind::Money,
        "diff_reviewed_count" => Kind::Number,
        _ => Kind::Percent,
    }
}

/// Headline sentences, then one row of national figures per option.
fn summary_sheet(ws: &mut Worksheet, run: &Run, f: &Formats) -> Result<(), ReportError> {
    let m = &run.summary.manifest;
    let title = if m.title.is_empty() {
        &m.scenario
    } else {
        &m.title
    };
    ws.write_string_with_format(0, 0, title, &f.header)
        .map_err(xl)?;
    let facts = format!(
        "Scenario {} · {} trials · seed {} · {} councils · decided on {} data (ibcf version: see summary.json)",
        m.scenario, m.trials, m.seed, m.councils, m.decision_month
    );
    ws.write_string(1, 0, facts).map_err(xl)?;
    let mut row = 3;
    for o in &run.summary.options {
        let s = headline::sentence(&headline::Figures {
            id: &o.id,
            label: &o.label,
            action: &o.action,
            reviewed: (
                o.reviewed_count.mean,
                o.reviewed_count.p5,
                o.reviewed_count.p95,
            ),
            money: (o.funding_at_risk.mean, o.funding_at_risk.p95),
        });
        ws.write_string(row, 0, s).map_err(xl)?;
        row += 1;
    }
    row += 1;
    let header = [
        "option",
        "label",
        "action",
        "share",
        "reviewed when",
        "rule",
        "money is",
        "reviewed_mean",
        "reviewed_se",
        "reviewed_p5",
        "reviewed_p50",
        "reviewed_p95",
        "money_mean",
        "money_se",
        "money_p5",
        "money_p50",
        "money_p95",
        "money_es95",
    ];
    let top = row;
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(top, col(c), *h, &f.header)
            .map_err(xl)?;
        ws.set_column_width(col(c), if c < 7 { 18.0 } else { 13.0 })
            .map_err(xl)?;
    }
    ws.set_column_width(0, 22.0).map_err(xl)?;
    for o in &run.summary.options {
        row += 1;
        let text = [&o.id, &o.label, &o.action, &o.share, &o.rule_words, &o.rule];
        for (c, t) in text.iter().enumerate() {
            ws.write_string(row, col(c), t.as_str()).map_err(xl)?;
        }
        ws.write_string(row, 6, headline::money_words(&o.action))
            .map_err(xl)?;
        write_figure(ws, row, 7, &o.reviewed_count, None)?;
        write_figure(ws, row, 12, &o.funding_at_risk, Some(&f.money))?;
        let es = o.funding_at_risk.es95.unwrap_or(f64::NAN);
        if es.is_finite() {
            ws.write_number_with_format(row, 17, es, &f.money)
                .map_err(xl)?;
        }
    }
    ws.autofilter(top, 0, row, col(header.len() - 1))
        .map_err(xl)?;
    // The headline sentences and the table's header stay in view.
    ws.set_freeze_panes(top + 1, 0).map_err(xl)?;
    Ok(())
}

/// mean, se, p5, p50, p95 from column `c`.
fn write_figure(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    fig: &Figure,
    format: Option<&rust_xlsxwriter::Format>,
) -> Result<(), ReportError> {
    for (k, v) in [fig.mean, fig.se, fig.p5, fig.p50, fig.p95]
        .into_iter()
        .enumerate()
    {
        let at = c + col(k);
        match format {
            Some(fm) => ws.write_number_with_format(row, at, v, fm),
            None => ws.write_number(row, at, v),
        }
        .map_err(xl)?;
    }
    Ok(())
}

/// Caveats first, then the scenario text one line per row.
fn scenario_sheet(
    ws: &mut Worksheet,
    notes: &[String],
    toml: &str,
    f: &Formats,
) -> Result<(), ReportError> {
    ws.set_column_width(0, 120.0).map_err(xl)?;
    ws.write_string_with_format(0, 0, "Caveats", &f.header)
        .map_err(xl)?;
    let mut row = 1;
    if notes.is_empty() {
        ws.write_string(row, 0, "(the scenario lists none)")
            .map_err(xl)?;
        row += 1;
    }
    for n in notes {
        ws.write_string_with_format(row, 0, n, &f.wrap)
            .map_err(xl)?;
        row += 1;
    }
    row += 1;
    ws.write_string_with_format(row, 0, "Scenario text (scenario.toml)", &f.header)
        .map_err(xl)?;
    for line in toml.lines() {
        row += 1;
        if !line.is_empty() {
            ws.write_string(row, 0, line).map_err(xl)?;
        }
    }
    Ok(())
}
