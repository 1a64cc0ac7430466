//! `ibcf sweep --shard` and `ibcf sensitivity --shard` + `ibcf merge`: the
//! merged folder is byte for byte the unsplit command's, for several splits
//! (more shards than grid points included) and orders of parts.

mod common;
use common::split::{assert_same_folder, ibcf, ok};
use std::path::{Path, PathBuf};

fn parts(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

/// Runs `base` whole into `full`, then split N ways for each N and merged
/// with the parts reversed; every merged folder must equal `full`.
fn check_splits(base: &[&str], tmp: &Path, splits: &[u32]) {
    let full = tmp.join("full");
    let mut a = base.to_vec();
    let f = full.display().to_string();
    a.extend(["--out", &f]);
    ok(&a);
    for &n in splits {
        let dir = tmp.join(format!("parts{n}"));
        let d = dir.display().to_string();
        for k in 1..=n {
            let s = format!("{k}/{n}");
            let mut a = base.to_vec();
            a.extend(["--shard", &s, "--out", &d]);
            ok(&a);
        }
        let mut given = parts(&dir);
        assert_eq!(given.len(), n as usize);
        given.reverse();
        let out = tmp.join(format!("merged{n}"));
        let mut m: Vec<String> = vec!["merge".into()];
        m.extend(given.iter().map(|p| p.display().to_string()));
        m.extend(["--out".into(), out.display().to_string()]);
        let m: Vec<&str> = m.iter().map(String::as_str).collect();
        ok(&m);
        let files = assert_same_folder(&full, &out);
        assert!(files >= 3, "csv, txt and charts compared ({files})");
    }
}

#[test]
fn split_sweeps_merge_to_the_unsplit_sweep() {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = [
        "sweep",
        "scenarios/tutorial",
        "--vary",
        "option.conditions-33.share=0.1,0.33,0.5",
        "--vary",
        "trajectory.pull=0,0.2",
        "--trials",
        "300",
        "--seed",
        "3",
        "--quiet",
    ];
    // 6 grid points: 7 shards leave one empty.
    check_splits(&base, tmp.path(), &[1, 2, 7]);
    // A part of another grid is refused.
    let other = tmp.path().join("other");
    let o = other.display().to_string();
    let mut a = base.to_vec();
    a[3] = "option.conditions-33.share=0.1,0.33,0.6";
    a.extend(["--shard", "2/2", "--out", &o]);
    ok(&a);
    let p1 = parts(&tmp.path().join("parts2"))[0].display().to_string();
    let p2 = parts(&other)[0].display().to_string();
    let out = tmp.path().join("mixed").display().to_string();
    let (code, _, err) = ibcf(&["merge", &p1, &p2, "--out", &out]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("settings") && err.contains(&p1) && err.contains(&p2),
        "{err}"
    );
}

#[test]
fn split_sensitivity_merges_to_the_unsplit_analysis() {
    let tmp = tempfile::tempdir().expect("tmp");
    // 2 parameters, 4 samples: 1 + 4 + 4 x 4 = 21 runs.
    let base = [
        "sensitivity",
        "scenarios/tutorial",
        "--range",
        "trajectory.pull=0:0.3",
        "--range",
        "option.conditions-33.share=0.1:0.5",
        "--samples",
        "4",
        "--bootstrap",
        "40",
        "--trials",
        "120",
        "--quiet",
    ];
    check_splits(&base, tmp.path(), &[2, 5]);
}

/// A sweep of a scenario with `[consequences]`: the trade-off columns of
/// every point survive the split.
#[test]
fn split_sweeps_keep_the_cost_of_hitting_the_target() {
    let tmp = tempfile::tempdir().expect("tmp");
    let base = [
        "sweep",
        "scenarios/tutorial",
        "--set",
        "consequences.avoidable=0.25",
        "--vary",
        "trajectory.pull=0,0.1,0.2",
        "--trials",
        "200",
        "--quiet",
    ];
    check_splits(&base, tmp.path(), &[2, 3]);
    let csv = std::fs::read_to_string(tmp.path().join("merged3/sweep.csv")).expect("csv");
    assert!(
        csv.lines().next().unwrap_or("").contains("beds_freed_mean"),
        "{csv}"
    );
}
