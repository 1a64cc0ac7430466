//! Golden outputs: fixed scenarios, fixed seeds, every output file compared
//! byte for byte with the expected files committed under `tests/golden/<case>/`.
//!
//! This guards refactors (outputs must not move by accident) and makes every
//! deliberate change to an output visible in review. Text files up to
//! 64 KiB are committed in full, so a failure names the file and its first
//! differing line; PNGs and larger files are committed as SHA-256 sums in
//! `tests/golden/<case>/SHA256SUMS` (on a mismatch the actual file is kept
//! under `target/golden-actual/<case>/` for inspection). The only normalised
//! fields are the manifest's version and timing (`version`, `elapsed_s` in
//! `summary.json`; the version and run time in `report.html`).
//!
//! Regenerating the expected files is an explicit step, for changes that
//! alter outputs on purpose:
//!
//! ```sh
//! IBCF_BLESS_GOLDEN=1 cargo test --test golden
//! git diff --stat tests/golden        # review, then commit on its own, saying why
//! ```

use assert_cmd::cargo::cargo_bin_cmd;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Text files up to this size are committed in full; larger ones by hash.
const FULL_LIMIT: usize = 64 * 1024;
const SUMS: &str = "SHA256SUMS";

/// One golden case: a name (its folder under tests/golden) and the
/// arguments after `ibcf`; `--out <tmp>` is appended.
struct Case {
    name: &'static str,
    args: &'static [&'static str],
}

