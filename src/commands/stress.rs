//! `ibcf stress` (in progress).
use crate::cli::StressArgs;
use crate::error::CmdResult;
/// Runs `ibcf stress`.
///
/// # Errors
/// Never yet.
pub fn run(_a: &StressArgs) -> CmdResult {
    Ok(())
}
