//! The one place that owns output paths and the atomic write of a run's
//! folder: everything goes into a temporary sibling `.<name>.tmp-<pid>`,
//! which is renamed into place only when complete. An existing folder is
//! replaced only when asked (`--force`); on any failure the temporary folder
//! is removed, so nothing half-written is ever left under the target name.
//!
//! A run killed outright (SIGKILL, power loss) cannot clean up: it may leave
//! `.<name>.tmp-<pid>` (a partial new run) or, if killed between the two
//! renames of a `--force` commit, `.<name>.old-<pid>` (the previous complete
//! run) with no target. The next run for the same target sweeps these when
//! their pid is no longer running (Linux: no `/proc/<pid>`): temporary folders
//! are removed, and an `.old` folder is put back as the target when the target
//! is missing (removed otherwise). Elsewhere, or while the pid is alive, they
//! are left alone.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const SUMMARY_JSON: &str = "summary.json";
pub const COUNCILS_CSV: &str = "councils.csv";
pub const NATIONAL_CSV: &str = "national.csv";
pub const FAIRNESS_CSV: &str = "fairness.csv";
pub const FUNNEL_CSV: &str = "funnel.csv";
pub const COMPARISON_CSV: &str = "comparison.csv";
pub const PATHS_CSV: &str = "paths.csv";
pub const SCENARIO_TOML: &str = "scenario.toml";
pub const EXPLAIN_TXT: &str = "explain.txt";

/// What a folder under `output/` holds: its default name follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder<'a> {
    /// `ibcf run` (and `ibcf merge` of a run's parts): `output/<scenario>`.
    Run,
    /// `ibcf sweep`: `output/sweep-<scenario>`.
    Sweep,
    /// `ibcf sensitivity`: `output/sensitivity-<scenario>`.
    Sensitivity,
    /// `ibcf design`: `output/design-<scenario>`.
    Design,
    /// `ibcf backtest`: `output/<scenario>-backtest`.
    Backtest,
    /// `ibcf stress --council CODE`: `output/<scenario>-stress-<CODE>`.
    Stress(&'a str),
}

/// The default folder of `what` for the scenario named `name`; the one
/// place output folders are named.
pub fn default_for(what: Folder<'_>, name: &str) -> PathBuf {
    let leaf = match what {
        Folder::Run => name.to_string(),
        Folder::Sweep => format!("sweep-{name}"),
        Folder::Sensitivity => format!("sensitivity-{name}"),
        Folder::Design => format!("design-{name}"),
        Folder::Backtest => format!("{name}-backtest"),
        Folder::Stress(code) => format!("{name}-stress-{code}"),
    };
    Path::new("output").join(leaf)
}

/// Default output folder for a scenario's run: `output/<name>`.
pub fn default_dir(name: &str) -> PathBuf {
    default_for(Folder::Run, name)
}

/// Where the parts of a split command go by default: its folder's name with
/// `.parts` added (`output/<name>.parts`, `output/sweep-<name>.parts`).
pub fn parts_for(folder: &Path) -> PathBuf {
    let mut name = folder.file_name().unwrap_or_default().to_os_string();
    name.push(".parts");
    folder.with_file_name(name)
}

/// Why an output folder could not be prepared or committed.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
}

impl OutputError {
    /// The underlying I/O error (an existing target as `AlreadyExists`),
    /// for callers that name the file in their own error.
    pub fn into_io(self) -> io::Error {
        match self {
            OutputError::Io { source, .. } => source,
            e @ OutputError::Exists(_) => {
                io::Error::new(io::ErrorKind::AlreadyExists, e.to_string())
            }
        }
    }
}

fn ctx(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Fails early when `target` exists and `force` is off.
///
/// # Errors
/// [`OutputError::Exists`].
pub fn check_target(target: &Path, force: bool) -> Result<(), OutputError> {
    if target.exists() && !force {
        return Err(OutputError::Exists(target.to_path_buf()));
    }
    Ok(())
}

/// Writes one file atomically: into a temporary sibling (synced), then
/// renamed into place, so `path` is either absent, its old self or complete.
/// An existing file is replaced only with `force`. Parent folders are created.
///
/// # Errors
/// [`OutputError::Exists`] without `force`; [`OutputError::Io`].
pub fn write_file(path: &Path, bytes: &[u8], force: bool) -> Result<(), OutputError> {
    use std::io::Write;
    check_target(path, force)?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir).map_err(ctx(dir))?;
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(ctx(path))
}

/// A run's folder being written: files go to [`Staging::path`]; dropped
/// without [`Staging::commit`], the temporary folder is removed.
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    temp: PathBuf,
    force: bool,
    done: bool,
}

fn sibling(target: &Path, tag: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let parent = target.parent().unwrap_or(Path::new(""));
    parent.join(format!(".{name}.{tag}-{}", std::process::id()))
}

impl Staging {
    /// Creates the temporary sibling folder (and the target's parents).
    ///
    /// # Errors
    /// The target exists without `force`, or the folder cannot be created.
    pub fn new(target: &Path, force: bool) -> Result<Staging, OutputError> {
        sweep_stale(target);
        check_target(target, force)?;
        let temp = sibling(target, "tmp");
        if temp.exists() {
            std::fs::remove_dir_all(&temp).map_err(ctx(&temp))?;
        }
        std::fs::create_dir_all(&temp).map_err(ctx(&temp))?;
        Ok(Staging {
            target: target.to_path_buf(),
            temp,
            force,
            done: false,
        })
    }

