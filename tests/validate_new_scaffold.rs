//! `ibcf new`: the scaffold validates, never overwrites, and names are checked.

use assert_cmd::cargo::cargo_bin_cmd;

#[test]
fn new_scenario_validates_and_is_not_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let new = |name: &str| {
        cargo_bin_cmd!("ibcf")
            .env("NO_COLOR", "1")
            .args(["new", name, "--dir"])
            .arg(dir.path())
            .output()
            .expect("runs")
    };
    let out = new("my-council");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = dir.path().join("my-council");
    for f in [
        "scenario.toml",
        "data/councils.csv",
        "data/history.csv",
        "data/targets.csv",
    ] {
        assert!(folder.join(f).is_file(), "{f} missing");
    }
    let toml = std::fs::read_to_string(folder.join("scenario.toml")).expect("toml");
    assert!(toml.contains("name = \"my-council\""));
    let v = cargo_bin_cmd!("ibcf")
        .env("NO_COLOR", "1")
        .arg("validate")
        .arg(&folder)
        .output()
        .expect("runs");
    assert!(v.status.success(), "{}", String::from_utf8_lossy(&v.stderr));
    assert!(String::from_utf8_lossy(&v.stdout).contains("3 councils, 2 criteria, 1 options"));

    std::fs::write(folder.join("scenario.toml"), "edited").expect("write");
    let again = new("my-council");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(folder.join("scenario.toml")).expect("toml"),
        "edited"
    );
}

#[test]
fn new_refuses_bad_names() {
    let dir = tempfile::tempdir().expect("tempdir");
    for bad in ["My_Council", "a b", "", "../escape"] {
        let out = cargo_bin_cmd!("ibcf")
            .args(["new", bad, "--dir"])
            .arg(dir.path())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("not a scenario name"),
            "{bad}"
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
}
