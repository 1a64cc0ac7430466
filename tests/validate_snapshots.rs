//! Snapshots of whole `ibcf validate` messages for fixture scenarios, run
//! from the fixtures folder so paths in the output are relative and stable.

use assert_cmd::cargo::cargo_bin_cmd;
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid")
}

/// stderr of `ibcf validate ARG` run in tests/fixtures/invalid; asserts exit 2.
fn stderr_of(arg: &str) -> String {
    let out = cargo_bin_cmd!("ibcf")
        .current_dir(fixtures())
        .env("NO_COLOR", "1")
        .args(["validate", arg])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn many_problems_are_all_listed() {
    insta::assert_snapshot!(stderr_of("many-problems"));
}

#[test]
fn toml_syntax_error() {
    insta::assert_snapshot!(stderr_of("toml-syntax"));
}

#[test]
fn extends_cycle() {
    insta::assert_snapshot!(stderr_of("extends-cycle/a.toml"));
}

#[test]
fn folder_without_scenario() {
    insta::assert_snapshot!(stderr_of("no-scenario"));
}
