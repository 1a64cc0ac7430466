//! Fairness figures (issue 25): each option's decisions scored against the
//! councils' true (latent, noise-free) performance, which the engine tallies
//! (`engine::results::Fairness`, `OptionResult::wrongly_*`). Here they are
//! put into `summary.json` (per option, and by council size) and
//! `fairness.csv` (the same by-size table, for spreadsheets and the workbook).
//!
//! By size: councils ranked by population aged 18+ (ties by file order) and
//! cut into thirds, the first `⌊n/3⌋` (plus one if `n mod 3 > 0`) smallest,
//! and so on. Per third: the mean number of its councils wrongly reviewed
//! and wrongly spared per trial, each council's chance of either averaged
//! over the third, and two conditional rates: the false-review rate (of the
//! council-trials that did not deserve review, the share reviewed) and the
//! missed rate (of those that did, the share spared).

use super::schema::SizeFigures;
use crate::engine::Results;
use crate::format::num;
use crate::scenario::plan::Plan;
use std::io;
use std::path::Path;

/// The size groups' names, smallest first; "all councils" comes before them.
pub const SIZES: [&str; 3] = ["smallest third", "middle third", "largest third"];

/// `fairness.csv` columns.
pub const HEADER: [&str; 11] = [
    "option",
    "size",
    "councils",
    "population_from",
    "population_to",
    "wrongly_reviewed",
    "wrongly_spared",
    "p_wrongly_reviewed",
    "p_wrongly_spared",
    "false_review_rate",
    "missed_rate",
];

/// Council indices by size third, smallest first.
pub fn thirds(pop: &[f64]) -> [Vec<usize>; 3] {
    let mut order: Vec<usize> = (0..pop.len()).collect();
    order.sort_by(|&a, &b| pop[a].total_cmp(&pop[b]).then(a.cmp(&b)));
    let n = order.len();
    let (base, extra) = (n / 3, n % 3);
    let mut out: [Vec<usize>; 3] = Default::default();
    let mut at = 0;
    for (k, group) in out.iter_mut().enumerate() {
        let len = base + usize::from(k < extra);
        *group = order[at..at + len].to_vec();
        at += len;
    }
    out
}

/// One option's figures over a group of councils.
pub fn group(plan: &Plan, res: &Results, o: usize, size: &str, members: &[usize]) -> SizeFigures {
    let r = &res.options[o];
    let t = res.trials.max(1) as f64;
    let (mut wr, mut ws, mut deserved) = (0u64, 0u64, 0u64);
    for &i in members {
        wr += r.wrongly_reviewed[i];
        ws += r.wrongly_spared[i];
        deserved += r.reviewed[i] - r.wrongly_reviewed[i] + r.wrongly_spared[i];
    }
    let n = members.len() as f64;
    let council_trials = n * res.trials as f64;
    let undeserved = council_trials - deserved as f64;
    let pops = members.iter().map(|&i| plan.councils.population_18plus[i]);
    let ratio = |a: u64, b: f64| if b > 0.0 { a as f64 / b } else { f64::NAN };
    let rate = |a: u64, b: f64| (b > 0.0).then(|| a as f64 / b);
    SizeFigures {
        size: size.to_string(),
        councils: members.len(),
        population_from: pops.clone().fold(f64::INFINITY, f64::min),
        population_to: pops.fold(f64::NEG_INFINITY, f64::max),
        wrongly_reviewed: wr as f64 / t,
        wrongly_spared: ws as f64 / t,
        p_wrongly_reviewed: ratio(wr, council_trials),
        p_wrongly_spared: ratio(ws, council_trials),
        false_review_rate: rate(wr, undeserved),
        missed_rate: rate(ws, deserved as f64),
    }
}

/// All councils, then each size third (those with councils), for option `o`.
pub fn by_size(plan: &Plan, res: &Results, o: usize) -> Vec<SizeFigures> {
    let all: Vec<usize> = (0..plan.councils.len()).collect();
    let mut out = vec![group(plan, res, o, "all councils", &all)];
    for (name, members) in SIZES.iter().zip(thirds(&plan.councils.population_18plus)) {
        if members.is_empty() {
            continue;
        }
        out.push(group(plan, res, o, name, &members));
    }
    out
}

/// Writes `fairness.csv`: per option, all councils then the size thirds.
///
/// # Errors
/// Any I/O failure.
pub fn write_csv(path: &Path, plan: &Plan, res: &Results) -> io::Result<()> {
    let mut w = super::tables::writer(path, HEADER)?;
    for (o, opt) in plan.options.iter().enumerate() {
        for g in by_size(plan, res, o) {
            w.write_record([
                opt.id.clone(),
                g.size.clone(),
                g.councils.to_string(),
                format!("{:.0}", g.population_from),
                format!("{:.0}", g.population_to),
                num(g.wrongly_reviewed),
                num(g.wrongly_spared),
                num(g.p_wrongly_reviewed),
                num(g.p_wrongly_spared),
                g.false_review_rate.map_or_else(String::new, num),
                g.missed_rate.map_or_else(String::new, num),
            ])
            .map_err(io::Error::other)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirds_split_by_population_with_the_remainder_first() {
        let pop = [5.0, 1.0, 4.0, 2.0, 3.0, 3.0, 9.0];
        let t = thirds(&pop);
        assert_eq!(t[0], vec![1, 3, 4]);
        assert_eq!(t[1], vec![5, 2]);
        assert_eq!(t[2], vec![0, 6]);
    }
}
