//! `ibcf sensitivity` (in progress).
use crate::cli::SensitivityArgs;
use crate::error::CmdResult;
/// Runs `ibcf sensitivity`.
///
/// # Errors
/// Never yet.
pub fn run(_a: &SensitivityArgs) -> CmdResult {
    Ok(())
}
