//! Fuzz target over the scenario loader: the input is split on 0xFF bytes
//! into a TOML text and up to three CSV files (councils, history, targets),
//! written into a scratch folder as `scenario.toml` and `data/*.csv`, then
//! `ibcf::scenario::load` runs on it. It must return a plan or diagnostics,
//! never panic; a plan is then simulated for a few trials on one thread and
//! its data files written, which must not panic either. A part that is absent is not written (so "cannot read"
//! paths are covered too). 0xFF never occurs in UTF-8, so the seeds (the
//! tutorial's four files joined by 0xFF) split back exactly.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;

/// One scratch folder per fuzzing process, rewritten for every input.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("ibcf-fuzz-{}", std::process::id()));
        let _ = std::fs::create_dir_all(d.join("data"));
        d
    })
}

const FILES: [&str; 4] = [
    "scenario.toml",
    "data/councils.csv",
    "data/history.csv",
    "data/targets.csv",
];

fuzz_target!(|data: &[u8]| {
    let dir = scratch();
    let mut parts = data.split(|&b| b == 0xFF);
    for f in FILES {
        let p = dir.join(f);
        match parts.next() {
            Some(bytes) => {
                let _ = std::fs::write(&p, bytes);
            }
            None => {
                let _ = std::fs::remove_file(&p);
            }
        }
    }
    match ibcf::scenario::load(dir, &[]) {
        Ok(mut plan) => {
            assert!(plan.check().is_ok(), "loader returned an inconsistent plan");
            plan.trials = plan.trials.min(4);
            let cfg = ibcf::engine::RunConfig {
                threads: Some(1),
                ..ibcf::engine::RunConfig::default()
            };
            let results = ibcf::engine::run(&plan, &cfg).expect("a loaded plan runs");
            let out = dir.join("out");
            let _ = std::fs::create_dir_all(&out);
            let _ = ibcf::report::write_data_files(&out, &plan, &results);
        }
        Err(d) => assert!(!d.is_empty()),
    }
});
