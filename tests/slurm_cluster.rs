//! A real Slurm: `ibcf slurm run … --shards 3 --submit` on the local
//! one-node cluster that `scripts/slurm-local.sh start` brings up (`.ci/run`
//! does), waits for the job array and the merge job, and compares the merged
//! folder byte for byte with an unsplit run. Then one part is deleted and
//! another corrupted: re-running resubmits exactly those two shards.
//!
//! With env `CI` set, a missing Slurm fails this test; elsewhere it passes
//! and prints `slurm_cluster: NOT RUN: <why>` on stderr (visible in plain
//! `cargo test` output, not only with `--nocapture`).

mod common;
use common::split::{assert_same_folder, ok};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn conf() -> String {
    std::env::var("SLURM_CONF").unwrap_or_else(|_| {
        let dir = std::env::var("IBCF_SLURM_DIR").unwrap_or_else(|_| "/tmp/ibcf-slurm".into());
        format!("{dir}/slurm.conf")
    })
}

/// Whether the cluster answers with a usable node.
fn slurm_up(conf: &str) -> Result<(), String> {
    if !Path::new(conf).exists() {
        return Err(format!("no Slurm configuration at {conf}"));
    }
    let out = Command::new("sinfo")
        .args(["-h", "-o", "%t"])
        .env("SLURM_CONF", conf)
        .output()
        .map_err(|e| format!("cannot run sinfo: {e}"))?;
    let states = String::from_utf8_lossy(&out.stdout);
    match out.status.success()
        && states
            .lines()
            .any(|s| ["idle", "mix", "alloc"].contains(&s.trim()))
    {
        true => Ok(()),
        false => Err(format!(
            "sinfo found no usable node ({}{})",
            states.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        )),
    }
}

/// `ibcf slurm ARGS… --submit`; returns stdout.
fn submit(conf: &str, args: &[&str]) -> String {
    let out = assert_cmd::Command::cargo_bin("ibcf")
        .expect("binary")
        .arg("slurm")
        .args(args)
        .arg("--submit")
        .env("SLURM_CONF", conf)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "ibcf slurm failed:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// Waits until the jobs named on the `job ids:` line have left the queue.
fn wait(conf: &str, stdout: &str) {
    let ids = stdout
        .lines()
        .find_map(|l| l.strip_prefix("job ids: "))
        .expect("job ids printed")
        .to_string();
    let start = Instant::now();
    loop {
        let out = Command::new("squeue")
            .args(["-h", "-j", &ids])
            .env("SLURM_CONF", conf)
            .output()
            .expect("squeue");
        if String::from_utf8_lossy(&out.stdout).trim().is_empty() {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(600),
            "jobs {ids} still queued after 10 minutes"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
}

/// Says why the test did not run, on the process's stderr itself: libtest
/// captures `eprintln!` of a passing test, so without `--nocapture` the
/// reason would vanish behind a bare `ok`.
fn not_run(why: &str) {
    use std::io::Write;
    let line = format!(
        "slurm_cluster: NOT RUN: {why} (start one with `scripts/slurm-local.sh start`; with env CI set this fails)\n"
    );
    let _ = std::io::stderr().write_all(line.as_bytes());
}

/// Without Slurm and without `CI`, the test says on stderr why it did not
/// run (not a silent `ok`); with `CI` set it fails. Runs this test binary
/// again on the real test with a Slurm configuration that does not exist.
#[test]
fn without_slurm_the_test_says_why_or_fails_under_ci() {
    let me = std::env::current_exe().expect("test binary");
    let run = |ci: bool| {
        let mut c = Command::new(&me);
        c.args([
            "a_run_split_through_slurm_merges_to_the_unsplit_run",
            "--exact",
            "--test-threads=1",
        ])
        .env("SLURM_CONF", "/nonexistent/ibcf-test/slurm.conf")
        .env_remove("CI");
        if ci {
            c.env("CI", "1");
        }
        c.output().expect("runs the test binary")
    };
    let out = run(false);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("NOT RUN: no Slurm configuration at /nonexistent/ibcf-test/slurm.conf"),
        "the reason is not on stderr:\n{err}"
    );
    let out = run(true);
    assert!(!out.status.success(), "passed under CI without Slurm");
}

#[test]
fn a_run_split_through_slurm_merges_to_the_unsplit_run() {
    let conf = conf();
    if let Err(why) = slurm_up(&conf) {
        if std::env::var_os("CI").is_some() {
            panic!(
                "CI is set but Slurm is not available: {why}. `.ci/run` starts it with scripts/slurm-local.sh"
            );
        }
        not_run(&why);
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let full = tmp.path().join("full").display().to_string();
    let merged = tmp.path().join("merged");
    let m = merged.display().to_string();
    let run = [
        "run",
        "scenarios/tutorial",
        "--trials",
        "3000",
        "--seed",
        "5",
    ];
    let mut a = run.to_vec();
    a.extend(["--threads", "1", "--quiet", "--out", &full]);
    ok(&a);
    let mut s = run.to_vec();
    s.extend([
        "--out", &m, "--force", "--shards", "3", "--cpus", "1", "--time", "00:10:00",
    ]);
    let out = submit(&conf, &s);
    assert!(out.contains("3 of 3 shard(s) still to run"), "{out}");
    assert!(out.contains("tasks 1-3"), "{out}");
    wait(&conf, &out);
    let parts = tmp.path().join("merged.parts");
    assert!(
        merged.join("summary.json").exists(),
        "the merge job wrote nothing; logs in {}",
        parts.join("logs").display()
    );
    assert!(assert_same_folder(Path::new(&full), &merged) >= 8);
    let script = std::fs::read_to_string(parts.join("job-array.sh")).expect("script");
    assert!(script.contains("#SBATCH --array=1-3"), "{script}");

    // A lost part and a corrupt one: only those two shards run again.
    std::fs::remove_file(parts.join("shard-0001-of-0003.ibcfpart")).expect("rm");
    let p3 = parts.join("shard-0003-of-0003.ibcfpart");
    let mut b = std::fs::read(&p3).expect("read");
    let i = b.len() / 2;
    b[i] ^= 1;
    std::fs::write(&p3, b).expect("write");
    std::fs::remove_dir_all(&merged).expect("rm");
    let out = submit(&conf, &s);
    assert!(
        out.contains("2 of 3 shard(s) still to run (1 valid part(s) kept)"),
        "{out}"
    );
    assert!(out.contains("tasks 1,3"), "{out}");
    wait(&conf, &out);
    assert!(assert_same_folder(Path::new(&full), &merged) >= 8);
}
