//! Crash-safe, lose-nothing output: a run killed with SIGKILL mid-simulation
//! leaves the previous folder byte-for-byte intact and nothing partial at the
//! target; its stale temporary folder is swept by the next run; only
//! `--force` replaces a folder; the manifest's scenario hash follows every
//! byte of the data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

fn ibcf() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ibcf"))
}

/// Every file under `dir` (relative path → bytes).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under dir").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn run_small(scenario: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    ibcf()
        .arg("run")
        .arg(scenario)
        .args(["--trials", "300", "--quiet", "--no-report", "--out"])
        .arg(out)
        .args(extra)
        .output()
        .expect("runs")
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn sigkill_mid_run_keeps_the_previous_folder_intact() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("tutorial");
    let first = run_small(&tutorial(), &out, &[]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&out);
    assert!(before.contains_key(Path::new("summary.json")));

    let mut child = ibcf()
        .arg("run")
        .arg(tutorial())
        .args([
            "--trials",
            "20000000",
            "--threads",
            "1",
            "--quiet",
            "--force",
            "--out",
        ])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let temp = root.path().join(format!(".tutorial.tmp-{}", child.id()));
    let deadline = Instant::now() + Duration::from_secs(120);
    while !temp.exists() && Instant::now() < deadline {
        assert!(child.try_wait().expect("poll").is_none(), "run ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(temp.exists(), "temporary folder never appeared");
    std::thread::sleep(Duration::from_millis(300));
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reap");
    assert!(!status.success(), "killed, not finished");

    assert_eq!(snapshot(&out), before, "previous run changed");
    // The killed run's partial folder is only ever the hidden sibling.
    let left = names(root.path());
    assert!(
        left.iter()
            .all(|n| n == "tutorial" || n.starts_with(".tutorial.tmp-")),
        "{left:?}"
    );

    // The next run sweeps the dead run's temporary folder.
    let again = run_small(&tutorial(), &out, &["--force"]);
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(!temp.exists(), "stale temporary folder swept");
    assert_eq!(names(root.path()), vec!["tutorial".to_string()]);
}

#[test]
fn only_force_replaces_an_existing_folder() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("t");
    assert!(
        run_small(&tutorial(), &out, &["--seed", "1"])
            .status
            .success()
    );
    let before = snapshot(&out);
    let refused = run_small(&tutorial(), &out, &["--seed", "2"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(snapshot(&out), before, "untouched without --force");
    assert!(
        run_small(&tutorial(), &out, &["--seed", "2", "--force"])
            .status
            .success()
    );
    assert_ne!(snapshot(&out), before, "replaced with --force");
    assert_eq!(names(root.path()), vec!["t".to_string()]);
}

fn manifest_sha(out: &Path) -> String {
    let s: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).expect("read"))
            .expect("json");
    s["manifest"]["scenario_sha256"]
        .as_str()
        .expect("hash")
        .to_string()
}

#[test]
fn manifest_hash_changes_with_one_data_byte() {
    let root = tempfile::tempdir().expect("dir");
    let scen = root.path().join("scen");
    std::fs::create_dir_all(scen.join("data")).expect("mkdir");
    for f in [
        "scenario.toml",
        "data/councils.csv",
        "data/history.csv",
        "data/targets.csv",
    ] {
        std::fs::copy(tutorial().join(f), scen.join(f)).expect("copy");
    }
    let a = root.path().join("a");
    assert!(run_small(&scen, &a, &[]).status.success());
    let b = root.path().join("b");
    assert!(run_small(&scen, &b, &[]).status.success());
    assert_eq!(manifest_sha(&a), manifest_sha(&b), "same inputs, same hash");
    assert_eq!(manifest_sha(&a).len(), 64);
    // One byte of history: 740 → 741 delayed days in one month.
    let h = scen.join("data/history.csv");
    let text = std::fs::read_to_string(&h).expect("read");
    std::fs::write(&h, text.replacen(",740,", ",741,", 1)).expect("write");
    let c = root.path().join("c");
    assert!(run_small(&scen, &c, &[]).status.success());
    assert_ne!(manifest_sha(&a), manifest_sha(&c), "hash follows the data");
}
