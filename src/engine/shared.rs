//! Per-run constants every worker reads: the plan's compiled criteria and
//! rules, the money constants, the metric table's observed months. Built
//! once per plan; a design (`analysis::design`) builds one per variant and
//! decides each simulated trial with every one of them.

use super::table::{Criteria, MetricTable};
use super::tally::pairs;
use crate::consequences::tally as cons;
use crate::model::Prepared;
use crate::rules::money::MoneyConsts;
use crate::rules::truth::TruthTable;
use crate::scenario::plan::Plan;

/// Per-run constants shared by all workers.
pub struct Shared<'a> {
    pub plan: &'a Plan,
    pub prep: Prepared,
    pub money: MoneyConsts,
    /// Metrics drawn as fan charts (used by some criterion), in first-use order.
    pub path_metrics: Vec<usize>,
    pub pairs: Vec<(usize, usize)>,
    /// Criteria compiled against the metric table (`None`: a criterion reads
    /// outside it, so the reference evaluator runs instead).
    pub criteria: Option<Criteria>,
    /// The metric table with observed months filled; each worker clones it.
    pub table: MetricTable,
    /// Each option's rule as a truth table over the criteria masks (`None`:
    /// too many criteria, so the expressions are evaluated).
    pub rules: Option<Vec<TruthTable>>,
    /// `[fairness] intent` as a truth table (`None`: no intent, or the
    /// rules are not tabulated).
    pub intent: Option<TruthTable>,
    /// Whether the noise-off reviews are counted (`Results::without_noise`);
    /// the latent decision itself runs on every trial (fairness).
    pub quiet: bool,
    /// Days in the simulated window (for the consequences' beds).
    pub window_days: f64,
}

impl<'a> Shared<'a> {
    pub fn new(plan: &'a Plan, prep: Prepared, quiet: bool) -> Shared<'a> {
        let mut path_metrics = Vec::new();
        for c in &plan.criteria {
            if !path_metrics.contains(&c.metric) {
                path_metrics.push(c.metric);
            }
        }
        let table = MetricTable::new(plan, &path_metrics, prep.months);
        let nc = plan.criteria.len();
        let rules: Option<Vec<TruthTable>> = plan
            .options
            .iter()
            .map(|o| TruthTable::new(&o.rule, nc))
            .collect();
        let intent = rules
            .as_ref()
            .and(plan.fairness_intent.as_ref())
            .and_then(|e| TruthTable::new(e, nc));
        Shared {
            plan,
            rules,
            intent,
            quiet,
            money: MoneyConsts::new(plan),
            criteria: Criteria::new(plan, &table),
            table,
            path_metrics,
            pairs: pairs(plan.options.len()),
            window_days: cons::window_days(plan),
            prep,
        }
    }

    /// Number of fan-chart histogram series: councils × path metrics × simulated months.
    pub fn n_series(&self) -> usize {
        self.plan.councils.len() * self.path_metrics.len() * self.prep.months
    }

    /// Whether council `i` is reviewed under option `o`, from its criteria
    /// mask when the rules are tabulated, else from its fired criteria.
    #[inline]
    pub fn reviewed(&self, o: usize, mask: u32, fired: &[bool]) -> bool {
        match &self.rules {
            Some(rules) => rules[o].get(mask),
            None => self.plan.options[o].rule.eval(fired),
        }
    }

    /// Whether a council whose latent criteria are `mask` / `fired`
    /// deserves review under option `o`: the intent when the plan states
    /// one, else the option's own rule.
    #[inline]
    pub fn deserved(&self, o: usize, mask: u32, fired: &[bool]) -> bool {
        match (&self.intent, &self.plan.fairness_intent) {
            (Some(t), _) => t.get(mask),
            (None, Some(e)) => e.eval(fired),
            (None, None) => self.reviewed(o, mask, fired),
        }
    }
}
