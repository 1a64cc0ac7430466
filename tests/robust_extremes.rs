//! Extreme assumptions: `ibcf run` on the tutorial with volatility 5, drift
//! ±3, jumps every month, dispersion 1e-3, a population of 1 and zero
//! history. Each run either writes files in which no number is NaN or
//! infinite (every CSV cell, every JSON value, no `NaN` in the charts or the
//! report), or refuses with exit 2 and a message.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

/// The tutorial copied, with each data file passed through `edit`.
fn copy_tutorial(root: &Path, edit: impl Fn(&str, &str) -> String) -> PathBuf {
    let dir = root.join("scenario");
    std::fs::create_dir_all(dir.join("data")).expect("mkdir");
    for f in [
        "scenario.toml",
        "data/councils.csv",
        "data/history.csv",
        "data/targets.csv",
    ] {
        let text = std::fs::read_to_string(tutorial().join(f)).expect("read");
        std::fs::write(dir.join(f), edit(f, &text)).expect("write");
    }
    dir
}

/// Replaces column `col` of every data row of a CSV text with `value`.
fn set_column(text: &str, col: &str, value: &str) -> String {
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default();
    let k = header.split(',').position(|h| h == col).expect("column");
    let mut out = vec![header.to_string()];
    for l in lines {
        let mut cells: Vec<&str> = l.split(',').collect();
        cells[k] = value;
        out.push(cells.join(","));
    }
    out.join("\n") + "\n"
}

enum Outcome {
    Wrote(PathBuf),
    Refused(String),
}

fn run(scenario: &Path, out: &Path, set: &[&str]) -> Outcome {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ibcf"));
    cmd.arg("run")
        .arg(scenario)
        .args(["--trials", "400", "--seed", "11", "--quiet", "--out"])
        .arg(out);
    for s in set {
        cmd.args(["--set", s]);
    }
    let o = cmd.output().expect("runs");
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    match o.status.code() {
        Some(0) => Outcome::Wrote(out.to_path_buf()),
        // A refusal comes from checking the input, never from reading back
        // a half-written folder.
        Some(2) if !err.trim().is_empty() && !err.contains(".tmp-") => Outcome::Refused(err),
        c => panic!("{set:?}: exit {c:?} (neither success nor a refusal): {err}"),
    }
}

fn bad_number(cell: &str) -> bool {
    let c = cell.trim().to_ascii_lowercase();
    let c = c.trim_start_matches(['-', '+']);
    matches!(c, "nan" | "inf" | "infinity")
}

/// JSON key paths holding `null`; numbers are finite by construction of JSON.
fn nulls(v: &serde_json::Value, path: String, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Null => {
            out.insert(path);
        }
        serde_json::Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                nulls(x, format!("{path}[{i}]"), out);
            }
        }
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                nulls(x, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// Every problem in a finished run folder.
fn scan(dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("ls").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.display().to_string();
            let ext = p.extension().and_then(|x| x.to_str()).unwrap_or("");
            match ext {
                "csv" => {
                    let mut r = csv::Reader::from_path(&p).expect("csv");
                    for (i, rec) in r.records().enumerate() {
                        let rec = rec.expect("record");
                        for (j, cell) in rec.iter().enumerate() {
                            if bad_number(cell) {
                                problems.push(format!(
                                    "{name}: row {}, column {}: {cell}",
                                    i + 2,
                                    j + 1
                                ));
                            }
                        }
                    }
                }
                "json" => {
                    let v: serde_json::Value =
                        serde_json::from_slice(&std::fs::read(&p).expect("read")).expect("json");
                    let mut n = BTreeSet::new();
                    nulls(&v, String::new(), &mut n);
                    problems.extend(n.into_iter().map(|k| format!("{name}: null at {k}")));
                }
                "svg" | "html" => {
                    let t = std::fs::read_to_string(&p).expect("read");
                    if t.contains("NaN") || t.contains("Infinity") {
                        problems.push(format!("{name}: NaN or Infinity in the text"));
                    }
                }
                _ => {}
            }
        }
    }
    problems
}

fn check(scenario: &Path, root: &Path, tag: &str, set: &[&str]) {
    match run(scenario, &root.join(tag), set) {
        Outcome::Wrote(dir) => {
            let p = scan(&dir);
            assert!(p.is_empty(), "{tag}: {p:#?}");
            assert!(dir.join("summary.json").is_file());
        }
        Outcome::Refused(msg) => assert!(
            msg.contains("problem(s) found") || msg.contains("error"),
            "{tag}: {msg}"
        ),
    }
}

