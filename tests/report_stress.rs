//! `ibcf report RUN --stress DIR`: a council's stress result is attached to
//! the run folder and shown on its council page; a stress folder of another
//! scenario or a folder without stress.csv is refused (exit 2, nothing
//! attached).

#![allow(clippy::unwrap_used)] // tests may panic on setup failures

#[path = "support/report_data.rs"]
mod report_data;

use std::path::Path;
use std::process::Command;

fn ibcf(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ibcf"))
        .args(args)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    (out.status.code().unwrap_or(-1), text)
}

/// The page's data block.
fn data(run: &Path) -> serde_json::Value {
    report_data::data_block(run)
}

#[test]
fn a_stressed_council_page_shows_the_improvement_needed() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, st) = (tmp.path().join("run"), tmp.path().join("st"));
    let (r, s) = (run.display().to_string(), st.display().to_string());
    let base = ["scenarios/tutorial", "--trials", "400", "--quiet"];
    let (code, out) = ibcf(&[&["run"][..], &base, &["--out", &r]].concat());
    assert_eq!(code, 0, "{out}");
    assert!(data(&run)["stress"].as_object().unwrap().is_empty());
    let (code, out) = ibcf(
        &[
            &["stress"][..],
            &base,
            &["--council", "E99000003", "--out", &s],
        ]
        .concat(),
    );
    assert_eq!(code, 0, "{out}");
    let (code, out) = ibcf(&["report", &r, "--stress", &s]);
    assert_eq!(code, 0, "{out}");
    // Each option's sentence, as in stress.csv (read independently).
    let mut csv = csv::Reader::from_path(st.join("stress.csv")).unwrap();
    let head = csv.headers().unwrap().clone();
    let col = |n: &str| head.iter().position(|h| h == n).unwrap();
    let want: Vec<String> = csv
        .records()
        .map(|r| {
            let r = r.unwrap();
            format!(
                "Under {}: {}",
                &r[col("option")],
                &r[col("improvement_words")]
            )
        })
        .collect();
    let shown: Vec<String> =
        serde_json::from_value(data(&run)["stress"]["E99000003"].clone()).unwrap();
    assert_eq!(shown, want);
    assert!(
        shown
            .iter()
            .all(|s| s.contains("safe") || s.contains("cutting")),
        "{shown:?}"
    );
    // Re-rendering keeps it: it lives in the run folder now. `-q` says nothing.
    let (code, out) = ibcf(&["report", &r, "-q"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.is_empty(), "quiet: {out}");
    assert_eq!(
        data(&run)["stress"]["E99000003"].as_array().unwrap().len(),
        want.len()
    );
}

#[test]
fn stress_folders_that_do_not_fit_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, st) = (tmp.path().join("run"), tmp.path().join("st"));
    let (r, s) = (run.display().to_string(), st.display().to_string());
    let (code, out) = ibcf(&[
        "run",
        "scenarios/tutorial",
        "--trials",
        "300",
        "--quiet",
        "--out",
        &r,
    ]);
    assert_eq!(code, 0, "{out}");
    // A stress result of another option list (as another scenario would give).
    std::fs::create_dir_all(&st).unwrap();
    std::fs::write(
        st.join("stress.csv"),
        "option,code,improvement_words\nnot-an-option,E99000001,x\n",
    )
    .unwrap();
    let (code, err) = ibcf(&["report", &r, "--stress", &s]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not this run's"), "{err}");
    // A council that is not in the run.
    std::fs::write(
        st.join("stress.csv"),
        "option,code,improvement_words\nconditions-33,E99999999,x\n",
    )
    .unwrap();
    let (code, err) = ibcf(&["report", &r, "--stress", &s]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("E99999999 is not in this run"), "{err}");
    // A file that is not a stress.csv at all: refused (exit 2), file named.
    std::fs::write(st.join("stress.csv"), "a,b\n1,2\n").unwrap();
    let (code, err) = ibcf(&["report", &r, "--stress", &s]);
    assert_eq!(code, 2, "{err}");
    let named = format!(
        "error: {}: no `code` column",
        st.join("stress.csv").display()
    );
    assert!(err.contains(&named), "{err}");
    let empty = tmp.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let (code, err) = ibcf(&["report", &r, "--stress", &empty.display().to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("has no stress.csv"), "{err}");
    assert!(!run.join("stress").exists(), "nothing attached");
}
