//! Options and money: who is reviewed, the amount at risk, and each council's
//! net change, in integer pence. Redistribution nets to zero to the penny.

use crate::scenario::plan::{Action, Plan, PolicyOption, RedistributeTo, Share};

/// Per-run constants for the money rules.
#[derive(Debug, Clone)]
pub struct MoneyConsts {
    /// Council indices by allocation, largest first (index breaks ties):
    /// the order in which remainder pence are handed out.
    pub by_allocation: Vec<usize>,
    /// `[o][i]`: the amount at risk if council `i` is reviewed under option
    /// `o` with a flat share (empty for graduated options), so the trial
    /// loop does no floating-point rounding for flat shares.
    pub flat_amount: Vec<Vec<i64>>,
}

impl MoneyConsts {
    pub fn new(plan: &Plan) -> MoneyConsts {
        let alloc = &plan.councils.allocation_pence;
        let mut by_allocation: Vec<usize> = (0..alloc.len()).collect();
        by_allocation.sort_by(|&a, &b| alloc[b].cmp(&alloc[a]).then(a.cmp(&b)));
        let flat_amount = plan
            .options
            .iter()
            .map(|opt| match opt.share {
                Share::Flat(_) => alloc.iter().map(|&a| amount(opt, a, &[])).collect(),
                Share::Graduated { .. } => Vec::new(),
            })
            .collect();
        MoneyConsts {
            by_allocation,
            flat_amount,
        }
    }
}

/// One option's outcome for one trial, written into caller-owned buffers.
pub struct Outcome<'a> {
    pub reviewed: &'a mut [bool],
    pub amount: &'a mut [i64],
    pub net: &'a mut [i64],
}

/// Share interpolated linearly over `points` (gap, share), clamped at the ends.
/// A missing gap (`NaN`) takes the first point's share.
pub fn graduated_share(points: &[(f64, f64)], gap: f64) -> f64 {
    let Some(&(g0, s0)) = points.first() else {
        return 0.0;
    };
    if gap.is_nan() || gap <= g0 {
        return s0;
    }
    for w in points.windows(2) {
        let ((ga, sa), (gb, sb)) = (w[0], w[1]);
        if gap <= gb {
            return if gb > ga {
                sa + (gap - ga) / (gb - ga) * (sb - sa)
            } else {
                sb
            };
        }
    }
    points.last().map_or(s0, |p| p.1)
}

/// Applies option `o` to one trial. `fired` and `gaps` are `[i * n_crit + c]`.
/// Returns the national funding at risk (pence).
pub fn apply(
    plan: &Plan,
    mc: &MoneyConsts,
    o: usize,
    fired: &[bool],
    gaps: &[f64],
    out: Outcome<'_>,
) -> i64 {
    let nc = plan.criteria.len();
    for (i, r) in out.reviewed.iter_mut().enumerate() {
        *r = plan.options[o].rule.eval(&fired[i * nc..(i + 1) * nc]);
    }
    settle(plan, mc, o, fired, gaps, out)
}

/// The money of option `o` for councils already marked in `out.reviewed`
/// (by the rule, however evaluated). Returns the national funding at risk.
pub fn settle(
    plan: &Plan,
    mc: &MoneyConsts,
    o: usize,
    fired: &[bool],
    gaps: &[f64],
    out: Outcome<'_>,
) -> i64 {
    let opt = &plan.options[o];
    let nc = plan.criteria.len();
    let alloc = &plan.councils.allocation_pence;
    let flat = &mc.flat_amount[o];
    let mut total: i64 = 0;
    for i in 0..alloc.len() {
        let rev = out.reviewed[i];
        let amt = match (rev, flat.is_empty()) {
            (false, _) => 0,
            (true, false) => flat[i],
            (true, true) => amount(opt, alloc[i], &gaps[i * nc..(i + 1) * nc]),
        };
        out.amount[i] = amt;
        total = total.saturating_add(amt);
        out.net[i] = match opt.action {
            Action::Condition => 0,
            Action::Withhold | Action::Redistribute => -amt,
        };
    }
    if opt.action == Action::Redistribute {
        redistribute(mc, opt, alloc, fired, nc, total, out.reviewed, out.net);
    }
    total
}

/// Amount at risk for a reviewed council: share × allocation, rounded to the
/// penny, then capped.
fn amount(opt: &PolicyOption, alloc: i64, gaps: &[f64]) -> i64 {
    let share = match &opt.share {
        Share::Flat(s) => *s,
        Share::Graduated { criterion, points } => graduated_share(points, gaps[*criterion]),
    };
    let a = (share.clamp(0.0, 1.0) * alloc as f64).round() as i64;
    opt.cap_pence.map_or(a, |cap| a.min(cap.max(0)))
}

/// What option `o` would put at risk for council `i` were it reviewed in
/// this trial (`gaps` is the council's `[criterion]` slice): its stake,
/// the "money at risk if it misses" of the consequences' net view.
pub fn stake(plan: &Plan, mc: &MoneyConsts, o: usize, i: usize, gaps: &[f64]) -> i64 {
    match mc.flat_amount[o].get(i) {
        Some(&a) => a,
        None => amount(&plan.options[o], plan.councils.allocation_pence[i], gaps),
    }
}

