//! Long commands print a progress line to stderr when it is not a terminal
//! (here: a pipe), and nothing with `--quiet`. The interval is shortened
//! with the hidden `IBCF_PROGRESS_EVERY_MS` so the test does not depend on
//! how fast the machine is: the run writes its folder and report for far
//! longer than 1 ms.

use assert_cmd::cargo::cargo_bin_cmd;

fn stderr_of(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("ibcf")
        .env("IBCF_PROGRESS_EVERY_MS", "1")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn run_prints_progress_lines_when_piped_and_none_when_quiet() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("a");
    let o = out.to_str().expect("utf-8");
    let err = stderr_of(&["run", "scenarios/tutorial", "--trials", "20000", "--out", o]);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("ibcf run: "))
        .collect();
    assert!(!lines.is_empty(), "no progress line in:\n{err}");
    assert!(lines.iter().all(|l| l.ends_with("s elapsed")), "{lines:?}");
    let quiet = stderr_of(&[
        "run",
        "scenarios/tutorial",
        "--trials",
        "20000",
        "--out",
        o,
        "--force",
        "--quiet",
    ]);
    assert!(!quiet.contains("ibcf run: "), "--quiet printed:\n{quiet}");
}

#[test]
fn sweep_prints_progress_lines_when_piped_and_none_when_quiet() {
    let dir = tempfile::tempdir().expect("dir");
    let o = dir.path().join("s");
    let o = o.to_str().expect("utf-8");
    let args = [
        "sweep",
        "scenarios/tutorial",
        "--vary",
        "trajectory.pull=0,0.2",
        "--trials",
        "2000",
        "--out",
        o,
    ];
    let err = stderr_of(&args);
    assert!(err.lines().any(|l| l.starts_with("ibcf sweep: ")), "{err}");
    let mut q = args.to_vec();
    q.extend(["--force", "--quiet"]);
    assert!(!stderr_of(&q).contains("ibcf sweep: "));
}
