//! Why a backtest could not finish: something the user can fix (a flag, the
//! `--actual` file, an origin the data cannot support), the model failing
//! on a derived plan, or an output file or chart that could not be written. Only
//! `commands::fail` turns these into exit codes.

use crate::engine::EngineError;
use crate::report::ReportError;
use std::io;

/// A backtest failure; each message is complete (it starts with `error: `).
#[derive(Debug, thiserror::Error)]
pub enum BacktestError {
    /// A flag value: `--at`, `--horizon`, `--trials`, `--threads` (the user's to fix).
    #[error("error: {0}")]
    Flag(String),
    /// The `--actual` file: unreadable, a missing column, a bad row, no
    /// usable row (the user's to fix).
    #[error("error: {0}")]
    Actual(String),
    /// An origin the data cannot support: outside the history, no actual
    /// data after it, no complete council, too short a calibration window
    /// (the user's to fix: choose another origin or pass more data).
    #[error("error: {0}")]
    Origin(String),
    /// The engine's model could not simulate a derived plan (a run failure).
    #[error("error: {0}")]
    Engine(#[from] EngineError),
    /// An output file or folder could not be written (a run failure);
    /// `doing` says what, e.g. `writing backtest.html`.
    #[error("error: {doing}: {source}")]
    Io { doing: String, source: io::Error },
    /// A chart could not be drawn or saved (a run failure); the message is
    /// the report layer's, already complete.
    #[error(transparent)]
    Plot(#[from] ReportError),
}

impl BacktestError {
    /// An I/O failure while `doing` something (`writing X`, `cannot create X`).
    pub fn io(doing: impl Into<String>, source: io::Error) -> BacktestError {
        BacktestError::Io {
            doing: doing.into(),
            source,
        }
    }
}
