//! `ibcf import nhse-dtoc` on every shipped NHS England workbook: the output
//! must equal the scenario's shipped history rows for those months exactly,
//! and a few figures must match the tidy CSV and the published checks
//! (SOURCES.md §1). The workbooks live in `../shared/data` beside the crate;
//! when that folder is absent the tests say so and skip.

#[path = "support/skip.rs"]
mod skip;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn raw_dir() -> Option<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/nhse_la_monthly");
    if d.join("raw_xls").is_dir() {
        Some(d)
    } else {
        skip::skip(&format!(
            "{} not found (shared data folder absent)",
            d.display()
        ));
        None
    }
}

fn workbooks(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir.join("raw_xls"))
        .expect("read raw_xls")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("xls")))
        .collect();
    v.sort();
    v
}

type Rows = BTreeMap<(String, String), [u64; 3]>;

fn read_history(path: &Path) -> Rows {
    let mut rdr = csv::Reader::from_path(path).expect("open history");
    let mut out = BTreeMap::new();
    for rec in rdr.records() {
        let r = rec.expect("record");
        let n = |i: usize| r[i].parse::<u64>().expect("count");
        out.insert((r[0].to_string(), r[1].to_string()), [n(2), n(3), n(4)]);
    }
    out
}

fn import_all(dir: &Path, out: &Path) -> std::process::Output {
    let mut cmd = assert_cmd::Command::cargo_bin("ibcf").expect("binary");
    cmd.arg("import")
        .arg("nhse-dtoc")
        .args(workbooks(dir))
        .arg("--out")
        .arg(out);
    cmd.output().expect("run ibcf")
}

#[test]
fn every_workbook_imports_and_equals_the_shipped_history() {
    let Some(dir) = raw_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("history.csv");
    let o = import_all(&dir, &out);
    assert!(
        o.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let got = read_history(&out);
    let months: std::collections::BTreeSet<&String> = got.keys().map(|(_, m)| m).collect();
    assert_eq!(
        months.len(),
        workbooks(&dir).len(),
        "one month per workbook"
    );
    let shipped = read_history(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017/data/history.csv"),
    );
    let shipped_here: Rows = shipped
        .into_iter()
        .filter(|((_, m), _)| months.contains(m))
        .collect();
    assert_eq!(got.len(), shipped_here.len(), "row counts differ");
    for (k, v) in &shipped_here {
        assert_eq!(got.get(k), Some(v), "{k:?}");
    }
    // Output is sorted by code then month, byte for byte.
    let text = std::fs::read_to_string(&out).expect("read");
    let keys: Vec<(String, String)> = text
        .lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (
                f.next().unwrap_or("").to_string(),
                f.next().unwrap_or("").to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

#[test]
fn imported_figures_match_the_tidy_csv_and_published_checks() {
    let Some(dir) = raw_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("history.csv");
    let o = import_all(&dir, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let got = read_history(&out);
    let key = |c: &str, m: &str| (c.to_string(), m.to_string());
    // SOURCES.md: Hampshire Feb 2017 social care 3,520 days.
    assert_eq!(got[&key("E10000014", "2017-02")][1], 3520);
    // England Feb 2017 = 186,490 = NHS 103,707 + SC 67,794 + Both 14,989 (the
    // importer refuses a workbook whose rows do not sum to its England row).
    let t = ibcf::import::read_workbook(&dir.join("raw_xls/Feb_17.xls")).expect("Feb 2017");
    assert_eq!(t.england, [103_707, 67_794, 14_989]);
    assert_eq!(t.england.iter().sum::<u64>(), 186_490);
    let feb: Vec<[u64; 3]> = got
        .iter()
        .filter(|((_, m), _)| m == "2017-02")
        .map(|(_, v)| *v)
        .collect();
    assert_eq!(feb.len(), 151);
    // Cross-check against the tidy CSV, independent of the shipped history.
    let mut rdr =
        csv::Reader::from_path(dir.join("la_dtoc_by_responsible_org_2011_2017.csv")).expect("tidy");
    let h = rdr.headers().expect("headers").clone();
    let col = |n: &str| h.iter().position(|x| x == n).expect("column");
    let (p, code, nhs, sc, both) = (
        col("period"),
        col("ons_code"),
        col("delayed_days_nhs"),
        col("delayed_days_social_care"),
        col("delayed_days_both"),
    );
    let mut checked = 0;
    for rec in rdr.records() {
        let r = rec.expect("record");
        let k = key(&r[code], &r[p]);
        if r[p] < *"2016-01" || !k.0.starts_with('E') || k.0 == "E92000001" || r[nhs].is_empty() {
            continue;
        }
        let n = |i: usize| r[i].parse::<f64>().expect("number") as u64;
        assert_eq!(got.get(&k), Some(&[n(nhs), n(sc), n(both)]), "{k:?}");
        checked += 1;
    }
    assert_eq!(checked, got.len(), "every imported row was cross-checked");
}

#[test]
fn import_merges_without_duplicating_months_and_says_what_it_replaced() {
    let Some(dir) = raw_dir() else { return };
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("history.csv");
    let feb = dir.join("raw_xls/Feb_17.xls");
    std::fs::write(&out, "code,month,nhs_days,asc_days,both_days\nE10000014,2017-02,1,2,3\nE10000014,2014-04,4,5,6\n")
        .expect("seed");
    let o = assert_cmd::Command::cargo_bin("ibcf")
        .expect("binary")
        .args(["import", "nhse-dtoc"])
        .arg(&feb)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Feb 2017 was already in"));
    let got = read_history(&out);
    assert_eq!(got.len(), 152, "151 Feb rows + the untouched 2014-04 row");
    assert_eq!(
        got[&("E10000014".to_string(), "2014-04".to_string())],
        [4, 5, 6]
    );
    assert_eq!(
        got[&("E10000014".to_string(), "2017-02".to_string())][1],
        3520
    );
    // `-q`: the same merge again (the month replaced by itself), in silence.
    let q = assert_cmd::Command::cargo_bin("ibcf")
        .expect("binary")
        .args(["import", "nhse-dtoc", "-q"])
        .arg(&feb)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert!(q.status.success(), "{}", String::from_utf8_lossy(&q.stderr));
    assert!(q.stderr.is_empty() && q.stdout.is_empty(), "quiet");
    assert_eq!(read_history(&out), got);
}

#[test]
fn a_file_that_is_not_a_workbook_is_refused_with_exit_2_and_nothing_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bad = tmp.path().join("July_17.xls");
    std::fs::write(&bad, "not a workbook").expect("write");
    let out = tmp.path().join("history.csv");
    let o = assert_cmd::Command::cargo_bin("ibcf")
        .expect("binary")
        .args(["import", "nhse-dtoc"])
        .arg(&bad)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("July_17.xls"));
    assert!(!out.exists());
}
