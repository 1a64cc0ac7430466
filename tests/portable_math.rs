//! No C library `ln`/`exp`/`pow` on the sampling path (DECISIONS #90):
//! the source of every module a trial's numbers go through is scanned, up
//! to its test module, for `f64` method calls that reach glibc (whose
//! results may differ between CPUs), so a new one cannot slip in unseen.
//! `sqrt` is IEEE-754 exact and allowed; `model::sampler::math` is the
//! replacement.

use std::path::Path;

const FILES: [&str; 14] = [
    "src/model/sampler/basic.rs",
    "src/model/sampler/mod.rs",
    "src/model/sampler/poisson.rs",
    "src/model/sampler/lanes.rs",
    "src/model/sampler/math.rs",
    "src/model/sampler/normal_quantile.rs",
    "src/model/noise.rs",
    "src/model/trajectory.rs",
    "src/model/draws.rs",
    "src/model/per_trial.rs",
    "src/model/start.rs",
    "src/model/slope.rs",
    "src/model/rng.rs",
    "src/engine/trial.rs",
];

/// Method calls that go to the C library's math functions.
const LIBM: [&str; 14] = [
    ".ln()",
    ".exp()",
    ".powf(",
    ".exp2()",
    ".log(",
    ".log2()",
    ".log10()",
    ".ln_1p()",
    ".exp_m1()",
    ".sin()",
    ".cos()",
    ".tan()",
    ".cbrt()",
    ".hypot(",
];

#[test]
fn sampling_path_calls_no_libm_function() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut found = Vec::new();
    for f in FILES {
        let text = std::fs::read_to_string(root.join(f)).unwrap_or_else(|e| panic!("{f}: {e}"));
        // Up to the file's test module (tests compare with std on purpose).
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for call in LIBM {
                if line.contains(call) {
                    found.push(format!("{f}:{}: {call} in `{}`", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "C library math on the sampling path:\n{}",
        found.join("\n")
    );
}

/// The scan sees a call where there is one (so the test above can fail).
#[test]
fn the_scan_finds_a_call() {
    let line = "    let x = (1.0 - u).ln() / r;";
    assert!(LIBM.iter().any(|c| line.contains(c)));
}
