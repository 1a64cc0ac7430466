//! Helpers for the split-run tests: running the binary, and comparing two
//! output folders byte for byte (only the manifest's run time may differ).

#![allow(dead_code)]

use assert_cmd::Command;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `ibcf ARGS…` in the crate root; returns (exit code, stdout, stderr).
pub fn ibcf(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("ibcf")
        .expect("binary")
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs and requires success.
pub fn ok(args: &[&str]) -> String {
    let (code, out, err) = ibcf(args);
    assert_eq!(code, 0, "ibcf {args:?} failed:\n{out}\n{err}");
    out
}

/// Every file under `dir`, by relative path.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("list").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

/// `text` with what follows each `key`, up to `stop`, replaced by `<time>`.
fn blank(text: &str, key: &str, stop: &[char]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(key) {
        out.push_str(&rest[..i + key.len()]);
        let tail = &rest[i + key.len()..];
        let end = tail.find(stop).unwrap_or(tail.len());
        out.push_str("<time>");
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// The manifest's run time blanked: `"elapsed_s": …` in JSON and the
/// "Run time" entry of report.html. Nothing else is touched.
pub fn without_run_time(bytes: &[u8]) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let t = blank(text, "\"elapsed_s\":", &[',', '\n', '}']);
            blank(&t, "Run time</dt><dd>", &['<']).into_bytes()
        }
        Err(_) => bytes.to_vec(),
    }
}

/// Asserts that two output folders hold the same files, byte for byte,
/// the run time aside; returns how many files were compared.
pub fn assert_same_folder(a: &Path, b: &Path) -> usize {
    let (fa, fb) = (files(a), files(b));
    let (ka, kb): (Vec<_>, Vec<_>) = (fa.keys().collect(), fb.keys().collect());
    assert_eq!(
        ka,
        kb,
        "different files in {} and {}",
        a.display(),
        b.display()
    );
    for (k, va) in &fa {
        let vb = &fb[k];
        assert!(
            without_run_time(va) == without_run_time(vb),
            "{} differs between {} and {}",
            k.display(),
            a.display(),
            b.display()
        );
    }
    fa.len()
}
