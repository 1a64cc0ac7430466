//! `ibcf design --shard K/N` + `ibcf merge`: the merged folder (design.csv,
//! design.txt, design.html, the frontier chart) is byte for byte the
//! unsplit design's with the same seed; parts of another design (another
//! `--vary` list) or of another command are refused with exit 2, naming
//! both files.

mod common;
use common::split::{assert_same_folder, ibcf, ok};
use std::path::{Path, PathBuf};

const BASE: [&str; 11] = [
    "design",
    "scenarios/tutorial",
    "--vary",
    "criteria.high_asc_rate.threshold=9,14",
    "--vary",
    "option.conditions-33.share=0.2,0.33",
    "--trials",
    "301",
    "--seed",
    "77",
    "--quiet",
];

fn parts(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "ibcfpart"))
        .collect();
    v.sort();
    v
}

/// Writes shards 1..=n of `base` into `dir`.
fn shards(base: &[&str], dir: &Path, n: u32) {
    let d = dir.display().to_string();
    for k in 1..=n {
        let s = format!("{k}/{n}");
        let mut a = base.to_vec();
        a.extend(["--shard", &s, "--out", &d]);
        ok(&a);
    }
}

fn merge(given: &[PathBuf], out: &Path) -> (i32, String, String) {
    let mut m: Vec<String> = vec!["merge".into()];
    m.extend(given.iter().map(|p| p.display().to_string()));
    m.extend(["--out".into(), out.display().to_string()]);
    let m: Vec<&str> = m.iter().map(String::as_str).collect();
    ibcf(&m)
}

#[test]
fn a_design_split_in_three_merges_to_the_unsplit_design() {
    let tmp = tempfile::tempdir().expect("tmp");
    let full = tmp.path().join("full");
    let mut a = BASE.to_vec();
    let f = full.display().to_string();
    a.extend(["--out", &f]);
    ok(&a);
    let dir = tmp.path().join("parts3");
    shards(&BASE, &dir, 3);
    let mut given = parts(&dir);
    assert_eq!(given.len(), 3);
    given.reverse();
    let out = tmp.path().join("merged3");
    let (code, _, err) = merge(&given, &out);
    assert_eq!(code, 0, "{err}");
    let files = assert_same_folder(&full, &out);
    assert!(files >= 4, "csv, txt, html and chart compared ({files})");
    for name in ["design.csv", "design.txt", "design.html"] {
        assert!(out.join(name).is_file(), "{name}");
    }
    // A missing shard is named.
    let (code, _, err) = merge(&given[..2], &tmp.path().join("missing"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("missing shards") && err.contains("1/3"),
        "{err}"
    );
}

#[test]
fn parts_of_another_design_or_command_are_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("parts");
    shards(&BASE, &dir, 2);
    let mut other = BASE.to_vec();
    other[5] = "option.conditions-33.share=0.2,0.5";
    let odir = tmp.path().join("other");
    shards(&other, &odir, 2);
    let (p1, p2) = (parts(&dir)[0].clone(), parts(&odir)[1].clone());
    let (code, _, err) = merge(&[p1.clone(), p2.clone()], &tmp.path().join("mixed"));
    assert_eq!(code, 2, "{err}");
    let (s1, s2) = (p1.display().to_string(), p2.display().to_string());
    assert!(
        err.contains("settings") && err.contains(&s1) && err.contains(&s2),
        "{err}"
    );
    assert!(!tmp.path().join("mixed").exists(), "nothing written");
    // A sweep's part of the same scenario and seed is another command.
    let sdir = tmp.path().join("sweep");
    let sweep = [
        "sweep",
        "scenarios/tutorial",
        "--vary",
        "option.conditions-33.share=0.2,0.33",
        "--trials",
        "301",
        "--seed",
        "77",
        "--quiet",
        "--shard",
        "2/2",
        "--out",
        &sdir.display().to_string(),
    ];
    ok(&sweep);
    let p3 = parts(&sdir)[0].clone();
    let (code, _, err) = merge(&[p1, p3.clone()], &tmp.path().join("mixed2"));
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("command") && err.contains(&p3.display().to_string()),
        "{err}"
    );
}

/// `ibcf slurm design … --shards 3`: the array script's shards and the
/// merge script (run here by hand, as Slurm would) write the unsplit
/// folder; a second `ibcf slurm` keeps the finished parts.
#[test]
fn slurm_splits_a_design() {
    let tmp = tempfile::tempdir().expect("tmp");
    let full = tmp.path().join("full");
    let mut a = BASE.to_vec();
    let f = full.display().to_string();
    a.extend(["--out", &f]);
    ok(&a);
    let out = tmp.path().join("out");
    let o = out.display().to_string();
    let mut s = vec!["slurm"];
    s.extend(&BASE[..BASE.len() - 1]);
    s.extend(["--shards", "3", "--out", &o]);
    let said = ok(&s);
    assert!(said.contains("3 of 3 shard"), "{said}");
    let parts = tmp.path().join("out.parts");
    let sh = |script: &str, task: &str| {
        let st = std::process::Command::new("bash")
            .arg(parts.join(script))
            .env("SLURM_ARRAY_TASK_ID", task)
            .status()
            .expect("bash");
        assert!(st.success(), "{script} {task}");
    };
    for k in ["1", "2", "3"] {
        sh("job-array.sh", k);
    }
    sh("merge.sh", "");
    assert!(assert_same_folder(&full, &out) >= 4);
    std::fs::remove_dir_all(&out).expect("rm");
    let again = ok(&s);
    assert!(again.contains("0 of 3 shard"), "{again}");
}
