//! The consequences' part of the data files (only with `[consequences]`;
//! without it nothing here writes a byte): the extra `councils.csv`
//! columns, the `consequences` object of `summary.json`, and the terminal
//! summary's line. Figures come from [`crate::consequences::figures`].

use crate::consequences::figures::{self, CouncilFigures, National, Net, Outcome, Stat};
use crate::consequences::tally::COST_PENCE;
use crate::engine::Results;
use crate::format::{money, num, pounds_short};
use crate::scenario::plan::Plan;
use serde::{Deserialize, Serialize};

/// Figures of `councils.csv` (column prefixes), in order.
const FIGURES: [(&str, bool); 5] = [
    ("bed_days_freed", false),
    ("bed_days_value", true),
    ("care_home_admissions", false),
    ("avoidable_admissions", false),
    ("avoidable_cost", true),
];
const STATS: [&str; 5] = ["", "_se", "_p5", "_p50", "_p95"];

/// The run's consequences with the plan's parameters, when both exist.
pub fn of<'a>(plan: &'a Plan, res: &'a Results) -> Option<&'a Outcome> {
    plan.consequences.as_ref()?;
    res.consequences.as_ref()
}

/// Extra `councils.csv` header cells (empty when off).
pub fn council_header(plan: &Plan, res: &Results) -> Vec<String> {
    if of(plan, res).is_none() {
        return Vec::new();
    }
    let mut h: Vec<String> = FIGURES
        .iter()
        .flat_map(|(f, _)| STATS.iter().map(move |s| format!("{f}{s}")))
        .collect();
    h.extend(["stake_if_reviewed", "penalty_cheaper", "penalty_cheaper_se"].map(String::from));
    h
}

/// Per option, per council cells, or `None` when off.
pub struct CouncilCells {
    figures: Vec<CouncilFigures>,
    nets: Vec<Net>,
    trials: u64,
}

impl CouncilCells {
    pub fn new(plan: &Plan, res: &Results) -> Option<CouncilCells> {
        let out = of(plan, res)?;
        let figures = (0..plan.councils.len())
            .map(|i| figures::council(out, res.trials, i))
            .collect();
        let nets = (0..plan.options.len())
            .map(|o| figures::net(out, o, &res.options[o].trial_funding_pence, res.trials))
            .collect();
        Some(CouncilCells {
            figures,
            nets,
            trials: res.trials,
        })
    }

    /// The extra cells of option `o`, council `i`.
    pub fn row(&self, o: usize, i: usize) -> Vec<String> {
        let f = &self.figures[i];
        let stats = [
            f.bed_days_freed,
            f.bed_days_value,
            f.care_home_admissions,
            f.avoidable_admissions,
            f.avoidable_cost,
        ];
        let mut row = Vec::with_capacity(28);
        for (s, (_, is_money)) in stats.iter().zip(FIGURES) {
            let fmt = |x: f64| if is_money { money(x) } else { num(x) };
            row.extend([s.mean, s.se, s.p5, s.p50, s.p95].map(fmt));
        }
        let p = self.nets[o].p_penalty_cheaper[i];
        row.push(money(self.nets[o].stake[i]));
        row.push(num(p));
        let t = self.trials;
        let k = (p * t as f64).round();
        row.push(num(crate::stats::compare::binomial_se(k / t as f64, t)));
        row
    }
}

/// `summary.json` → `consequences`: one schema type, written by runs and
/// read back by the report (`report::load`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConsequencesJson {
    /// Days in the simulated window (beds = bed-days ÷ this).
    pub window_days: f64,
    pub assumptions: Vec<AssumptionJson>,
    pub national: National,
    pub options: Vec<OptionNetJson>,
    pub councils: Vec<CouncilJson>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AssumptionJson {
    pub key: String,
    pub value: String,
    pub source: String,
}

/// One option's net view, nationally.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OptionNetJson {
    pub id: String,
    /// Mean national funding at risk (pounds), as in `options[].funding_at_risk`.
    pub funding_at_risk_mean: f64,
    /// Mean national cost of compliance (pounds).
    pub avoidable_cost_mean: f64,
    /// Share of trials in which the national cost of compliance exceeded the funding at risk.
    pub p_penalty_cheaper: f64,
    /// Councils for which taking the penalty was cheaper in more than half the trials.
    pub councils_penalty_cheaper: usize,
    /// Per council: its stake if reviewed against its cost of compliance.
    pub councils: Vec<CouncilNetJson>,
}

/// One council's net view under one option.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CouncilNetJson {
    pub code: String,
    /// Mean stake if reviewed (pounds).
    pub stake_if_reviewed: f64,
    /// Mean cost of compliance (pounds).
    pub avoidable_cost: f64,
    pub p_penalty_cheaper: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CouncilJson {
    pub code: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: CouncilFigures,
}

