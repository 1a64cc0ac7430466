//! `ibcf slurm` without a cluster (issue 24): the scripts it writes and what
//! it refuses. The real cluster run is `slurm_cluster.rs`.

mod common;
use common::split::{ibcf, ok};
use std::path::Path;

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// An existing output folder without `--force`: refused before any script
/// is written (the array would run, then the merge fail); with `--force`
/// the merge job passes it on.
#[test]
fn an_existing_output_folder_is_refused_at_generation_unless_force() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&out).expect("mkdir");
    let o = out.display().to_string();
    let base = [
        "slurm",
        "run",
        "scenarios/tutorial",
        "--trials",
        "300",
        "--shards",
        "2",
        "--out",
        &o,
    ];
    let (code, stdout, err) = ibcf(&base);
    assert_eq!(code, 2, "{stdout}\n{err}");
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    let parts = tmp.path().join("out.parts");
    assert!(!parts.exists(), "scripts written before the refusal");

    let mut forced = base.to_vec();
    forced.push("--force");
    ok(&forced);
    let merge = read(&parts.join("merge.sh"));
    let exec = merge
        .lines()
        .find(|l| l.starts_with("exec "))
        .expect("exec line");
    assert!(exec.ends_with(" --force"), "{merge}");
}

/// `--account`, `--qos` and repeated `--sbatch LINE` become `#SBATCH`
/// lines in both scripts; a line with a newline is refused.
#[test]
fn account_qos_and_extra_sbatch_lines_reach_both_scripts() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = tmp.path().join("out").display().to_string();
    ok(&[
        "slurm",
        "run",
        "scenarios/tutorial",
        "--trials",
        "300",
        "--shards",
        "2",
        "--out",
        &o,
        "--account",
        "proj-42",
        "--qos",
        "short",
        "--sbatch",
        "--constraint=skylake",
        "--sbatch",
        "#SBATCH --mail-type=END",
    ]);
    let parts = tmp.path().join("out.parts");
    for f in ["job-array.sh", "merge.sh"] {
        let s = read(&parts.join(f));
        for want in [
            "#SBATCH --account=proj-42\n",
            "#SBATCH --qos=short\n",
            "#SBATCH --constraint=skylake\n",
            "#SBATCH --mail-type=END\n",
        ] {
            assert!(s.contains(want), "{want:?} not in {f}:\n{s}");
        }
        // Every directive comes before the first command.
        let first_cmd = s.find("set -euo").expect("body");
        assert!(s.rfind("#SBATCH").expect("directives") < first_cmd, "{s}");
    }
    let (code, _, err) = ibcf(&[
        "slurm",
        "run",
        "scenarios/tutorial",
        "--shards",
        "2",
        "--out",
        &o,
        "--force",
        "--sbatch",
        "--x=1\nrm -rf /",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--sbatch"), "{err}");
}

/// The printed `submit with:` line is a shell command that works when the
/// path has a space: the path is quoted.
#[test]
fn the_submit_line_quotes_a_path_with_spaces() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = tmp.path().join("my runs/out").display().to_string();
    let stdout = ok(&[
        "slurm",
        "run",
        "scenarios/tutorial",
        "--trials",
        "300",
        "--shards",
        "2",
        "--out",
        &o,
    ]);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("submit with: bash "))
        .expect("submit line");
    let want = format!(
        "'{}'",
        tmp.path().join("my runs/out.parts/submit.sh").display()
    );
    assert_eq!(line, want, "{stdout}");
}
