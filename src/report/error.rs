//! Why the presentation side (reading a run folder, the workbook, charts,
//! maps, the page, attaching stress results) could not finish. Each message
//! is complete (it starts with `error: `). Only `commands::fail` turns these
//! into exit codes: [`ReportError::is_input`] says which are the user's to fix.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::XlsxError;

/// A report-layer failure.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file the user gave (a run folder's file, a `stress.csv`) cannot be
    /// opened or read (the user's to fix).
    #[error("error: cannot read {}: {why}", .path.display())]
    Unreadable { path: PathBuf, why: String },
    /// A file the user gave is not what it should be: bad CSV or JSON, a
    /// missing column, a bad value, files that disagree (the user's to fix).
    /// `line` and `column` locate the problem where one applies.
    #[error("error: {}: {why}", place(.path, .line, .column))]
    Malformed {
        path: PathBuf,
        line: Option<u64>,
        column: Option<u64>,
        why: String,
    },
    /// The folder given to `ibcf report` is not a run folder (the user's to fix).
    #[error("error: {} is not a folder written by `ibcf run`", .0.display())]
    NotRunFolder(PathBuf),
    /// The folder given to `--stress` holds no `stress.csv` (the user's to fix).
    #[error(
        "error: {} has no stress.csv; give a folder written by `ibcf stress`",
        .0.display()
    )]
    NotStressFolder(PathBuf),
    /// A file or folder could not be created or written (a run failure);
    /// `doing` says what, e.g. `writing report.html`, `cannot create plots`.
    #[error("error: {doing}: {source}")]
    Io { doing: String, source: io::Error },
    /// An output file could not be written and the caller named none (a
    /// run failure); the message is the system's alone.
    #[error("error: {0}")]
    Os(#[from] io::Error),
    /// A chart could not be drawn (a run failure); `chart` is its file stem.
    #[error("error: drawing {chart}: {why}")]
    Draw { chart: String, why: String },
    /// The bundled chart font could not be registered (a run failure).
    #[error("error: the bundled chart font could not be loaded")]
    Font,
    /// The workbook could not be built or saved (a run failure).
    #[error("error: writing workbook: {0}")]
    Workbook(#[source] XlsxError),
    /// A worksheet copied from a CSV could not be written (a run failure).
    #[error("error: writing workbook sheet: {0}")]
    Sheet(#[source] XlsxError),
}

impl ReportError {
    /// Whether the user's input is at fault (a file or folder they gave),
    /// rather than the work failing.
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            ReportError::Unreadable { .. }
                | ReportError::Malformed { .. }
                | ReportError::NotRunFolder(_)
                | ReportError::NotStressFolder(_)
        )
    }

    /// `path` cannot be opened or read.
    pub fn unreadable(path: &Path, why: impl ToString) -> ReportError {
        ReportError::Unreadable {
            path: path.to_path_buf(),
            why: why.to_string(),
        }
    }

    /// `path` is malformed (no line or column to point at).
    pub fn malformed(path: &Path, why: impl ToString) -> ReportError {
        ReportError::Malformed {
            path: path.to_path_buf(),
            line: None,
            column: None,
            why: why.to_string(),
        }
    }

    /// An I/O failure while `doing` something (`writing X`, `cannot create X`).
    pub fn io(doing: impl Into<String>, source: io::Error) -> ReportError {
        ReportError::Io {
            doing: doing.into(),
            source,
        }
    }
}

/// `path`, then `:line` and `:column` where known.
fn place(path: &Path, line: &Option<u64>, column: &Option<u64>) -> String {
    let mut s = path.display().to_string();
    for n in [line, column].into_iter().flatten() {
        let _ = write!(s, ":{n}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_input_split() {
        let p = Path::new("run/councils.csv");
        let e = ReportError::Malformed {
            path: p.into(),
            line: Some(3),
            column: None,
            why: "column `p_review`: `x` is not a number".into(),
        };
        assert_eq!(
            e.to_string(),
            "error: run/councils.csv:3: column `p_review`: `x` is not a number"
        );
        assert!(e.is_input());
        let e = ReportError::Malformed {
            path: "run/summary.json".into(),
            line: Some(1),
            column: Some(7),
            why: "EOF".into(),
        };
        assert_eq!(e.to_string(), "error: run/summary.json:1:7: EOF");
        assert!(ReportError::unreadable(p, "gone").is_input());
        assert!(ReportError::NotStressFolder("s".into()).is_input());
        let e = ReportError::io("writing x", io::Error::other("disk full"));
        assert_eq!(e.to_string(), "error: writing x: disk full");
        assert!(!e.is_input());
        assert!(!ReportError::Font.is_input());
        let e = ReportError::Draw {
            chart: "sweep".into(),
            why: "bad".into(),
        };
        assert_eq!(e.to_string(), "error: drawing sweep: bad");
        assert!(!e.is_input());
    }
}
