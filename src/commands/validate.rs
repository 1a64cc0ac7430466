//! `ibcf validate`: load every scenario given, print every problem found.

use crate::cli::ValidateArgs;
use crate::error::{CmdResult, Failure};
use crate::scenario;

/// Runs `ibcf validate`: "ok: FILE: N councils, M criteria, K options" per
/// clean scenario on stdout; all problems of all scenarios on stderr.
///
/// # Errors
/// Exit 2 when any scenario has a problem.
pub fn run(args: &ValidateArgs) -> CmdResult {
    let mut problems = Vec::new();
    let mut total = 0;
    for path in &args.scenarios {
        match scenario::load(path, &args.set) {
            Ok(plan) => {
                for w in &plan.provenance.warnings {
                    eprintln!("{w}");
                }
                super::say(&format!(
                    "ok: {}: {} councils, {} criteria, {} options\n",
                    path.display(),
                    plan.councils.len(),
                    plan.criteria.len(),
                    plan.options.len()
                ))?;
            }
            Err(diags) => {
                total += diags.len();
                problems.extend(diags.items);
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut msg = problems.join("\n");
    msg.push_str(&format!("\n{total} problem(s) found\n"));
    Err(Failure::input(msg))
}
