//! The trial loop of `engine::variants`: one worker simulates a trial once,
//! evaluates the union of the variants' criteria on its observed and latent
//! rates, turns each criterion into a bit set of councils, evaluates every
//! distinct *decision* (a rule and the intent it is scored against, both
//! over the union) once for all councils, and sums each variant option's
//! money over its reviewed councils. Integer tallies only, so workers merge
//! exactly in any order.

use super::decider::criteria;
use super::shared::Shared;
use super::table::MetricTable;
use super::trial::TrialModel;
use super::variants::{FIGURES, Keep, VariantTally};
use crate::consequences::tally as cons;
use crate::rules::bits::{self, Bits, WORDS};
use crate::rules::criteria::CritScratch;
use crate::rules::money::{MoneyConsts, stake};
use crate::scenario::expr::Expr;
use crate::scenario::plan::Plan;
use crate::stats::Moments;

/// `e` with each criterion index `c` replaced by `map[c]`.
fn remap(e: &Expr, map: &[usize]) -> Expr {
    match e {
        Expr::Const(b) => Expr::Const(*b),
        Expr::Crit(c) => Expr::Crit(map[*c]),
        Expr::Not(x) => Expr::Not(Box::new(remap(x, map))),
        Expr::And(es) => Expr::And(es.iter().map(|x| remap(x, map)).collect()),
        Expr::Or(es) => Expr::Or(es.iter().map(|x| remap(x, map)).collect()),
        Expr::AtLeast(k, es) => Expr::AtLeast(*k, es.iter().map(|x| remap(x, map)).collect()),
    }
}

/// One variant option's money: its decision and how its amounts are read.
struct OptionMoney<'a> {
    decision: usize,
    plan: &'a Plan,
    option: usize,
    money: MoneyConsts,
    /// The variant's criteria as union indices (graduated shares read gaps).
    map: &'a [usize],
}

/// The distinct decisions of all variants, and which each option uses.
pub struct Decisions<'a> {
    /// (rule, deserved) over the union's criteria.
    rules: Vec<(Expr, Expr)>,
    /// Per variant, per option.
    options: Vec<Vec<OptionMoney<'a>>>,
}

impl<'a> Decisions<'a> {
    /// `maps[v]`: variant `v`'s criteria as union indices.
    pub fn new(variants: &'a [Plan], maps: &'a [Vec<usize>]) -> Decisions<'a> {
        let mut rules: Vec<(Expr, Expr)> = Vec::new();
        let options = variants
            .iter()
            .zip(maps)
            .map(|(plan, map)| {
                let money = MoneyConsts::new(plan);
                (0..plan.options.len())
                    .map(|o| {
                        let rule = remap(&plan.options[o].rule, map);
                        let deserved = plan
                            .fairness_intent
                            .as_ref()
                            .map_or_else(|| rule.clone(), |e| remap(e, map));
                        let key = (rule, deserved);
                        let decision = rules.iter().position(|r| *r == key).unwrap_or_else(|| {
                            rules.push(key);
                            rules.len() - 1
                        });
                        OptionMoney {
                            decision,
                            plan,
                            option: o,
                            money: money.clone(),
                            map,
                        }
                    })
                    .collect()
            })
            .collect();
        Decisions { rules, options }
    }
}

/// One decision's tallies: per council trials reviewed, wrongly reviewed,
/// wrongly spared; moments of the counts reviewed, rightly, wrongly, spared.
#[derive(Clone)]
struct DecisionTally {
    reviewed: Vec<u64>,
    wrongly_reviewed: Vec<u64>,
    wrongly_spared: Vec<u64>,
    moments: [Moments; 4],
}

/// One worker: its trial step, the union's scratch and every tally.
pub struct Worker {
    n: usize,
    model: TrialModel,
    crit: CritScratch,
    ranked: Vec<(f64, usize)>,
    table: MetricTable,
    latent_table: MetricTable,
    fired: Vec<bool>,
    gaps: Vec<f64>,
    latent_fired: Vec<bool>,
    latent_gaps: Vec<f64>,
    /// Per union criterion: the councils it fired for (observed, latent).
    cols: Vec<Bits>,
    latent_cols: Vec<Bits>,
    /// Per decision, this trial: (reviewed, deserved).
    decided: Vec<(Bits, Bits)>,
    row: Vec<f64>,
    decisions: Vec<DecisionTally>,
    /// Per variant, per option: moments of funding and wrong funding (pence).
    money: Vec<Vec<[Moments; 2]>>,
    /// With [`Keep::values`]: per variant, `[2 * o]` each trial's councils
    /// reviewed, `[2 * o + 1]` its funding (pence), in the order simulated.
    values: Vec<Vec<Vec<i64>>>,
    /// With [`Keep::consequences`] and `[consequences]`: the per-council
    /// scratch `consequences::tally::record` needs, and the moments kept.
    cons: Option<ConsScratch>,
}

