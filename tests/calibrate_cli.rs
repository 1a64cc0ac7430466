//! `ibcf calibrate --out`: the overlay is written atomically, an existing
//! one is kept unless `--force` (exit 2, named), `--quiet` prints nothing,
//! and a window too short to estimate from is the user's error (exit 2).

use std::path::Path;
use std::process::{Command, Output};

fn ibcf(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("ibcf runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn overlay_is_kept_without_force_and_replaced_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("calibration.toml");
    let o = out.to_str().expect("utf-8 path");
    let first = ibcf(&["calibrate", "scenarios/tutorial", "--out", o]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let written = std::fs::read_to_string(&out).expect("overlay written");
    assert!(written.contains("[trajectory]"), "{written}");
    assert!(
        text(&first.stdout).contains("wrote"),
        "{}",
        text(&first.stdout)
    );

    std::fs::write(&out, "# mine\n").expect("overwrite by hand");
    let again = ibcf(&["calibrate", "scenarios/tutorial", "--out", o]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again.stderr));
    let err = text(&again.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&out).expect("kept"), "# mine\n");

    let forced = ibcf(&[
        "calibrate",
        "scenarios/tutorial",
        "--out",
        o,
        "--force",
        "-q",
    ]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(forced.stdout.is_empty(), "quiet: {}", text(&forced.stdout));
    assert_eq!(std::fs::read_to_string(&out).expect("replaced"), written);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| Path::new(n) != Path::new("calibration.toml"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

#[test]
fn a_short_window_is_an_input_error() {
    let o = ibcf(&[
        "calibrate",
        "scenarios/tutorial",
        "--from",
        "2017-05",
        "--to",
        "2017-07",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let err = text(&o.stderr);
    assert!(err.starts_with("error: the calibration window"), "{err}");
}
