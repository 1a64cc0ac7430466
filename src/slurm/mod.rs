//! Slurm as it is: batch scripts for a job array whose task K runs shard
//! K/N of a command and writes its part file, and a merge job that waits for
//! the array (`--dependency=afterok`), plus submitting them with `sbatch`.
//! ibcf schedules nothing itself.
//!
//! Re-running is cheap: [`pending`] lists the shards whose part file is
//! missing or invalid, and only those go into the next array.
//!
//! [`prepare`] is the rest of `ibcf slurm`: its flags, the job, the scripts
//! on disk, submitting, and the summary it prints.

pub mod prepare;

use crate::shard::Shard;
use crate::shard::part::{self, Header};
use std::path::{Path, PathBuf};
use std::process::Command;

/// What to submit.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// Job name (`ibcf-<scenario>`).
    pub name: String,
    pub shards: u32,
    pub partition: Option<String>,
    pub time: Option<String>,
    pub mem: Option<String>,
    pub cpus: Option<u32>,
    /// `--account`, `--qos`: many clusters require an account.
    pub account: Option<String>,
    pub qos: Option<String>,
    /// Extra `#SBATCH` lines, as given (`--constraint=x`), without the prefix.
    pub sbatch: Vec<String>,
    /// Shell lines run before ibcf in every job (e.g. `module load …`).
    pub setup: Vec<String>,
    /// Absolute folder the jobs run in (where the scenario path resolves).
    pub workdir: PathBuf,
    /// The ibcf binary the jobs run (on a filesystem the nodes see).
    pub ibcf: PathBuf,
    /// The command to split, e.g. `["run", "scenarios/x", "--trials", "1000000"]`,
    /// without `--out`, `--force` or `--shard`.
    pub command: Vec<String>,
    /// Folder of the part files, scripts and logs.
    pub parts: PathBuf,
    /// The merged output folder.
    pub out: PathBuf,
    /// Whether the merge replaces an existing output folder.
    pub force: bool,
}

