//! `ibcf new NAME --from SCENARIO`: the copy is the user's own — its own
//! `name` (runs go to output/NAME, never over the original's folder), its
//! own title, every caveat marked for review — it loads as it is, and the
//! command lists the data files to replace.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::Path;

#[test]
fn a_copy_of_the_default_scenario_is_the_users_own() {
    let root = tempfile::tempdir().expect("dir");
    let out = cargo_bin_cmd!("ibcf")
        .args([
            "new",
            "my-council",
            "--from",
            "scenarios/november-2017",
            "--dir",
        ])
        .arg(root.path())
        .output()
        .expect("runs");
    let say = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = root.path().join("my-council");
    // Data and layers came along; the copy loads on its own.
    for f in [
        "scenario.toml",
        "calibration.toml",
        "data/councils.csv",
        "data/history.csv",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let plan = ibcf::scenario::load(&dir, &[]).expect("the copy loads");
    let original = ibcf::scenario::load(Path::new("scenarios/november-2017"), &[]).expect("loads");
    assert_eq!(plan.name, "my-council");
    assert_ne!(plan.title, original.title);
    assert!(
        plan.title.contains("copy of") && plan.title.contains("edit this title"),
        "{}",
        plan.title
    );
    assert_eq!(plan.provenance.notes.len(), original.provenance.notes.len());
    assert!(
        plan.provenance
            .notes
            .iter()
            .all(|n| n.starts_with("REVIEW (copied from november-2017): ")),
        "{:?}",
        plan.provenance.notes
    );
    // Same model otherwise: same councils, options, seed and trials.
    assert_eq!(plan.councils.code, original.councils.code);
    assert_eq!(plan.options.len(), original.options.len());
    assert_eq!((plan.seed, plan.trials), (original.seed, original.trials));
    // The message names the caveats and the files to replace.
    assert!(say.contains("Allocations are ESTIMATES"), "{say}");
    assert!(say.contains("Replace these data files"), "{say}");
    assert!(
        say.contains("data/councils.csv") && say.contains("data/history.csv"),
        "{say}"
    );
    assert!(say.contains("runs go to output/my-council/"), "{say}");
    // Never over an existing folder.
    let again = cargo_bin_cmd!("ibcf")
        .args([
            "new",
            "my-council",
            "--from",
            "scenarios/november-2017",
            "--dir",
        ])
        .arg(root.path())
        .output()
        .expect("runs");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn a_scenario_that_does_not_load_is_refused_and_nothing_is_written() {
    let root = tempfile::tempdir().expect("dir");
    let out = cargo_bin_cmd!("ibcf")
        .args(["new", "x", "--from", "scenarios/no-such-scenario", "--dir"])
        .arg(root.path())
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(root.path()).expect("dir").count(), 0);
}
