//! `ibcf run --shard K/N` + `ibcf merge`: the merged folder is byte for
//! byte the unsplit run's (run time aside) for N = 1, 2 and 7 and any order
//! of parts; every bad set of parts is refused with exit 2, naming the
//! parts, and nothing is written.

mod common;
use common::split::{assert_same_folder, ibcf, ok};
use ibcf::shard::part;
use std::path::{Path, PathBuf};

const TRIALS: &str = "1500";

fn run_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "run",
        "scenarios/tutorial",
        "--trials",
        TRIALS,
        "--seed",
        "11",
        "--threads",
        "1",
        "--quiet",
    ];
    v.extend_from_slice(extra);
    v
}

/// Writes the parts of an N-way split into `dir`; returns their paths.
fn shards(dir: &Path, n: u32, extra: &[&str]) -> Vec<PathBuf> {
    let d = dir.display().to_string();
    (1..=n)
        .map(|k| {
            let s = format!("{k}/{n}");
            let mut a = run_args(&["--shard", &s, "--out", &d]);
            a.extend_from_slice(extra);
            ok(&a);
            dir.join(ibcf::shard::Shard { k, n }.file_name())
        })
        .collect()
}

fn merge(parts: &[PathBuf], out: &Path, extra: &[&str]) -> (i32, String) {
    let mut a: Vec<String> = vec!["merge".into()];
    a.extend(parts.iter().map(|p| p.display().to_string()));
    a.extend(["--out".into(), out.display().to_string()]);
    a.extend(extra.iter().map(|s| s.to_string()));
    let a: Vec<&str> = a.iter().map(String::as_str).collect();
    let (code, _, err) = ibcf(&a);
    (code, err)
}

#[test]
fn merged_shards_equal_the_unsplit_run_for_any_split_and_order() {
    let tmp = tempfile::tempdir().expect("tmp");
    let full = tmp.path().join("full");
    ok(&run_args(&["--out", &full.display().to_string()]));
    // A fixed shuffle per N (the merge sorts by trial range, not by argument order).
    for (n, order) in [
        (1u32, vec![0]),
        (2, vec![1, 0]),
        (7, vec![4, 0, 6, 2, 5, 1, 3]),
    ] {
        let parts = shards(&tmp.path().join(format!("p{n}")), n, &[]);
        let given: Vec<PathBuf> = order.iter().map(|&i| parts[i].clone()).collect();
        let out = tmp.path().join(format!("merged{n}"));
        let (code, err) = merge(&given, &out, &[]);
        assert_eq!(code, 0, "{err}");
        let files = assert_same_folder(&full, &out);
        assert!(
            files >= 8,
            "report, plots and data files compared ({files})"
        );
    }
    // A folder of parts is expanded to its part files.
    let out = tmp.path().join("from-folder");
    let (code, err) = merge(&[tmp.path().join("p7")], &out, &["--no-report"]);
    assert_eq!(code, 0, "{err}");
    let s = std::fs::read(out.join("summary.json")).expect("summary");
    let f = std::fs::read(full.join("summary.json")).expect("summary");
    assert_eq!(
        common::split::without_run_time(&s),
        common::split::without_run_time(&f)
    );
}

