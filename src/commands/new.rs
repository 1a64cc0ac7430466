//! `ibcf new`.

use crate::cli::NewArgs;
use crate::error::{CmdResult, Failure};

/// Runs `ibcf new`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(_args: &NewArgs) -> CmdResult {
    Err(Failure::runtime("`ibcf new` is not implemented yet"))
}
