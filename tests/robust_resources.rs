//! Resource limits: a trial count whose per-trial totals would not fit in
//! memory is refused before anything is simulated or written, saying how
//! much it would need.

use ibcf::engine::memory::{check as check_memory, needed as memory_needed};
use ibcf::scenario::testkit;
use std::path::PathBuf;

#[test]
fn per_trial_memory_is_20_bytes_per_option_plus_a_summary_copy() {
    let mut p = testkit::rich_plan(1000);
    let a = memory_needed(&p, 2);
    p.trials += 1;
    let b = memory_needed(&p, 2);
    assert_eq!(b - a, 20 * p.options.len() as u128 + 8);
    p.trials = u64::MAX;
    assert!(memory_needed(&p, 2) > u128::from(u64::MAX), "no overflow");
}

#[test]
fn refusal_names_need_availability_and_a_count_that_fits() {
    let mut p = testkit::rich_plan(1000);
    let gib = 1u128 << 30;
    assert!(check_memory(&p, Some(2), Some(gib)).is_ok());
    p.trials = 1_000_000_000;
    let e = check_memory(&p, Some(2), Some(gib))
        .expect_err("too big")
        .to_string();
    assert!(e.contains("1000000000 trials would need about"), "{}", e);
    assert!(e.contains("1.0 GiB is available"), "{}", e);
    // The suggested count fits.
    let fits: u64 = e
        .split("--trials ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("suggested count");
    assert!(fits > 1000);
    p.trials = fits;
    assert!(check_memory(&p, Some(2), Some(gib)).is_ok());
    p.trials = fits + 1;
    assert!(check_memory(&p, Some(2), Some(gib)).is_err());
    p.trials = u64::MAX;
    let e = check_memory(&p, Some(2), None)
        .expect_err("unaddressable")
        .to_string();
    assert!(e.contains("more than this machine can address"), "{}", e);
}

#[test]
fn cli_refuses_ten_trillion_trials_up_front() {
    let root = tempfile::tempdir().expect("dir");
    let out = root.path().join("huge");
    let tutorial = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
    let start = std::time::Instant::now();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .arg("run")
        .arg(&tutorial)
        .args(["--trials", "10000000000000", "--quiet", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("10000000000000 trials would need about"),
        "{err}"
    );
    assert!(err.contains("TiB") || err.contains("PiB"), "{err}");
    assert!(start.elapsed().as_secs() < 60, "refused up front");
    assert_eq!(
        std::fs::read_dir(root.path()).expect("ls").count(),
        0,
        "nothing written"
    );
}
