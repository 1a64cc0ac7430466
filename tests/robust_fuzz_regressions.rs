//! Inputs found by the loader fuzzer (`fuzz/`, see fuzz/README.md) that once
//! crashed, kept in tests/fixtures/fuzz/: each must now give a plan or
//! diagnostics, never a panic. Files use the fuzz target's format: the TOML
//! text and up to three CSV files (councils, history, targets) joined by 0xFF
//! bytes. A file named `*-refused` must give diagnostics (a silent wrong
//! answer found while fuzzing, not a crash). Also a proptest over spreadsheet quirks in the CSV files (the
//! TOML-edit harness is tests/scenario_no_panic.rs).

use proptest::prelude::*;
use std::path::{Path, PathBuf};

const FILES: [&str; 4] = [
    "scenario.toml",
    "data/councils.csv",
    "data/history.csv",
    "data/targets.csv",
];

/// Writes the parts of a fuzz input into `dir` (absent parts are not written)
/// and loads it; `Err` names a broken promise (a panic or an empty report).
fn load_parts(dir: &Path, data: &[u8]) -> Result<bool, String> {
    std::fs::create_dir_all(dir.join("data")).map_err(|e| e.to_string())?;
    let mut parts = data.split(|&b| b == 0xFF);
    for f in FILES {
        let p = dir.join(f);
        match parts.next() {
            Some(bytes) => std::fs::write(&p, bytes).map_err(|e| e.to_string())?,
            None => {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    let dir = dir.to_path_buf();
    let r = std::panic::catch_unwind(move || match ibcf::scenario::load(&dir, &[]) {
        Ok(plan) => plan.check().map(|()| true),
        Err(d) if d.is_empty() || d.render().trim().is_empty() => Err("empty diagnostics".into()),
        Err(_) => Ok(false),
    });
    match r {
        Ok(x) => x,
        Err(p) => Err(format!(
            "panicked: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

fn fixtures() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("tests/fixtures/fuzz")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_none_or(|x| x != "md"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_fuzz_fixture_loads_or_reports() {
    let files = fixtures();
    assert!(!files.is_empty(), "no fixtures");
    let mut broken = Vec::new();
    for f in &files {
        let tmp = tempfile::tempdir().expect("tempdir");
        let data = std::fs::read(f).expect("read");
        let refused = f.to_string_lossy().ends_with("-refused");
        match load_parts(tmp.path(), &data) {
            Err(e) => broken.push(format!("{}: {e}", f.display())),
            Ok(true) if refused => broken.push(format!("{}: loaded, must be refused", f.display())),
            Ok(_) => {}
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_seed_format_round_trips_to_a_plan() {
    let t = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
    let mut data = Vec::new();
    for (i, f) in FILES.iter().enumerate() {
        if i > 0 {
            data.push(0xFF);
        }
        data.extend(std::fs::read(t.join(f)).expect("read"));
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        load_parts(tmp.path(), &data),
        Ok(true),
        "the tutorial loads"
    );
    // Without the targets file the tutorial's `targets = ...` path is unreadable.
    let cut = data.iter().rposition(|&b| b == 0xFF).expect("separator");
    assert_eq!(load_parts(tmp.path(), &data[..cut]), Ok(false));
}

/// Spreadsheet quirks to splice into a CSV line.
fn quirk() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("\"".to_string()),
        Just("\"1,234\"".to_string()),
        Just("1,234".to_string()),
        Just(",,,,".to_string()),
        Just("#N/A".to_string()),
        Just("#DIV/0!".to_string()),
        Just("£".to_string()),
        Just("%".to_string()),
        Just("\n\n".to_string()),
        Just(" ".to_string()),
        Just("\u{a0}".to_string()),
        Just("1e308".to_string()),
        Just("-0".to_string()),
        Just("NaN".to_string()),
        Just("\"\"".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn csv_quirks_never_panic(which in 1usize..4, at in 0usize..4000, len in 0usize..6, q in quirk(), q2 in quirk()) {
        let t = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial");
        let mut data = Vec::new();
        for (i, f) in FILES.iter().enumerate() {
            if i > 0 {
                data.push(0xFF);
            }
            let mut text = std::fs::read_to_string(t.join(f)).expect("read");
            if i == which {
                let mut a = at % (text.len() + 1);
                while !text.is_char_boundary(a) {
                    a -= 1;
                }
                let mut b = (a + len).min(text.len());
                while !text.is_char_boundary(b) {
                    b += 1;
                }
                text = format!("{}{q}{}{q2}", &text[..a], &text[b..]);
            }
            data.extend(text.into_bytes());
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        prop_assert!(load_parts(tmp.path(), &data).is_ok());
    }
}
