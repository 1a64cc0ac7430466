//! The cost of hitting the target (`[consequences]`) against closed forms:
//! no pull, nothing avoided; deterministic paths, the exact cost computed
//! here independently; cost linear in the weekly fee; and switching the
//! table on leaves every other figure bit-identical.

use ibcf::consequences::figures::{council, national};
use ibcf::consequences::tally::{BED_MILLI, COST_PENCE, PLACEMENTS_MILLI};
use ibcf::engine::{RunConfig, run};
use ibcf::scenario::plan::Consequences;
use ibcf::scenario::plan::{Action, CriterionKind, METRIC_ASC, METRIC_NHS, ModelKind, Plan, Share};
use ibcf::scenario::plan::{Placement, Readmission};
use ibcf::scenario::testkit;

fn params(n: usize) -> Consequences {
    Consequences {
        bed_day_cost: 313.0,
        mean_delay_days: 11.8,
        to_care_home: (0..n).map(|i| 0.3 + 0.1 * i as f64).collect(),
        nursing_share: (0..n).map(|i| 0.6 - 0.05 * i as f64).collect(),
        avoidable: 1.0 / 3.0,
        residential: Placement {
            weekly_fee: 600.0,
            stay_weeks: 78.0,
        },
        nursing: Placement {
            weekly_fee: 800.0,
            stay_weeks: 114.0,
        },
        readmission: Readmission::default(),
        drawn: Vec::new(),
        assumptions: Vec::new(),
    }
}

/// The rich test plan (noise, jumps, correlation, a bootstrapping council)
/// with consequences on.
fn rich(pull: f64) -> Plan {
    let mut p = testkit::rich_plan(3000);
    for t in &mut p.trajectories {
        t.pull = pull;
    }
    p.consequences = Some(params(p.councils.len()));
    p
}

#[test]
fn pull_zero_avoids_nothing_and_costs_nothing() {
    let p = rich(0.0);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let out = res.consequences.as_ref().expect("consequences on");
    for f in [BED_MILLI, PLACEMENTS_MILLI, COST_PENCE] {
        assert!(out.trial[f].iter().all(|&v| v == 0), "figure {f} not zero");
    }
    let t = &out.tally;
    assert!(t.sum.iter().chain(&t.sq).all(|&v| v == 0));
    // Nothing costs, so the penalty is never cheaper than complying.
    assert!(t.cheaper.iter().all(|&k| k == 0));
    let nat = national(out);
    assert_eq!(nat.avoidable_cost.mean, 0.0);
    assert_eq!(nat.beds_freed.p95, 0.0);
}

#[test]
fn a_pull_frees_beds_and_costs_placements() {
    let p = rich(0.3);
    let res = run(&p, &RunConfig::default()).expect("runs");
    let out = res.consequences.as_ref().expect("on");
    let nat = national(out);
    // Targets (4.0 asc) lie below most councils' rates: the pull frees beds.
    assert!(nat.bed_days_freed.mean > 0.0, "{:?}", nat.bed_days_freed);
    assert!(nat.avoidable_cost.mean > 0.0);
    // Avoidable admissions are `avoidable` of the placements, each trial's
    // national figure rounded once to a thousandth of a person.
    let (a, k) = (nat.avoidable_admissions, nat.care_home_admissions);
    assert!(
        (a.mean - k.mean / 3.0).abs() <= 0.0005 + 1e-12 * k.mean,
        "{a:?} vs {k:?}"
    );
    assert!((a.p95 - k.p95 / 3.0).abs() <= 0.0005 + 1e-12 * k.p95);
}

/// Switching consequences on changes nothing else: same decisions, money,
/// fan charts, bit for bit.
#[test]
fn consequences_on_leaves_other_results_identical() {
    let on = rich(0.2);
    let mut off = on.clone();
    off.consequences = None;
    let cfg = RunConfig {
        threads: Some(2),
        ..RunConfig::default()
    };
    let (a, b) = (run(&on, &cfg).expect("on"), run(&off, &cfg).expect("off"));
    assert!(a.consequences.is_some() && b.consequences.is_none());
    assert_eq!(a.options, b.options);
    // Paths hold NaN targets (NaN != NaN): compare them as text.
    assert_eq!(format!("{:?}", a.paths), format!("{:?}", b.paths));
    assert_eq!(a.criterion_fired, b.criterion_fired);
    // And the consequences themselves do not depend on threads or chunks.
    let one = RunConfig {
        threads: Some(1),
        chunk_size: 7,
        ..RunConfig::default()
    };
    // Histogram windows compare by their counts, whatever their extent.
    assert_eq!(run(&on, &one).expect("one").consequences, a.consequences);
}

