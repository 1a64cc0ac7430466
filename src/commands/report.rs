//! `ibcf report`.

use crate::cli::ReportArgs;
use crate::error::{CmdResult, Failure};

/// Runs `ibcf report`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(_args: &ReportArgs) -> CmdResult {
    Err(Failure::runtime("`ibcf report` is not implemented yet"))
}
