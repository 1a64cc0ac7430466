//! `ibcf explain`: the scenario in plain English on stdout.

use crate::cli::ScenarioArgs;
use crate::error::{CmdResult, Failure};
use crate::scenario;

/// Runs `ibcf explain`.
///
/// # Errors
/// Exit 2 with every problem when the scenario does not load.
pub fn run(args: &ScenarioArgs) -> CmdResult {
    let plan = scenario::load(&args.scenario, &args.set).map_err(|d| Failure::input(d.render()))?;
    super::say(&crate::explain::describe(&plan))?;
    Ok(())
}