const CASES: &[Case] = &[
    // The tutorial exactly as a newcomer runs it: the scenario's own trials and seed.
    Case {
        name: "tutorial",
        args: &["run", "scenarios/tutorial", "--threads", "2", "--quiet"],
    },
    // The national scenario, with few trials to stay quick.
    Case {
        name: "national",
        args: &[
            "run",
            "scenarios/november-2017",
            "--trials",
            "1000",
            "--seed",
            "2017",
            "--threads",
            "2",
            "--quiet",
        ],
    },
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn blessing() -> bool {
    std::env::var_os("IBCF_BLESS_GOLDEN").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Every file under `dir`, by path relative to it (with `/` separators).
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .expect("list output folder")
            .map(|e| e.expect("entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).expect("under base");
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, fs::read(&p).expect("read output file"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// Blank the manifest's version and timing, the only fields allowed to vary.
fn normalise(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    let version = env!("CARGO_PKG_VERSION");
    let Ok(text) = String::from_utf8(bytes.clone()) else {
        return bytes;
    };
    let lines: Vec<String> = if name.ends_with("summary.json") {
        text.split('\n')
            .map(|l| {
                let key = l.trim_start();
                if key.starts_with("\"version\":") || key.starts_with("\"elapsed_s\":") {
                    let indent = &l[..l.len() - key.len()];
                    let field = key.split(':').next().unwrap_or_default();
                    let comma = if l.ends_with(',') { "," } else { "" };
                    format!("{indent}{field}: \"<normalised>\"{comma}")
                } else {
                    l.to_string()
                }
            })
            .collect()
    } else if name.ends_with(".html") {
        text.split('\n')
            .map(|l| {
                if l.starts_with("<dt>Run time</dt>") {
                    "<dt>Run time</dt><dd>&lt;normalised&gt;</dd>".to_string()
                } else {
                    l.replace(&format!("ibcf {version}"), "ibcf <version>")
                        .replace(
                            &format!("<dt>ibcf version</dt><dd>{version}</dd>"),
                            "<dt>ibcf version</dt><dd>&lt;version&gt;</dd>",
                        )
                }
            })
            .collect()
    } else {
        return bytes;
    };
    lines.join("\n").into_bytes()
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn stored_in_full(name: &str, bytes: &[u8]) -> bool {
    !name.ends_with(".png") && bytes.len() <= FULL_LIMIT && std::str::from_utf8(bytes).is_ok()
}

/// The first line where two texts differ: (1-based line, expected, actual).
fn first_difference(expected: &str, actual: &str) -> (usize, String, String) {
    let mut e = expected.split('\n');
    let mut a = actual.split('\n');
    let mut line = 1;
    loop {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (x, y) => {
                let show = |s: Option<&str>| s.map_or("<end of file>".to_string(), str::to_string);
                return (line, show(x), show(y));
            }
        }
    }
}

fn run_case(case: &Case) -> BTreeMap<String, Vec<u8>> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("out");
    let output = cargo_bin_cmd!("ibcf")
        .current_dir(root())
        .args(case.args)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run ibcf");
    assert!(
        output.status.success(),
        "case {}: ibcf {} failed: {}",
        case.name,
        case.args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    files(&out)
        .into_iter()
        .map(|(k, v)| {
            let v = normalise(&k, v);
            (k, v)
        })
        .collect()
}

fn bless(case: &Case, actual: &BTreeMap<String, Vec<u8>>) {
    let dir = root().join("tests/golden").join(case.name);
    if dir.exists() {
        fs::remove_dir_all(&dir).expect("clear golden folder");
    }
    let mut sums = String::new();
    for (name, bytes) in actual {
        if stored_in_full(name, bytes) {
            let path = dir.join(name);
            fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            fs::write(&path, bytes).expect("write golden file");
        } else {
            sums.push_str(&format!("{}  {name}\n", sha256(bytes)));
        }
    }
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join(SUMS), sums).expect("write sums");
}

fn compare(case: &Case, actual: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let dir = root().join("tests/golden").join(case.name);
    let sums_text = fs::read_to_string(dir.join(SUMS)).unwrap_or_else(|e| {
        panic!(
            "case {}: no {} in {} ({e}); run IBCF_BLESS_GOLDEN=1 cargo test --test golden",
            case.name,
            SUMS,
            dir.display()
        )
    });
    let sums: BTreeMap<String, String> = sums_text
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, n)| (n.to_string(), h.to_string()))
        .collect();
    let mut expected_names: Vec<String> = sums.keys().cloned().collect();
    for (name, _) in files(&dir) {
        if name != SUMS {
            expected_names.push(name);
        }
    }
    let mut problems = Vec::new();
    for name in &expected_names {
        if !actual.contains_key(name) {
            problems.push(format!("{}/{name}: expected but not written", case.name));
        }
    }
    let kept = root().join("target/golden-actual").join(case.name);
    for (name, bytes) in actual {
        if let Some(hash) = sums.get(name) {
            let got = sha256(bytes);
            if &got != hash {
                let path = kept.join(name);
                fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                fs::write(&path, bytes).expect("keep actual");
                problems.push(format!(
                    "{}/{name}: SHA-256 {got}, expected {hash} (actual kept at {})",
                    case.name,
                    path.display()
                ));
            }
            continue;
        }
        let path = dir.join(name);
        let Ok(expected) = fs::read(&path) else {
            problems.push(format!("{}/{name}: written but not expected", case.name));
            continue;
        };
        if &expected != bytes {
            let (line, e, a) = first_difference(
                &String::from_utf8_lossy(&expected),
                &String::from_utf8_lossy(bytes),
            );
            problems.push(format!(
                "{}/{name}: first difference at line {line}\n  expected: {e}\n  actual:   {a}",
                case.name
            ));
        }
    }
    problems
}

#[test]
fn outputs_match_the_committed_golden_files() {
    let mut problems = Vec::new();
    for case in CASES {
        let actual = run_case(case);
        assert!(!actual.is_empty(), "case {}: no output files", case.name);
        if blessing() {
            bless(case, &actual);
        } else {
            problems.extend(compare(case, &actual));
        }
    }
    assert!(
        problems.is_empty(),
        "golden outputs differ ({} problems); if the change is deliberate, run \
         IBCF_BLESS_GOLDEN=1 cargo test --test golden and commit the new files \
         on their own, saying why:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn normalising_touches_only_version_and_timing() {
    let json = "{\n  \"manifest\": {\n    \"version\": \"9.9.9\",\n    \"seed\": 7,\n    \"elapsed_s\": 0.5,\n    \"trials\": 3\n  }\n}";
    let n = String::from_utf8(normalise("summary.json", json.as_bytes().to_vec())).expect("utf8");
    assert!(n.contains("\"version\": \"<normalised>\","), "{n}");
    assert!(n.contains("\"elapsed_s\": \"<normalised>\","), "{n}");
    assert!(
        n.contains("\"seed\": 7,") && n.contains("\"trials\": 3\n"),
        "{n}"
    );
    let v = env!("CARGO_PKG_VERSION");
    let html = format!(
        "<meta name=\"generator\" content=\"ibcf {v}\">\n<dt>Run time</dt><dd>0.1 s</dd>\n<dt>Seed</dt><dd>7</dd>"
    );
    let n = String::from_utf8(normalise("report.html", html.into_bytes())).expect("utf8");
    assert!(!n.contains(v) && !n.contains("0.1 s"), "{n}");
    assert!(n.contains("<dt>Seed</dt><dd>7</dd>"), "{n}");
    assert_eq!(first_difference("a\nb\nc", "a\nx\nc").0, 2);
    assert_eq!(first_difference("a\nb", "a\nb\nc").0, 3);
}