/// Two councils, deterministic paths (no volatility, noise, drift or
/// seasonality), an asc target in September: the latent level is pulled
/// along the straight log-scale path to the target, the counterfactual
/// stays at the start. Everything is computed here from the formulas of
/// docs/CONSEQUENCES.md.
#[test]
fn deterministic_paths_give_the_exact_cost() {
    let (r0, target, pull, offset) = (6.0, 2.0, 0.3, 0.1);
    let mut p = testkit::plan(2, 1, 3, "2017-08", "2017-11", r0);
    let mut tr = testkit::trajectory(ModelKind::Deterministic, 0.0);
    tr.pull = pull;
    tr.offset = offset;
    testkit::set_trajectory(&mut p, &tr);
    p.councils.population_18plus = vec![100_000.0, 250_000.0];
    let tgt = testkit::add_target(&mut p, METRIC_ASC, "2017-09", target);
    let kind = CriterionKind::MissedTarget {
        target: tgt,
        tolerance: 0.0,
    };
    testkit::add_criterion(&mut p, "missed", kind, METRIC_ASC, "2017-09", 1);
    testkit::add_option(
        &mut p,
        "flat",
        "missed",
        Action::Withhold,
        Share::Flat(0.33),
    );
    p.trials = 50;
    let c = params(2);
    p.consequences = Some(c.clone());
    let res = run(&p, &RunConfig::default()).expect("runs");
    let out = res.consequences.as_ref().expect("on");

    // Independent computation.
    let y0 = (r0 + offset).ln();
    let yt = (target + offset).ln();
    let tau = [y0 + 0.5 * (yt - y0), yt, yt, yt]; // Aug (half way), Sep, Oct, Nov
    let days = [31.0, 30.0, 31.0, 30.0];
    let mut y = y0;
    let mut rate_days = 0.0; // sum over months of (r0 - rate_t) * days
    for (t, d) in tau.iter().zip(days) {
        y += pull * (t - y);
        rate_days += (r0 - (y.exp() - offset)) * d;
    }
    let mut want_cost_pence = 0i64;
    let mut slack = 0.0;
    for i in 0..2 {
        let pop = p.councils.population_18plus[i];
        let social = rate_days * pop / 100_000.0; // only asc is pulled
        let placements = social * c.to_care_home[i] / c.mean_delay_days;
        let ns = c.nursing_share[i];
        let lifetime = (1.0 - ns) * 600.0 * 78.0 + ns * 800.0 * 114.0;
        let cost = placements / 3.0 * lifetime;
        let f = council(out, res.trials, i);
        // Days are tallied in thousandths: allow half of one, times the
        // figure's multiple, plus a penny for money.
        let close = |got: f64, want: f64, per_day: f64| {
            assert!(
                (got - want).abs() <= 0.0005 * per_day + 0.005 + 1e-9 * want.abs(),
                "council {i}: {got} vs {want}"
            )
        };
        let per_day = c.to_care_home[i] / c.mean_delay_days;
        close(f.bed_days_freed.mean, social, 1.0);
        close(f.care_home_admissions.mean, placements, per_day);
        close(f.avoidable_admissions.mean, placements / 3.0, per_day / 3.0);
        close(f.avoidable_cost.mean, cost, per_day / 3.0 * lifetime);
        close(f.bed_days_value.mean, social * 313.0, 313.0);
        slack += 0.0005 * per_day / 3.0 * lifetime * 100.0 + 1.0;
        assert_eq!(f.bed_days_freed.se, 0.0, "deterministic: no spread");
        // Histogram quantiles: within half a 1% bin.
        assert!((f.avoidable_cost.p95 / cost - 1.0).abs() < 0.006);
        want_cost_pence += (cost * 100.0).round() as i64;
        // The stake is 33% of the allocation; the cost is compared with it.
        let stake = 0.33 * (i + 1) as f64 * 1.0e6;
        let cheaper = out.tally.cheaper[i];
        assert_eq!(cheaper, if cost > stake { 50 } else { 0 });
    }
    for &v in &out.trial[COST_PENCE] {
        assert!(
            (v - want_cost_pence).abs() as f64 <= slack,
            "{v} vs {want_cost_pence}"
        );
    }
}

#[test]
fn doubling_the_weekly_fees_doubles_the_cost() {
    let p1 = rich(0.25);
    let mut p2 = p1.clone();
    if let Some(c) = &mut p2.consequences {
        c.residential.weekly_fee *= 2.0;
        c.nursing.weekly_fee *= 2.0;
    }
    let cfg = RunConfig::default();
    let (a, b) = (run(&p1, &cfg).expect("1"), run(&p2, &cfg).expect("2"));
    let (a, b) = (a.consequences.expect("on"), b.consequences.expect("on"));
    let n = p1.councils.len() as i64;
    let mut positive = 0;
    for (x, y) in a.trial[COST_PENCE].iter().zip(&b.trial[COST_PENCE]) {
        // Each council's cost is rounded to the penny once.
        assert!((y - 2 * x).abs() <= n, "{y} vs 2 × {x}");
        positive += usize::from(*x > 0);
    }
    assert!(positive > 100, "costs are not all zero");
    // Beds and placements do not depend on the fee.
    assert_eq!(a.trial[BED_MILLI], b.trial[BED_MILLI]);
    assert_eq!(a.trial[PLACEMENTS_MILLI], b.trial[PLACEMENTS_MILLI]);
}

/// A pull on the NHS stream (a target on `nhs`) frees NHS beds but makes
/// no care-home placements: those come from social-care days only.
#[test]
fn nhs_days_avoided_free_beds_but_place_nobody() {
    let mut p = testkit::plan(3, 1, 3, "2017-08", "2017-11", 6.0);
    let mut tr = testkit::trajectory(ModelKind::LogAr1, 0.05);
    tr.pull = 0.3;
    testkit::set_trajectory(&mut p, &tr);
    testkit::add_target(&mut p, METRIC_NHS, "2017-09", 2.0);
    p.trials = 200;
    p.consequences = Some(params(3));
    let res = run(&p, &RunConfig::default()).expect("runs");
    let out = res.consequences.expect("on");
    assert!(out.trial[BED_MILLI].iter().all(|&v| v > 0));
    assert!(out.trial[PLACEMENTS_MILLI].iter().all(|&v| v == 0));
    assert!(out.trial[COST_PENCE].iter().all(|&v| v == 0));
}
