//! The shipped `scenarios/november-2017/data` files: internally consistent,
//! traceable to the ONS population file (when ../shared/data is present), and
//! giving the reconstruction counts the scenario README and notes quote.

#[path = "support/skip.rs"]
mod skip;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017/data")
}

fn records(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).expect("open csv");
    let h = rdr.headers().expect("headers").clone();
    rdr.records()
        .map(|r| {
            let r = r.expect("record");
            h.iter()
                .zip(r.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn num(r: &BTreeMap<String, String>, k: &str) -> f64 {
    r[k].parse().expect("number")
}

#[test]
fn councils_files_cover_151_areas_and_allocations_sum_to_the_national_totals() {
    for (file, total) in [
        ("councils.csv", 674_000_000.0),
        ("councils-full-ibcf.csv", 1_499_000_000.0),
    ] {
        let c = records(&data_dir().join(file));
        assert_eq!(c.len(), 151, "{file}");
        let pop: f64 = c.iter().map(|r| num(r, "population_18plus")).sum();
        assert_eq!(
            pop, 43_482_790.0,
            "{file}: 18+ population sums to England mid-2016"
        );
        let alloc: f64 = c.iter().map(|r| num(r, "allocation")).sum();
        assert_eq!(alloc, total, "{file}");
        // Allocation is proportional to 18+ population, to the pound.
        for r in &c {
            let want = total * num(r, "population_18plus") / pop;
            assert!(
                (num(r, "allocation") - want).abs() < 1.0,
                "{file} {}",
                r["code"]
            );
        }
    }
}

#[test]
fn every_council_has_the_months_the_criteria_read() {
    let codes: Vec<String> = records(&data_dir().join("councils.csv"))
        .into_iter()
        .map(|r| r["code"].clone())
        .collect();
    let h = records(&data_dir().join("history.csv"));
    let have: std::collections::BTreeSet<(String, String)> = h
        .iter()
        .map(|r| (r["code"].clone(), r["month"].clone()))
        .collect();
    for c in &codes {
        for m in [
            "2016-11", "2017-02", "2017-04", "2017-05", "2017-06", "2017-07",
        ] {
            assert!(have.contains(&(c.clone(), m.to_string())), "{c} {m}");
        }
    }
    assert!(
        h.iter().all(|r| codes.contains(&r["code"])),
        "history has only scenario councils"
    );
    assert!(
        h.iter()
            .all(|r| r["month"].as_str() >= "2014-04" && r["month"].as_str() <= "2017-07")
    );
}

/// Reconstructed September targets (reduction 0.667, floor 2.6), computed
/// here independently of the build script, against the counts quoted.
#[test]
fn target_rule_gives_the_counts_quoted_in_the_readme() {
    let c = records(&data_dir().join("councils.csv"));
    let h = records(&data_dir().join("history.csv"));
    let feb: BTreeMap<&str, f64> = h
        .iter()
        .filter(|r| r["month"] == "2017-02")
        .map(|r| (r["code"].as_str(), num(r, "asc_days")))
        .collect();
    let (mut cut60, mut cut50, mut hold) = (0, 0, 0);
    let mut cut_of = BTreeMap::new();
    for r in &c {
        let rate = feb[r["code"].as_str()] / 28.0 / num(r, "population_18plus") * 1e5;
        let t = (rate * (1.0 - 0.667)).max(rate.min(2.6));
        let cut = if rate == 0.0 { 0.0 } else { 1.0 - t / rate };
        cut60 += usize::from(cut >= 0.60 - 1e-9);
        cut50 += usize::from(cut >= 0.50 - 1e-9);
        hold += usize::from(cut <= 1e-12);
        cut_of.insert(r["name"].clone(), cut);
    }
    assert_eq!((cut60, cut50, hold), (43, 53, 53));
    assert!((cut_of["Hampshire"] - 0.667).abs() < 1e-9);
    assert!((cut_of["Northamptonshire"] - 0.667).abs() < 1e-9);
    let t = records(&data_dir().join("targets-reconstructed.csv"));
    assert_eq!(t.len(), 3 * 151, "asc, nhs and total rows");
}

#[test]
fn populations_trace_to_the_ons_file() {
    let ons = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/population/ons_mye_upper_tier_18plus_mid2015_mid2016.csv");
    if !ons.exists() {
        skip::skip(&format!(
            "{} not found (shared data folder absent)",
            ons.display()
        ));
        return;
    }
    let pop: BTreeMap<String, f64> = records(&ons)
        .into_iter()
        .map(|r| (r["ons_code"].clone(), num(&r, "pop_18plus_mid2016")))
        .collect();
    for r in records(&data_dir().join("councils.csv")) {
        let mut want = pop[&r["code"]];
        if r["code"] == "E06000052" {
            want += pop["E06000053"]; // Cornwall includes the Isles of Scilly
        }
        assert_eq!(num(&r, "population_18plus"), want, "{}", r["code"]);
    }
}
