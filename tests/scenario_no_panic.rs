//! Bad input never panics: random edits of the tutorial's TOML and CSV text
//! always give either a plan or rendered diagnostics.

use proptest::prelude::*;
use std::path::PathBuf;

fn tutorial() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios/tutorial")
}

/// Replaces `len` bytes at `at` (clamped to char boundaries) with `insert`.
fn mutate(text: &str, at: usize, len: usize, insert: &str) -> String {
    let mut a = at.min(text.len());
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (a + len).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    format!("{}{}{}", &text[..a], insert, &text[b..])
}

fn edits() -> impl Strategy<Value = (usize, usize, String)> {
    let insert = prop_oneof![
        Just(String::new()),
        Just("£".to_string()),
        Just("\"".to_string()),
        Just("[".to_string()),
        Just("-".to_string()),
        Just("9999".to_string()),
        Just(",,".to_string()),
        Just("\n".to_string()),
        "[a-z_=.0-9 ]{1,6}",
    ];
    (0usize..12_000, 0usize..8, insert)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn edited_scenarios_never_panic((at, len, insert) in edits(), which in 0usize..3) {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("data")).expect("mkdir");
        for f in ["scenario.toml", "data/councils.csv", "data/history.csv", "data/targets.csv"] {
            let text = std::fs::read_to_string(tutorial().join(f)).expect("read");
            let target = ["scenario.toml", "data/history.csv", "data/councils.csv"][which];
            let text = if f == target { mutate(&text, at % (text.len() + 1), len, &insert) } else { text };
            std::fs::write(dir.path().join(f), text).expect("write");
        }
        match ibcf::scenario::load(dir.path(), &[]) {
            Ok(plan) => prop_assert!(plan.check().is_ok()),
            Err(d) => prop_assert!(!d.render().is_empty()),
        }
    }

    #[test]
    fn random_set_overrides_never_panic(key in "[a-z_.0-9-]{0,30}", value in "[ -~]{0,12}") {
        let set = vec![format!("{key}={value}")];
        match ibcf::scenario::load(&tutorial(), &set) {
            Ok(plan) => prop_assert!(plan.check().is_ok()),
            Err(d) => prop_assert!(!d.render().is_empty()),
        }
    }
}
