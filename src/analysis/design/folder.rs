//! A finished design's folder: `design.csv`, `design.txt`, the frontier
//! chart (`plots/frontier.svg|png`) and `design.html`, written into a
//! (staging) folder.

use super::Design;
use crate::engine::variants::FIGURES;
use crate::format::{money, num};
use crate::report::ReportError;
use crate::report::columns::{Align, TextTable};
use crate::report::plots::write_chart;
use crate::scenario::plan::Plan;
use std::io;
use std::path::Path;

/// `design.csv`'s figure columns: (mean column, se column) per figure, in
/// `engine::variants::FIGURES` order (money in pounds).
pub fn figure_columns() -> Vec<String> {
    FIGURES
        .iter()
        .flat_map(|f| [format!("{f}_mean"), format!("{f}_se")])
        .collect()
}

/// One figure's CSV cell: money (pounds, 2 decimals) or a count-like number.
fn cell(f: usize, x: f64) -> String {
    if FIGURES[f].ends_with("funding") {
        money(x)
    } else {
        num(x)
    }
}

/// `variant:option` of row `r`, as the CSV and the page name it.
pub fn row_name(d: &Design, r: usize) -> String {
    let row = &d.rows[r];
    format!("{}:{}", row.variant, row.option)
}

/// Writes `design.csv`: one row per variant and option: the variant's
/// number (0: the scenario) and settings, the varied keys' values, the
/// option, each figure's mean and se, `on_frontier`, `dominated_by`.
///
/// # Errors
/// Any I/O failure.
pub fn write_csv(path: &Path, d: &Design) -> io::Result<()> {
    let mut head: Vec<String> = vec!["variant".into(), "settings".into()];
    head.extend(d.vary.iter().map(|v| v.key.clone()));
    head.push("option".into());
    head.extend(figure_columns());
    head.extend(["on_frontier".into(), "dominated_by".into()]);
    let mut w = crate::report::tables::writer(path, &head)?;
    for row in &d.rows {
        let v = row.variant;
        let mut rec = vec![v.to_string(), d.settings(v)];
        rec.extend((0..d.vary.len()).map(|k| d.value(v, k).to_string()));
        rec.push(row.option.clone());
        for (f, &(m, se)) in row.figures.iter().enumerate() {
            rec.extend([cell(f, m), cell(f, se)]);
        }
        rec.push(row.on_frontier.to_string());
        rec.push(row.dominated_by.map_or(String::new(), |b| row_name(d, b)));
        w.write_record(&rec).map_err(io::Error::other)?;
    }
    w.flush()
}

/// The terminal table: the scenario's options and the frontier rows.
pub fn table(d: &Design) -> String {
    let mut out = format!(
        "Design over {} ({} variants on one simulation: {} trials, seed {})\n",
        d.vary
            .iter()
            .map(|v| v.key.as_str())
            .collect::<Vec<_>>()
            .join(" × "),
        d.variants.len() - 1,
        d.trials,
        d.seed
    );
    let heads = [
        ("variant", Align::Left),
        ("option", Align::Left),
        ("reviewed", Align::Right),
        ("wrongly reviewed", Align::Right),
        ("wrongly spared", Align::Right),
        ("frontier", Align::Left),
    ];
    let mut t = TextTable::new(heads.iter().map(|(h, a)| (h.to_string(), *a)));
    for row in &d.rows {
        if row.variant != 0 && !row.on_frontier {
            continue;
        }
        let f = |k: usize| format!("{:.2} ± {:.2}", row.figures[k].0, row.figures[k].1);
        let front = match (row.on_frontier, row.dominated_by) {
            (true, _) => "on it".to_string(),
            (false, Some(b)) => format!("dominated by {}", row_name(d, b)),
            (false, None) => String::new(),
        };
        t.row(vec![
            d.settings(row.variant),
            row.option.clone(),
            f(0),
            f(3),
            f(4),
            front,
        ]);
    }
    out.push_str(&t.render(""));
    out.push_str("Councils a trial, mean ± se; the scenario's options, then every variant on the frontier.\n");
    out
}

/// Writes the design's files into `dir`; returns the text to print.
///
/// # Errors
/// [`ReportError`] when a file or chart cannot be written.
pub fn write(dir: &Path, d: &Design, plan: &Plan) -> Result<String, ReportError> {
    write_csv(&dir.join("design.csv"), d).map_err(|e| ReportError::io("writing design.csv", e))?;
    let text = table(d);
    std::fs::write(dir.join("design.txt"), &text)?;
    let plots = dir.join("plots");
    let title = "Fairness frontier".to_string();
    let sub = "councils wrongly reviewed against wrongly spared, a trial (mean)".to_string();
    write_chart(
        &super::chart::Frontier { design: d },
        &plots,
        "frontier",
        title,
        sub,
    )?;
    std::fs::write(dir.join("design.html"), super::page::render(d, plan))?;
    Ok(text)
}
