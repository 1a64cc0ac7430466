//! One mistake, one error (issue 24): three natural mistakes in the default
//! scenario's councils file, each of which used to cascade into dozens or
//! hundreds of problems in the other files. Each must now give exactly one
//! problem, at the place to fix.

#[path = "fixtures/catalogue_support.rs"]
mod support;

use support::*;

/// A copy of `scenarios/november-2017` whose councils file is `edit(text)`.
fn november_with_councils(edit: impl FnOnce(&str) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017");
    copy_dir(&from, dir.path());
    let p = dir.path().join("data/councils.csv");
    let text = std::fs::read_to_string(&p).expect("read");
    std::fs::write(&p, edit(&text)).expect("write");
    dir
}

/// The `N problem(s) found` count at the end of stderr.
fn problems(err: &str) -> usize {
    err.lines()
        .find_map(|l| l.strip_suffix(" problem(s) found"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no problem count in:\n{err}"))
}

/// `E1000018` typed for `E10000018` (Leicestershire, row 139): one error at
/// the councils file's row naming both codes; nothing from history.csv,
/// calibration.toml, the targets or the criteria.
#[test]
fn a_code_typo_in_the_councils_file_gives_one_error_at_its_row() {
    let dir = november_with_councils(|t| {
        assert!(t.contains("\nE10000018,Leicestershire,"));
        t.replacen(
            "\nE10000018,Leicestershire,",
            "\nE1000018,Leicestershire,",
            1,
        )
        .into_bytes()
    });
    let err = fails_with(
        dir.path(),
        &[],
        &[
            "councils.csv:139:1",
            "E1000018",
            "`E10000018`",
            "Leicestershire",
        ],
    );
    assert_eq!(problems(&err), 1, "{err}");
    assert!(!err.contains("E10000008"), "Devon suggested:\n{err}");
    assert!(!err.contains("history.csv:"), "{err}");
    assert!(!err.contains("calibration.toml:"), "{err}");
}

/// The councils file saved by Excel as Windows-1252 (a name with an accent):
/// the "not UTF-8" error alone, none for the councils as unknown elsewhere.
#[test]
fn a_windows_1252_councils_file_gives_only_the_encoding_error() {
    let dir = november_with_councils(|t| {
        let t = t.replacen("Leicestershire", "Leicestershire\u{e9}", 1);
        // Windows-1252 for this text: ASCII as is, é as the single byte 0xE9.
        t.chars()
            .map(|c| if c == '\u{e9}' { 0xE9 } else { c as u8 })
            .collect()
    });
    let err = fails_with(
        dir.path(),
        &[],
        &["is not UTF-8 text", "CSV UTF-8 (Comma delimited)"],
    );
    assert_eq!(problems(&err), 1, "{err}");
    assert!(!err.contains("is not in the councils file"), "{err}");
    assert!(!err.contains("unknown council"), "{err}");
}

/// The councils file cut down to the user's own council: one error saying
/// the rules rank councils against each other, so keep every council.
#[test]
fn a_councils_file_with_only_your_own_council_gives_one_error() {
    let dir = november_with_councils(|t| {
        let mut lines = t.lines();
        let head = lines.next().unwrap_or_default();
        let own = lines
            .find(|l| l.starts_with("E10000018,"))
            .expect("Leicestershire");
        format!("{head}\n{own}\n").into_bytes()
    });
    let err = fails_with(
        dir.path(),
        &[],
        &[
            "rank councils against each other",
            "keep every council",
            "change your own row",
        ],
    );
    assert_eq!(problems(&err), 1, "{err}");
    assert!(
        err.lines().count() < 30,
        "{} lines:\n{err}",
        err.lines().count()
    );
}

/// An allocation entered in thousands of pounds (Leicestershire's £8.46m as
/// 8463): a warning naming the council and the file line; the scenario still
/// validates. The real data give no warning.
#[test]
fn an_allocation_in_thousands_of_pounds_is_warned_about() {
    let (code, out, err) = validate(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/november-2017"),
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("warning"), "the real data warned:\n{err}");
    let dir = november_with_councils(|t| {
        let row = "E10000018,Leicestershire,East Midlands,546011,8463381";
        assert!(t.contains(row));
        t.replacen(row, "E10000018,Leicestershire,East Midlands,546011,8463", 1)
            .into_bytes()
    });
    let (code, out2, err) = validate(dir.path(), &[]);
    assert_eq!(code, 0, "a warning is not an error:\n{err}");
    assert!(
        out2.starts_with("ok: ") && out.starts_with("ok: "),
        "{out2}"
    );
    for want in [
        "warning:",
        "councils.csv:139:",
        "Leicestershire",
        "E10000018",
        "thousands of pounds",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
}
