//! The NHS half of the July 2017 expectations in `scenarios/november-2017`
//! (README §4b, DECISIONS #55): the reconstructed `nhs` and whole-system
//! `total` targets against the rules applied here, independently, to the
//! shipped CSV files; the counts and national sums that `ibcf explain` and
//! the scenario's notes quote; and the pull: the `nhs` target moves the
//! `nhs` stream, nothing moves `both`.

use ibcf::model::Prepared;
use ibcf::model::rng::trial_rngs;
use ibcf::model::trajectory::{TrajScratch, simulate};
use ibcf::scenario::plan::{METRIC_NHS, METRIC_TOTAL, Plan};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn scenario() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017")
}

fn load(sets: &[&str]) -> Plan {
    let sets: Vec<String> = sets.iter().map(|s| (*s).to_string()).collect();
    ibcf::load(&scenario(), &sets).expect("scenario loads")
}

/// Per council (file order): code, population 18+, February 2017 rates of nhs, asc, both.
fn february() -> Vec<(String, f64, [f64; 3])> {
    let data = scenario().join("data");
    let mut feb: BTreeMap<String, [f64; 3]> = BTreeMap::new();
    let mut rdr = csv::Reader::from_path(data.join("history.csv")).expect("history");
    for r in rdr.records() {
        let r = r.expect("row");
        if &r[1] == "2017-02" {
            let d = |k: usize| r[k].parse::<f64>().expect("days");
            feb.insert(r[0].to_string(), [d(2), d(3), d(4)]);
        }
    }
    let mut rdr = csv::Reader::from_path(data.join("councils.csv")).expect("councils");
    rdr.records()
        .map(|r| {
            let r = r.expect("row");
            let pop: f64 = r[3].parse().expect("population");
            let days = feb[&r[0]];
            let rate = days.map(|d| d / 28.0 / pop * 1e5);
            (r[0].to_string(), pop, rate)
        })
        .collect()
}

fn nhs_rule(feb: f64) -> f64 {
    (feb * 0.5).max(feb.min(5.6))
}

fn total_rule(feb: f64) -> f64 {
    feb.min(9.4)
}

fn asc_rule(feb: f64) -> f64 {
    (feb * (1.0 - 0.667)).max(feb.min(2.6))
}

fn series(plan: &Plan, metric: usize) -> &[f64] {
    let sep = ibcf::Month::new(2017, 9).expect("month");
    &plan
        .targets
        .iter()
        .find(|t| t.metric == metric && t.month == sep)
        .expect("a September 2017 target series")
        .rate
}

#[test]
fn nhs_and_total_targets_are_the_rules_applied_to_february_2017() {
    let plan = load(&[]);
    let feb = february();
    assert_eq!(plan.councils.code.len(), feb.len());
    let (nhs, total) = (series(&plan, METRIC_NHS), series(&plan, METRIC_TOTAL));
    for (i, (code, _, r)) in feb.iter().enumerate() {
        assert_eq!(&plan.councils.code[i], code);
        let want_nhs = nhs_rule(r[0]);
        let want_total = total_rule(r[0] + r[1] + r[2]);
        assert!(
            (nhs[i] - want_nhs).abs() <= 1e-9 * want_nhs.max(1.0),
            "{code} nhs"
        );
        assert!(
            (total[i] - want_total).abs() <= 1e-9 * want_total.max(1.0),
            "{code} total"
        );
    }
}

