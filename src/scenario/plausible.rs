//! Warnings, not errors, for values that are valid but look like a slip:
//! an allocation about a thousand times smaller than its council's
//! population share implies was most likely entered in thousands of pounds
//! (the councils file takes pounds). The scenario still loads.

use super::csvdata::Table;
use super::diag::{Diag, Diags};
use super::plan::Councils;
use crate::format::{pounds_exact, pounds_short};

/// How many times smaller than the population share an allocation must be
/// to be warned about: a thousandfold slip, with room for real spread
/// (real per-adult allocations differ by a factor of a few, not hundreds).
pub const THOUSANDS_RATIO: f64 = 300.0;

/// Warns, at its cell, about every allocation [`THOUSANDS_RATIO`] or more
/// times below what the median allocation per adult implies for the
/// council's population.
pub fn allocations(t: &Table, c: &Councils, d: &mut Diags) {
    let per_head: Vec<f64> = (0..c.len())
        .map(|i| c.allocation_pence[i] as f64 / 100.0 / c.population_18plus[i])
        .collect();
    let mut positive: Vec<f64> = per_head.iter().copied().filter(|v| *v > 0.0).collect();
    if positive.len() < 3 {
        return; // too few to say what is usual
    }
    positive.sort_by(f64::total_cmp);
    let median = positive[positive.len() / 2];
    for (i, &v) in per_head.iter().enumerate() {
        if !(v > 0.0 && median / v >= THOUSANDS_RATIO) {
            continue;
        }
        let Some(row) = t.rows.iter().find(|r| t.cell(r, 0).0 == c.code[i]) else {
            continue;
        };
        let implied = median * c.population_18plus[i];
        let given = pounds_exact(i128::from(c.allocation_pence[i]));
        d.warn(
            Diag::new(format!(
                "{}: allocation {given} is about {} times smaller than {}'s population \
                 share implies ({} at the median {} per adult): entered in thousands of pounds?",
                t.place(row, t.cols[4].unwrap_or(0)),
                crate::format::count((median / v).round() as u64),
                c.name[i],
                pounds_short(implied),
                pounds_short_per_head(median),
            ))
            .at(t.loc(row, t.cols[4].unwrap_or(0)))
            .council(c.code[i].clone())
            .label("pounds?")
            .help("allocations are in pounds: £8.4m is 8400000, not 8400"),
        );
    }
}

/// £ per adult with pence: `£15.50`.
fn pounds_short_per_head(v: f64) -> String {
    format!("£{v:.2}")
}