/// The consequences' per-trial work a shared run keeps only the national
/// moments of.
struct ConsScratch {
    tally: cons::Tally,
    cost: Vec<i64>,
    figures: Vec<i64>,
    moments: Vec<Moments>,
}

impl Worker {
    pub fn new(sh: &Shared<'_>, dec: &Decisions<'_>, keep: Keep) -> Worker {
        let n = sh.plan.councils.len();
        let cons = match (&sh.plan.consequences, keep.consequences) {
            (Some(c), true) => Some(ConsScratch {
                tally: cons::Tally::new(c, n, 0),
                cost: vec![0; n],
                figures: vec![0; cons::N_FIGURES],
                moments: vec![Moments::default(); cons::N_FIGURES],
            }),
            _ => None,
        };
        let nu = sh.plan.criteria.len();
        let tally = DecisionTally {
            reviewed: vec![0; n],
            wrongly_reviewed: vec![0; n],
            wrongly_spared: vec![0; n],
            moments: [Moments::default(); 4],
        };
        Worker {
            n,
            model: TrialModel::new(sh.plan, &sh.prep, cons.is_some()),
            crit: CritScratch::default(),
            ranked: Vec::with_capacity(n),
            table: sh.table.clone(),
            latent_table: sh.table.clone(),
            fired: vec![false; n * nu],
            gaps: vec![f64::NAN; n * nu],
            latent_fired: vec![false; n * nu],
            latent_gaps: vec![f64::NAN; n * nu],
            cols: vec![[0; WORDS]; nu],
            latent_cols: vec![[0; WORDS]; nu],
            decided: vec![([0; WORDS], [0; WORDS]); dec.rules.len()],
            row: Vec::new(),
            decisions: vec![tally; dec.rules.len()],
            money: (dec.options.iter())
                .map(|os| vec![[Moments::default(); 2]; os.len()])
                .collect(),
            values: match keep.values {
                true => (dec.options.iter())
                    .map(|os| vec![Vec::new(); 2 * os.len()])
                    .collect(),
                false => Vec::new(),
            },
            cons,
        }
    }

    /// Simulates, decides and tallies trial `trial`.
    pub fn trial(&mut self, sh: &Shared<'_>, dec: &Decisions<'_>, trial: u64) {
        let plan = sh.plan;
        let (n, nu) = (plan.councils.len(), plan.criteria.len());
        let months = sh.prep.months;
        let tr = self.model.simulate(plan, &sh.prep, trial);
        if let (Some(c), Some(cs)) = (&plan.consequences, &mut self.cons) {
            let (with, without) = (tr.expected(), tr.expected_without_pull());
            let (t, cost, figs) = (&mut cs.tally, &mut cs.cost, &mut cs.figures);
            cons::record(
                c,
                tr.draws,
                tr.prep,
                with,
                without,
                sh.window_days,
                t,
                cost,
                figs,
                // Only the national figures are kept here.
                cons::HistRow::Skip,
            );
            cs.moments
                .iter_mut()
                .zip(figs.iter())
                .for_each(|(m, &v)| m.add(v));
        }
        let (crit, ranked) = (&mut self.crit, &mut self.ranked);
        self.table.fill(plan, tr.sim);
        let (t, f, g) = (&self.table, &mut self.fired, &mut self.gaps);
        criteria(sh, tr.targets, t, tr.sim, months, crit, ranked, f, g);
        let expected = tr.expected();
        self.latent_table.fill(plan, expected);
        let (t, f, g) = (
            &self.latent_table,
            &mut self.latent_fired,
            &mut self.latent_gaps,
        );
        criteria(sh, tr.targets, t, expected, months, crit, ranked, f, g);
        columns(&self.fired, n, nu, &mut self.cols);
        columns(&self.latent_fired, n, nu, &mut self.latent_cols);
        let everyone = bits::all(n);
        for (k, (rule, deserved)) in dec.rules.iter().enumerate() {
            let r = bits::eval(rule, &|u| self.cols[u], everyone);
            let d = bits::eval(deserved, &|u| self.latent_cols[u], everyone);
            let (wrong, spared) = (bits::and_not(r, d), bits::and_not(d, r));
            let t = &mut self.decisions[k];
            bits::each(&r, |i| t.reviewed[i] += 1);
            bits::each(&wrong, |i| t.wrongly_reviewed[i] += 1);
            bits::each(&spared, |i| t.wrongly_spared[i] += 1);
            let counts = [r, bits::and(r, d), wrong, spared].map(|b| i64::from(bits::count(&b)));
            for (m, c) in t.moments.iter_mut().zip(counts) {
                m.add(c);
            }
            self.decided[k] = (r, d);
        }
        for (v, (os, ms)) in dec.options.iter().zip(&mut self.money).enumerate() {
            for (o, (om, m)) in os.iter().zip(ms.iter_mut()).enumerate() {
                let (r, d) = self.decided[om.decision];
                let wrong = bits::and_not(r, d);
                let (mut funding, mut wrong_funding) = (0i64, 0i64);
                let flat = &om.money.flat_amount[om.option];
                if flat.is_empty() {
                    let row = &mut self.row;
                    let gaps = &self.gaps;
                    bits::each(&r, |i| {
                        row.clear();
                        row.extend(om.map.iter().map(|&u| gaps[i * nu + u]));
                        let a = stake(om.plan, &om.money, om.option, i, row);
                        funding = funding.saturating_add(a);
                    });
                    bits::each(&wrong, |i| {
                        row.clear();
                        row.extend(om.map.iter().map(|&u| gaps[i * nu + u]));
                        wrong_funding += stake(om.plan, &om.money, om.option, i, row);
                    });
                } else {
                    bits::each(&r, |i| funding = funding.saturating_add(flat[i]));
                    bits::each(&wrong, |i| wrong_funding += flat[i]);
                }
                m[0].add(funding);
                m[1].add(wrong_funding);
                if let Some(vs) = self.values.get_mut(v) {
                    vs[2 * o].push(i64::from(bits::count(&r)));
                    vs[2 * o + 1].push(funding);
                }
            }
        }
    }

