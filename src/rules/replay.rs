//! An option's rule replayed on observed data: "whom would this rule pick on
//! the figures available now?" That is how the 2017 letters were read at the
//! time (the October letter on July data, say), and how the scenario's
//! translations are checked against the councils known to have been written
//! to (scenario README §5).
//!
//! Every month the option's criteria read (their `month`, and a `worse_than`
//! reference) moves back by the same number of months, so that the latest
//! one is the last observed month; the criteria are then evaluated on
//! history alone, by the same code as in a trial. Targets do not move: a
//! shifted criterion still compares with the same expectation (September
//! 2017's, say). A month before the history reads as missing (criterion
//! false, DECISIONS #30).

use super::criteria::{CritScratch, Rates, evaluate};
use crate::month::Month;
use crate::scenario::plan::{CriterionKind, Plan};

/// One option replayed on history.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// Months moved (0 or negative): the latest month read becomes the last observed one.
    pub shift: i32,
    /// The latest month the option's criteria read, before the shift.
    pub latest: Month,
    /// Per council (plan order): whether the rule reviews it on the replayed data.
    pub reviewed: Vec<bool>,
}

impl Replay {
    /// Number of councils reviewed.
    pub fn count(&self) -> usize {
        self.reviewed.iter().filter(|r| **r).count()
    }
}

/// The latest month read by the criteria `option` mentions (`None` for a
/// rule without criteria).
fn latest_month(plan: &Plan, option: usize) -> Option<Month> {
    let mut used = Vec::new();
    plan.options[option].rule.criteria(&mut used);
    used.iter()
        .map(|&c| {
            let cr = &plan.criteria[c];
            match cr.kind {
                CriterionKind::WorseThan { reference, .. } => cr.month.max(reference),
                _ => cr.month,
            }
        })
        .max()
}

/// Replays option `option` of `plan` on its history. `None` when the rule
/// reads no criterion (its answer does not depend on data).
///
/// # Panics
/// If `option` is out of range.
pub fn replay(plan: &Plan, option: usize) -> Option<Replay> {
    let latest = latest_month(plan, option)?;
    let shift = plan.history.last().since(latest).min(0);
    let mut shifted = plan.clone();
    for c in &mut shifted.criteria {
        c.month = c.month.plus(shift);
        if let CriterionKind::WorseThan { reference, .. } = &mut c.kind {
            *reference = reference.plus(shift);
        }
    }
    let (n, nc) = (plan.councils.len(), plan.criteria.len());
    let rates = Rates {
        plan: &shifted,
        sim: &[],
        months: 0,
    };
    let mut fired = vec![false; n * nc];
    let mut gaps = vec![f64::NAN; n * nc];
    evaluate(&rates, &mut CritScratch::default(), &mut fired, &mut gaps);
    let rule = &plan.options[option].rule;
    let reviewed = (0..n)
        .map(|i| rule.eval(&fired[i * nc..(i + 1) * nc]))
        .collect();
    Some(Replay {
        shift,
        latest,
        reviewed,
    })
}
