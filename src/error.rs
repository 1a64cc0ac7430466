//! Top-level failure type: what went wrong, and which exit code it maps to.
//!
//! Exit codes: 0 success, 1 runtime failure (I/O, a run that could not
//! finish), 2 bad input (scenario, data files, command-line values).

use std::fmt;

/// A command's failure, already rendered for a person.
#[derive(Debug)]
pub struct Failure {
    /// 1 runtime, 2 input.
    pub code: u8,
    /// What to print on stderr (may be multi-line, may hold several diagnostics).
    pub message: String,
}

impl Failure {
    /// A problem with what the user gave us (exit 2).
    pub fn input(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }

    /// A problem while doing the work (exit 1).
    pub fn runtime(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Failure {
        Failure::runtime(format!("error: {e}"))
    }
}

/// Result alias for commands.
pub type CmdResult = Result<(), Failure>;
