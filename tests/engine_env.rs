//! The engine's environment knobs (`IBCF_LANES`, `IBCF_SIMD`; DECISIONS
//! #95): a value neither reads stops the command with exit 2 before
//! anything is written, and a level this CPU lacks only warns (results are
//! the same at every level).

use std::path::PathBuf;
use std::process::Command;

fn run(env: &[(&str, &str)], out: &std::path::Path) -> std::process::Output {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ibcf"));
    cmd.args(["run", "benches/workloads/tiny", "--trials", "40", "--quiet"])
        .arg("--no-report")
        .arg("--out")
        .arg(out)
        .current_dir(root)
        .env_remove("IBCF_LANES")
        .env_remove("IBCF_SIMD");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("ibcf starts")
}

#[test]
fn unreadable_values_stop_the_run_and_write_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    for (k, v, says) in [
        (
            "IBCF_SIMD",
            "avx-2",
            "IBCF_SIMD=\"avx-2\" is not a vector level",
        ),
        ("IBCF_LANES", "yes", "IBCF_LANES=\"yes\" is neither 0"),
    ] {
        let out = dir.path().join(k);
        let o = run(&[(k, v)], &out);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{k}={v}: {stderr}");
        assert!(stderr.contains(says), "{k}={v}: {stderr}");
        assert!(!out.exists(), "{k}={v} left {}", out.display());
    }
}

#[test]
fn readable_values_run_to_the_same_results() {
    let dir = tempfile::tempdir().expect("dir");
    let plain = dir.path().join("plain");
    assert!(run(&[], &plain).status.success());
    let forced = dir.path().join("forced");
    let o = run(&[("IBCF_LANES", "1"), ("IBCF_SIMD", "baseline")], &forced);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["councils.csv", "national.csv", "paths.csv"] {
        let (a, b) = (plain.join(f), forced.join(f));
        assert_eq!(
            std::fs::read(&a).expect("read"),
            std::fs::read(&b).expect("read"),
            "{f}"
        );
    }
}