/// Hands the pool to recipients pro rata to allocation (floor), then the
/// remainder one penny each to the largest recipients. With no recipient
/// (or an empty pool) nothing moves: every net change is 0.
#[allow(clippy::too_many_arguments)]
fn redistribute(
    mc: &MoneyConsts,
    opt: &PolicyOption,
    alloc: &[i64],
    fired: &[bool],
    nc: usize,
    pool: i64,
    reviewed: &[bool],
    net: &mut [i64],
) {
    let is_recipient = |i: usize| match opt.redistribute_to {
        RedistributeTo::NotReviewed => !reviewed[i],
        RedistributeTo::MetTarget { criterion } => !fired[i * nc + criterion],
    } && alloc[i] > 0;
    let base: i128 = (0..alloc.len())
        .filter(|&i| is_recipient(i))
        .map(|i| i128::from(alloc[i]))
        .sum();
    if pool == 0 || base == 0 {
        net.iter_mut().for_each(|x| *x = 0);
        return;
    }
    let mut given: i128 = 0;
    for i in 0..alloc.len() {
        if is_recipient(i) {
            let share = i128::from(pool) * i128::from(alloc[i]) / base;
            given += share;
            net[i] += share as i64;
        }
    }
    let mut rem = i128::from(pool) - given;
    for &i in &mc.by_allocation {
        if rem == 0 {
            break;
        }
        if is_recipient(i) {
            net[i] += 1;
            rem -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::plan::{CriterionKind, METRIC_ASC};
    use crate::scenario::testkit;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Random review patterns and awkward allocations: every trial nets to 0p.
    #[test]
    fn redistribution_nets_to_zero_every_trial() {
        let mut p = testkit::plan(9, 1, 3, "2017-08", "2017-09", 3.0);
        p.councils.allocation_pence = vec![1, 7, 13, 999, 100_003, 0, 5, 77_777_777, 31];
        testkit::add_criterion(
            &mut p,
            "a",
            CriterionKind::AboveRate { threshold: 1.0 },
            METRIC_ASC,
            "2017-09",
            1,
        );
        let share = Share::Graduated {
            criterion: 0,
            points: vec![(0.0, 0.1), (1.0, 0.7)],
        };
        testkit::add_option(&mut p, "r", "a", Action::Redistribute, share);
        let mc = MoneyConsts::new(&p);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let (mut rev, mut amt, mut net) = (vec![false; 9], vec![0; 9], vec![0; 9]);
        for _ in 0..2000 {
            let fired: Vec<bool> = (0..9).map(|_| rng.random::<f64>() < 0.4).collect();
            let gaps: Vec<f64> = (0..9).map(|_| rng.random::<f64>() * 1.5 - 0.2).collect();
            let out = Outcome {
                reviewed: &mut rev,
                amount: &mut amt,
                net: &mut net,
            };
            let total = apply(&p, &mc, 0, &fired, &gaps, out);
            assert_eq!(net.iter().sum::<i64>(), 0, "fired {fired:?}");
            assert_eq!(total, amt.iter().sum::<i64>());
            for i in 0..9 {
                assert!(!rev[i] || net[i] <= 0, "a reviewed council cannot gain");
            }
        }
    }

    #[test]
    fn graduated_share_interpolates_and_clamps() {
        let pts = [(0.0, 0.1), (0.5, 0.3), (1.0, 0.5)];
        assert_eq!(graduated_share(&pts, -1.0), 0.1);
        assert!((graduated_share(&pts, 0.25) - 0.2).abs() < 1e-12);
        assert!((graduated_share(&pts, 0.75) - 0.4).abs() < 1e-12);
        assert_eq!(graduated_share(&pts, 9.0), 0.5);
    }

    /// Caps bind per council; `met_target` pays only councils whose target
    /// criterion is false, and still nets to zero.
    #[test]
    fn cap_and_met_target_recipients() {
        let mut p = testkit::plan(4, 1, 3, "2017-08", "2017-09", 3.0);
        p.councils.allocation_pence = vec![1_000_000, 2_000_000, 3_000_001, 4_000_000];
        let kind = CriterionKind::AboveRate { threshold: 1.0 };
        testkit::add_criterion(&mut p, "missed", kind.clone(), METRIC_ASC, "2017-09", 1);
        testkit::add_criterion(&mut p, "other", kind, METRIC_ASC, "2017-09", 1);
        testkit::add_option(&mut p, "r", "other", Action::Redistribute, Share::Flat(0.5));
        p.options[0].cap_pence = Some(1_200_000);
        p.options[0].redistribute_to = RedistributeTo::MetTarget { criterion: 0 };
        let mc = MoneyConsts::new(&p);
        // [missed, other] per council: 0 reviewed & missed, 1 reviewed & met,
        // 2 not reviewed & missed, 3 not reviewed & met.
        let fired = [true, true, false, true, true, false, false, false];
        let gaps = [f64::NAN; 8];
        let (mut rev, mut amt, mut net) = (vec![false; 4], vec![0; 4], vec![0; 4]);
        let out = Outcome {
            reviewed: &mut rev,
            amount: &mut amt,
            net: &mut net,
        };
        let total = apply(&p, &mc, 0, &fired, &gaps, out);
        assert_eq!(amt, vec![500_000, 1_000_000, 0, 0]);
        assert_eq!(total, 1_500_000);
        // Recipients: councils 1 and 3 (allocations 2m and 4m): 1/3 and 2/3.
        assert_eq!(net, vec![-500_000, -1_000_000 + 500_000, 0, 1_000_000]);
        p.options[0].share = Share::Flat(0.9);
        // Per-run constants follow the plan they were built from.
        let mc = MoneyConsts::new(&p);
        let out = Outcome {
            reviewed: &mut rev,
            amount: &mut amt,
            net: &mut net,
        };
        apply(&p, &mc, 0, &fired, &gaps, out);
        assert_eq!(
            amt,
            vec![900_000, 1_200_000, 0, 0],
            "cap binds on council 1"
        );
        assert_eq!(net.iter().sum::<i64>(), 0);
    }
}