/// Quotes a word for a POSIX shell (single quotes; unchanged when safe).
pub fn quote(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+%@".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// `1-3,5,7-9`: Slurm's `--array` list of the tasks.
pub fn array_spec(tasks: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tasks.len() {
        let mut j = i;
        while j + 1 < tasks.len() && tasks[j + 1] == tasks[j] + 1 {
            j += 1;
        }
        out.push(match j > i {
            true => format!("{}-{}", tasks[i], tasks[j]),
            false => tasks[i].to_string(),
        });
        i = j + 1;
    }
    out.join(",")
}

fn directives(job: &Job, name: &str, log: &Path) -> String {
    let mut s = format!(
        "#!/bin/bash\n#SBATCH --job-name={}\n#SBATCH --chdir={}\n#SBATCH --output={}\n",
        quote(name),
        quote(&job.workdir.display().to_string()),
        quote(&log.display().to_string())
    );
    let opt = |k: &str, v: &Option<String>| {
        v.as_ref()
            .map_or(String::new(), |v| format!("#SBATCH --{k}={}\n", quote(v)))
    };
    s.push_str(&opt("partition", &job.partition));
    s.push_str(&opt("time", &job.time));
    s.push_str(&opt("mem", &job.mem));
    s.push_str(&opt("cpus-per-task", &job.cpus.map(|c| c.to_string())));
    s.push_str(&opt("account", &job.account));
    s.push_str(&opt("qos", &job.qos));
    for l in &job.sbatch {
        s.push_str(&format!("#SBATCH {l}\n"));
    }
    s
}

/// `set -euo pipefail`, the setup lines, and `exec ibcf ARGV… TAIL`
/// (`tail` is shell text, not quoted: it may expand Slurm's variables).
fn body(job: &Job, argv: &[String], tail: &str) -> String {
    let mut s = String::from("set -euo pipefail\n");
    for l in &job.setup {
        s.push_str(l);
        s.push('\n');
    }
    let words: Vec<String> = argv.iter().map(|a| quote(a)).collect();
    s.push_str(&format!(
        "exec {} {}{tail}\n",
        quote(&job.ibcf.display().to_string()),
        words.join(" ")
    ));
    s
}

/// The job-array script: task K runs shard K/N into the parts folder, with
/// as many threads as CPUs Slurm gave it.
pub fn array_script(job: &Job, tasks: &[u32]) -> String {
    let log = job.parts.join("logs").join("shard-%a.out");
    let mut s = directives(job, &job.name, &log);
    s.push_str(&format!("#SBATCH --array={}\n", array_spec(tasks)));
    let mut argv = job.command.clone();
    argv.extend([
        "--out".into(),
        job.parts.display().to_string(),
        "--force".into(),
        "--quiet".into(),
    ]);
    let tail = format!(
        " --shard \"${{SLURM_ARRAY_TASK_ID}}/{}\" --threads \"${{SLURM_CPUS_PER_TASK:-1}}\"",
        job.shards
    );
    s.push_str(&body(job, &argv, &tail));
    s
}

/// The merge job's script (submitted with `--dependency=afterok:<array>`).
pub fn merge_script(job: &Job) -> String {
    let log = job.parts.join("logs").join("merge.out");
    let mut s = directives(job, &format!("{}-merge", job.name), &log);
    s.push_str("#SBATCH --kill-on-invalid-dep=yes\n");
    let mut argv = vec![
        "merge".to_string(),
        job.parts.display().to_string(),
        "--out".into(),
        job.out.display().to_string(),
    ];
    if job.force {
        argv.push("--force".into());
    }
    s.push_str(&body(job, &argv, ""));
    s
}

/// A script that submits the array, then the merge depending on it (what
/// `--submit` does, for submitting by hand).
pub fn submit_script(job: &Job, tasks: &[u32]) -> String {
    let (a, m) = (job.parts.join("job-array.sh"), job.parts.join("merge.sh"));
    let (a, m) = (
        quote(&a.display().to_string()),
        quote(&m.display().to_string()),
    );
    match tasks.is_empty() {
        true => format!("#!/bin/bash\nset -euo pipefail\nsbatch {m}\n"),
        false => format!(
            "#!/bin/bash\nset -euo pipefail\narray=$(sbatch --parsable {a})\nsbatch --dependency=afterok:${{array%%;*}} {m}\n"
        ),
    }
}

/// Whether the part of shard `k` in `job.parts` is present, intact and of
/// this job: its checksum holds, it is shard k/N, and `same(header)`.
pub fn part_ok(job: &Job, k: u32, same: &dyn Fn(&Header) -> bool) -> bool {
    let path = job.parts.join(Shard { k, n: job.shards }.file_name());
    match part::read_header(&path) {
        Ok(h) => h.shard == (k, job.shards) && same(&h),
        Err(_) => false,
    }
}

/// Shards (1-based) whose part is missing or invalid.
pub fn pending(job: &Job, same: &dyn Fn(&Header) -> bool) -> Vec<u32> {
    (1..=job.shards)
        .filter(|&k| !part_ok(job, k, same))
        .collect()
}

/// Why preparing or submitting a split failed.
#[derive(Debug, thiserror::Error)]
pub enum SlurmError {
    /// Slurm's own flags, as clap words it.
    #[error("{0}")]
    Flags(clap::Error),
    /// A flag value or wrapped command that cannot be split.
    #[error("{0}")]
    Input(String),
    /// Writing the scripts, or finding the current folder or binary.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("cannot run sbatch ({0}); is Slurm installed here and on PATH?")]
    Spawn(std::io::Error),
    #[error("sbatch {script} failed: {stderr}")]
    Refused { script: String, stderr: String },
}

/// Submits `script` with `sbatch --parsable` (after `--dependency=afterok:ID`
/// when given) and returns the job id.
///
/// # Errors
/// sbatch missing or refusing the job.
pub fn sbatch(script: &Path, after: Option<&str>) -> Result<String, SlurmError> {
    let mut cmd = Command::new("sbatch");
    cmd.arg("--parsable");
    if let Some(id) = after {
        cmd.arg(format!("--dependency=afterok:{id}"));
    }
    let out = cmd.arg(script).output().map_err(SlurmError::Spawn)?;
    let text = String::from_utf8_lossy(&out.stdout);
    let id = text.trim().split(';').next().unwrap_or("").to_string();
    if !out.status.success() || id.is_empty() {
        return Err(SlurmError::Refused {
            script: script.display().to_string(),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        });
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        Job {
            name: "ibcf-t".into(),
            shards: 4,
            partition: Some("short".into()),
            time: Some("00:10:00".into()),
            mem: None,
            cpus: Some(2),
            account: None,
            qos: None,
            sbatch: Vec::new(),
            setup: vec!["module load gcc".into()],
            workdir: "/home/me/proj".into(),
            ibcf: "/home/me/bin/ibcf".into(),
            command: vec!["run".into(), "scenarios/my x".into()],
            parts: "/scratch/me/p".into(),
            out: "/home/me/out".into(),
            force: false,
        }
    }

    #[test]
    fn array_lists_and_scripts() {
        assert_eq!(array_spec(&[1, 2, 3, 5, 7, 8]), "1-3,5,7-8");
        assert_eq!(array_spec(&[4]), "4");
        let s = array_script(&job(), &[2, 3]);
        assert!(s.starts_with("#!/bin/bash\n"));
        for want in [
            "#SBATCH --array=2-3\n",
            "#SBATCH --partition=short\n",
            "#SBATCH --time=00:10:00\n",
            "#SBATCH --cpus-per-task=2\n",
            "module load gcc\n",
            "--shard \"${SLURM_ARRAY_TASK_ID}/4\"",
            "exec /home/me/bin/ibcf run 'scenarios/my x' --out /scratch/me/p --force --quiet --shard \"${SLURM_ARRAY_TASK_ID}/4\" --threads \"${SLURM_CPUS_PER_TASK:-1}\"\n",
        ] {
            assert!(s.contains(want), "{want} not in\n{s}");
        }
        assert!(!s.contains("--mem"));
        let m = merge_script(&job());
        assert!(m.contains("exec /home/me/bin/ibcf merge /scratch/me/p --out /home/me/out\n"));
        assert!(m.contains("--kill-on-invalid-dep=yes"));
        assert!(submit_script(&job(), &[1]).contains("--dependency=afterok:"));
        assert!(!submit_script(&job(), &[]).contains("job-array"));
        assert_eq!(quote("it's"), r"'it'\''s'");
    }
}