/// Asserts a refused merge: exit 2, every named part in the message, no output.
fn refused(parts: &[PathBuf], names: &[&Path], what: &str, tmp: &Path) {
    let out = tmp.join("refused");
    let (code, err) = merge(parts, &out, &[]);
    assert_eq!(code, 2, "{what}: expected exit 2, got {code}: {err}");
    assert!(err.contains(what), "{what} not in: {err}");
    for n in names {
        assert!(
            err.contains(&n.display().to_string()),
            "{} not named in: {err}",
            n.display()
        );
    }
    assert!(!out.exists(), "nothing written");
    let leftovers: Vec<_> = std::fs::read_dir(tmp)
        .expect("list")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("refused"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary folder left");
}

#[test]
fn bad_sets_of_parts_are_refused_naming_the_parts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = tmp.path();
    let three = shards(&t.join("three"), 3, &[]);
    // Missing shard 2/3.
    refused(
        &[three[0].clone(), three[2].clone()],
        &[&three[0], &three[2]],
        "missing shards",
        t,
    );
    // Overlap: shard 1/3 given twice (a copy), and shard 1/2 with shard 1/3.
    let copy = t.join("copy.ibcfpart");
    std::fs::copy(&three[0], &copy).expect("copy");
    let mut dup = three.clone();
    dup.push(copy.clone());
    refused(&dup, &[&three[0], &copy], "overlapping parts", t);
    let two = shards(&t.join("two"), 2, &[]);
    refused(
        &[
            two[0].clone(),
            three[0].clone(),
            three[1].clone(),
            three[2].clone(),
        ],
        &[&two[0]],
        "overlapping parts",
        t,
    );
    // Mixed seeds and mixed scenarios (a --set changes the fingerprint).
    let seed = t.join("seed");
    ok(&[
        "run",
        "scenarios/tutorial",
        "--trials",
        TRIALS,
        "--seed",
        "12",
        "--threads",
        "1",
        "--quiet",
        "--shard",
        "2/3",
        "--out",
        &seed.display().to_string(),
    ]);
    let other_seed = seed.join("shard-0002-of-0003.ibcfpart");
    refused(
        &[three[0].clone(), other_seed.clone(), three[2].clone()],
        &[&three[0], &other_seed],
        "seed",
        t,
    );
    let set = t.join("set");
    ok(&run_args(&[
        "--shard",
        "2/3",
        "--out",
        &set.display().to_string(),
        "--set",
        "trajectory.volatility=0.2",
    ]));
    let other_scen = set.join("shard-0002-of-0003.ibcfpart");
    refused(
        &[three[0].clone(), other_scen.clone(), three[2].clone()],
        &[&three[0], &other_scen],
        "scenario fingerprint",
        t,
    );
    // Another ibcf version (the header rewritten through the library).
    let mut p = part::read(&three[1]).expect("read");
    p.header.ibcf_version = "0.0.9".into();
    let version = t.join("version.ibcfpart");
    part::write(&version, &p, false).expect("write");
    refused(
        &[three[0].clone(), version.clone(), three[2].clone()],
        &[&version],
        "ibcf version",
        t,
    );
    // Truncated, corrupted, another format version, not a part at all.
    let bytes = std::fs::read(&three[1]).expect("read");
    let next_format = format!("part format {}", part::FORMAT + 1);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "truncated",
            bytes[..bytes.len() / 2].to_vec(),
            "truncated or corrupt",
        ),
        (
            "flipped",
            {
                let mut b = bytes.clone();
                let i = b.len() * 2 / 3;
                b[i] ^= 0x40;
                b
            },
            "checksum mismatch",
        ),
        (
            "format",
            {
                let mut b = bytes.clone();
                assert_eq!(b[8], part::FORMAT as u8, "format varint follows the magic");
                b[8] = part::FORMAT as u8 + 1;
                b
            },
            &next_format,
        ),
        (
            "junk",
            b"name,value\n1,2\n".to_vec(),
            "not an ibcf part file",
        ),
    ];
    for (name, b, what) in cases {
        let bad = t.join(format!("{name}.ibcfpart"));
        std::fs::write(&bad, b).expect("write");
        refused(
            &[three[0].clone(), bad.clone(), three[2].clone()],
            &[&bad],
            what,
            t,
        );
    }
    // An existing output folder is not replaced without --force.
    let out = t.join("exists");
    std::fs::create_dir_all(&out).expect("mkdir");
    let (code, err) = merge(&three, &out, &[]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--force"), "{err}");
}

