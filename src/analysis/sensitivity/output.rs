//! What `ibcf sensitivity` writes: `sensitivity.csv` (one row per option,
//! output and parameter) and the terminal table, kept apart from the runs
//! that compute a [`Sensitivity`] so the file format reads in one place.

use super::{Sensitivity, precision};
use crate::analysis::figures::Output;
use crate::report::tables::num;
use std::path::Path;

/// Columns of `sensitivity.csv`.
pub const HEADER: [&str; 16] = [
    "option",
    "output",
    "parameter",
    "low",
    "high",
    "base_value",
    "value_at_low",
    "value_at_high",
    "swing",
    "first_order",
    "first_order_ci_low",
    "first_order_ci_high",
    "total",
    "total_ci_low",
    "total_ci_high",
    "samples",
];

/// Writes `sensitivity.csv`: one row per option, output and parameter.
///
/// # Errors
/// Any I/O failure.
pub fn write_csv(path: &Path, s: &Sensitivity) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_path(path)
        .map_err(std::io::Error::other)?;
    w.write_record(HEADER).map_err(std::io::Error::other)?;
    for (o, id) in s.options.iter().enumerate() {
        for (k, out) in Output::ALL.iter().enumerate() {
            let ix = &s.sobol[o][k];
            for (i, p) in s.params.iter().enumerate() {
                let sw = &s.tornado[i][o];
                let (lo, hi) = (out.of(&sw.at_low), out.of(&sw.at_high));
                w.write_record([
                    id.clone(),
                    out.name().into(),
                    p.key.clone(),
                    num(p.low),
                    num(p.high),
                    num(out.of(&s.base[o])),
                    num(lo),
                    num(hi),
                    num((hi - lo).abs()),
                    num(ix.first[i]),
                    num(ix.first_ci[i].0),
                    num(ix.first_ci[i].1),
                    num(ix.total[i]),
                    num(ix.total_ci[i].0),
                    num(ix.total_ci[i].1),
                    s.samples.to_string(),
                ])
                .map_err(std::io::Error::other)?;
            }
        }
    }
    w.flush()
}

/// The terminal table: per option and output, parameters by swing.
pub fn table(s: &Sensitivity) -> String {
    let mut out = format!(
        "Sensitivity over {} parameter(s): tornado (2d+1 runs) and Sobol indices (N = {}, {} runs), {} trials per run, seed {}\n",
        s.params.len(),
        s.samples,
        s.samples * (s.params.len() + 2),
        s.trials,
        s.seed
    );
    for (o, id) in s.options.iter().enumerate() {
        for (k, outp) in Output::ALL.iter().enumerate() {
            out.push_str(&format!(
                "\n{id} — {} (base {})\n",
                outp.name(),
                outp.show(outp.of(&s.base[o]))
            ));
            use crate::report::columns::{Align, TextTable};
            let heads = [
                ("parameter", Align::Left),
                ("at low", Align::Right),
                ("at high", Align::Right),
                ("first order (95%)", Align::Right),
                ("total (95%)", Align::Right),
            ];
            let mut t = TextTable::new(heads.map(|(h, a)| (h.to_string(), a)));
            let ix = &s.sobol[o][k];
            for (i, p) in s.params.iter().enumerate() {
                let sw = &s.tornado[i][o];
                let ci = |v: f64, c: (f64, f64)| format!("{v:.2} ({:.2}–{:.2})", c.0, c.1);
                t.row(vec![
                    p.key.clone(),
                    outp.show(outp.of(&sw.at_low)),
                    outp.show(outp.of(&sw.at_high)),
                    ci(ix.first[i], ix.first_ci[i]),
                    ci(ix.total[i], ix.total_ci[i]),
                ]);
            }
            out.push_str(&t.render("  "));
        }
    }
    let warnings = precision::warnings(s);
    if !warnings.is_empty() {
        out.push('\n');
    }
    for w in warnings {
        out.push_str(&w);
        out.push('\n');
    }
    out
}