/// Counts and national sums computed here; the notes (which quote them next
/// to the published figures) and `ibcf explain` (which computes them) must
/// say the same.
#[test]
fn counts_and_national_sums_are_the_ones_explain_and_the_notes_quote() {
    let plan = load(&[]);
    let feb = february();
    let pop: f64 = feb.iter().map(|f| f.1).sum();
    let (mut halve, mut cut, mut hold, mut above) = (0, 0, 0, 0);
    let [mut nhs_feb, mut nhs_sep, mut asc_sep, mut both_feb] = [0.0; 4];
    for (_, p, r) in &feb {
        let t = nhs_rule(r[0]);
        let c = if r[0] > 0.0 { 1.0 - t / r[0] } else { 0.0 };
        halve += usize::from(c >= 0.5 - 1e-9);
        cut += usize::from(c > 1e-9);
        hold += usize::from(c <= 1e-9);
        above += usize::from(r[0] + r[1] + r[2] > 9.4);
        let w = p / pop;
        nhs_feb += r[0] * w;
        nhs_sep += t * w;
        asc_sep += asc_rule(r[1]) * w;
        both_feb += r[2] * w;
    }
    let national = asc_sep + nhs_sep + both_feb;
    // The reconstruction's claim: its national sum is the published 9.4.
    assert!((national - 9.4).abs() < 0.15, "national sum {national}");
    assert_eq!(cut + hold, feb.len());
    let notes = plan.provenance.notes.join("\n");
    for want in [
        format!("NHS {halve} of 151 asked to halve, {cut} to cut at all, {hold} to hold"),
        format!("national {nhs_feb:.2} -> {nhs_sep:.2}"),
        format!(
            "whole system {above} to reach 9.4, {} to hold",
            feb.len() - above
        ),
        format!(
            "social care {asc_sep:.2} + NHS {nhs_sep:.2} + both held at {both_feb:.2} = {national:.2}"
        ),
    ] {
        assert!(notes.contains(&want), "notes lack `{want}`:\n{notes}");
    }
    let text = ibcf::explain::describe(&plan);
    let nhs_block = block(&text, "nhs for Sep 2017");
    for want in [
        format!("{halve} by 50% or more, {hold} only to hold"),
        format!("{nhs_feb:.2} per 100,000 at the baseline, {nhs_sep:.2} asked for"),
        "Pulls each council's nhs stream".to_string(),
    ] {
        assert!(
            nhs_block.contains(&want),
            "explain lacks `{want}`:\n{nhs_block}"
        );
    }
    assert!(
        text.contains("No target pulls the both stream(s)"),
        "{text}"
    );
    let total = block(&text, "total (nhs + asc + both) for Sep 2017");
    assert!(
        total.contains(&format!("{} only to hold", feb.len() - above)),
        "{total}"
    );
    assert!(total.contains("Pulls no stream"), "{total}");
}

/// The lines of explain's entry that starts `  head`, up to the next entry.
fn block(text: &str, head: &str) -> String {
    let mut lines = text
        .lines()
        .skip_while(|l| !l.starts_with(&format!("  {head}")));
    let first = lines
        .next()
        .unwrap_or_else(|| panic!("no `{head}` in:\n{text}"));
    let rest = lines.take_while(|l| l.starts_with("    "));
    std::iter::once(first)
        .chain(rest)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One noise-free deterministic trial: expected rates `[(i * months + t) * 3 + s]`.
fn paths(plan: &Plan) -> Vec<f64> {
    let prep = Prepared::new(plan).expect("prepares");
    let mut scratch = TrajScratch::new(&prep);
    let mut out = vec![0.0; prep.n * prep.months * 3];
    let mut rng = trial_rngs(plan.seed, 0);
    simulate(
        &prep,
        &mut rng.latent,
        &mut rng.noise,
        &mut scratch,
        &mut out,
    );
    out
}

#[test]
fn the_nhs_target_pulls_the_nhs_stream_and_nothing_pulls_both() {
    let quiet = ["trajectory.model=deterministic", "trajectory.noise=none"];
    let with = load(&quiet);
    // The same target at an observed month shapes no target path (DECISIONS #30).
    let without = load(&[quiet[0], quiet[1], "targets.rule.1.month=2017-07"]);
    let (a, b) = (paths(&with), paths(&without));
    let months = with.n_sim_months();
    let nhs = series(&with, METRIC_NHS);
    let jul = ibcf::Month::new(2017, 7).expect("month");
    let (mut down, mut up) = (0, 0);
    for (i, &target) in nhs.iter().enumerate() {
        for t in 0..months {
            let k = (i * months + t) * 3;
            assert_eq!(a[k + 1], b[k + 1], "asc moved, council {i}");
            assert_eq!(a[k + 2], b[k + 2], "both moved, council {i}");
        }
        let last = (i * months + months - 1) * 3;
        let now = with
            .history
            .rate(i, jul, ibcf::scenario::plan::Stream::Nhs)
            .expect("July");
        let code = &with.councils.code[i];
        if now >= 2.0 && target < 0.75 * now {
            down += 1;
            assert!(a[last] < b[last], "{code}: not pulled down");
        } else if now >= 1.0 && target > 1.3 * now {
            up += 1;
            assert!(a[last] > b[last], "{code}: not pulled up");
        }
    }
    assert!(
        down >= 10 && up >= 5,
        "too few councils to test: {down} / {up}"
    );
}