    /// Adds another worker's tallies (same decisions).
    pub fn merge(&mut self, o: &Worker) {
        for (x, y) in self.decisions.iter_mut().zip(&o.decisions) {
            let pairs = [
                (&mut x.reviewed, &y.reviewed),
                (&mut x.wrongly_reviewed, &y.wrongly_reviewed),
                (&mut x.wrongly_spared, &y.wrongly_spared),
            ];
            for (a, b) in pairs {
                a.iter_mut().zip(b).for_each(|(p, q)| *p += q);
            }
            for (a, b) in x.moments.iter_mut().zip(&y.moments) {
                a.merge(b);
            }
        }
        for (xs, ys) in self.money.iter_mut().zip(&o.money) {
            for (x, y) in xs.iter_mut().zip(ys) {
                x[0].merge(&y[0]);
                x[1].merge(&y[1]);
            }
        }
        for (xs, ys) in self.values.iter_mut().zip(&o.values) {
            for (x, y) in xs.iter_mut().zip(ys) {
                x.extend_from_slice(y);
            }
        }
        if let (Some(x), Some(y)) = (&mut self.cons, &o.cons) {
            x.moments
                .iter_mut()
                .zip(&y.moments)
                .for_each(|(a, b)| a.merge(b));
        }
    }

    /// Each variant's tally, from the decisions its options use.
    pub fn tallies(&self, dec: &Decisions<'_>) -> Vec<VariantTally> {
        let n = self.n;
        dec.options
            .iter()
            .zip(&self.money)
            .enumerate()
            .map(|(v, (os, ms))| {
                let mut t = VariantTally::new(n, os.len());
                if let Some(vs) = self.values.get(v) {
                    t.values = vs.clone();
                    t.values.iter_mut().for_each(|x| x.sort_unstable());
                }
                if let Some(c) = &self.cons {
                    t.consequences = c.moments.clone();
                }
                for (o, (om, m)) in os.iter().zip(ms).enumerate() {
                    let d = &self.decisions[om.decision];
                    t.reviewed[o * n..(o + 1) * n].copy_from_slice(&d.reviewed);
                    t.wrongly_reviewed[o * n..(o + 1) * n].copy_from_slice(&d.wrongly_reviewed);
                    t.wrongly_spared[o * n..(o + 1) * n].copy_from_slice(&d.wrongly_spared);
                    let [count, right, wrong, spared] = d.moments;
                    let figs = [count, m[0], right, wrong, spared, m[1]];
                    t.moments[o * FIGURES.len()..(o + 1) * FIGURES.len()].copy_from_slice(&figs);
                }
                t
            })
            .collect()
    }
}

/// Per criterion, the set of councils it fired for (`fired[i * nu + u]`).
fn columns(fired: &[bool], n: usize, nu: usize, cols: &mut [Bits]) {
    cols.iter_mut().for_each(|c| *c = [0; WORDS]);
    for i in 0..n {
        let (w, b) = (i / 64, 1u64 << (i % 64));
        for (u, &f) in fired[i * nu..(i + 1) * nu].iter().enumerate() {
            if f {
                cols[u][w] |= b;
            }
        }
    }
}