    /// Where to write the files.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// The folder the files will be renamed to.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Renames the finished folder into place, replacing an existing one
    /// (moved aside first, removed after) when `force` was given.
    ///
    /// # Errors
    /// The target appeared meanwhile without `force`, or a rename failed.
    pub fn commit(mut self) -> Result<PathBuf, OutputError> {
        let t = self.target.clone();
        if t.exists() {
            if !self.force {
                return Err(OutputError::Exists(t));
            }
            let old = sibling(&t, "old");
            std::fs::rename(&t, &old).map_err(ctx(&t))?;
            if let Err(e) = std::fs::rename(&self.temp, &t) {
                // Put the previous run back rather than lose it.
                let _ = std::fs::rename(&old, &t);
                return Err(ctx(&t)(e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&self.temp, &t).map_err(ctx(&t))?;
        }
        self.done = true;
        Ok(t)
    }
}

/// Whether process `pid` is known to have ended (Linux only; `false` when unsure).
fn pid_dead(pid: u32) -> bool {
    let proc = Path::new("/proc");
    proc.join("self").exists() && !proc.join(pid.to_string()).exists()
}

/// Leftovers of killed runs for `target`: `(path, tag, pid)` for each
/// `.<name>.tmp-<pid>` / `.<name>.old-<pid>` sibling.
pub fn stale_siblings(target: &Path) -> Vec<(PathBuf, &'static str, u32)> {
    let Some(name) = target.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return Vec::new();
    };
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        for tag in ["tmp", "old"] {
            let pid = file
                .strip_prefix(&format!(".{name}.{tag}-"))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(pid) = pid {
                out.push((e.path(), tag, pid));
            }
        }
    }
    out.sort();
    out
}

/// Removes stale temporary folders of dead runs and restores a previous run
/// left aside by a commit that was killed half way (see the module docs).
pub fn sweep_stale(target: &Path) {
    for (path, tag, pid) in stale_siblings(target) {
        if pid == std::process::id() || !pid_dead(pid) {
            continue;
        }
        if tag == "old" && !target.exists() {
            if std::fs::rename(&path, target).is_ok() {
                eprintln!(
                    "note: restored {} from {} (a run was killed while replacing it)",
                    target.display(),
                    path.display()
                );
            }
        } else {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_names_its_folder_here() {
        let n = "november-2017";
        assert_eq!(
            default_for(Folder::Run, n),
            Path::new("output/november-2017")
        );
        assert_eq!(
            default_for(Folder::Sweep, n),
            Path::new("output/sweep-november-2017")
        );
        assert_eq!(
            default_for(Folder::Backtest, n),
            Path::new("output/november-2017-backtest")
        );
        assert_eq!(
            default_for(Folder::Stress("E10000018"), n),
            Path::new("output/november-2017-stress-E10000018")
        );
        assert_ne!(
            default_for(Folder::Stress("E10000018"), "tutorial"),
            default_for(Folder::Stress("E10000018"), n),
            "two scenarios' stress tests of one council share a folder"
        );
        let parts = parts_for(&default_for(Folder::Sensitivity, n));
        assert_eq!(parts, Path::new("output/sensitivity-november-2017.parts"));
    }

    #[test]
    fn commit_replaces_only_with_force_and_failure_cleans_up() {
        let root = tempfile::tempdir().expect("tempdir");
        let target = root.path().join("run");
        let s = Staging::new(&target, false).expect("stage");
        std::fs::write(s.path().join("a.txt"), "1").expect("write");
        s.commit().expect("commit");
        assert!(target.join("a.txt").exists());
        assert!(matches!(
            Staging::new(&target, false),
            Err(OutputError::Exists(_))
        ));
        let s = Staging::new(&target, true).expect("stage");
        let temp = s.path().to_path_buf();
        std::fs::write(s.path().join("b.txt"), "2").expect("write");
        drop(s); // a failure before commit
        assert!(!temp.exists());
        assert!(target.join("a.txt").exists());
        let s = Staging::new(&target, true).expect("stage");
        std::fs::write(s.path().join("b.txt"), "2").expect("write");
        s.commit().expect("commit");
        assert!(target.join("b.txt").exists() && !target.join("a.txt").exists());
        let leftovers = std::fs::read_dir(root.path()).expect("list").count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn stale_siblings_of_dead_runs_are_swept_and_an_old_run_restored() {
        let root = tempfile::tempdir().expect("tempdir");
        let target = root.path().join("run");
        // pid 4294967295 cannot be running; our own pid is.
        let dead_tmp = root.path().join(".run.tmp-4294967295");
        let live_tmp = root.path().join(format!(".run.tmp-{}", std::process::id()));
        let dead_old = root.path().join(".run.old-4294967294");
        let other = root.path().join(".other.tmp-4294967295");
        for d in [&dead_tmp, &live_tmp, &dead_old, &other] {
            std::fs::create_dir_all(d).expect("mkdir");
        }
        std::fs::write(dead_old.join("summary.json"), "{}").expect("write");
        assert_eq!(stale_siblings(&target).len(), 3);
        sweep_stale(&target);
        if pid_dead(4_294_967_295) {
            assert!(!dead_tmp.exists() && !dead_old.exists());
            assert!(
                target.join("summary.json").is_file(),
                "previous run restored"
            );
        }
        assert!(
            live_tmp.exists() && other.exists(),
            "only dead runs of this target"
        );
    }
}