#[test]
fn the_plain_tutorial_scans_clean() {
    let root = tempfile::tempdir().expect("dir");
    match run(&tutorial(), &root.path().join("plain"), &[]) {
        Outcome::Wrote(dir) => assert_eq!(scan(&dir), Vec::<String>::new()),
        Outcome::Refused(m) => panic!("tutorial refused: {m}"),
    }
    // The scan can fail: a NaN cell is caught.
    let bad = root.path().join("bad");
    std::fs::create_dir_all(&bad).expect("mkdir");
    std::fs::write(bad.join("x.csv"), "a,b\n1,NaN\n").expect("write");
    assert_eq!(scan(&bad).len(), 1);
}

#[test]
fn extreme_trajectory_settings() {
    let root = tempfile::tempdir().expect("dir");
    let cases: [(&str, &[&str]); 6] = [
        ("volatility-5", &["trajectory.volatility=5"]),
        ("drift-up-3", &["trajectory.drift=3"]),
        ("drift-down-3", &["trajectory.drift=-3"]),
        (
            "jumps-always",
            &["trajectory.jump={ probability = 1, mean = 1, sd = 2 }"],
        ),
        ("dispersion-tiny", &["trajectory.dispersion=1e-3"]),
        (
            "all-at-once",
            &[
                "trajectory.volatility=5",
                "trajectory.drift=3",
                "trajectory.jump={ probability = 1, mean = 3, sd = 5 }",
                "trajectory.dispersion=1e-3",
            ],
        ),
    ];
    for (tag, set) in cases {
        check(&tutorial(), root.path(), tag, set);
    }
}

/// Far beyond any sensible value: overflow to infinity inside the model must
/// still not reach the files.
#[test]
fn absurd_values_stay_out_of_the_files() {
    let root = tempfile::tempdir().expect("dir");
    let cases: [(&str, &[&str]); 6] = [
        ("volatility-huge", &["trajectory.volatility=1e308"]),
        ("drift-huge", &["trajectory.drift=1e308"]),
        (
            "jump-huge",
            &["trajectory.jump={ probability = 1, mean = 1e308, sd = 1e308 }"],
        ),
        ("cap-huge", &["option.withhold-graduated.cap=1e300"]),
        ("offset-tiny", &["trajectory.offset=1e-320"]),
        (
            "metric-huge",
            &[
                "metrics.x={ weights = { nhs = 1e308, asc = 1e308 } }",
                "criteria.high_asc_rate.metric=\"x\"",
            ],
        ),
    ];
    for (tag, set) in cases {
        check(&tutorial(), root.path(), tag, set);
    }
}

#[test]
fn population_of_one() {
    let root = tempfile::tempdir().expect("dir");
    let scen = copy_tutorial(root.path(), |f, t| {
        if f.ends_with("councils.csv") {
            set_column(t, "population_18plus", "1")
        } else {
            t.to_string()
        }
    });
    check(&scen, root.path(), "pop-1", &[]);
    check(
        &scen,
        root.path(),
        "pop-1-volatile",
        &["trajectory.volatility=5"],
    );
}

#[test]
fn zero_history() {
    let root = tempfile::tempdir().expect("dir");
    let scen = copy_tutorial(root.path(), |f, t| {
        if f.ends_with("history.csv") {
            let t = set_column(t, "nhs_days", "0");
            let t = set_column(&t, "asc_days", "0");
            set_column(&t, "both_days", "0")
        } else {
            t.to_string()
        }
    });
    // A relative gap to a zero target is refused with a message...
    match run(&scen, &root.path().join("zero-refused"), &[]) {
        Outcome::Refused(m) => assert!(m.contains("gap_above divides by the target"), "{m}"),
        Outcome::Wrote(_) => panic!("a zero target for gap_above must be refused"),
    }
    // ...so give every council a positive target in the CSV (it wins over the rule).
    let codes: Vec<String> = std::fs::read_to_string(scen.join("data/councils.csv"))
        .expect("read")
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next().map(str::to_string))
        .collect();
    let targets: String = codes
        .iter()
        .map(|c| format!("{c},asc,2017-09,1.0\n"))
        .collect();
    std::fs::write(
        scen.join("data/targets.csv"),
        format!("code,metric,month,rate\n{targets}"),
    )
    .expect("write");
    check(&scen, root.path(), "zero", &[]);
    check(
        &scen,
        root.path(),
        "zero-bootstrap",
        &["trajectory.model=\"bootstrap\""],
    );
    check(&scen, root.path(), "zero-drift", &["trajectory.drift=-3"]);
}
