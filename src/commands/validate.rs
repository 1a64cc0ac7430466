//! `ibcf validate`.

use crate::cli::ValidateArgs;
use crate::error::{CmdResult, Failure};

/// Runs `ibcf validate`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(_args: &ValidateArgs) -> CmdResult {
    Err(Failure::runtime("`ibcf validate` is not implemented yet"))
}
