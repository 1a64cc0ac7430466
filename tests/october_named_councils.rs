//! The October 2017 translations of `scenarios/november-2017` against the
//! councils the press tied to the letter (README §5, DECISIONS #57):
//! Staffordshire, Leicestershire, Lancashire. Which of them each October
//! option picks on July 2017 data is computed by the program's own replay
//! (`rules::replay`, the trial code on history), checked council by council
//! against an independent computation from the CSV files, and pinned to what
//! the README says.

use ibcf::rules::replay::replay;
use ibcf::scenario::plan::Plan;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const STAFFORDSHIRE: &str = "E10000028";
const LEICESTERSHIRE: &str = "E10000018";
const LANCASHIRE: &str = "E10000017";

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017")
}

/// Rates `[nhs, asc, both]` by (code, month), and populations, from the CSV files.
type Rates = BTreeMap<(String, String), [f64; 3]>;

fn data() -> (Vec<String>, Rates) {
    let dir = scenario().join("data");
    let mut pop = BTreeMap::new();
    let mut codes = Vec::new();
    let mut rdr = csv::Reader::from_path(dir.join("councils.csv")).expect("councils");
    for r in rdr.records() {
        let r = r.expect("row");
        codes.push(r[0].to_string());
        pop.insert(r[0].to_string(), r[3].parse::<f64>().expect("pop"));
    }
    let days = |m: &str| match &m[5..] {
        "02" => 28.0,
        "04" | "06" | "09" | "11" => 30.0,
        _ => 31.0,
    };
    let mut rates = Rates::new();
    let mut rdr = csv::Reader::from_path(dir.join("history.csv")).expect("history");
    for r in rdr.records() {
        let r = r.expect("row");
        let p = pop[&r[0]];
        let v = |k: usize| r[k].parse::<f64>().expect("days") / days(&r[1]) / p * 1e5;
        rates.insert((r[0].to_string(), r[1].to_string()), [v(2), v(3), v(4)]);
    }
    (codes, rates)
}

/// The October rules on May–July 2017, written out here: bottom quartile of
/// the total rate (3-month mean) and (gap over 50% or Feb–Apr to May–Jul
/// worsening); the gap is to the social-care expectation (`asc`) or to the
/// whole-system one (`total`).
fn independent(codes: &[String], r: &Rates, gap_to: &str) -> Vec<bool> {
    let mean = |c: &str, ms: [&str; 3], f: &dyn Fn([f64; 3]) -> f64| {
        ms.iter()
            .map(|m| f(r[&(c.to_string(), (*m).to_string())]))
            .sum::<f64>()
            / 3.0
    };
    let total = |v: [f64; 3]| v[0] + v[1] + v[2];
    let (now, before) = (
        ["2017-05", "2017-06", "2017-07"],
        ["2017-02", "2017-03", "2017-04"],
    );
    let tot: Vec<f64> = codes.iter().map(|c| mean(c, now, &total)).collect();
    let mut order: Vec<usize> = (0..codes.len()).collect();
    order.sort_by(|&a, &b| tot[b].total_cmp(&tot[a]).then(a.cmp(&b)));
    let k = (codes.len() as f64 * 0.25).ceil() as usize;
    let mut quartile = vec![false; codes.len()];
    order[..k].iter().for_each(|&i| quartile[i] = true);
    codes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let feb = r[&(c.clone(), "2017-02".to_string())];
            let gap = match gap_to {
                "asc" => {
                    mean(c, now, &|v| v[1]) > 1.5 * (feb[1] * (1.0 - 0.667)).max(feb[1].min(2.6))
                }
                _ => tot[i] > 1.5 * total(feb).min(9.4),
            };
            let worse = tot[i] > mean(c, before, &total);
            quartile[i] && (gap || worse)
        })
        .collect()
}

fn option(plan: &Plan, id: &str) -> usize {
    plan.options
        .iter()
        .position(|o| o.id == id)
        .unwrap_or_else(|| panic!("no option {id}"))
}

#[test]
fn october_options_on_july_2017_pick_staffordshire_and_lancashire_not_leicestershire() {
    let plan = ibcf::load(&scenario(), &[]).expect("scenario loads");
    let (codes, rates) = data();
    assert_eq!(plan.councils.code, codes);
    let at = |c: &str| codes.iter().position(|x| x == c).expect("council");
    for (id, gap_to, count) in [
        ("october-letter", "asc", 33),
        ("october-whole-system", "total", 38),
    ] {
        let r = replay(&plan, option(&plan, id)).expect("the rule reads criteria");
        assert_eq!(r.shift, -2, "{id}: September criteria read as July");
        let want = independent(&codes, &rates, gap_to);
        for (i, c) in codes.iter().enumerate() {
            assert_eq!(r.reviewed[i], want[i], "{id}: {c}");
        }
        // What the README (§5) and DECISIONS #57 say.
        assert_eq!(r.count(), count, "{id}");
        assert!(r.reviewed[at(STAFFORDSHIRE)], "{id}: Staffordshire");
        assert!(r.reviewed[at(LANCASHIRE)], "{id}: Lancashire");
        assert!(!r.reviewed[at(LEICESTERSHIRE)], "{id}: Leicestershire");
    }
}

/// The replay is the trial code: a rule that reads only observed months,
/// run by the engine with every trial identical, reviews exactly the
/// councils the replay names.
#[test]
fn replay_matches_the_engine_when_every_month_is_observed() {
    // The social-care target moves to July with the criteria that read it
    // (its values do not depend on the month), so the loader finds it there.
    let sets: Vec<String> = [
        "targets.rule.0.month=2017-07",
        "criteria.missed_september.month=2017-07",
        "criteria.funnel_september.month=2017-07",
        "criteria.oct_bottom_quartile.month=2017-07",
        "criteria.oct_gap_asc.month=2017-07",
        "criteria.oct_worsening.month=2017-07",
        "simulation.trials=16",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    let plan = ibcf::load(&scenario(), &sets).expect("scenario loads");
    let o = option(&plan, "october-letter");
    let r = replay(&plan, o).expect("replays");
    assert_eq!(r.shift, 0);
    let res = ibcf::engine::run(&plan, &ibcf::RunConfig::default()).expect("runs");
    for i in 0..plan.councils.len() {
        let n = res.options[o].reviewed[i];
        assert_eq!(
            n,
            if r.reviewed[i] { 16 } else { 0 },
            "{}",
            plan.councils.code[i]
        );
    }
}
