//! `ibcf import`.

use crate::cli::ImportDtocArgs;
use crate::error::{CmdResult, Failure};

/// Runs `ibcf import`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(_args: &ImportDtocArgs) -> CmdResult {
    Err(Failure::runtime("`ibcf import` is not implemented yet"))
}
