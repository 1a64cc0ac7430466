//! `ibcf explain`.

use crate::cli::ScenarioArgs;
use crate::error::{CmdResult, Failure};

/// Runs `ibcf explain`.
///
/// # Errors
/// Input problems (exit 2) or runtime failures (exit 1).
pub fn run(_args: &ScenarioArgs) -> CmdResult {
    Err(Failure::runtime("`ibcf explain` is not implemented yet"))
}
