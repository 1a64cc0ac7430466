//! `ibcf run`.

use crate::cli::RunArgs;
use crate::error::{CmdResult, Failure};

/// Runs `ibcf run`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(_args: &RunArgs) -> CmdResult {
    Err(Failure::runtime("`ibcf run` is not implemented yet"))
}