#[test]
fn a_shard_refuses_precision_and_an_existing_part() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path().display().to_string();
    let (code, _, err) = ibcf(&run_args(&[
        "--shard",
        "1/2",
        "--out",
        &d,
        "--precision",
        "0.01",
    ]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--precision cannot be split"), "{err}");
    ok(&run_args(&["--shard", "1/2", "--out", &d]));
    let (code, _, err) = ibcf(&run_args(&["--shard", "1/2", "--out", &d]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists; pass --force"), "{err}");
    ok(&run_args(&["--shard", "1/2", "--out", &d, "--force"]));
    for bad in ["0/2", "3/2", "x"] {
        let (code, _, err) = ibcf(&run_args(&["--shard", bad, "--out", &d]));
        assert_eq!(code, 2, "{bad}: {err}");
    }
}

#[test]
fn a_local_split_run_resumes_from_the_parts_already_written() {
    let tmp = tempfile::tempdir().expect("tmp");
    let full = tmp.path().join("full");
    ok(&run_args(&[
        "--out",
        &full.display().to_string(),
        "--no-report",
    ]));
    // As if a `--shards 3` run had been killed after shard 1, mid-way through shard 2.
    let out = tmp.path().join("resumed");
    let parts = tmp.path().join("resumed.parts");
    ok(&run_args(&[
        "--shard",
        "1/3",
        "--out",
        &parts.display().to_string(),
    ]));
    std::fs::write(
        parts.join("shard-0002-of-0003.ibcfpart"),
        b"IBCFPART\x01half",
    )
    .expect("write");
    let o = out.display().to_string();
    let mut a = run_args(&["--shards", "3", "--out", &o, "--no-report"]);
    a.retain(|x| *x != "--quiet");
    let (code, _, err) = ibcf(&a);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("shard 1/3 (trials 0..500): kept from an earlier run"),
        "{err}"
    );
    assert!(err.contains("shard 2/3 (trials 500..1000): done"), "{err}");
    assert_same_folder(&full, &out);
    assert!(!parts.exists(), "parts removed once merged");
}

/// `run --shards` removes only the part files it made once merged: Slurm's
/// scripts and logs in the same parts folder are kept.
#[test]
fn a_local_split_run_removes_only_its_part_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("run");
    let parts = tmp.path().join("run.parts");
    std::fs::create_dir_all(parts.join("logs")).expect("mkdir");
    std::fs::write(parts.join("slurm-1.out"), "a Slurm log\n").expect("write");
    std::fs::write(parts.join("job-array.sh"), "#!/bin/bash\n").expect("write");
    std::fs::write(parts.join("logs/shard-1.out"), "log\n").expect("write");
    let o = out.display().to_string();
    ok(&run_args(&["--shards", "2", "--out", &o, "--no-report"]));
    assert!(out.join("summary.json").exists());
    for kept in ["slurm-1.out", "job-array.sh", "logs/shard-1.out"] {
        assert!(parts.join(kept).exists(), "{kept} removed");
    }
    let left: Vec<_> = std::fs::read_dir(&parts)
        .expect("list")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ibcfpart"))
        .collect();
    assert!(left.is_empty(), "part files left: {left:?}");
}

/// With `[consequences]` the per-trial cost figures and their tallies travel
/// in the parts, and parameters drawn per trial draw the same in every
/// shard: the merged folder still equals the unsplit run's.
#[test]
fn merged_shards_keep_the_consequences_and_the_draws() {
    let tmp = tempfile::tempdir().expect("tmp");
    let set = [
        "--set",
        "consequences.avoidable=0.25",
        "--set",
        "trajectory.pull={ uniform = [0.0, 0.3] }",
        "--set",
        "trajectory.drift={ normal = [0.0, 0.02], scope = \"council\" }",
    ];
    let full = tmp.path().join("full");
    let f = full.display().to_string();
    let mut a = run_args(&["--out", &f]);
    a.extend_from_slice(&set);
    ok(&a);
    let parts = shards(&tmp.path().join("p3"), 3, &set);
    let out = tmp.path().join("merged");
    let (code, err) = merge(
        &[parts[2].clone(), parts[0].clone(), parts[1].clone()],
        &out,
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_same_folder(&full, &out);
    let summary = std::fs::read_to_string(out.join("summary.json")).expect("summary");
    assert!(
        summary.contains("\"consequences\""),
        "consequences in summary.json"
    );
    assert!(summary.contains("\"parameters\""), "draws in summary.json");
}