/// The `consequences` object, or `None` when off.
pub fn json(plan: &Plan, res: &Results) -> Option<ConsequencesJson> {
    let out = of(plan, res)?;
    let c = plan.consequences.as_ref()?;
    let national = figures::national(out);
    let n = plan.councils.len();
    let mean_cost: Vec<f64> = (0..n)
        .map(|i| round2(out.tally.total(i, COST_PENCE) / res.trials.max(1) as f64))
        .collect();
    let options = plan
        .options
        .iter()
        .enumerate()
        .map(|(o, opt)| {
            let funding = &res.options[o].trial_funding_pence;
            let net = figures::net(out, o, funding, res.trials);
            let (mean, _) = crate::stats::summary::mean_var(funding, 100.0);
            OptionNetJson {
                id: opt.id.clone(),
                funding_at_risk_mean: round2(mean),
                avoidable_cost_mean: round2(national.avoidable_cost.mean),
                p_penalty_cheaper: net.national_p_penalty_cheaper,
                councils_penalty_cheaper: net
                    .p_penalty_cheaper
                    .iter()
                    .filter(|&&p| p > 0.5)
                    .count(),
                councils: (0..n)
                    .map(|i| CouncilNetJson {
                        code: plan.councils.code[i].clone(),
                        stake_if_reviewed: round2(net.stake[i]),
                        avoidable_cost: mean_cost[i],
                        p_penalty_cheaper: net.p_penalty_cheaper[i],
                    })
                    .collect(),
            }
        })
        .collect();
    let figs: Vec<CouncilFigures> = (0..plan.councils.len())
        .map(|i| tidy(figures::council(out, res.trials, i)))
        .collect();
    let councils = figs
        .iter()
        .enumerate()
        .map(|(i, f)| CouncilJson {
            code: plan.councils.code[i].clone(),
            name: plan.councils.name[i].clone(),
            figures: *f,
        })
        .collect();
    Some(ConsequencesJson {
        window_days: out.days,
        assumptions: c
            .assumptions
            .iter()
            .map(|a| AssumptionJson {
                key: a.key.clone(),
                value: a.value.clone(),
                source: a.source.clone(),
            })
            .collect(),
        national,
        options,
        councils,
    })
}

/// Six significant digits, money to the penny: readable JSON.
fn tidy(f: CouncilFigures) -> CouncilFigures {
    let sig = |s: Stat| {
        let r = |x: f64| {
            if x.is_finite() {
                crate::format::num(x).parse().unwrap_or(x)
            } else {
                x
            }
        };
        Stat {
            mean: r(s.mean),
            se: r(s.se),
            p5: r(s.p5),
            p50: r(s.p50),
            p95: r(s.p95),
        }
    };
    let pence = |s: Stat| Stat {
        mean: round2(s.mean),
        se: round2(s.se),
        p5: round2(s.p5),
        p50: round2(s.p50),
        p95: round2(s.p95),
    };
    CouncilFigures {
        bed_days_freed: sig(f.bed_days_freed),
        bed_days_value: pence(f.bed_days_value),
        care_home_admissions: sig(f.care_home_admissions),
        avoidable_admissions: sig(f.avoidable_admissions),
        avoidable_cost: pence(f.avoidable_cost),
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The terminal summary's line (`None` when off): beds freed and avoidable
/// admissions with their cost, as means with 90% intervals.
pub fn terminal_line(plan: &Plan, res: &Results) -> Option<String> {
    let out = of(plan, res)?;
    let n = figures::national(out);
    let (b, a, k) = (n.beds_freed, n.avoidable_admissions, n.avoidable_cost);
    Some(format!(
        "Cost of hitting the target: {:.0} beds freed (90%: {:.0}–{:.0}) at the cost of {:.0} avoidable care-home admissions ({:.0}–{:.0}), {} over their stay ({}–{})",
        b.mean,
        b.p5,
        b.p95,
        a.mean,
        a.p5,
        a.p95,
        pounds_short(k.mean),
        pounds_short(k.p5),
        pounds_short(k.p95)
    ))
}

/// A stat as "mean (p5–p95)".
pub fn interval(s: Stat, f: impl Fn(f64) -> String) -> String {
    format!("{} ({}–{})", f(s.mean), f(s.p5), f(s.p95))
}

/// Council `i`'s own line (for `ibcf stress --council`), `None` when off:
/// beds freed, avoidable admissions and their cost with 90% intervals, and
/// per option the share of futures in which the penalty was cheaper.
pub fn council_line(plan: &Plan, res: &Results, i: usize) -> Option<String> {
    let out = of(plan, res)?;
    let f = figures::council(out, res.trials, i);
    let beds = f.bed_days_freed.times(1.0 / out.days);
    let per_option: Vec<String> = plan
        .options
        .iter()
        .enumerate()
        .map(|(o, opt)| {
            let net = figures::net(out, o, &res.options[o].trial_funding_pence, res.trials);
            // Options by their labels, money by what the action does with it
            // (README, "What the money figure means").
            format!(
                "{:.0}% of futures under {} (money {})",
                100.0 * net.p_penalty_cheaper[i],
                crate::report::headline::short_name(&opt.id, &opt.label),
                crate::rules::money_words::phrase(opt.action)
            )
        })
        .collect();
    Some(format!(
        "Hitting the target: {} beds freed, {} avoidable care-home admissions costing {} over their stay (means, 90% intervals); taking the penalty would have been cheaper than complying in {}.",
        interval(beds, |x| format!("{x:.1}")),
        interval(f.avoidable_admissions, |x| format!("{x:.1}")),
        interval(f.avoidable_cost, pounds_short),
        per_option.join(", ")
    ))
}
